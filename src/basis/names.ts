/**
 * Basis set names as people type them, matched to the bundled library.
 *
 * Names are compared after {@link normalizeBasisName}: letter case, hyphens, underscores and
 * spaces do not matter; `(d)` means `*` and `(d,p)` means `**`; and the Basis Set Exchange file
 * spelling of Pople names (`6-31pgs` = 6-31+G*, `6-311ppgss` = 6-311++G**) is understood.
 */
import { BasisNotFoundError } from '../errors';
import { elementRanges } from './elements';
import type { LibraryEntry } from './library-entry';
import { LIBRARY } from './library/manifest';

/** A bundled basis set as {@link listBasisSets} shows it. */
export interface BasisSetInfo {
  /** Canonical name (`6-31G*`). */
  readonly name: string;
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

/** The library entry for a normalised key, built once. */
const BY_KEY: ReadonlyMap<string, LibraryEntry> = new Map(LIBRARY.map((entry) => [normalizeBasisName(entry.name), entry]));

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
  return BY_KEY.get(normalizeBasisName(name));
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

/**
 * The bundled basis sets with a one-line description each, in library order.
 *
 * @example
 * ```ts
 * listBasisSets().find((b) => b.name === 'cc-pVDZ')!.description;
 * // 'Dunning correlation-consistent polarised valence double-zeta; H–Ar, Ca–Kr; spherical'
 * ```
 */
export function listBasisSets(): BasisSetInfo[] {
  return LIBRARY.map((entry) => {
    let description = `${entry.summary}; ${elementRanges(entry.elements)}; ${entry.harmonics}`;
    if (entry.ecpElements.length > 0) {
      description += `; ECP (not supported) for ${elementRanges(entry.ecpElements)}`;
    }
    return {
      name: entry.name,
      description,
      elements: entry.elements,
      harmonics: entry.harmonics,
      ecpElements: entry.ecpElements,
    };
  });
}

/**
 * The {@link listBasisSets} entry of one bundled basis set, however its name is typed. Throws
 * {@link BasisNotFoundError} (with suggestions) for an unknown name.
 *
 * @example
 * ```ts
 * basisInfo('6-31g(d)').harmonics; // 'cartesian'
 * ```
 */
export function basisInfo(name: string): BasisSetInfo {
  const canonical = resolveBasisName(name);
  return listBasisSets().find((info) => info.name === canonical)!;
}

/**
 * Up to `count` bundled names closest to `name` by edit distance between normalised names
 * (only those within a few edits).
 *
 * @example
 * ```ts
 * suggestBasisNames('cc-pvdzz'); // ['cc-pVDZ', …]
 * ```
 */
export function suggestBasisNames(name: string, count = 3): string[] {
  const key = normalizeBasisName(name);
  const limit = Math.max(2, Math.ceil(key.length / 3));
  return LIBRARY.map((entry) => ({ name: entry.name, distance: editDistance(key, normalizeBasisName(entry.name)) }))
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
