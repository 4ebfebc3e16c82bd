/**
 * The `--threads` option of the commands that compute (run, resume, worker, molden,
 * qcschema run): a whole number from 1 to four times the cores, checked while the command line
 * is parsed, so a bad value is refused before any job is recorded.
 *
 * @packageDocumentation
 */
import { availableParallelism } from 'node:os';
import { InvalidInputError } from '../errors';

/**
 * Checks a `--threads` value: a whole number from 1 to `4 × cores`. More threads than four per
 * core only add worker start-up time and memory (each worker loads the integral code, ~15 MB),
 * and `--threads 1000000000` would otherwise try to start them all.
 *
 * @param value the text (or number) given on the command line.
 * @param cores the cores of this machine (`os.availableParallelism()`).
 * @throws InvalidInputError naming `--threads`, the value and the allowed range.
 * @example
 * ```ts
 * parseThreads('2', 2); // 2
 * parseThreads('abc', 2); // throws InvalidInputError: --threads: must be a whole number from 1 to 8 (4 × 2 cores), got 'abc'
 * ```
 */
export function parseThreads(value: unknown, cores: number): number {
  const max = 4 * Math.max(1, cores);
  const text = Array.isArray(value) ? String(value[value.length - 1]) : String(value ?? '');
  const n = /^\s*\+?\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!(Number.isSafeInteger(n) && n >= 1 && n <= max)) {
    throw new InvalidInputError(`must be a whole number from 1 to ${max} (4 × ${cores} cores), got '${text}'`, { field: '--threads' });
  }
  return n;
}

/**
 * The yargs definition of `--threads` (checked by {@link parseThreads} on this machine's cores).
 *
 * @example
 * ```ts
 * threadsOption('threads for integrals and J/K').coerce('2'); // 2 (on a machine of at least 1 core)
 * ```
 */
export function threadsOption(describe: string): { type: 'string'; describe: string; coerce: (value: unknown) => number } {
  return { type: 'string', describe, coerce: (value: unknown) => parseThreads(value, availableParallelism()) };
}
