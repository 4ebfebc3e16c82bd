/**
 * Ctrl-C and SIGTERM for the commands that run a job (`roothaan run`, `roothaan resume`): the
 * first signal aborts the run (the SCF stops before its next iteration, the store commits what
 * was computed and marks the job `stopped`), a second Ctrl-C exits at once. The exit code is the
 * shell's for the signal: 128 + its number (130 for SIGINT, 143 for SIGTERM).
 *
 * @packageDocumentation
 */
import { ScfInterruptedError } from '../errors';

/** The signals a run stops on. */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/** The exit code a shell expects after a signal: 128 + the signal's number. */
export const SIGNAL_EXIT_CODES: Readonly<Record<StopSignal, number>> = { SIGINT: 130, SIGTERM: 143 };

/** What {@link onInterrupt} installed. */
export interface Interrupt {
  /** Aborted by the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** The signal received first, or undefined. */
  readonly received: StopSignal | undefined;
  /** The exit code for the signal received (130 or 143), or undefined. */
  readonly exitCode: number | undefined;
  /** Removes the handlers (the default behaviour of the signals returns). */
  dispose(): void;
}

/** What the handlers say and how they exit (the process's by default; tests pass their own). */
export interface InterruptOptions {
  /** Where to say what happens (stderr). */
  stderr(text: string): void;
  /** A second Ctrl-C: what to say before exiting at once (e.g. how to resume the job). */
  exitNowMessage?: () => string;
  /** Exits the process (default `process.exit`). */
  exit?: (code: number) => void;
}

/**
 * Installs the handlers of SIGINT and SIGTERM for one run and returns its abort signal.
 *
 * @example
 * ```ts
 * const interrupt = onInterrupt({ stderr: (t) => process.stderr.write(t) });
 * try { await store.runOnce({}, input, { signal: interrupt.signal }); } finally { interrupt.dispose(); }
 * if (interrupt.exitCode !== undefined) process.exitCode = interrupt.exitCode; // 130 after Ctrl-C
 * ```
 */
export function onInterrupt(options: InterruptOptions): Interrupt {
  const controller = new AbortController();
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let received: StopSignal | undefined;
  const handle = (name: StopSignal): void => {
    if (received === undefined) {
      received = name;
      options.stderr(`\nroothaan: ${name === 'SIGINT' ? 'Ctrl-C' : name}: stopping after the current iteration and committing what it computed (Ctrl-C again to exit at once)\n`);
      controller.abort(new Error(name));
      return;
    }
    if (name === 'SIGINT') {
      options.stderr(`\nroothaan: exiting now${options.exitNowMessage !== undefined ? `; ${options.exitNowMessage()}` : ''}\n`);
      exit(SIGNAL_EXIT_CODES.SIGINT);
    }
  };
  const onSigint = (): void => handle('SIGINT');
  const onSigterm = (): void => handle('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    get exitCode() {
      return received === undefined ? undefined : SIGNAL_EXIT_CODES[received];
    },
    dispose() {
      process.removeListener('SIGINT', onSigint);
      process.removeListener('SIGTERM', onSigterm);
    },
  };
}

/** The part of a run's outcome {@link JobStops.report} reads. */
export interface StoppableOutcome {
  readonly jobId: string;
  readonly status: string;
  readonly error?: Error;
}

/** Signal handling for one stored run (see {@link jobStops}). */
export interface JobStops {
  /** The run's hooks: its abort signal, and `onJob`, which prints the job id and how to resume it. */
  readonly hooks: { signal: AbortSignal; onJob(job: { id: string }): void };
  /** Runs the job with the handlers installed, and removes them when it ends. */
  during<T>(run: () => Promise<T>): Promise<T>;
  /** After a signal stopped the job: says so, with the resume command (stderr). */
  report(outcome: StoppableOutcome): void;
  /** 130 or 143 once a signal was received, else undefined. */
  readonly exitCode: number | undefined;
}

/** The command that continues a job. @example `resumeCommandLine('7d3e9096-…') // 'roothaan resume 7d3e9096-…'` */
export function resumeCommandLine(jobId: string): string {
  return `roothaan resume ${jobId}`;
}

/**
 * Signal handling for a command that runs a stored job: prints (to stderr, so `--json` output
 * stays one object) the job id and its resume command as soon as the job is recorded; on the
 * first SIGINT or SIGTERM aborts the run, so the store commits what was computed and marks the
 * job `stopped`; says how to resume it; a second Ctrl-C exits at once (the job, still `running`
 * under a dead process, is resumable too).
 *
 * @example
 * ```ts
 * const stops = jobStops({ stderr: (t) => process.stderr.write(t) });
 * const outcome = await stops.during(() => store.runOnce({}, input, { ...stops.hooks }));
 * stops.report(outcome); // "roothaan: job … stopped after iteration 7 (Ctrl-C); resume it with: roothaan resume …"
 * ```
 */
export function jobStops(context: { stderr(text: string): void }, exit?: (code: number) => void): JobStops {
  let jobId: string | undefined;
  const interrupt = onInterrupt({
    stderr: context.stderr,
    exitNowMessage: () => (jobId === undefined ? 'no job was recorded' : `the job stays resumable: ${resumeCommandLine(jobId)}`),
    ...(exit !== undefined ? { exit } : {}),
  });
  return {
    hooks: {
      signal: interrupt.signal,
      onJob(job) {
        jobId = job.id;
        context.stderr(`roothaan: job ${job.id} recorded (Ctrl-C stops it; ${resumeCommandLine(job.id)} continues it)\n`);
      },
    },
    async during(run) {
      try {
        return await run();
      } finally {
        interrupt.dispose();
      }
    },
    report(outcome) {
      if (interrupt.received === undefined || outcome.status !== 'stopped') return;
      const last = outcome.error instanceof ScfInterruptedError ? outcome.error.lastIteration?.iteration : undefined;
      const when = last === undefined ? 'before its first iteration' : `after iteration ${last}`;
      const by = interrupt.received === 'SIGINT' ? 'Ctrl-C' : 'SIGTERM';
      context.stderr(`roothaan: job ${outcome.jobId} stopped ${when} (${by}); resume it with: ${resumeCommandLine(outcome.jobId)}\n`);
    },
    get exitCode() {
      return interrupt.exitCode;
    },
  };
}
