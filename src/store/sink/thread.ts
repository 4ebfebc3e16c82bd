/**
 * The checkpoint writer thread of an open store (internal; started by `WriterThread`). Each
 * attempt has a channel (see `sink.ts` for the order kept): a batch's objects are written as soon
 * as it arrives (even while the database is still being opened), each commit answered with
 * `committed`, the channel's first failure with `error` (nothing more of it is written); a
 * database that cannot be opened at all is an `error` without a channel. Only the store's light
 * parts load here (no SCF, no integral engine).
 *
 * @packageDocumentation
 */
import { parentPort, workerData } from 'node:worker_threads';
import { StoreConflictError } from '../../errors';
import { prepareArray, prepareText, type PreparedObject } from '../checkpoints';
import type { StoreContext } from '../context';
import { connectDatabase, openDatabase } from '../database';
import { retryOnConnectionError } from '../db-retry';
import { createDirectoryObjectStore } from '../directory-object-store';
import { prepareEriObjects } from '../eri-checkpoints';
import { finish, getJob, heartbeat, submit } from '../lifecycle';
import type { ObjectStore } from '../object-store';
import { createS3ObjectStore } from '../s3-object-store';
import { NotFoundError, StoreUnavailableError } from '../store-errors';
import type { JobRow } from '../tables';
import { Committer, createLimiter, retryBudgetMs } from './committer';
import { heartbeatIntervalMs, stallLimitMs, WriterProgress } from './progress';
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

// Writes run as batches arrive, at most 16 at once (S3 requests; a directory store writes synchronously).
const limited = createLimiter(16);

/** Channels that failed: nothing more of theirs is written. */
const failedChannels = new Set<number>();
/** Writes per channel, for discarding a job that could not be recorded. */
const uploads = new Map<number, Promise<void>[]>();
/** The progress of each channel's writes (see `progress.ts`). */
const progress = new Map<number, WriterProgress>();
const progressOf = (channel: number): WriterProgress => {
  let p = progress.get(channel);
  if (p === undefined) progress.set(channel, (p = new WriterProgress()));
  return p;
};

interface Prepared {
  objects: PreparedObject[];
  uploaded: Promise<void>;
}

/** Encodes, hashes and starts writing a batch's objects as soon as it arrives. */
function prepareBatch(m: Extract<ThreadRequest, { type: 'batch' }>): Prepared {
  const prepared: PreparedObject[] = m.objects.map((o) => (o.text !== undefined ? prepareText(o.key, o.kind, o.text) : prepareArray(o.key, o.kind, o.iteration, o.array!)));
  if (m.eris !== undefined) prepared.push(...prepareEriObjects(m.jobId, m.eris.nbf, m.eris.packed, m.eris.fileBytes));
  if (failedChannels.has(m.channel)) return { objects: prepared, uploaded: Promise.resolve() };
  const p = progressOf(m.channel);
  p.batchQueued();
  const uploaded = Promise.all(prepared.map((o) => limited(() => objects.put(o.key, o.body)).then(() => p.advanced()))).then(() => undefined);
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
  /** Resolves with the reason once the writes stalled and the job was failed for it (see {@link failStalled}). */
  stalled: Promise<Error>;
  stall: (reason: Error) => void;
}

/** Waits until the channel's batches are committed or dropped, or its writes stalled (the reason). */
async function settled(ch: Channel): Promise<Error | undefined> {
  return Promise.race([ch.committer.settle().then(() => undefined), ch.stalled]);
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

/**
 * Keeps an attempt's lease alive while its writes make progress; a fenced-out attempt (stopped,
 * deleted, taken over) fails its channel, and writes stalled past `stallLimitMs` fail the job.
 */
function startHeartbeat(ctx: StoreContext, id: number, ch: Channel, jobId: string, attempt: number): void {
  stopHeartbeat(ch);
  ch.heartbeat = setInterval(() => {
    const stalledMs = progressOf(id).stalledMs();
    if (stalledMs >= stallLimitMs(ctx.config.leaseSeconds)) {
      stopHeartbeat(ch);
      void failStalled(ctx, id, ch, jobId, attempt, stalledMs);
      return;
    }
    heartbeat(ctx, jobId, attempt).catch((err: unknown) => {
      // An unreachable database is not fatal here: the next commit says so, or the lease expires.
      if (err instanceof StoreConflictError) failChannel(id, err);
    });
  }, heartbeatIntervalMs(ctx.config.leaseSeconds));
  ch.heartbeat.unref();
}

/**
 * The writes of an attempt made no progress for half its lease (an object store or database
 * that accepts connections but never answers): the job fails with the reason and an event, its
 * committed checkpoints intact and resumable, and nothing more of the attempt is written.
 */
async function failStalled(ctx: StoreContext, id: number, ch: Channel, jobId: string, attempt: number, stalledMs: number): Promise<void> {
  let reason: Error = new StoreUnavailableError(
    `writing the checkpoints of job ${jobId} to ${ctx.objects.location} and ${ctx.db.location} made no progress for ${(stalledMs / 1000).toFixed(1)} s ` +
      `(half the ${ctx.config.leaseSeconds} s lease); the job failed and can be resumed`,
  );
  failedChannels.add(id); // nothing more of this attempt commits
  try {
    await retryOnConnectionError(
      () => finish(ctx.knex, jobId, attempt, 'failed', { error: reason.message }, { kind: 'error', name: 'STORE_UNAVAILABLE', metadata: { message: reason.message } }),
      retryBudgetMs(ctx),
    );
  } catch (err) {
    // Another process owns the job now (this one was frozen past its lease): say that instead.
    // Or the database is the one not answering: then the lease, no longer extended, expires and
    // the job can be resumed.
    if (err instanceof StoreConflictError) reason = err;
  }
  ch.stall(reason);
  post({ type: 'error', channel: id, error: serializeError(reason) });
}

async function call(ctx: StoreContext, id: number, ch: Channel, jobId: string, attempt: number, c: ChannelCall): Promise<unknown> {
  switch (c.op) {
    case 'submit': {
      try {
        // Repeatable: a retry first looks for the job a lost reply may have recorded.
        const recorded = (): Promise<JobRow | undefined> => getJob(ctx.knex, jobId).catch((err: unknown) => (err instanceof NotFoundError ? undefined : Promise.reject(err)));
        const job = await retryOnConnectionError(() => submit(ctx, c.submission, c.owner), retryBudgetMs(ctx), recorded);
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
    case 'finish': {
      // A failed attempt is recorded as failed even when its checkpoints could not be written;
      // one whose writes stalled has been failed already (failStalled).
      const stalled = await settled(ch);
      if (stalled !== undefined) throw stalled;
      if (c.status !== 'failed' && ch.committer.error !== undefined) throw ch.committer.error;
      stopHeartbeat(ch);
      // Repeatable: a retry first checks whether a lost reply had finished it.
      const finished = async (): Promise<true | undefined> => {
        const row = await getJob(ctx.knex, jobId);
        return row.attempt === attempt && row.status === c.status ? true : undefined;
      };
      await retryOnConnectionError(() => finish(ctx.knex, jobId, attempt, c.status, c.values, c.event).then(() => true as const), retryBudgetMs(ctx), finished);
      return getJob(ctx.knex, jobId);
    }
    case 'job':
      return getJob(ctx.knex, jobId).catch(() => null);
  }
}

function channelFor(ctx: StoreContext, id: number, jobId: string, attempt: number): Channel {
  let ch = channels.get(id);
  if (ch === undefined) {
    const committer: Committer = new Committer(ctx, jobId, attempt, () => {
      progressOf(id).batchDone();
      post({ type: 'committed', channel: id, bytesWritten: committer.bytesWritten, busyMs: committer.busyMs });
    });
    let stall: (reason: Error) => void = () => undefined;
    const stalled = new Promise<Error>((resolve) => (stall = resolve));
    channels.set(id, (ch = { committer, stalled, stall }));
  }
  return ch;
}

async function handle(m: ThreadRequest, batch: Prepared | undefined): Promise<void> {
  if (m.type === 'close') {
    const ctx = await ready.catch(() => undefined);
    for (const c of channels.values()) stopHeartbeat(c);
    await Promise.all([...channels.values()].map((c) => settled(c)));
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
    if (ch !== undefined) await settled(ch);
    uploads.delete(m.channel);
    progress.delete(m.channel);
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
