import { IterationTable, type IterationOutcome, type IterationRow, type IterationTableOptions } from './iteration-table';

/** Options of {@link watchScf}. */
export interface WatchScfOptions<R, C> extends IterationTableOptions {
  /** Called with each record; what it returns is passed to the generator's `next()` (e.g. `{ damping: 0.3 }`). */
  onIteration?: (record: R) => C | void;
  /** The table to fill (default a new one). */
  table?: IterationTable;
}

/** What {@link watchScf} returns: the generator's return value (the SCF result) and every record. */
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

/** Yields to the event loop so that tslab's ZeroMQ socket sends the table update now. */
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs an SCF generator (`scf.iterate(...)`) to the end while a live {@link IterationTable}
 * shows each iteration in place, and returns the result with all records. Between iterations it
 * yields to the event loop, so the notebook sees each update as it happens; `onIteration` may
 * return control changes for the next iteration, as with `scf.run`. Outside a notebook pass a
 * `sink`, or `display: false` to only collect the records. Every record is kept (with its
 * matrices), for plots and heatmaps afterwards.
 *
 * @example
 * ```ts
 * const { result, records } = await watchScf(scf.iterate(problem, { useDiis: false }));
 * displayFigure(convergenceFigure(records));
 * ```
 */
export async function watchScf<R extends IterationRow, T, C>(
  generator: Iterator<R, T, C | undefined>,
  options: WatchScfOptions<R, C> = {},
): Promise<WatchedScf<R, T>> {
  const table = options.table ?? new IterationTable(options);
  const records: R[] = [];
  let step = generator.next();
  while (!step.done) {
    const record = step.value;
    records.push(record);
    table.add(record);
    await tick();
    const changes = options.onIteration?.(record);
    step = generator.next(changes ?? undefined);
  }
  if (isOutcome(step.value)) table.finish(step.value);
  return { result: step.value, records, table };
}
