import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CliContext } from '../../src/cli/context';
import { main } from '../../src/cli/main';
import { runCli } from '../cli/helpers';
import * as store from '../../src/store';
import { allBackends, closeStores, openStore, geometryText, startS3, type Backend, type S3Server } from './backends';

/** Runs `roothaan` in this process (main(), so the same exit codes), with the store configured through the environment only. */
const cli = (argv: string[], env: Record<string, string | undefined>) => runCli(argv, env);

let s3: S3Server;
let backends: Backend[] = [];
const WATER = geometryText('h2o_crawford.xyz');

test.before(async () => {
  s3 = await startS3();
  backends = await allBackends('cli', s3.endpoint);
});

test.after(async () => {
  await closeStores();
  for (const b of backends) await b.cleanup();
  await s3.stop();
});

/** The environment that selects a backend the way users do (no config object). */
function envFor(b: Backend, user = 'alice@example.org'): Record<string, string | undefined> {
  const c = b.config(user);
  return {
    ROOTHAAN_HOME: c.home,
    ROOTHAAN_USER: user,
    ...(c.databaseUrl !== undefined ? { DATABASE_URL: c.databaseUrl, ROOTHAAN_DB_SCHEMA: c.schema } : {}),
    ...(c.objects === 's3'
      ? {
          AWS_ENDPOINT_URL_S3: c.s3!.endpoint,
          ROOTHAAN_S3_FORCE_PATH_STYLE: '1',
          AWS_ACCESS_KEY_ID: 'S3RVER',
          AWS_SECRET_ACCESS_KEY: 'S3RVER',
          AWS_REGION: 'us-east-1',
        }
      : {}),
  };
}

/** Opens the store with the same environment as the CLI. */
async function openLike(env: Record<string, string | undefined>): Promise<store.Store> {
  return openStore({}, env);
}

test('db migrate applies the migrations once, then reports the database up to date', async () => {
  for (const b of backends) {
    const env = envFor(b);
    const first = await cli(['db', 'migrate', '--json'], env);
    assert.is(first.code, 0, `${b.name}: ${first.stderr}`);
    const again = await cli(['db', 'migrate'], env);
    assert.is(again.code, 0, b.name);
    assert.match(again.stdout, /up to date/, b.name);
  }
});

test('jobs list, show --json, stop and delete work through the environment configuration', async () => {
  for (const b of backends) {
    const env = envFor(b);
    const s = await openLike(env);
    assert.is(s.objects.kind, b.objects, b.name);
    const out = await store.runJob(s, { geometryText: WATER, filename: 'water.xyz', parameters: { basis_set: 'STO-3G', max_iteration: 3 }, name: 'cli water' }, { threads: 1 });
    const pending = await s.jobs.submit({ geometryText: WATER, filename: 'w2.xyz', parameters: { basis_set: 'STO-3G' } });
    await s.close();

    const list = await cli(['jobs', 'list', '--json'], env);
    assert.is(list.code, 0, `${b.name}: ${list.stderr}`);
    const ids = (JSON.parse(list.stdout) as { jobs: Array<{ id: string }> }).jobs.map((j) => j.id);
    assert.ok(ids.includes(out.jobId) && ids.includes(pending.id), b.name);
    const failedOnly = JSON.parse((await cli(['jobs', 'list', '--status', 'failed', '--json'], env)).stdout) as { jobs: Array<{ id: string }> };
    assert.equal(failedOnly.jobs.map((j) => j.id), [out.jobId], b.name);
    const text = await cli(['jobs', 'list'], env);
    assert.match(text.stdout, /cli water/, b.name);

    const show = await cli(['jobs', 'show', out.jobId, '--json'], env);
    assert.is(show.code, 0, b.name);
    const j = JSON.parse(show.stdout) as { status: string; iterations: number; error: string; checkpoints: Array<{ key: string; sha256: string }> };
    assert.is(j.status, 'failed', b.name);
    assert.is(j.iterations, 3, b.name);
    assert.match(j.error, /did not converge/, b.name);
    assert.ok(j.checkpoints.some((c) => c.key === `${out.jobId}/densities/density_3.bin` && /^[0-9a-f]{64}$/.test(c.sha256)), b.name);
    const showText = await cli(['jobs', 'show', out.jobId, '--events'], env);
    assert.match(showText.stdout, /status {5}failed/, b.name);
    assert.match(showText.stdout, /iteration 3/, b.name);

    const stop = await cli(['jobs', 'stop', pending.id, '--json'], env);
    assert.equal(JSON.parse(stop.stdout), { job_id: pending.id, status: 'stopped' }, b.name);
    const del = await cli(['jobs', 'delete', pending.id, '--json'], env);
    assert.is(del.code, 0, b.name);
    assert.is((JSON.parse(del.stdout) as { objects: number }).objects, 2, b.name);
  }
});

test('resume continues a failed job to convergence (exit 0) and refuses a done one (exit 1)', async () => {
  for (const b of backends) {
    const env = envFor(b);
    const s = await openLike(env);
    const out = await store.runJob(s, { geometryText: WATER, filename: 'water.xyz', parameters: { basis_set: 'STO-3G', max_iteration: 2 } }, { threads: 1 });
    await s.close();
    const r = await cli(['resume', out.jobId, '--max-iterations', '50', '--threads', '1', '--json'], env);
    assert.is(r.code, 0, `${b.name}: ${r.stderr}`);
    const o = JSON.parse(r.stdout) as { job_id: string; status: string; energy: number; converged: boolean };
    assert.is(o.status, 'done', b.name);
    assert.is(o.converged, true, b.name);
    const again = await cli(['resume', out.jobId], env);
    assert.is(again.code, 1, b.name);
    assert.match(again.stderr, /is done/, b.name);
    const text = await cli(['resume', '00000000-0000-4000-8000-000000000000'], env);
    assert.is(text.code, 1, b.name);
    assert.match(text.stderr, /no job 00000000/, b.name);
  }
});

test('a resume that fails again exits 2 with the reason', async () => {
  const b = backends[0]!;
  const env = envFor(b);
  const s = await openLike(env);
  const out = await store.runJob(s, { geometryText: WATER, filename: 'water.xyz', parameters: { basis_set: 'STO-3G', max_iteration: 2 } }, { threads: 1 });
  await s.close();
  const r = await cli(['resume', out.jobId, '--max-iterations', '3', '--threads', '1'], env);
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stdout, /failed \(SCF did not converge/);
});

test('groups create, add, show, rename, remove and list; another user may not change them', async () => {
  for (const b of backends) {
    const env = envFor(b);
    const s = await openLike(env);
    const job = await s.jobs.submit({ geometryText: WATER, filename: 'w.xyz', parameters: { basis_set: 'STO-3G' } });
    await s.close();
    assert.is((await cli(['groups', 'create', 'cli-set'], env)).code, 0, b.name);
    assert.is((await cli(['groups', 'add', 'cli-set', job.id], env)).code, 0, b.name);
    const show = JSON.parse((await cli(['groups', 'show', 'cli-set', '--json'], env)).stdout) as { id: string; jobs: Array<{ id: string }> };
    assert.equal(show.jobs.map((j) => j.id), [job.id], b.name);
    const eve = await cli(['groups', 'rename', show.id, 'stolen'], envFor(b, 'eve@example.org'));
    assert.is(eve.code, 1, b.name);
    assert.match(eve.stderr, /only its owner may rename/, b.name);
    assert.is((await cli(['groups', 'rename', 'cli-set', 'cli-set-2'], env)).code, 0, b.name);
    assert.is((await cli(['groups', 'remove', 'cli-set-2', job.id], env)).code, 0, b.name);
    const list = JSON.parse((await cli(['groups', 'list', '--json'], env)).stdout) as { groups: Array<{ name: string; jobs: number }> };
    assert.equal(list.groups.find((g) => g.name === 'cli-set-2')?.jobs, 0, b.name);
  }
});

test('users show reports the current user and counts one login for a session of commands', async () => {
  for (const b of backends) {
    const env = envFor(b, 'frank@example.org');
    const first = JSON.parse((await cli(['users', 'show', '--json'], env)).stdout) as { username: string; login_count: number; sso: string };
    const second = JSON.parse((await cli(['users', 'show', '--json'], env)).stdout) as { login_count: number };
    assert.is(first.username, 'frank@example.org', b.name);
    assert.is(first.sso, 'local', b.name);
    assert.is(first.login_count, 1, b.name);
    assert.is(second.login_count, first.login_count, `${b.name}: two commands in one session are one login`);
    const missing = await cli(['users', 'show', 'ghost@example.org'], env);
    assert.is(missing.code, 1, b.name);
  }
});

test('a malformed job id and an unreachable database are one-line errors with exit code 1', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-cli-'));
  const bad = await cli(['jobs', 'show', 'xyz'], { ROOTHAAN_HOME: home, ROOTHAAN_USER: 'a@b.c' });
  assert.is(bad.code, 1);
  assert.match(bad.stderr, /malformed job id 'xyz'/);
  const down = await cli(['jobs', 'list'], { DATABASE_URL: 'postgres://x@127.0.0.1:1/none', ROOTHAAN_USER: 'a@b.c' });
  assert.is(down.code, 1);
  assert.match(down.stderr, /^roothaan: cannot reach the PostgreSQL database postgres:\/\/x@127\.0\.0\.1:1\/none/);
  assert.is(down.stderr.split('\n').filter((l) => l !== '').length, 1);
  fs.rmSync(home, { recursive: true, force: true });
});

test('the roothaan entry point knows the store commands', async () => {
  const b = backends[0]!;
  let stdout = '', stderr = '';
  const code = await main(['jobs', 'list', '--json'], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    columns: 100,
    isTTY: false,
    env: envFor(b),
    setExitCode: () => undefined,
  });
  assert.is(code, 0, stderr);
  assert.ok(Array.isArray((JSON.parse(stdout) as { jobs: unknown[] }).jobs));
  let err = '';
  const refused = await main(['resume', 'not-a-job'], { stdout: () => undefined, stderr: (t) => void (err += t), columns: 100, isTTY: false, env: envFor(b), setExitCode: () => undefined });
  assert.is(refused, 1);
  assert.match(err, /malformed job id 'not-a-job'/);
});

test.run();
