import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { InvalidInputError, StoreConflictError } from '../errors';
import { checkpointFromRow, checkpointRowValues, eventRowValues, prepareText, type PreparedObject } from './checkpoints';
import { checkUuid, type StoreContext } from './context';
import { fromJson, isoNow, toBool, toDate, toNum } from './database';
import { resolveGroup, addJobsToGroupTrx, type GroupsApi } from './groups';
import { validateJobInput, type JobInput } from './job-input';
import { geometryOrigKey, geometryXyzKey, jobPrefix } from './keys';
import { leaseState } from './lease';
import { JOB_STATUSES, type CheckpointRow, type JobEventRow, type JobRow, type JobStatus } from './rows';
import { NotFoundError, StorePermissionError } from './store-errors';

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

/** Normalises a `jobs` row from either database. */
export function jobFromRow(r: Record<string, unknown>): JobRow {
  return {
    id: String(r.id),
    name: (r.name as string | null) ?? null,
    username: String(r.username),
    submitted_at: toDate(r.submitted_at)!,
    started_at: toDate(r.started_at),
    finished_at: toDate(r.finished_at),
    status: r.status as JobStatus,
    parameters: fromJson<Record<string, unknown>>(r.parameters) ?? {},
    geometry_filename: (r.geometry_filename as string | null) ?? null,
    geometry_format: (r.geometry_format as string | null) ?? null,
    geometry_units: (r.geometry_units as string | null) ?? null,
    formula: (r.formula as string | null) ?? null,
    basis_name: (r.basis_name as string | null) ?? null,
    nbf: toNum(r.nbf),
    reference: (r.reference as string | null) ?? null,
    geometry_sha256: String(r.geometry_sha256),
    basis_sha256: (r.basis_sha256 as string | null) ?? null,
    parameters_sha256: String(r.parameters_sha256),
    attempt: toNum(r.attempt) ?? 0,
    lease_owner: (r.lease_owner as string | null) ?? null,
    lease_host: (r.lease_host as string | null) ?? null,
    lease_pid: toNum(r.lease_pid),
    lease_expires_at: toDate(r.lease_expires_at),
    error: (r.error as string | null) ?? null,
    energy: toNum(r.energy),
    iterations: toNum(r.iterations),
    converged: toBool(r.converged),
    wall_time_s: toNum(r.wall_time_s),
    cpu_time_s: toNum(r.cpu_time_s),
    peak_memory_bytes: toNum(r.peak_memory_bytes),
  };
}

/** A job row by id (checked), or NotFoundError. */
export async function getJob(knex: Knex, jobId: string): Promise<JobRow> {
  const id = checkUuid(jobId, 'job id');
  const row = await knex('jobs').where({ id }).first();
  if (row === undefined) throw new NotFoundError(`no job ${id} in the store (see \`roothaan jobs list\`)`);
  return jobFromRow(row);
}

/** Throws StorePermissionError unless the current user owns the job. */
export function checkJobOwner(ctx: StoreContext, job: JobRow, action: string): void {
  if (job.username !== ctx.user) {
    throw new StorePermissionError(`job ${job.id} belongs to ${job.username}; ${ctx.user} may not ${action} it`);
  }
}

/** The last committed SCF iteration of a job (highest committed density). */
export async function lastCommittedIteration(knex: Knex, jobId: string): Promise<number | null> {
  const r = await knex('checkpoints').where({ job_id: jobId, kind: 'density' }).max({ n: 'iteration' }).first();
  return toNum(r?.n);
}

/** The {@link JobsApi} over a store context. */
export function jobsApi(ctx: StoreContext, groups: () => GroupsApi): JobsApi {
  const { knex } = ctx;
  return {
    async submit(input) {
      const v = validateJobInput(input);
      const group = input.group !== undefined ? await groups().ensure(input.group) : undefined;
      if (group !== undefined && group.username !== ctx.user) {
        throw new StorePermissionError(`the group '${group.name}' (${group.id}) belongs to ${group.username}; only its owner may add jobs to it`);
      }
      const id = randomUUID();
      const filename = input.filename ?? null;
      const objects: PreparedObject[] = [
        prepareText(geometryOrigKey(id), 'geometry-orig', input.geometryText),
        prepareText(geometryXyzKey(id), 'geometry-xyz', v.molecule.toXyz({ comment: `${v.molecule.formula} job ${id}` })),
      ];
      // Objects first; the rows below are the commit point.
      for (const o of objects) await ctx.objects.put(o.key, o.body);
      const now = isoNow();
      await knex.transaction(async (trx) => {
        await trx('jobs').insert({
          id,
          name: input.name ?? (filename !== null ? filename.replace(/^.*[\\/]/, '') : null),
          username: ctx.user,
          submitted_at: now,
          status: 'submitted',
          parameters: JSON.stringify(v.parameters),
          geometry_filename: filename,
          geometry_format: v.molecule.source?.format ?? input.format ?? null,
          geometry_units: input.units ?? null,
          formula: v.molecule.formula,
          basis_name: v.basis.name,
          nbf: v.basis.nbf,
          reference: v.reference,
          geometry_sha256: v.geometrySha256,
          basis_sha256: v.basisSha256,
          parameters_sha256: v.parametersSha256,
          attempt: 0,
        });
        await trx('checkpoints').insert(objects.map((o) => checkpointRowValues(id, 0, o)));
        await trx('job_events').insert(
          eventRowValues(id, 0, {
            kind: 'submit',
            name: 'submitted',
            metadata: { formula: v.molecule.formula, basis: v.basis.name, nbf: v.basis.nbf, reference: v.reference },
          }),
        );
        if (group !== undefined) await addJobsToGroupTrx(trx, group.id, [id]);
      });
      return getJob(knex, id);
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
