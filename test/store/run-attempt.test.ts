import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as store from '../../src/store';
import { repoRoot } from '../cli/helpers';
import { closeStores, GEOMETRY_DIR, openStore } from './backends';

// A run long enough to freeze mid-way on one thread (integrals and SCF take seconds), with a
// lease short enough for the test: 2 s.
const MOLECULE = path.join(GEOMETRY_DIR, 'benzene.xyz');
const BASIS = '6-31G';
const LEASE_SECONDS = 2;

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
    child.kill('SIGSTOP');
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

test.run();
