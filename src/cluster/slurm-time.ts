import { InvalidInputError } from '../errors';

/**
 * Seconds in a Slurm time limit, in any of the forms `sbatch --time` accepts: `MM`, `MM:SS`,
 * `HH:MM:SS`, `D-HH`, `D-HH:MM`, `D-HH:MM:SS` (`INFINITE`/`UNLIMITED` → `Infinity`). Anything
 * else, or a zero limit, is an InvalidInputError naming `field` (sbatch(1), "--time").
 *
 * @example
 * ```ts
 * parseSlurmTime('90'); // 5400
 * parseSlurmTime('1-02:00:00'); // 93600
 * ```
 */
export function parseSlurmTime(text: string, field = '--time'): number {
  const t = String(text).trim();
  if (/^(infinite|unlimited)$/i.test(t)) return Infinity;
  const bad = (): never => {
    throw new InvalidInputError(`${field} '${t}' is not a Slurm time (MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS)`, { field });
  };
  const m = /^(?:(\d+)-)?(\d+)(?::(\d+))?(?::(\d+))?$/.exec(t);
  if (m === null) return bad();
  const [, d, a, b, c] = m;
  const n = (s: string | undefined): number => (s === undefined ? 0 : Number(s));
  let seconds: number;
  if (d !== undefined) seconds = n(d) * 86400 + n(a) * 3600 + n(b) * 60 + n(c); // D-HH[:MM[:SS]]
  else if (c !== undefined) seconds = n(a) * 3600 + n(b) * 60 + n(c); // HH:MM:SS
  else seconds = n(a) * 60 + n(b); // MM[:SS]
  if ((b !== undefined && n(b) > 59) || (c !== undefined && n(c) > 59) || seconds <= 0) return bad();
  return seconds;
}

/**
 * Seconds in a duration as `sacct` prints it (`Elapsed`, `TotalCPU`): `[D-][HH:]MM:SS[.mmm]`;
 * undefined for an empty or unreadable field.
 *
 * @example
 * ```ts
 * parseSlurmDuration('00:01:02.500'); // 62.5
 * parseSlurmDuration('1-00:00:01'); // 86401
 * ```
 */
export function parseSlurmDuration(text: string): number | undefined {
  const m = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$/.exec(text.trim());
  if (m === null) return undefined;
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3]) * 60 + Number(m[4]);
}

/**
 * Bytes in a memory figure as `sacct` prints it (`MaxRSS`: `1234K`, `12.5M`, `2G`; a bare number
 * is bytes); undefined for an empty or unreadable field.
 *
 * @example
 * ```ts
 * parseSlurmMemory('2048K'); // 2097152
 * ```
 */
export function parseSlurmMemory(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([KMGTP]?)$/i.exec(text.trim());
  if (m === null) return undefined;
  const power = ' KMGTP'.indexOf((m[2] ?? '').toUpperCase() || ' ');
  return Math.round(Number(m[1]) * 1024 ** power);
}
