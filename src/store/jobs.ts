import { randomUUID } from 'node:crypto';
import { InvalidInputError, StoreConflictError } from '../errors';
import { lastDensityIteration } from './checkpoints';
import type { StoreContext } from './context';
import type { JobEvent } from './events';
import { resolveGroup } from './groups';
import { resolveJobId } from './job-ids';
import { submissionOf, validateJobInput, type JobInput } from './job-input';
import { jobPrefix } from './keys';
import { leaseState } from './lease';
import { deleteJob } from './delete-job';
import { getJob, getOwnJob, stop, submit } from './lifecycle';
import { checkListLimit } from './names';
import { readableJobs } from './skipped-rows';
import { checkpointFromRow, eventFromRow, JOB_STATUSES, tables, type CheckpointRow, type JobRow, type JobStatus } from './tables';

/** Filters of {@link JobsApi.list}; all optional, combined with AND. */
export interface JobFilter {
  status?: JobStatus | readonly JobStatus[];
  /** A group id, or the name of one of the current user's groups. */
  group?: string;
  /** Jobs whose name contains this text (case-insensitive). */
  name?: string;
  /** Whose jobs: a user name, or `'all'`; default the current user. */
  user?: string;
  /** Submitted at or after this time. */
  submittedAfter?: Date;
  /** Submitted before this time. */
  submittedBefore?: Date;
  /** At most this many, newest first (default 1000). */
  limit?: number;
}

/** Everything {@link JobsApi.show} knows about a job. */
export interface JobDetails {
  job: JobRow;
  /** The groups the job is in. */
  groups: Array<{ id: string; name: string; username: string }>;
  /** The last committed SCF iteration (highest committed density), or null. */
  iterations: number | null;
  /** Every committed checkpoint. */
  checkpoints: CheckpointRow[];
  /** Whether a live process holds the job, in words. */
  lease: string;
}

/** The jobs part of a store. */
export interface JobsApi {
  /** Validates and records a job (status `submitted`) with its geometry objects. Invalid input stores nothing. */
  submit(input: JobInput): Promise<JobRow>;
  /** Jobs matching a filter, newest first. */
  list(filter?: JobFilter): Promise<JobRow[]>;
  /** One job's row; an unknown id is a NotFoundError, a malformed one an InvalidInputError. */
  get(jobId: string): Promise<JobRow>;
  /** The whole id of the one job whose id begins with this prefix (at least 4 hex digits), or that is this UUID; see `job-ids.ts`. */
  resolveId(idOrPrefix: string): Promise<string>;
  /** A job with its groups, last committed iteration and checkpoints. */
  show(jobId: string): Promise<JobDetails>;
  /** A job's events in order. */
  events(jobId: string): Promise<JobEvent[]>;
  /** Stops a submitted or running job (a running process notices at its next commit). Owner only. */
  stop(jobId: string): Promise<JobRow>;
  /** Deletes a job: marks it deleted, removes its objects, then its rows (`delete-job.ts`). Owner only; a job a live process runs must be stopped first. */
  delete(jobId: string): Promise<{ objects: number }>;
}

/** The {@link JobsApi} over a store context. */
export function jobsApi(ctx: StoreContext): JobsApi {
  const { knex } = ctx;
  return {
    async submit(input) {
      const v = validateJobInput(input);
      return submit(ctx, submissionOf(randomUUID(), input, v));
    },

    async list(filter = {}) {
      let q = tables.jobs(knex).select('jobs.*').whereNull('jobs.deleted_at');
      const user = filter.user ?? ctx.user;
      if (user !== 'all') q = q.where('jobs.username', user);
      if (filter.status !== undefined) {
        const statuses = typeof filter.status === 'string' ? [filter.status] : [...filter.status];
        const unknown = statuses.find((s) => !JOB_STATUSES.includes(s));
        if (unknown !== undefined) throw new InvalidInputError(`unknown status '${unknown}'; use one of ${JOB_STATUSES.join(', ')}`, { field: 'status' });
        q = q.whereIn('jobs.status', statuses);
      }
      if (filter.name !== undefined) q = q.whereRaw('lower(jobs.name) like ?', [`%${filter.name.toLowerCase().replace(/[%_]/g, '')}%`]);
      if (filter.group !== undefined) {
        const g = await resolveGroup(ctx, filter.group);
        q = q.join('job_group_jobs', 'job_group_jobs.job_id', 'jobs.id').where('job_group_jobs.group_id', g.id);
      }
      if (filter.submittedAfter !== undefined) q = q.where('jobs.submitted_at', '>=', checkDate(filter.submittedAfter, 'submittedAfter'));
      if (filter.submittedBefore !== undefined) q = q.where('jobs.submitted_at', '<', checkDate(filter.submittedBefore, 'submittedBefore'));
      const rows = await q.orderBy([{ column: 'jobs.submitted_at', order: 'desc' }, { column: 'jobs.id' }]).limit(filter.limit === undefined ? 1000 : checkListLimit(filter.limit));
      return readableJobs(ctx, rows);
    },

    get: (jobId) => getJob(knex, jobId),

    resolveId: (idOrPrefix) => resolveJobId(knex, ctx.db.client, idOrPrefix),

    async show(jobId) {
      const job = await getJob(knex, jobId);
      const groupRows = await tables.groups(knex)
        .join('job_group_jobs', 'job_group_jobs.group_id', 'job_groups.id')
        .where('job_group_jobs.job_id', job.id)
        .orderBy('job_groups.name')
        .select('job_groups.id', 'job_groups.name', 'job_groups.username');
      const checkpoints = (await tables.checkpoints(knex).where({ job_id: job.id }).orderBy('id')).map(checkpointFromRow);
      return {
        job,
        groups: groupRows.map((g) => ({ id: String(g.id), name: String(g.name), username: String(g.username) })),
        iterations: lastDensityIteration(checkpoints),
        checkpoints,
        lease: leaseState(job).description,
      };
    },

    async events(jobId) {
      const job = await getJob(knex, jobId);
      return (await tables.events(knex).where({ job_id: job.id }).orderBy('id')).map(eventFromRow);
    },

    async stop(jobId) {
      return stop(ctx, await getOwnJob(ctx, jobId, 'stop'));
    },

    delete: (jobId) => deleteJob(ctx, jobId),
  };
}

function checkDate(d: Date, field: string): string {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new InvalidInputError(`${field} is not a valid date`, { field });
  return d.toISOString();
}
