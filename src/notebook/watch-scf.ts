import { ScfInterruptedError } from '../errors';
import * as scf from '../scf';
import { IterationTable, type IterationOutcome, type IterationRow, type IterationTableOptions } from './iteration-table';

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
  const table = options.table ?? new IterationTable(options);
  const records: R[] = [];
  if (!isIterator(source)) {
    const result = await scf.drive(source, {
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
      ...(options.scf !== undefined ? { options: options.scf } : {}),
      onIteration: async (record) => {
        records.push(record as unknown as R);
        table.add(record);
        return (await options.onIteration?.(record as unknown as R)) as scf.ScfControlChanges | void;
      },
    });
    table.finish(result);
    return { result: result as unknown as T, records, table };
  }
  const generator = source;
  const signal = scf.defaultSignal(options.signal);
  let step = generator.next();
  while (!step.done) {
    const record = step.value;
    records.push(record);
    table.add(record);
    await tick();
    const changes = await options.onIteration?.(record);
    if (signal?.aborted) {
      generator.return?.(undefined as never);
      const { iteration, energy, deltaE, rmsDeltaD, diisError } = record;
      throw new ScfInterruptedError(`the SCF was interrupted after iteration ${iteration}`, {
        iteration, energy, deltaE: deltaE ?? NaN, rmsDeltaD: rmsDeltaD ?? NaN, diisError: diisError ?? NaN, converged: record.converged ?? false,
      });
    }
    step = generator.next(changes ?? undefined);
  }
  if (isOutcome(step.value)) table.finish(step.value);
  return { result: step.value, records, table };
}
