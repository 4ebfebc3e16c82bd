import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RoothaanError, StoreConflictError } from '../../src/errors';
import * as store from '../../src/store';
import { deserializeError, serializeError } from '../../src/store/sink/protocol';
import { WriterThread, writerThread } from '../../src/store/sink/thread-sink';
import { densityKey } from '../../src/store/keys';
import { storeContext } from '../../src/store/store';
import { closeStores, geometryText, openStore } from './backends';

const WATER = geometryText('h2o_crawford.xyz');
const PARAMS = { basis_set: 'STO-3G' };

test.after(closeStores);

function home(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-writer-'));
}

test('errors cross the thread boundary as the classes they were thrown as', () => {
  const cases: Error[] = [
    new StoreConflictError('fenced'),
    new store.StoreUnavailableError('down'),
    new store.CheckpointCorruptError('bad'),
    new store.NotFoundError('gone'),
    new store.StorePermissionError('not yours'),
  ];
  for (const e of cases) {
    const back = deserializeError(serializeError(e));
    assert.is(back.constructor, e.constructor, e.name);
    assert.is(back.message, e.message);
  }
  const other = deserializeError(serializeError(new RoothaanError('SOMETHING', 'x')));
  assert.instance(other, RoothaanError);
  assert.is((other as RoothaanError).code, 'SOMETHING');
  const plain = deserializeError(serializeError(new TypeError('t')));
  assert.is(plain.name, 'TypeError');
  assert.is(deserializeError(serializeError('text')).message, 'text');
});

test('one writer thread serves every job of an open store, and a tiny in-flight bound still commits everything', async () => {
  const s = await openStore({ home: home(), user: 'alice@example.org' });
  const ctx = storeContext(s);
  const a = await store.runJob(s, { geometryText: WATER, filename: 'a.xyz', parameters: PARAMS }, { threads: 1 });
  const thread = ctx.writer;
  assert.ok(thread !== undefined && thread.usable);
  // 1 byte in flight: every enqueue waits for its own commit.
  const b = await store.runJob(s, { geometryText: WATER, filename: 'b.xyz', parameters: PARAMS }, { threads: 1, writer: { maxPendingBytes: 1 } });
  assert.is(ctx.writer, thread, 'the second job reused the thread');
  for (const out of [a, b]) {
    assert.is(out.status, 'done');
    const keys = (await s.checkpoints.list(out.jobId)).map((c) => c.key);
    for (let n = 1; n <= out.result!.iterations; n++) assert.ok(keys.includes(densityKey(out.jobId, n)), `density ${n} of ${out.jobId}`);
  }
  await s.close();
  assert.not.ok(thread!.usable, 'closed with the store');
});

test('a writer thread that cannot reach its database fails each writer with the reason; the store starts a new thread for the next job', async () => {
  const s = await openStore({ home: home(), user: 'alice@example.org' });
  const ctx = storeContext(s);
  // A thread pointed at a PostgreSQL port where nothing listens (the store itself is fine).
  const broken = new WriterThread({ ...ctx.config, database: { client: 'pg', url: 'postgres://postgres@127.0.0.1:9/none', schema: 'public' }, connectTimeoutMs: 500 });
  const w = broken.open('00000000-0000-4000-8000-000000000000', 1);
  await w.enqueue([{ key: 'x/y.bin', kind: 'density', iteration: 1, array: { shape: [1], data: new Float64Array([1]) } }]).catch(() => undefined);
  await w.settle();
  assert.instance(w.error, store.StoreUnavailableError);
  assert.match(w.error!.message, /cannot commit checkpoints: cannot reach the PostgreSQL database postgres:\/\/postgres@127\.0\.0\.1:9\/none/);
  await assert.not.throws(() => w.release());
  assert.not.ok(broken.usable);
  await broken.close();
  // The store's own thread, replaced when unusable.
  ctx.writer = broken;
  const fresh = writerThread(ctx);
  assert.is.not(fresh, broken);
  const out = await store.runJob(s, { geometryText: WATER, filename: 'c.xyz', parameters: PARAMS }, { threads: 1 });
  assert.is(out.status, 'done', out.error?.message);
  await s.close();
});

test.run();
