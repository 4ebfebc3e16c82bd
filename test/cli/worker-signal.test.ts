/**
 * SIGTERM and SIGINT in `roothaan worker`, with the built binary in a real child process and real
 * signals (needs `npm run build`, as `npm test` does first): the worker stops its job at the next
 * iteration, commits it, leaves it `stopped` and exits 0; the next worker resumes it from its last
 * density, continuing the iteration numbers, to the energy of an uninterrupted run.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as store from '../../src/store';
import { referenceDir, repoRoot, runCli } from './helpers';

interface Case { name: string; energy: number; atoms_bohr: [string, number, number, number][] }
const cases = JSON.parse(fs.readFileSync(path.join(referenceDir, 'public-cases.json'), 'utf8')) as Case[];
const ethanol = cases.find((c) => c.name === 'ethanol_631gs')!;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-worker-signal-'));
const xyz = path.join(tmp, 'ethanol.xyz');
fs.writeFileSync(xyz, `${ethanol.atoms_bohr.length}\nethanol units=bohr\n${ethanol.atoms_bohr.map(([s, x, y, z]) => `${s} ${x} ${y} ${z}`).join('\n')}\n`);
// Heavy damping without DIIS: ethanol/6-31G* (57 functions) takes ~186 iterations of ~15 ms, so a
// signal sent once 3 iterations are committed lands mid-run, and a second one mid-resume.
const SLOW = ['--basis', '6-31G*', '--no-diis', '--damping', '0.9', '--max-iterations', '500'];
const USER = 'worker-signal@example.org';
const home = path.join(tmp, 'home');
const env = { ROOTHAAN_HOME: home, ROOTHAAN_USER: USER };

interface Child { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** The iteration numbers of a job's committed `iteration` events, per attempt. */
async function iterationsByAttempt(s: store.Store, jobId: string): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  for (const e of await s.jobs.events(jobId)) {
    if (e.kind !== 'iteration') continue;
    out.set(e.attempt, [...(out.get(e.attempt) ?? []), Number(e.name.replace('iteration ', ''))]);
  }
  return out;
}

/**
 * Runs `roothaan worker --group sig --json` in a child; with a signal, sends it once the job's
 * attempt `attempt` has committed 3 iterations (polling the store from this process). Waits for the exit.
 */
async function worker(s: store.Store, jobId: string, send?: { signal: NodeJS.Signals; attempt: number }): Promise<Child> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'roothaan.js'), 'worker', '--group', 'sig', '--json', '--threads', '1'], {
    cwd: repoRoot, env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
  const exited = new Promise<Child>((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`no exit within 90 s: ${stderr}`)); }, 90_000);
    child.on('error', reject);
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stdout, stderr }); });
  });
  if (send !== undefined) {
    let done = false;
    void exited.finally(() => (done = true)).catch(() => undefined);
    while (!done && ((await iterationsByAttempt(s, jobId)).get(send.attempt)?.length ?? 0) < 3) await new Promise((r) => setTimeout(r, 20));
    if (!done) child.kill(send.signal);
  }
  return exited;
}

/** The JSON lines a worker printed. */
function lines(out: string): Array<Record<string, unknown>> {
  return out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

test('SIGTERM, then SIGINT, stop a worker’s job with its work committed; a third worker resumes it to the uninterrupted energy', async () => {
  // The uninterrupted run: same input, same code, one thread, its own store.
  const direct = await runCli(['run', xyz, ...SLOW, '--threads', '1', '--json'], { ROOTHAAN_HOME: path.join(tmp, 'direct'), ROOTHAAN_USER: USER });
  assert.is(direct.code, 0, direct.stderr);
  const reference = JSON.parse(direct.stdout) as { energy: number; iterations: number; converged: boolean };
  assert.ok(reference.converged);

  const submitted = await runCli(['submit', xyz, ...SLOW, '--group', 'sig', '--json'], env);
  assert.is(submitted.code, 0, submitted.stderr);
  const jobId = (JSON.parse(submitted.stdout) as { jobs: Array<{ id: string }> }).jobs[0]!.id;
  const s = await store.open({ home, user: USER }, {});
  try {
    let committed = 0;
    for (const [attempt, signal] of [[1, 'SIGTERM'], [2, 'SIGINT']] as const) {
      const run = await worker(s, jobId, { signal, attempt });
      assert.is(run.code, 0, `${signal}: ${run.stderr}`);
      const [job, exit] = lines(run.stdout);
      assert.equal(exit, { event: 'exit', reason: 'signal', signal, jobs: 1, statuses: { stopped: 1 }, taken_over: [] }, run.stdout);
      assert.is(job!.job_id, jobId);
      assert.is(job!.status, 'stopped');
      assert.is(job!.resumed, attempt > 1);
      const row = await s.jobs.get(jobId);
      assert.is(row.status, 'stopped', signal);
      assert.is(row.attempt, attempt);
      assert.is(row.lease_owner, null, `${signal}: the lease is released`);
      const numbers = (await iterationsByAttempt(s, jobId)).get(attempt)!;
      assert.ok(numbers.length >= 3, `${signal}: ${numbers.length} iterations before the stop`);
      assert.ok(numbers.at(-1)! < reference.iterations, `${signal}: stopped before the end (${numbers.at(-1)} of ${reference.iterations})`);
      assert.is(numbers[0], committed + 1, `${signal}: attempt ${attempt} starts after the last committed iteration`);
      committed = numbers.at(-1)!;
      // The stop is recorded as an abort after the last committed iteration: a worker's business.
      const stop = (await s.jobs.events(jobId)).filter((e) => e.kind === 'stop').at(-1)!;
      assert.equal(stop.metadata, { by: USER, reason: 'aborted', iteration: committed }, signal);
      // Everything computed is committed: a density and a Fock matrix for every iteration, once.
      const checkpoints = (await s.jobs.show(jobId)).checkpoints;
      for (const kind of ['density', 'fock'] as const) {
        assert.equal(checkpoints.filter((c) => c.kind === kind).map((c) => c.iteration), Array.from({ length: committed }, (_, k) => k + 1), `${signal}: ${kind}`);
      }
      for (const kind of ['overlap', 'core-hamiltonian', 'initial-guess', 'geometry-orig'] as const) assert.ok(checkpoints.some((c) => c.kind === kind), `${signal}: ${kind}`);
    }

    const last = await worker(s, jobId);
    assert.is(last.code, 0, last.stderr);
    const [job, exit] = lines(last.stdout);
    assert.equal(exit, { event: 'exit', reason: 'idle', jobs: 1, statuses: { done: 1 }, taken_over: [] });
    assert.is(job!.status, 'done');
    assert.is(job!.resumed, true);
    assert.is(job!.attempt, 3);
    const third = (await iterationsByAttempt(s, jobId)).get(3)!;
    assert.is(third[0], committed + 1, 'the third attempt continues after the last committed iteration');
    const row = await s.jobs.get(jobId);
    assert.is(row.status, 'done');
    // The damped path is the same iteration by iteration (resumed from the density, DIIS off): the
    // same number of iterations and the uninterrupted energy to 1e-10 Eh (only the order of
    // floating-point sums could differ, ~1e-13 Eh).
    assert.is(row.iterations, reference.iterations);
    assert.is(third.at(-1), reference.iterations);
    assert.ok(Math.abs(row.energy! - reference.energy) < 1e-10, `${row.energy} vs uninterrupted ${reference.energy}`);
    assert.is(job!.energy, row.energy);
  } finally {
    await s.close();
  }
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test.run();
