/**
 * The terminal progress bar of long steps (the integrals of `roothaan run` and `roothaan
 * resume`), drawn with cli-progress on stderr — only when stderr is a terminal and the output is
 * readable text, never in --json, QCSchema or piped output.
 *
 * @packageDocumentation
 */
import { SingleBar } from 'cli-progress';
import type { IntegralProgress } from '../integrals/progress';
import type { CliContext } from './context';

/**
 * A progress bar fed with {@link IntegralProgress} reports: one bar, its label the current
 * phase; {@link CliProgress.stop} clears it (the commands stop it at the first iteration, so
 * the iteration table starts on a clean line).
 *
 * @example
 * ```ts
 * const bar = progressBar({ stdout: () => undefined, stderr: (t) => void process.stderr.write(t), columns: 80, isTTY: true, env: {}, setExitCode: () => undefined }, true);
 * bar?.onProgress({ phase: 'two-electron integrals', fraction: 0.5 });
 * bar?.stop();
 * ```
 */
export interface CliProgress {
  /** Shows a report (starts the bar on the first one). */
  readonly onProgress: (progress: IntegralProgress) => void;
  /** Clears the bar from the terminal; safe to call twice. */
  stop(): void;
}

/** The stream cli-progress writes to: the context's stderr, as a terminal of the context's width. */
function terminalOf(context: CliContext): NodeJS.WritableStream {
  return { isTTY: true, columns: context.columns, write: (text: string) => (context.stderr(text), true) } as unknown as NodeJS.WritableStream;
}

/**
 * A progress bar on the context's stderr, or undefined when it must not draw one: stderr is not
 * a terminal (`stderrIsTTY`, else `isTTY`), or `readable` is false (--json, QCSchema output).
 *
 * @example
 * ```ts
 * progressBar({ stdout: () => undefined, stderr: () => undefined, columns: 80, isTTY: true, stderrIsTTY: false, env: {}, setExitCode: () => undefined }, true); // undefined: stderr piped
 * ```
 */
export function progressBar(context: CliContext, readable: boolean): CliProgress | undefined {
  if (!readable || !(context.stderrIsTTY ?? context.isTTY)) return undefined;
  const bar = new SingleBar({
    stream: terminalOf(context),
    format: '{phase} |{bar}| {percentage}% | {duration}s',
    hideCursor: false,
    clearOnComplete: true,
    barsize: 30,
    barCompleteChar: '\u2588',
    barIncompleteChar: '\u2591',
    fps: 10,
  });
  let started = false;
  let stopped = false;
  const stop = (): void => {
    if (started && !stopped) bar.stop();
    stopped = true;
  };
  return {
    onProgress(progress) {
      if (stopped) return;
      const value = Math.round(1000 * progress.fraction);
      if (!started) {
        bar.start(1000, value, { phase: progress.phase });
        started = true;
      } else {
        bar.update(value, { phase: progress.phase });
      }
    },
    stop,
  };
}
