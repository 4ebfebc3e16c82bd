/**
 * Scans: a group of jobs from one geometry and a grid of bond lengths or parameter values, for
 * `roothaan submit --scan …` and {@link scanInputs}. The syntax (one scan per `--scan`; several
 * scans make their Cartesian product):
 *
 * - `bond I J FROM:TO:STEP` or `bond I J A,B,C` — the distance between atoms I and J (0-based,
 *   in file order) in ångström. Atom J moves along the I→J axis; every other atom stays.
 *   `FROM:TO:STEP` includes TO (within STEP/1000).
 * - `KEY=A,B,C` — a data-model SCF parameter (`basis_set`, `damping`, `max_iteration`, …;
 *   `basis` for `basis_set`), each value read as a number, `true`/`false` or text.
 *
 * @packageDocumentation
 */
import { InvalidInputError } from '../errors';
import * as geometry from '../geometry';
import { BOHR_IN_ANGSTROM } from '../constants';
import { SCF_PARAMETER_TABLE } from '../scf';
import type { JobInput } from './job-input';

/** One scan dimension: a bond length (ångström) or a parameter's values. */
export type Scan =
  | { kind: 'bond'; i: number; j: number; values: number[] }
  | { kind: 'parameter'; key: string; values: Array<string | number | boolean> };

const bad = (text: string, why: string): InvalidInputError =>
  new InvalidInputError(`'${text}': ${why} (use e.g. 'bond 0 1 0.9:1.3:0.1' or 'basis_set=sto-3g,6-31g')`, { field: '--scan' });

function numberList(text: string, spec: string): number[] {
  const range = /^([^:]+):([^:]+):([^:]+)$/.exec(spec);
  if (range !== null) {
    const [from, to, step] = range.slice(1).map(Number) as [number, number, number];
    if (![from, to, step].every(Number.isFinite) || step <= 0 || to < from) throw bad(text, `'${spec}' is not FROM:TO:STEP with FROM ≤ TO and STEP > 0`);
    const n = Math.floor((to - from) / step + 1e-3) + 1;
    if (n > 1000) throw bad(text, `${n} points; at most 1000`);
    return Array.from({ length: n }, (_, k) => Number((from + k * step).toPrecision(12)));
  }
  const values = spec.split(',').map((v) => Number(v));
  if (values.length === 0 || values.some((v) => !Number.isFinite(v))) throw bad(text, `'${spec}' is not a list of numbers`);
  return values;
}

function scalar(v: string): string | number | boolean {
  if (v === 'true' || v === 'false') return v === 'true';
  const n = Number(v);
  return v.trim() !== '' && Number.isFinite(n) ? n : v.trim();
}

/**
 * Parses one `--scan` text (see the module docs); a malformed one is an InvalidInputError naming it.
 *
 * @example
 * ```ts
 * parseScan('bond 0 1 0.6:0.9:0.1'); // { kind: 'bond', i: 0, j: 1, values: [0.6, 0.7, 0.8, 0.9] }
 * parseScan('basis=sto-3g,6-31g');   // { kind: 'parameter', key: 'basis_set', values: ['sto-3g', '6-31g'] }
 * ```
 */
export function parseScan(text: string): Scan {
  const t = text.trim();
  const bond = /^bond\s+(\d+)\s+(\d+)\s+(\S+)$/i.exec(t);
  if (bond !== null) {
    const [i, j] = [Number(bond[1]), Number(bond[2])];
    if (i === j) throw bad(text, 'the two atoms must differ');
    const values = numberList(text, bond[3]!);
    if (values.some((v) => v <= 0)) throw bad(text, 'bond lengths must be positive (ångström)');
    return { kind: 'bond', i, j, values };
  }
  const param = /^([a-z_.]+)\s*=\s*(.+)$/i.exec(t);
  if (param === null) throw bad(text, 'expected `bond I J VALUES` or `KEY=VALUES`');
  const key = param[1] === 'basis' ? 'basis_set' : param[1]!;
  if (!SCF_PARAMETER_TABLE.some((p) => p.key === key || p.key.split('.')[0] === key)) {
    throw bad(text, `unknown parameter '${param[1]}' (one of ${SCF_PARAMETER_TABLE.map((p) => p.key).join(', ')})`);
  }
  const values = param[2]!.split(',').map(scalar);
  if (values.some((v) => v === '')) throw bad(text, 'an empty value');
  return { kind: 'parameter', key, values };
}

function withBond(text: string, input: JobInput, molecule: geometry.Molecule, scan: Extract<Scan, { kind: 'bond' }>, angstrom: number): string {
  const n = molecule.atoms.length;
  if (scan.i >= n || scan.j >= n) throw bad(text, `atom ${Math.max(scan.i, scan.j)} does not exist (${input.filename ?? 'the geometry'} has ${n} atoms, numbered from 0)`);
  const a = molecule.atoms[scan.i]!.position;
  const b = molecule.atoms[scan.j]!.position;
  const d = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
  const r = Math.hypot(d[0]!, d[1]!, d[2]!);
  const target = angstrom / BOHR_IN_ANGSTROM; // bohr
  const atoms = molecule.atoms.map((atom, k) => {
    const p = k === scan.j ? [a[0] + (d[0]! * target) / r, a[1] + (d[1]! * target) / r, a[2] + (d[2]! * target) / r] : atom.position;
    return [atom.symbol, p[0]!, p[1]!, p[2]!] as const;
  });
  const moved = geometry.fromAtoms(atoms, { units: 'bohr', charge: molecule.charge, multiplicity: molecule.multiplicity });
  return moved.toXyz({ units: 'bohr', comment: `${molecule.formula} r(${scan.i},${scan.j}) = ${angstrom} angstrom` });
}

/**
 * The job inputs of a scan: one per point of the Cartesian product of the scans, in order (the
 * last scan varies fastest), each named after its point (`water.xyz r(0,1)=0.9 basis_set=sto-3g`).
 * A bond scan rewrites the geometry as XYZ in bohr, with the molecule's charge and multiplicity
 * carried into the parameters.
 *
 * @example
 * ```ts
 * scanInputs({ geometryText: h2, filename: 'h2.xyz', parameters: { basis_set: 'STO-3G' } }, [parseScan('bond 0 1 0.6:0.9:0.1')]).length; // 4
 * ```
 */
export function scanInputs(input: JobInput, scans: readonly Scan[], texts: readonly string[] = scans.map(() => 'scan')): JobInput[] {
  let points: JobInput[] = [{ ...input, name: input.name ?? (input.filename ?? 'job').replace(/^.*[\\/]/, '') }];
  scans.forEach((scan, s) => {
    const next: JobInput[] = [];
    for (const p of points) {
      for (const value of scan.values as ReadonlyArray<string | number | boolean>) {
        if (scan.kind === 'parameter') {
          const [top, sub] = scan.key.split('.') as [string, string | undefined];
          const base = (p.parameters ?? {}) as Record<string, unknown>;
          const parameters = sub === undefined ? { ...base, [top]: value } : { ...base, [top]: { ...((base[top] as object | undefined) ?? {}), [sub]: value } };
          next.push({ ...p, parameters, name: `${p.name} ${scan.key}=${String(value)}` });
        } else {
          const molecule = geometry.parse(p.geometryText, { filename: p.filename, format: p.format, units: p.units });
          const base = (p.parameters ?? {}) as Record<string, unknown>;
          const parameters = { charge: molecule.charge, multiplicity: molecule.multiplicity, ...base };
          const { format: _f, units: _u, ...rest } = p;
          next.push({ ...rest, geometryText: withBond(texts[s]!, p, molecule, scan, value as number), filename: (p.filename ?? 'scan').replace(/(\.[^.\\/]*)?$/, '.xyz'), parameters, name: `${p.name} r(${scan.i},${scan.j})=${value}` });
        }
      }
    }
    points = next;
  });
  return points;
}
