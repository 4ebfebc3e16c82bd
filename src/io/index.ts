/**
 * io: file formats and interchange with other programs.
 * - The NumPy `.npy` format of the checkpoints: bytes in, arrays out; nothing here opens a file
 *   (as `numpy.lib.format`).
 * - `io.qcschema` reads MolSSI QCSchema AtomicInput and writes AtomicResult and FailedOperation
 *   (QCEngine, QCFractal and the MolSSI tools read them). It sits above `scf` (it maps parameters
 *   and results) and below the CLI; the store imports only `./npy`.
 * - `formatMolden` writes a molecule's orbitals as a Molden file (Avogadro, Jmol, VMD);
 *   `orbitalOnGrid` and `formatCube` an orbital as a Gaussian cube file.
 *
 * @example
 * ```ts
 * import { io } from 'roothaan';
 * io.decodeNpy(io.encodeNpy({ shape: [2, 2], data: Float64Array.of(1, 2, 3, 4) })).shape; // [2, 2]
 * io.qcschema.isAtomicInput('{"schema_name": "qcschema_input", "molecule": {}}'); // true
 * ```
 */
export { encodeNpy, decodeNpy } from './npy';
export type { NpyArray } from './npy';
export * as qcschema from './qcschema';
export { formatMolden, moldenComponents, MOLDEN_CARTESIAN_ORDER, MOLDEN_MAX_L } from './molden';
export type { MoldenInput } from './molden';
export { cubeGrid, orbitalOnGrid, formatCube } from './cube';
export { densityOnGrid } from './cube';
export type { CubeGrid, CubeAtoms } from './cube';
