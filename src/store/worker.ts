/**
 * A worker: claims and runs the jobs of a group (or all of the current user's) until none is
 * left, as `roothaan worker` and every Slurm array task do. Before each new job it resumes the
 * group's interrupted jobs — `stopped` by an abort signal (a worker's SIGTERM, a Slurm time
 * limit or `scancel`) or `running` under a process that is gone — from their last committed
 * density (`resumeJob`). Claims are fenced (`lifecycle.claim`, `claimNext`), so two workers never
 * run the same attempt; a worker that loses a race moves on. An abort of `options.signal` stops
 * the current job at its next iteration (committed, `stopped`, resumable) and ends the loop. A
 * job another process took over while this worker ran it (frozen or cut off past its lease) is
 * that process's: the worker says so (`onFencedOut`) and goes on with the next.
 *
 * @packageDocumentation
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { FencedOutError, RoothaanError, StoreConflictError } from '../errors';
import { defaultSignal } from '../scf/kernel-signal';
import { resolveGroup } from './groups';
import { leaseState } from './lease';
import { resumeJob, runNextJob } from './run-job';
import type { RunHooks, RunOutcome } from './run-attempt';
import { storeContext, type Store } from './store';
import { readableJobs } from './skipped-rows';
import { eventFromRow, tables, type JobRow } from './tables';

/** Options of {@link runWorker}: the run hooks (threads, `signal`, …) and the loop's limits. */
export interface WorkerOptions extends RunHooks {
  /** Only this group's jobs (an id, or the name of one of the current user's groups). */
  group?: string;
  /** Stop after this many jobs (default: no limit). */
  maxJobs?: number;
  /** With nothing to claim, keep looking for this many seconds before exiting (default 0: exit at once). */
  idleExitSeconds?: number;
  /** How often to look again while idle, seconds (default 1). */
  pollSeconds?: number;
  /** Called when a job ends (`resumed`: it continued an interrupted attempt); `refused` when a resume was refused. */
  onJobDone?: (outcome: RunOutcome, resumed: boolean) => void;
  /** Called when an interrupted job cannot be resumed (a corrupt checkpoint, a changed basis, …); the worker leaves it. */
  onRefused?: (job: JobRow, error: Error) => void;
  /** Called when another process took over the job this worker was running; the worker goes on. */
  onFencedOut?: (error: FencedOutError) => void;
}

/** Why a worker stopped and what it ran. */
export interface WorkerSummary {
  /** `idle` (nothing left for idleExitSeconds), `max-jobs`, or `signal` (aborted). */
  reason: 'idle' | 'max-jobs' | 'signal';
  /** Every job it ran or resumed, in order. */
  outcomes: RunOutcome[];
  /** The jobs another process took over while this worker ran them. */
  fencedOut: string[];
}

/**
 * The group's jobs a worker may resume: `stopped` by an abort (the last `stop` event's reason is
 * `aborted`; a user's `jobs stop` is left alone) or `running` with no live process (see
 * `leaseState`), oldest first.
 */
export async function resumableJobs(store: Store, groupId?: string): Promise<JobRow[]> {
  const ctx = storeContext(store);
  let q = tables.jobs(ctx.knex).where({ username: ctx.user }).whereIn('status', ['stopped', 'running']).whereNull('deleted_at');
  if (groupId !== undefined) q = q.whereIn('id', tables.groupJobs(ctx.knex).select('job_id').where({ group_id: groupId }));
  const jobs = readableJobs(ctx, await q.orderBy([{ column: 'submitted_at' }, { column: 'id' }]));
  const out: JobRow[] = [];
  for (const job of jobs) {
    if (job.status === 'running') {
      if (!leaseState(job).live) out.push(job);
      continue;
    }
    const last = await tables.events(ctx.knex).where({ job_id: job.id, kind: 'stop' }).orderBy('id', 'desc').first();
    const e = last === undefined ? undefined : eventFromRow(last);
    if (e?.kind === 'stop' && e.metadata?.reason === 'aborted') out.push(job);
  }
  return out;
}

/** Resumes the first interrupted job this worker wins, or undefined when none is left; `refused` collects the ones that cannot be. */
async function resumeNext(store: Store, groupId: string | undefined, options: WorkerOptions, refused: Set<string>): Promise<RunOutcome | undefined> {
  for (const job of await resumableJobs(store, groupId)) {
    if (options.signal?.aborted) return undefined;
    if (refused.has(job.id)) continue;
    try {
      const outcome = await resumeJob(store, job.id, options);
      options.onJobDone?.(outcome, true);
      return outcome;
    } catch (err) {
      if (err instanceof FencedOutError) throw err; // taken over mid-run: the loop goes on
      if (err instanceof StoreConflictError && /changed while claiming|held by a live process/.test(err.message)) continue; // another worker won it
      if (!(err instanceof RoothaanError)) throw err;
      refused.add(job.id); // e.g. a corrupt checkpoint: left for a person (`roothaan resume` says why)
      options.onRefused?.(job, err);
    }
  }
  return undefined;
}

/**
 * Runs jobs until none is left (see the module docs): interrupted ones first, then submitted
 * ones, oldest first. Returns why it stopped and every outcome.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * process.once('SIGTERM', () => controller.abort());
 * const { reason, outcomes } = await store.runWorker(s, { group: 'h2 scan', idleExitSeconds: 30, signal: controller.signal, threads: 1 });
 * ```
 */
export async function runWorker(store: Store, given: WorkerOptions = {}): Promise<WorkerSummary> {
  // In the Jupyter kernel, its Interrupt (taken once, here) stops the job and the loop: a job it
  // stopped must not be resumed by this same loop.
  const signal = defaultSignal(given.signal);
  const options: WorkerOptions = signal !== undefined ? { ...given, signal } : given;
  const ctx = storeContext(store);
  const groupId = options.group !== undefined ? (await resolveGroup(ctx, options.group)).id : undefined;
  const outcomes: RunOutcome[] = [];
  const fencedOut: string[] = [];
  const max = options.maxJobs ?? Infinity;
  const poll = (options.pollSeconds ?? 1) * 1000;
  const refused = new Set<string>();
  let idleSince = Date.now();
  for (;;) {
    if (options.signal?.aborted) return { reason: 'signal', outcomes, fencedOut };
    if (outcomes.length + fencedOut.length >= max) return { reason: 'max-jobs', outcomes, fencedOut };
    let outcome: RunOutcome | undefined;
    try {
      outcome = await resumeNext(store, groupId, options, refused);
      if (outcome === undefined && !options.signal?.aborted) {
        outcome = await runNextJob(store, { ...options, ...(groupId !== undefined ? { group: groupId } : {}) });
        if (outcome !== undefined) options.onJobDone?.(outcome, false);
      }
    } catch (err) {
      if (!(err instanceof FencedOutError)) throw err;
      fencedOut.push(err.jobId);
      options.onFencedOut?.(err);
      idleSince = Date.now();
      continue;
    }
    if (outcome !== undefined) {
      outcomes.push(outcome);
      idleSince = Date.now();
      continue;
    }
    if (options.signal?.aborted) return { reason: 'signal', outcomes, fencedOut };
    const left = (options.idleExitSeconds ?? 0) * 1000 - (Date.now() - idleSince);
    if (left <= 0) return { reason: 'idle', outcomes, fencedOut };
    await sleep(Math.min(poll, left), undefined, options.signal !== undefined ? { signal: options.signal } : {}).catch(() => undefined);
  }
}
