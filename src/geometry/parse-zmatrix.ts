/**
 * The Z-matrix reader, Psi4 and Gaussian style.
 *
 * ```
 * 0 1              optional "charge multiplicity" line (Psi4)
 * O                first atom, at the origin
 * H 1 r            bonded to atom 1 at distance r, placed along +z
 * H 1 r 2 a        angle a = ∠(H, atom 1, atom 2) in degrees, placed in the xz plane
 * H 1 r 2 a 3 d    dihedral d = H–1–2–3 in degrees (IUPAC sign convention)
 * C 0.0 1.0 2.0    a Cartesian line may be mixed in
 * r = 0.96         variables: `name = value` lines (Psi4) anywhere, or `name value` lines (Gaussian,
 * a = 104.5        after a blank line or a `Variables:` line); `-d` uses minus the value of d
 * ```
 *
 * Lengths are in ångström unless a `units bohr` line (or the `units` option) says otherwise. Atoms
 * are referred to by 1-based number or by the label written at the start of their line (`O1`).
 * Dummy atoms `X` help the construction and are dropped from the molecule. `TDA` is Psi4's
 * tetrahedral angle, acos(−1/3) = 109.4712206…°, wherever a value goes.
 * Commas work as separators, `#` and `!` start comments.
 *
 * Psi4's geometry input is read too:
 * - atom labels `Gh(C)` / `@C` (ghost atoms), `O@15.99491461956` (isotope masses), `H_a`, `O1`
 *   (see `readAtomLabel`);
 * - `--` lines between fragments, each fragment with its own optional `charge multiplicity`
 *   line; the molecule's charge is their sum and its multiplicity their high-spin combination
 *   unless the `charge`/`multiplicity` options say otherwise (see `Molecule.fragments`);
 * - `symmetry c1`, `no_com`, `no_reorient` (also `nocom`, `noreorient`): accepted and reported in
 *   `source.warnings`, since roothaan runs without symmetry and never moves the nuclei. Any other
 *   line that is neither an atom, a variable nor one of these is refused with its line number.
 */
import { InvalidInputError } from '../errors';
import type { ErrorLocation } from '../errors';
import type { Molecule } from './molecule';
import { buildMolecule } from './build-molecule';
import type { FromFile, LocatedAtom } from './build-molecule';
import { MAX_ATOMS } from './validation';
import { at, fileLabel, isInteger, isNumber, readNumber, splitLines, toBohr, unitWord } from './text-input';
import { isAtomLabel, readAtomLabel } from './atom-label';
import type { FragmentInit } from './fragments';
import type { LengthUnit, ParseOptions } from './types';

type Vec3 = [number, number, number];

/** Section headers (Gaussian) that change nothing here. */
const IGNORED = new Set(['variables', 'variables:', 'constants', 'constants:']);

/** Psi4 directives that only matter with symmetry or reorientation: accepted, reported, ignored. */
const REPORTED = new Set(['symmetry', 'no_reorient', 'noreorient', 'no_com', 'nocom']);

/**
 * Psi4's built-in tetrahedral angle `TDA` in degrees: acos(−1/3) = 2 atan(√2) = 109.4712206…°
 * (Psi4 `libmints/coordentry.cc` reads `tda` as 360 atan(√2) / π).
 */
export const TETRAHEDRAL_ANGLE_DEGREES = (Math.acos(-1 / 3) * 180) / Math.PI;

/**
 * Reads a Z-matrix.
 *
 * @param text the Z-matrix.
 * @param options `units` of lengths (`'angstrom'` default; overrides a `units` line), `filename`
 *   for messages, `charge` (e) and `multiplicity` (override a `charge multiplicity` line).
 * @throws InvalidInputError naming the file, line and field of the first problem found.
 * @example
 * ```ts
 * const water = parseZmatrix('0 1\nO\nH 1 r\nH 1 r 2 a\nr = 0.96\na = 104.5\n');
 * water.distance(0, 1) * 0.52917721067; // 0.96 (Å)
 * ```
 */
export function parseZmatrix(text: string, options: ParseOptions = {}): Molecule {
  const file = fileLabel(options.filename);
  const lines = splitLines(text, file);

  // First pass: sort lines into variables, directives, a charge line and atom lines.
  const variables = new Map<string, number>();
  const atomLines: { tokens: string[]; line: number; fragment: number }[] = [];
  const warnings: string[] = [];
  let fileUnits: LengthUnit | undefined;
  // One entry per fragment (Psi4's `--` separators); each may have its own charge line.
  const fragmentLines: { charge?: FromFile; multiplicity?: FromFile; firstAtomLine?: number; separatorLine?: number }[] = [{}];
  let variableSection = false; // Gaussian: `name value` lines after a blank line or a `Variables:` line
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const content = lines[i]!.replace(/[#!].*$/, '').replace(/,/g, ' ').trim();
    if (content === '') {
      if (atomLines.length > 0) variableSection = true;
      continue;
    }
    const assignment = /^([A-Za-z_][\w.]*)\s*=\s*(\S+)$/.exec(content);
    const tokens = content.split(/\s+/);
    const word = tokens[0]!.toLowerCase();
    const fragment = fragmentLines[fragmentLines.length - 1]!;
    if (assignment) {
      defineVariable(variables, assignment[1]!, assignment[2]!, file, line);
    } else if (content === '--') {
      if (fragment.firstAtomLine === undefined) {
        throw new InvalidInputError(
          fragmentLines.length === 1 ? "a '--' fragment separator before any atom; fragments go between atoms" : "two '--' separators with no atoms between them",
          at(file, line, 'fragment'),
        );
      }
      fragmentLines.push({ separatorLine: line });
      variableSection = false;
    } else if (word === 'units' || word === 'unit') {
      fileUnits = unitWord(tokens[1] ?? '');
      if (fileUnits === undefined || tokens.length > 2) {
        throw new InvalidInputError(`expected 'units angstrom' or 'units bohr', got '${content}'`, at(file, line, 'units'));
      }
    } else if (REPORTED.has(word)) {
      const what = word === 'symmetry' ? 'roothaan runs without symmetry (c1)' : 'roothaan never moves or reorients the nuclei';
      warnings.push(`${file}:${line}: '${content}' ignored: ${what}`);
    } else if (IGNORED.has(word)) {
      variableSection = true;
    } else if (tokens.length === 2 && isInteger(tokens[0]) && isInteger(tokens[1]) && fragment.firstAtomLine === undefined && !fragment.charge) {
      fragment.charge = { value: Number(tokens[0]), where: at(file, line, 'charge') };
      fragment.multiplicity = { value: Number(tokens[1]), where: at(file, line, 'multiplicity') };
    } else if (variableSection && tokens.length === 2 && /^[A-Za-z_]/.test(tokens[0]!) && isNumber(tokens[1])) {
      defineVariable(variables, tokens[0]!, tokens[1]!, file, line);
    } else {
      if (atomLines.length >= MAX_ATOMS) {
        throw new InvalidInputError(`more than the limit of ${MAX_ATOMS} atoms`, at(file, line, 'atom count'));
      }
      if (!isDummy(tokens[0]!) && !isAtomLabel(tokens[0]) && /^[A-Za-z_]{2,}/.test(tokens[0]!) && tokens.length <= 2) {
        throw new InvalidInputError(
          `'${content}' is neither an atom nor a directive roothaan knows (units, symmetry, no_com, no_reorient, '--', a 'charge multiplicity' line, 'name = value')`,
          at(file, line, 'directive'),
        );
      }
      fragment.firstAtomLine ??= line;
      atomLines.push({ tokens, line, fragment: fragmentLines.length - 1 });
    }
  }
  const last = fragmentLines[fragmentLines.length - 1]!;
  if (last.firstAtomLine === undefined && last.separatorLine !== undefined) {
    throw new InvalidInputError("the last '--' fragment separator has no atoms after it", at(file, last.separatorLine, 'fragment'));
  }
  if (atomLines.length === 0) {
    throw new InvalidInputError('no atom lines found; a Z-matrix starts with an element symbol on its own line', at(file, 1, 'element'));
  }

  // Second pass: place the atoms one by one, in the file's length units.
  const positions: Vec3[] = [];
  const labels: string[] = [];
  const located: LocatedAtom[] = [];
  const fragmentOf: number[] = []; // fragment of each located (non-dummy) atom
  const lengthScale = toBohr(options.units ?? fileUnits ?? 'angstrom');
  for (const { tokens, line, fragment } of atomLines) {
    const k = positions.length;
    const value = (index: number, field: string): number => resolveValue(tokens[index], variables, at(file, line, field));
    const reference = (index: number, field: string): number => resolveReference(tokens[index], labels, at(file, line, field));
    const fields = tokens.length === 8 && tokens[7] === '0' ? 7 : tokens.length; // Gaussian's trailing 0 flag

    let position: Vec3;
    if (fields === 4) {
      position = [value(1, 'x coordinate'), value(2, 'y coordinate'), value(3, 'z coordinate')];
    } else if (fields === 1 && k === 0) {
      position = [0, 0, 0];
    } else if (fields === 3 || fields === 5 || fields === 7) {
      const b = reference(1, 'bond reference');
      const r = value(2, 'bond length');
      if (r <= 0) throw new InvalidInputError(`the bond length must be positive, got ${r}`, at(file, line, 'bond length'));
      if (fields === 3) {
        position = add(positions[b]!, [0, 0, r]);
      } else {
        const c = reference(3, 'angle reference');
        const angle = value(4, 'angle');
        if (angle < 0 || angle > 180) {
          throw new InvalidInputError(`the angle must be between 0 and 180 degrees, got ${angle}`, at(file, line, 'angle'));
        }
        distinct([b, c], file, line, 'angle reference');
        if (fields === 5) {
          position = placeInPlane(positions[b]!, positions[c]!, r, angle);
        } else {
          const d = reference(5, 'dihedral reference');
          const dihedral = value(6, 'dihedral');
          distinct([b, c, d], file, line, 'dihedral reference');
          position = placeWithDihedral(positions[b]!, positions[c]!, positions[d]!, r, angle, dihedral, file, line);
        }
      }
    } else {
      throw new InvalidInputError(
        k === 0 && fields !== 1
          ? `the first atom takes no internal coordinates: write just its symbol, or 'symbol x y z'`
          : `expected 'symbol i r', 'symbol i r j angle', 'symbol i r j angle k dihedral' or 'symbol x y z', got ${tokens.length} fields`,
        at(file, line, fields === 1 ? 'bond reference' : 'z-matrix line'),
      );
    }
    positions.push(position);
    labels.push(tokens[0]!);

    if (isDummy(tokens[0]!)) continue; // dummy atom: construction only
    const label = readAtomLabel(tokens[0], at(file, line, 'element'));
    const [x, y, z] = position;
    located.push({
      atom: {
        symbol: label.element.symbol,
        Z: label.ghost ? 0 : label.element.Z,
        mass: label.mass,
        position: [x * lengthScale, y * lengthScale, z * lengthScale],
        ...(label.ghost ? { ghost: true } : {}),
      },
      line,
    });
    fragmentOf.push(fragment);
  }
  if (located.length === 0) {
    throw new InvalidInputError('the Z-matrix has only dummy atoms (X)', at(file, atomLines[0]!.line, 'element'));
  }
  const first = fragmentLines[0]!;
  let fragments: FragmentInit[] | undefined;
  if (fragmentLines.length > 1) {
    fragments = fragmentLines.map((f, index) => {
      const atoms = fragmentOf.flatMap((g, a) => (g === index ? [a] : []));
      if (atoms.length === 0) {
        throw new InvalidInputError(`fragment ${index + 1} has only dummy atoms (X)`, at(file, f.firstAtomLine, 'fragment'));
      }
      return {
        atoms,
        ...(f.charge ? { charge: f.charge.value, multiplicity: f.multiplicity!.value, where: { charge: f.charge.where, multiplicity: f.multiplicity!.where } } : {}),
      };
    });
  }
  const extras = {
    format: 'zmat' as const,
    text,
    ...(fragments === undefined && first.charge ? { charge: first.charge } : {}),
    ...(fragments === undefined && first.multiplicity ? { multiplicity: first.multiplicity } : {}),
    ...(fragments !== undefined ? { fragments } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
  return buildMolecule(located, options, extras);
}

/** A dummy atom's label: `X`, `X1`, `x_a` (not `Xe`). */
function isDummy(token: string): boolean {
  return /^x(?:[_\d].*)?$/i.test(token);
}

function defineVariable(variables: Map<string, number>, name: string, token: string, file: string, line: number): void {
  const key = name.toLowerCase();
  if (variables.has(key)) {
    throw new InvalidInputError(`the variable '${name}' is defined twice; keep one definition`, at(file, line, 'variable'));
  }
  variables.set(key, readNumber(token, at(file, line, `variable ${name}`)));
}

/** A number, a variable name, or a minus sign and a variable name. */
function resolveValue(token: string | undefined, variables: Map<string, number>, where: ErrorLocation): number {
  if (token === undefined || isNumber(token)) return readNumber(token, where);
  const negative = token.startsWith('-');
  const name = token.replace(/^[+-]/, '');
  const value = variables.get(name.toLowerCase()) ?? (name.toLowerCase() === 'tda' ? TETRAHEDRAL_ANGLE_DEGREES : undefined);
  if (value === undefined) {
    throw new InvalidInputError(`'${name}' is neither a number nor a defined variable; add a line '${name} = value'`, where);
  }
  return negative ? -value : value;
}

/** A 1-based atom number or an earlier atom's label → 0-based index of an earlier atom. */
function resolveReference(token: string | undefined, labels: string[], where: ErrorLocation): number {
  if (token === undefined) throw new InvalidInputError('an atom reference is missing here', where);
  let index: number;
  if (/^\d+$/.test(token)) {
    index = Number(token) - 1;
  } else {
    const lower = token.toLowerCase();
    index = labels.findIndex((l) => l.toLowerCase() === lower);
    if (index < 0) throw new InvalidInputError(`'${token}' is not the number or label of an earlier atom`, where);
  }
  if (index < 0 || index >= labels.length) {
    throw new InvalidInputError(
      `atom ${token} is not defined yet (this is atom ${labels.length + 1}); refer only to earlier atoms, counting from 1`,
      where,
    );
  }
  return index;
}

function distinct(indices: number[], file: string, line: number, field: string): void {
  if (new Set(indices).size !== indices.length) {
    throw new InvalidInputError(`the reference atoms ${indices.map((i) => i + 1).join(', ')} must all be different`, at(file, line, field));
  }
}

function add(a: Vec3, b: Vec3): Vec3 {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
}
function sub(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}
function scale(a: Vec3, s: number): Vec3 {
  return [a[0] * s, a[1] * s, a[2] * s];
}
function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}
function unit(a: Vec3): Vec3 {
  return scale(a, 1 / Math.hypot(a[0], a[1], a[2]));
}

const DEG = Math.PI / 180;

/**
 * The atom at distance r from B with angle ∠(atom, B, C) = angle, in the plane of B→C and the
 * x axis (the xz plane when B→C lies along z, as for the third atom), on the +x side.
 */
function placeInPlane(B: Vec3, C: Vec3, r: number, angle: number): Vec3 {
  const u = unit(sub(C, B));
  const axis: Vec3 = Math.abs(u[0]) > 1 - 1e-6 ? [0, 1, 0] : [1, 0, 0];
  const v = unit(sub(axis, scale(u, dot(axis, u))));
  const a = angle * DEG;
  return add(B, add(scale(u, r * Math.cos(a)), scale(v, r * Math.sin(a))));
}

/**
 * The atom at distance r from B, with angle ∠(atom, B, C) and dihedral atom–B–C–D, by the
 * natural extension reference frame (Parsons et al., J. Comput. Chem. 26, 1063 (2005),
 * doi:10.1002/jcc.20237, Eq. 2–3).
 */
function placeWithDihedral(B: Vec3, C: Vec3, D: Vec3, r: number, angle: number, dihedral: number, file: string, line: number): Vec3 {
  const bc = unit(sub(B, C));
  const normal = cross(sub(C, D), bc);
  const size = Math.hypot(...normal);
  if (!(size > 1e-8 * Math.hypot(...sub(C, D)))) {
    throw new InvalidInputError(
      'the three reference atoms lie on one line, so the dihedral is undefined; pick a dihedral reference off that line (a dummy atom X helps)',
      at(file, line, 'dihedral reference'),
    );
  }
  const n = scale(normal, 1 / size);
  const m = cross(n, bc);
  const a = angle * DEG;
  const d = dihedral * DEG;
  const local: Vec3 = [-r * Math.cos(a), r * Math.sin(a) * Math.cos(d), r * Math.sin(a) * Math.sin(d)];
  return add(B, add(scale(bc, local[0]), add(scale(m, local[1]), scale(n, local[2]))));
}
