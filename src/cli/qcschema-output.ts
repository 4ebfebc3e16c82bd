/**
 * The QCSchema output of `roothaan run --to qcschema`, `--qcschema-out F` and
 * `roothaan qcschema run`: an AtomicResult when the run succeeded, else a FailedOperation, as
 * QCEngine returns (its psi4 harness turns a non-converged SCF into a FailedOperation with
 * `error_type: "convergence_error"`; bad input is an `input_error`).
 *
 * @packageDocumentation
 */
import * as fs from 'node:fs';
import { InvalidInputError, NotConvergedError } from '../errors';
import * as qcschema from '../io/qcschema';
import type * as scf from '../scf';
import type { CliContext } from './context';
import { inKeywordWords } from './vocabulary';

/**
 * What a QCSchema run writes.
 *
 * @example
 * ```ts
 * const doc: QcschemaDocument = qcschemaDocument({ calculation: scf.runCalculation(water, { basis_set: 'STO-3G' }), log: '', routine: 'roothaan run' });
 * doc.success; // true when the SCF converged
 * ```
 */
export type QcschemaDocument = qcschema.AtomicResult | qcschema.QcschemaFailedOperation;

/**
 * How a run ended, for {@link qcschemaDocument}.
 *
 * @example
 * ```ts
 * const ended: RunEnding = { calculation: scf.runCalculation(water, { basis_set: 'STO-3G' }), log: text, routine: 'roothaan run', extras: { job_id: id, status: 'done' } };
 * ```
 */
export interface RunEnding {
  /** The calculation, when the SCF finished (converged or not). */
  readonly calculation?: scf.CalculationResult;
  /** What failed the run (a store failure, an interruption, bad input), if anything did. */
  readonly error?: unknown;
  /** The AtomicInput the run came from, if it came from one (its id, model, keywords, protocols and extras are echoed). */
  readonly spec?: qcschema.AtomicInputSpec;
  /** The input text, for `input_data` when it is an AtomicInput roothaan refused. */
  readonly inputText?: string;
  /** The run's log (the iteration table and summary), the AtomicResult's `stdout`. */
  readonly log: string;
  /** The command that wrote it (provenance.routine). */
  readonly routine: string;
  /** Added under `extras.roothaan` (job id and status of a stored run). */
  readonly extras?: Record<string, unknown>;
}

/**
 * The AtomicResult of a converged run (energy, properties, provenance, the wavefunction the
 * input's `protocols.wavefunction` asks for, the log as `stdout` unless `protocols.stdout` is
 * false), or the FailedOperation of one that did not converge or failed.
 *
 * @example
 * ```ts
 * qcschemaDocument({ calculation: scf.runCalculation(water, { basis_set: 'STO-3G', max_iteration: 2 }), log: '', routine: 'roothaan run' }).error.error_type;
 * // 'convergence_error'
 * ```
 */
export function qcschemaDocument(ending: RunEnding): QcschemaDocument {
  const { calculation, spec } = ending;
  const extras = ending.extras ?? {};
  if (calculation !== undefined && ending.error === undefined && calculation.result.converged) {
    return qcschema.toAtomicResult(calculation, { ...(spec !== undefined && { input: spec }), stdout: ending.log, routine: ending.routine, extras });
  }
  let error = ending.error;
  let details: Record<string, unknown> = {};
  if (calculation !== undefined) {
    const { result } = calculation;
    details = { energy: result.energy, iterations: result.iterations, converged: result.converged };
    if (!result.converged && error === undefined) {
      error = new NotConvergedError(result.diagnosis?.message ?? `the SCF did not converge in ${result.iterations} iterations`);
    }
  }
  const notConverged = calculation !== undefined && !calculation.result.converged;
  const failed = qcschema.toFailedOperation(error, {
    ...(notConverged && { errorType: 'convergence_error' }),
    input: spec?.input ?? parsedOrUndefined(ending.inputText),
    ...(spec !== undefined && { id: spec.id }),
    extras: { ...extras, ...details },
  });
  // The hint speaks the AtomicInput's keywords ("maxiter"), not roothaan's parameter names.
  return spec === undefined ? failed : { ...failed, error: { ...failed.error, error_message: inKeywordWords(failed.error.error_message) } };
}

/**
 * Prints a QCSchema document (one line of JSON on stdout) and/or writes it to a file.
 *
 * @param toStdout print it on stdout (`--to qcschema`).
 * @param file write it there too (`--qcschema-out`), pretty-printed.
 * @example
 * ```ts
 * const doc = qcschemaDocument({ calculation: scf.runCalculation(water, { basis_set: 'STO-3G' }), log: '', routine: 'roothaan run' });
 * writeQcschema({ stdout: (t) => console.log(t) }, doc, { toStdout: false, file: 'result.json' });
 * ```
 */
export function writeQcschema(context: Pick<CliContext, 'stdout'>, doc: QcschemaDocument, where: { toStdout: boolean; file?: string }): void {
  if (where.toStdout) context.stdout(JSON.stringify(doc) + '\n');
  if (where.file !== undefined) {
    try {
      fs.writeFileSync(where.file, JSON.stringify(doc, null, 2) + '\n');
    } catch (e) {
      throw new InvalidInputError(`cannot write the QCSchema output: ${(e as Error).message}`, { field: '--qcschema-out', file: where.file });
    }
  }
}

function parsedOrUndefined(text: string | undefined): unknown {
  if (text === undefined || !qcschema.isAtomicInput(text)) return undefined;
  try {
    const value: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
