import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StoreConflictError } from '../../src/errors';
import * as store from '../../src/store';
import { validateJobInput } from '../../src/store/job-input';
import { runAttempt } from '../../src/store/run-attempt';
import type { CheckpointSink } from '../../src/store/sink/sink';
import type { JobRow } from '../../src/store/tables';
import { repoRoot } from '../cli/helpers';
import { closeStores, GEOMETRY_DIR, openStore } from './backends';

// A run long enough to freeze mid-way on one thread (integrals and SCF take seconds), with a
// lease short enough for the test: 2 s.
const MOLECULE = path.join(GEOMETRY_DIR, 'benzene.xyz');
const BASIS = '6-31G';
const LEASE_SECONDS = 2;

// better-sqlite3 ships no types; the part used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database = require('better-sqlite3') as new (file: string, options: { timeout: number }) => { exec(sql: string): void; close(): void };

/** Sends SIGSTOP and waits until every thread of the process is stopped (state T in /proc). */
async function freeze(pid: number): Promise<void> {
  process.kill(pid, 'SIGSTOP');
  const stopped = (): boolean =>
    fs.readdirSync(`/proc/${pid}/task`).every((t) => {
      const stat = fs.readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).startsWith('T');
    });
  for (let tries = 0; !stopped(); tries++) {
    if (tries === 1000) assert.unreachable(`process ${pid} did not stop`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** Whether another process holds the write lock of the SQLite file (a write transaction in progress). */
function holdsWriteLock(file: string): boolean {
  const db = new Database(file, { timeout: 0 });
  try {
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    return false;
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw err;
  } finally {
    db.close();
  }
}

test('a process frozen past its lease, thawed after another process finished its job, exits 1 with one line saying so', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-fenced-'));
  const env: NodeJS.ProcessEnv = { ...process.env, ROOTHAAN_HOME: home, ROOTHAAN_USER: 'alice@example.org', ROOTHAAN_LEASE_SECONDS: String(LEASE_SECONDS), NO_COLOR: '1' };
  for (const k of ['DATABASE_URL', 'ROOTHAAN_S3_BUCKET', 'AWS_ENDPOINT_URL_S3']) delete env[k];
  // The built CLI, as a user runs it (`npm run build` first).
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'roothaan.js'), 'run', MOLECULE, '--basis', BASIS, '--threads', '1'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => void (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => void (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const s = await openStore({ home, user: 'alice@example.org', leaseSeconds: LEASE_SECONDS });
    // Freeze the child as soon as its job is recorded and running.
    let jobId: string | undefined;
    for (const deadline = Date.now() + 60_000; jobId === undefined; ) {
      const row = await s.database.knex('jobs').where({ status: 'running' }).first('id');
      if (row !== undefined) jobId = row.id as string;
      else if (child.exitCode !== null || Date.now() > deadline) assert.unreachable(`the child ended or stalled before its job ran: ${stderr}`);
      else await new Promise((r) => setTimeout(r, 10));
    }
    await freeze(child.pid!);
    // Frozen outside a write transaction: SQLite's write lock, held by a process frozen inside
    // one, would keep every other writer out until it thaws (a limit of the embedded store, not
    // of the fence tested here). So while the child holds it, let it run a few ms and freeze again.
    for (let tries = 0; holdsWriteLock(path.join(home, 'roothaan.sqlite')); tries++) {
      if (tries === 200) assert.unreachable('the frozen child kept the SQLite write lock');
      child.kill('SIGCONT');
      await new Promise((r) => setTimeout(r, 5));
      await freeze(child.pid!);
    }
    const frozen = await s.jobs.get(jobId);
    assert.is(frozen.status, 'running', 'frozen before it finished');
    assert.is(frozen.lease_pid, child.pid);
    // Past its lease, this process (another one) takes the job over and finishes it.
    await new Promise((r) => setTimeout(r, LEASE_SECONDS * 1000 + 500));
    const resumed = await store.resumeJob(s, jobId, { threads: 1 });
    assert.is(resumed.status, 'done', resumed.error?.message);
    assert.is(resumed.job.attempt, 2);
    // Thawed, the first process finds its attempt fenced out.
    child.kill('SIGCONT');
    const code = await exited;
    assert.is(code, 1, `exit code; stdout: ${stdout}; stderr: ${stderr}`);
    // Besides the notice `run` prints when the job is recorded, one line.
    const lines = stderr.trim().split('\n').filter((l) => !/ recorded \(Ctrl-C stops it/.test(l));
    assert.is(lines.length, 1, stderr);
    assert.match(lines[0]!, new RegExp(`^roothaan: another process owns job ${jobId}: its attempt 2 .*is done; this attempt \\(1\\) lost its lease and recorded nothing more$`));
    assert.not.match(stdout, /: done\b/, 'never reports done');
    // The job is as the second process left it.
    const after = await s.jobs.get(jobId);
    assert.is(after.status, 'done');
    assert.is(after.attempt, 2);
    assert.is(after.energy, resumed.result!.energy);
    await s.close();
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
    }
    await closeStores();
    fs.rmSync(home, { recursive: true, force: true });
  }
});

// The timing the test above can only hit by chance: the process is frozen after its claim
// committed but before the claimed row was read back, so the row it reads on thawing is already
// the other process's attempt 2, done. The attempt's number must come from the claim, not from
// that row. A sink in memory plays the store: the submission's answer is that row, and the first
// iteration's commit is fenced out.
test('an attempt whose claimed row is read back only after another attempt finished the job still says that another process owns it', async () => {
  const v = validateJobInput({ geometryText: '2\nH2\nH 0 0 0\nH 0 0 0.74\n', filename: 'h2.xyz', parameters: { basis_set: 'STO-3G' } });
  const jobId = '00000000-0000-4000-8000-000000000017';
  const takenOver = { id: jobId, attempt: 2, status: 'done', lease_host: null, lease_pid: null } as unknown as JobRow;
  let batches = 0;
  let finished = false;
  const fencedOut = new StoreConflictError(`job ${jobId}: attempt 1 is no longer current (it is now done at attempt 2); this process may commit nothing more`);
  const sink: CheckpointSink = {
    error: undefined,
    bytesWritten: 0,
    busyMs: 0,
    // Geometry, basis and integrals are queued before the SCF; the first iteration's batch is fenced out.
    enqueue: async () => {
      if (++batches > 2) throw fencedOut;
    },
    flush: async () => undefined,
    settle: async () => undefined,
    submit: async () => takenOver,
    heartbeat: async () => undefined,
    finish: async () => {
      finished = true;
      throw fencedOut;
    },
    job: async () => takenOver,
    release: () => undefined,
  };
  const outcome = runAttempt(sink, { jobId, attempt: 1, owner: 'owner-1', user: 'alice@example.org', job: Promise.resolve(takenOver), recordedHere: true }, v, { threads: 1 });
  await outcome.then(
    (o) => assert.unreachable(`reported as the job's outcome: ${o.status}`),
    (err: unknown) => {
      assert.instance(err, StoreConflictError);
      assert.match((err as Error).message, `another process owns job ${jobId}: its attempt 2 is done; this attempt (1) lost its lease and recorded nothing more`);
    },
  );
  assert.is(batches, 3, 'stopped at the first fenced-out commit');
  assert.not.ok(finished, 'never tried to finish the job');
});

// A job this run was to record but could not (here a group of another user's): nothing of it
// would be kept, so the integrals and the SCF stop at once instead of running to the end first.
test('a run whose job could not be recorded stops before its SCF and throws the reason', async () => {
  const v = validateJobInput({ geometryText: '2\nH2\nH 0 0 0\nH 0 0 0.74\n', filename: 'h2.xyz', parameters: { basis_set: 'STO-3G' } });
  const jobId = '00000000-0000-4000-8000-000000000018';
  const refusal = new store.StorePermissionError('group g belongs to bob@example.org; alice@example.org may not add jobs to it');
  let batches = 0;
  let iterations = 0;
  let finished = false;
  const job = Promise.reject(refusal);
  job.catch(() => undefined); // observed by runAttempt
  const sink: CheckpointSink = {
    error: undefined,
    bytesWritten: 0,
    busyMs: 0,
    enqueue: async () => void batches++,
    flush: async () => undefined,
    settle: async () => undefined,
    submit: () => job,
    heartbeat: async () => undefined,
    finish: async () => {
      finished = true;
      throw new Error('finished a job that was never recorded');
    },
    job: async () => undefined,
    release: () => undefined,
  };
  const outcome = runAttempt(sink, { jobId, attempt: 1, owner: 'owner-1', user: 'alice@example.org', job, recordedHere: true }, v, { threads: 1, onIteration: () => void iterations++ });
  await outcome.then(
    (o) => assert.unreachable(`reported as an outcome: ${o.status}`),
    (err: unknown) => assert.is(err, refusal),
  );
  assert.is(iterations, 0, 'no SCF iteration ran');
  assert.is(batches, 1, 'only the geometry and basis events were queued: no integrals');
  assert.not.ok(finished, 'never tried to finish the job');
});

test.run();
