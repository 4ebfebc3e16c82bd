import { RoothaanError } from '../errors';
import { StoreUnavailableError } from './store-errors';
import { createLimiter } from './limiter';
import { commitCheckpoints, type EventInput, type PreparedObject } from './checkpoints';
import type { StoreContext } from './context';

/** Options of {@link CheckpointWriter}. */
export interface CheckpointWriterOptions {
  /** Objects uploaded at once (default 16: a job writes hundreds of small ERI objects at its start). */
  concurrency?: number;
  /** Batches accepted before `enqueue` waits for the oldest to commit (default 8): bounds memory. */
  maxPending?: number;
  /** Called after each batch commits, in order. */
  onCommit?: () => void;
}

/**
 * Writes checkpoints in the background while the SCF computes: each batch's objects are
 * uploaded concurrently (at most `concurrency` at a time), then its rows and events are
 * committed in one fenced transaction. Batches commit in the order they were enqueued, so the
 * committed iterations are always a prefix of the computed ones. The first failure stops the
 * writer: later batches are dropped and {@link enqueue} / {@link flush} throw that error.
 *
 * @example
 * ```ts
 * const writer = new CheckpointWriter(ctx, jobId, attempt);
 * await writer.enqueue([prepareMatrices(densityKey(jobId, 1), 'density', 1, record.density)], [event]);
 * await writer.flush(); // everything committed, or the first error
 * ```
 */
export class CheckpointWriter {
  private readonly limited: <T>(task: () => Promise<T>) => Promise<T>;
  private readonly maxPending: number;
  private readonly onCommit: (() => void) | undefined;
  private tail: Promise<void> = Promise.resolve();
  private readonly pending: Promise<void>[] = [];
  private failure: unknown;
  private failed = false;
  /** Bytes uploaded so far. */
  bytesWritten = 0;
  /** Milliseconds spent uploading and committing (summed over batches; overlaps computation). */
  busyMs = 0;

  constructor(
    private readonly ctx: StoreContext,
    private readonly jobId: string,
    private readonly attempt: number,
    options: CheckpointWriterOptions = {},
  ) {
    this.limited = createLimiter(options.concurrency ?? 16);
    this.maxPending = Math.max(1, options.maxPending ?? 8);
    this.onCommit = options.onCommit;
  }

  /** The first error, if the writer has failed. */
  get error(): unknown {
    return this.failure;
  }

  /**
   * Queues a batch; waits while too many batches are pending. Throws the writer's first error.
   * `uploaded`, when given, says the objects are already being written (it resolves once they
   * are): only their rows are committed here.
   */
  async enqueue(objects: readonly PreparedObject[], events: readonly EventInput[] = [], uploaded?: Promise<void>): Promise<void> {
    if (this.failed) throw this.failure;
    while (this.pending.length >= this.maxPending) {
      await this.pending[0]!.catch(() => undefined);
      if (this.failed) throw this.failure;
    }
    const started = performance.now();
    const bytes = objects.reduce((n, o) => n + o.body.length, 0);
    const upload =
      uploaded?.then(() => void (this.bytesWritten += bytes)) ??
      Promise.all(objects.map((o) => this.limited(() => this.ctx.objects.put(o.key, o.body)).then(() => void (this.bytesWritten += o.body.length))));
    upload.catch(() => undefined); // observed through `done`
    const done = this.tail.then(async () => {
      if (this.failed) return;
      try {
        await upload;
        try {
          await commitCheckpoints(this.ctx, this.jobId, this.attempt, objects, events);
        } catch (err) {
          // Say what was being done when the database went away (a fenced-out attempt says so itself).
          if (err instanceof StoreUnavailableError) throw new StoreUnavailableError(`cannot commit checkpoints of job ${this.jobId}: ${err.message}`);
          throw err;
        }
        this.busyMs += performance.now() - started;
        this.onCommit?.();
      } catch (err) {
        if (!this.failed) {
          this.failed = true;
          this.failure =
            err instanceof RoothaanError
              ? err
              : new StoreUnavailableError(`cannot commit checkpoints of job ${this.jobId} to the database ${this.ctx.db.location}: ${(err as Error).message}`);
        }
      }
    });
    this.tail = done;
    this.pending.push(done);
    void done.then(() => {
      const i = this.pending.indexOf(done);
      if (i >= 0) this.pending.splice(i, 1);
    });
  }

  /** Waits until every queued batch is committed; throws the first error. */
  async flush(): Promise<void> {
    await this.tail;
    if (this.failed) throw this.failure;
  }

  /** Waits for the queue to drain without throwing (after an error elsewhere). */
  async settle(): Promise<void> {
    await this.tail.catch(() => undefined);
  }

}
