/**
 * Putting a basis set on a molecule: from a bundled name or a user's Gaussian94 text to the flat
 * {@link BasisSet} the integral code reads.
 */
import { BasisNotFoundError, InvalidInputError } from '../errors';
import { basisFromShells, type BasisSet } from './basis-set';
import { elementRanges, canonicalSymbol } from './elements';
import { elementByZ } from '../geometry';
import { parseGaussian94, type ContractedShell, type Gaussian94Basis } from './gaussian94';
import { libraryText } from './library';
import { findLibraryEntry, resolveBasisName } from './names';
import { normalizeContraction } from './normalization';

/**
 * What `load` needs of a molecule: its atoms in order, each with a symbol, an atomic number and
 * a position in bohr. The geometry module's `Molecule` has this shape.
 */
export interface MoleculeLike {
  readonly atoms: ReadonlyArray<{
    readonly symbol: string;
    /** Nuclear charge; 0 for a ghost atom, whose element is then `symbol`. */
    readonly Z: number;
    /** Position in bohr. */
    readonly position: readonly [number, number, number];
    /** A ghost atom: basis functions of element `symbol`, no nucleus. */
    readonly ghost?: boolean;
  }>;
}

/** Options for {@link load}. */
export interface LoadOptions {
  /**
   * Spherical (true) or Cartesian (false) functions for every shell. By default the basis
   * file's header decides (spherical if it has none), as in Psi4.
   */
  pure?: boolean;
  /**
   * Name to give a user's basis text (default: the file name, else `custom`). A bundled basis is
   * always named canonically (`cc-pvdz` → `cc-pVDZ`), whatever this says.
   */
  name?: string;
  /** File name of a user's basis text, for error messages. */
  filename?: string;
}

/** One shell of an element, with coefficients normalised as in {@link BasisSet}. */
export interface ElementShell {
  /** Angular momentum (0 = s, 1 = p, …). */
  readonly L: number;
  /** Primitive exponents α in bohr⁻². */
  readonly exponents: readonly number[];
  /** Contraction coefficients including primitive normalisation (Psi4's convention). */
  readonly coefficients: readonly number[];
  /** Contraction coefficients as written in the basis file (before normalisation). */
  readonly fileCoefficients: readonly number[];
}

/** The basis functions of one element, for guesses and per-element work. */
export interface ElementBasis {
  /** The basis set's name. */
  readonly basis: string;
  /** Conventional element symbol. */
  readonly symbol: string;
  /** Whether the file's header asks for spherical functions (spherical if it has none). */
  readonly pure: boolean;
  /** Shells in file order, an SP shell split into S then P. */
  readonly shells: readonly ElementShell[];
}

/** Parsed bundled basis sets, parsed on first use. */
const parsedLibrary = new Map<string, Gaussian94Basis>();

/** Whether a string is the text of a basis file rather than a name. */
function isBasisText(nameOrText: string): boolean {
  return nameOrText.includes('\n') && nameOrText.includes('****');
}

/** A name or a text, parsed, with the name to report. */
function parseSource(nameOrText: string, options: LoadOptions): { name: string; parsed: Gaussian94Basis } {
  if (isBasisText(nameOrText)) {
    const parseOptions = options.filename === undefined ? {} : { filename: options.filename };
    return { name: options.name ?? options.filename ?? 'custom', parsed: parseGaussian94(nameOrText, parseOptions) };
  }
  const name = resolveBasisName(nameOrText);
  let parsed = parsedLibrary.get(name);
  if (parsed === undefined) {
    const entry = findLibraryEntry(name)!;
    parsed = parseGaussian94(libraryText(entry), { filename: entry.file });
    parsedLibrary.set(name, parsed);
  }
  return { name, parsed };
}

/** The element's shells, or a clear error if the basis has an ECP for it or does not cover it. */
function elementShells(name: string, parsed: Gaussian94Basis, symbol: string, atomIndex?: number, ghost = false): readonly ContractedShell[] {
  const where = atomIndex === undefined ? '' : ` (atom ${atomIndex + 1}, counting from 1${ghost ? ', a ghost atom' : ''})`;
  const ecp = parsed.ecp.get(symbol);
  if (ecp !== undefined) {
    throw new InvalidInputError(
      `${name} uses an effective core potential for ${symbol}${where}; ECPs are not supported. ` +
        `Choose an all-electron basis set for this molecule.`,
    );
  }
  const shells = parsed.elements.get(symbol);
  if (shells === undefined) {
    throw new BasisNotFoundError(
      `the basis set ${name} has no functions for ${symbol}${where}; ` +
        `it covers ${elementRanges(parsed.elements.keys())}.`,
    );
  }
  return shells;
}

/** The conventional symbol of an atom: from Z when it is a known element, else its symbol. */
function atomSymbol(atom: MoleculeLike['atoms'][number], index: number): string {
  const symbol = elementByZ(atom.Z)?.symbol ?? canonicalSymbol(atom.symbol);
  if (symbol === undefined || symbol === '') {
    throw new InvalidInputError(`atom ${index + 1} has unknown element "${atom.symbol}" (Z = ${atom.Z})`);
  }
  return symbol;
}

/**
 * Whether a basis set's file asks for spherical functions (its header; spherical if it has
 * none): the choice {@link load} makes when `pure` is not given.
 *
 * @param nameOrText - basis set name or Gaussian94 text
 * @example
 * ```ts
 * basisHeaderPure('cc-pVDZ'); // true
 * basisHeaderPure('6-31G*');  // false
 * ```
 */
export function basisHeaderPure(nameOrText: string, options: Omit<LoadOptions, 'pure'> = {}): boolean {
  return parseSource(nameOrText, options).parsed.pure;
}

/**
 * Places a basis set on a molecule and returns the flat {@link BasisSet}.
 *
 * `nameOrText` is a bundled name in any common spelling (`cc-pVDZ`, `6-31g(d)`, `def2svp`; a
 * density-fitting set such as `cc-pVDZ-JKFIT` too) or the text of a Gaussian94 file (recognised
 * by a newline and `****`). A bundled basis file is read on its first use and kept. Shells
 * follow the atoms in order and, within an atom, the file's order; coefficients are normalised
 * as described in `basis-set.ts` (Psi4's convention). Throws {@link BasisNotFoundError} for an
 * unknown name or an element the basis does not cover, and {@link InvalidInputError} for an
 * element that needs an effective core potential or a malformed file.
 *
 * @param nameOrText - basis set name or Gaussian94 text
 * @param molecule - atoms with positions in bohr
 * @param options - `pure` overrides the file's spherical/Cartesian choice
 * @example
 * ```ts
 * const water = { atoms: [
 *   { symbol: 'O', Z: 8, position: [0, -0.1432, 0] },
 *   { symbol: 'H', Z: 1, position: [1.6380, 1.1365, 0] },
 *   { symbol: 'H', Z: 1, position: [-1.6380, 1.1365, 0] },
 * ] } as const;
 * load('cc-pVDZ', water).nbf;                  // 24
 * load('cc-pVDZ', water, { pure: false }).nbf; // 25
 * load('6-31G*', water).nbf;                   // 19 (the file says cartesian)
 * ```
 */
export function load(nameOrText: string, molecule: MoleculeLike, options: LoadOptions = {}): BasisSet {
  if (molecule.atoms.length === 0) return basisFromShells(parseSource(nameOrText, options).name, []);
  return loadPerAtom(molecule.atoms.map(() => nameOrText), molecule, options);
}

/**
 * Places one basis set per atom on a molecule (a per-atom assignment, as Psi4's basis blocks and
 * PySCF's basis dictionaries give) and returns the flat {@link BasisSet}. `choices[i]` is atom
 * i's basis, a bundled name or Gaussian94 text as for {@link load}. Shells follow the atoms in
 * order and, within an atom, its basis file's order, exactly as {@link load} (which is this with
 * the same choice for every atom). One spherical/Cartesian choice applies to every shell:
 * `options.pure`, else the header of the first atom's basis file (see `basis/assignment.ts`
 * for how the library's callers pick that first file). The basis set is named after its sets in
 * order of first use, joined by ` + ` (Psi4 joins its names so). Throws as {@link load}.
 *
 * @param choices - one basis name (or text) per atom, in the molecule's order
 * @param molecule - atoms with positions in bohr
 * @param options - `pure` overrides the first file's spherical/Cartesian choice
 * @example
 * ```ts
 * loadPerAtom(['cc-pVDZ', 'STO-3G', 'STO-3G'], water).nbf; // 16 (14 on O, 1 on each H)
 * ```
 */
export function loadPerAtom(choices: readonly string[], molecule: MoleculeLike, options: LoadOptions = {}): BasisSet {
  if (choices.length !== molecule.atoms.length) {
    throw new InvalidInputError(`${choices.length} basis choices for ${molecule.atoms.length} atoms; give one per atom`, { field: 'basis' });
  }
  const sources = new Map<string, { name: string; parsed: Gaussian94Basis }>();
  const sourceOf = (choice: string): { name: string; parsed: Gaussian94Basis } => {
    let source = sources.get(choice);
    if (source === undefined) {
      source = parseSource(choice, options);
      sources.set(choice, source);
    }
    return source;
  };
  const pure = options.pure ?? (choices.length > 0 ? sourceOf(choices[0]!).parsed.pure : true);

  // Gather the shells of every atom first, so errors come before any allocation.
  const placed: Array<{ atom: number; shell: ContractedShell }> = [];
  molecule.atoms.forEach((atom, index) => {
    const { name, parsed } = sourceOf(choices[index]!);
    for (const shell of elementShells(name, parsed, atomSymbol(atom, index), index, atom.ghost === true)) placed.push({ atom: index, shell });
  });
  const names = [...new Set(choices.map((c) => sourceOf(c).name))];

  return basisFromShells(
    names.join(' + '),
    placed.map(({ atom, shell }) => ({
      atom,
      center: molecule.atoms[atom]!.position,
      L: shell.L,
      pure,
      exponents: shell.exponents,
      coefficients: normalizeContraction(shell.exponents, shell.coefficients, shell.L),
    })),
  );
}

/**
 * The normalised shells a basis set gives one element, e.g. for an atomic guess. Accepts a
 * bundled name or Gaussian94 text like {@link load}, and throws the same errors.
 *
 * @example
 * ```ts
 * basisForElement('cc-pVDZ', 'O').shells.map((s) => s.L); // [0, 0, 0, 1, 1, 2]
 * ```
 */
export function basisForElement(nameOrText: string, symbol: string, options: Omit<LoadOptions, 'pure'> = {}): ElementBasis {
  const { name, parsed } = parseSource(nameOrText, options);
  const element = canonicalSymbol(symbol);
  if (element === undefined) throw new InvalidInputError(`"${symbol}" is not an element symbol`);
  const shells = elementShells(name, parsed, element).map((shell) => ({
    L: shell.L,
    exponents: shell.exponents,
    coefficients: normalizeContraction(shell.exponents, shell.coefficients, shell.L),
    fileCoefficients: shell.coefficients,
  }));
  return { basis: name, symbol: element, pure: parsed.pure, shells };
}
