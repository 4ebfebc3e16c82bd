import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InvalidInputError } from '../../src/errors';
import * as store from '../../src/store';
import { geometryText } from './backends';

test('with nothing configured the store is a SQLite file and a directory tree under ./.roothaan', () => {
  const c = store.resolveStoreConfig({}, {});
  assert.is(c.home, path.resolve('.roothaan'));
  assert.equal(c.database, { client: 'sqlite', file: path.resolve('.roothaan', 'roothaan.sqlite') });
  assert.equal(c.objects, { kind: 'directory', directory: path.resolve('.roothaan', 'objects') });
  assert.is(c.sso, 'local');
  assert.is(c.migrate, true);
});

test('ROOTHAAN_HOME moves the data directory; DATABASE_URL selects PostgreSQL', () => {
  const c = store.resolveStoreConfig({}, { ROOTHAAN_HOME: '/tmp/rh', DATABASE_URL: 'postgres://u:pw@db:5432/x' });
  assert.is(c.home, '/tmp/rh');
  assert.equal(c.database, { client: 'pg', url: 'postgres://u:pw@db:5432/x', schema: 'public' });
  assert.equal(c.objects, { kind: 'directory', directory: '/tmp/rh/objects' });
});

test('S3 is chosen by ROOTHAAN_S3_BUCKET or AWS_ENDPOINT_URL_S3, with bucket ubcc3 by default', () => {
  const byEndpoint = store.resolveStoreConfig({}, { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000' });
  assert.equal(byEndpoint.objects, { kind: 's3', s3: { bucket: 'ubcc3', forcePathStyle: false, maxAttempts: 8, connectTimeoutMs: 5000, requestTimeoutMs: 30_000, endpoint: 'http://127.0.0.1:9000' } });
  const byBucket = store.resolveStoreConfig({}, { ROOTHAAN_S3_BUCKET: 'lab', ROOTHAAN_S3_FORCE_PATH_STYLE: '1', AWS_REGION: 'ca-central-1' });
  assert.equal(byBucket.objects, { kind: 's3', s3: { bucket: 'lab', forcePathStyle: true, maxAttempts: 8, connectTimeoutMs: 5000, requestTimeoutMs: 30_000, region: 'ca-central-1' } });
  const keys = store.resolveStoreConfig({}, { ROOTHAAN_S3_BUCKET: 'lab', AWS_ACCESS_KEY_ID: 'k', AWS_SECRET_ACCESS_KEY: 's' });
  assert.equal(keys.objects.kind === 's3' && keys.objects.s3.credentials, { accessKeyId: 'k', secretAccessKey: 's' });
});

test('the S3 and database timeouts and retries come from the environment, each checked', () => {
  const c = store.resolveStoreConfig({}, {
    ROOTHAAN_S3_BUCKET: 'lab', ROOTHAAN_S3_MAX_ATTEMPTS: '3', ROOTHAAN_S3_CONNECT_TIMEOUT_MS: '700', ROOTHAAN_S3_REQUEST_TIMEOUT_MS: '9000',
    ROOTHAAN_DB_CONNECT_TIMEOUT_MS: '1500', ROOTHAAN_DB_QUERY_TIMEOUT_MS: '4000', ROOTHAAN_DB_RETRY_SECONDS: '0',
  });
  assert.equal(c.objects.kind === 's3' && [c.objects.s3.maxAttempts, c.objects.s3.connectTimeoutMs, c.objects.s3.requestTimeoutMs], [3, 700, 9000]);
  assert.equal([c.connectTimeoutMs, c.queryTimeoutMs, c.dbRetrySeconds], [1500, 4000, 0]);
  const defaults = store.resolveStoreConfig({}, {});
  assert.equal([defaults.connectTimeoutMs, defaults.queryTimeoutMs, defaults.dbRetrySeconds], [5000, 30_000, 15]);
  assert.throws(() => store.resolveStoreConfig({}, { ROOTHAAN_DB_RETRY_SECONDS: 'soon' }), (e: Error) => e instanceof InvalidInputError && e.message === "ROOTHAAN_DB_RETRY_SECONDS: must be a whole number of at least 0, got 'soon'");
  assert.throws(() => store.resolveStoreConfig({}, { ROOTHAAN_S3_BUCKET: 'lab', ROOTHAAN_S3_MAX_ATTEMPTS: '0' }), /ROOTHAAN_S3_MAX_ATTEMPTS: must be a whole number of at least 1, got '0'/);
});

test('an explicit config wins over the environment', () => {
  const env = { ROOTHAAN_HOME: '/tmp/env-home', DATABASE_URL: 'postgres://db/x', ROOTHAAN_S3_BUCKET: 'env-bucket', ROOTHAAN_USER: 'env@example.org' };
  const c = store.resolveStoreConfig({ home: '/tmp/cfg', databaseUrl: 'postgres://other/y', objects: 'directory', user: 'cfg@example.org', sso: 'UBC' }, env);
  assert.is(c.home, '/tmp/cfg');
  assert.equal(c.database, { client: 'pg', url: 'postgres://other/y', schema: 'public' });
  assert.is(c.objects.kind, 'directory');
  assert.is(c.user, 'cfg@example.org');
  assert.is(c.sso, 'UBC');
});

test('the user comes from the config, then ROOTHAAN_USER, then JUPYTERHUB_USER, then <login>@localhost', () => {
  assert.is(store.resolveStoreConfig({}, { ROOTHAAN_USER: 'r@x.org', JUPYTERHUB_USER: 'j@x.org' }).user, 'r@x.org');
  assert.is(store.resolveStoreConfig({}, { JUPYTERHUB_USER: 'j@ubc.ca' }).user, 'j@ubc.ca');
  assert.is(store.resolveStoreConfig({}, { JUPYTERHUB_USER: 'jdoe' }).user, 'jdoe@localhost');
  let login = 'user';
  try {
    login = os.userInfo().username;
  } catch {
    // no passwd entry
  }
  assert.is(store.resolveStoreConfig({}, {}).user, `${login}@localhost`);
});

test('bad settings are InvalidInputErrors naming the setting', () => {
  const cases: Array<[store.StoreConfig, Record<string, string>, RegExp]> = [
    [{}, { DATABASE_URL: 'mysql://db/x' }, /DATABASE_URL must be a PostgreSQL URL/],
    [{ user: 'two words' }, {}, /must be an email address/],
    [{ sso: 'facebook' as store.SsoProvider }, {}, /sso must be one of google, UBC, local/],
    [{}, { ROOTHAAN_LEASE_SECONDS: 'soon' }, /lease/],
    [{ databaseUrl: 'postgres://db/x', schema: 'Bad-Name' }, {}, /schema name/],
  ];
  for (const [config, env, pattern] of cases) {
    assert.throws(() => store.resolveStoreConfig(config, env), (e: unknown) => e instanceof InvalidInputError && pattern.test((e as Error).message));
  }
  assert.is(store.redactUrl('postgres://u:secret@db:5432/x'), 'postgres://u:***@db:5432/x');
});

test('the migrations directory resolves from src/store and would from dist/store (../../migrations)', () => {
  assert.is(store.MIGRATIONS_DIRECTORY, path.resolve(__dirname, '../../migrations'));
  const files = fs.readdirSync(store.MIGRATIONS_DIRECTORY).filter((f) => f.endsWith('.js'));
  assert.ok(files.length >= 1);
  for (const f of files) {
    const m = require(path.join(store.MIGRATIONS_DIRECTORY, f)) as { up?: unknown; down?: unknown };
    assert.type(m.up, 'function', f);
    assert.type(m.down, 'function', f);
  }
});

test('open with migrate: false refuses a database that needs migrations, and says what to run', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-cfg-'));
  // Every migration the package ships, in order (each schema change adds one).
  const shipped = fs.readdirSync(store.MIGRATIONS_DIRECTORY).filter((f) => f.endsWith('.js')).sort();
  try {
    await store.open({ home, migrate: false, user: 'a@b.c' }, {});
    assert.unreachable('should refuse');
  } catch (err) {
    assert.instance(err, store.StoreUnavailableError);
    assert.match((err as Error).message, new RegExp(`needs ${shipped.length} migration\\(s\\).*roothaan db migrate`));
  }
  const applied = await store.migrate({ home }, {});
  assert.equal(applied.applied, shipped);
  assert.is(applied.applied[0], '20260601000000_job_store.js');
  const s = await store.open({ home, migrate: false, user: 'a@b.c' }, {});
  await s.close();
  fs.rmSync(home, { recursive: true, force: true });
});

test('several processes (a notebook and the CLI) can use one SQLite store at the same time', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-multi-'));
  const water = geometryText('h2o_crawford.xyz');
  const script = `
    const store = require(${JSON.stringify(path.resolve(__dirname, '../../src/store'))});
    (async () => {
      const s = await store.open({ home: process.env.H, user: process.env.U }, {});
      for (let i = 0; i < 8; i++) await s.jobs.submit({ geometryText: process.env.G, filename: 'w.xyz', parameters: { basis_set: 'STO-3G' }, name: process.env.U + ' ' + i, group: 'shared' });
      await s.close();
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const children = ['p1@x.org', 'p2@x.org', 'p3@x.org'].map(
    (user) =>
      new Promise<number | null>((resolve) => {
        const c = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], { env: { ...process.env, H: home, U: user, G: water }, stdio: ['ignore', 'ignore', 'inherit'] });
        c.on('exit', resolve);
      }),
  );
  // This process works on the same file meanwhile.
  const s = await store.open({ home, user: 'main@x.org' }, {});
  for (let i = 0; i < 8; i++) await s.jobs.submit({ geometryText: water, filename: 'w.xyz', parameters: { basis_set: 'STO-3G' } });
  assert.equal(await Promise.all(children), [0, 0, 0]);
  const all = await s.jobs.list({ user: 'all' });
  assert.is(all.length, 32);
  assert.is((await s.groups.list('all')).length, 3);
  assert.is((await s.database.knex.raw('PRAGMA journal_mode'))[0].journal_mode, 'wal');
  await s.close();
  fs.rmSync(home, { recursive: true, force: true });
});

test.run();
