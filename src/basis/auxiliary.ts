/**
 * The auxiliary (JKFIT) basis of density-fitted SCF: Psi4 1.3.2's default per orbital basis,
 * its per-element fallback, and loading it on a molecule.
 *
 * @packageDocumentation
 */
import { BasisNotFoundError, RoothaanError } from '../errors';
import { basisFromShells, type BasisSet, type PlacedShell } from './basis-set';
import { basisForElement, type MoleculeLike } from './load';
import { findLibraryEntry, resolveBasisName } from './names';
import { elementByZ } from '../geometry';

/**
 * The JKFIT set Psi4 1.3.2 picks for each bundled orbital basis when `df_basis_scf` is not set
 * (Psi4's `basislistother.py`; the first six read from Psi4's output, see
 * test/reference/README.md). Keys and values are roothaan's canonical names.
 *
 * @example
 * ```ts
 * PSI4_DEFAULT_JKFIT['6-31G*']; // 'cc-pVDZ-JKFIT'
 * ```
 */
export const PSI4_DEFAULT_JKFIT: Readonly<Record<string, string>> = Object.freeze({
  'STO-3G': 'def2-SVP-JKFIT',
  '3-21G': 'def2-SVP-JKFIT',
  '6-31G': 'cc-pVDZ-JKFIT',
  '6-31G*': 'cc-pVDZ-JKFIT',
  '6-31G**': 'cc-pVDZ-JKFIT',
  '6-31+G*': 'heavy-aug-cc-pVDZ-JKFIT',
  '6-31+G**': 'heavy-aug-cc-pVDZ-JKFIT',
  '6-31++G**': 'aug-cc-pVDZ-JKFIT',
  '6-311G': 'cc-pVTZ-JKFIT',
  '6-311G**': 'cc-pVTZ-JKFIT',
  '6-311+G*': 'heavy-aug-cc-pVTZ-JKFIT',
  '6-311+G**': 'heavy-aug-cc-pVTZ-JKFIT',
  '6-311++G**': 'aug-cc-pVTZ-JKFIT',
  'cc-pVDZ': 'cc-pVDZ-JKFIT',
  'cc-pVTZ': 'cc-pVTZ-JKFIT',
  'cc-pVQZ': 'cc-pVQZ-JKFIT',
  'aug-cc-pVDZ': 'aug-cc-pVDZ-JKFIT',
  'aug-cc-pVTZ': 'aug-cc-pVTZ-JKFIT',
  'def2-SVP': 'def2-SVP-JKFIT',
  'def2-SVPD': 'def2-SVP-JKFIT',
  'pcseg-1': 'def2-SVP-JKFIT',
  'def2-TZVP': 'def2-TZVP-JKFIT',
  'def2-TZVPP': 'def2-TZVPP-JKFIT',
  'def2-QZVP': 'def2-QZVP-JKFIT',
});

/**
 * What Psi4 1.3.2 calls def2-universal-jkfit: the file def2-qzvpp-jkfit.gbs. Elements missing from
 * the default fitting set (and every element of an orbital basis with no entry in
 * {@link PSI4_DEFAULT_JKFIT}) take their functions from it.
 *
 * @example
 * ```ts
 * UNIVERSAL_JKFIT; // 'def2-QZVPP-JKFIT'
 * ```
 */
export const UNIVERSAL_JKFIT = 'def2-QZVPP-JKFIT';

/**
 * The default JKFIT set of an orbital basis, as Psi4 1.3.2 chooses it ({@link PSI4_DEFAULT_JKFIT},
 * else {@link UNIVERSAL_JKFIT}).
 *
 * @param orbital the orbital basis's name in any spelling (`6-31g(d)`), or Gaussian94 text
 * @example
 * ```ts
 * defaultJkfitBasis('cc-pvdz'); // 'cc-pVDZ-JKFIT'
 * defaultJkfitBasis('STO-3G');  // 'def2-SVP-JKFIT'
 * ```
 */
export function defaultJkfitBasis(orbital: string): string {
  const entry = findLibraryEntry(orbital);
  return (entry !== undefined ? PSI4_DEFAULT_JKFIT[entry.name] : undefined) ?? UNIVERSAL_JKFIT;
}

/**
 * An auxiliary basis on a molecule and where its functions came from.
 *
 * @example
 * ```ts
 * const aux = loadAuxiliaryBasis(water, { orbital: 'cc-pVDZ', pure: true });
 * aux.name;        // 'cc-pVDZ-JKFIT'
 * aux.basis.nbf;   // 116 (naux)
 * ```
 */
export interface AuxiliaryBasis {
  readonly basis: BasisSet;
  /** The set asked for (`df_basis_scf`) or chosen by default. */
  readonly name: string;
  /** True when `name` is the default for the orbital basis (no `df_basis_scf` given). */
  readonly isDefault: boolean;
  /** For each element symbol of the molecule, the set its functions came from. */
  readonly elementSets: Readonly<Record<string, string>>;
}

/**
 * Options of {@link loadAuxiliaryBasis}.
 *
 * @example
 * ```ts
 * const options: AuxiliaryBasisOptions = { orbital: '6-31G*', pure: false, dfBasisScf: 'cc-pVDZ-JKFIT' };
 * ```
 */
export interface AuxiliaryBasisOptions {
  /** The orbital basis (name or Gaussian94 text). */
  readonly orbital: string;
  /**
   * Spherical or Cartesian auxiliary functions: pass the orbital basis's choice, as Psi4 does
   * (its auxiliary sets take the orbital basis's puream whatever their own header says).
   */
  readonly pure: boolean;
  /** An explicit auxiliary set (bundled name or Gaussian94 text); default: {@link defaultJkfitBasis}. */
  readonly dfBasisScf?: string;
  /** The field to name in errors (default `'df_basis_scf'`). */
  readonly field?: string;
}

/**
 * Places the auxiliary basis on a molecule: the explicit `dfBasisScf`, or Psi4's default for the
 * orbital basis with {@link UNIVERSAL_JKFIT} for elements the default lacks (Psi4 1.3.2's
 * rule). An unknown name, or an element missing from an explicit set, is a
 * {@link BasisNotFoundError} that names the field (`df_basis_scf`).
 *
 * @param molecule atoms with positions in bohr
 * @param options orbital basis, puream, explicit set
 * @example
 * ```ts
 * loadAuxiliaryBasis(water, { orbital: '6-31G*', pure: false }).basis.nbf; // 131 (Cartesian cc-pVDZ-JKFIT)
 * ```
 */
export function loadAuxiliaryBasis(molecule: MoleculeLike, options: AuxiliaryBasisOptions): AuxiliaryBasis {
  const field = options.field ?? 'df_basis_scf';
  const explicit = options.dfBasisScf;
  let name: string;
  try {
    name = explicit === undefined ? defaultJkfitBasis(options.orbital) : explicit.includes('\n') ? explicit : resolveBasisName(explicit);
  } catch (e) {
    if (e instanceof RoothaanError) throw new BasisNotFoundError(e.message, { field });
    throw e;
  }
  const displayName = name.includes('\n') ? 'custom' : name;
  const elementSets: Record<string, string> = {};
  const shells: PlacedShell[] = [];
  molecule.atoms.forEach((atom, index) => {
    const symbol = elementByZ(atom.Z)?.symbol ?? atom.symbol;
    let set = name;
    let element;
    try {
      element = basisForElement(set, symbol);
    } catch (e) {
      if (!(e instanceof BasisNotFoundError)) throw e;
      if (explicit !== undefined) {
        throw new BasisNotFoundError(`the auxiliary basis ${displayName} has no functions for ${symbol} (atom ${index + 1}, counting from 1); choose another df_basis_scf or leave it unset`, { field });
      }
      set = UNIVERSAL_JKFIT;
      try {
        element = basisForElement(set, symbol);
      } catch {
        throw new BasisNotFoundError(`neither ${displayName} nor ${UNIVERSAL_JKFIT} has fitting functions for ${symbol} (atom ${index + 1}, counting from 1); set df_basis_scf to a set that covers it`, { field });
      }
    }
    elementSets[symbol] = set.includes('\n') ? 'custom' : set;
    for (const s of element.shells) {
      shells.push({ atom: index, center: atom.position, L: s.L, pure: options.pure, exponents: s.exponents, coefficients: s.coefficients });
    }
  });
  return { basis: basisFromShells(displayName, shells), name: displayName, isDefault: explicit === undefined, elementSets };
}
