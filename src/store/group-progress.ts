/**
 * A group's progress: one row per job with its status, its last committed iteration and energy,
 * and the host running it (or that ran it last), read in three queries whatever the group's size.
 * While a job runs its row in `jobs` holds no energy yet: the iteration and energy come from its
 * latest committed `iteration` event (committed with that iteration's checkpoints), the host from
 * its lease or its latest `start`/`resume` event. `notebook.watchGroup` and `roothaan groups show`
 * show these rows.
 *
 * @packageDocumentation
 */
import { resolveGroup } from './groups';
import { leaseState } from './lease';
import { storeContext, type Store } from './store';
import { readableJobs } from './skipped-rows';
import { readEventRow, tables, type JobGroupRow, type JobRow, type JobStatus } from './tables';
import type { JobEvent } from './events';

/** One job of a group, as it stands. Energies in hartree. */
export interface GroupProgressRow {
  /** The job id. */
  id: string;
  name: string | null;
  /** The molecule's formula. */
  formula: string | null;
  status: JobStatus;
  /** True when a live process holds the job (`running` under a process that is gone is false). */
  live: boolean;
  /** The current (or last) attempt; 0 before the first. */
  attempt: number;
  /** The last committed SCF iteration (numbering continues across resumes), or null before the first. */
  iteration: number | null;
  /** The final energy once done or failed, else the last committed iteration's total energy, or null. */
  energy: number | null;
  /** Whether the SCF converged, once done or failed; else null. */
  converged: boolean | null;
  /** The host running the job, or the host of its last attempt; null before the first. */
  host: string | null;
  /** The time of the job's latest event (at least its submission). */
  updated: Date;
  /** Why it failed or stopped, or null. */
  error: string | null;
}

/** A group and its jobs' rows. */
export interface GroupProgress {
  group: JobGroupRow;
  /** One row per job, oldest submission first. */
  rows: GroupProgressRow[];
  /** How many jobs have each status. */
  counts: Partial<Record<JobStatus, number>>;
  /**
   * True when nothing is left in progress: no job is `submitted`, and none is `running` under a
   * live process. Every job is then done, failed or stopped (or running under a process that is
   * gone: resumable by the next worker).
   */
  settled: boolean;
}

/** The event kinds a row reads. */
const KINDS = ['start', 'resume', 'iteration', 'complete', 'stop', 'error'] as const;

/** The iteration number of an `iteration <n>` event. */
function iterationNumber(e: JobEvent | undefined): number | null {
  const m = e === undefined ? null : /^iteration (\d+)$/.exec(e.name);
  return m === null ? null : Number(m[1]);
}

/** A job's row from its job row and latest events of each kind. */
function progressRow(job: JobRow, latest: ReadonlyMap<string, JobEvent>): GroupProgressRow {
  const it = latest.get('iteration');
  const begin = [latest.get('start'), latest.get('resume')].filter((e): e is JobEvent => e !== undefined).sort((a, b) => b.id - a.id)[0];
  const beginHost = begin !== undefined && (begin.kind === 'start' || begin.kind === 'resume') ? begin.metadata?.host : undefined;
  const itEnergy = it?.kind === 'iteration' && typeof it.metadata?.energy === 'number' ? it.metadata.energy : null;
  const finished = job.status === 'done' || job.status === 'failed';
  const times = [job.submitted_at, ...[...latest.values()].map((e) => e.created_at)];
  return {
    id: job.id,
    name: job.name,
    formula: job.formula,
    status: job.status,
    live: leaseState(job).live,
    attempt: job.attempt,
    iteration: finished && job.iterations !== null ? job.iterations : iterationNumber(it),
    energy: finished && job.energy !== null ? job.energy : itEnergy,
    converged: finished ? job.converged : null, // a resumed job keeps its failed attempt's values until it ends
    host: job.lease_host ?? (typeof beginHost === 'string' ? beginHost : null),
    updated: new Date(Math.max(...times.map((t) => t.getTime()))),
    error: job.status === 'done' ? null : job.error,
  };
}

/**
 * The progress of a group (an id, or the name of one of the current user's groups): one
 * {@link GroupProgressRow} per job, oldest submission first, and whether it has settled.
 *
 * @example
 * ```ts
 * const { rows, settled } = await store.groupProgress(s, 'h2 scan');
 * for (const r of rows) console.log(r.status, r.iteration, r.energy, r.host);
 * ```
 */
export async function groupProgress(store: Store, group: string): Promise<GroupProgress> {
  const ctx = storeContext(store);
  const g = await resolveGroup(ctx, group);
  const members = tables.groupJobs(ctx.knex).select('job_id').where({ group_id: g.id });
  const jobs = readableJobs(ctx, await tables.jobs(ctx.knex).whereIn('id', members).whereNull('deleted_at').orderBy([{ column: 'submitted_at' }, { column: 'id' }]));
  // The latest event of each kind per job: one aggregate, then those rows.
  const latestIds = tables.events(ctx.knex).max('id').whereIn('job_id', members).whereIn('kind', KINDS).groupBy('job_id', 'kind');
  // An event that cannot be read is left out (`db check` names it): the row shows the job without it.
  const events = (await tables.events(ctx.knex).whereIn('id', latestIds)).map(readEventRow).filter((e) => e.problems.length === 0).map((e) => e.row);
  const byJob = new Map<string, Map<string, JobEvent>>();
  for (const e of events) {
    const m = byJob.get(e.job_id) ?? new Map<string, JobEvent>();
    m.set(e.kind, e);
    byJob.set(e.job_id, m);
  }
  const rows = jobs.map((j) => progressRow(j, byJob.get(j.id) ?? new Map()));
  const counts: Partial<Record<JobStatus, number>> = {};
  for (const r of rows) counts[r.status] = (counts[r.status] ?? 0) + 1;
  const settled = rows.every((r) => r.status !== 'submitted' && !(r.status === 'running' && r.live));
  return { group: g, rows, counts, settled };
}
