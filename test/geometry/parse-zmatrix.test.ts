import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseZmatrix, TETRAHEDRAL_ANGLE_DEGREES } from '../../src/geometry';
import type { Molecule } from '../../src/geometry';
import { ANGSTROM_IN_BOHR, BOHR_IN_ANGSTROM } from '../../src/constants';
import { expectInvalid } from './expect-invalid';

type V = readonly [number, number, number];
const sub = (a: V, b: V): V => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: V, b: V): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: V, b: V): V => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const norm = (a: V): number => Math.hypot(a[0], a[1], a[2]);
const DEG = 180 / Math.PI;

/** Angle i–j–k in degrees. */
function angle(m: Molecule, i: number, j: number, k: number): number {
  const a = sub(m.atoms[i]!.position, m.atoms[j]!.position);
  const b = sub(m.atoms[k]!.position, m.atoms[j]!.position);
  return Math.acos(dot(a, b) / (norm(a) * norm(b))) * DEG;
}

/** Dihedral i–j–k–l in degrees, IUPAC sign convention (Blondel & Karplus, J. Comput. Chem. 17, 1132 (1996)). */
function dihedral(m: Molecule, i: number, j: number, k: number, l: number): number {
  const p = [i, j, k, l].map((n) => m.atoms[n]!.position);
  const b1 = sub(p[1]!, p[0]!);
  const b2 = sub(p[2]!, p[1]!);
  const b3 = sub(p[3]!, p[2]!);
  return Math.atan2(norm(b2) * dot(b1, cross(b2, b3)), dot(cross(b1, b2), cross(b2, b3))) * DEG;
}

const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) < tol, `${what}: ${a} vs ${b}`);

const PSI4_WATER = '0 1\nO\nH 1 r\nH 1 r 2 a\nr = 0.96\na = 104.5\n';

test('the Psi4 water Z-matrix gives the bond lengths and angle it asks for', () => {
  const m = parseZmatrix(PSI4_WATER);
  assert.equal(m.atoms.map((a) => a.symbol), ['O', 'H', 'H']);
  close(m.distance(0, 1) * BOHR_IN_ANGSTROM, 0.96, 1e-14, 'r(OH1)');
  close(m.distance(0, 2) * BOHR_IN_ANGSTROM, 0.96, 1e-14, 'r(OH2)');
  close(angle(m, 1, 0, 2), 104.5, 1e-12, 'angle');
  assert.is(m.charge, 0);
  assert.is(m.multiplicity, 1);
  assert.is(m.source?.format, 'zmat');
});

test('the first atom sits at the origin, the second on +z, the third in the xz plane', () => {
  const m = parseZmatrix(PSI4_WATER);
  assert.equal([...m.atoms[0]!.position], [0, 0, 0]);
  assert.equal([...m.atoms[1]!.position], [0, 0, 0.96 * ANGSTROM_IN_BOHR]);
  assert.is(m.atoms[2]!.position[1], 0);
  assert.ok(m.atoms[2]!.position[0] > 0);
});

test('the Psi4 water Z-matrix has the nuclear repulsion energy Psi4 gives it', () => {
  // Psi4 1.3.2, molecule.nuclear_repulsion_energy() for the same Z-matrix.
  close(parseZmatrix(PSI4_WATER).nuclearRepulsionEnergy(), 9.168193296424349, 1e-10, 'E_nn');
});

test('Gaussian style, with variables after a blank line, gives the same molecule', () => {
  const gaussian = parseZmatrix('O\nH 1 r\nH 1 r 2 a\n\nr 0.96\na 104.5\n');
  const psi4 = parseZmatrix(PSI4_WATER);
  gaussian.atoms.forEach((a, i) => assert.equal(a.position, psi4.atoms[i]!.position));
  const headed = parseZmatrix('O\nH,1,r\nH,1,r,2,a\nVariables:\nr 0.96\na 104.5\n');
  headed.atoms.forEach((a, i) => assert.equal(a.position, psi4.atoms[i]!.position));
});

test('dihedrals follow the IUPAC sign convention, as in Psi4', () => {
  const m = parseZmatrix('C\nH 1 1.09\nH 1 1.09 2 109.4712\nH 1 1.09 2 109.4712 3 120\nH 1 1.09 2 109.4712 3 -120\n');
  close(dihedral(m, 3, 0, 1, 2), 120, 1e-10, 'dihedral 4-1-2-3');
  close(dihedral(m, 4, 0, 1, 2), -120, 1e-10, 'dihedral 5-1-2-3');
  for (let i = 1; i < 5; i++) close(m.distance(0, i) * BOHR_IN_ANGSTROM, 1.09, 1e-13, `r(C-H${i})`);
  for (const [i, j] of [[1, 2], [1, 3], [1, 4], [2, 3], [3, 4]] as const) close(angle(m, i, 0, j), 109.4712, 1e-4, `angle ${i}-C-${j}`);
  // Psi4 1.3.2 nuclear_repulsion_energy() for the same Z-matrix.
  close(m.nuclearRepulsionEnergy(), 13.435389248216767, 1e-10, 'E_nn');
});

test('a negated variable flips the dihedral', () => {
  const m = parseZmatrix('C\nO 1 1.4\nH 1 1.1 2 109\nH 2 0.96 1 108 3 d\nd = 60\n');
  const n = parseZmatrix('C\nO 1 1.4\nH 1 1.1 2 109\nH 2 0.96 1 108 3 -d\nd = 60\n');
  close(dihedral(m, 3, 1, 0, 2), 60, 1e-10, 'd');
  close(dihedral(n, 3, 1, 0, 2), -60, 1e-10, '-d');
});

test('dummy atoms X help the construction and are dropped', () => {
  const m = parseZmatrix('X\nO 1 1.0\nH 2 0.96 1 90.0\nH 2 0.96 1 90.0 3 180.0\n');
  assert.equal(m.atoms.map((a) => a.symbol), ['O', 'H', 'H']);
  close(angle(m, 1, 0, 2), 180, 1e-10, 'linear H-O-H');
  // Psi4 1.3.2 nuclear_repulsion_energy() for the same Z-matrix.
  close(m.nuclearRepulsionEnergy(), 9.095233308390625, 1e-10, 'E_nn');
});

test('units bohr lines, Cartesian lines, labels and comments are understood', () => {
  const m = parseZmatrix('# water in bohr\nunits bohr\nO 0 0 0\nH1 1 1.8 ! an O-H bond\nH2 O 1.8 H1 104.5\nsymmetry c1\nno_reorient\nno_com\n');
  close(m.distance(0, 1), 1.8, 1e-14, 'r in bohr');
  close(m.distance(0, 2), 1.8, 1e-14, 'r in bohr');
  close(angle(m, 1, 0, 2), 104.5, 1e-12, 'angle');
  assert.equal(m.atoms.map((a) => a.symbol), ['O', 'H', 'H']);
});

test('the units option overrides a units line', () => {
  const m = parseZmatrix('units bohr\nH\nH 1 0.74\n', { units: 'angstrom' });
  close(m.distance(0, 1), 0.74 * ANGSTROM_IN_BOHR, 1e-14, 'r');
});

test('a charge multiplicity line sets the state, and options override it', () => {
  const oh = parseZmatrix('-1 1\nO\nH 1 0.964\n');
  assert.is(oh.charge, -1);
  assert.is(oh.electronCount, 10);
  const triplet = parseZmatrix('0 3\nO\nO 1 1.208\n');
  assert.is(triplet.multiplicity, 3);
  assert.is(parseZmatrix('0 3\nO\nO 1 1.208\n', { multiplicity: 1 }).multiplicity, 1);
});

test('an impossible charge line names its line and field', () => {
  expectInvalid(() => parseZmatrix('0 1\nO\nH 1 0.97\n', { filename: 'oh.zmat' }), ['oh.zmat:1', '(multiplicity)', '9 electrons']);
  expectInvalid(() => parseZmatrix('12 1\nO\nH 1 0.97\n', { filename: 'oh.zmat' }), ['oh.zmat:1', '(charge)']);
});

test('Z-matrix mistakes name the file, line and field', () => {
  const f = { filename: 'w.zmat' };
  expectInvalid(() => parseZmatrix('O\nH 1 r\n', f), ['w.zmat:2', '(bond length)', "'r'", "'r = value'"]);
  expectInvalid(() => parseZmatrix('O\nH 2 0.96\n', f), ['w.zmat:2', '(bond reference)', 'not defined yet']);
  expectInvalid(() => parseZmatrix('O\nH 1 -0.96\n', f), ['w.zmat:2', '(bond length)', 'positive']);
  expectInvalid(() => parseZmatrix('O\nH 1 0.96\nH 1 0.96 2 200\n', f), ['w.zmat:3', '(angle)', '180']);
  expectInvalid(() => parseZmatrix('O\nH 1 0.96\nH 1 0.96 1 100\n', f), ['w.zmat:3', '(angle reference)', 'different']);
  expectInvalid(() => parseZmatrix('O\nQq 1 0.96\n', f), ['w.zmat:2', '(element)', "unknown element 'Qq'"]);
  expectInvalid(() => parseZmatrix('O\nH 1\n', f), ['w.zmat:2', '(z-matrix line)', '2 fields']);
  expectInvalid(() => parseZmatrix('O\nH\n', f), ['w.zmat:2', '(bond reference)']);
  expectInvalid(() => parseZmatrix('O\nH 1 r\nr = 1\nr = 2\n', f), ['w.zmat:4', '(variable)', 'twice']);
  expectInvalid(() => parseZmatrix('units parsec\nO\n', f), ['w.zmat:1', '(units)']);
  expectInvalid(() => parseZmatrix('O\nH 1 0.96\nH 1 nan\n', f), ['w.zmat:3', '(bond length)']);
});

test('a dihedral about three atoms in a line is refused', () => {
  expectInvalid(
    () => parseZmatrix('C\nO 1 1.16\nO 1 1.16 2 180\nH 2 1.0 1 90 3 0\n', { filename: 'co2.zmat' }),
    ['co2.zmat:4', '(dihedral reference)', 'one line'],
  );
});

test('two atoms placed on top of each other are refused, naming both lines', () => {
  expectInvalid(() => parseZmatrix('O\nH 1 0.96\nH 1 0.96 2 0\n', { filename: 'w.zmat' }), ['w.zmat:3', 'line 2', 'line 3', '0.1 Å']);
});

test('TDA is the tetrahedral angle acos(−1/3) = 109.4712206…°, as in Psi4', () => {
  assert.ok(Math.abs(TETRAHEDRAL_ANGLE_DEGREES - 109.47122063449069) < 1e-12);
  const m = parseZmatrix('C\nH 1 1.09\nH 1 1.09 2 TDA\nH 1 1.09 2 tda 3 120\nH 1 1.09 2 TDA 3 -120\n');
  for (const [i, j] of [[1, 2], [1, 3], [1, 4], [2, 3], [2, 4], [3, 4]] as const) close(angle(m, i, 0, j), 109.47122063449069, 1e-9, `∠${i}C${j}`);
});

test('a units line inside a Z-matrix sets the length units, and the option wins over it', () => {
  const bohr = parseZmatrix('units bohr\nH\nH 1 1.4\n');
  close(bohr.distance(0, 1), 1.4, 1e-15, 'bohr');
  const ang = parseZmatrix('H\nH 1 0.74\nunits angstrom\n');
  close(ang.distance(0, 1) * BOHR_IN_ANGSTROM, 0.74, 1e-14, 'angstrom');
  close(parseZmatrix('units bohr\nH\nH 1 1.4\n', { units: 'angstrom' }).distance(0, 1) * BOHR_IN_ANGSTROM, 1.4, 1e-14, 'option');
  expectInvalid(() => parseZmatrix('units parsec\nH\nH 1 1\n', { filename: 'h2.zmat' }), ['h2.zmat:1', 'units']);
});

test('symmetry c1, no_com and no_reorient are accepted and reported once each in source.warnings', () => {
  const m = parseZmatrix('symmetry c1\nno_com\nnoreorient\nH\nH 1 0.74\nnocom\nno_reorient\n', { filename: 'h2.zmat' });
  assert.equal(m.source?.warnings, [
    "h2.zmat:1: 'symmetry c1' ignored: roothaan runs without symmetry (c1)",
    "h2.zmat:2: 'no_com' ignored: roothaan never moves or reorients the nuclei",
    "h2.zmat:3: 'noreorient' ignored: roothaan never moves or reorients the nuclei",
    "h2.zmat:6: 'nocom' ignored: roothaan never moves or reorients the nuclei",
    "h2.zmat:7: 'no_reorient' ignored: roothaan never moves or reorients the nuclei",
  ]);
  assert.is(parseZmatrix('H\nH 1 0.74\n').source?.warnings, undefined);
});

test('an unknown directive is refused with its file and line', () => {
  expectInvalid(() => parseZmatrix('H\nH 1 0.74\npubchem:water\n', { filename: 'h2.zmat' }), ['h2.zmat:3', 'directive', 'pubchem:water']);
  expectInvalid(() => parseZmatrix('reorient\nH\nH 1 0.74\n', { filename: 'h2.zmat' }), ['h2.zmat:1', 'neither an atom nor a directive']);
});

test('ghost and isotope labels work in Z-matrix lines, and dummies are still dropped', () => {
  const m = parseZmatrix('O\nX 1 1.0\nGh(H) 1 0.96 2 90\nH@2.014101778 1 0.96 3 104.5 2 180\n');
  assert.equal(m.atoms.map((a) => [a.symbol, a.Z, a.ghost === true]), [['O', 8, false], ['H', 0, true], ['H', 1, false]]);
  assert.is(m.atoms[2]!.mass, 2.014101778);
  assert.is(m.electronCount, 9);
});

test.run();
