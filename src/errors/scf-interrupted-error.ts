import { RoothaanError } from './roothaan-error';

/**
 * The numbers of the last iteration an interrupted SCF completed (the scalar part of
 * `scf.ScfIterationSummary`, which is assignable to this; declared here so that `errors` imports
 * nothing). Energies in hartree.
 *
 * @example
 * ```ts
 * const last: InterruptedIteration = { iteration: 4, energy: -74.94, deltaE: -1e-6, rmsDeltaD: 1e-4, diisError: 1e-3, converged: false };
 * ```
 */
export interface InterruptedIteration {
  /** Iteration number (1-based). */
  readonly iteration: number;
  /** Total energy in hartree. */
  readonly energy: number;
  /** energy − previous energy in hartree. */
  readonly deltaE: number;
  /** RMS density change. */
  readonly rmsDeltaD: number;
  /** RMS orbital gradient. */
  readonly diisError: number;
  /** Whether that iteration met the thresholds. */
  readonly converged: boolean;
}

/**
 * An SCF stopped by its caller (an `AbortSignal` given to `scf.drive`) before it finished.
 * Code `INTERRUPTED`. `lastIteration` is the last iteration that completed (undefined when none
 * did); for a resume, its record's density is the one to start from.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * controller.abort();
 * try { await scf.drive(prepared, { signal: controller.signal }); }
 * catch (e) { if (e instanceof ScfInterruptedError) console.log(e.code, e.lastIteration); } // 'INTERRUPTED' undefined
 * ```
 */
export class ScfInterruptedError extends RoothaanError {
  /** The last completed iteration, when one completed. */
  readonly lastIteration?: InterruptedIteration;

  constructor(message: string, lastIteration?: InterruptedIteration) {
    super('INTERRUPTED', message);
    if (lastIteration !== undefined) this.lastIteration = lastIteration;
  }
}
