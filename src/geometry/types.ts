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
  /**
   * Nuclear charge in units of e: the atomic number, or 0 for a ghost atom (as Psi4's
   * `Molecule::Z` and PySCF's `atom_charge`). The element is `symbol`.
   */
  readonly Z: number;
  /**
   * Mass in unified atomic mass units (Da): the most abundant isotope unless the input said
   * otherwise (`H@2.014101778`, QCSchema `masses`).
   */
  readonly mass: number;
  /** Cartesian position in bohr. */
  readonly position: readonly [number, number, number];
  /**
   * A ghost atom (Psi4 `Gh(C)` or `@C`, PySCF `ghost-C`): the basis functions of element
   * `symbol` at `position`, but no nucleus (Z = 0) and no electrons, as used for counterpoise
   * corrections (Boys & Bernardi, Mol. Phys. 19, 553 (1970), doi:10.1080/00268977000101561).
   * Absent or false for an ordinary atom.
   */
  readonly ghost?: boolean;
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
  /**
   * Lines of the text that were accepted but change nothing (`symmetry c1`, `no_com`,
   * `no_reorient`: roothaan runs without symmetry and never moves the nuclei), one message each
   * with its file and line, for the caller to show once.
   */
  readonly warnings?: readonly string[];
}
