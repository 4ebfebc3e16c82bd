/**
 * Running jobs: validate → claim → sink → `scf.drive` → finish, for a new job ({@link runJob},
 * {@link runOnce}), a submitted one ({@link executeJob}), a worker's next one ({@link runNextJob})
 * and a resume ({@link resumeJob}). The claim is `lifecycle.ts`'s, the sink `sink/`'s, the
 * attempt itself `run-attempt.ts`'s and the resume point `resume.ts`'s.
 *
 * @packageDocumentation
 */
import { randomUUID } from 'node:crypto';
import { freemem, totalmem } from 'node:os';
import { InvalidInputError, RoothaanError, StoreConflictError } from '../errors';
import * as scf from '../scf';
import { checkpointRows, lastDensityIteration, readObject } from './checkpoints';
import { resolveStoreConfig, type StoreConfig } from './config';
import type { StoreContext } from './context';
import { checkJobNames, parametersSha256, storedJobInput, submissionOf, validateJobInput, type JobInput, type ValidatedJobInput } from './job-input';
import { geometryOrigKey } from './keys';
import { resolveGroup } from './groups';
import type { JobEventInput, JobEventMetadata } from './events';
import { activeLeases, leaseState } from './lease';
import { claim as claimJob, claimNext, finish, getJob, getOwnJob, type Claim } from './lifecycle';
import { readResumePoint, type ResumePoint } from './resume';
import { runAttempt, type RunHooks, type RunOutcome } from './run-attempt';
import { WriterThread, writerThread } from './sink/thread-sink';
import { storeContext, type Store } from './store';
import { NotFoundError } from './store-errors';
import { checkpointFromRow, tables, type JobRow } from './tables';

export type { RunHooks, RunOutcome } from './run-attempt';

/** Options of {@link resumeJob}. */
export interface ResumeOptions extends RunHooks {
  /** Raise the iteration cap to this (it may not be lowered below the iterations already run). */
  maxIterations?: number;
  /** The parameters the caller expects; a resume refuses when they differ from the job's (apart from max_iteration). */
  parameters?: unknown;
  /** Called with one line per checkpoint the resume skipped (see `resume.ts`); default: written to stderr. */
  onFallback?: (line: string) => void;
}

/**
 * Submits a job and runs it to the end in this process, checkpointing every matrix (see
 * {@link executeJob}). Invalid input throws and stores nothing; a failure during the run is a
 * result (`status: 'failed'`, `error`), and the job can be resumed.
 *
 * @example
 * ```ts
 * const { jobId, status, result } = await runJob(s, { geometryText: xyz, filename: 'water.xyz', parameters: { basis_set: 'STO-3G' } });
 * status; // 'done'; result.energy ≈ −74.9420799 Eh
 * ```
 */
export async function runJob(store: Store, input: JobInput, hooks: RunHooks = {}): Promise<RunOutcome> {
  const ctx = storeContext(store);
  const v = validateJobInput(input); // invalid input throws here and stores nothing
  return submitAndRun(writerThread(ctx), ctx.user, input, v, hooks);
}

/**
 * {@link runJob} for a process that needs the store for this one job only (`roothaan run`): the
 * input is validated here, and everything else (opening the store, recording and claiming the
 * job, checkpoints, the result) happens on the writer thread, so the integrals start at once. A
 * store that cannot be opened, or a group of another user's, is thrown once the thread reports
 * it, and nothing is recorded.
 *
 * @example
 * ```ts
 * const { jobId, status, result } = await runOnce({}, { geometryText: xyz, filename: 'water.xyz', parameters: { basis_set: 'STO-3G' } });
 * ```
 */
export async function runOnce(config: StoreConfig, input: JobInput, hooks: RunHooks = {}, env: Readonly<Record<string, string | undefined>> = process.env): Promise<RunOutcome> {
  const resolved = resolveStoreConfig(config, env);
  checkJobNames(input);
  const v = validateJobInput(input);
  // An SCF that cannot fit in this machine's memory is refused before the job is recorded.
  scf.checkScfMemory(v.basis.nbf, { freeMemoryBytes: freemem(), totalMemoryBytes: totalmem() });
  const thread = new WriterThread(resolved, { prepare: true });
  try {
    return await submitAndRun(thread, resolved.user, input, v, hooks);
  } finally {
    await thread.close();
  }
}

/** Records a validated job and claims its first attempt through the sink (on the writer thread), and runs it. */
function submitAndRun(thread: WriterThread, user: string, input: JobInput, v: ValidatedJobInput, hooks: RunHooks): Promise<RunOutcome> {
  const jobId = randomUUID();
  const owner = randomUUID();
  const attempt = 1; // a submission's claim is its first attempt
  const sink = thread.open(jobId, attempt, hooks.writer);
  const job = sink.submit(submissionOf(jobId, input, v), owner);
  return runAttempt(sink, { jobId, attempt, owner, user, job, recordedHere: true }, v, hooks);
}

/** Runs an attempt claimed on this thread; the sink keeps its lease alive. */
function runClaimed(ctx: StoreContext, claim: Claim, v: ValidatedJobInput, hooks: RunHooks, parameters = v.parameters, resume?: ResumePoint): Promise<RunOutcome> {
  const sink = writerThread(ctx).open(claim.job.id, claim.attempt, hooks.writer);
  sink.heartbeat().catch(() => undefined); // a failed thread fails the sink too
  return runAttempt(sink, { jobId: claim.job.id, attempt: claim.attempt, owner: claim.owner, user: ctx.user, job: Promise.resolve(claim.job), recordedHere: false }, v, hooks, parameters, resume);
}

/** Re-reads the job's geometry (checksum verified) and checks that geometry, basis and parameters still hash the same. */
async function revalidate(ctx: StoreContext, job: JobRow): Promise<ValidatedJobInput> {
  const key = geometryOrigKey(job.id);
  const row = await tables.checkpoints(ctx.knex).where({ job_id: job.id, key }).first();
  if (row === undefined) throw new NotFoundError(`job ${job.id} has no committed geometry (${key}); it cannot run`);
  const v = storedJobInput(job, (await readObject(ctx, checkpointFromRow(row))).toString('utf8'));
  const changed = (what: string): StoreConflictError => new StoreConflictError(`job ${job.id}: ${what}; refusing to continue it`);
  if (v.geometrySha256 !== job.geometry_sha256) throw changed('the geometry changed since it was submitted');
  if (job.basis_sha256 !== null && v.basisSha256 !== job.basis_sha256) throw changed(`the basis set ${v.basis.name} is no longer the one the job was submitted with (the library changed)`);
  if (v.parametersSha256 !== job.parameters_sha256) throw changed('the parameters changed since it was submitted');
  return v;
}

/**
 * Runs a submitted job of the current user's: claims it (`lifecycle.claim`) and runs the attempt
 * (`run-attempt.ts`: every checkpoint and event, ending `done`, `failed` or `stopped`).
 *
 * @example
 * ```ts
 * const submitted = await s.jobs.submit({ geometryText: xyz, filename: 'water.xyz', parameters: { basis_set: 'STO-3G' } });
 * const outcome = await executeJob(s, submitted.id, { onIteration: (r) => console.log(r.iteration, r.energy) });
 * ```
 */
export async function executeJob(store: Store, jobId: string, hooks: RunHooks = {}): Promise<RunOutcome> {
  const ctx = storeContext(store);
  writerThread(ctx); // starts while the job is read and validated
  const job = await getOwnJob(ctx, jobId, 'run');
  if (job.status !== 'submitted') {
    throw new StoreConflictError(`job ${job.id} is ${job.status}; only a submitted job can be started (use \`roothaan resume\` for a failed or stopped one)`);
  }
  const v = await revalidate(ctx, job);
  return runClaimed(ctx, await claimJob(ctx, job, job.parameters, { kind: 'start' }), v, hooks);
}

/**
 * A worker's loop body: claims the oldest `submitted` job (`lifecycle.claimNext`: the current
 * user's, or anyone's with `anyUser`; only a group's with `group`) and runs it; undefined when
 * there is none.
 *
 * @example
 * ```ts
 * while ((await runNextJob(s, { threads: 4 })) !== undefined) {}
 * ```
 */
export async function runNextJob(store: Store, hooks: RunHooks & { anyUser?: boolean; group?: string } = {}): Promise<RunOutcome | undefined> {
  const ctx = storeContext(store);
  const groupId = hooks.group !== undefined ? (await resolveGroup(ctx, hooks.group)).id : undefined;
  const claim = await claimNext(ctx, hooks.anyUser === true, groupId);
  if (claim === undefined) return undefined;
  const { job } = claim;
  let v: ValidatedJobInput;
  try {
    v = await revalidate(ctx, job);
  } catch (err) {
    const e = err as Error;
    activeLeases.delete(claim.owner);
    await finish(ctx.knex, job.id, claim.attempt, 'failed', { error: e.message }, { kind: 'error', name: (err as RoothaanError).code ?? 'Error', metadata: { message: e.message } });
    return { jobId: job.id, status: 'failed', error: e, job: await getJob(ctx.knex, job.id) };
  }
  return runClaimed(ctx, claim, v, hooks);
}

/**
 * Resumes a `failed` or `stopped` job, or a `running` one whose process is gone (`lease.ts`),
 * from the checkpoints that verify (`resume.ts`; what is skipped is said through `onFallback`
 * and recorded as a `resume_fallback` event), with its own parameters (only the iteration cap
 * may be raised); iteration numbers continue. Refuses (StoreConflictError,
 * CheckpointCorruptError) a job that is done or held by a live process, or whose geometry
 * checkpoint is corrupted or whose geometry, basis or parameters changed.
 *
 * @example
 * ```ts
 * const outcome = await resumeJob(s, id, { maxIterations: 100 });
 * outcome.status; // 'done'
 * ```
 */
export async function resumeJob(store: Store, jobId: string, options: ResumeOptions = {}): Promise<RunOutcome> {
  const ctx = storeContext(store);
  const job = await getOwnJob(ctx, jobId, 'resume');
  if (job.status === 'done') throw new StoreConflictError(`job ${job.id} is done (converged at iteration ${job.iterations ?? '?'}); there is nothing to resume`);
  const lease = leaseState(job);
  if (job.status === 'running' && lease.live) throw new StoreConflictError(`job ${job.id} is held by a live process (${lease.description}); stop it first or wait`);
  // The job's own parameters (revalidate checks their hash); only the cap may change.
  if (options.parameters !== undefined && parametersSha256(scf.parseScfParameters(options.parameters)) !== job.parameters_sha256) {
    throw new StoreConflictError(`job ${job.id}: the parameters differ from the job's (only max_iteration may change on resume); submit a new job instead`);
  }
  const v = await revalidate(ctx, job);
  const rows = await checkpointRows(ctx, job.id);
  const done = lastDensityIteration(rows) ?? 0;
  const raised = options.maxIterations !== undefined ? { ...job.parameters, max_iteration: options.maxIterations } : job.parameters;
  const parameters = raised === job.parameters ? v.parameters : scf.parseScfParameters(raised); // the one check of max_iteration
  const cap = parameters.max_iteration ?? scf.DEFAULT_SCF_PARAMETERS.max_iteration;
  if (cap <= done) {
    throw new InvalidInputError(
      raised === job.parameters
        ? `job ${job.id} stopped at its iteration cap (${done} of max_iteration ${cap}); resume with a higher cap, e.g. --max-iterations ${2 * cap}`
        : `job ${job.id} has already run ${done} iterations; --max-iterations must be above that`,
      { field: 'max_iteration' },
    );
  }
  // Everything the resume needs is read and verified before the job is claimed.
  const point = await readResumePoint(ctx, job, v, rows);
  const fallback = fallbackEvent(point, done);
  const claim = await claimJob(ctx, job, raised, {
    kind: 'resume',
    from_iteration: point.fromIteration,
    eri_checkpoints: point.reuse.eris !== undefined,
    diis_vectors: point.diisVectors,
  }, fallback === undefined ? [] : [fallback]);
  if (fallback !== undefined) {
    const say = options.onFallback ?? ((line: string) => void process.stderr.write(`${line}\n`));
    for (const line of fallbackLines(job.id, fallback.metadata)) say(line);
  }
  return runClaimed(ctx, claim, v, options, parameters, point);
}

/** The `resume_fallback` event of a resume point that skipped something (undefined when nothing was skipped). */
function fallbackEvent(point: ResumePoint, newest: number): (JobEventInput & { kind: 'resume_fallback' }) | undefined {
  if (point.skipped.length === 0) return undefined;
  const rebuilt = [...new Set(point.skipped.flatMap((s) => (['overlap', 'core-hamiltonian', 'eri'].includes(s.what) ? [s.what] : [])))];
  const skipped = point.skipped.map((s) => ({ what: s.what, key: s.key, reason: s.reason, ...(s.iteration !== undefined ? { iteration: s.iteration } : {}) }));
  return {
    kind: 'resume_fallback',
    name: 'fallback',
    metadata: { from_iteration: point.fromIteration, newest_iteration: newest, diis_restarted: point.diisRestarted, rebuilt, fresh_start: point.start === undefined, skipped },
  };
}

/** What a fallback says on stderr: one line per checkpoint skipped, then where the run continues. */
function fallbackLines(jobId: string, m: JobEventMetadata['resume_fallback']): string[] {
  const lines = m.skipped.map((s) => `job ${jobId}: skipped ${s.key.replace(`${jobId}/`, '')}: ${s.reason.replace(/\s+/g, ' ')}`);
  const from = m.fresh_start ? 'from a fresh initial guess' : `from iteration ${m.from_iteration}${m.from_iteration !== m.newest_iteration ? ` (the newest committed is ${m.newest_iteration})` : ''}`;
  lines.push(`job ${jobId}: resuming ${from}${m.diis_restarted ? ' with the DIIS history restarted' : ''}${m.rebuilt.length > 0 ? `, recomputing ${m.rebuilt.join(', ')} from the geometry` : ''}`);
  return lines;
}
