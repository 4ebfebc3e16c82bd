import { ScfInterruptedError } from '../errors';
import * as scf from '../scf';
import { IterationTable, type IterationOutcome, type IterationRow, type IterationTableOptions } from './iteration-table';
import { LiveConvergence } from './live-convergence';

/**
 * Options of {@link watchScf}.
 *
 * @example
 * ```ts
 * const options: WatchScfOptions<scf.ScfIteration, scf.ScfControlChanges> = { title: 'water', onIteration: (r) => (r.iteration === 5 ? { damping: 0.3 } : undefined) };
 * ```
 */
export interface WatchScfOptions<R, C> extends IterationTableOptions {
  /** Called with each record; what it returns (or resolves to) is passed to the next iteration (e.g. `{ damping: 0.3 }`). */
  onIteration?: (record: R) => C | void | Promise<C | void>;
  /** The table to fill (default a new one). */
  table?: IterationTable;
  /**
   * Stops the run between iterations: `watchScf` then rejects with `ScfInterruptedError` (the
   * table keeps the rows so far). Default: the roothaan kernel's Interrupt (`scf.kernelSignal`).
   */
  signal?: AbortSignal;
  /**
   * A live convergence figure under the table (`LiveConvergence`), updated in place at most
   * every `intervalMs` (default 500). Default: on for a prepared calculation or a problem (with
   * its thresholds drawn), off for a generator of records; `false` turns it off.
   */
  figure?: boolean | { intervalMs?: number; title?: string; thresholds?: { energy?: number; density?: number } };
}

/**
 * Options of {@link watchScf} for a prepared calculation or a problem: those of the generator
 * form, plus driver options.
 *
 * @example
 * ```ts
 * await watchScf(prepared, { scf: { guess: 'core' }, signal: AbortSignal.timeout(60_000) });
 * ```
 */
export interface WatchCalculationOptions extends WatchScfOptions<scf.ScfIteration, scf.ScfControlChanges> {
  /** Driver options over the prepared calculation's (e.g. `{ guess: 'core' }`, `{ start }`). */
  scf?: scf.ScfOptions;
}

/**
 * What {@link watchScf} returns: the generator's return value (the SCF result) and every record.
 *
 * @example
 * ```ts
 * const { result, records, table } = await watchScf(prepared);
 * records.length === result.iterations; // true
 * ```
 */
export interface WatchedScf<R, T> {
  /** The generator's return value (`scf.ScfResult` for `scf.iterate`). */
  readonly result: T;
  /** Every record yielded, in order. */
  readonly records: readonly R[];
  /** The table that was displayed. */
  readonly table: IterationTable;
  /** The live convergence figure, when one was shown. */
  readonly figure?: LiveConvergence;
}

function isOutcome(value: unknown): value is IterationOutcome {
  return (
    value !== null && typeof value === 'object' &&
    typeof (value as IterationOutcome).converged === 'boolean' &&
    typeof (value as IterationOutcome).energy === 'number' &&
    typeof (value as IterationOutcome).iterations === 'number'
  );
}

function isIterator(value: unknown): value is Iterator<unknown, unknown, unknown> {
  return value !== null && typeof value === 'object' && typeof (value as Iterator<unknown>).next === 'function';
}

/** Yields to the event loop so that tslab's ZeroMQ socket sends the table update now. */
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs an SCF to the end while a live {@link IterationTable} shows each iteration in place, and
 * returns the result with all records. Give it a prepared calculation (`scf.prepareCalculation`,
 * run with its options) or a problem: it runs through `scf.drive`, the driver the CLI and the
 * store use. It also takes any generator of iteration records (`scf.iterate(...)`). Between
 * iterations the notebook sees each update as it happens; `onIteration` may return control
 * changes for the next iteration, and `signal` stops the run. Outside a notebook pass a `sink`,
 * or `display: false` to only collect the records. Every record is kept (with its matrices), for
 * plots and heatmaps afterwards.
 *
 * @example
 * ```ts
 * const { result, records } = await watchScf(prepared, { onIteration: (r) => (r.iteration === 5 ? { damping: 0.3 } : undefined) });
 * displayFigure(convergenceFigure(records));
 * await watchScf(scf.iterate(problem, { useDiis: false })); // a generator works too
 * ```
 */
export function watchScf(
  calculation: scf.PreparedCalculation | scf.ScfProblem,
  options?: WatchCalculationOptions,
): Promise<WatchedScf<scf.ScfIteration, scf.ScfResult>>;
export function watchScf<R extends IterationRow, T, C>(generator: Iterator<R, T, C | undefined>, options?: WatchScfOptions<R, C>): Promise<WatchedScf<R, T>>;
export async function watchScf<R extends IterationRow, T, C>(
  source: Iterator<R, T, C | undefined> | scf.PreparedCalculation | scf.ScfProblem,
  options: WatchScfOptions<R, C> & { scf?: scf.ScfOptions } = {},
): Promise<WatchedScf<R, T>> {
  // A live table refreshes at most 10 times a second (see IterationTableOptions.intervalMs).
  const table = options.table ?? new IterationTable({ intervalMs: 100, ...options });
  const records: R[] = [];
  const live = liveFigure(source, options);
  const withFigure = (value: WatchedScf<R, T>): WatchedScf<R, T> => (live !== undefined ? { ...value, figure: live } : value);
  if (!isIterator(source)) {
    let result: scf.ScfResult;
    try {
      result = await scf.drive(source, {
        ...(options.signal !== undefined ? { signal: options.signal } : {}),
        ...(options.scf !== undefined ? { options: options.scf } : {}),
        onIteration: async (record) => {
          records.push(record as unknown as R);
          table.add(record);
          live?.add(record);
          return (await options.onIteration?.(record as unknown as R)) as scf.ScfControlChanges | void;
        },
      });
    } catch (error) {
      table.flush();
      live?.flush();
      throw error;
    }
    table.finish(result);
    live?.finish(result.energy);
    return withFigure({ result: result as unknown as T, records, table });
  }
  const generator = source;
  const signal = scf.defaultSignal(options.signal);
  let step = generator.next();
  while (!step.done) {
    const record = step.value;
    records.push(record);
    table.add(record);
    live?.add(record);
    await tick();
    const changes = await options.onIteration?.(record);
    if (signal?.aborted) {
      generator.return?.(undefined as never);
      table.flush();
      live?.flush();
      const { iteration, energy, deltaE, rmsDeltaD, diisError } = record;
      throw new ScfInterruptedError(`the SCF was interrupted after iteration ${iteration}`, {
        iteration, energy, deltaE: deltaE ?? NaN, rmsDeltaD: rmsDeltaD ?? NaN, diisError: diisError ?? NaN, converged: record.converged ?? false,
      });
    }
    step = generator.next(changes ?? undefined);
  }
  if (isOutcome(step.value)) {
    table.finish(step.value);
    live?.finish(step.value.energy);
  } else {
    live?.flush();
  }
  return withFigure({ result: step.value, records, table });
}

/** The live figure {@link watchScf} shows, if any: on by default for a calculation (with its thresholds), off for a generator. */
function liveFigure<R, C>(
  source: Iterator<unknown> | scf.PreparedCalculation | scf.ScfProblem,
  options: WatchScfOptions<R, C> & { scf?: scf.ScfOptions },
): LiveConvergence | undefined {
  const figure = options.figure ?? !isIterator(source);
  if (figure === false || options.display === false) return undefined;
  const settings = typeof figure === 'object' ? figure : {};
  let thresholds = settings.thresholds;
  if (thresholds === undefined && !isIterator(source)) {
    const base = 'problem' in source ? source.options : {};
    const merged = scf.mergeOptions(base, options.scf ?? {});
    thresholds = { ...scf.DEFAULT_CONTROLS.convergence, ...(merged.convergence ?? {}) };
  }
  return new LiveConvergence({
    ...(options.sink !== undefined ? { sink: options.sink } : {}),
    ...(settings.intervalMs !== undefined ? { intervalMs: settings.intervalMs } : {}),
    title: settings.title ?? (options.title !== undefined ? `${options.title}: convergence` : 'SCF convergence'),
    ...(thresholds !== undefined ? { thresholds } : {}),
  });
}
