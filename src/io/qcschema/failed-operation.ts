/**
 * A failed QCSchema computation (qcelemental's `FailedOperation`): what was asked, and the error
 * as `error_type` and `error_message`, with QCEngine's error types.
 *
 * Reference: qcelemental 0.25 `qcelemental.models.FailedOperation` and `ComputeError`; QCEngine's
 * exception classes (`input_error`, `convergence_error`, `unknown_error`).
 *
 * @packageDocumentation
 */
import { RoothaanError } from '../../errors';

/**
 * A QCSchema FailedOperation.
 *
 * @example
 * ```ts
 * const failed: QcschemaFailedOperation = toFailedOperation(new Error('boom'));
 * failed.error.error_type; // 'unknown_error'
 * ```
 */
export interface QcschemaFailedOperation {
  /** The input's id; absent when it had none. */
  readonly id?: string;
  /** The input as given (parsed JSON); absent when it could not be read. */
  readonly input_data?: unknown;
  readonly success: false;
  readonly error: { readonly error_type: string; readonly error_message: string; readonly extras?: Record<string, unknown> };
  readonly extras: Record<string, unknown>;
}

/**
 * QCEngine's error type for an error: `input_error` for bad input (roothaan's `INVALID_INPUT`,
 * `BASIS_NOT_FOUND`, `USAGE`), `convergence_error` for `NOT_CONVERGED`, the lower-cased code of
 * any other roothaan error, and `unknown_error` for anything else (a bug).
 *
 * @example
 * ```ts
 * errorType(new errors.InvalidInputError('bad')); // 'input_error'
 * ```
 */
export function errorType(error: unknown): string {
  if (!(error instanceof RoothaanError)) return 'unknown_error';
  switch (error.code) {
    case 'INVALID_INPUT':
    case 'BASIS_NOT_FOUND':
    case 'USAGE':
      return 'input_error';
    case 'NOT_CONVERGED':
      return 'convergence_error';
    default:
      return error.code.toLowerCase();
  }
}

/**
 * Options of {@link toFailedOperation}.
 *
 * @example
 * ```ts
 * const options: FailedOperationOptions = { input: { driver: 'energy' }, extras: { job_id: '…' } };
 * ```
 */
export interface FailedOperationOptions {
  /** The input as parsed JSON (default: none). */
  input?: unknown;
  /** The id of the input, if it had one. */
  id?: string | null;
  /** Extra data under `error.extras.roothaan` (the error code, a job id, the last energy, …). */
  extras?: Record<string, unknown>;
  /** The error type, when it is not the one {@link errorType} gives. */
  errorType?: string;
}

/**
 * The FailedOperation for an error.
 *
 * @example
 * ```ts
 * toFailedOperation(new errors.InvalidInputError('unknown keyword "foo"', { field: 'keywords.foo' })).error;
 * // { error_type: 'input_error', error_message: 'keywords.foo: unknown keyword "foo"', extras: { roothaan: { code: 'INVALID_INPUT', field: 'keywords.foo' } } }
 * ```
 */
export function toFailedOperation(error: unknown, options: FailedOperationOptions = {}): QcschemaFailedOperation {
  const message = error instanceof Error ? error.message : String(error);
  const roothaan: Record<string, unknown> = { ...(error instanceof RoothaanError ? { code: error.code, ...error.location } : {}), ...options.extras };
  return {
    ...(options.id != null ? { id: options.id } : {}),
    ...(options.input != null ? { input_data: options.input } : {}),
    success: false,
    error: { error_type: options.errorType ?? errorType(error), error_message: message, extras: { roothaan } },
    extras: {},
  };
}
