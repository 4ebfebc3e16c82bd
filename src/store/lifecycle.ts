/**
 * A job's lifecycle: the only code that writes `jobs.status`, `jobs.attempt` and the `lease_*`
 * columns (a test checks that). Every transition is one fenced statement or transaction:
 *
 * ```
 * submit ──► submitted ──claim / claimNext──► running ──finish──► done | failed | stopped
 *                 │                          │  ▲ heartbeat and fence (lease extended)      │
 *                 └──────────stop────────────┴──┴──────────────claim (resume)◄───────────────┘
 * ```
 *
 * Each claim starts a new attempt (attempt + 1) with a lease of this host and pid. The attempt
 * number fences every later write: {@link fence} (in each checkpoint commit and heartbeat) and
 * {@link finish} succeed only while the job is still `running` under that attempt, so a process
 * whose job was stopped, deleted or taken over commits nothing more. Light (no SCF, no integral
 * engine): the checkpoint writer thread runs these too.
 *
 * @packageDocumentation
 */
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import type { Knex } from 'knex';
import { StoreConflictError } from '../errors';
import { checkpointValues, prepareText } from './checkpoints';
import { checkUuid, type StoreContext } from './context';
import type { JobEventInput, JobEventMetadata } from './events';
import { addJobsToGroupTrx, checkGroupOwner, groupsApi } from './groups';
import { geometryOrigKey, geometryXyzKey } from './keys';
import { activeLeases, pidNamespace } from './lease';
import { reportOnStderr } from './skipped-rows';
import { eventValues, isoNow, jobFromRow, problemText, readJobRow, rowOptions, storedJson, tables, type JobRow, type JobStatus, type Stored } from './tables';
import { NotFoundError, StorePermissionError } from './store-errors';
import { slurmAttempt, type SlurmAttempt } from './slurm-attempt';

/** A validated job, ready to record: its `jobs` columns and its two geometry objects. */
export interface Submission {
  job: Pick<JobRow, 'id' | 'name' | 'geometry_filename' | 'geometry_format' | 'geometry_units' | 'formula' | 'basis_name' | 'nbf' | 'reference' | 'geometry_sha256' | 'basis_sha256' | 'parameters_sha256' | 'parameters'>;
  /** The user's file as given. */
  geometryOrig: string;
  /** The molecule as XYZ (ångström). */
  geometryXyz: string;
  /** A group id or name of the submitting user's (created when a name is new). */
  group?: string;
}

/** An attempt this process holds: the job row after the claim, its attempt number and lease owner. */
export interface Claim {
  job: JobRow;
  attempt: number;
  owner: string;
}

/** What an attempt records when it ends, besides its status. */
export type FinishValues = Partial<Pick<Stored<JobRow>, 'error' | 'energy' | 'iterations' | 'converged' | 'wall_time_s' | 'cpu_time_s' | 'peak_memory_bytes'>>;

/** A job row by id (checked), or NotFoundError. @example `await getJob(knex, id)` */
export async function getJob(knex: Knex, jobId: string): Promise<JobRow> {
  const id = checkUuid(jobId, 'job id');
  const row = await tables.jobs(knex).where({ id }).first();
  if (row === undefined) throw new NotFoundError(`no job ${id} in the store (see \`roothaan jobs list\`)`);
  if (row.deleted_at !== null && row.deleted_at !== undefined) throw new NotFoundError(`job ${id} was deleted (\`roothaan jobs delete\` or \`roothaan db gc\` removes what is left of it)`);
  return jobFromRow(row, rowOptions(knex));
}

/** A job row the current user owns (else StorePermissionError) for `action`. @example `await getOwnJob(ctx, id, 'stop')` */
export async function getOwnJob(ctx: StoreContext, jobId: string, action: string): Promise<JobRow> {
  const job = await getJob(ctx.knex, jobId);
  if (job.username !== ctx.user) throw new StorePermissionError(`job ${job.id} belongs to ${job.username}; ${ctx.user} may not ${action} it`);
  return job;
}

const here = (): { host: string; pid: number } & SlurmAttempt => ({ host: os.hostname(), pid: process.pid, ...slurmAttempt() });
const leaseExpiry = (leaseSeconds: number): string => new Date(Date.now() + leaseSeconds * 1000).toISOString();

/** The lease columns of a new attempt of this process. */
function lease(ctx: StoreContext, owner: string): Pick<Stored<JobRow>, 'lease_owner' | 'lease_host' | 'lease_pid' | 'lease_pid_namespace' | 'lease_expires_at'> {
  return { lease_owner: owner, lease_host: os.hostname(), lease_pid: process.pid, lease_pid_namespace: pidNamespace(), lease_expires_at: leaseExpiry(ctx.config.leaseSeconds) };
}

/**
 * Submit: the geometry objects first, then (the commit point) in one transaction the job row
 * (`submitted`, attempt 0), its geometry checkpoint rows, the `submit` event and the group
 * membership; with `claimOwner` also its first attempt (`running`, attempt 1, a lease, the
 * `start` event). A group of another user is a StorePermissionError and records nothing.
 */
export async function submit(ctx: StoreContext, s: Submission, claimOwner?: string): Promise<JobRow> {
  const group = s.group !== undefined ? await groupsApi(ctx).ensure(s.group) : undefined;
  if (group !== undefined) checkGroupOwner(ctx, group, 'add jobs to');
  const { job } = s;
  const objects = [prepareText(geometryOrigKey(job.id), 'geometry-orig', s.geometryOrig), prepareText(geometryXyzKey(job.id), 'geometry-xyz', s.geometryXyz)];
  for (const o of objects) await ctx.objects.put(o.key, o.body);
  const now = isoNow();
  await ctx.knex.transaction(async (trx) => {
    await tables.jobs(trx).insert({ ...job, parameters: storedJson(job.parameters), username: ctx.user, submitted_at: now, status: 'submitted', attempt: 0 });
    await tables.checkpoints(trx).insert(objects.map((o) => checkpointValues(job.id, 0, o)));
    const submitted = { formula: job.formula ?? '', basis: job.basis_name ?? '', nbf: job.nbf ?? 0, reference: job.reference ?? '' };
    await tables.events(trx).insert(eventValues(job.id, 0, { kind: 'submit', name: 'submitted', metadata: submitted }));
    if (group !== undefined) await addJobsToGroupTrx(trx, group.id, [job.id]);
    if (claimOwner !== undefined) {
      await tables.jobs(trx).where({ id: job.id }).update({ status: 'running', attempt: 1, ...lease(ctx, claimOwner), started_at: now });
      await tables.events(trx).insert(eventValues(job.id, 1, { kind: 'start', name: 'started', metadata: here() }));
    }
  });
  return getJob(ctx.knex, job.id);
}

/** How a claim begins its attempt: a start, or a resume after `from_iteration`. */
export type ClaimEvent = { kind: 'start' } | ({ kind: 'resume' } & Omit<JobEventMetadata['resume'], 'host' | 'pid'>);

/**
 * Claim (start or resume): the job as read before becomes `running` under attempt + 1 with a new
 * lease and the given parameters (a resume may raise `max_iteration`), fenced on the status and
 * attempt read (a StoreConflictError when another process changed it in between). Events in
 * `also` are recorded with the claim's own (a resume's `resume_fallback`).
 */
export async function claim(ctx: StoreContext, job: JobRow, parameters: Record<string, unknown>, how: ClaimEvent, also: readonly JobEventInput[] = []): Promise<Claim> {
  const owner = randomUUID();
  const attempt = job.attempt + 1;
  const { kind, ...meta } = how;
  // Held from the moment it is written, so another run of this process never takes it for abandoned.
  activeLeases.add(owner);
  await ctx.knex.transaction(async (trx) => {
    const n = await tables.jobs(trx)
      .where({ id: job.id, attempt: job.attempt, status: job.status })
      .whereNull('deleted_at')
      .update({ status: 'running', attempt, parameters: storedJson(parameters), ...lease(ctx, owner), started_at: (job.started_at ?? new Date()).toISOString(), error: null });
    if (n === 0) {
      activeLeases.delete(owner);
      throw new StoreConflictError(`job ${job.id} changed while claiming it (another process took it?); nothing was done`);
    }
    const event: JobEventInput = kind === 'start' ? { kind, name: 'started', metadata: here() } : { kind, name: 'resumed', metadata: { ...here(), ...(meta as Omit<JobEventMetadata['resume'], 'host' | 'pid'>) } };
    await tables.events(trx).insert([event, ...also].map((e) => eventValues(job.id, attempt, e)));
  });
  return { job: await getJob(ctx.knex, job.id), attempt, owner };
}

/**
 * Claim next (a worker): the oldest `submitted` job (the current user's, or anyone's) in one
 * statement, its candidate locked as the dialect says (`Dialect.lockCandidate`), fenced on
 * `submitted`, so two workers never both start one job; with `groupId`, only that group's jobs.
 * Undefined when none is left.
 */
export async function claimNext(ctx: StoreContext, anyUser: boolean, groupId?: string): Promise<Claim | undefined> {
  const submitted = (): Knex.QueryBuilder => {
    let q = tables.jobs(ctx.knex).where({ status: 'submitted' }).whereNull('deleted_at');
    if (groupId !== undefined) q = q.whereIn('id', tables.groupJobs(ctx.knex).select('job_id').where({ group_id: groupId }));
    return anyUser ? q : q.where({ username: ctx.user });
  };
  for (let tries = 0; tries < 20; tries++) {
    const owner = randomUUID();
    activeLeases.add(owner); // see claim
    const pick = ctx.db.dialect.lockCandidate(submitted().select('id').orderBy([{ column: 'submitted_at' }, { column: 'id' }]).limit(1));
    const n = await tables.jobs(ctx.knex)
      .where('id', '=', pick)
      .where({ status: 'submitted' })
      .update({ status: 'running', attempt: ctx.knex.raw('attempt + 1'), ...lease(ctx, owner), started_at: isoNow(), error: null });
    if (n === 0) {
      activeLeases.delete(owner);
      // Nothing to claim, or another worker took the candidate first: look again while any is left.
      if ((await submitted().first('id')) === undefined) return undefined;
      continue;
    }
    const row = await tables.jobs(ctx.knex).where({ lease_owner: owner, status: 'running' }).first();
    if (row === undefined) {
      activeLeases.delete(owner);
      continue; // stopped or deleted in between
    }
    const { job, problems } = readJobRow(row, rowOptions(ctx.knex));
    if (problems.length > 0) {
      // That row's problem: it ends `failed` with the reason (so no worker takes it again), and the worker looks further.
      activeLeases.delete(owner);
      const error = `job ${job.id}: ${problemText(problems)}; it cannot run (\`roothaan db check\`)`;
      await finish(ctx.knex, job.id, Number(row.attempt), 'failed', { error }, { kind: 'error', name: 'ROW_CORRUPT', metadata: { message: error } });
      (ctx.onSkippedRow ?? reportOnStderr)({ table: 'jobs', id: job.id, problems });
      continue;
    }
    await tables.events(ctx.knex).insert(eventValues(job.id, job.attempt, { kind: 'start', name: 'started', metadata: { ...here(), worker: true } }));
    return { job, attempt: job.attempt, owner };
  }
  return undefined;
}

/**
 * Fence (in a transaction): checks that the job is still `running` under `attempt` and extends
 * its lease; otherwise the caller is stale and may commit nothing (StoreConflictError). Every
 * checkpoint commit runs it first, and a heartbeat is just this.
 */
export async function fence(trx: Knex, jobId: string, attempt: number, leaseSeconds: number): Promise<void> {
  const n = await tables.jobs(trx)
    .where({ id: jobId, attempt, status: 'running' })
    .whereNull('deleted_at')
    .update({ lease_expires_at: leaseExpiry(leaseSeconds) });
  if (n === 0) {
    const row = await tables.jobs(trx).where({ id: jobId }).first('status', 'attempt', 'deleted_at');
    const now = row === undefined ? 'it was deleted' : row.deleted_at ? 'it is being deleted' : `it is now ${row.status} at attempt ${row.attempt}`;
    throw new StoreConflictError(`job ${jobId}: attempt ${attempt} is no longer current (${now}); this process may commit nothing more`);
  }
}

/** Heartbeat: keeps an attempt's lease alive (a fenced-out attempt is a StoreConflictError). */
export async function heartbeat(ctx: StoreContext, jobId: string, attempt: number): Promise<void> {
  await ctx.knex.transaction((trx) => fence(trx, jobId, attempt, ctx.config.leaseSeconds));
}

/**
 * Finish: ends an attempt with its status, result and efficiency figures (a non-finite number,
 * such as the energy of a run that diverged, is stored as null), its lease released, and its
 * event, in one transaction fenced on the attempt (StoreConflictError when it is no longer
 * current: nothing is recorded).
 */
export async function finish(knex: Knex, jobId: string, attempt: number, status: 'done' | 'failed' | 'stopped', values: FinishValues, event: JobEventInput): Promise<void> {
  const finiteValues = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'number' && !Number.isFinite(v) ? null : v])) as FinishValues;
  await knex.transaction(async (trx) => {
    const n = await tables.jobs(trx)
      .where({ id: jobId, attempt, status: 'running' })
      .update({ ...finiteValues, status, finished_at: isoNow(), lease_owner: null, lease_host: null, lease_pid: null, lease_pid_namespace: null, lease_expires_at: null });
    if (n === 0) throw new StoreConflictError(`job ${jobId}: attempt ${attempt} is no longer current; its result was not recorded`);
    await tables.events(trx).insert(eventValues(jobId, attempt, event));
  });
}

/**
 * Stop (`jobs stop`): a submitted or running job becomes `stopped`, fenced on the status and
 * attempt read; the process running it notices at its next commit or heartbeat.
 */
export async function stop(ctx: StoreContext, job: JobRow): Promise<JobRow> {
  if (job.status !== 'submitted' && job.status !== 'running') {
    throw new StoreConflictError(`job ${job.id} is ${job.status}; only a submitted or running job can be stopped`);
  }
  const was: JobStatus = job.status;
  await ctx.knex.transaction(async (trx) => {
    const n = await tables.jobs(trx)
      .where({ id: job.id, status: was, attempt: job.attempt })
      .update({ status: 'stopped', error: 'stopped by ' + ctx.user, finished_at: isoNow(), lease_expires_at: null });
    if (n === 0) throw new StoreConflictError(`job ${job.id} changed while stopping it; try again`);
    await tables.events(trx).insert(eventValues(job.id, job.attempt, { kind: 'stop', name: 'stopped', metadata: { by: ctx.user, was } }));
  });
  return getJob(ctx.knex, job.id);
}

/** Mark deleted, the first step of `jobs delete` (`delete-job.ts` says what it stops): sets `deleted_at`, fenced on the attempt read (as stored). */
export async function markDeleted(ctx: StoreContext, jobId: string, storedAttempt: number | string): Promise<void> {
  const n = await tables.jobs(ctx.knex).where({ id: jobId, attempt: storedAttempt }).whereNull('deleted_at').update({ deleted_at: isoNow() });
  if (n === 0) throw new StoreConflictError(`job ${jobId} changed while deleting it; try again`);
}

/** Delete, the last step of `jobs delete`: the row of a job marked deleted and, by cascade, its other rows. */
export async function remove(ctx: StoreContext, jobId: string): Promise<void> {
  await tables.jobs(ctx.knex).where({ id: jobId }).whereNotNull('deleted_at').delete();
}
