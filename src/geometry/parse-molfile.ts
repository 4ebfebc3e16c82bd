/**
 * The MDL Molfile / SD file reader (CTfile V2000, as PubChem serves it): of an SD file, the first
 * record is read. Coordinates are in ångström. The charge is the sum of the `M  CHG` property
 * lines or, when there are none, of the atom block's charge column (as the CTfile specification
 * says: any `M  CHG` line supersedes the atom block charges). Bonds are not needed and not read.
 *
 * Reference: BIOVIA, "CTfile Formats" (2020), chapter "Molfile (V2000)".
 */
import { InvalidInputError } from '../errors';
import type { Molecule } from './molecule';
import { buildMolecule } from './build-molecule';
import type { FromFile, LocatedAtom } from './build-molecule';
import { at, fileLabel, isNumber, readAtomCount, readElement, readCoordinate, readNumber, splitLines, toBohr } from './text-input';
import type { ParseOptions } from './types';

/** Atom block charge codes → charge in e (4 is a doublet radical, uncharged). */
const CHARGE_CODE: ReadonlyMap<string, number> = new Map([['0', 0], ['1', 3], ['2', 2], ['3', 1], ['4', 0], ['5', -1], ['6', -2], ['7', -3]]);

/**
 * Reads a V2000 Molfile or the first record of an SD file.
 *
 * @param text the file contents.
 * @param options `filename` for messages, `charge` (e) and `multiplicity` (override the file's
 *   charges). `units` does not apply: Molfiles are in ångström.
 * @throws InvalidInputError naming the file, line and field of the first problem found.
 * @example
 * ```ts
 * // PubChem's 3D SDF of water (CID 962), fetched by the caller:
 * parseMolfile(sdfText, { filename: 'Conformer3D_CID_962.sdf' }).formula; // 'H2O'
 * ```
 */
export function parseMolfile(text: string, options: ParseOptions = {}): Molecule {
  const file = fileLabel(options.filename);
  const all = splitLines(text, file);
  const end = all.findIndex((l) => l.startsWith('$$$$'));
  const lines = end >= 0 ? all.slice(0, end) : all;

  const counts = lines[3];
  if (counts === undefined) {
    throw new InvalidInputError('a Molfile needs a three-line header and a counts line (line 4); this text is too short', at(file, lines.length, 'counts line'));
  }
  if (/V3000/i.test(counts)) {
    throw new InvalidInputError('V3000 Molfiles are not supported; save the structure as V2000 (PubChem serves V2000)', at(file, 4, 'counts line'));
  }
  let atomToken = counts.slice(0, 3).trim();
  if (!/^\d+$/.test(atomToken)) atomToken = counts.trim().split(/\s+/)[0] ?? '';
  const natoms = readAtomCount(atomToken, lines.length - 4, at(file, 4, 'atom count'));

  const located: LocatedAtom[] = [];
  const scale = toBohr('angstrom');
  let blockCharge = 0;
  let firstCharged: number | undefined;
  for (let k = 0; k < natoms; k++) {
    const line = 5 + k;
    const atom = readAtomLine(lines[4 + k]!, file, line);
    if (atom.charge !== 0) {
      blockCharge += atom.charge;
      firstCharged ??= line;
    }
    const [x, y, z] = atom.xyz;
    const e = atom.element;
    located.push({ atom: { symbol: e.symbol, Z: e.Z, mass: e.mass, position: [x * scale, y * scale, z * scale] }, line });
  }

  // Properties block: `M  CHG  n aaa vvv ...` (atom number, charge) pairs.
  let propertyCharge: number | undefined;
  let firstChgLine: number | undefined;
  for (let i = 4 + natoms; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.startsWith('M  END')) break;
    if (!l.startsWith('M  CHG')) continue;
    const line = i + 1;
    firstChgLine ??= line;
    const t = l.trim().split(/\s+/).slice(2);
    const n = Number(t[0]);
    if (!Number.isInteger(n) || t.length < 1 + 2 * n) {
      throw new InvalidInputError(`expected 'M  CHG  n' and n (atom, charge) pairs, got '${l.trim()}'`, at(file, line, 'M  CHG'));
    }
    for (let p = 0; p < n; p++) {
      const atomNumber = Number(t[1 + 2 * p]);
      const value = Number(t[2 + 2 * p]);
      if (!Number.isInteger(atomNumber) || atomNumber < 1 || atomNumber > natoms || !Number.isInteger(value)) {
        throw new InvalidInputError(`bad (atom, charge) pair '${t[1 + 2 * p]} ${t[2 + 2 * p]}' for ${natoms} atoms`, at(file, line, 'M  CHG'));
      }
      propertyCharge = (propertyCharge ?? 0) + value;
    }
  }

  let charge: FromFile | undefined;
  if (propertyCharge !== undefined) charge = { value: propertyCharge, where: at(file, firstChgLine, 'M  CHG') };
  else if (firstCharged !== undefined) charge = { value: blockCharge, where: at(file, firstCharged, 'atom block charge') };
  return buildMolecule(located, options, { format: 'molfile', text, ...(charge ? { charge } : {}) });
}

/**
 * One atom block line: `xxxxx.xxxxyyyyy.yyyyzzzzz.zzzz aaaddcccssshhhbbbvvvHHHrrriiimmmnnneee`
 * (x, y, z in columns 1–30, symbol 32–34, charge code 37–39). Falls back to whitespace-separated
 * fields for hand-written files that do not keep the columns.
 */
function readAtomLine(text: string, file: string, line: number) {
  let fields = [text.slice(0, 10), text.slice(10, 20), text.slice(20, 30), text.slice(31, 34), text.slice(36, 39)].map((f) => f.trim());
  if (!(isNumber(fields[0]) && isNumber(fields[1]) && isNumber(fields[2]) && /^[A-Za-z]+$/.test(fields[3]!))) {
    const t = text.trim().split(/\s+/);
    fields = [t[0] ?? '', t[1] ?? '', t[2] ?? '', t[3] ?? '', t[5] ?? '0'];
  }
  const xyz = [
    readCoordinate(fields[0], at(file, line, 'x coordinate')),
    readCoordinate(fields[1], at(file, line, 'y coordinate')),
    readCoordinate(fields[2], at(file, line, 'z coordinate')),
  ] as const;
  const element = readElement(fields[3], at(file, line, 'element'));
  const code = fields[4] === '' ? '0' : fields[4]!;
  const charge = CHARGE_CODE.get(code);
  if (charge === undefined) {
    throw new InvalidInputError(`'${code}' is not an atom block charge code (0 to 7)`, at(file, line, 'atom block charge'));
  }
  return { xyz, element, charge };
}
