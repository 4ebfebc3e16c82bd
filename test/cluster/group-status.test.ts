/**
 * `slurmGroupStatus` joins the store with squeue and sacct (the Slurm clients replaced by canned
 * output in Slurm's own formats): the ids of each job's last attempt, the task states, and sacct's
 * figures stored only for a finished task that ran exactly one attempt. The real clients run in
 * test/cli/slurm.test.ts, where (no slurmdbd) sacct reports accounting storage disabled.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { slurmGroupStatus, type SlurmClients } from '../../src/cluster';
import * as store from '../../src/store';
import { closeStores, geometryText, openStore } from '../store/backends';

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-group-status-'));

test.after(async () => {
  await closeStores();
  fs.rmSync(home, { recursive: true, force: true });
});

/** Runs one job of the group in this process as if in the Slurm array task `task` (job id `id`). */
async function runAsTask(s: store.Store, id: string, task: number): Promise<string> {
  Object.assign(process.env, { SLURM_JOB_ID: id, SLURM_ARRAY_JOB_ID: '100', SLURM_ARRAY_TASK_ID: String(task) });
  try {
    return (await store.runWorker(s, { group: 'pair', maxJobs: 1, threads: 1 })).outcomes[0]!.jobId;
  } finally {
    for (const k of ['SLURM_JOB_ID', 'SLURM_ARRAY_JOB_ID', 'SLURM_ARRAY_TASK_ID']) delete process.env[k];
  }
}

test("a job's figures become sacct's only when its finished task ran that one attempt; otherwise the worker's stay", async () => {
  const s = await openStore({ home, user: 'alice@example.org' });
  const inputs = store.scanInputs({ geometryText: geometryText('h2.xyz'), filename: 'h2.xyz', parameters: { basis_set: 'STO-3G' } }, [store.parseScan('bond 0 1 0.7,0.8,0.9')]);
  await store.submitGroup(s, 'pair', inputs);
  const alone = await runAsTask(s, '101', 1); // task 101 runs one job alone
  const jobs = [{ id: alone }, { id: await runAsTask(s, '102', 2) }, { id: await runAsTask(s, '102', 2) }]; // task 102 the other two
  const worker = await Promise.all(jobs.map((j) => s.jobs.get(j.id)));
  const calls: string[][] = [];
  const clients: SlurmClients = {
    run(command, args) {
      calls.push([command, ...args]);
      if (command === 'squeue') return { ok: true, stdout: '101|100|1|COMPLETED|0:40|10:00|node1\n102|100|2|RUNNING|1:10|10:00|node2\n', message: '' };
      const stdout = ['101|COMPLETED|00:00:40||', '101.batch|COMPLETED|00:00:40|00:00:35.5|102400K', '102|RUNNING|00:01:10||', '102.batch|RUNNING|00:01:10|00:01:00|204800K'].join('\n');
      return { ok: true, stdout, message: '' };
    },
  };
  const st = await slurmGroupStatus(s, 'pair', clients);
  assert.equal(calls.map((c) => c[0]), ['squeue', 'sacct']);
  assert.ok(calls[0]!.includes(`roothaan-${st.group.id}`), 'squeue looks for the group\'s job name');
  assert.ok(calls[1]!.includes('101,102') || calls[1]!.includes('102,101'), 'sacct asks for the tasks that ran attempts');
  const byId = new Map(st.jobs.map((j) => [j.job.id, j]));
  const first = byId.get(jobs[0]!.id)!;
  assert.equal([first.slurmJobId, first.slurmArrayJobId, first.slurmArrayTaskId, first.slurmState, first.efficiency], ['101', '100', 1, 'COMPLETED', 'sacct']);
  const stored = await s.jobs.get(jobs[0]!.id);
  assert.equal([stored.wall_time_s, stored.cpu_time_s, stored.peak_memory_bytes], [40, 35.5, 102400 * 1024]);
  assert.equal((await s.jobs.events(jobs[0]!.id)).filter((e) => e.kind === 'efficiency').map((e) => e.name), ['sacct']);
  for (const [k, j] of jobs.entries()) {
    if (k === 0) continue;
    // Task 102 ran two jobs (and still runs): its figures are neither's.
    assert.is(byId.get(j.id)!.efficiency, 'worker');
    assert.equal((await s.jobs.get(j.id)).cpu_time_s, worker[k]!.cpu_time_s);
  }
  // A second look stores nothing twice.
  assert.is((await slurmGroupStatus(s, 'pair', clients)).jobs[0]!.efficiency, 'sacct');
  assert.is((await s.jobs.events(jobs[0]!.id)).filter((e) => e.kind === 'efficiency').length, 1);
  // Without accounting: a note, and the worker's figures.
  const none = await slurmGroupStatus(s, 'pair', { run: (c) => (c === 'sacct' ? { ok: false, stdout: '', message: 'sacct exited with 1: Slurm accounting storage is disabled' } : { ok: true, stdout: '', message: '' }) });
  assert.equal(none.notes, ["sacct: sacct exited with 1: Slurm accounting storage is disabled — efficiency figures are the workers' own"]);
  await s.close();
});

test.run();
