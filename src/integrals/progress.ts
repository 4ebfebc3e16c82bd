/**
 * Progress and cancellation of long integral steps: a step is a generator that yields one
 * {@link IntegralProgress} after each batch of work, and {@link runSteps} (synchronous) or
 * {@link runStepsAsync} (yielding to the event loop between batches) drains it, reports the
 * progress and checks the abort signal between batches.
 *
 * @packageDocumentation
 */
import { ScfInterruptedError } from '../errors';

/**
 * How far a long step is: its name and the fraction of its work done (0 … 1, by shell quartets
 * for the two-electron integrals).
 *
 * @example
 * ```ts
 * const p: IntegralProgress = { phase: 'two-electron integrals', fraction: 0.42 };
 * ```
 */
export interface IntegralProgress {
  /** What is being computed, e.g. 'one-electron integrals', 'two-electron integrals'. */
  readonly phase: string;
  /** Fraction of this phase done, 0 … 1 (the last report of a phase is 1). */
  readonly fraction: number;
}

/**
 * Progress reporting and cancellation for integral steps.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const options: ProgressOptions = { signal: controller.signal, onProgress: (p) => console.log(p.phase, p.fraction) };
 * ```
 */
export interface ProgressOptions {
  /** Checked between batches: an abort throws {@link ScfInterruptedError} (worker threads are stopped by the caller's dispose). */
  signal?: AbortSignal;
  /** Called after every batch with the phase and the fraction done. */
  onProgress?: (progress: IntegralProgress) => void;
}

/** A long step: yields its progress after each batch and returns its value. */
export type Steps<T> = Generator<IntegralProgress, T, void>;

/**
 * The error an abort during an integral step throws: an {@link ScfInterruptedError} (code
 * INTERRUPTED) that says which phase and how far.
 *
 * @example
 * ```ts
 * interruptedDuring({ phase: 'two-electron integrals', fraction: 0.4 }).message;
 * // 'the SCF was interrupted while computing the two-electron integrals (40 % done)'
 * ```
 */
export function interruptedDuring(progress: IntegralProgress | undefined): ScfInterruptedError {
  return new ScfInterruptedError(
    progress === undefined
      ? 'the SCF was interrupted before its integrals were computed'
      : `the SCF was interrupted while computing the ${progress.phase} (${Math.floor(100 * progress.fraction)} % done)`,
  );
}

/**
 * Drains a step on the calling thread: reports each progress and throws
 * {@link interruptedDuring} when `signal` is aborted between batches (only a callback such as
 * `onProgress` can abort it then; {@link runStepsAsync} lets timers and signals in).
 *
 * @example
 * ```ts
 * function* steps(): Steps<number> { yield { phase: 'demo', fraction: 0.5 }; yield { phase: 'demo', fraction: 1 }; return 42; }
 * runSteps(steps(), { onProgress: (p) => console.log(p.fraction) }); // 42, after printing 0.5 and 1
 * ```
 */
export function runSteps<T>(steps: Steps<T>, options: ProgressOptions = {}): T {
  let last: IntegralProgress | undefined;
  if (options.signal?.aborted) throw interruptedDuring(last);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    last = step.value;
    options.onProgress?.(last);
    if (options.signal?.aborted) {
      steps.return(undefined as never);
      throw interruptedDuring(last);
    }
  }
}

/** Yields to the event loop once (signal handlers, timers and output run). */
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Drains a step, yielding to the event loop after each batch, so that a SIGINT handler, a
 * timeout or a notebook's output can run: reports each progress and throws
 * {@link interruptedDuring} when `signal` is aborted.
 *
 * @example
 * ```ts
 * function* steps(): Steps<number> { yield { phase: 'demo', fraction: 1 }; return 42; }
 * await runStepsAsync(steps(), { signal: AbortSignal.timeout(5000) }); // 42
 * ```
 */
export async function runStepsAsync<T>(steps: Steps<T>, options: ProgressOptions = {}): Promise<T> {
  let last: IntegralProgress | undefined;
  if (options.signal?.aborted) throw interruptedDuring(last);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    last = step.value;
    options.onProgress?.(last);
    await tick();
    if (options.signal?.aborted) {
      steps.return(undefined as never);
      throw interruptedDuring(last);
    }
  }
}
