import type { CommandModule } from 'yargs';
import * as store from '../../store';
import { InvalidInputError } from '../../errors';
import type { CliContext } from '../context';
import { threadsOption } from '../threads-option';
import { withStore } from './jobs';

interface WorkerArgs {
  group?: string;
  'max-jobs'?: number;
  'idle-exit'?: number;
  threads?: number;
  json?: boolean;
}

function checkCount(value: number | undefined, flag: string, min: number): void {
  if (value !== undefined && !(Number.isFinite(value) && value >= min)) throw new InvalidInputError(`--${flag} must be a number ≥ ${min}, got ${String(value)}`, { field: `--${flag}` });
}

/** One job's line (or JSON object) of `roothaan worker`. */
function jobLine(outcome: store.RunOutcome, resumed: boolean, json: boolean): string {
  const j = outcome.job;
  const error = outcome.status === 'done' ? null : (outcome.error?.message ?? j.error);
  if (json) {
    return JSON.stringify({
      event: 'job', job_id: outcome.jobId, name: j.name, status: outcome.status, energy: outcome.result?.energy ?? j.energy, iterations: outcome.result?.iterations ?? j.iterations,
      attempt: j.attempt, resumed, wall_time_s: j.wall_time_s, cpu_time_s: j.cpu_time_s, peak_memory_bytes: j.peak_memory_bytes, error,
    }) + '\n';
  }
  const energy = outcome.result !== undefined ? `, E = ${outcome.result.energy.toFixed(10)} Eh in ${outcome.result.iterations} iterations` : '';
  return `job ${outcome.jobId} (${j.name ?? j.formula ?? ''}): ${outcome.status}${energy}${resumed ? ` (resumed, attempt ${j.attempt})` : ''}${error !== null ? ` — ${error}` : ''}\n`;
}

/**
 * `roothaan worker [--group G] [--max-jobs N] [--idle-exit S] [--json]`: claims and runs submitted
 * jobs (and resumes interrupted ones) until none is left (see `store.runWorker`). SIGTERM or SIGINT
 * stops the current job at its next iteration, commits it, leaves it `stopped` (another worker
 * resumes it) and exits 0. One line per job, or JSON lines with `--json`. A job another process
 * took over while this worker ran it (frozen past its lease) is one line on stderr; the worker
 * goes on, and exits 1 at the end.
 */
export function workerCommand(context: CliContext): CommandModule<object, WorkerArgs> {
  return {
    command: 'worker',
    describe: 'Run submitted jobs (and resume interrupted ones) until none is left',
    builder: (y) =>
      y
        .option('group', { type: 'string', describe: "only this group's jobs (id or name)" })
        .option('max-jobs', { type: 'number', describe: 'stop after N jobs' })
        .option('idle-exit', { type: 'number', describe: 'with nothing to run, wait up to S seconds for more before exiting (default 0)' })
        .option('threads', threadsOption('threads for integrals and J/K (default: all cores)'))
        .option('json', { type: 'boolean', describe: 'print one JSON object per line' }),
    handler: async (args) => {
      checkCount(args['max-jobs'], 'max-jobs', 1);
      checkCount(args['idle-exit'], 'idle-exit', 0);
      checkCount(args.threads, 'threads', 1);
      const json = args.json === true;
      const controller = new AbortController();
      let signalled: string | undefined;
      const onSignal = (name: string) => (): void => {
        signalled ??= name;
        controller.abort();
      };
      const onTerm = onSignal('SIGTERM');
      const onInt = onSignal('SIGINT');
      process.on('SIGTERM', onTerm);
      process.on('SIGINT', onInt);
      try {
        const summary = await withStore(context, (s) =>
          store.runWorker(s, {
            ...(args.group !== undefined ? { group: args.group } : {}),
            ...(args['max-jobs'] !== undefined ? { maxJobs: args['max-jobs'] } : {}),
            ...(args['idle-exit'] !== undefined ? { idleExitSeconds: args['idle-exit'] } : {}),
            ...(args.threads !== undefined ? { threads: args.threads } : {}),
            signal: controller.signal,
            onJobDone: (outcome, resumed) => context.stdout(jobLine(outcome, resumed, json)),
            onRefused: (job, error) => context.stderr(`roothaan worker: job ${job.id} cannot be resumed: ${error.message}\n`),
            onFencedOut: (error) => context.stderr(`roothaan worker: ${error.message}; going on with the next job\n`),
          }),
        );
        const counts: Record<string, number> = {};
        for (const o of summary.outcomes) counts[o.status] = (counts[o.status] ?? 0) + 1;
        const reason = summary.reason === 'signal' ? `stopped by ${signalled ?? 'a signal'}` : summary.reason === 'idle' ? 'nothing left to run' : 'reached --max-jobs';
        const lost = summary.fencedOut.length;
        if (json) context.stdout(JSON.stringify({ event: 'exit', reason: summary.reason, ...(signalled !== undefined ? { signal: signalled } : {}), jobs: summary.outcomes.length, statuses: counts, taken_over: summary.fencedOut }) + '\n');
        else context.stdout(`worker: ${summary.outcomes.length} job(s) (${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ') || 'none'})${lost > 0 ? `, ${lost} taken over by another process` : ''}; ${reason}\n`);
        if (lost > 0) context.setExitCode(1);
      } finally {
        process.removeListener('SIGTERM', onTerm);
        process.removeListener('SIGINT', onInt);
      }
    },
  };
}
