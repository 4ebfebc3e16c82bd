import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as store from '../../src/store';
import { markDeleted } from '../../src/store/lifecycle';
import { storeContext } from '../../src/store/store';
import { repoRoot, runCli } from '../cli/helpers';
import { cliEnv, closeStores, geometryText, isolatedBackends, openStore, type Backend, type S3Server } from './backends';

let servers: S3Server[] = [];
let backends: Backend[] = [];
const H2 = geometryText('h2.xyz');
const WATER = geometryText('h2o_crawford.xyz');
const PARAMS = { basis_set: 'STO-3G' };

test.before(async () => {
  ({ backends, servers } = await isolatedBackends('gc'));
});

test.after(async () => {
  await closeStores();
  for (const b of backends) await b.cleanup();
  for (const server of servers) await server.stop();
});

/** `db check --json` of a backend: exit code and problems. */
async function check(env: Record<string, string | undefined>): Promise<{ code: number; problems: store.StoreProblem[] }> {
  const out = await runCli(['db', 'check', '--json'], env);
  return { code: out.code, problems: (JSON.parse(out.stdout) as { problems: store.StoreProblem[] }).problems };
}

/** How many rows of a job are left in each table. */
async function rowsLeft(s: store.Store, jobId: string): Promise<number[]> {
  const count = async (table: string, column: string): Promise<number> =>
    Number(((await s.database.knex(table).where({ [column]: jobId }).count({ n: '*' }).first()) as { n: number | string }).n);
  return [await count('jobs', 'id'), await count('checkpoints', 'job_id'), await count('job_events', 'job_id'), await count('job_group_jobs', 'job_id')];
}

test('db gc finishes a delete that stopped after marking the job and removing some of its objects: no orphans, db check clean', async () => {
  for (const b of backends) {
    const env = cliEnv(b);
    const s = await openStore(b.config());
    const run = await store.runJob(s, { geometryText: H2, filename: 'h2.xyz', parameters: PARAMS, group: 'gc' }, { threads: 1 });
    const keys = await s.objects.list(`${run.jobId}/`);
    assert.ok(keys.length >= 8, `${b.name}: ${keys.length} objects`);
    // The crash: the job marked, half of its objects removed, the rows still there.
    await markDeleted(storeContext(s), run.jobId, run.job.attempt);
    for (const key of keys.slice(0, keys.length >> 1)) await s.objects.deletePrefix(key);
    const left = keys.length - (keys.length >> 1);
    const before = await check(env);
    assert.is(before.code, 1, b.name);
    assert.equal(before.problems, [{ kind: 'deleted-job', job_id: run.jobId, objects: left }], b.name);

    const dry = await runCli(['db', 'gc', '--dry-run'], env);
    assert.is(dry.code, 0, `${b.name}: ${dry.stderr}`);
    assert.match(dry.stdout, new RegExp(`^would finish deleting job ${run.jobId} \\(${left} object\\(s\\)\\)$`, 'm'), b.name);
    assert.is((await s.objects.list(`${run.jobId}/`)).length, left, `${b.name}: a dry run removes nothing`);

    const gc = await runCli(['db', 'gc', '--json'], env);
    assert.is(gc.code, 0, `${b.name}: ${gc.stderr}`);
    assert.equal((JSON.parse(gc.stdout) as store.GcReport).finished, [{ job_id: run.jobId, objects: left }], b.name);
    assert.equal(await s.objects.list(`${run.jobId}/`), [], b.name);
    assert.equal(await rowsLeft(s, run.jobId), [0, 0, 0, 0], b.name);
    assert.equal(await check(env), { code: 0, problems: [] }, b.name);
    await s.close();
  }
});

test('db gc removes orphan objects older than --min-age (default 600 s), keeps younger ones and objects outside a job prefix, and never a committed object', async () => {
  for (const b of backends) {
    const env = cliEnv(b);
    const s = await openStore(b.config());
    const job = await s.jobs.submit({ geometryText: H2, filename: 'h2.xyz', parameters: PARAMS });
    // What an old-style interrupted delete left (objects, no rows), an uncommitted object in a job, and a file of someone else's.
    const gone = randomUUID();
    const orphans = [store.keys.geometryOrigKey(gone), store.keys.densityKey(gone, 1), store.keys.densityKey(job.id, 1)];
    for (const key of orphans) await s.objects.put(key, Buffer.from('left over'));
    await s.objects.put('notes.txt', Buffer.from('not ours'));
    const found = await check(env);
    assert.equal(found.problems.map((p) => (p.kind === 'orphan-object' ? p.key : p.kind)).sort(), [...orphans, 'notes.txt'].sort(), b.name);

    // Just written: they may belong to a commit in progress, so the default age keeps them.
    const young = await runCli(['db', 'gc', '--json'], env);
    assert.is(young.code, 0, `${b.name}: ${young.stderr}`);
    const youngReport = JSON.parse(young.stdout) as store.GcReport;
    assert.equal(youngReport.removed, [], b.name);
    assert.equal(youngReport.kept.map((k) => k.key).sort(), [...orphans, 'notes.txt'].sort(), b.name);
    assert.match(youngReport.kept.find((k) => k.key === orphans[0])!.reason, /less than 600 s/, b.name);

    const dry = await runCli(['db', 'gc', '--min-age', '0', '--dry-run', '--json'], env);
    assert.equal((JSON.parse(dry.stdout) as store.GcReport).removed.map((r) => r.key).sort(), [...orphans].sort(), b.name);
    assert.is((await check(env)).problems.length, 4, `${b.name}: a dry run removes nothing`);

    const gc = await runCli(['db', 'gc', '--min-age', '0'], env);
    assert.is(gc.code, 0, `${b.name}: ${gc.stderr}`);
    assert.match(gc.stdout, /^keep notes\.txt \(not under a job prefix\)$/m, b.name);
    assert.match(gc.stdout, /finished 0 delete\(s\), removed 3 orphan object\(s\), kept 1$/m, b.name);
    assert.equal(await s.objects.list(`${gone}/`), [], b.name);
    assert.equal(await s.objects.list(`${job.id}/`), [store.keys.geometryOrigKey(job.id), store.keys.geometryXyzKey(job.id)], `${b.name}: the committed objects stay`);
    assert.equal((await check(env)).problems.map((p) => (p.kind === 'orphan-object' ? p.key : p.kind)), ['notes.txt'], b.name);
    await s.objects.deletePrefix('notes.txt');
    assert.equal(await check(env), { code: 0, problems: [] }, b.name);
    await s.jobs.delete(job.id);

    const bad = await runCli(['db', 'gc', '--min-age', '-1'], env);
    assert.is(bad.code, 1, b.name);
    assert.match(bad.stderr, /^roothaan: --min-age: must be a number of seconds ≥ 0, got -1\n$/, b.name);
    await s.close();
  }
});

/** Runs `roothaan jobs delete ID` as its own process and SIGKILLs it as soon as its first object is gone; resolves with how many were left then. */
function killedDelete(env: Record<string, string | undefined>, s: store.Store, jobId: string, total: number): Promise<number> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'roothaan.js'), 'jobs', 'delete', jobId], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: 'ignore',
  });
  return new Promise((resolve, reject) => {
    let ended = false;
    child.on('exit', () => void (ended = true));
    const poll = async (): Promise<void> => {
      const left = (await s.objects.list(`${jobId}/`)).length;
      if (left < total || ended) {
        child.kill('SIGKILL');
        resolve(left);
        return;
      }
      setTimeout(() => void poll().catch(reject), 1);
    };
    void poll().catch(reject);
  });
}

test('a jobs delete killed (SIGKILL) while it removes the objects leaves a marked job that db gc finishes: no orphans, db check clean (S3)', async () => {
  for (const b of backends.filter((x) => x.objects === 's3')) {
    const env = cliEnv(b);
    const s = await openStore(b.config());
    const run = await store.runJob(s, { geometryText: WATER, filename: 'water.xyz', parameters: PARAMS }, { threads: 1 });
    const total = (await s.objects.list(`${run.jobId}/`)).length;
    const left = await killedDelete(env, s, run.jobId, total);
    await new Promise((r) => setTimeout(r, 200)); // the kill lands
    assert.ok(left > 0 && left < total, `${b.name}: killed with ${left} of ${total} objects left`);
    console.log(`  ${b.name}: jobs delete SIGKILLed with ${left} of ${total} objects left`);
    assert.is((await s.jobs.list()).some((j) => j.id === run.jobId), false, `${b.name}: the marked job is hidden`);
    const before = await check(env);
    assert.is(before.code, 1, b.name);
    assert.equal(before.problems.map((p) => p.kind), ['deleted-job'], b.name);
    const gc = await runCli(['db', 'gc'], env);
    assert.is(gc.code, 0, `${b.name}: ${gc.stderr}`);
    assert.equal(await s.objects.list(`${run.jobId}/`), [], b.name);
    assert.equal(await rowsLeft(s, run.jobId), [0, 0, 0, 0], b.name);
    assert.equal(await check(env), { code: 0, problems: [] }, b.name);
    await s.close();
  }
});

test.run();
