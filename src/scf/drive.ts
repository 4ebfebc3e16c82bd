/**
 * The one asynchronous SCF driver: the CLI, the notebook helpers and the store all run an SCF
 * through {@link drive}.
 *
 * @packageDocumentation
 */
import { ScfInterruptedError } from '../errors';
import type { ScfControlChanges } from './controls';
import { defaultSignal } from './kernel-signal';
import { iterate } from './iterate';
import type { ScfOptions } from './options';
import type { PreparedCalculation } from './prepared';
import type { ScfProblem } from './problem';
import type { ScfIteration, ScfIterationSummary, ScfResult } from './records';

/**
 * Options of {@link drive}.
 *
 * @example
 * ```ts
 * const options: DriveOptions = { signal: AbortSignal.timeout(60_000), options: { maxIterations: 50 } };
 * ```
 */
export interface DriveOptions {
  /**
   * Checked between iterations: an abort stops the run within one iteration (rejecting with
   * {@link ScfInterruptedError}). Default: in the roothaan Jupyter kernel, its Interrupt (`kernelSignal`).
   */
  signal?: AbortSignal;
  /**
   * Called with every record, before the next iteration starts; may return (or resolve to)
   * control changes for the next iteration, e.g. `{ damping: 0.3 }`. The driver waits for it,
   * so a store can commit the record's checkpoints first.
   */
  onIteration?: (record: ScfIteration) => ScfControlChanges | void | Promise<ScfControlChanges | void>;
  /** Driver options over the prepared calculation's (e.g. `{ start }` for a resume). */
  options?: ScfOptions;
}

/** Yields to the event loop once (background writes, notebook display updates, abort events). */
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs an SCF to the end asynchronously: drains {@link iterate} over a prepared calculation (with
 * its options) or a bare problem, awaits `onIteration` after each record and passes what it
 * returns to the next iteration, and yields to the event loop between iterations. An abort of
 * `signal` rejects with {@link ScfInterruptedError} (`lastIteration` = the last completed
 * iteration) before the next iteration starts. Non-convergence is a result, not a rejection.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const result = await scf.drive(prepared, {
 *   signal: controller.signal,
 *   onIteration: (record) => (record.iteration === 5 ? { damping: 0.3 } : undefined),
 * });
 * result.converged; // true
 * ```
 */
export async function drive(preparedOrProblem: PreparedCalculation | ScfProblem, options: DriveOptions = {}): Promise<ScfResult> {
  const { onIteration } = options;
  const signal = defaultSignal(options.signal);
  let last: ScfIterationSummary | undefined;
  const interrupted = (): ScfInterruptedError =>
    new ScfInterruptedError(
      last === undefined ? 'the SCF was interrupted before its first iteration' : `the SCF was interrupted after iteration ${last.iteration}`,
      last,
    );
  if (signal?.aborted) throw interrupted();
  const generator = iterate(preparedOrProblem, options.options ?? {});
  let step = generator.next();
  while (!step.done) {
    const record = step.value;
    const { fock: _f, density: _d, orbitalEnergies: _e, diisState: _s, initialDensity: _i, initialGuess: _g, ...summary } = record;
    last = summary;
    const changes = onIteration !== undefined ? await onIteration(record) : undefined;
    await tick();
    if (signal?.aborted) {
      generator.return(undefined as never);
      throw interrupted();
    }
    step = generator.next(changes ?? undefined);
  }
  return step.value;
}
