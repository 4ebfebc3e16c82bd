import * as os from 'node:os';
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as store from '../../src/store';
import { tables } from '../../src/store/tables';
import { groupProgressCells } from '../../src/notebook';
import { closeStores, geometryText, makeBackend, openStore, postgresAvailable, type Backend } from './backends';

let backends: Backend[] = [];
const H2 = geometryText('h2.xyz');
const WATER = geometryText('h2o_crawford.xyz');
/** Without DIIS water takes ~25 iterations, so the worker can be stopped mid-run. */
const SLOW = { basis_set: 'STO-3G', use_diis: false, max_iteration: 100 };

// The rows read the database only (jobs, groups, events), so both databases with the directory
// object store cover them; the worker's object writes are tested on every backend in worker.test.ts.
test.before(async () => {
  const dbs: Array<'sqlite' | 'pg'> = (await postgresAvailable()) ? ['sqlite', 'pg'] : ['sqlite'];
  backends = dbs.map((d) => makeBackend(d, 'directory', undefined, 'progress'));
});

test.after(async () => {
  await closeStores();
  for (const b of backends) await b.cleanup();
});

/** The row of one job. */
function rowOf(progress: store.GroupProgress, id: string): store.GroupProgressRow {
  const row = progress.rows.find((r) => r.id === id);
  assert.ok(row !== undefined, `a row for ${id}`);
  return row!;
}

test("a group's progress rows follow its jobs from submitted through running and stopped to done", async () => {
  for (const b of backends) {
    const s = await openStore(b.config());
    const h2 = store.scanInputs({ geometryText: H2, filename: 'h2.xyz', parameters: { basis_set: 'STO-3G' } }, [store.parseScan('bond 0 1 0.7,0.8')]);
    const { jobs } = await store.submitGroup(s, 'progress', [{ geometryText: WATER, filename: 'water.xyz', parameters: SLOW, name: 'slow water' }, ...h2]);
    const [water, ...others] = jobs.map((j) => j.id);
    const submitted = await store.groupProgress(s, 'progress');
    assert.is(submitted.rows.length, 3, b.name);
    assert.equal(submitted.counts, { submitted: 3 }, b.name);
    assert.is(submitted.settled, false, `${b.name}: submitted jobs are in progress`);
    for (const r of submitted.rows) {
      assert.equal([r.status, r.attempt, r.iteration, r.energy, r.host, r.live], ['submitted', 0, null, null, null, false], b.name);
    }
    assert.is(rowOf(submitted, water!).name, 'slow water', b.name);

    // The worker takes the oldest (the water); stopped at iteration 5. Mid-run, its row says running here.
    const controller = new AbortController();
    let running: store.GroupProgress | undefined;
    const first = await store.runWorker(s, {
      group: 'progress', threads: 1, signal: controller.signal,
      onIteration: async (r) => {
        if (r.iteration === 2) running = await store.groupProgress(s, 'progress');
        if (r.iteration === 5) controller.abort();
      },
    });
    assert.equal(first.outcomes.map((o) => [o.jobId, o.status]), [[water, 'stopped']], b.name);
    const mid = rowOf(running!, water!);
    assert.equal([mid.status, mid.live, mid.attempt, mid.host, mid.converged], ['running', true, 1, os.hostname(), null], b.name);
    // The writer thread commits behind the SCF: at most iteration 2 is committed then.
    assert.ok(mid.iteration === null || mid.iteration <= 2, `${b.name}: ${mid.iteration}`);
    assert.is(running!.settled, false, b.name);

    const stopped = await store.groupProgress(s, 'progress');
    const w = rowOf(stopped, water!);
    const fifth = (await s.jobs.events(water!)).find((e) => e.kind === 'iteration' && e.name === 'iteration 5');
    assert.equal([w.status, w.iteration, w.host, w.live, w.converged], ['stopped', 5, os.hostname(), false, null], b.name);
    assert.is(w.energy, fifth?.kind === 'iteration' ? fifth.metadata?.energy : undefined, `${b.name}: the energy of the last committed iteration`);
    assert.match(w.error ?? '', /stopped/, b.name);
    assert.equal(stopped.counts, { stopped: 1, submitted: 2 }, b.name);
    assert.is(stopped.settled, false, b.name);

    // The next worker resumes the water and runs the rest: every row done with its job's numbers.
    await store.runWorker(s, { group: 'progress', threads: 1 });
    const done = await store.groupProgress(s, 'progress');
    assert.equal(done.counts, { done: 3 }, b.name);
    assert.is(done.settled, true, b.name);
    for (const id of [water!, ...others]) {
      const job = await s.jobs.get(id);
      const r = rowOf(done, id);
      assert.equal([r.status, r.iteration, r.energy, r.converged, r.host, r.error], ['done', job.iterations, job.energy, true, os.hostname(), null], b.name);
      assert.ok(r.updated.getTime() >= job.finished_at!.getTime() - 1000 && r.updated.getTime() <= Date.now(), `${b.name}: updated at the last event`);
    }
    assert.is(rowOf(done, water!).attempt, 2, b.name);
    assert.equal(groupProgressCells(rowOf(done, water!)).slice(0, 5), [water!.slice(0, 8), 'slow water', 'done ✓', String(rowOf(done, water!).iteration), rowOf(done, water!).energy!.toFixed(10)], b.name);

    // A job `running` under a process that is gone does not hold the group open; one under a live process does.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    await tables.jobs(s.database.knex).where({ id: others[0]! }).update({ status: 'running', lease_owner: 'x', lease_host: os.hostname(), lease_pid: dead });
    const orphan = await store.groupProgress(s, 'progress');
    assert.is(orphan.settled, true, b.name);
    assert.is(groupProgressCells(rowOf(orphan, others[0]!))[2], 'running (gone)', b.name);
    await tables.jobs(s.database.knex).where({ id: others[0]! }).update({ lease_pid: 1 }); // init: alive
    assert.is((await store.groupProgress(s, 'progress')).settled, false, b.name);
    await s.close();
  }
});

test("a group is named by id, or by name among the user's own groups; an unknown one is a clear error", async () => {
  const b = backends[0]!;
  const alice = await openStore(b.config('alice@example.org'));
  const bob = await openStore(b.config('bob@example.org'));
  const { group } = await store.submitGroup(alice, 'alice only', [{ geometryText: H2, filename: 'h2.xyz', parameters: { basis_set: 'STO-3G' } }]);
  assert.is((await store.groupProgress(alice, group.id)).rows.length, 1);
  for (const [s, name] of [[bob, 'alice only'], [alice, 'no such group']] as const) {
    try {
      await store.groupProgress(s, name);
      assert.unreachable(name);
    } catch (err) {
      assert.instance(err, store.NotFoundError, name);
      assert.match((err as Error).message, `no group named '${name}'`);
    }
  }
  await alice.close();
  await bob.close();
});

test.run();
