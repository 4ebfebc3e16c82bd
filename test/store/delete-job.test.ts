import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StoreConflictError } from '../../src/errors';
import * as store from '../../src/store';
import { activeLeases } from '../../src/store/lease';
import { claim, heartbeat, markDeleted } from '../../src/store/lifecycle';
import { storeContext } from '../../src/store/store';
import { runCli } from '../cli/helpers';
import { allBackends, cliEnv, closeStores, geometryText, openStore, startS3, type Backend, type S3Server } from './backends';

let s3: S3Server;
let backends: Backend[] = [];
const H2 = geometryText('h2.xyz');
const PARAMS = { basis_set: 'STO-3G' };

test.before(async () => {
  s3 = await startS3();
  backends = await allBackends('delete', s3.endpoint);
});

test.after(async () => {
  await closeStores();
  for (const b of backends) await b.cleanup();
  await s3.stop();
});

async function rejects(p: Promise<unknown>, kind: new (...a: never[]) => Error, pattern: RegExp, where: string): Promise<void> {
  try {
    await p;
  } catch (err) {
    assert.instance(err, kind, `${where}: ${(err as Error).message}`);
    assert.match((err as Error).message, pattern, where);
    return;
  }
  assert.unreachable(`${where}: expected ${kind.name}`);
}

test('a job marked deleted vanishes from listings and cannot be shown, claimed, resumed or committed to; jobs delete again finishes it', async () => {
  for (const b of backends) {
    const env = cliEnv(b, 'marked@example.org');
    const s = await openStore(b.config('marked@example.org'));
    const ctx = storeContext(s);
    const kept = await s.jobs.submit({ geometryText: H2, filename: 'h2.xyz', parameters: PARAMS, group: 'marked' });
    const marked = await s.jobs.submit({ geometryText: H2, filename: 'h2.xyz', parameters: PARAMS, group: 'marked' });
    // A delete that stopped right after its first step.
    await markDeleted(ctx, marked.id, 0);
    assert.equal((await s.jobs.list()).map((j) => j.id), [kept.id], b.name);
    assert.equal((await s.groups.jobs('marked')).map((j) => j.id), [kept.id], b.name);
    assert.equal((await store.groupProgress(s, 'marked')).rows.map((r) => r.id), [kept.id], b.name);
    assert.equal((await s.groups.list()).map((g) => [g.name, g.jobs]), [['marked', 1]], b.name);
    await rejects(s.jobs.get(marked.id), store.NotFoundError, /was deleted/, b.name);
    await rejects(store.resumeJob(s, marked.id), store.NotFoundError, /was deleted/, b.name);
    const show = await runCli(['jobs', 'show', marked.id], env);
    assert.is(show.code, 1, b.name);
    assert.match(show.stderr, new RegExp(`^roothaan: job ${marked.id} was deleted[^\\n]*\\n$`), b.name);
    // With `kept` stopped, the marked job is the only submitted one: a worker's claim passes it by.
    await s.jobs.stop(kept.id);
    assert.is(await store.runNextJob(s, { threads: 1 }), undefined, b.name);
    assert.is(((await s.database.knex('jobs').where({ id: marked.id }).first()) as { status: string }).status, 'submitted', b.name);

    // A process that held a job when it was marked commits nothing more.
    const running = await s.jobs.submit({ geometryText: H2, filename: 'h2.xyz', parameters: PARAMS });
    const c = await claim(ctx, running, running.parameters, { kind: 'start' });
    await heartbeat(ctx, running.id, c.attempt);
    await markDeleted(ctx, running.id, c.attempt);
    await rejects(heartbeat(ctx, running.id, c.attempt), StoreConflictError, /is being deleted/, b.name);
    activeLeases.delete(c.owner);

    // jobs delete finishes what the first step began: the objects, then the rows.
    const del = await runCli(['jobs', 'delete', marked.id, '--json'], env);
    assert.is(del.code, 0, `${b.name}: ${del.stderr}`);
    assert.equal(JSON.parse(del.stdout), { job_id: marked.id, deleted: true, objects: 2 }, b.name);
    assert.is(await s.database.knex('jobs').where({ id: marked.id }).first(), undefined, b.name);
    assert.is(Number(((await s.database.knex('checkpoints').where({ job_id: marked.id }).count({ n: '*' }).first()) as { n: number | string }).n), 0, b.name);
    assert.equal(await s.objects.list(`${marked.id}/`), [], b.name);
    await s.close();
  }
});

test('jobs delete of a job a live process holds is refused and marks nothing', async () => {
  for (const b of backends) {
    const s = await openStore(b.config('live@example.org'));
    const ctx = storeContext(s);
    const job = await s.jobs.submit({ geometryText: H2, filename: 'h2.xyz', parameters: PARAMS });
    const c = await claim(ctx, job, job.parameters, { kind: 'start' });
    await rejects(s.jobs.delete(job.id), StoreConflictError, /is running .*stop it before deleting it/, b.name);
    const row = (await s.database.knex('jobs').where({ id: job.id }).first()) as { deleted_at: unknown };
    assert.is(row.deleted_at, null, b.name);
    assert.is((await s.objects.list(`${job.id}/`)).length, 2, b.name);
    activeLeases.delete(c.owner);
    await s.close();
  }
});

test.run();
