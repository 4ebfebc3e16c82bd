import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ResolvedStoreConfig } from '../config';
import type { StoreContext } from '../context';
import type { JobEventInput } from '../events';
import type { FinishValues, Submission } from '../lifecycle';
import type { JobRow } from '../tables';
import { StoreUnavailableError } from '../store-errors';
import { deserializeError, type ChannelCall, type ThreadInit, type ThreadReply, type ThreadRequest } from './protocol';
import type { CheckpointSink, EriBatch, RawObject } from './sink';

/** Uncommitted bytes the SCF may run ahead of the writer thread by default (64 MiB). */
export const DEFAULT_MAX_PENDING_BYTES = 64 * 1024 * 1024;

/** Options of a job's {@link ThreadSink}. */
export interface SinkOptions {
  /** Uncommitted bytes before `enqueue` waits (default {@link DEFAULT_MAX_PENDING_BYTES}): bounds memory. */
  maxPendingBytes?: number;
}

/**
 * The checkpoint writer thread of an open store (`thread.ts`), shared by the store's jobs (a
 * notebook or a worker loop pays its start-up once). It keeps the process alive only while a
 * job uses it.
 */
export class WriterThread {
  private readonly worker: Worker;
  private nextChannel = 1;
  private readonly channels = new Map<number, ThreadSink>();
  private nextCall = 1;
  private readonly calls = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  /** Set when the thread cannot serve any more (it could not connect, or it died). */
  failure: Error | undefined;
  private closing = false;
  private readonly exited: Promise<void>;

  /** With `prepare` the thread opens the database as `store.open` does (migrations, login), for `runOnce`. */
  constructor(config: ResolvedStoreConfig, options: { prepare?: boolean } = {}) {
    const init: ThreadInit = { config, ...(options.prepare === true ? { prepare: true } : {}) };
    // Under tsx (tests, `npx tsx`) this file is TypeScript: register tsx's require hook in the
    // thread before loading the entry (as the integral workers do).
    const isTs = __filename.endsWith('.ts');
    const entry = path.join(__dirname, isTs ? 'thread.ts' : 'thread.js');
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

  get usable(): boolean {
    return this.failure === undefined && !this.closing;
  }

  open(jobId: string, attempt: number, options: SinkOptions = {}): ThreadSink {
    const id = this.nextChannel++;
    const w = new ThreadSink(this, id, jobId, attempt, options);
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

  /** Lets the thread finish what it holds and ends it. Safe to call twice. */
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
 * The {@link CheckpointSink} of one job attempt, on the store's {@link WriterThread}:
 * {@link enqueue} copies the raw matrices into a message and returns at once, waiting only while
 * more than `maxPendingBytes` are uncommitted.
 *
 * @example `const sink = writerThread(ctx).open(jobId, attempt); await sink.enqueue(objects, events); await sink.flush(); sink.release();`
 */
export class ThreadSink implements CheckpointSink {
  private readonly maxPendingBytes: number;
  private posted = 0;
  private committed = 0;
  /** Sizes of the uncommitted batches, oldest first (batches commit in order). */
  private readonly pendingSizes: number[] = [];
  private pendingBytes = 0;
  private released = false;
  private wake: Array<() => void> = [];
  error: Error | undefined;
  // As last reported by the writer thread.
  bytesWritten = 0;
  busyMs = 0;

  /** @internal: use {@link WriterThread.open}. */
  constructor(
    private readonly thread: WriterThread,
    private readonly channel: number,
    private readonly jobId: string,
    private readonly attempt: number,
    options: SinkOptions,
  ) {
    this.maxPendingBytes = Math.max(1, options.maxPendingBytes ?? DEFAULT_MAX_PENDING_BYTES);
  }

  async enqueue(objects: readonly RawObject[], events: readonly JobEventInput[] = [], eris?: EriBatch): Promise<void> {
    if (this.error !== undefined) throw this.error;
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
    while (this.error === undefined && this.pendingBytes > this.maxPendingBytes && this.committed < this.posted) await this.changed();
    if (this.error !== undefined) throw this.error;
  }

  async flush(): Promise<void> {
    await this.settle();
    if (this.error !== undefined) throw this.error;
  }

  async settle(): Promise<void> {
    while (this.error === undefined && this.committed < this.posted) await this.changed();
  }

  submit(submission: Submission, owner: string): Promise<JobRow> {
    return this.call({ op: 'submit', submission, owner }) as Promise<JobRow>;
  }

  heartbeat(): Promise<void> {
    return this.call({ op: 'heartbeat' }).then(() => undefined);
  }

  finish(status: 'done' | 'failed' | 'stopped', values: FinishValues, event: JobEventInput): Promise<JobRow> {
    return this.call({ op: 'finish', status, values, event }) as Promise<JobRow>;
  }

  async job(): Promise<JobRow | undefined> {
    return ((await this.call({ op: 'job' })) as JobRow | null) ?? undefined;
  }

  private call(c: ChannelCall): Promise<unknown> {
    return this.thread.call(this.channel, this.jobId, this.attempt, c);
  }

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
    this.error ??= err;
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

/**
 * The store's writer thread: started on first use, and again if it failed; closed by `store.close()`.
 *
 * @example `writerThread(ctx).open(jobId, attempt) // the attempt's sink`
 */
export function writerThread(ctx: StoreContext): WriterThread {
  if (ctx.writer instanceof WriterThread && ctx.writer.usable) return ctx.writer;
  void ctx.writer?.close();
  const thread = new WriterThread(ctx.config);
  ctx.writer = thread;
  return thread;
}
