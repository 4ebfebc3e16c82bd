/**
 * The commits of one attempt's checkpoint batches, in order, on the writer thread (internal;
 * see `thread.ts`): each batch's rows and events in one transaction fenced on the attempt, once
 * its objects are written, retried after a lost database connection (`db-retry.ts`).
 *
 * @packageDocumentation
 */
import { RoothaanError } from '../../errors';
import { checkpointValues, type PreparedObject } from '../checkpoints';
import type { StoreContext } from '../context';
import { retryOnConnectionError } from '../db-retry';
import type { JobEventInput } from '../events';
import { fence } from '../lifecycle';
import { StoreUnavailableError } from '../store-errors';
import { eventValues, tables } from '../tables';

/** At most `limit` tasks at once (S3 requests), the others in turn. */
export function createLimiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    while (active >= limit) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/** How long a run's writes are retried after a lost database connection. */
export const retryBudgetMs = (ctx: StoreContext): number => ctx.config.dbRetrySeconds * 1000;

/** Commits the rows (and events) of objects already written, fenced; a row with the same key (left by a dead attempt) is replaced. */
async function commitCheckpoints(ctx: StoreContext, jobId: string, attempt: number, objects: readonly PreparedObject[], events: readonly JobEventInput[] = []): Promise<void> {
  await ctx.knex.transaction(async (trx) => {
    await fence(trx, jobId, attempt, ctx.config.leaseSeconds);
    if (objects.length > 0) {
      await tables.checkpoints(trx)
        .insert(objects.map((o) => checkpointValues(jobId, attempt, o)))
        .onConflict(['job_id', 'key'])
        .merge(['attempt', 'kind', 'iteration', 'sha256', 'bytes', 'dtype', 'shape', 'created_at']);
    }
    if (events.length > 0) await tables.events(trx).insert(events.map((e) => eventValues(jobId, attempt, e)));
  });
}

/**
 * Commits one attempt's batches in order, each once its objects are written. The first failure
 * stops it: later batches are dropped and {@link error} says why.
 */
export class Committer {
  private tail: Promise<void> = Promise.resolve();
  /** The first error, if any. */
  error: Error | undefined;
  bytesWritten = 0;
  /** Milliseconds spent writing and committing (summed over batches). */
  busyMs = 0;

  constructor(
    private readonly ctx: StoreContext,
    private readonly jobId: string,
    private readonly attempt: number,
    private readonly onCommit: () => void,
  ) {}

  /** Commits a batch after the ones before it, once `uploaded` (its objects' writes) resolves. */
  add(objects: readonly PreparedObject[], uploaded: Promise<void>, events: readonly JobEventInput[]): void {
    const started = performance.now();
    const bytes = objects.reduce((n, o) => n + o.body.length, 0);
    this.tail = this.tail.then(async () => {
      if (this.error !== undefined) return;
      try {
        await uploaded;
        this.bytesWritten += bytes;
        try {
          // An upsert of rows and a fenced lease update: safe to repeat after a lost connection.
          await retryOnConnectionError(() => commitCheckpoints(this.ctx, this.jobId, this.attempt, objects, events), retryBudgetMs(this.ctx));
        } catch (err) {
          // Say what was being done when the database went away (a fenced-out attempt says so itself).
          if (err instanceof StoreUnavailableError) throw new StoreUnavailableError(`cannot commit checkpoints of job ${this.jobId}: ${err.message}`);
          throw err;
        }
        this.busyMs += performance.now() - started;
        this.onCommit();
      } catch (err) {
        this.error ??=
          err instanceof RoothaanError ? err : new StoreUnavailableError(`cannot commit checkpoints of job ${this.jobId} to the database ${this.ctx.db.location}: ${(err as Error).message}`);
      }
    });
  }

  /** Waits until every batch so far is committed or dropped. */
  settle(): Promise<void> {
    return this.tail;
  }
}
