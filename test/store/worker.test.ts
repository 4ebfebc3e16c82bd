import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as geometry from '../../src/geometry';
import * as scf from '../../src/scf';
import * as store from '../../src/store';
import { storeContext } from '../../src/store/store';
import { allBackends, closeStores, geometryText, openStore, startS3, type Backend, type S3Server } from './backends';

let s3: S3Server;
let backends: Backend[] = [];
const H2 = geometryText('h2.xyz');
const WATER = geometryText('h2o_crawford.xyz');
/** Psi4 1.3.2, water (Crawford's geometry) / STO-3G (test/reference/public-cases.json, h2o_sto3g). */
const WATER_STO3G = -74.94207992819226;
/** Heavy damping without DIIS: ~190 iterations to the same fixed point, so a job is long enough to interrupt. */
const SLOW = { basis_set: 'STO-3G', use_diis: false, damping: 0.9, max_iteration: 1000 };

test.before(async () => {
  s3 = await startS3();
  backends = await allBackends('worker', s3.endpoint);
});

test.after(async () => {
  await closeStores();
  for (const b of backends) await b.cleanup();
  await s3.stop();
});

/** The iteration numbers of a job's `iteration` events, per attempt. */
async function iterationsByAttempt(s: store.Store, jobId: string): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  for (const e of await s.jobs.events(jobId)) {
    if (e.kind !== 'iteration') continue;
    const list = out.get(e.attempt) ?? [];
    list.push(Number(e.name.replace('iteration ', '')));
    out.set(e.attempt, list);
  }
  return out;
}

test("a worker runs its group's jobs to their energies and leaves other jobs alone", async () => {
  for (const b of backends) {
    const s = await openStore(b.config());
    const inputs = store.scanInputs({ geometryText: H2, filename: 'h2.xyz', parameters: { basis_set: 'STO-3G' } }, [store.parseScan('bond 0 1 0.7,0.8')]);
    const { jobs } = await store.submitGroup(s, 'scan', inputs);
    const other = await store.submit(s, { geometryText: WATER, filename: 'water.xyz', parameters: { basis_set: 'STO-3G' } });
    const seen: string[] = [];
    const summary = await store.runWorker(s, { group: 'scan', threads: 1, onJobDone: (o) => seen.push(o.jobId) });
    assert.is(summary.reason, 'idle', b.name);
    assert.equal(seen.sort(), jobs.map((j) => j.id).sort(), b.name);
    for (const [k, input] of inputs.entries()) {
      const job = await s.jobs.get(jobs[k]!.id);
      const direct = scf.runCalculation(geometry.parse(input.geometryText, { filename: input.filename }), input.parameters).result.energy;
      assert.is(job.status, 'done', b.name);
      // Same code and thresholds as the direct run: equal to 1e-10 Eh.
      assert.ok(Math.abs(job.energy! - direct) < 1e-10, `${b.name}: ${job.energy} vs ${direct}`);
      assert.ok(job.cpu_time_s! > 0 && job.wall_time_s! > 0 && job.peak_memory_bytes! > 0, `${b.name}: efficiency figures stored`);
    }
    assert.is((await s.jobs.get(other.id)).status, 'submitted', b.name);
    await s.close();
  }
});

test('an aborted worker leaves its job stopped; the next worker resumes it and the iterations continue', async () => {
  for (const b of backends) {
    const s = await openStore(b.config());
    const { jobs } = await store.submitGroup(s, 'slow', [{ geometryText: WATER, filename: 'water.xyz', parameters: SLOW }]);
    const id = jobs[0]!.id;
    const controller = new AbortController();
    const first = await store.runWorker(s, { group: 'slow', threads: 1, signal: controller.signal, onIteration: (r) => void (r.iteration === 20 && controller.abort()) });
    assert.is(first.reason, 'signal', b.name);
    assert.is(first.outcomes[0]!.status, 'stopped', b.name);
    assert.equal((await store.resumableJobs(s)).map((j) => j.id), [id], `${b.name}: the stopped job is resumable`);
    // A user's `jobs stop` is not a worker's business.
    const manual = await store.submit(s, { geometryText: H2, filename: 'h2.xyz', parameters: { basis_set: 'STO-3G' }, group: 'slow' });
    await s.jobs.stop(manual.id);
    const second = await store.runWorker(s, { group: 'slow', threads: 1 });
    assert.equal(second.outcomes.map((o) => [o.jobId, o.status]), [[id, 'done']], b.name);
    const job = await s.jobs.get(id);
    assert.is(job.attempt, 2, b.name);
    // The damped path ends at the same fixed point: Psi4's energy to 1e-8 Eh.
    assert.ok(Math.abs(job.energy! - WATER_STO3G) < 1e-8, `${b.name}: ${job.energy}`);
    const byAttempt = await iterationsByAttempt(s, id);
    const a1 = byAttempt.get(1)!;
    const a2 = byAttempt.get(2)!;
    assert.equal(a1, Array.from({ length: a1.length }, (_, k) => k + 1), b.name);
    assert.is(a2[0], a1.length + 1, `${b.name}: the resume continues after the last committed iteration`);
    assert.is(a1.length + a2.length, job.iterations, b.name);
    const densities = (await s.jobs.show(id)).checkpoints.filter((c) => c.kind === 'density').map((c) => c.iteration!);
    assert.equal(densities, Array.from({ length: job.iterations! }, (_, k) => k + 1), `${b.name}: each density committed once`);
    assert.is((await s.jobs.get(manual.id)).status, 'stopped', b.name);
    await s.close();
  }
});

test('in the Jupyter kernel an Interrupt stops the job and the worker: the job it stopped is not resumed by the same loop', async () => {
  // Plays the kernel preload (kernels/preload.cjs): a current controller, replaced on each Interrupt.
  const KERNEL = Symbol.for('roothaan.kernel');
  const g = globalThis as Record<symbol, unknown>;
  let controller = new AbortController();
  g[KERNEL] = { packageRoot: '/nowhere', get signal() { return controller.signal; } };
  const interrupt = (): void => { const c = controller; controller = new AbortController(); c.abort(); };
  try {
    const b = backends[0]!; // the kernel's signal is the same for every backend
    const s = await openStore(b.config());
    const { jobs } = await store.submitGroup(s, 'kernel', [{ geometryText: WATER, filename: 'water.xyz', parameters: SLOW }]);
    const summary = await store.runWorker(s, { group: 'kernel', threads: 1, onIteration: (r) => void (r.iteration === 10 && interrupt()) });
    assert.is(summary.reason, 'signal');
    assert.equal(summary.outcomes.map((o) => o.status), ['stopped']);
    const job = await s.jobs.get(jobs[0]!.id);
    assert.is(job.status, 'stopped');
    assert.is(job.attempt, 1, 'not resumed');
    await s.close();
  } finally {
    delete g[KERNEL];
  }
});

test('two workers at once never run the same job', async () => {
  for (const b of backends) {
    const s1 = await openStore(b.config());
    const s2 = await openStore(b.config());
    const inputs = store.scanInputs({ geometryText: H2, filename: 'h2.xyz', parameters: { basis_set: 'STO-3G' } }, [store.parseScan('bond 0 1 0.6:1.3:0.1')]);
    const { jobs } = await store.submitGroup(s1, 'race', inputs);
    const [w1, w2] = await Promise.all([store.runWorker(s1, { group: 'race', threads: 1 }), store.runWorker(s2, { group: 'race', threads: 1 })]);
    const ran = [...w1.outcomes, ...w2.outcomes].map((o) => o.jobId);
    assert.is(ran.length, jobs.length, b.name);
    assert.is(new Set(ran).size, jobs.length, `${b.name}: each job ran once`);
    for (const j of jobs) {
      const starts = (await s1.jobs.events(j.id)).filter((e) => e.kind === 'start' || e.kind === 'resume');
      assert.is(starts.length, 1, `${b.name}: one attempt of ${j.id}`);
      assert.is((await s1.jobs.get(j.id)).status, 'done', b.name);
    }
    await s1.close();
    await s2.close();
  }
});

// A worker frozen past its lease (a suspended VM, SIGSTOP) finds on waking that another process
// has taken its job over. That job is the other process's; the worker's other jobs are still its
// own to run. The takeover is written as another process's claim writes it (attempt + 1, that
// process's lease), from inside the worker's iteration hook so it lands mid-run every time.
test('a worker whose job another process takes over mid-run says so and goes on with the next job', async () => {
  for (const b of backends) {
    const s = await openStore(b.config());
    const { jobs: [slow, quick] } = await store.submitGroup(s, 'takeover', [
      { geometryText: WATER, filename: 'water.xyz', name: 'slow', parameters: SLOW },
      { geometryText: H2, filename: 'h2.xyz', name: 'quick', parameters: { basis_set: 'STO-3G' } },
    ]);
    assert.ok(slow !== undefined && quick !== undefined);
    let takenOver = false;
    const lost: string[] = [];
    const summary = await store.runWorker(s, {
      group: 'takeover',
      threads: 1,
      onIteration: async (r) => {
        if (takenOver || r.iteration !== 5) return;
        takenOver = true;
        await storeContext(s).knex('jobs').where({ id: slow.id }).update({ attempt: 2, lease_owner: 'another-worker', lease_host: 'node-b', lease_pid: 4242, lease_expires_at: new Date(Date.now() + 3600_000).toISOString() });
      },
      onFencedOut: (err) => lost.push(err.message),
    });
    assert.ok(takenOver, `${b.name}: the takeover happened mid-run`);
    assert.equal(summary.fencedOut, [slow.id], `${b.name}: the slow job was taken over`);
    assert.is(lost.length, 1, b.name);
    assert.match(lost[0]!, new RegExp(`^another process owns job ${slow.id}: its attempt 2 \\(process 4242 on node-b\\) is running; this attempt \\(1\\) lost its lease`), b.name);
    assert.equal(summary.outcomes.map((o) => [o.jobId, o.status]), [[quick.id, 'done']], `${b.name}: it went on and ran the next job`);
    const taken = await s.jobs.get(slow.id);
    assert.is(taken.attempt, 2, `${b.name}: the row is the other process's`);
    assert.is(taken.status, 'running', b.name);
    assert.is(taken.lease_owner, 'another-worker', `${b.name}: the worker wrote nothing over it`);
    await s.close();
  }
});

test.run();
