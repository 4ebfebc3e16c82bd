/**
 * io.qcschema: MolSSI's QCSchema (v1) in and out. {@link parseAtomicInput} reads an AtomicInput
 * (molecule, driver, model, Psi4 keywords mapped onto roothaan's SCF parameters);
 * {@link toAtomicResult} writes an SCF calculation as an AtomicResult, with the wavefunction
 * when the protocols ask; {@link toFailedOperation} writes an error as a FailedOperation.
 *
 * @example
 * ```ts
 * import { io, scf } from 'roothaan';
 * const spec = io.qcschema.parseAtomicInput(text, { filename: 'ai.json' });
 * const out = io.qcschema.toAtomicResult(scf.runCalculation(spec.molecule, spec.parameters), { input: spec });
 * ```
 */
export { parseAtomicInput, isAtomicInput } from './atomic-input';
export type { AtomicInputSpec, ParseAtomicInputOptions, WavefunctionProtocol } from './atomic-input';
export { PSI4_KEYWORD_TABLE, EXACT_SCF_TYPES, DF_SCF_TYPES, parametersFromKeywords } from './keywords';
export type { Psi4KeywordSpec, KeywordLocator } from './keywords';
export { toAtomicResult } from './atomic-result';
export type { AtomicResult, AtomicResultProperties, QcschemaWavefunction, ToAtomicResultOptions } from './atomic-result';
export { toFailedOperation, errorType } from './failed-operation';
export type { QcschemaFailedOperation, FailedOperationOptions } from './failed-operation';
export { toQcschemaMolecule } from './molecule';
export type { QcschemaMolecule } from './molecule';
export { toQcschemaBasis } from './basis-set';
export type { QcschemaBasisSet, QcschemaElectronShell } from './basis-set';
export { provenance, roothaanVersion } from './provenance';
export type { QcschemaProvenance } from './provenance';
