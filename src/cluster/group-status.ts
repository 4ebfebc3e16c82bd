/**
 * `roothaan slurm status`: a group's jobs as the store sees them, joined with Slurm's view of the
 * array tasks that ran them (`squeue`) and, where the accounting plugin provides it, `sacct`'s
 * efficiency figures. A job's figures are the worker's own measurement (wall, CPU, peak memory
 * of its attempt) unless `sacct` has figures for a finished task that ran only this job's one
 * attempt: those are stored as the job's figures (an `efficiency` event named `sacct` records
 * that), since Slurm's figures for a task that ran several jobs belong to none of them alone.
 *
 * @packageDocumentation
 */
import { resolveGroup, checkGroupOwner } from '../store/groups';
import { storeContext, type Store } from '../store/store';
import { readableJobs } from '../store/skipped-rows';
import { eventFromRow, eventValues, tables, type JobGroupRow, type JobRow } from '../store/tables';
import { SACCT_FORMAT, parseSacct, type SacctFigures } from './sacct';
import { slurmJobName } from './sbatch-script';
import { SQUEUE_FORMAT, parseSqueue, type QueueTask } from './squeue';
import { runSlurm, type SlurmOutput } from './run-slurm';

/** One job of the group with its Slurm task. */
export interface SlurmJobStatus {
  job: JobRow;
  /** The last committed SCF iteration (0 before the first). */
  iteration: number;
  /** The Slurm ids of the last attempt, when it ran under Slurm. */
  slurmJobId: string | null;
  slurmArrayJobId: string | null;
  slurmArrayTaskId: number | null;
  /** That task's state in `squeue` (null when squeue no longer lists it). */
  slurmState: string | null;
  /** Where the job's efficiency figures come from. */
  efficiency: 'sacct' | 'worker' | null;
}

/** The whole picture of {@link slurmGroupStatus}. */
export interface SlurmGroupStatus {
  group: JobGroupRow;
  jobs: SlurmJobStatus[];
  /** Every task `squeue` lists for the group's workers (job name `roothaan-<group id>`). */
  tasks: QueueTask[];
  /** Why squeue or sacct gave nothing (e.g. `Slurm accounting storage is disabled`), one line each. */
  notes: string[];
}

/** The Slurm clients, replaceable for tests. */
export interface SlurmClients {
  run(command: string, args: readonly string[]): SlurmOutput;
}

/**
 * The status of a group's jobs and tasks (see the module docs). Owner only.
 *
 * @example
 * ```ts
 * const { jobs, notes } = await slurmGroupStatus(s, 'h2 scan');
 * ```
 */
export async function slurmGroupStatus(store: Store, group: string, clients: SlurmClients = { run: (c, a) => runSlurm(c, a) }): Promise<SlurmGroupStatus> {
  const ctx = storeContext(store);
  const g = await resolveGroup(ctx, group);
  checkGroupOwner(ctx, g, 'see the Slurm status of');
  const ids = tables.groupJobs(ctx.knex).select('job_id').where({ group_id: g.id });
  const jobs = readableJobs(ctx, await tables.jobs(ctx.knex).whereIn('id', ids).whereNull('deleted_at').orderBy([{ column: 'submitted_at' }, { column: 'id' }]));
  const events = (await tables.events(ctx.knex).whereIn('job_id', ids).whereIn('kind', ['start', 'resume', 'efficiency']).orderBy('id')).map(eventFromRow);
  const iterations = new Map<string, number>();
  for (const r of await tables.checkpoints(ctx.knex).whereIn('job_id', ids).where({ kind: 'density' }).groupBy('job_id').select('job_id').max({ n: 'iteration' })) {
    iterations.set(String(r.job_id), Number((r as unknown as { n: number | string | null }).n ?? 0));
  }
  // The last start/resume of each job, and how many attempts each Slurm task ran.
  const last = new Map<string, { attempt: number; id?: string; array?: string; task?: number }>();
  const attemptsPerTask = new Map<string, number>();
  const sacctDone = new Set<string>();
  for (const e of events) {
    if (e.kind === 'efficiency') {
      sacctDone.add(`${e.job_id}/${e.attempt}`);
      continue;
    }
    if (e.kind !== 'start' && e.kind !== 'resume') continue;
    const m = e.metadata ?? {};
    const id = typeof m.slurm_job_id === 'string' ? m.slurm_job_id : undefined;
    last.set(e.job_id, { attempt: e.attempt, ...(id !== undefined ? { id } : {}), ...(typeof m.slurm_array_job_id === 'string' ? { array: m.slurm_array_job_id } : {}), ...(typeof m.slurm_array_task_id === 'number' ? { task: m.slurm_array_task_id } : {}) });
    if (id !== undefined) attemptsPerTask.set(id, (attemptsPerTask.get(id) ?? 0) + 1);
  }

  const notes: string[] = [];
  const q = clients.run('squeue', ['-h', '-t', 'all', '-n', slurmJobName(g.id), '-o', SQUEUE_FORMAT]);
  const tasks = q.ok ? parseSqueue(q.stdout) : [];
  if (!q.ok) notes.push(`squeue: ${q.message}`);
  const slurmIds = [...new Set([...last.values()].map((l) => l.id).filter((x): x is string => x !== undefined))];
  const figures = new Map<string, SacctFigures>();
  if (slurmIds.length > 0) {
    const a = clients.run('sacct', ['-n', '-P', '-j', slurmIds.join(','), `--format=${SACCT_FORMAT}`]);
    if (a.ok) for (const f of parseSacct(a.stdout)) figures.set(f.jobId, f);
    else notes.push(`sacct: ${a.message} — efficiency figures are the workers' own`);
  }

  const out: SlurmJobStatus[] = [];
  for (let job of jobs) {
    const l = last.get(job.id);
    const f = l?.id !== undefined ? figures.get(l.id) : undefined;
    let efficiency: SlurmJobStatus['efficiency'] = job.wall_time_s !== null ? 'worker' : null;
    if (l !== undefined && sacctDone.has(`${job.id}/${l.attempt}`)) efficiency = 'sacct';
    else if (l?.id !== undefined && f !== undefined && job.status === 'done' && attemptsPerTask.get(l.id) === 1 && !/^(PENDING|RUNNING|COMPLETING|REQUEUED|SUSPENDED)/.test(f.state) && f.wallTimeS !== undefined) {
      job = await storeSacctFigures(store, job, l.attempt, f);
      efficiency = 'sacct';
    }
    out.push({
      job,
      iteration: iterations.get(job.id) ?? 0,
      slurmJobId: l?.id ?? null,
      slurmArrayJobId: l?.array ?? null,
      slurmArrayTaskId: l?.task ?? null,
      slurmState: tasks.find((t) => t.jobId === l?.id)?.state ?? null,
      efficiency,
    });
  }
  return { group: g, jobs: out, tasks, notes };
}

/** Stores `sacct`'s figures as the job's (the worker's stay where sacct has none) and records an `efficiency` event. */
async function storeSacctFigures(store: Store, job: JobRow, attempt: number, f: SacctFigures): Promise<JobRow> {
  const ctx = storeContext(store);
  const wall = f.wallTimeS ?? job.wall_time_s;
  const cpu = f.cpuTimeS ?? job.cpu_time_s;
  const peak = f.maxRssBytes ?? job.peak_memory_bytes;
  await ctx.knex.transaction(async (trx) => {
    await tables.jobs(trx).where({ id: job.id, attempt }).update({ wall_time_s: wall, cpu_time_s: cpu, peak_memory_bytes: peak });
    await tables.events(trx).insert(eventValues(job.id, attempt, { kind: 'efficiency', name: 'sacct', metadata: { source: 'sacct', slurm_job_id: f.jobId, wall_time_s: wall, cpu_time_s: cpu, peak_memory_bytes: peak } }));
  });
  return { ...job, wall_time_s: wall, cpu_time_s: cpu, peak_memory_bytes: peak };
}
