import { spawnSync } from 'node:child_process';
import { SlurmError } from './slurm-error';

/** What a Slurm client printed. */
export interface SlurmOutput {
  /** True when the command ran and exited 0. */
  ok: boolean;
  stdout: string;
  /** Its error output (or why it could not run), one line. */
  message: string;
}

/**
 * Runs a Slurm client (`sbatch`, `squeue`, `sacct`, …) with the given environment (SLURM_CONF
 * and the rest) and returns what it printed; never throws (see {@link runSlurmOrThrow}).
 *
 * @example
 * ```ts
 * runSlurm('squeue', ['--version']).ok; // true where Slurm's clients are installed
 * ```
 */
export function runSlurm(command: string, args: readonly string[], env: Readonly<Record<string, string | undefined>> = process.env): SlurmOutput {
  const r = spawnSync(command, args, { encoding: 'utf8', env: env as NodeJS.ProcessEnv, timeout: 60_000 });
  if (r.error !== undefined) {
    const missing = (r.error as NodeJS.ErrnoException).code === 'ENOENT';
    return { ok: false, stdout: '', message: missing ? `${command} not found: install Slurm's clients (Debian: slurm-client) or run this on a login node` : `${command}: ${r.error.message}` };
  }
  const message = (r.stderr || r.stdout || '').trim().split('\n').filter((l) => l.trim() !== '').pop() ?? '';
  return { ok: r.status === 0, stdout: r.stdout, message: r.status === 0 ? message : `${command} exited with ${r.status ?? r.signal}: ${message}` };
}

/** {@link runSlurm}, with a failure as a {@link SlurmError}. @example `runSlurmOrThrow('sbatch', ['--parsable', 'job.sh']).stdout` // '42\n' */
export function runSlurmOrThrow(command: string, args: readonly string[], env: Readonly<Record<string, string | undefined>> = process.env): SlurmOutput {
  const out = runSlurm(command, args, env);
  if (!out.ok) throw new SlurmError(out.message);
  return out;
}
