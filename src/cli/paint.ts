/**
 * Colour in the terminal, through picocolors: on only when stdout is a terminal, off when the
 * `NO_COLOR` environment variable is set to anything non-empty (https://no-color.org) or with
 * `--no-color`; `--color` turns it on even when piped (`roothaan jobs list --color | less -R`).
 *
 * @packageDocumentation
 */
import { createColors } from 'picocolors';
import type { CliContext } from './context';

/** The few styles the CLI uses: status words, errors, headings. */
export interface Paint {
  /** Whether these styles write escape codes. */
  readonly enabled: boolean;
  bold(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  dim(text: string): string;
}

/**
 * The styles, on or off.
 *
 * @example
 * ```ts
 * paintWith(true).red('failed'); // '\x1b[31mfailed\x1b[39m'
 * ```
 */
export function paintWith(enabled: boolean): Paint {
  const c = createColors(enabled);
  return { enabled, bold: c.bold, red: c.red, green: c.green, yellow: c.yellow, cyan: c.cyan, dim: c.dim };
}

/**
 * Styles that change nothing (piped output, `NO_COLOR`, `--no-color`).
 *
 * @example
 * ```ts
 * plain.red('failed'); // 'failed'
 * ```
 */
export const plain: Paint = paintWith(false);

/**
 * What `--color`/`--no-color` say in these arguments: the last one given wins; undefined when
 * neither is (arguments after `--` are not options).
 *
 * @example
 * ```ts
 * colourFlag(['jobs', 'list', '--no-color']); // false
 * ```
 */
export function colourFlag(argv: readonly string[]): boolean | undefined {
  let flag: boolean | undefined;
  for (const a of argv) {
    if (a === '--') break;
    if (a === '--color' || a === '--color=true') flag = true;
    else if (a === '--no-color' || a === '--color=false') flag = false;
  }
  return flag;
}

/**
 * Whether to colour: `--color`/`--no-color` when given, else only on a terminal (`isTTY`) and
 * not when `NO_COLOR` is set to a non-empty value.
 *
 * @example
 * ```ts
 * useColour({ isTTY: true, env: { NO_COLOR: '1' } }, undefined); // false
 * ```
 */
export function useColour(context: Pick<CliContext, 'isTTY' | 'env'>, flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  const noColor = context.env['NO_COLOR'];
  return context.isTTY && (noColor === undefined || noColor === '');
}

/**
 * The styles of a command's output: the context's (set by `main` from the flags, the terminal and
 * `NO_COLOR`), or {@link plain} for a context built without them.
 *
 * @example
 * ```ts
 * paintOf({ colour: true }).green('done'); // '\x1b[32mdone\x1b[39m'
 * ```
 */
export function paintOf(context: Pick<CliContext, 'colour'>): Paint {
  return context.colour ? paintWith(true) : plain;
}

/**
 * A job status word in its colour: done green, failed red, stopped yellow, running cyan.
 *
 * @example
 * ```ts
 * statusText('failed', plain); // 'failed'
 * ```
 */
export function statusText(status: string, paint: Paint): string {
  switch (status) {
    case 'done':
      return paint.green(status);
    case 'failed':
      return paint.red(status);
    case 'stopped':
      return paint.yellow(status);
    case 'running':
      return paint.cyan(status);
    default:
      return status;
  }
}
