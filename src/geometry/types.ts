/**
 * The shared types of the geometry module: atoms, formats and parse options.
 */

/**
 * One nucleus of a molecule. This exact shape is what the basis module reads.
 *
 * @example
 * ```ts
 * const o: Atom = { symbol: 'O', Z: 8, mass: 15.99491461957, position: [0, 0, 0] };
 * ```
 */
export interface Atom {
  /** Element symbol with standard capitalisation (`'He'`). */
  readonly symbol: string;
  /** Atomic number = nuclear charge in units of e. */
  readonly Z: number;
  /** Mass in unified atomic mass units (Da): the most abundant isotope unless the input said otherwise. */
  readonly mass: number;
  /** Cartesian position in bohr. */
  readonly position: readonly [number, number, number];
}

/**
 * The text formats the parsers read:
 * - `'xyz'`: XYZ (atom count, comment, `symbol x y z` lines; ångström unless told otherwise);
 * - `'zmat'`: a Psi4- or Gaussian-style Z-matrix, optionally with Cartesian lines mixed in;
 * - `'molfile'`: an MDL Molfile or SD file (V2000), as PubChem serves it;
 * - `'pdb'`: Protein Data Bank ATOM/HETATM records;
 * - `'qcschema'`: a QCSchema molecule (or an AtomicInput holding one) as JSON, in bohr.
 */
export type GeometryFormat = (typeof GEOMETRY_FORMATS)[number];

/**
 * Every {@link GeometryFormat}, for option lists and validation.
 *
 * @example
 * ```ts
 * GEOMETRY_FORMATS.includes('pdb'); // true
 * ```
 */
export const GEOMETRY_FORMATS = ['xyz', 'zmat', 'molfile', 'pdb', 'qcschema'] as const;

/** The length units a text may use. Everything inside roothaan is in bohr. */
export type LengthUnit = 'angstrom' | 'bohr';

/**
 * Options every parser takes. Explicit options override what the text itself says (a units line,
 * a charge line, `molecular_charge`, …).
 */
export interface ParseOptions {
  /** Force a format instead of detecting it (only {@link parse} looks at this). */
  format?: GeometryFormat;
  /** The file name, used to detect the format and named in every error message. */
  filename?: string;
  /**
   * Units of the coordinates in XYZ and Z-matrix text (default ångström, or what a `units bohr`
   * comment/line says). Molfiles and PDB files are always in ångström and QCSchema always in bohr,
   * so this option does not apply to them.
   */
  units?: LengthUnit;
  /** Total molecular charge in units of e (default: from the file, else 0). */
  charge?: number;
  /** Spin multiplicity 2S + 1 (default: from the file, else 1 for an even electron count, 2 for odd). */
  multiplicity?: number;
}

/** Where a molecule came from: the original text, kept as-is. */
export interface MoleculeSource {
  /** The text exactly as it was given to the parser. */
  readonly text: string;
  /** The format it was read as. */
  readonly format: GeometryFormat;
  /** The file name, if one was given. */
  readonly filename?: string;
}
