/**
 * The Molden writer, read back by an independent reader written from the Molden format's
 * documentation: the basis is rebuilt from [GTO] alone (p always Cartesian x, y, z; d, f, g
 * spherical where flagged, else Cartesian in Molden's order with unit-normalised functions), the
 * orbitals from [MO] alone; the project's integrals on the rebuilt basis then must give CᵀSC = I
 * and the job's energy. A wrong function order or normalisation breaks both.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { basisFromShells, normalizeContraction, type PlacedShell } from '../../src/basis';
import * as geometry from '../../src/geometry';
import * as integrals from '../../src/integrals';
import { formatMolden } from '../../src/io';
import type { Matrix } from '../../src/linalg';
import * as scf from '../../src/scf';

const WATER = fs.readFileSync(path.resolve(__dirname, '../reference/geometries/h2o_crawford.xyz'), 'utf8');
const OH = fs.readFileSync(path.resolve(__dirname, '../reference/geometries/oh.xyz'), 'utf8');
/**
 * The file carries 15 significant digits; the rebuilt S and H agree with the job's to rounding,
 * so CᵀSC − I and the energy differ from the job's by ~1e-13 (measured below); 1e-8 is the
 * brief's bound, far below what a misplaced or misnormalised function does (≥ 1e-2).
 */
const TOLERANCE = 1e-8;

/** Molden's Cartesian order, copied from the format's documentation (not from src/io/molden.ts). */
const CARTESIAN: Record<string, string[]> = {
  d: ['xx', 'yy', 'zz', 'xy', 'xz', 'yz'],
  f: ['xxx', 'yyy', 'zzz', 'xyy', 'xxy', 'xxz', 'xzz', 'yzz', 'yyz', 'xyz'],
  g: ['xxxx', 'yyyy', 'zzzz', 'xxxy', 'xxxz', 'yyyx', 'yyyz', 'zzzx', 'zzzy', 'xxyy', 'xxzz', 'yyzz', 'xxyz', 'yyxz', 'zzxy'],
  p: ['x', 'y', 'z'],
  s: [''],
};
const LS: Record<string, number> = { s: 0, p: 1, d: 2, f: 3, g: 4 };

interface Parsed {
  atoms: { Z: number; position: [number, number, number] }[];
  shells: { atom: number; label: string; exponents: number[]; coefficients: number[] }[];
  flags: Set<string>;
  mos: { energy: number; spin: string; occupation: number; coefficients: number[] }[];
}

function parseMolden(text: string): Parsed {
  const out: Parsed = { atoms: [], shells: [], flags: new Set(), mos: [] };
  let section = '';
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const head = /^\[(\w+)\]/.exec(line);
    if (head !== null) {
      section = head[1]!.toUpperCase();
      if (/^(5D|5D7F|5D10F|7F|9G)$/.test(section)) out.flags.add(section);
      continue;
    }
    if (line === '') continue;
    const f = line.split(/\s+/);
    if (section === 'ATOMS') out.atoms.push({ Z: Number(f[2]), position: [Number(f[3]), Number(f[4]), Number(f[5])] });
    else if (section === 'GTO') {
      const atom = Number(f[0]) - 1;
      for (i++; i < lines.length && lines[i]!.trim() !== ''; ) {
        const [label, nprim] = lines[i]!.trim().split(/\s+/) as [string, string];
        const shell = { atom, label: label.toLowerCase(), exponents: [] as number[], coefficients: [] as number[] };
        for (let k = 0; k < Number(nprim); k++) {
          const [a, c] = lines[++i]!.trim().split(/\s+/).map(Number) as [number, number];
          shell.exponents.push(a);
          shell.coefficients.push(c);
        }
        out.shells.push(shell);
        i++;
      }
    } else if (section === 'MO') {
      const kv = /^(\w+)=\s*(\S+)/.exec(line);
      if (kv !== null) {
        if (kv[1] === 'Sym') out.mos.push({ energy: NaN, spin: '', occupation: NaN, coefficients: [] });
        const mo = out.mos[out.mos.length - 1]!;
        if (kv[1] === 'Ene') mo.energy = Number(kv[2]);
        if (kv[1] === 'Spin') mo.spin = kv[2]!;
        if (kv[1] === 'Occup') mo.occupation = Number(kv[2]);
      } else out.mos[out.mos.length - 1]!.coefficients[Number(f[0]) - 1] = Number(f[1]);
    }
  }
  return out;
}

const df = (n: number): number => (n <= 1 ? 1 : n * df(n - 2));

/** The basis and the orbitals (in that basis' order and normalisation) of a parsed file. */
function rebuild(p: Parsed): { basis: ReturnType<typeof basisFromShells>; C: Matrix[]; occupations: Float64Array[]; energies: Float64Array[] } {
  const pure = (label: string): boolean => (label === 'd' && [...p.flags].some((f) => f.startsWith('5D'))) || (label === 'f' && (p.flags.has('5D') || p.flags.has('5D7F') || p.flags.has('7F'))) || (label === 'g' && p.flags.has('9G'));
  const placed: PlacedShell[] = p.shells.map((s) => ({
    atom: s.atom, center: p.atoms[s.atom]!.position, L: LS[s.label]!, pure: pure(s.label), exponents: s.exponents, coefficients: normalizeContraction(s.exponents, s.coefficients, LS[s.label]!),
  }));
  const basis = basisFromShells('from molden', placed);
  // Molden function k → (function of the rebuilt basis, factor from Molden's normalisation to roothaan's).
  const map: { index: number; factor: number }[] = [];
  p.shells.forEach((s, shell) => {
    const L = LS[s.label]!;
    const f0 = basis.shellFirstFunction[shell]!;
    if (placed[shell]!.pure) for (let m = 0; m < 2 * L + 1; m++) map.push({ index: f0 + m, factor: 1 });
    else {
      for (const comp of CARTESIAN[s.label]!) {
        const [x, y, z] = ['x', 'y', 'z'].map((c) => comp.split('').filter((ch) => ch === c).length) as [number, number, number];
        // roothaan's Cartesian order is lexicographic (index (ly+lz)(ly+lz+1)/2 + lz), normalised as x^L:
        // a unit-normalised Molden function is roothaan's divided by √(self-overlap).
        map.push({ index: f0 + ((y + z) * (y + z + 1)) / 2 + z, factor: 1 / Math.sqrt((df(2 * x - 1) * df(2 * y - 1) * df(2 * z - 1)) / df(2 * L - 1)) });
      }
    }
  });
  assert.is(map.length, basis.nbf);
  const spins = [...new Set(p.mos.map((m) => m.spin))];
  const C: Matrix[] = [], occupations: Float64Array[] = [], energies: Float64Array[] = [];
  for (const spin of spins) {
    const mos = p.mos.filter((m) => m.spin === spin);
    const c: Matrix = { rows: basis.nbf, cols: mos.length, data: new Float64Array(basis.nbf * mos.length) };
    mos.forEach((mo, q) => map.forEach(({ index, factor }, k) => { c.data[index * mos.length + q] = mo.coefficients[k]! * factor; }));
    C.push(c);
    occupations.push(Float64Array.from(mos.map((m) => m.occupation)));
    energies.push(Float64Array.from(mos.map((m) => m.energy)));
  }
  return { basis, C, occupations, energies };
}

function orthonormality(C: Matrix, S: Matrix): number {
  const n = S.rows, m = C.cols;
  let worst = 0;
  for (let p = 0; p < m; p++) for (let q = 0; q < m; q++) {
    let v = 0;
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) v += C.data[a * m + p]! * S.data[a * n + b]! * C.data[b * m + q]!;
    worst = Math.max(worst, Math.abs(v - (p === q ? 1 : 0)));
  }
  return worst;
}

const CASES: { name: string; xyz: string; params: scf.ScfParameters; flags: string[] }[] = [
  { name: 'RHF water/6-31G* Cartesian (6d)', xyz: WATER, params: { basis_set: '6-31G*', puream: false }, flags: [] as string[] },
  { name: 'RHF water/6-31G* spherical (5d)', xyz: WATER, params: { basis_set: '6-31G*', puream: true }, flags: ['5D'] },
  { name: 'RHF water/cc-pVTZ spherical (5d, 7f)', xyz: WATER, params: { basis_set: 'cc-pVTZ' }, flags: ['5D7F'] },
  { name: 'RHF water/cc-pVTZ Cartesian (6d, 10f)', xyz: WATER, params: { basis_set: 'cc-pVTZ', puream: false }, flags: [] },
  { name: 'UHF OH/6-31G* spherical', xyz: OH, params: { basis_set: '6-31G*', puream: true, reference: 'uhf' }, flags: ['5D'] },
];

for (const c of CASES) {
  test(`a Molden file of ${c.name} read back gives orthonormal orbitals and the job's energy`, () => {
    const molecule = geometry.parse(c.xyz, { filename: 'mol.xyz' });
    const calc = scf.runCalculation(molecule, c.params, { threads: 1 });
    const r = calc.result;
    assert.ok(r.converged, c.name);
    const prepared = scf.prepareCalculation(molecule, c.params, { threads: 1 });
    const text = formatMolden({ atoms: molecule.atoms, basis: prepared.basis, coefficients: r.moCoefficients, energies: r.orbitalEnergies, occupations: r.occupations });
    prepared.dispose();
    const parsed = parseMolden(text);
    assert.equal([...parsed.flags], c.flags, c.name);
    const back = rebuild(parsed);
    const S = integrals.overlap(back.basis);
    const H = integrals.coreHamiltonian(back.basis, { atoms: parsed.atoms });
    const jk = integrals.createStoredJK(back.basis, { threads: 1 });
    const reference = back.C.length === 1 ? 'rhf' : 'uhf';
    const D = back.C.map((C, s) => scf.densityFromOrbitals(C, back.occupations[s]!));
    const F = scf.buildFock(reference, H, jk, D);
    jk.dispose?.();
    let enuc = 0;
    parsed.atoms.forEach((a, i) => parsed.atoms.slice(0, i).forEach((b) => { enuc += (a.Z * b.Z) / Math.hypot(a.position[0] - b.position[0], a.position[1] - b.position[1], a.position[2] - b.position[2]); }));
    const energy = scf.electronicEnergy(reference, H, D, F) + enuc;
    const ortho = Math.max(...back.C.map((C) => orthonormality(C, S)));
    console.log(`  ${c.name}: nbf ${back.basis.nbf}, |CᵀSC − I| = ${ortho.toExponential(1)}, |E − E_job| = ${Math.abs(energy - r.energy).toExponential(1)} Eh`);
    assert.ok(ortho < TOLERANCE, `${c.name}: |CᵀSC − I| = ${ortho}`);
    assert.ok(Math.abs(energy - r.energy) < TOLERANCE, `${c.name}: E = ${energy}, job ${r.energy}`);
    assert.equal(Array.from(back.energies[0]!), Array.from(r.orbitalEnergies[0]!).map((e) => Number(e.toExponential(14))), c.name);
  });
}

test('formatMolden refuses a shell above g and orbitals that do not fit the basis, in one line', () => {
  const one = basisFromShells('h', [{ atom: 0, center: [0, 0, 0], L: 5, pure: true, exponents: [1], coefficients: [1] }]);
  const atoms = [{ symbol: 'H', Z: 1, position: [0, 0, 0] as [number, number, number] }];
  assert.throws(() => formatMolden({ atoms, basis: one, coefficients: [{ rows: 11, cols: 1, data: new Float64Array(11) }], energies: [[0]], occupations: [[0]] }), /shell 1 has L = 5; the Molden format stops at g/);
  const s = basisFromShells('h', [{ atom: 0, center: [0, 0, 0], L: 0, pure: false, exponents: [1], coefficients: [1] }]);
  assert.throws(() => formatMolden({ atoms, basis: s, coefficients: [{ rows: 2, cols: 1, data: new Float64Array(2) }], energies: [[0]], occupations: [[0]] }), /MO coefficients have 2 rows, the basis 1 functions/);
});

test.run();
