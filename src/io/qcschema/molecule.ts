/**
 * A roothaan molecule as a QCSchema Molecule (schema v2, as qcelemental 0.25 writes it).
 *
 * Reference: MolSSI QCSchema, https://molssi-qc-schema.readthedocs.io (Molecule schema).
 *
 * @packageDocumentation
 */
import type * as geometry from '../../geometry';

/**
 * A QCSchema Molecule object: symbols, geometry as a flat array of 3n numbers in bohr, masses
 * (u), charge (e) and multiplicity. `fix_com` and `fix_orientation` are true: roothaan
 * computes the molecule where it stands.
 *
 * @example
 * ```ts
 * const m: QcschemaMolecule = toQcschemaMolecule(water);
 * ```
 */
export interface QcschemaMolecule {
  readonly schema_name: 'qcschema_molecule';
  readonly schema_version: 2;
  readonly symbols: string[];
  /** Flat x, y, z per atom, bohr. */
  readonly geometry: number[];
  /** Atomic masses in u. */
  readonly masses: number[];
  readonly molecular_charge: number;
  readonly molecular_multiplicity: number;
  readonly fix_com: true;
  readonly fix_orientation: true;
  /** A name: the molecular formula. */
  readonly name: string;
}

/**
 * The molecule as QCSchema (positions in bohr, exactly as roothaan holds them).
 *
 * @example
 * ```ts
 * toQcschemaMolecule(water).geometry.length; // 9
 * ```
 */
export function toQcschemaMolecule(molecule: geometry.Molecule): QcschemaMolecule {
  return {
    schema_name: 'qcschema_molecule',
    schema_version: 2,
    symbols: molecule.atoms.map((a) => a.symbol),
    geometry: molecule.atoms.flatMap((a) => [...a.position]),
    masses: molecule.atoms.map((a) => a.mass),
    molecular_charge: molecule.charge,
    molecular_multiplicity: molecule.multiplicity,
    fix_com: true,
    fix_orientation: true,
    name: molecule.formula,
  };
}
