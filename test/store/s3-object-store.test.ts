import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as store from '../../src/store';
import { createS3ObjectStore } from '../../src/store/s3-object-store';
import { startTcpProxy } from '../helpers/tcp-proxy';
import { closeStores, geometryText, makeBackend, openStore, postgresAvailable, s3Config, startS3, type S3Server } from './backends';

let s3: S3Server;
test.before(async () => {
  s3 = await startS3();
});
test.after(async () => {
  await closeStores();
  await s3.stop();
});

/** The s3rver settings with the store's default attempts and timeouts (s3Config pins one attempt). */
const withDefaults = (endpoint: string): NonNullable<store.StoreConfig['s3']> => {
  const { maxAttempts: _one, ...rest } = s3Config(endpoint);
  return rest;
};

test('the AWS SDK prints no Node-version notice on stderr', async () => {
  const script = `
    const { createS3ObjectStore } = require(${JSON.stringify(path.resolve(__dirname, '../../src/store/s3-object-store'))});
    const o = createS3ObjectStore(${JSON.stringify({ ...s3Config(s3.endpoint), bucket: 'ubcc3' })});
    o.put('notice/x.bin', Buffer.from('x')).then(() => o.get('notice/x.bin')).then((b) => { process.stdout.write(b.toString()); o.close(); });
  `;
  const env = { ...process.env };
  delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  // Not spawnSync: the s3rver in this process must keep answering.
  const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ['--require', 'tsx/cjs', '-e', script], { encoding: 'utf8', env, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ status: err === null ? 0 : ((err as { code?: number }).code ?? 1), stdout, stderr }),
    );
  });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, 'x');
  assert.is(r.stderr, '', 'nothing on stderr');
});

test('a blackholed endpoint (accepts, never answers) fails each request within its timeouts', async () => {
  const hole = await startTcpProxy(s3.port);
  hole.blackhole();
  const objects = createS3ObjectStore({ ...withDefaults(`http://127.0.0.1:${hole.port}`), bucket: 'ubcc3', maxAttempts: 2, requestTimeoutMs: 500 });
  const t0 = Date.now();
  try {
    // Without a timeout this never settles: race it against 15 s.
    const outcome = await Promise.race([
      objects.put('hole/x.bin', Buffer.from('x')).then(() => 'stored', (err: Error) => err),
      new Promise((r) => setTimeout(() => r('hung'), 15_000)),
    ]);
    assert.instance(outcome, store.StoreUnavailableError);
    assert.match((outcome as Error).message, /cannot write 'hole\/x\.bin' in s3:\/\/ubcc3 at http:\/\/127\.0\.0\.1:\d+: .*TimeoutError/);
    // Two attempts of 0.5 s and one 0.2 s backoff; generous for a loaded machine.
    assert.ok(Date.now() - t0 < 5000, `failed after ${Date.now() - t0} ms`);
  } finally {
    objects.close();
    await hole.close();
  }
});

test('s3rver stopped for 3 s and restarted on the same port: a write during the outage is retried and lands', async () => {
  const own = await startS3();
  const objects = createS3ObjectStore({ ...withDefaults(own.endpoint), bucket: 'ubcc3' });
  try {
    await objects.put('blip/before.bin', Buffer.from('a'));
    await own.stop();
    const restarted = new Promise<S3Server>((resolve) => setTimeout(() => resolve(startS3(own.port, own.directory)), 3000));
    const t0 = Date.now();
    await objects.put('blip/during.bin', Buffer.from('b'));
    assert.ok(Date.now() - t0 >= 2500, `the write waited for the server (${Date.now() - t0} ms)`);
    assert.is((await objects.get('blip/during.bin')).toString(), 'b');
    await (await restarted).stop();
  } finally {
    objects.close();
  }
});

test('a job whose S3 is stopped for 3 s mid-run and restarted on the same port ends done', async () => {
  const pg = await postgresAvailable();
  for (const database of pg ? (['sqlite', 'pg'] as const) : (['sqlite'] as const)) {
    const own = await startS3();
    const b = makeBackend(database, 's3', own.endpoint, 's3blip');
    let restarted: Promise<S3Server> | undefined;
    try {
      const config = { ...b.config(), s3: withDefaults(own.endpoint), leaseSeconds: 20 };
      const s = await openStore(config);
      const ref = await store.runJob(s, { geometryText: geometryText('h2o_crawford.xyz'), filename: 'w.xyz', parameters: { basis_set: 'STO-3G' } }, { threads: 1 });
      assert.is(ref.status, 'done', b.name);
      let recordedJob: () => void = () => undefined;
      const recorded = new Promise<void>((resolve) => (recordedJob = resolve));
      const out = await store.runJob(s, { geometryText: geometryText('h2o_crawford.xyz'), filename: 'w.xyz', parameters: { basis_set: 'STO-3G' } }, {
        threads: 1,
        onJob: () => recordedJob(),
        onIteration: async (r) => {
          if (r.iteration !== 2) return;
          await recorded; // the job is recorded and running
          await own.stop();
          restarted = new Promise((resolve) => setTimeout(() => resolve(startS3(own.port, own.directory)), 3000));
        },
      });
      assert.ok(restarted !== undefined, `${b.name}: the outage happened mid-run`);
      assert.is(out.status, 'done', `${b.name}: ${out.error?.message}`);
      assert.is(out.job.status, 'done', b.name);
      // Same SCF, same energy: nothing was skipped or changed by the outage.
      assert.ok(Math.abs(out.result!.energy - ref.result!.energy) < 1e-10, b.name);
      const rows = await s.checkpoints.list(out.jobId);
      assert.ok(rows.some((r) => r.key.endsWith(`density_${out.result!.iterations}.bin`)), `${b.name}: the last density is committed`);
      await s.close();
    } finally {
      await (await restarted)?.stop();
      await own.stop();
      await closeStores();
      await b.cleanup();
    }
  }
});

test.run();
