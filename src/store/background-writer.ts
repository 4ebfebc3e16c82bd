import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EventInput } from './checkpoints';
import type { ResolvedStoreConfig } from './config';
import { deserializeError, type ChannelCall, type RawObject, type ThreadInit, type ThreadReply, type ThreadRequest } from './checkpoint-thread-protocol';
import type { JobRow, JobStatus } from './rows';
import type { Submission } from './submission';
import { StoreUnavailableError } from './store-errors';

/** Uncommitted bytes the SCF may run ahead of the writer thread by default (64 MiB). */
export const DEFAULT_MAX_PENDING_BYTES = 64 * 1024 * 1024;

/** Options of a job's {@link BackgroundCheckpointWriter}. */
export interface BackgroundWriterOptions {
  /** Uncommitted bytes before `enqueue` waits (default {@link DEFAULT_MAX_PENDING_BYTES}): bounds memory. */
  maxPendingBytes?: number;
}

/**
 * The checkpoint writer thread of an open store (see `checkpoint-thread.ts`): started on the
 * first job, shared by the store's later jobs (a notebook or a worker loop pays its start-up
 * once), and ended by `store.close()`. It keeps the process alive only while a job uses it.
 */
export class WriterThread {
  private readonly worker: Worker;
  private nextChannel = 1;
  private readonly channels = new Map<number, BackgroundCheckpointWriter>();
  private nextCall = 1;
  private readonly calls = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  /** Set when the thread cannot serve any more (it could not connect, or it died). */
  failure: Error | undefined;
  private closing = false;
  private readonly exited: Promise<void>;

  /**
   * Starts the thread; it connects to the store's database at once. With `prepare` it opens the
   * database as `store.open` does (migrations, login): for a process whose main thread never
   * opens the store itself (`runOnce`).
   */
  constructor(config: ResolvedStoreConfig, options: { concurrency?: number; prepare?: boolean } = {}) {
    const init: ThreadInit = {
      config,
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      ...(options.prepare === true ? { prepare: true } : {}),
    };
    // Under tsx (tests, `npx tsx`) this file is TypeScript: register tsx's require hook in the
    // thread before loading the entry (as the integral workers do).
    const isTs = __filename.endsWith('.ts');
    const entry = path.join(__dirname, isTs ? 'checkpoint-thread.ts' : 'checkpoint-thread.js');
    const bootstrap = `${isTs ? `require(${JSON.stringify(require.resolve('tsx/cjs'))});\n` : ''}require(${JSON.stringify(entry)});`;
    this.worker = new Worker(bootstrap, { eval: true, workerData: init });
    this.worker.on('message', (m: ThreadReply) => {
      if (m.type === 'committed') this.channels.get(m.channel)?.committedOne(m.bytesWritten, m.busyMs);
      else if (m.type === 'reply') {
        const c = this.calls.get(m.id);
        this.calls.delete(m.id);
        if (m.error !== undefined) c?.reject(deserializeError(m.error));
        else c?.resolve(m.value);
      } else if (m.type === 'error') {
        const err = deserializeError(m.error);
        if (m.channel !== undefined) this.channels.get(m.channel)?.fail(err);
        else this.failAll(err);
      }
    });
    this.worker.on('error', (err) => this.failAll(new StoreUnavailableError(`the checkpoint writer thread failed: ${err.message}`)));
    this.exited = new Promise<void>((resolve) => {
      this.worker.on('exit', () => {
        if (!this.closing) this.failAll(new StoreUnavailableError('the checkpoint writer thread stopped unexpectedly'));
        resolve();
      });
    });
    this.worker.unref();
  }

  /** Whether new jobs can use this thread. */
  get usable(): boolean {
    return this.failure === undefined && !this.closing;
  }

  /** A writer for one attempt of a job. */
  open(jobId: string, attempt: number, options: BackgroundWriterOptions = {}): BackgroundCheckpointWriter {
    const id = this.nextChannel++;
    const w = new BackgroundCheckpointWriter(this, id, jobId, attempt, options);
    this.channels.set(id, w);
    // A job in progress waits for the thread's answers: keep the process alive until it ends.
    this.worker.ref();
    if (this.failure !== undefined) w.fail(this.failure);
    return w;
  }

  /** @internal */
  send(m: ThreadRequest): void {
    this.worker.postMessage(m);
  }

  /** @internal: a channel's database call, answered by the thread in the channel's order. */
  call(channel: number, jobId: string, attempt: number, call: ChannelCall): Promise<unknown> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const id = this.nextCall++;
    return new Promise((resolve, reject) => {
      this.calls.set(id, { resolve, reject });
      this.send({ type: 'call', channel, jobId, attempt, id, call });
    });
  }

  /** @internal: a writer is done with its channel. */
  release(channel: number): void {
    if (!this.channels.delete(channel) || this.closing) return;
    if (this.channels.size === 0) this.worker.unref();
    this.send({ type: 'end', channel });
  }

  /** Lets the thread finish what it holds, closes its connections and ends it. Safe to call twice. */
  async close(): Promise<void> {
    if (!this.closing) {
      this.closing = true;
      this.worker.ref();
      this.send({ type: 'close' });
      // A thread stuck on an unreachable server must not hold the process: end it after a while.
      setTimeout(() => void this.worker.terminate(), 30_000).unref();
    }
    await this.exited;
  }

  private failAll(err: Error): void {
    this.failure ??= err;
    for (const w of this.channels.values()) w.fail(err);
    const calls = [...this.calls.values()];
    this.calls.clear();
    for (const c of calls) c.reject(err);
  }
}

/**
 * One job attempt's checkpoint writer on the store's {@link WriterThread}. The SCF thread hands
 * over raw matrices ({@link enqueue} copies them into a message and returns at once); the
 * writer thread encodes them as `.npy`, hashes, uploads and commits them in order, fenced by
 * the attempt. So checkpointing costs the SCF thread a copy per matrix, and the rest runs on
 * another core while the SCF computes.
 *
 * The first failure (an unreachable database or object store, a fenced-out attempt) ends the
 * writer: {@link error} is set, and {@link enqueue} and {@link flush} throw it, as the class it
 * was thrown as (StoreUnavailableError, StoreConflictError, …).
 *
 * @example
 * ```ts
 * const writer = thread.open(jobId, attempt);
 * await writer.enqueue([{ key: densityKey(jobId, 1), kind: 'density', iteration: 1, array: { shape: [n, n], data } }], [event]);
 * await writer.flush(); // every batch committed, or the first error
 * writer.release();
 * ```
 */
export class BackgroundCheckpointWriter {
  private readonly maxPendingBytes: number;
  private posted = 0;
  private committed = 0;
  /** Sizes of the uncommitted batches, oldest first (batches commit in order). */
  private readonly pendingSizes: number[] = [];
  private pendingBytes = 0;
  private failure: Error | undefined;
  private released = false;
  private wake: Array<() => void> = [];
  /** Bytes uploaded so far (as last reported by the writer thread). */
  bytesWritten = 0;
  /** Milliseconds the writer thread spent uploading and committing (overlaps the SCF). */
  busyMs = 0;

  /** @internal: use {@link WriterThread.open}. */
  constructor(
    private readonly thread: WriterThread,
    private readonly channel: number,
    private readonly jobId: string,
    private readonly attempt: number,
    options: BackgroundWriterOptions,
  ) {
    this.maxPendingBytes = Math.max(1, options.maxPendingBytes ?? DEFAULT_MAX_PENDING_BYTES);
  }

  /** The first error, if the writer has failed. */
  get error(): Error | undefined {
    return this.failure;
  }

  /**
   * Queues a batch: objects (raw arrays are copied), optionally a packed ERI store to cut into
   * its checkpoint files, and events, committed together. Waits only while more than
   * `maxPendingBytes` of matrices are uncommitted. Throws the writer's first error.
   */
  async enqueue(objects: readonly RawObject[], events: readonly EventInput[] = [], eris?: { nbf: number; packed: Float64Array; fileBytes?: number }): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    if (this.released) throw new StoreUnavailableError(`the checkpoint writer of job ${this.jobId} is closed`);
    const bytes = objects.reduce((n, o) => n + 8 * (o.array?.data.length ?? 0) + (o.text?.length ?? 0), 0) + 8 * (eris?.packed.length ?? 0);
    this.thread.send({
      type: 'batch',
      channel: this.channel,
      jobId: this.jobId,
      attempt: this.attempt,
      objects: [...objects],
      events: [...events],
      ...(eris !== undefined ? { eris } : {}),
    });
    this.posted++;
    this.pendingSizes.push(bytes);
    this.pendingBytes += bytes;
    // The thread may still be starting: the SCF goes on unless too much is waiting.
    while (this.failure === undefined && this.pendingBytes > this.maxPendingBytes && this.committed < this.posted) await this.changed();
    if (this.failure !== undefined) throw this.failure;
  }

  /** Waits until every queued batch is committed; throws the first error. */
  async flush(): Promise<void> {
    await this.settle();
    if (this.failure !== undefined) throw this.failure;
  }

  /** Waits until the queue has drained or the writer has failed, without throwing. */
  async settle(): Promise<void> {
    while (this.failure === undefined && this.committed < this.posted) await this.changed();
  }

  /**
   * Records the job (`submission`, validated by the caller) and claims its first attempt, on the
   * thread; from then on the thread keeps the lease alive. Answers the job row. If it fails,
   * nothing is recorded and the writer fails with that error.
   */
  start(submission: Submission, owner: string): Promise<JobRow> {
    return this.thread.call(this.channel, this.jobId, this.attempt, { op: 'start', submission, owner }) as Promise<JobRow>;
  }

  /** Keeps the lease of an attempt claimed on this thread alive, on the writer thread (a heartbeat). */
  keepLease(): Promise<void> {
    return this.thread.call(this.channel, this.jobId, this.attempt, { op: 'lease' }).then(() => undefined);
  }

  /** Once every batch is committed, ends the attempt with its status, result and event (fenced); answers the job row. */
  finish(status: JobStatus, values: Record<string, unknown>, event: EventInput): Promise<JobRow> {
    return this.thread.call(this.channel, this.jobId, this.attempt, { op: 'finish', status, values, event }) as Promise<JobRow>;
  }

  /** The job row as it is now (undefined if it was deleted). */
  async job(): Promise<JobRow | undefined> {
    return ((await this.thread.call(this.channel, this.jobId, this.attempt, { op: 'job' })) as JobRow | null) ?? undefined;
  }

  /** Gives the channel back (after {@link flush} or {@link settle}). */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.thread.release(this.channel);
  }

  /** @internal */
  committedOne(bytesWritten: number, busyMs: number): void {
    this.committed++;
    this.pendingBytes -= this.pendingSizes.shift() ?? 0;
    this.bytesWritten = bytesWritten;
    this.busyMs = busyMs;
    this.notify();
  }

  /** @internal */
  fail(err: Error): void {
    this.failure ??= err;
    this.notify();
  }

  private changed(): Promise<void> {
    return new Promise<void>((resolve) => this.wake.push(resolve));
  }

  private notify(): void {
    const w = this.wake;
    this.wake = [];
    for (const f of w) f();
  }
}
