/**
 * geometry: reading molecules from text (XYZ, Z-matrix, Molfile/SDF, PDB, QCSchema JSON) into an
 * immutable {@link Molecule} with positions in bohr, and writing them back as XYZ.
 *
 * @example
 * ```ts
 * import { geometry } from 'roothaan';
 * const water = geometry.parse(text, { filename: 'water.xyz' });
 * water.nuclearRepulsionEnergy(); // hartree
 * ```
 */
export { parse } from './parse';
export { parseXyz } from './parse-xyz';
export { parseZmatrix } from './parse-zmatrix';
export { parseMolfile } from './parse-molfile';
export { parsePdb } from './parse-pdb';
export { parseQcschema } from './parse-qcschema';
export { detectFormat } from './detect-format';
export { Molecule } from './molecule';
export type { MoleculeInit, ToXyzOptions } from './molecule';
export { fromAtoms } from './from-atoms';
export { readAtomLabel, isAtomLabel } from './atom-label';
export type { AtomLabel } from './atom-label';
export { highSpinMultiplicity } from './fragments';
export type { MoleculeFragment, FragmentInit } from './fragments';
export { withGhostAtoms } from './ghost-atoms';
export { extractSubsets, counterpoiseSubsets } from './extract-subsets';
export type { CounterpoiseSubsets } from './extract-subsets';
export { TETRAHEDRAL_ANGLE_DEGREES } from './parse-zmatrix';
export type { FromAtomsOptions } from './from-atoms';
export { elementBySymbol, elementByZ, ELEMENTS, MAX_Z } from './elements';
export type { Element } from './elements';
export { MAX_ATOMS, MAX_COORDINATE, MAX_POSITION_BOHR, MIN_DISTANCE_BOHR } from './validation';
export { GEOMETRY_FORMATS } from './types';
export type { Atom, GeometryFormat, LengthUnit, ParseOptions, MoleculeSource } from './types';
