import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InvalidInputError, ScfInterruptedError, StoreConflictError } from '../../src/errors';
import * as basis from '../../src/basis';
import * as geometry from '../../src/geometry';
import * as integrals from '../../src/integrals';
import * as store from '../../src/store';
import { writerThread } from '../../src/store/sink/thread-sink';
import { storeContext } from '../../src/store/store';
import { allBackends, closeStores, dropSchema, openStore, geometryText, makeBackend, PG_URL, postgresAvailable, s3Config, startS3, uniqueSchema, type Backend, type S3Server } from './backends';

let s3: S3Server;
let backends: Backend[] = [];
const WATER = geometryText('h2o_crawford.xyz');
const OH = geometryText('oh.xyz');
/** Water/STO-3G converges in 8 iterations from the SAD guess with these thresholds. */
const PARAMS = { basis_set: 'STO-3G', use_diis: true };
/** Resumed runs must match an uninterrupted run within this (the requirement). */
const TOLERANCE = 1e-9;
const references = new Map<string, number>();
/** A Python with NumPy, if any (Debian's /usr/bin/python3 has it where psi4 is installed). */
const python = ['/usr/bin/python3', 'python3'].find((py) => {
  try {
    execFileSync(py, ['-c', 'import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});

test.before(async () => {
  s3 = await startS3();
  backends = await allBackends('runjob', s3.endpoint);
});

test.after(async () => {
  await closeStores();
  for (const b of backends) await b.cleanup();
  await s3.stop();
});

/** The energy of an uninterrupted run (computed once per input, on the first backend). */
async function uninterrupted(s: store.Store, geometry: string, parameters: Record<string, unknown>): Promise<number> {
  const key = geometry + JSON.stringify(parameters);
  if (!references.has(key)) {
    const out = await store.runJob(s, { geometryText: geometry, filename: 'ref.xyz', parameters, name: 'reference' }, { threads: 1 });
    assert.is(out.status, 'done');
    references.set(key, out.result!.energy);
  }
  return references.get(key)!;
}

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

test('a job runs to done with a checkpoint for every matrix of every iteration, events and efficiency figures', async () => {
  for (const b of backends) {
    const s = await openStore(b.config());
    const out = await store.runJob(s, { geometryText: WATER, filename: 'water.xyz', parameters: PARAMS, group: 'runs' }, { threads: 1 });
    assert.is(out.status, 'done', `${b.name}: ${out.error?.message}`);
    const n = out.result!.iterations;
    assert.ok(Math.abs(out.result!.energy - (await uninterrupted(s, WATER, PARAMS))) < 1e-12, b.name);
    const d = await s.jobs.show(out.jobId);
    assert.is(d.iterations, n, b.name);
    assert.is(d.job.status, 'done', b.name);
    assert.is(d.job.converged, true, b.name);
    assert.is(d.job.iterations, n, b.name);
    assert.ok(d.job.wall_time_s! > 0 && d.job.cpu_time_s! > 0 && d.job.peak_memory_bytes! > 1e6, b.name);
    const keys = new Set(d.checkpoints.map((c) => c.key));
    for (const name of ['geometry.orig', 'geometry.xyz', 'overlap.bin', 'core-hamiltonian.bin', 'initial-guess.bin']) assert.ok(keys.has(`${out.jobId}/${name}`), `${b.name}: ${name}`);
    for (let k = 1; k <= n; k++) {
      assert.ok(keys.has(`${out.jobId}/fock-matrix/fock_matrix_${k}.bin`), `${b.name}: fock ${k}`);
      assert.ok(keys.has(`${out.jobId}/densities/density_${k}.bin`), `${b.name}: density ${k}`);
    }
    // Water/STO-3G has 7 functions: 406 unique integrals (3 KiB), one ERI file under the 1 MiB rule.
    assert.equal(d.checkpoints.filter((c) => c.kind === 'eri').map((c) => c.key), [`${out.jobId}/two-electron/ERI_0_0_0_0_0_0_0_0.bin`], b.name);
    // Every committed object exists and matches its checksum; the object list is exactly the committed keys.
    for (const c of d.checkpoints) await s.checkpoints.read(out.jobId, c.key);
    assert.equal(await s.objects.list(`${out.jobId}/`), [...keys].sort(), b.name);
    const density = await s.checkpoints.readArray(out.jobId, `${out.jobId}/densities/density_${n}.bin`);
    assert.equal(density.shape, [7, 7], b.name);
    if (b.objects === 'directory' && python !== undefined) {
      // The directory tree is the S3 layout, and numpy reads the checkpoint as stored: tr(D S) = N = 10.
      const dir = path.join(s.config.home, 'objects', out.jobId);
      const script = 'import numpy,sys; D=numpy.load(sys.argv[1]+"/densities/density_%s.bin"); S=numpy.load(sys.argv[1]+"/overlap.bin"); print(float(numpy.trace(D@S)))';
      const trace = Number(execFileSync(python, ['-c', script.replace('%s', String(n)), dir], { encoding: 'utf8' }));
      assert.ok(Math.abs(trace - 10) < 1e-10, `${b.name}: tr(DS) = ${trace}`);
    }
    const kinds: string[] = (await s.jobs.events(out.jobId)).map((e) => e.kind);
    for (const k of ['submit', 'start', 'geometry', 'basis', 'integrals', 'guess', 'iteration', 'analysis', 'complete']) assert.ok(kinds.includes(k), `${b.name}: event ${k}`);
    assert.is(kinds.filter((k) => k === 'iteration').length, n, b.name);
    await s.close();
  }
});

test('runOnce (what `roothaan run` calls) opens the store on its writer thread, records the job and runs it', async () => {
  for (const b of backends) {
    const ref = await uninterrupted(await openStore(b.config()), WATER, PARAMS);
    const out = await store.runOnce(b.config(), { geometryText: WATER, filename: 'w.xyz', parameters: PARAMS, name: 'one-shot', group: 'once' }, { threads: 1 });
    assert.is(out.status, 'done', `${b.name}: ${out.error?.message}`);
    assert.ok(Math.abs(out.result!.energy - ref) < 1e-12, b.name);
    assert.is(out.job.status, 'done', b.name);
    assert.is(out.job.attempt, 1, b.name);
    assert.is(out.job.lease_owner, null, b.name);
    const s = await openStore(b.config());
    const d = await s.jobs.show(out.jobId);
    assert.is(d.job.name, 'one-shot', b.name);
    assert.equal(d.groups.map((g) => g.name), ['once'], b.name);
    assert.is(d.iterations, out.result!.iterations, b.name);
    const kinds = (await s.jobs.events(out.jobId)).map((e) => e.kind);
    assert.equal(kinds.slice(0, 3), ['submit', 'start', 'geometry'], b.name);
    assert.is(kinds.at(-1), 'complete', b.name);
    for (const c of d.checkpoints) await s.checkpoints.read(out.jobId, c.key);
    assert.equal(await s.objects.list(`${out.jobId}/`), d.checkpoints.map((c) => c.key).sort(), b.name);
  }
});

test('runOnce stores nothing when the job cannot be recorded: invalid input, another user’s group, an unreachable database', async () => {
  for (const b of backends) {
    const s = await openStore(b.config('bob@example.org'));
    const bobs = await s.groups.create('bob-only');
    const before = (await s.jobs.list({ user: 'all' })).length;
    const objects = (await s.objects.list('')).length;
    await rejects(store.runOnce(b.config(), { geometryText: 'not a geometry', filename: 'bad.xyz', parameters: PARAMS }), InvalidInputError, /bad\.xyz/, `${b.name}: invalid`);
    await rejects(
      store.runOnce(b.config(), { geometryText: WATER, filename: 'w.xyz', parameters: PARAMS, group: bobs.id }, { threads: 1 }),
      store.StorePermissionError,
      /belongs to bob@example\.org/,
      `${b.name}: group`,
    );
    assert.is((await s.jobs.list({ user: 'all' })).length, before, `${b.name}: no job row`);
    assert.is((await s.objects.list('')).length, objects, `${b.name}: no objects left behind`);
  }
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-once-'));
  await rejects(
    store.runOnce({ home, user: 'a@b.c', databaseUrl: 'postgres://x@127.0.0.1:1/none', connectTimeoutMs: 500 }, { geometryText: WATER, filename: 'w.xyz', parameters: PARAMS }, { threads: 1 }),
    store.StoreUnavailableError,
    /cannot reach the PostgreSQL database postgres:\/\/x@127\.0\.0\.1:1\/none/,
    'database down',
  );
  const left = path.join(home, 'objects');
  assert.equal(fs.existsSync(left) ? fs.readdirSync(left) : [], [], 'no objects left behind');
  fs.rmSync(home, { recursive: true, force: true });
});

test('the packed ERI checkpoints reproduce the stored J/K builder’s J and K', async () => {
  const b = backends[0]!;
  const s = await openStore(b.config());
  const out = await store.runJob(s, { geometryText: WATER, filename: 'w.xyz', parameters: PARAMS }, { threads: 1 });
  const rows = (await s.checkpoints.list(out.jobId)).filter((c) => c.kind === 'eri');
  const packed = new Float64Array(integrals.packedEriLength(7));
  for (const r of rows) {
    const m = /ERI_(\d+)_0_0_0_(\d+)_0_0_0\.bin$/.exec(r.key)!;
    const i = Number(m[1]), j = Number(m[2]);
    const a = await s.checkpoints.readArray(out.jobId, r.key);
    const ij = (i * (i + 1)) / 2 + j; // the file's first bra pair: it starts at packed index ij(ij+1)/2
    assert.equal(a.shape.length, 1);
    packed.set(a.data, (ij * (ij + 1)) / 2);
  }
  assert.is(rows.length, 1);
  const D = (await s.checkpoints.readArray(out.jobId, `${out.jobId}/densities/density_3.bin`)).data;
  const bs = basis.load('STO-3G', geometry.parse(WATER, { filename: 'w.xyz' }));
  const ref = integrals.createStoredJK(bs, { threads: 1 });
  const dm = { rows: 7, cols: 7, data: D };
  const want = ref.computeJK([dm]);
  const fromCheckpoints = integrals.createStoredJKFromPacked(bs, packed, { threads: 1 });
  const got = fromCheckpoints.computeJK([dm]);
  ref.dispose();
  fromCheckpoints.dispose();
  let maxDiff = 0;
  for (const [x, y] of [[got.J[0]!, want.J[0]!], [got.K[0]!, want.K[0]!]] as const) {
    for (let i = 0; i < 49; i++) maxDiff = Math.max(maxDiff, Math.abs(x.data[i]! - y.data[i]!));
  }
  assert.ok(maxDiff < 1e-13, `max |ΔJ|, |ΔK| = ${maxDiff}`);
  await s.close();
});

test('after too few iterations the job fails (resumable); resume with a higher cap continues the numbering and matches an uninterrupted run', async () => {
  for (const b of backends) {
    const s = await openStore(b.config());
    const ref = await uninterrupted(s, WATER, PARAMS);
    // ERI files of at most 1 KiB: the 406 integrals (3248 bytes) span four files, which the resume reassembles.
    const out = await store.runJob(s, { geometryText: WATER, filename: 'w.xyz', parameters: { ...PARAMS, max_iteration: 3 } }, { threads: 1, eriFileBytes: 1024 });
    assert.is(out.status, 'failed', b.name);
    assert.match(out.job.error!, /did not converge/, b.name);
    assert.is((await s.checkpoints.list(out.jobId)).filter((c) => c.kind === 'eri').length, 4, b.name);
    assert.is((await s.jobs.show(out.jobId)).iterations, 3, b.name);
    await rejects(store.resumeJob(s, out.jobId), InvalidInputError, /iteration cap \(3 of max_iteration 3\).*--max-iterations 6/, `${b.name}: no higher cap`);
    await rejects(store.resumeJob(s, out.jobId, { maxIterations: 2 }), InvalidInputError, /already run 3 iterations/, `${b.name}: lower cap`);
    const seen: number[] = [];
    const r = await store.resumeJob(s, out.jobId, { maxIterations: 50, threads: 1, onIteration: (rec) => void seen.push(rec.iteration) });
    assert.is(r.status, 'done', `${b.name}: ${r.error?.message}`);
    assert.is(seen[0], 4, `${b.name}: numbering continues`);
    assert.is(r.job.attempt, 2, b.name);
    assert.is(r.job.parameters.max_iteration, 50, b.name);
    const diff = Math.abs(r.result!.energy - ref);
    assert.ok(diff < TOLERANCE, `${b.name}: |ΔE| = ${diff}`);
    const resumeEvent = (await s.jobs.events(out.jobId)).find((e) => e.kind === 'resume')!;
    assert.is(resumeEvent.metadata!.from_iteration, 3, b.name);
    assert.is(resumeEvent.metadata!.eri_checkpoints, true, `${b.name}: ERIs reloaded`);
    assert.is(resumeEvent.metadata!.diis_vectors, 3, `${b.name}: DIIS history rebuilt`);
    await rejects(store.resumeJob(s, out.jobId), StoreConflictError, /is done/, `${b.name}: done`);
    await s.close();
  }
});

test('a UHF job stores alpha and beta stacked as [2, n, n] and resumes to the same energy', async () => {
  for (const b of backends) {
    const s = await openStore(b.config());
    const params = { basis_set: 'STO-3G', reference: 'uhf' };
    const ref = await uninterrupted(s, OH, params);
    const out = await store.runJob(s, { geometryText: OH, filename: 'oh.xyz', parameters: { ...params, max_iteration: 4 } }, { threads: 1 });
    assert.is(out.status, 'failed', b.name);
    const D = await s.checkpoints.readArray(out.jobId, `${out.jobId}/densities/density_4.bin`);
    assert.equal(D.shape, [2, 6, 6], b.name);
    const r = await store.resumeJob(s, out.jobId, { maxIterations: 100, threads: 1 });
    assert.is(r.status, 'done', `${b.name}: ${r.error?.message}`);
    assert.ok(Math.abs(r.result!.energy - ref) < TOLERANCE, `${b.name}: |ΔE| = ${Math.abs(r.result!.energy - ref)}`);
    await s.close();
  }
});

test('resume refuses a corrupted geometry, changed parameters or geometry, and a job another live process holds', async () => {
  for (const b of backends) {
    const s = await openStore(b.config());
    const knex = s.database.knex;
    const out = await store.runJob(s, { geometryText: WATER, filename: 'w.xyz', parameters: { ...PARAMS, max_iteration: 3 } }, { threads: 1 });
    // A corrupted density is skipped (test/store/resume.test.ts); the geometry has nothing to fall back to.
    const geometryKey = `${out.jobId}/geometry.orig`;
    const good = await s.objects.get(geometryKey);
    await s.objects.put(geometryKey, Buffer.concat([good, Buffer.from('\n')]));
    await rejects(store.resumeJob(s, out.jobId, { maxIterations: 50 }), store.CheckpointCorruptError, /geometry\.orig' is corrupted/, `${b.name}: checksum`);
    await s.objects.put(geometryKey, good);
    await rejects(
      store.resumeJob(s, out.jobId, { maxIterations: 50, parameters: { ...PARAMS, use_diis: false } }),
      StoreConflictError,
      /parameters differ/,
      `${b.name}: parameters`,
    );
    const job = await s.jobs.get(out.jobId);
    await knex('jobs').where({ id: out.jobId }).update({ geometry_sha256: '0'.repeat(64) });
    await rejects(store.resumeJob(s, out.jobId, { maxIterations: 50 }), StoreConflictError, /geometry changed/, `${b.name}: geometry`);
    await knex('jobs').where({ id: out.jobId }).update({ geometry_sha256: job.geometry_sha256 });
    // A live holder: another live process on this host (our parent).
    await knex('jobs').where({ id: out.jobId }).update({ status: 'running', lease_host: os.hostname(), lease_pid: process.ppid, lease_expires_at: new Date(Date.now() + 60_000).toISOString() });
    await rejects(store.resumeJob(s, out.jobId, { maxIterations: 50 }), StoreConflictError, /held by a live process \(process \d+ on/, `${b.name}: live pid`);
    // Another host whose lease has not expired: still live. Once expired: resumable.
    await knex('jobs').where({ id: out.jobId }).update({ lease_host: 'elsewhere.example', lease_pid: 1 });
    await rejects(store.resumeJob(s, out.jobId, { maxIterations: 50 }), StoreConflictError, /holds it until/, `${b.name}: lease`);
    await knex('jobs').where({ id: out.jobId }).update({ lease_expires_at: new Date(Date.now() - 1000).toISOString() });
    const r = await store.resumeJob(s, out.jobId, { maxIterations: 50, threads: 1 });
    assert.is(r.status, 'done', `${b.name}: resumed after the lease expired: ${r.error?.message}`);
    // Someone else's job may not be resumed.
    const eve = await openStore(b.config('eve@example.org'));
    await rejects(store.resumeJob(eve, out.jobId), store.StorePermissionError, /may not resume/, `${b.name}: owner`);
    await eve.close();
    await s.close();
  }
});

test('attempt numbers fence writes: a stale attempt can commit nothing', async () => {
  for (const b of backends) {
    const s = await openStore(b.config());
    const out = await store.runJob(s, { geometryText: WATER, filename: 'w.xyz', parameters: { ...PARAMS, max_iteration: 2 } }, { threads: 1 });
    const r = await store.resumeJob(s, out.jobId, { maxIterations: 3, threads: 1 });
    assert.is(r.job.attempt, 2, b.name);
    const thread = writerThread(storeContext(s));
    // Attempt 1 is stale; attempt 2 has finished (not running): neither's sink may commit.
    for (const attempt of [1, 2]) {
      const sink = thread.open(out.jobId, attempt);
      await sink.enqueue([{ key: `${out.jobId}/stale.txt`, kind: 'geometry-xyz', iteration: null, text: 'x' }]).catch(() => undefined);
      await sink.settle();
      assert.instance(sink.error, StoreConflictError, `${b.name}: attempt ${attempt}`);
      assert.match(sink.error!.message, /is no longer current/, `${b.name}: attempt ${attempt}`);
      await rejects(sink.finish('done', {}, { kind: 'error', name: 'x', metadata: { message: 'x' } }), StoreConflictError, /no longer current/, `${b.name}: finish ${attempt}`);
      sink.release();
    }
    assert.is((await s.checkpoints.list(out.jobId)).filter((c) => c.key.endsWith('stale.txt')).length, 0, b.name);
    await s.close();
  }
});

test('stopping a running job from another process ends the run as stopped; it can be resumed later', async () => {
  for (const b of backends) {
    const s = await openStore(b.config());
    const other = await openStore(b.config());
    const ref = await uninterrupted(s, WATER, PARAMS);
    const job = await s.jobs.submit({ geometryText: WATER, filename: 'w.xyz', parameters: PARAMS });
    const out = await store.executeJob(s, job.id, {
      threads: 1,
      onIteration: async (rec) => {
        if (rec.iteration === 4) {
          // Stop once the writer thread has committed the first three iterations.
          for (let t = 0; t < 200 && ((await s.jobs.show(job.id)).iterations ?? 0) < 3; t++) await new Promise((r) => setTimeout(r, 50));
          await other.jobs.stop(job.id);
        }
      },
    });
    assert.is(out.status, 'stopped', b.name);
    assert.instance(out.error, StoreConflictError, b.name);
    const d = await s.jobs.show(job.id);
    assert.ok(d.iterations !== null && d.iterations >= 3 && d.iterations <= 5, `${b.name}: ${d.iterations}`);
    assert.is(d.job.status, 'stopped', b.name);
    const r = await store.resumeJob(s, job.id, { threads: 1 });
    assert.is(r.status, 'done', b.name);
    assert.ok(Math.abs(r.result!.energy - ref) < TOLERANCE, b.name);
    await other.close();
    await s.close();
  }
});

test('an abort signal stops the run at the next iteration: what it computed is committed, the job is stopped, and resume matches an uninterrupted run', async () => {
  for (const b of backends) {
    const s = await openStore(b.config());
    const ref = await uninterrupted(s, WATER, PARAMS);
    const controller = new AbortController();
    const out = await store.runJob(s, { geometryText: WATER, filename: 'w.xyz', parameters: PARAMS }, {
      threads: 1,
      signal: controller.signal,
      onIteration: (rec) => void (rec.iteration === 3 && controller.abort()),
    });
    assert.is(out.status, 'stopped', `${b.name}: ${out.error?.message}`);
    assert.instance(out.error, ScfInterruptedError, b.name);
    assert.is(out.job.status, 'stopped', b.name);
    assert.is(out.job.lease_owner, null, b.name);
    assert.match(out.job.error!, /interrupted after iteration 3/, b.name);
    assert.is((await s.jobs.show(out.jobId)).iterations, 3, `${b.name}: iterations 1–3 committed`);
    const stop = (await s.jobs.events(out.jobId)).at(-1)!;
    assert.ok(stop.kind === 'stop' && stop.metadata?.reason === 'aborted' && stop.metadata.iteration === 3, `${b.name}: ${JSON.stringify(stop)}`);
    const seen: number[] = [];
    const r = await store.resumeJob(s, out.jobId, { threads: 1, onIteration: (rec) => void seen.push(rec.iteration) });
    assert.is(r.status, 'done', `${b.name}: ${r.error?.message}`);
    assert.is(seen[0], 4, b.name);
    assert.ok(Math.abs(r.result!.energy - ref) < TOLERANCE, `${b.name}: |ΔE| = ${Math.abs(r.result!.energy - ref)}`);
    const resumed = (await s.jobs.events(out.jobId)).find((e) => e.kind === 'resume')!;
    assert.ok(resumed.kind === 'resume' && resumed.metadata?.diis_vectors === 3 && resumed.metadata.eri_checkpoints === true, b.name);
    // Aborted before the first iteration: nothing beyond the integrals is committed; the resume starts from a fresh guess.
    const job = await s.jobs.submit({ geometryText: WATER, filename: 'w.xyz', parameters: PARAMS });
    const early = await store.executeJob(s, job.id, { threads: 1, signal: AbortSignal.abort() });
    assert.is(early.status, 'stopped', b.name);
    assert.is((await s.jobs.show(job.id)).iterations, null, b.name);
    const fresh = await store.resumeJob(s, job.id, { threads: 1 });
    assert.is(fresh.status, 'done', `${b.name}: ${fresh.error?.message}`);
    assert.ok(Math.abs(fresh.result!.energy - ref) < 1e-12, b.name);
    assert.ok((await s.checkpoints.list(job.id)).some((c) => c.kind === 'initial-guess'), `${b.name}: the fresh start wrote its guess`);
    await s.close();
  }
});

test('two workers draining the queue run every submitted job exactly once', async () => {
  for (const b of backends) {
    const w1 = await openStore(b.config('worker@example.org'));
    const w2 = await openStore(b.config('worker@example.org'));
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await w1.jobs.submit({ geometryText: WATER, filename: `q${i}.xyz`, parameters: PARAMS })).id);
    const drain = async (s: store.Store): Promise<string[]> => {
      const done: string[] = [];
      for (let out = await store.runNextJob(s, { threads: 1 }); out !== undefined; out = await store.runNextJob(s, { threads: 1 })) {
        assert.is(out.status, 'done', `${b.name}: ${out.error?.message}`);
        done.push(out.jobId);
      }
      return done;
    };
    const [a, c] = await Promise.all([drain(w1), drain(w2)]);
    assert.equal([...a, ...c].sort(), [...ids].sort(), b.name);
    for (const id of ids) assert.is((await w1.jobs.get(id)).attempt, 1, `${b.name}: one attempt`);
  }
});

test('kill -9 mid-iteration, then resume: the final energy matches an uninterrupted run', async () => {
  for (const b of backends) {
    const s = await openStore(b.config());
    const ref = await uninterrupted(s, WATER, PARAMS);
    const job = await s.jobs.submit({ geometryText: WATER, filename: 'w.xyz', parameters: PARAMS, name: 'crash' });
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, 'fixtures', 'run-job.ts')], {
      env: { ...process.env, ROOTHAAN_TEST_STORE_CONFIG: JSON.stringify(b.config()), ROOTHAAN_TEST_JOB_ID: job.id, ROOTHAAN_TEST_SLEEP_MS: '300' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => void (stderr += c.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    // Wait until the child has committed density_2, then kill it mid-run.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const row = await s.database.knex('checkpoints').where({ job_id: job.id, key: `${job.id}/densities/density_2.bin` }).first();
      if (row !== undefined) break;
      if (child.exitCode !== null || Date.now() > deadline) assert.unreachable(`${b.name}: the child ended or stalled before density_2: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    assert.is(await exited, 'SIGKILL', b.name);
    const killed = await s.jobs.show(job.id);
    assert.is(killed.job.status, 'running', `${b.name}: the dead process could not record anything`);
    assert.is(killed.job.lease_pid, child.pid, b.name);
    assert.match(killed.lease, /is gone/, b.name);
    const from = killed.iterations!;
    assert.ok(from >= 2 && from < 8, `${b.name}: killed after iteration ${from}`);
    const seen: number[] = [];
    const r = await store.resumeJob(s, job.id, { threads: 1, onIteration: (rec) => void seen.push(rec.iteration) });
    assert.is(r.status, 'done', `${b.name}: ${r.error?.message}`);
    assert.is(seen[0], from + 1, b.name);
    const diff = Math.abs(r.result!.energy - ref);
    assert.ok(diff < TOLERANCE, `${b.name}: |ΔE| = ${diff}`);
    await s.close();
  }
});

test('S3 unreachable during a run: the job fails with the reason and resumes once S3 is back', async () => {
  const pg = await postgresAvailable();
  for (const database of pg ? (['sqlite', 'pg'] as const) : (['sqlite'] as const)) {
    const own = await startS3();
    const b = makeBackend(database, 's3', own.endpoint, 'outage');
    const s = await openStore(b.config());
    const ref = await uninterrupted(s, WATER, PARAMS);
    const job = await s.jobs.submit({ geometryText: WATER, filename: 'w.xyz', parameters: PARAMS });
    const out = await store.executeJob(s, job.id, {
      threads: 1,
      onIteration: async (rec) => {
        if (rec.iteration === 2) await own.stop();
      },
    });
    assert.is(out.status, 'failed', b.name);
    assert.instance(out.error, store.StoreUnavailableError, b.name);
    assert.match(out.job.error!, /cannot write '.*' in s3:\/\/ubcc3 at http:\/\/127\.0\.0\.1:\d+/, b.name);
    const events = await s.jobs.events(job.id);
    assert.is(events[events.length - 1]!.kind, 'error', b.name);
    // Resuming while S3 is still down fails clearly and changes nothing.
    await rejects(store.resumeJob(s, job.id), store.StoreUnavailableError, /s3:\/\/ubcc3/, `${b.name}: still down`);
    assert.is((await s.jobs.get(job.id)).status, 'failed', b.name);
    // S3 comes back (same port, same data): the job resumes and finishes.
    const back = await startS3(own.port, own.directory);
    const r = await store.resumeJob(s, job.id, { threads: 1 });
    assert.is(r.status, 'done', `${b.name}: ${r.error?.message}`);
    assert.ok(Math.abs(r.result!.energy - ref) < TOLERANCE, b.name);
    await s.close();
    await back.stop();
    await b.cleanup();
  }
});

test('PostgreSQL unreachable during a run: the job fails with the reason, nothing is lost, and it resumes once the database is back', async () => {
  if (!(await postgresAvailable())) return;
  const target = new URL(PG_URL);
  const sockets = new Set<net.Socket>();
  const startProxy = (port: number): Promise<net.Server> =>
    new Promise((resolve, reject) => {
      const server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 5432), target.hostname);
        sockets.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        const drop = (): void => {
          client.destroy();
          upstream.destroy();
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
      });
      server.on('error', reject).listen(port, '127.0.0.1', () => resolve(server));
    });
  let proxy = await startProxy(0);
  const port = (proxy.address() as net.AddressInfo).port;
  const url = new URL(PG_URL);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  const schema = uniqueSchema('dbdown');
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-dbdown-'));
  const config = { home, user: 'alice@example.org', databaseUrl: url.toString(), schema, objects: 'directory' as const, connectTimeoutMs: 1000 };
  const s = await openStore(config);
  const ref = await uninterrupted(s, WATER, PARAMS);
  const job = await s.jobs.submit({ geometryText: WATER, filename: 'w.xyz', parameters: PARAMS });
  const out = await store.executeJob(s, job.id, {
    threads: 1,
    onIteration: async (rec) => {
      if (rec.iteration === 3) {
        // Cut the database once the writer thread has committed two iterations.
        for (let t = 0; t < 200 && ((await s.jobs.show(job.id)).iterations ?? 0) < 2; t++) await new Promise((r) => setTimeout(r, 50));
        await new Promise<void>((r) => proxy.close(() => r()));
        for (const c of sockets) c.destroy();
      }
    },
  });
  assert.is(out.status, 'failed');
  assert.instance(out.error, store.StoreUnavailableError);
  assert.match(out.error!.message, /cannot commit checkpoints of job .*postgres:\/\/postgres@127\.0\.0\.1:\d+/);
  // The database is back: the row still says running (the end could not be recorded), but no process runs it.
  proxy = await startProxy(port);
  const row = await s.jobs.show(job.id);
  assert.is(row.job.status, 'running');
  assert.match(row.lease, /no longer runs it/);
  assert.ok(row.iterations !== null && row.iterations >= 2, `committed ${row.iterations}`);
  const r = await store.resumeJob(s, job.id, { threads: 1 });
  assert.is(r.status, 'done', r.error?.message);
  assert.ok(Math.abs(r.result!.energy - ref) < TOLERANCE);
  await s.close();
  await new Promise<void>((r) => proxy.close(() => r()));
  for (const c of sockets) c.destroy();
  await dropSchema(schema);
  fs.rmSync(home, { recursive: true, force: true });
});

test('the S3 configuration of the tests is what the store resolves from the environment', () => {
  const c = store.resolveStoreConfig({}, { ROOTHAAN_S3_BUCKET: 'b1', AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9', ROOTHAAN_S3_FORCE_PATH_STYLE: '1' });
  assert.equal(c.objects, { kind: 's3', s3: { bucket: 'b1', forcePathStyle: true, maxAttempts: 8, endpoint: 'http://127.0.0.1:9', connectTimeoutMs: 5000, requestTimeoutMs: 30_000 } });
  assert.is(s3Config('http://x').bucket, 'ubcc3');
});

test.run();
