/**
 * The checkpoint writer thread of an open store (internal; started by `WriterThread`).
 *
 * Each attempt of a job has a channel: a batch's objects are encoded (`.npy`), hashed and written
 * as soon as it arrives (even while the database is still being opened), and its rows commit in
 * one fenced transaction per batch, in the order the batches were sent, each answered with
 * `committed`; the channel's first failure is answered with `error` (after which nothing more of
 * it is written). Its lifecycle calls (`ChannelCall`) run in the same order. If the thread cannot
 * open the database at all, it answers `error` without a channel. Only the store's light parts are
 * loaded here (no SCF, no integral engine), so the thread is ready while the integrals compute.
 *
 * @packageDocumentation
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RoothaanError, StoreConflictError } from '../../errors';
import { checkpointValues, prepareArray, prepareText, type PreparedObject } from '../checkpoints';
import type { StoreContext } from '../context';
import { connectDatabase, openDatabase } from '../database';
import { createDirectoryObjectStore } from '../directory-object-store';
import { prepareEriObjects } from '../eri-checkpoints';
import type { JobEventInput } from '../events';
import { fence, finish, getJob, heartbeat, submit } from '../lifecycle';
import type { ObjectStore } from '../object-store';
import { createS3ObjectStore } from '../s3-object-store';
import { StoreUnavailableError } from '../store-errors';
import { eventValues, tables } from '../tables';
import { serializeError, type ChannelCall, type ThreadInit, type ThreadReply, type ThreadRequest } from './protocol';

const port = parentPort!;
const init = workerData as ThreadInit;
const post = (m: ThreadReply): void => port.postMessage(m);

// The object store needs no database: checkpoints are written to it while the database is still
// being opened, and committed (their rows) once it is.
const objects: ObjectStore =
  init.config.objects.kind === 's3' ? createS3ObjectStore(init.config.objects.s3) : createDirectoryObjectStore(init.config.objects.directory, { synchronousWrites: true });

async function openContext(): Promise<StoreContext> {
  // Opened here (runOnce): the user as the database sees it; else the store's, settled when it opened.
  const db = init.prepare === true ? await openDatabase(init.config) : { ...(await connectDatabase(init.config)), user: init.config.user };
  const user = db.user;
  return { config: { ...init.config, user }, db, knex: db.knex, objects, user };
}

const ready = openContext();
ready.catch((err: unknown) => {
  const e = err instanceof StoreUnavailableError && init.prepare !== true ? new StoreUnavailableError(`cannot commit checkpoints: ${err.message}`) : err;
  post({ type: 'error', error: serializeError(e) });
});

/** At most `limit` tasks at once (S3 requests), the others in turn. */
function createLimiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
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
class Committer {
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
          await commitCheckpoints(this.ctx, this.jobId, this.attempt, objects, events);
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

// Writes run as batches arrive, at most 16 at once (S3 requests; a directory store writes synchronously).
const limited = createLimiter(16);

/** Channels that failed: nothing more of theirs is written. */
const failedChannels = new Set<number>();
/** Writes per channel, for discarding a job that could not be recorded. */
const uploads = new Map<number, Promise<void>[]>();

interface Prepared {
  objects: PreparedObject[];
  uploaded: Promise<void>;
}

/** Encodes, hashes and starts writing a batch's objects as soon as it arrives. */
function prepareBatch(m: Extract<ThreadRequest, { type: 'batch' }>): Prepared {
  const prepared: PreparedObject[] = m.objects.map((o) => (o.text !== undefined ? prepareText(o.key, o.kind, o.text) : prepareArray(o.key, o.kind, o.iteration, o.array!)));
  if (m.eris !== undefined) prepared.push(...prepareEriObjects(m.jobId, m.eris.nbf, m.eris.packed, m.eris.fileBytes));
  if (failedChannels.has(m.channel)) return { objects: prepared, uploaded: Promise.resolve() };
  const uploaded = Promise.all(prepared.map((o) => limited(() => objects.put(o.key, o.body)))).then(() => undefined);
  uploaded.catch(() => undefined); // observed when the batch commits
  let list = uploads.get(m.channel);
  if (list === undefined) uploads.set(m.channel, (list = []));
  list.push(uploaded);
  return { objects: prepared, uploaded };
}

/** A job this thread was to record could not be: remove the objects already written for it. */
async function discardJob(channel: number, jobId: string): Promise<void> {
  failedChannels.add(channel);
  await Promise.allSettled(uploads.get(channel) ?? []);
  uploads.delete(channel);
  await objects.deletePrefix(`${jobId}/`).catch(() => undefined);
}

interface Channel {
  committer: Committer;
  /** The lease heartbeat of the attempt, while it runs. */
  heartbeat?: NodeJS.Timeout;
}
const channels = new Map<number, Channel>();

/** A channel's first failure is reported; after it, nothing more of the channel is written. */
const failChannel = (id: number, err: unknown): void => {
  if (failedChannels.has(id)) return;
  failedChannels.add(id);
  post({ type: 'error', channel: id, error: serializeError(err) });
};

function stopHeartbeat(ch: Channel | undefined): void {
  if (ch?.heartbeat !== undefined) clearInterval(ch.heartbeat);
  if (ch !== undefined) delete ch.heartbeat;
}

/** Keeps an attempt's lease alive; a fenced-out attempt (stopped, deleted, taken over) fails its channel. */
function startHeartbeat(ctx: StoreContext, id: number, ch: Channel, jobId: string, attempt: number): void {
  stopHeartbeat(ch);
  ch.heartbeat = setInterval(() => {
    heartbeat(ctx, jobId, attempt).catch((err: unknown) => {
      // An unreachable database is not fatal here: the next commit says so, or the lease expires.
      if (err instanceof StoreConflictError) failChannel(id, err);
    });
  }, Math.max(1000, (ctx.config.leaseSeconds * 1000) / 3));
  ch.heartbeat.unref();
}

async function call(ctx: StoreContext, id: number, ch: Channel, jobId: string, attempt: number, c: ChannelCall): Promise<unknown> {
  switch (c.op) {
    case 'submit': {
      try {
        const job = await submit(ctx, c.submission, c.owner);
        startHeartbeat(ctx, id, ch, jobId, attempt);
        return job;
      } catch (err) {
        failChannel(id, err); // nothing was recorded: later batches must not be either
        await discardJob(id, jobId);
        throw err;
      }
    }
    case 'heartbeat':
      startHeartbeat(ctx, id, ch, jobId, attempt);
      return null;
    case 'finish':
      // A failed attempt is recorded as failed even when its checkpoints could not be written.
      await ch.committer.settle();
      if (c.status !== 'failed' && ch.committer.error !== undefined) throw ch.committer.error;
      stopHeartbeat(ch);
      await finish(ctx.knex, jobId, attempt, c.status, c.values, c.event);
      return getJob(ctx.knex, jobId);
    case 'job':
      return getJob(ctx.knex, jobId).catch(() => null);
  }
}

function channelFor(ctx: StoreContext, id: number, jobId: string, attempt: number): Channel {
  let ch = channels.get(id);
  if (ch === undefined) {
    const committer: Committer = new Committer(ctx, jobId, attempt, () => post({ type: 'committed', channel: id, bytesWritten: committer.bytesWritten, busyMs: committer.busyMs }));
    channels.set(id, (ch = { committer }));
  }
  return ch;
}

async function handle(m: ThreadRequest, batch: Prepared | undefined): Promise<void> {
  if (m.type === 'close') {
    const ctx = await ready.catch(() => undefined);
    for (const c of channels.values()) stopHeartbeat(c);
    await Promise.all([...channels.values()].map((c) => c.committer.settle()));
    objects.close();
    if (ctx !== undefined) await ctx.db.knex.destroy().catch(() => undefined);
    post({ type: 'closed' });
    // End the thread even if a client left a timer or socket behind (an unreachable server).
    process.exit(0);
  }
  if (m.type === 'end') {
    const ch = channels.get(m.channel);
    channels.delete(m.channel);
    stopHeartbeat(ch);
    await ch?.committer.settle();
    uploads.delete(m.channel);
    return;
  }
  let ctx: StoreContext;
  try {
    ctx = await ready;
  } catch (err) {
    // Reported once for the thread; a call still gets its answer.
    if (m.type === 'call') {
      if (m.call.op === 'submit') await discardJob(m.channel, m.jobId);
      post({ type: 'reply', id: m.id, error: serializeError(err) });
    }
    return;
  }
  const channel = channelFor(ctx, m.channel, m.jobId, m.attempt);
  if (m.type === 'call') {
    try {
      post({ type: 'reply', id: m.id, value: await call(ctx, m.channel, channel, m.jobId, m.attempt, m.call) });
    } catch (err) {
      post({ type: 'reply', id: m.id, error: serializeError(err) });
    }
    return;
  }
  if (failedChannels.has(m.channel)) return; // failed: nothing more commits on this channel
  channel.committer.add(batch!.objects, batch!.uploaded, m.events);
  // A failure inside the batch surfaces through the committer: report it as soon as it happens.
  void channel.committer.settle().then(() => {
    if (channel.committer.error !== undefined) failChannel(m.channel, channel.committer.error);
  });
}

// Requests are handled one after another, in the order they were sent.
let chain: Promise<void> = Promise.resolve();
port.on('message', (m: ThreadRequest) => {
  const batch = m.type === 'batch' ? prepareBatch(m) : undefined;
  chain = chain.then(() => handle(m, batch)).catch((err: unknown) => post({ type: 'error', error: serializeError(err) }));
});
