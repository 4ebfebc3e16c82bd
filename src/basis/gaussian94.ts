/**
 * A parser for basis sets in Gaussian94 format (`.gbs`), the format of the Basis Set Exchange
 * downloads roothaan bundles and the format Psi4 reads.
 *
 * ```text
 * spherical                 ← optional first line: spherical or cartesian functions
 * ! comment                 ← `!` starts a comment, anywhere on a line
 * ****
 * O     0                   ← element symbol (any case) and 0
 * S   3   1.00              ← shell type, number of primitives, scale factor
 *    5484.6717    0.0018311 ← exponent, contraction coefficient (one line per primitive)
 *  …
 * SP  3   1.00              ← an SP shell: exponent, s coefficient, p coefficient
 *  …
 * ****                      ← ends the element
 * RB     0                  ← effective core potential section (def2 files)
 * RB-ECP     3     28       ← name-ECP, highest L, number of core electrons
 * f-ul potential            ← then highest-L + 1 blocks: a title, a count, count lines
 *   1
 * 2      3.8431140            -12.3169000
 * ```
 *
 * Shell types S, P, D, F, G, H, I and SP are read (the integral engine may stop earlier). An SP
 * shell becomes an S shell followed by a P shell with the same exponents. A scale factor s
 * multiplies every exponent of its shell by s² (Gaussian's convention). Numbers may use the
 * Fortran exponent letter D (`0.290250D-03`). A one-primitive shell whose line holds only the
 * exponent gets coefficient 1 (a few such lines occur in the Basis Set Exchange def2 files).
 *
 * Without a `spherical`/`cartesian` first line the basis is taken as spherical, as Psi4 does
 * (its Gaussian94 parser starts from pure functions and only the header or the PUREAM option
 * changes that); {@link Gaussian94Basis.harmonics} is then `undefined` so callers can tell.
 *
 * ECP sections are recognised and checked for shape, and the elements they cover are recorded in
 * {@link Gaussian94Basis.ecp}; roothaan does not evaluate ECP integrals, so `load` refuses a
 * molecule that contains such an element.
 */
import { InvalidInputError } from '../errors';
import { angularMomentumOf } from './angular-momentum';
import { canonicalSymbol } from './elements';

/**
 * One contracted shell as written in the file: the primitive exponents (bohr⁻², already
 * multiplied by the square of the shell's scale factor) and the file's contraction coefficients
 * (not yet normalised; see `normalizeContraction`).
 */
export interface ContractedShell {
  /** Angular momentum (0 = s, 1 = p, …). */
  readonly L: number;
  /** Primitive exponents α in bohr⁻². */
  readonly exponents: readonly number[];
  /** Contraction coefficients as printed in the file. */
  readonly coefficients: readonly number[];
}

/** What roothaan records of an effective core potential: enough to refuse it clearly. */
export interface EffectiveCorePotential {
  /** Number of core electrons the potential replaces. */
  readonly coreElectrons: number;
  /** Highest angular momentum of the potential's projectors. */
  readonly maxL: number;
  /** 1-based line of the `NAME-ECP` line in the file. */
  readonly line: number;
}

/** A parsed Gaussian94 basis set file. */
export interface Gaussian94Basis {
  /** The file name given to the parser, for messages. */
  readonly filename?: string;
  /** The file's `spherical`/`cartesian` header, or `undefined` if the file has none. */
  readonly harmonics: 'spherical' | 'cartesian' | undefined;
  /** Whether shells are spherical (pure) by default: the header's choice, spherical without one. */
  readonly pure: boolean;
  /** Shells of each element, keyed by conventional symbol (`'Cl'`), in file order. */
  readonly elements: ReadonlyMap<string, readonly ContractedShell[]>;
  /** Elements that carry an effective core potential, keyed by conventional symbol. */
  readonly ecp: ReadonlyMap<string, EffectiveCorePotential>;
}

/** Options for {@link parseGaussian94}. */
export interface ParseGaussian94Options {
  /** File name used in error messages (no file is read). */
  filename?: string;
}

/** A non-blank line with its comment removed and its 1-based line number. */
interface SourceLine {
  readonly number: number;
  readonly text: string;
  readonly fields: readonly string[];
}

/** A decimal number, optionally with an exponent written with E or the Fortran D. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eEdD][+-]?\d+)?$/;
const INTEGER = /^\d+$/;

/**
 * Parses Gaussian94 basis set text. Throws {@link InvalidInputError} naming the file and the
 * 1-based line for anything malformed.
 *
 * @example
 * ```ts
 * const basis = parseGaussian94('cartesian\n****\nH 0\nS 1 1.00\n 0.5 1.0\n****\n', { filename: 'h.gbs' });
 * basis.elements.get('H')![0]!.exponents; // [0.5]
 * basis.pure; // false
 * ```
 */
export function parseGaussian94(text: string, options: ParseGaussian94Options = {}): Gaussian94Basis {
  const { filename } = options;
  const fail = (message: string, line: number, field?: string): never => {
    throw new InvalidInputError(message, { ...(filename !== undefined && { file: filename }), line, ...(field !== undefined && { field }) });
  };
  const lines = contentLines(text);
  let i = 0;

  let harmonics: 'spherical' | 'cartesian' | undefined;
  const first = lines[0]?.text.toLowerCase();
  if (first === 'spherical' || first === 'cartesian') {
    harmonics = first;
    i++;
  }

  const elements = new Map<string, ContractedShell[]>();
  const ecp = new Map<string, EffectiveCorePotential>();

  while (i < lines.length) {
    const header = lines[i]!;
    if (header.text === '****') {
      i++;
      continue;
    }
    // A title line between two separators (def2-QZVP has one before its Kr block) is skipped;
    // any other stray line where an element header should be is an error.
    if (lines[i + 1]?.text === '****' && !looksLikeElementHeader(header)) {
      i++;
      continue;
    }
    const symbol = readElementHeader(header, fail);
    i++;
    const next = lines[i];
    if (next !== undefined && /-ECP$/i.test(next.fields[0]!)) {
      if (ecp.has(symbol)) fail(`a second effective core potential for ${symbol}`, next.number);
      const { potential, nextIndex } = readEcp(lines, i, symbol, fail);
      ecp.set(symbol, potential);
      i = nextIndex;
      continue;
    }
    if (elements.has(symbol)) fail(`${symbol} appears a second time; each element must have one block`, header.number);
    const shells: ContractedShell[] = [];
    while (i < lines.length && lines[i]!.text !== '****') {
      i = readShell(lines, i, symbol, shells, fail);
    }
    if (shells.length === 0) fail(`element ${symbol} has no shells`, header.number);
    elements.set(symbol, shells);
  }

  if (elements.size === 0 && ecp.size === 0) {
    fail('no element blocks found (expected lines like "H 0" followed by shells and "****")', lines.at(-1)?.number ?? 1);
  }
  const result: Gaussian94Basis = { harmonics, pure: harmonics !== 'cartesian', elements, ecp };
  return filename === undefined ? result : { filename, ...result };
}

/** Splits text into non-blank lines with `!` comments removed, keeping 1-based line numbers. */
function contentLines(text: string): SourceLine[] {
  const out: SourceLine[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const bang = raw.indexOf('!');
    const body = (bang >= 0 ? raw.slice(0, bang) : raw).trim();
    if (body !== '') out.push({ number: index + 1, text: body, fields: body.split(/\s+/) });
  });
  return out;
}

type Fail = (message: string, line: number, field?: string) => never;

/** Whether a line has the shape `SYMBOL 0`. */
function looksLikeElementHeader(line: SourceLine): boolean {
  return line.fields.length === 2 && line.fields[1] === '0';
}

/** Reads `SYMBOL 0` and returns the conventional symbol. */
function readElementHeader(line: SourceLine, fail: Fail): string {
  const symbol = looksLikeElementHeader(line) ? canonicalSymbol(line.fields[0]!.replace(/^-/, '')) : undefined;
  if (symbol === undefined) {
    return fail(`expected an element header such as "O 0", found "${line.text}"`, line.number);
  }
  return symbol;
}

/**
 * The largest primitive exponent a basis file may give, in bohr⁻²: 1e10. The tightest in the
 * bundled files is 1.8e7 (an s function of a heavy element); an exponent beyond 1e10 is a typo,
 * and 1e400 reads as Infinity, which would make every integral NaN.
 */
export const MAX_EXPONENT = 1e10;

/** The largest contraction coefficient a basis file may give (in absolute value): 1e6; the bundled files stay below 7. */
export const MAX_COEFFICIENT = 1e6;

/** Parses a finite number token (E or Fortran D exponent) no larger than `max` in absolute value, or reports it with its line and field. */
function readNumber(token: string | undefined, what: string, line: SourceLine, fail: Fail, max = Number.MAX_VALUE): number {
  if (token === undefined || !NUMBER.test(token)) {
    return fail(`${what} "${token ?? ''}" is not a number`, line.number, what);
  }
  const value = Number(token.replace(/[dD]/, 'e'));
  if (!Number.isFinite(value)) return fail(`${what} ${token} is not a finite number`, line.number, what);
  if (Math.abs(value) > max) return fail(`${what} ${token} is out of range (at most ${max} in absolute value)`, line.number, what);
  return value;
}

/**
 * Reads one shell starting at `lines[start]` (`TYPE NPRIM SCALE` then NPRIM primitive lines),
 * appends it to `shells` (an SP shell as an S then a P shell) and returns the next line index.
 */
function readShell(lines: readonly SourceLine[], start: number, symbol: string, shells: ContractedShell[], fail: Fail): number {
  const header = lines[start]!;
  const [type, nprimText, scaleText] = header.fields;
  const isSP = type!.toUpperCase() === 'SP';
  const L = isSP ? 0 : type!.length === 1 ? angularMomentumOf(type!) : undefined;
  if (NUMBER.test(type!)) {
    fail(
      `expected a shell line "TYPE NPRIM SCALE" or "****", found the primitive line "${header.text}" ` +
        `(does the shell above declare too few primitives?)`,
      header.number,
    );
  }
  if (L === undefined) {
    fail(
      `unknown shell type "${type}" in the block of ${symbol} (expected S, P, D, F, G, H, I or SP, ` +
        `or "****" to end the element)`,
      header.number,
    );
  }
  if (header.fields.length !== 3) {
    fail(
      `expected a shell line "TYPE NPRIM SCALE" such as "S 3 1.00", found "${header.text}" ` +
        `(or "****" to end the block of ${symbol})`,
      header.number,
    );
  }
  if (!INTEGER.test(nprimText!) || Number(nprimText) < 1) {
    fail(`the number of primitives "${nprimText}" must be a positive integer`, header.number);
  }
  const nprim = Number(nprimText);
  const scale = readNumber(scaleText, 'scale factor', header, fail, 1e3);
  if (!(scale > 0)) fail(`the scale factor must be positive, found ${scaleText}`, header.number);

  const columns = isSP ? 3 : 2;
  const exponents: number[] = [];
  const first: number[] = [];
  const second: number[] = [];
  for (let k = 0; k < nprim; k++) {
    const line = lines[start + 1 + k];
    const where = `primitive ${k + 1} of ${nprim} of the ${type!.toUpperCase()} shell on line ${header.number}`;
    if (line === undefined) {
      return fail(`the file ends before ${where}`, lines[lines.length - 1]!.number);
    }
    // A one-primitive shell written with its exponent alone (the bundled def2-TZVPP and def2-QZVP
    // files have a few, for Rb, Sr, Cs, Ba) gets coefficient 1: normalisation fixes its size anyway.
    const exponentOnly = nprim === 1 && !isSP && line.fields.length === 1 && NUMBER.test(line.fields[0]!);
    if (exponentOnly) {
      const alpha = readNumber(line.fields[0], 'exponent', line, fail, MAX_EXPONENT);
      if (!(alpha > 0)) fail(`exponent ${line.fields[0]} must be positive`, line.number, 'exponent');
      exponents.push(checkedExponent(alpha * scale * scale, line, fail));
      first.push(1);
      continue;
    }
    if (line.fields.length !== columns || !NUMBER.test(line.fields[0]!)) {
      const expected = isSP ? 'EXPONENT S-COEFFICIENT P-COEFFICIENT' : 'EXPONENT COEFFICIENT';
      fail(`expected ${where} ("${expected}"), found "${line.text}"`, line.number);
    }
    const alpha = readNumber(line.fields[0], 'exponent', line, fail, MAX_EXPONENT);
    if (!(alpha > 0)) fail(`exponent ${line.fields[0]} must be positive`, line.number, 'exponent');
    exponents.push(checkedExponent(alpha * scale * scale, line, fail));
    first.push(readNumber(line.fields[1], 'coefficient', line, fail, MAX_COEFFICIENT));
    if (isSP) second.push(readNumber(line.fields[2], 'p coefficient', line, fail, MAX_COEFFICIENT));
  }
  shells.push({ L: L!, exponents, coefficients: first });
  if (isSP) shells.push({ L: 1, exponents: [...exponents], coefficients: second });
  return start + 1 + nprim;
}

/** An exponent after the shell's scale factor (α·scale²), checked against {@link MAX_EXPONENT}. */
function checkedExponent(alpha: number, line: SourceLine, fail: Fail): number {
  if (!(alpha <= MAX_EXPONENT)) fail(`the exponent ${line.fields[0]} times the shell's scale factor squared is ${alpha}, more than ${MAX_EXPONENT}`, line.number, 'exponent');
  return alpha;
}

/**
 * Reads an ECP block starting at its `NAME-ECP MAXL NCORE` line: MAXL + 1 potentials, each a
 * title line, a term count and that many `POWER EXPONENT COEFFICIENT` lines. The terms are
 * checked for shape but not kept.
 */
function readEcp(
  lines: readonly SourceLine[],
  start: number,
  symbol: string,
  fail: Fail,
): { potential: EffectiveCorePotential; nextIndex: number } {
  const header = lines[start]!;
  const [name, maxLText, coreText] = header.fields;
  if (canonicalSymbol(name!.replace(/-ECP$/i, '')) !== symbol) {
    fail(`ECP "${name}" does not belong to the element ${symbol} above it`, header.number);
  }
  if (header.fields.length !== 3 || !INTEGER.test(maxLText!) || !INTEGER.test(coreText!)) {
    fail(`expected "${symbol.toUpperCase()}-ECP MAXL NCORE" with two integers, found "${header.text}"`, header.number);
  }
  const maxL = Number(maxLText);
  let i = start + 1;
  for (let block = 0; block <= maxL; block++) {
    const title = lines[i];
    const count = lines[i + 1];
    if (title === undefined || count === undefined) {
      return fail(`the ECP of ${symbol} needs ${maxL + 1} potentials; the file ends after ${block}`, lines[lines.length - 1]!.number);
    }
    if (count.fields.length !== 1 || !INTEGER.test(count.text)) {
      fail(`expected the number of terms of ECP potential "${title.text}" of ${symbol}, found "${count.text}"`, count.number);
    }
    const nterm = Number(count.text);
    for (let k = 0; k < nterm; k++) {
      const term = lines[i + 2 + k];
      if (term === undefined) return fail(`the file ends inside ECP potential "${title.text}" of ${symbol}`, count.number);
      if (term.fields.length !== 3 || !term.fields.every((f) => NUMBER.test(f))) {
        fail(`expected ECP term ${k + 1} of ${nterm} ("POWER EXPONENT COEFFICIENT"), found "${term.text}"`, term.number);
      }
    }
    i += 2 + nterm;
  }
  return { potential: { coreElectrons: Number(coreText), maxL, line: header.number }, nextIndex: i };
}
