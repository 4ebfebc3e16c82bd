import * as fs from 'node:fs';
import * as path from 'node:path';
import { InvalidInputError } from '../errors';

/** How `-` (standard input) reaches the commands: see `main`. */
export const STDIN_PATH = '/dev/stdin';

/** A file the user named on the command line, read as text. `-` reads standard input. */
export interface InputFile {
  /** The name to show in messages (the path as given, or `<stdin>`). */
  name: string;
  text: string;
}

/**
 * Reads a file named on the command line. A missing or unreadable file is an
 * {@link InvalidInputError} that names it; a directory is refused.
 */
export function readInputFile(file: string): InputFile {
  if (file === '-' || file === STDIN_PATH) return { name: '<stdin>', text: fs.readFileSync(0, 'utf8') };
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new InvalidInputError(`cannot read '${file}': no such file`);
  }
  if (stat.isDirectory()) throw new InvalidInputError(`'${file}' is a directory, not a file`);
  try {
    return { name: file, text: fs.readFileSync(file, 'utf8') };
  } catch (err) {
    throw new InvalidInputError(`cannot read '${file}': ${(err as Error).message}`);
  }
}

/**
 * A basis given on the command line: a bundled name (`cc-pVDZ`) or the path of a user's
 * Gaussian94 file. Returns what `basis.load` takes, plus the file name for messages.
 */
export function resolveBasisArgument(nameOrPath: string): { nameOrText: string; filename?: string; name: string } {
  const looksLikePath = /[\\/]/.test(nameOrPath) || /\.(gbs|g94|nw|txt)$/i.test(nameOrPath);
  if (looksLikePath || (fs.existsSync(nameOrPath) && fs.statSync(nameOrPath).isFile())) {
    const file = readInputFile(nameOrPath);
    return { nameOrText: file.text, filename: file.name, name: path.basename(nameOrPath).replace(/\.[^.]+$/, '') };
  }
  return { nameOrText: nameOrPath, name: nameOrPath };
}
