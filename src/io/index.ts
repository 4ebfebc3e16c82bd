/**
 * io: interchange formats with other programs. `io.qcschema` reads MolSSI QCSchema AtomicInput
 * and writes AtomicResult and FailedOperation (QCEngine, QCFractal and the MolSSI tools read
 * them). It sits above `scf` (it maps parameters and results) and below the CLI.
 *
 * @example
 * ```ts
 * import { io } from 'roothaan';
 * io.qcschema.isAtomicInput('{"schema_name": "qcschema_input", "molecule": {}}'); // true
 * ```
 */
export * as qcschema from './qcschema';
