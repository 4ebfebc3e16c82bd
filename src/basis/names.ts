/**
 * Basis set names as people type them, matched to the bundled library.
 *
 * Names are compared after {@link normalizeBasisName}: letter case, hyphens, underscores and
 * spaces do not matter; `(d)` means `*` and `(d,p)` means `**`; and the Basis Set Exchange file
 * spelling of Pople names (`6-31pgs` = 6-31+G*, `6-311ppgss` = 6-311++G**) is understood. A
 * manifest entry's `aliases` are matched the same way.
 */
import { BasisNotFoundError } from '../errors';
import { elementRanges } from './elements';
import { libraryEntries, type BasisRole, type LibraryEntry } from './library';

/** A bundled basis set as {@link listBasisSets} shows it. */
export interface BasisSetInfo {
  /** Canonical name (`6-31G*`). */
  readonly name: string;
  /** What it is for: `orbital`, or `jkfit` for a density-fitting auxiliary basis. */
  readonly role: BasisRole;
  /** One line: what it is, the elements it covers, spherical or Cartesian, ECP elements. */
  readonly description: string;
  /** Elements with basis functions, in order of atomic number. */
  readonly elements: readonly string[];
  /** Spherical or Cartesian functions by default (the file's header). */
  readonly harmonics: 'spherical' | 'cartesian';
  /** Elements that need an effective core potential with this basis (not supported by roothaan). */
  readonly ecpElements: readonly string[];
}

/**
 * The comparison key of a basis set name: lower case, `(d)` → `*`, `(d,p)` → `**`, without
 * hyphens, underscores, spaces or dots, and Pople file spellings read as names
 * (`6-31ppgss` → `631++g**`).
 *
 * @example
 * ```ts
 * normalizeBasisName('6-311++G(d,p)'); // '6311++g**'
 * normalizeBasisName('cc-pVDZ');       // 'ccpvdz'
 * ```
 */
export function normalizeBasisName(name: string): string {
  let key = name.trim().toLowerCase().replace(/[\s_.-]/g, '');
  key = key.replace(/\(d,p\)$/, '**').replace(/\(d\)$/, '*');
  // BSE file names of Pople sets: p = +, s = * (6-31pgs, 6-311ppgss).
  const pople = /^(\d+)(p*)g(s*)$/.exec(key);
  if (pople) key = `${pople[1]}${'+'.repeat(pople[2]!.length)}g${'*'.repeat(pople[3]!.length)}`;
  return key;
}

/** Options for {@link listBasisSets}. */
export interface ListBasisSetsOptions {
  /** Which sets to list (default `orbital`; `jkfit` lists the density-fitting auxiliary sets). */
  role?: BasisRole;
}

/** The library entries by normalised name and alias, built on first use (reads the manifest). */
let byKey: ReadonlyMap<string, LibraryEntry> | undefined;

function entriesByKey(): ReadonlyMap<string, LibraryEntry> {
  byKey ??= new Map(
    libraryEntries().flatMap((entry) => [entry.name, ...entry.aliases].map((name) => [normalizeBasisName(name), entry] as const)),
  );
  return byKey;
}

/**
 * The library entry a name refers to, or `undefined`. Prefer {@link resolveBasisName}, which
 * throws a helpful error.
 *
 * @example
 * ```ts
 * findLibraryEntry('6-31g(d)')?.file; // '6-31gs.gbs'
 * ```
 */
export function findLibraryEntry(name: string): LibraryEntry | undefined {
  return entriesByKey().get(normalizeBasisName(name));
}

/**
 * The canonical name of a bundled basis set, however it was typed. Throws
 * {@link BasisNotFoundError} with the closest bundled names if there is no such basis set.
 *
 * @example
 * ```ts
 * resolveBasisName('6-31g(d)'); // '6-31G*'
 * resolveBasisName('def2svp');  // 'def2-SVP'
 * ```
 */
export function resolveBasisName(name: string): string {
  const entry = findLibraryEntry(name);
  if (entry === undefined) throw unknownBasisError(name);
  return entry.name;
}

/** A library entry as {@link listBasisSets} shows it. */
function infoOf(entry: LibraryEntry): BasisSetInfo {
  let description = `${entry.summary}; ${elementRanges(entry.elements)}; ${entry.harmonics}`;
  if (entry.ecpElements.length > 0) {
    description += `; ECP (not supported) for ${elementRanges(entry.ecpElements)}`;
  }
  return {
    name: entry.name,
    role: entry.role,
    description,
    elements: entry.elements,
    harmonics: entry.harmonics,
    ecpElements: entry.ecpElements,
  };
}

/**
 * The bundled basis sets with a one-line description each, in library order: the orbital basis
 * sets, or with `{ role: 'jkfit' }` the density-fitting auxiliary sets (which {@link load} also
 * accepts by name, e.g. `cc-pVDZ-JKFIT`).
 *
 * @example
 * ```ts
 * listBasisSets().find((b) => b.name === 'cc-pVDZ')!.description;
 * // 'Dunning correlation-consistent polarised valence double-zeta; H–Ar, Ca–Kr; spherical'
 * listBasisSets({ role: 'jkfit' })[0]!.name; // 'cc-pVDZ-JKFIT'
 * ```
 */
export function listBasisSets(options: ListBasisSetsOptions = {}): BasisSetInfo[] {
  const role = options.role ?? 'orbital';
  return libraryEntries()
    .filter((entry) => entry.role === role)
    .map(infoOf);
}

/**
 * The {@link listBasisSets} entry of one bundled basis set (of any role), however its name is
 * typed. Throws {@link BasisNotFoundError} (with suggestions) for an unknown name.
 *
 * @example
 * ```ts
 * basisInfo('6-31g(d)').harmonics; // 'cartesian'
 * basisInfo('cc-pvdz-jkfit').role; // 'jkfit'
 * ```
 */
export function basisInfo(name: string): BasisSetInfo {
  const entry = findLibraryEntry(name);
  if (entry === undefined) throw unknownBasisError(name);
  return infoOf(entry);
}

/**
 * Up to `count` bundled names (of any role) closest to `name` by edit distance between
 * normalised names (only those within a few edits; ties in library order).
 *
 * @example
 * ```ts
 * suggestBasisNames('cc-pvdzz'); // ['cc-pVDZ', …]
 * ```
 */
export function suggestBasisNames(name: string, count = 3): string[] {
  const key = normalizeBasisName(name);
  const limit = Math.max(2, Math.ceil(key.length / 3));
  return libraryEntries().map((entry) => ({ name: entry.name, distance: editDistance(key, normalizeBasisName(entry.name)) }))
    .filter((c) => c.distance <= limit)
    .sort((a, b) => a.distance - b.distance)
    .slice(0, count)
    .map((c) => c.name);
}

/** The error for a name that is not in the library, with suggestions. */
function unknownBasisError(name: string): BasisNotFoundError {
  const close = suggestBasisNames(name);
  const hint = close.length > 0 ? ` Did you mean ${close.join(', ')}?` : '';
  return new BasisNotFoundError(
    `unknown basis set "${name}".${hint} listBasisSets() (or \`roothaan basis list\`) shows the bundled ones; ` +
      `you can also pass the text of a Gaussian94 (.gbs) file.`,
  );
}

/**
 * Levenshtein distance: the fewest single-character insertions, deletions and substitutions
 * turning `a` into `b` (Wagner–Fischer dynamic programme, one row kept).
 *
 * @example
 * ```ts
 * editDistance('ccpvdz', 'ccpvtz'); // 1
 * ```
 */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
