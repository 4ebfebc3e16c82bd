/**
 * The batch script of `roothaan slurm submit`: an array of tasks, each running
 * `roothaan worker --group G` against the same shared store. The worker is `exec`ed, so it is
 * the batch step's process itself and gets Slurm's signals: `--signal=B:TERM@S` (S seconds
 * before the time limit), `scancel` and the time-limit kill (SIGTERM, then SIGKILL after the
 * cluster's KillWait). On SIGTERM the worker commits its iteration and leaves the job `stopped`;
 * the array's other tasks (and any later worker of the group) resume it.
 *
 * @packageDocumentation
 */
import { InvalidInputError } from '../errors';
import { parseSlurmTime } from './slurm-time';

/** What goes into the script. */
export interface SbatchScriptOptions {
  /** The group's id (the workers' `--group`; an id, so a rename does not matter). */
  groupId: string;
  /** Array tasks (≥ 1; `--array=0-(N-1)`). */
  array: number;
  /** CPUs per task (default 1); the worker's `--threads`. */
  cpusPerTask?: number;
  /** Time limit per task, a Slurm time (`--time`). */
  time?: string;
  /** Partition (`--partition`). */
  partition?: string;
  /** Seconds before the time limit that Slurm sends SIGTERM (default 120). */
  signalSeconds?: number;
  /** Seconds an idle worker waits for interrupted jobs before its task ends (default 0). */
  idleExitSeconds?: number;
  /** Further `sbatch` options, one `#SBATCH` line each (e.g. `--account=abc`). */
  sbatchArgs?: readonly string[];
  /** Where Slurm writes each task's output (`slurm-%A_%a.out` in this directory). */
  outputDirectory: string;
  /** Environment the tasks need (the store's configuration), exported by the script. */
  env: Readonly<Record<string, string>>;
  /** The command that runs roothaan on the nodes, e.g. `[process.execPath, '/…/bin/roothaan.js']`. */
  command: readonly string[];
}

/** A shell word in single quotes. @example `shellQuote("it's")` // `'it'\''s'` */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The Slurm job name of a group's workers (what `slurm status` looks for in `squeue`). @example `slurmJobName('0b6…')` // 'roothaan-0b6…' */
export function slurmJobName(groupId: string): string {
  return `roothaan-${groupId}`;
}

function count(value: number | undefined, flag: string, min: number, fallback: number): number {
  const v = value ?? fallback;
  if (!(Number.isInteger(v) && v >= min)) throw new InvalidInputError(`${flag} must be a whole number ≥ ${min}, got ${String(value)}`, { field: flag });
  return v;
}

/**
 * The text of the batch script (see the module docs). Checks the options first: `--array` and
 * `--cpus-per-task` ≥ 1, `--time` a Slurm time longer than the warning, no newline in any value.
 *
 * @example
 * ```ts
 * const text = sbatchScript({ groupId: 'g1', array: 3, time: '1:00:00', outputDirectory: '/shared/slurm', env: { DATABASE_URL: 'postgres://db/roothaan' }, command: ['/usr/bin/node', '/opt/roothaan/bin/roothaan.js'] });
 * text.includes('#SBATCH --array=0-2'); // true
 * ```
 */
export function sbatchScript(options: SbatchScriptOptions): string {
  const array = count(options.array, '--array', 1, 1);
  const cpus = count(options.cpusPerTask, '--cpus-per-task', 1, 1);
  const signal = count(options.signalSeconds, '--signal-seconds', 1, 120);
  const idle = count(options.idleExitSeconds, '--idle-exit', 0, 0);
  if (options.time !== undefined) {
    const limit = parseSlurmTime(options.time, '--time');
    if (limit <= signal) throw new InvalidInputError(`--time ${options.time} leaves no time before the warning ${signal} s ahead of the limit (--signal-seconds)`, { field: '--time' });
  }
  if (options.partition !== undefined && !/^[\w.-]+$/.test(options.partition)) throw new InvalidInputError(`--partition '${options.partition}' is not a partition name`, { field: '--partition' });
  for (const a of options.sbatchArgs ?? []) {
    if (!/^--?[A-Za-z]/.test(a) || /[\r\n]/.test(a)) throw new InvalidInputError(`--sbatch-arg '${a}' must be one sbatch option such as --account=abc`, { field: '--sbatch-arg' });
  }
  for (const [k, v] of Object.entries(options.env)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) || /[\r\n]/.test(v)) throw new InvalidInputError(`the environment variable ${k} cannot go into a batch script`, { field: k });
  }
  const lines = [
    '#!/bin/bash',
    `#SBATCH --job-name=${slurmJobName(options.groupId)}`,
    `#SBATCH --array=0-${array - 1}`,
    '#SBATCH --ntasks=1',
    `#SBATCH --cpus-per-task=${cpus}`,
    ...(options.time !== undefined ? [`#SBATCH --time=${options.time.trim()}`] : []),
    ...(options.partition !== undefined ? [`#SBATCH --partition=${options.partition}`] : []),
    // The warning goes to the batch shell, which is the worker itself (exec below).
    `#SBATCH --signal=B:TERM@${signal}`,
    `#SBATCH --output=${options.outputDirectory}/slurm-%A_%a.out`,
    ...(options.sbatchArgs ?? []).map((a) => `#SBATCH ${a}`),
    '',
    '# The shared store (secrets such as passwords come from the submitting environment, which sbatch passes on).',
    ...Object.entries(options.env).map(([k, v]) => `export ${k}=${shellQuote(v)}`),
    '',
    '# exec: the worker gets SIGTERM from Slurm (the warning, scancel, the time limit), commits and stops.',
    `exec ${options.command.map(shellQuote).join(' ')} worker --group ${shellQuote(options.groupId)} --threads "\${SLURM_CPUS_PER_TASK:-${cpus}}" --idle-exit ${idle}`,
    '',
  ];
  return lines.join('\n');
}
