/**
 * A basis set placed on a molecule, as a QCSchema BasisSet (`schema_name: "qcschema_basis"`):
 * one center per element, its shells with the exponents and the contraction coefficients as the
 * basis file writes them (QCSchema, like the Basis Set Exchange, stores unnormalised
 * coefficients), and an atom map.
 *
 * Reference: MolSSI QCSchema, https://molssi-qc-schema.readthedocs.io (BasisSet); qcelemental
 * 0.25 `qcelemental.models.BasisSet`.
 *
 * @packageDocumentation
 */
import * as basis from '../../basis';
import type * as geometry from '../../geometry';

/**
 * One shell of a QCSchema BasisSet (a segmented contraction: one row of coefficients).
 *
 * @example
 * ```ts
 * const shell: QcschemaElectronShell = { angular_momentum: [0], harmonic_type: 'spherical', exponents: [3.42525091, 0.62391373, 0.1688554], coefficients: [[0.15432897, 0.53532814, 0.44463454]] };
 * ```
 */
export interface QcschemaElectronShell {
  readonly angular_momentum: number[];
  readonly harmonic_type: 'spherical' | 'cartesian';
  /** Exponents in bohr⁻². */
  readonly exponents: number[];
  /** Contraction coefficients as in the basis file, one row. */
  readonly coefficients: number[][];
}

/**
 * A QCSchema BasisSet.
 *
 * @example
 * ```ts
 * const b: QcschemaBasisSet = toQcschemaBasis('STO-3G', water);
 * b.nbf; // 7
 * ```
 */
export interface QcschemaBasisSet {
  readonly schema_name: 'qcschema_basis';
  readonly schema_version: 1;
  readonly name: string;
  readonly description: string;
  /** One entry per element, keyed `<basis>_<symbol>`. */
  readonly center_data: Record<string, { electron_shells: QcschemaElectronShell[] }>;
  /** The center_data key of each atom, in the molecule's order. */
  readonly atom_map: string[];
  /** Number of basis functions (qcelemental checks it against the shells). */
  readonly nbf: number;
}

/**
 * The QCSchema BasisSet of a basis (a bundled name or Gaussian94 text) on a molecule.
 *
 * @param nameOrText the basis set, as `basis.load` takes it.
 * @param pure spherical (true) or Cartesian (false) d, f, … functions; default the basis file's.
 * @example
 * ```ts
 * toQcschemaBasis('cc-pVDZ', water).nbf; // 24
 * ```
 */
export function toQcschemaBasis(nameOrText: string, molecule: geometry.Molecule, pure?: boolean): QcschemaBasisSet {
  const loaded = basis.load(nameOrText, molecule, pure !== undefined ? { pure } : {});
  const centerData: Record<string, { electron_shells: QcschemaElectronShell[] }> = {};
  const atomMap: string[] = [];
  let nbf = 0;
  for (const atom of molecule.atoms) {
    const key = `${loaded.name.toLowerCase()}_${atom.symbol.toLowerCase()}`;
    const element = basis.basisForElement(nameOrText, atom.symbol);
    const spherical = pure ?? element.pure;
    if (centerData[key] === undefined) {
      centerData[key] = {
        electron_shells: element.shells.map((shell) => ({
          angular_momentum: [shell.L],
          harmonic_type: spherical ? 'spherical' : 'cartesian',
          exponents: [...shell.exponents],
          coefficients: [[...shell.fileCoefficients]],
        })),
      };
    }
    atomMap.push(key);
    for (const shell of element.shells) nbf += spherical ? basis.sphericalCount(shell.L) : basis.cartesianCount(shell.L);
  }
  return {
    schema_name: 'qcschema_basis',
    schema_version: 1,
    name: loaded.name,
    description: `${loaded.name} as roothaan computed it: functions in roothaan's (Psi4's) order and normalisation`,
    center_data: centerData,
    atom_map: atomMap,
    nbf,
  };
}
