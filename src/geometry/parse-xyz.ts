/**
 * The XYZ reader: an atom count line, a free-text comment line, then one `symbol x y z` line per
 * atom. Coordinates are in ångström unless the `units` option says otherwise, or the comment line
 * says `units=bohr` (or `units bohr`). Of a multi-frame file (a trajectory), the first frame is
 * read. A bare list of `symbol x y z` lines without count and comment is accepted too. The
 * symbol may be a Psi4 atom label: `Gh(C)` or `@C` for a ghost atom, `O@15.99491461956` for an
 * isotope mass (see `readAtomLabel`).
 */
import { InvalidInputError } from '../errors';
import { UNITS_IN_COMMENT } from './molecule';
import type { Molecule } from './molecule';
import { buildMolecule } from './build-molecule';
import type { LocatedAtom } from './build-molecule';
import { MAX_ATOMS } from './validation';
import { at, fileLabel, isNumber, readAtomCount, readCoordinate, readNumber, splitLines, toBohr, unitWord } from './text-input';
import { isAtomLabel, readAtomLabel } from './atom-label';
import type { LengthUnit, ParseOptions } from './types';

/**
 * Reads an XYZ file.
 *
 * @param text the file contents.
 * @param options `units` (`'angstrom'` default, or `'bohr'`; overrides a units comment), `filename`
 *   for messages, `charge` (e) and `multiplicity`.
 * @throws InvalidInputError naming the file, line and field of the first problem found.
 * @example
 * ```ts
 * const h2 = parseXyz('2\nhydrogen\nH 0 0 0\nH 0 0 0.74\n');
 * h2.atoms[1].position[2]; // 1.3983973328387929 (bohr)
 * ```
 */
export function parseXyz(text: string, options: ParseOptions = {}): Molecule {
  const file = fileLabel(options.filename);
  const lines = splitLines(text, file);
  const first = lines.findIndex((l) => l.trim() !== '');
  const head = lines[first]!.trim().split(/\s+/);

  let located: LocatedAtom[];
  if (head.length === 1 && /^[+-]?\d+$/.test(head[0]!)) {
    located = readCountedFrame(lines, first, options, file);
  } else if (isAtomLine(lines[first]!)) {
    located = readBareList(lines, first, options.units ?? 'angstrom', file);
  } else {
    throw new InvalidInputError(
      `expected the number of atoms on the first line, got '${lines[first]!.trim().slice(0, 40)}'`,
      at(file, first + 1, 'atom count'),
    );
  }
  return buildMolecule(located, options, { format: 'xyz', text });
}

/** Reads the frame whose count line is `lines[first]`. */
function readCountedFrame(lines: string[], first: number, options: ParseOptions, file: string): LocatedAtom[] {
  const countLine = first + 1;
  const count = readAtomCount(lines[first]!.trim(), lines.length - first - 2, at(file, countLine, 'atom count'));
  const comment = lines[first + 1] ?? '';
  const said = UNITS_IN_COMMENT.exec(comment);
  const units: LengthUnit = options.units ?? (said ? unitWord(said[1]!) : undefined) ?? 'angstrom';
  const scale = toBohr(units);

  const located: LocatedAtom[] = [];
  for (let k = 0; k < count; k++) {
    const index = first + 2 + k;
    const line = lines[index] ?? '';
    const tokens = line.trim().split(/\s+/);
    if (line.trim() === '' || (tokens.length === 1 && /^\d+$/.test(tokens[0]!))) {
      const hint = isAtomLine(comment) ? ` (line ${countLine + 1} holds an atom: is the comment line missing? Leave it blank if there is no comment)` : '';
      throw new InvalidInputError(
        `the atom count on line ${countLine} says ${count} atoms but only ${k} follow${hint}; correct the count or add the missing atoms`,
        at(file, index + 1, 'atom count'),
      );
    }
    located.push({ atom: readAtom(tokens, scale, file, index + 1), line: index + 1 });
  }
  // Another atom right after the block means the count is too small (a new frame starts with a count).
  const next = lines.findIndex((l, i) => i >= first + 2 + count && l.trim() !== '');
  if (next >= 0 && isAtomLine(lines[next]!)) {
    throw new InvalidInputError(
      `the atom count on line ${countLine} says ${count} atoms but line ${next + 1} holds another atom; correct the count`,
      at(file, next + 1, 'atom count'),
    );
  }
  return located;
}

/** Reads `symbol x y z` lines from `lines[first]` on, with no count or comment line. */
function readBareList(lines: string[], first: number, units: LengthUnit, file: string): LocatedAtom[] {
  const scale = toBohr(units);
  const located: LocatedAtom[] = [];
  for (let index = first; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === '') continue;
    if (located.length >= MAX_ATOMS) {
      throw new InvalidInputError(`more than the limit of ${MAX_ATOMS} atoms`, at(file, index + 1, 'atom count'));
    }
    located.push({ atom: readAtom(line.trim().split(/\s+/), scale, file, index + 1), line: index + 1 });
  }
  return located;
}

/** One `symbol x y z` line (further columns ignored) → atom with position in bohr. */
function readAtom(tokens: string[], scale: number, file: string, line: number): LocatedAtom['atom'] {
  const label = readAtomLabel(tokens[0], at(file, line, 'element'));
  const x = readCoordinate(tokens[1], at(file, line, 'x coordinate'));
  const y = readCoordinate(tokens[2], at(file, line, 'y coordinate'));
  const z = readCoordinate(tokens[3], at(file, line, 'z coordinate'));
  return {
    symbol: label.element.symbol,
    Z: label.ghost ? 0 : label.element.Z,
    mass: label.mass,
    position: [x * scale, y * scale, z * scale],
    ...(label.ghost ? { ghost: true } : {}),
  };
}

/** Whether a line reads as `symbol x y z` (symbol or atomic number, then three numbers). */
export function isAtomLine(line: string): boolean {
  const t = line.trim().split(/\s+/);
  if (t.length < 4) return false;
  return isAtomLabel(t[0]) && isNumber(t[1]) && isNumber(t[2]) && isNumber(t[3]);
}
