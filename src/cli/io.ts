import * as fs from 'node:fs';
import * as path from 'node:path';
import { InvalidInputError } from '../errors';
import { DEFAULT_MAX_INPUT_BYTES, MAX_INPUT_ENV } from './input-limits';

/** How `-` (standard input) reaches the commands: see `main`. */
export const STDIN_PATH = '/dev/stdin';

/** A file the user named on the command line, read as text. `-` reads standard input. */
export interface InputFile {
  /** The name to show in messages (the path as given, or `<stdin>`). */
  name: string;
  text: string;
}

/**
 * Reads a file named on the command line, at most `maxBytes` bytes (default 16 MiB, see
 * input-limits.ts): a larger file, or a device that never ends (`/dev/zero`), is refused as soon
 * as the cap is passed, without reading the rest. A missing or unreadable file is an
 * {@link InvalidInputError} that names it; a directory is refused.
 *
 * @example
 * ```ts
 * readInputFile('water.xyz').text.split('\n')[0]; // '3'
 * readInputFile('/dev/zero'); // throws InvalidInputError: /dev/zero: the file is larger than 16 MiB, …
 * ```
 */
export function readInputFile(file: string, maxBytes: number = DEFAULT_MAX_INPUT_BYTES): InputFile {
  if (file === '-' || file === STDIN_PATH) return { name: '<stdin>', text: readCapped(0, '<stdin>', maxBytes) };
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new InvalidInputError(`cannot read '${file}': no such file`);
  }
  if (stat.isDirectory()) throw new InvalidInputError(`'${file}' is a directory, not a file`);
  if (stat.isFile() && stat.size > maxBytes) throw tooLarge(file, maxBytes);
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    throw new InvalidInputError(`cannot read '${file}': ${(err as Error).message}`);
  }
  try {
    return { name: file, text: readCapped(fd, file, maxBytes) };
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads a descriptor to its end as UTF-8, refusing it once more than `maxBytes` bytes came. */
function readCapped(fd: number, name: string, maxBytes: number): string {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.allocUnsafe(Math.min(maxBytes + 1, 1024 * 1024));
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(fd, chunk, 0, chunk.length, null);
    } catch (err) {
      // A non-blocking pipe (standard input under some shells) with nothing yet: wait and retry.
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if ((err as NodeJS.ErrnoException).code === 'EOF') break;
      throw new InvalidInputError(`cannot read '${name}': ${(err as Error).message}`);
    }
    if (n === 0) break;
    total += n;
    if (total > maxBytes) throw tooLarge(name, maxBytes);
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

function tooLarge(name: string, maxBytes: number): InvalidInputError {
  return new InvalidInputError(
    `the file is larger than ${maxBytes / (1024 * 1024)} MiB, the limit for an input file; set ${MAX_INPUT_ENV} (MiB) to raise it`,
    { file: name === '-' || name === STDIN_PATH ? '<stdin>' : name },
  );
}

/**
 * A basis given on the command line: a bundled name (`cc-pVDZ`) or the path of a user's
 * Gaussian94 file. Returns what `basis.load` takes, plus the file name for messages.
 */
export function resolveBasisArgument(nameOrPath: string, maxBytes: number = DEFAULT_MAX_INPUT_BYTES): { nameOrText: string; filename?: string; name: string } {
  const looksLikePath = /[\\/]/.test(nameOrPath) || /\.(gbs|g94|nw|txt)$/i.test(nameOrPath);
  if (looksLikePath || (fs.existsSync(nameOrPath) && fs.statSync(nameOrPath).isFile())) {
    const file = readInputFile(nameOrPath, maxBytes);
    return { nameOrText: file.text, filename: file.name, name: path.basename(nameOrPath).replace(/\.[^.]+$/, '') };
  }
  return { nameOrText: nameOrPath, name: nameOrPath };
}
