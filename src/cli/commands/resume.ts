import type { CommandModule } from 'yargs';
import { InvalidInputError } from '../../errors';
import * as scf from '../../scf';
import * as store from '../../store';
import type { CliContext } from '../context';
import { threadsOption } from '../threads-option';
import { iterationHeader, iterationRow, summaryText } from '../format-scf';
import { paintOf, statusText } from '../paint';
import { inCliWords } from '../vocabulary';
import { jobStops } from '../interrupt';
import { jobJson, withStore } from './jobs';
import { progressBar } from '../progress-bar';

interface ResumeArgs {
  id: string;
  'max-iterations'?: number;
  threads?: number;
  json?: boolean;
}

/**
 * `roothaan resume JOB_ID [--max-iterations N]`: continue a failed or stopped job (or one whose
 * process died) from its last committed density. Exit code 0 when it converged, 2 when it failed
 * again (the reason is printed), 1 when the resume was refused or another process took the job
 * over meanwhile, 130 (Ctrl-C) or 143 (SIGTERM) when a signal stopped it again (still resumable).
 */
export function resumeCommand(context: CliContext): CommandModule<object, ResumeArgs> {
  return {
    command: 'resume <id>',
    describe: 'Resume a failed or stopped job from its last committed density',
    builder: (y) =>
      y
        .positional('id', { type: 'string', demandOption: true, describe: 'job id (UUID, or a unique prefix of at least 4 hex digits)' })
        .option('max-iterations', { type: 'number', describe: "raise the job's iteration cap to N (parameter max_iteration)" })
        .option('threads', threadsOption('threads for integrals and J/K (default: all cores)'))
        .option('json', { type: 'boolean', describe: 'print exactly one JSON object' }),
    handler: async (args) => {
      const paint = paintOf(context);
      // The one rule of max_iteration, spelled as this command's flag.
      if (args['max-iterations'] !== undefined) scf.checkValue(scf.scfParameter('max_iteration').rule, args['max-iterations'], { field: '--max-iterations' });
      let header = false;
      // The integrals' progress bar (stderr a terminal, not --json), cleared at the first iteration.
      const bar = progressBar(context, args.json !== true);
      const stops = jobStops(context);
      const outcome = await stops.during(() => withStore(context, async (s) =>
        store.resumeJob(s, await s.jobs.resolveId(args.id), {
          ...(args['max-iterations'] !== undefined ? { maxIterations: args['max-iterations'] } : {}),
          ...(args.threads !== undefined ? { threads: args.threads } : {}),
          ...(bar !== undefined ? { onProgress: bar.onProgress } : {}),
          onIteration: (record) => {
            bar?.stop();
            if (args.json) return;
            if (!header) context.stdout(iterationHeader(paint));
            header = true;
            context.stdout(iterationRow(record));
          },
          signal: stops.hooks.signal,
          onFallback: (line) => context.stderr(`roothaan: ${line}\n`),
        }).catch(inFlagWords).finally(() => bar?.stop()),
      ));
      if (args.json) {
        context.stdout(
          JSON.stringify({
            job_id: outcome.jobId,
            status: outcome.status,
            energy: outcome.result?.energy ?? null,
            converged: outcome.result?.converged ?? false,
            iterations: outcome.result?.iterations ?? outcome.job.iterations,
            error: outcome.error?.message ?? null,
            job: jobJson(outcome.job),
          }) + '\n',
        );
      } else {
        if (outcome.calculation !== undefined) context.stdout(summaryText(outcome.calculation, paint));
        context.stdout(`job ${outcome.jobId}: ${statusText(outcome.status, paint)}${outcome.status !== 'done' && outcome.error ? ` (${inCliWords(outcome.error.message)})` : ''}\n`);
      }
      stops.report(outcome);
      if (outcome.status !== 'done') context.setExitCode(stops.exitCode ?? 2);
    },
  };
}

/** The store names the iteration cap `max_iteration`; this command's user typed `--max-iterations`. */
function inFlagWords(error: unknown): never {
  if (error instanceof InvalidInputError && error.location?.field === 'max_iteration') {
    throw new InvalidInputError(inCliWords(error.message.replace(/^max_iteration: /, '')), { field: '--max-iterations' });
  }
  throw error;
}
