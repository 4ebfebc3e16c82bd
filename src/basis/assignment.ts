/**
 * Per-atom basis sets: a default basis (the `basis_set` parameter) with per-element and per-atom
 * overrides (the `basis_assign` parameter, `--basis-for` on the command line), as Psi4's basis
 * blocks (`assign cc-pvdz` / `assign H sto-3g`) and PySCF's basis dictionaries
 * (`mol.basis = {'default': 'cc-pvdz', 'H': 'sto-3g'}`) give.
 *
 * ## The assignment
 * One flat object, PySCF-style: each key is an element symbol (`H`, any letter case) or an atom
 * number counting from 1 in the geometry's order (`3`, as Psi4 and the CLI's `--ghost` count),
 * each value a bundled basis name in any common spelling. Precedence: atom > element > default.
 * An element the molecule lacks is ignored (as in Psi4 and PySCF); an atom number beyond the
 * molecule is an error. A ghost atom takes the basis of its element like any other atom.
 *
 * ## Spherical or Cartesian
 * One choice applies to every shell, as in Psi4 (its `puream`) and PySCF (`mol.cart`): the
 * `puream` parameter when set, else the header of the default basis's file. (Psi4, with
 * `puream` unset, takes the header of the file that supplied its last atom's shells; the two
 * agree whenever the files' headers agree.) So cc-pVDZ with `H: 6-31G*` is spherical throughout.
 *
 * @packageDocumentation
 */
import { BasisNotFoundError, InvalidInputError, RoothaanError, type ErrorLocation } from '../errors';
import { elementByZ } from '../geometry';
import type { BasisSet } from './basis-set';
import { canonicalSymbol } from './elements';
import { basisForElement, basisHeaderPure, loadPerAtom, type LoadOptions, type MoleculeLike } from './load';
import { resolveBasisName } from './names';

/**
 * Per-element and per-atom basis sets over a default: keys are element symbols (`'H'`) or atom
 * numbers from 1 (`'3'`), values bundled basis names (canonical after
 * {@link parseBasisAssignment}). Precedence: atom > element > default.
 *
 * @example
 * ```ts
 * const assign: BasisAssignment = { H: 'STO-3G', '3': '6-31G*' };
 * ```
 */
export type BasisAssignment = Readonly<Record<string, string>>;

/** The key as stored: an atom number from 1 as digits, or the element's conventional symbol. */
function assignmentKey(key: string, at: (key: string) => ErrorLocation): string {
  const trimmed = key.trim();
  if (/^\d+$/.test(trimmed)) {
    const n = Number(trimmed);
    if (n < 1) throw new InvalidInputError(`atom ${trimmed} does not exist: atoms count from 1`, at(trimmed));
    return String(n);
  }
  const symbol = canonicalSymbol(trimmed);
  if (symbol === undefined) {
    throw new InvalidInputError(`"${key}" is neither an element symbol (H, Cl) nor an atom number counting from 1`, at(key));
  }
  return symbol;
}

/**
 * Checks a basis assignment and returns it frozen, with element symbols in their conventional
 * case and every basis name canonical (`sto-3g` → `STO-3G`). Accepts the JSON object
 * `{"H": "sto-3g", "3": "6-31G*"}`, or the command line's list of `KEY=BASIS` strings (one per
 * `--basis-for`). Errors are an {@link InvalidInputError} (or a {@link BasisNotFoundError} for an
 * unknown name) at `location`; in a parameters file the field is the entry (`basis_assign.H`).
 *
 * @param value - the parameter's value
 * @param location - where it came from (`{ file, field: 'basis_assign' }`, or `{ field: '--basis-for' }`)
 * @example
 * ```ts
 * parseBasisAssignment({ h: 'sto-3g', 3: '6-31g(d)' }, { field: 'basis_assign' }); // { H: 'STO-3G', '3': '6-31G*' }
 * parseBasisAssignment(['H=sto-3g'], { field: '--basis-for' });                 // { H: 'STO-3G' }
 * ```
 */
export function parseBasisAssignment(value: unknown, location: ErrorLocation): BasisAssignment {
  const flag = location.field?.startsWith('--') === true;
  const at = (key: string): ErrorLocation => (flag ? location : { ...location, field: `${location.field ?? 'basis_assign'}.${key}` });
  let entries: [string, unknown][];
  if (typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'))) {
    entries = (typeof value === 'string' ? [value] : (value as string[])).map((text) => {
      const eq = text.indexOf('=');
      if (eq <= 0 || eq === text.length - 1) {
        throw new InvalidInputError(`"${text}" is not KEY=BASIS (an element symbol or atom number from 1, e.g. H=sto-3g or 3=6-31G*)`, location);
      }
      return [text.slice(0, eq), text.slice(eq + 1).trim()];
    });
  } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    entries = Object.entries(value as Record<string, unknown>);
  } else {
    throw new InvalidInputError('must be an object of element symbols or atom numbers (from 1) to basis names, e.g. {"H": "sto-3g", "3": "6-31G*"}', location);
  }
  const out: Record<string, string> = {};
  for (const [rawKey, name] of entries) {
    const key = assignmentKey(rawKey, at);
    if (typeof name !== 'string' || name.trim() === '') {
      throw new InvalidInputError(`the basis for ${rawKey} must be a bundled basis set's name`, at(rawKey));
    }
    if (out[key] !== undefined) throw new InvalidInputError(`${key} is assigned twice`, at(rawKey));
    try {
      out[key] = resolveBasisName(name.trim());
    } catch (e) {
      if (e instanceof RoothaanError) throw new BasisNotFoundError(flag ? `${rawKey}=${name}: ${e.message}` : e.message, at(rawKey));
      throw e;
    }
  }
  return Object.freeze(out);
}

/** An atom's element symbol: from Z for a real atom, from its symbol for a ghost. */
function elementOf(atom: MoleculeLike['atoms'][number]): string {
  return elementByZ(atom.Z)?.symbol ?? canonicalSymbol(atom.symbol) ?? atom.symbol;
}

/** Which basis set an atom gets and which entry chose it (`'3'`, `'H'`, or undefined for the default). */
export interface AtomBasisChoice {
  /** The basis set (the default's name or text as given, or the assignment's canonical name). */
  readonly basis: string;
  /** The assignment key that chose it; undefined when the default did. */
  readonly key?: string;
}

/**
 * The basis set of every atom under an assignment (atom > element > default). An atom number
 * beyond the molecule is an {@link InvalidInputError} naming `field.N`.
 *
 * @param defaultBasis - the default (bundled name or Gaussian94 text)
 * @param assignment - per-element and per-atom overrides (see {@link parseBasisAssignment})
 * @param molecule - the atoms
 * @param field - the field to name in errors (default `basis_assign`)
 * @example
 * ```ts
 * atomBasisChoices('cc-pVDZ', { H: 'STO-3G', '3': '6-31G*' }, water).map((c) => c.basis); // ['cc-pVDZ', 'STO-3G', '6-31G*']
 * ```
 */
export function atomBasisChoices(defaultBasis: string, assignment: BasisAssignment | undefined, molecule: MoleculeLike, field = 'basis_assign'): AtomBasisChoice[] {
  const n = molecule.atoms.length;
  for (const key of Object.keys(assignment ?? {})) {
    if (/^\d+$/.test(key) && Number(key) > n) {
      throw new InvalidInputError(`atom ${key} does not exist: the molecule has ${n} atoms (counting from 1)`, { field: field.startsWith('--') ? field : `${field}.${key}` });
    }
  }
  return molecule.atoms.map((atom, i) => {
    const byAtom = assignment?.[String(i + 1)];
    if (byAtom !== undefined) return { basis: byAtom, key: String(i + 1) };
    const element = elementOf(atom);
    const byElement = assignment?.[element];
    return byElement !== undefined ? { basis: byElement, key: element } : { basis: defaultBasis };
  });
}

/** Options of {@link loadAssigned}: those of `load`, and the fields to name in errors. */
export interface LoadAssignedOptions extends LoadOptions {
  /** The field of the assignment (default `basis_assign`; the CLI's `--basis-for`). */
  assignField?: string;
  /** The field of the default (default `basis_set`; the CLI's `--basis`). */
  defaultField?: string;
}

/**
 * Places a default basis with per-element and per-atom overrides on a molecule: the flat
 * {@link BasisSet} with shells in atom order as always, one spherical/Cartesian choice for all
 * (`pure`, else the default file's header; see the module notes). Without an assignment this is
 * `load(defaultBasis, molecule, options)` exactly. An element an atom's basis does not cover is
 * a {@link BasisNotFoundError} naming the entry that chose it (`basis_assign.H`, or `basis_set`).
 *
 * @param defaultBasis - the default (bundled name or Gaussian94 text)
 * @param assignment - overrides (see {@link parseBasisAssignment}); undefined for none
 * @param molecule - atoms with positions in bohr
 * @param options - `pure` and the fields for messages
 * @example
 * ```ts
 * loadAssigned('cc-pVDZ', { H: 'STO-3G' }, water).nbf; // 16
 * loadAssigned('cc-pVDZ', { H: 'STO-3G' }, water).name; // 'cc-pVDZ + STO-3G'
 * ```
 */
export function loadAssigned(defaultBasis: string, assignment: BasisAssignment | undefined, molecule: MoleculeLike, options: LoadAssignedOptions = {}): BasisSet {
  const { assignField = 'basis_assign', defaultField = 'basis_set', ...loadOptions } = options;
  const choices = atomBasisChoices(defaultBasis, assignment, molecule, assignField);
  // Each override must cover its atoms' elements; say which entry chose the set that does not.
  choices.forEach((choice, i) => {
    if (choice.key === undefined) return;
    const symbol = elementOf(molecule.atoms[i]!);
    try {
      basisForElement(choice.basis, symbol);
    } catch (e) {
      if (!(e instanceof RoothaanError)) throw e;
      const field = assignField.startsWith('--') ? assignField : `${assignField}.${choice.key}`;
      throw new BasisNotFoundError(e.message.replace(`for ${symbol}`, `for ${symbol} (atom ${i + 1}, counting from 1)`), { field });
    }
  });
  const pure = loadOptions.pure ?? basisHeaderPure(defaultBasis, loadOptions);
  try {
    return loadPerAtom(choices.map((c) => c.basis), molecule, { ...loadOptions, pure });
  } catch (e) {
    // What remains are the default's errors (an element it lacks, an ECP): name its field.
    if (e instanceof BasisNotFoundError && e.location?.field === undefined && assignment !== undefined) {
      throw new BasisNotFoundError(e.message, { field: defaultField });
    }
    throw e;
  }
}
