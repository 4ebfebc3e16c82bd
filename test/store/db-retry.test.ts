import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StoreConflictError } from '../../src/errors';
import * as store from '../../src/store';
import { dbRetryDelayMs, isConnectionError, retryOnConnectionError } from '../../src/store/db-retry';
import { startTcpProxy } from '../helpers/tcp-proxy';
import { closeStores, dropSchema, geometryText, openStore, PG_URL, postgresAvailable, uniqueSchema } from './backends';

const coded = (code: string, message = code): Error => Object.assign(new Error(message), { code });

test('connection errors are told from statement errors', () => {
  for (const e of [coded('ECONNREFUSED'), coded('ECONNRESET'), coded('57P01', 'terminating connection due to administrator command'), new Error('Connection terminated unexpectedly'), Object.assign(new Error('Knex: Timeout acquiring a connection.'), { name: 'KnexTimeoutError' })]) {
    assert.ok(isConnectionError(e), e.message);
  }
  for (const e of [coded('23505', 'duplicate key value violates unique constraint'), new StoreConflictError('attempt 1 is no longer current'), new Error('syntax error'), undefined]) {
    assert.not.ok(isConnectionError(e), String(e));
  }
});

test('the backoff is 0.2 s doubling, at most 2 s', () => {
  assert.equal([1, 2, 3, 4, 5, 6].map(dbRetryDelayMs), [200, 400, 800, 1600, 2000, 2000]);
});

test('a write is retried while its connection fails, within the budget; other errors fail at once', async () => {
  let calls = 0;
  assert.is(await retryOnConnectionError(async () => (++calls < 3 ? Promise.reject(coded('ECONNRESET')) : 'ok'), 5000), 'ok');
  assert.is(calls, 3);
  calls = 0;
  const refused = await retryOnConnectionError(async () => (calls++, Promise.reject(coded('23505', 'duplicate key'))), 5000).catch((e: Error) => e);
  assert.is((refused as Error).message, 'duplicate key');
  assert.is(calls, 1);
  // Out of budget: the connection error itself.
  const t0 = Date.now();
  const gaveUp = await retryOnConnectionError(() => Promise.reject(coded('ECONNREFUSED')), 700).catch((e: Error) => e);
  assert.is((gaveUp as NodeJS.ErrnoException).code, 'ECONNREFUSED');
  assert.ok(Date.now() - t0 < 1500);
  // A retry first asks whether the lost reply had done it.
  calls = 0;
  assert.is(await retryOnConnectionError(async () => (calls++, Promise.reject(coded('ECONNRESET'))), 5000, async () => 'already'), 'already');
  assert.is(calls, 1);
});

test('PostgreSQL cut for 3 s mid-run (every connection reset, new ones refused) leaves the job done', async () => {
  if (!(await postgresAvailable())) return;
  const proxy = await startTcpProxy(Number(new URL(PG_URL).port || 5432));
  const url = new URL(PG_URL);
  url.host = `127.0.0.1:${proxy.port}`;
  const schema = uniqueSchema('pgcut');
  let cut: Promise<void> | undefined;
  try {
    const s = await openStore({ databaseUrl: url.toString(), schema, objects: 'directory', home: `/tmp/${schema}`, user: 'alice@example.org', connectTimeoutMs: 2000, leaseSeconds: 20 });
    let recordedJob: () => void = () => undefined;
    const recorded = new Promise<void>((resolve) => (recordedJob = resolve));
    const out = await store.runJob(s, { geometryText: geometryText('h2o_crawford.xyz'), filename: 'w.xyz', parameters: { basis_set: 'STO-3G' } }, {
      threads: 1,
      onJob: () => recordedJob(),
      onIteration: async (r) => {
        if (r.iteration !== 2) return;
        await recorded; // the job is recorded and running
        cut = proxy.cut(3000);
      },
    });
    assert.ok(cut !== undefined, 'the cut happened mid-run');
    assert.is(out.status, 'done', out.error?.message);
    assert.is(out.job.status, 'done');
    await cut;
    // Every iteration's density is committed, and exactly once.
    const rows = (await s.checkpoints.list(out.jobId)).filter((r) => r.kind === 'density');
    assert.equal(rows.map((r) => r.iteration).sort((a, b) => a! - b!), Array.from({ length: out.result!.iterations }, (_, i) => i + 1));
    await s.close();
  } finally {
    await cut;
    await closeStores();
    await proxy.close();
    await dropSchema(schema);
  }
});

test('PostgreSQL frozen mid-run (connections open, nothing answered): the timeouts end the hang, the lease runs out, and the job resumes', async () => {
  if (!(await postgresAvailable())) return;
  const proxy = await startTcpProxy(Number(new URL(PG_URL).port || 5432));
  const url = new URL(PG_URL);
  url.host = `127.0.0.1:${proxy.port}`;
  const schema = uniqueSchema('pgfreeze');
  const LEASE = 4;
  try {
    const config = { databaseUrl: url.toString(), schema, objects: 'directory' as const, home: `/tmp/${schema}`, user: 'alice@example.org', connectTimeoutMs: 1000, queryTimeoutMs: 1000, dbRetrySeconds: 2, leaseSeconds: LEASE };
    const s = await openStore(config);
    const input = { geometryText: geometryText('h2o_crawford.xyz'), filename: 'w.xyz', parameters: { basis_set: 'STO-3G' } };
    let recordedJob: (id: string) => void = () => undefined;
    const recorded = new Promise<string>((resolve) => (recordedJob = resolve));
    let frozenAt = 0;
    const run = store.runJob(s, input, {
      threads: 1,
      onJob: (job) => recordedJob(job.id),
      onIteration: async (r) => {
        if (r.iteration !== 2) return;
        await recorded;
        proxy.freeze();
        frozenAt = Date.now();
      },
    });
    // Without statement timeouts the writer would wait on its frozen connection forever.
    const out = await Promise.race([run, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 60_000))]);
    assert.ok(out !== 'hung', 'the run ended');
    assert.ok(frozenAt > 0, 'frozen mid-run');
    assert.is(out.status, 'failed');
    assert.instance(out.error, store.StoreUnavailableError);
    const jobId = await recorded;
    proxy.forward();
    await new Promise((r) => setTimeout(r, 500)); // the pools see their cut connections close
    // The end could not be recorded; the lease, no longer extended, runs out, and the job resumes.
    const row = await s.jobs.get(jobId);
    assert.is(row.status, 'running');
    assert.ok(row.lease_expires_at!.getTime() <= frozenAt + LEASE * 1000 + 500, 'the lease was not extended after the freeze');
    const resumed = await store.resumeJob(s, jobId, { threads: 1 });
    assert.is(resumed.status, 'done', resumed.error?.message);
    await s.close();
  } finally {
    await closeStores();
    await proxy.close();
    await dropSchema(schema);
  }
});

test.run();
