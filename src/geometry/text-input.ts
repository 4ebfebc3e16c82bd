/**
 * Helpers the parsers share: splitting text into lines, refusing empty and binary input, reading
 * numbers and element symbols with the file, line and field named in every error.
 */
import { InvalidInputError } from '../errors';
import type { ErrorLocation } from '../errors';
import { ANGSTROM_IN_BOHR } from '../constants';
import { elementBySymbol, elementByZ } from './elements';
import type { Element } from './elements';
import { MAX_ATOMS, MAX_COORDINATE } from './validation';
import type { LengthUnit } from './types';

/** The file name to put in messages: the `filename` option, else `<input>`. */
export function fileLabel(filename: string | undefined): string {
  return filename ?? '<input>';
}

/** A location in the input: file, 1-based line, field. */
export function at(file: string, line?: number, field?: string): ErrorLocation {
  const location: ErrorLocation = { file };
  if (line !== undefined) location.line = line;
  if (field !== undefined) location.field = field;
  return location;
}

/**
 * Splits text into lines (LF, CRLF or CR) after refusing empty or binary input. Line `k` of the
 * file is `lines[k - 1]`.
 */
export function splitLines(text: string, file: string): string[] {
  if (typeof text !== 'string') {
    throw new InvalidInputError(`expected the geometry as text, got ${typeof text}`, at(file));
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    throw new InvalidInputError(
      'this looks like a binary file (it contains NUL bytes), not a geometry; give an XYZ, Z-matrix, Molfile, PDB or QCSchema JSON text file',
      at(file, lineOf(text, nul)),
    );
  }
  if (text.trim() === '') {
    throw new InvalidInputError('the file is empty; it should contain a geometry', at(file, 1));
  }
  // Control characters other than tab, line breaks and form feed, and U+FFFD (what a decoder puts
  // for bytes that are not UTF-8), hardly ever occur in text.
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  const odd = sample.match(/[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]/g);
  if (odd !== null && odd.length > 0.1 * sample.length) {
    throw new InvalidInputError(
      'this looks like a binary file (mostly non-text bytes), not a geometry; give an XYZ, Z-matrix, Molfile, PDB or QCSchema JSON text file',
      at(file, lineOf(text, sample.search(/[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]/))),
    );
  }
  return text.split(/\r\n|\r|\n/);
}

/** The 1-based line number of character `index` of `text`. */
export function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
  }
  return line;
}

/** A decimal number as chemists write it: `-1.5`, `.5`, `2.`, `1e-3`, `1.0D-3` (Fortran). */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eEdD][+-]?\d+)?$/;

/**
 * Reads one finite number, or throws naming the file, line and field.
 *
 * @example
 * ```ts
 * readNumber('1.5D-1', at('h2.xyz', 3, 'x coordinate')); // 0.15
 * ```
 */
export function readNumber(token: string | undefined, where: ErrorLocation): number {
  if (token === undefined || token === '') {
    throw new InvalidInputError('a number is missing here', where);
  }
  if (!NUMBER.test(token)) {
    throw new InvalidInputError(`'${token}' is not a number`, where);
  }
  const value = Number(token.replace(/[dD]/, 'e'));
  if (!Number.isFinite(value)) {
    throw new InvalidInputError(`'${token}' is not a finite number`, where);
  }
  return value;
}

/**
 * Reads one Cartesian coordinate: a finite number no larger than {@link MAX_COORDINATE} in
 * absolute value (in the file's units), or throws naming the file, line and field.
 *
 * @example
 * ```ts
 * readCoordinate('1e300', at('big.xyz', 3, 'x coordinate')); // throws InvalidInputError: big.xyz:3 (x coordinate): 1e300 is out of range …
 * ```
 */
export function readCoordinate(token: string | undefined, where: ErrorLocation): number {
  const value = readNumber(token, where);
  if (Math.abs(value) > MAX_COORDINATE) {
    throw new InvalidInputError(`${token} is out of range: a coordinate may be at most ${MAX_COORDINATE} (Å or bohr) in absolute value`, where);
  }
  return value;
}

/** Whether a token is a number {@link readNumber} accepts. */
export function isNumber(token: string | undefined): boolean {
  return token !== undefined && NUMBER.test(token);
}

/** Whether a token is a plain non-negative or negative whole number. */
export function isInteger(token: string | undefined): boolean {
  return token !== undefined && /^[+-]?\d+$/.test(token);
}

/**
 * Reads an atom count and checks it is sane before anything is allocated: a whole number from 1
 * to {@link MAX_ATOMS} that fits in the `linesLeft` lines that follow.
 */
export function readAtomCount(token: string, linesLeft: number, where: ErrorLocation): number {
  if (!/^\+?\d+$/.test(token)) {
    throw new InvalidInputError(`expected the number of atoms, got '${token}'`, where);
  }
  const digits = token.replace(/^\+?0*/, '');
  if (digits.length > String(MAX_ATOMS).length || Number(digits) > MAX_ATOMS) {
    throw new InvalidInputError(
      `an atom count of ${token} is more than the limit of ${MAX_ATOMS} atoms; check the count line`,
      where,
    );
  }
  const count = Number(digits);
  if (count === 0) {
    throw new InvalidInputError('the atom count is 0; a molecule needs at least one atom', where);
  }
  if (count > linesLeft) {
    throw new InvalidInputError(
      `the atom count says ${count} atoms but only ${linesLeft} lines follow; correct the count or add the missing atoms`,
      where,
    );
  }
  return count;
}

/**
 * The element for a symbol (any capitalisation) or an atomic number, or throws naming the file,
 * line and field.
 */
export function readElement(token: string | undefined, where: ErrorLocation): Element {
  const element = token === undefined ? undefined : /^\d+$/.test(token) ? elementByZ(Number(token)) : elementBySymbol(token);
  if (element === undefined) {
    throw new InvalidInputError(
      token === undefined || token === ''
        ? 'an element symbol is missing here'
        : `unknown element '${token}'; use a symbol from H to Rn (any capitalisation) or an atomic number from 1 to 86`,
      where,
    );
  }
  return element;
}

/** The factor that turns a length in `units` into bohr. */
export function toBohr(units: LengthUnit): number {
  return units === 'bohr' ? 1 : ANGSTROM_IN_BOHR;
}

/** Reads a `bohr`/`angstrom` word (and the usual spellings: `au`, `a.u.`, `ang`, `å`), or `undefined`. */
export function unitWord(word: string): LengthUnit | undefined {
  const w = word.toLowerCase();
  if (w === 'bohr' || w === 'au' || w === 'a.u.') return 'bohr';
  if (w === 'angstrom' || w === 'angstroms' || w === 'ang' || w === 'å') return 'angstrom';
  return undefined;
}
