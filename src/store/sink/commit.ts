/**
 * Committing checkpoints (internal; on the writer thread): one fenced transaction per batch, and
 * a {@link Committer} per attempt that commits its batches in the order they arrive.
 *
 * @packageDocumentation
 */
import { RoothaanError } from '../../errors';
import { checkpointValues, type PreparedObject } from '../checkpoints';
import type { StoreContext } from '../context';
import type { JobEventInput } from '../events';
import { fence } from '../lifecycle';
import { eventValues, tables } from '../tables';
import { StoreUnavailableError } from '../store-errors';

/**
 * Commits checkpoint rows (and events) for objects already written, fenced by the attempt. A
 * row with the same key (left by an earlier, dead attempt) is replaced.
 *
 * @example
 * ```ts
 * await commitCheckpoints(ctx, jobId, attempt, [prepareText(key, 'geometry-xyz', xyz)]); // StoreConflictError when stale
 * ```
 */
export async function commitCheckpoints(ctx: StoreContext, jobId: string, attempt: number, objects: readonly PreparedObject[], events: readonly JobEventInput[] = []): Promise<void> {
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
  private failure: Error | undefined;
  /** Bytes written so far. */
  bytesWritten = 0;
  /** Milliseconds spent writing and committing (summed over batches). */
  busyMs = 0;

  constructor(
    private readonly ctx: StoreContext,
    private readonly jobId: string,
    private readonly attempt: number,
    private readonly onCommit: () => void,
  ) {}

  /** The first error, if any. */
  get error(): Error | undefined {
    return this.failure;
  }

  /** Commits a batch after the ones before it, once `uploaded` (its objects' writes) resolves. */
  add(objects: readonly PreparedObject[], uploaded: Promise<void>, events: readonly JobEventInput[]): void {
    const started = performance.now();
    const bytes = objects.reduce((n, o) => n + o.body.length, 0);
    this.tail = this.tail.then(async () => {
      if (this.failure !== undefined) return;
      try {
        await uploaded;
        this.bytesWritten += bytes;
        try {
          await commitCheckpoints(this.ctx, this.jobId, this.attempt, objects, events);
        } catch (err) {
          // Say what was being done when the database went away (a fenced-out attempt says so itself).
          if (err instanceof StoreUnavailableError) throw new StoreUnavailableError(`cannot commit checkpoints of job ${this.jobId}: ${err.message}`);
          throw err;
        }
        this.busyMs += performance.now() - started;
        this.onCommit();
      } catch (err) {
        this.failure ??=
          err instanceof RoothaanError ? err : new StoreUnavailableError(`cannot commit checkpoints of job ${this.jobId} to the database ${this.ctx.db.location}: ${(err as Error).message}`);
      }
    });
  }

  /** Waits until every batch so far is committed or dropped. */
  settle(): Promise<void> {
    return this.tail;
  }
}
