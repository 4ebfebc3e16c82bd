import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { InvalidInputError, StoreConflictError } from '../errors';
import { checkpointFromRow, eventRowValues } from './checkpoints';
import type { StoreContext } from './context';
import { fromJson, isoNow, toDate, toNum } from './database';
import { resolveGroup } from './groups';
import { submissionOf, validateJobInput, type JobInput } from './job-input';
import { jobPrefix } from './keys';
import { checkJobOwner, getJob, jobFromRow } from './job-rows';
import { leaseState } from './lease';
import { recordSubmission } from './submission';
import { JOB_STATUSES, type CheckpointRow, type JobEventRow, type JobRow, type JobStatus } from './rows';

/** Filters of {@link JobsApi.list}; all optional, combined with AND. */
export interface JobFilter {
  /** One status or several. */
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
  /** A job with its groups, last committed iteration and checkpoints. */
  show(jobId: string): Promise<JobDetails>;
  /** A job's events in order. */
  events(jobId: string): Promise<JobEventRow[]>;
  /** Stops a submitted or running job (a running process notices at its next commit). Owner only. */
  stop(jobId: string): Promise<JobRow>;
  /** Deletes a job, its rows and its objects. Owner only; a job a live process runs must be stopped first. */
  delete(jobId: string): Promise<{ objects: number }>;
}

/** The last committed SCF iteration of a job (highest committed density). */
export async function lastCommittedIteration(knex: Knex, jobId: string): Promise<number | null> {
  const r = await knex('checkpoints').where({ job_id: jobId, kind: 'density' }).max({ n: 'iteration' }).first();
  return toNum(r?.n);
}

/** The {@link JobsApi} over a store context. */
export function jobsApi(ctx: StoreContext): JobsApi {
  const { knex } = ctx;
  return {
    async submit(input) {
      const v = validateJobInput(input);
      return recordSubmission(ctx, submissionOf(randomUUID(), input, v));
    },

    async list(filter = {}) {
      let q = knex('jobs').select('jobs.*');
      const user = filter.user ?? ctx.user;
      if (user !== 'all') q = q.where('jobs.username', user);
      if (filter.status !== undefined) {
        const statuses = typeof filter.status === 'string' ? [filter.status] : [...filter.status];
        for (const s of statuses) {
          if (!JOB_STATUSES.includes(s)) {
            throw new InvalidInputError(`unknown status '${s}'; use one of ${JOB_STATUSES.join(', ')}`, { field: 'status' });
          }
        }
        q = q.whereIn('jobs.status', statuses);
      }
      if (filter.name !== undefined) q = q.whereRaw('lower(jobs.name) like ?', [`%${filter.name.toLowerCase().replace(/[%_]/g, '')}%`]);
      if (filter.group !== undefined) {
        const g = await resolveGroup(ctx, filter.group);
        q = q.join('job_group_jobs', 'job_group_jobs.job_id', 'jobs.id').where('job_group_jobs.group_id', g.id);
      }
      if (filter.submittedAfter !== undefined) q = q.where('jobs.submitted_at', '>=', checkDate(filter.submittedAfter, 'submittedAfter'));
      if (filter.submittedBefore !== undefined) q = q.where('jobs.submitted_at', '<', checkDate(filter.submittedBefore, 'submittedBefore'));
      const rows = await q.orderBy([{ column: 'jobs.submitted_at', order: 'desc' }, { column: 'jobs.id' }]).limit(filter.limit ?? 1000);
      return rows.map(jobFromRow);
    },

    get: (jobId) => getJob(knex, jobId),

    async show(jobId) {
      const job = await getJob(knex, jobId);
      const groupRows = await knex('job_groups')
        .join('job_group_jobs', 'job_group_jobs.group_id', 'job_groups.id')
        .where('job_group_jobs.job_id', job.id)
        .orderBy('job_groups.name')
        .select('job_groups.id', 'job_groups.name', 'job_groups.username');
      const cps = await knex('checkpoints').where({ job_id: job.id }).orderBy('id');
      return {
        job,
        groups: groupRows.map((g) => ({ id: String(g.id), name: String(g.name), username: String(g.username) })),
        iterations: await lastCommittedIteration(knex, job.id),
        checkpoints: cps.map(checkpointFromRow),
        lease: leaseState(job).description,
      };
    },

    async events(jobId) {
      const job = await getJob(knex, jobId);
      const rows = await knex('job_events').where({ job_id: job.id }).orderBy('id');
      return rows.map((r) => ({
        id: toNum(r.id)!,
        job_id: String(r.job_id),
        attempt: toNum(r.attempt)!,
        kind: String(r.kind),
        name: String(r.name),
        metadata: fromJson<Record<string, unknown>>(r.metadata),
        created_at: toDate(r.created_at)!,
      }));
    },

    async stop(jobId) {
      const job = await getJob(knex, jobId);
      checkJobOwner(ctx, job, 'stop');
      if (job.status !== 'submitted' && job.status !== 'running') {
        throw new StoreConflictError(`job ${job.id} is ${job.status}; only a submitted or running job can be stopped`);
      }
      await knex.transaction(async (trx) => {
        const n = await trx('jobs')
          .where({ id: job.id, status: job.status, attempt: job.attempt })
          .update({ status: 'stopped', error: 'stopped by ' + ctx.user, finished_at: isoNow(), lease_expires_at: null });
        if (n === 0) throw new StoreConflictError(`job ${job.id} changed while stopping it; try again`);
        await trx('job_events').insert(eventRowValues(job.id, job.attempt, { kind: 'stop', name: 'stopped', metadata: { by: ctx.user, was: job.status } }));
      });
      return getJob(knex, job.id);
    },

    async delete(jobId) {
      const job = await getJob(knex, jobId);
      checkJobOwner(ctx, job, 'delete');
      const lease = leaseState(job);
      if (lease.live) throw new StoreConflictError(`job ${job.id} is running (${lease.description}); stop it before deleting it`);
      // Rows first: without its rows an object does not exist, so a failure below leaves only garbage.
      const n = await knex('jobs').where({ id: job.id, attempt: job.attempt }).delete();
      if (n === 0) throw new StoreConflictError(`job ${job.id} changed while deleting it; try again`);
      const objects = await ctx.objects.deletePrefix(jobPrefix(job.id));
      return { objects };
    },
  };
}

function checkDate(d: Date, field: string): string {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new InvalidInputError(`${field} is not a valid date`, { field });
  return d.toISOString();
}
