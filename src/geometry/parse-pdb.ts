/**
 * The PDB reader: ATOM and HETATM records of the first model (up to the first `ENDMDL`), in
 * ångström. The element comes from columns 77–78; only when those are blank is it guessed from
 * the atom name (columns 13–16). Where a residue has alternate locations (column 17), only the
 * first is kept. The charge is the sum of columns 79–80 (`1+`, `2-`).
 *
 * Reference: wwPDB, "Atomic Coordinate Entry Format Version 3.3", ATOM and HETATM records.
 */
import { InvalidInputError } from '../errors';
import type { Molecule } from './molecule';
import { buildMolecule } from './build-molecule';
import type { FromFile, LocatedAtom } from './build-molecule';
import { MAX_ATOMS } from './validation';
import { elementBySymbol } from './elements';
import { at, fileLabel, readElement, readCoordinate, readNumber, splitLines, toBohr } from './text-input';
import type { ParseOptions } from './types';

/**
 * Reads the ATOM/HETATM records of a PDB file.
 *
 * @param text the file contents.
 * @param options `filename` for messages, `charge` (e) and `multiplicity` (override the file's
 *   charges). `units` does not apply: PDB files are in ångström.
 * @throws InvalidInputError naming the file, line and field of the first problem found.
 * @example
 * ```ts
 * parsePdb('HETATM    1  O   HOH A   1       0.000   0.000   0.000  1.00  0.00           O\n...').atoms[0].symbol; // 'O'
 * ```
 */
export function parsePdb(text: string, options: ParseOptions = {}): Molecule {
  const file = fileLabel(options.filename);
  const lines = splitLines(text, file);
  const scale = toBohr('angstrom');
  const located: LocatedAtom[] = [];
  let total = 0;
  let firstCharged: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const record = l.slice(0, 6).trim().toUpperCase();
    if (record === 'ENDMDL' || record === 'END') break;
    if (record !== 'ATOM' && record !== 'HETATM') continue;
    const line = i + 1;
    const altLoc = l.charAt(16);
    if (altLoc !== ' ' && altLoc !== '' && altLoc !== 'A' && altLoc !== '1') continue;
    if (located.length >= MAX_ATOMS) {
      throw new InvalidInputError(`more than the limit of ${MAX_ATOMS} atoms`, at(file, line, 'atom count'));
    }
    const x = readCoordinate(l.slice(30, 38).trim(), at(file, line, 'x coordinate'));
    const y = readCoordinate(l.slice(38, 46).trim(), at(file, line, 'y coordinate'));
    const z = readCoordinate(l.slice(46, 54).trim(), at(file, line, 'z coordinate'));
    const columns = l.slice(76, 78).trim();
    const element = readElement(columns !== '' ? columns : elementFromName(l.slice(12, 16)), at(file, line, 'element'));
    const charge = readCharge(l.slice(78, 80).trim(), file, line);
    if (charge !== 0) {
      total += charge;
      firstCharged ??= line;
    }
    located.push({ atom: { symbol: element.symbol, Z: element.Z, mass: element.mass, position: [x * scale, y * scale, z * scale] }, line });
  }
  if (located.length === 0) {
    throw new InvalidInputError('no ATOM or HETATM records found; is this a PDB file?', at(file, 1, 'atom count'));
  }
  const charge: FromFile | undefined = firstCharged !== undefined ? { value: total, where: at(file, firstCharged, 'charge') } : undefined;
  return buildMolecule(located, options, { format: 'pdb', text, ...(charge ? { charge } : {}) });
}

/**
 * The element guessed from a PDB atom name (columns 13–16), used only when columns 77–78 are
 * blank. The convention puts a one-letter element in column 14 (` CA ` is an alpha carbon) and a
 * two-letter element in columns 13–14 (`FE  ` is iron); a leading digit (`1HB `) is a hydrogen
 * count.
 */
function elementFromName(name: string): string {
  const two = name.slice(0, 2);
  // Names of hydrogens may start in column 13 too (`HD21`), so a leading H is always hydrogen.
  if (/^[A-Za-z]{2}$/.test(two) && !/^h/i.test(two) && elementBySymbol(two) !== undefined) return two;
  return name.replace(/[^A-Za-z]/g, '').charAt(0);
}

/** Columns 79–80: `2+`, `1-`, or blank. */
function readCharge(text: string, file: string, line: number): number {
  if (text === '') return 0;
  if (!/^(\d[+-]|[+-]\d)$/.test(text)) throw new InvalidInputError(`'${text}' is not a PDB charge like '1+' or '2-'`, at(file, line, 'charge'));
  const digit = Number(/\d/.exec(text)![0]);
  return text.includes('-') ? -digit : digit;
}
