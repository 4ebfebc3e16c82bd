/**
 * How large an input the CLI reads: the byte cap of every file it is given (geometry, basis,
 * parameters, QCSchema JSON, standard input). The cap is checked while reading, so
 * `roothaan run /dev/zero` or a 50 MB file fails at once instead of filling memory.
 *
 * @packageDocumentation
 */
import { InvalidInputError } from '../errors';

/**
 * The default cap on one input file: 16 MiB. The largest bundled basis file (cc-pVQZ, all its
 * elements) is 0.23 MB; an XYZ or PDB file at the atom limit (10,000 atoms, see
 * `geometry.MAX_ATOMS`) is under 1 MB, and its QCSchema JSON under 2 MB. 16 MiB leaves a margin
 * of 8× over those and still refuses a runaway file before it costs memory.
 *
 * @example
 * ```ts
 * DEFAULT_MAX_INPUT_BYTES; // 16777216
 * ```
 */
export const DEFAULT_MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** The environment variable that raises (or lowers) the cap, in MiB. */
export const MAX_INPUT_ENV = 'ROOTHAAN_MAX_INPUT_MB';

/**
 * The byte cap on one input file: `ROOTHAAN_MAX_INPUT_MB` (a whole number of MiB, 1 … 4096)
 * when set, else {@link DEFAULT_MAX_INPUT_BYTES}.
 *
 * @throws InvalidInputError when the variable is not a whole number in range.
 * @example
 * ```ts
 * maxInputBytes({ ROOTHAAN_MAX_INPUT_MB: '64' }); // 67108864
 * maxInputBytes({}); // 16777216
 * ```
 */
export function maxInputBytes(env: Readonly<Record<string, string | undefined>>): number {
  const text = env[MAX_INPUT_ENV];
  if (text === undefined || text === '') return DEFAULT_MAX_INPUT_BYTES;
  const mib = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!(Number.isInteger(mib) && mib >= 1 && mib <= 4096)) {
    throw new InvalidInputError(`must be a whole number of MiB from 1 to 4096, got '${text}'`, { field: MAX_INPUT_ENV });
  }
  return mib * 1024 * 1024;
}
