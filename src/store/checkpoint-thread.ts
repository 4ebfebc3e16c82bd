/**
 * The checkpoint writer thread of an open store (internal; started by {@link WriterThread}).
 *
 * Jobs' checkpoints are encoded (`.npy`), hashed (SHA-256), uploaded and committed here, on a
 * database connection of its own, so the thread that runs the SCF only hands matrices over.
 * Each attempt of a job has a channel with its own {@link CheckpointWriter}: batches commit in
 * the order they were sent, each answered with `committed`, and the channel's first failure
 * with `error` (after which that writer drops every later batch). If the thread cannot connect
 * at all, it answers `error` without a channel and ends.
 *
 * This module loads only the store's light parts (no integral engine, no SCF), so the thread
 * is ready while the main thread is still computing the integrals.
 *
 * @packageDocumentation
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CheckpointWriter } from './checkpoint-writer';
import { prepareArray, prepareText, type PreparedObject } from './checkpoints';
import type { StoreContext } from './context';
import { connectDatabase } from './database';
import { createDirectoryObjectStore } from './directory-object-store';
import { prepareEriObjects } from './eri-checkpoints';
import type { ObjectStore } from './object-store';
import { createS3ObjectStore } from './s3-object-store';
import { serializeError, type ThreadInit, type ThreadReply, type ThreadRequest } from './checkpoint-thread-protocol';
import { StoreUnavailableError } from './store-errors';

const port = parentPort!;
const init = workerData as ThreadInit;
const post = (m: ThreadReply): void => port.postMessage(m);

async function openContext(): Promise<StoreContext> {
  const db = await connectDatabase(init.config);
  const objects: ObjectStore =
    init.config.objects.kind === 's3' ? createS3ObjectStore(init.config.objects.s3) : createDirectoryObjectStore(init.config.objects.directory, { synchronousWrites: true });
  return { config: init.config, db, knex: db.knex, objects, user: init.config.user };
}

const ready = openContext();
ready.catch((err: unknown) => {
  const e = err instanceof StoreUnavailableError ? new StoreUnavailableError(`cannot commit checkpoints: ${err.message}`) : err;
  post({ type: 'error', error: serializeError(e) });
});

interface Channel {
  writer: CheckpointWriter;
  reported: boolean;
}
const channels = new Map<number, Channel>();

const failChannel = (id: number, ch: Channel, err: unknown): void => {
  if (ch.reported) return;
  ch.reported = true;
  post({ type: 'error', channel: id, error: serializeError(err) });
};

async function handle(m: ThreadRequest): Promise<void> {
  if (m.type === 'close') {
    const ctx = await ready.catch(() => undefined);
    await Promise.all([...channels.values()].map((c) => c.writer.settle()));
    if (ctx !== undefined) {
      ctx.objects.close();
      await ctx.db.knex.destroy().catch(() => undefined);
    }
    post({ type: 'closed' });
    // End the thread even if a client left a timer or socket behind (an unreachable server).
    process.exit(0);
  }
  if (m.type === 'end') {
    const ch = channels.get(m.channel);
    channels.delete(m.channel);
    await ch?.writer.settle();
    return;
  }
  let ctx: StoreContext;
  try {
    ctx = await ready;
  } catch {
    return; // reported once for the thread
  }
  let ch = channels.get(m.channel);
  if (ch === undefined) {
    const id = m.channel;
    const writer: CheckpointWriter = new CheckpointWriter(ctx, m.jobId, m.attempt, {
      ...(init.concurrency !== undefined ? { concurrency: init.concurrency } : {}),
      maxPending: Number.MAX_SAFE_INTEGER, // the main thread bounds what is in flight
      onCommit: () => post({ type: 'committed', channel: id, bytesWritten: writer.bytesWritten, busyMs: writer.busyMs }),
    });
    ch = { writer, reported: false };
    channels.set(id, ch);
  }
  const channel = ch;
  const objects: PreparedObject[] = m.objects.map((o) =>
    o.text !== undefined ? prepareText(o.key, o.kind, o.text) : prepareArray(o.key, o.kind, o.iteration, o.array!),
  );
  if (m.eris !== undefined) objects.push(...prepareEriObjects(m.jobId, m.eris.nbf, m.eris.packed));
  try {
    await channel.writer.enqueue(objects, m.events);
  } catch (err) {
    failChannel(m.channel, channel, err);
    return;
  }
  // A failure inside the batch surfaces through the writer: report it as soon as it happens.
  void channel.writer.settle().then(() => {
    if (channel.writer.error !== undefined) failChannel(m.channel, channel, channel.writer.error);
  });
}

// Requests are handled one after another, in the order they were sent.
let chain: Promise<void> = Promise.resolve();
port.on('message', (m: ThreadRequest) => {
  chain = chain.then(() => handle(m)).catch((err: unknown) => post({ type: 'error', error: serializeError(err) }));
});
