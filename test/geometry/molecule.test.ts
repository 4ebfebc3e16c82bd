import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fromAtoms, Molecule, parseXyz } from '../../src/geometry';
import { BOHR_IN_ANGSTROM } from '../../src/constants';
import { toArray } from '../../src/linalg';
import { expectInvalid } from './expect-invalid';

const reference = path.resolve(__dirname, '../reference');
const cases: { name: string; atoms_bohr: [string, number, number, number][] }[] = JSON.parse(
  fs.readFileSync(path.join(reference, 'public-cases.json'), 'utf8'),
);
const atomsOf = (name: string) => cases.find((c) => c.name === name)!.atoms_bohr;

test('H2 at 1.4 bohr has nuclear repulsion 1/1.4 Eh and distance 1.4 bohr', () => {
  const h2 = fromAtoms([['H', 0, 0, 0], ['H', 0, 0, 1.4]], { units: 'bohr' });
  assert.is(h2.distance(0, 1), 1.4);
  assert.ok(Math.abs(h2.nuclearRepulsionEnergy() - 1 / 1.4) < 1e-15);
});

test('fromAtoms reads ångström by default, like XYZ files', () => {
  const h2 = fromAtoms([['H', 0, 0, 0], ['H', 0, 0, BOHR_IN_ANGSTROM]]);
  assert.ok(Math.abs(h2.distance(0, 1) - 1) < 1e-15);
});

test('the distance matrix is symmetric with a zero diagonal and holds the pair distances', () => {
  // A 3-4-5 right triangle in bohr.
  const m = fromAtoms([['He', 0, 0, 0], ['He', 3, 0, 0], ['He', 3, 4, 0]], { units: 'bohr' });
  assert.equal(toArray(m.distanceMatrix()), [
    [0, 3, 5],
    [3, 0, 4],
    [5, 4, 0],
  ]);
});

test('distance refuses an atom index out of range', () => {
  const h2 = fromAtoms([['H', 0, 0, 0], ['H', 0, 0, 1.4]], { units: 'bohr' });
  assert.throws(() => h2.distance(0, 2), /0 to 1/);
});

test('the centre of mass of a homonuclear diatomic is its midpoint', () => {
  const n2 = fromAtoms([['N', 1, 2, 3], ['N', 1, 2, 5.1]], { units: 'bohr' });
  assert.equal(n2.centerOfMass(), [1, 2, 4.05]);
});

test('the centre of mass uses most-abundant-isotope masses and matches Psi4', () => {
  // Psi4 1.3.2 Molecule.center_of_mass() on these atoms_bohr (symmetry c1, no_com, no_reorient).
  const expected: Record<string, [number, number, number]> = {
    ethanol_631gs: [4.118846757690599, -0.6764406209917527, -0.4865234934017904],
    h2s_321g: [1.9757774907576229, -0.10462138646555039, -0.039433100060424504],
    h2o_ccpvdz: [0.08817862392251091, 0.11286349182797249, 0.0],
  };
  for (const [name, com] of Object.entries(expected)) {
    const got = fromAtoms(atomsOf(name), { units: 'bohr' }).centerOfMass();
    for (let k = 0; k < 3; k++) assert.ok(Math.abs(got[k]! - com[k]!) < 1e-12, `${name}[${k}]: ${got[k]} vs ${com[k]}`);
  }
});

test('electron count, nalpha and nbeta follow the charge and multiplicity', () => {
  const o2 = fromAtoms([['O', 0, 0, 0], ['O', 0, 0, 1.208]], { multiplicity: 3 });
  assert.is(o2.electronCount, 16);
  assert.is(o2.nalpha, 9);
  assert.is(o2.nbeta, 7);
  const ohMinus = fromAtoms([['O', 0, 0, 0], ['H', 0, 0, 0.964]], { charge: -1 });
  assert.is(ohMinus.electronCount, 10);
  assert.is(ohMinus.multiplicity, 1);
  assert.is(ohMinus.nalpha, 5);
});

test('the formula is in Hill order: C, H, then alphabetical; without carbon all alphabetical', () => {
  assert.is(fromAtoms([['O', 0, 0, 0], ['H', 0, 0, 1], ['H', 0, 1, 0]]).formula, 'H2O');
  assert.is(fromAtoms([['H', 0, 0, 0], ['C', 0, 0, 1.1], ['Cl', 0, 0, 2.9], ['H', 1, 0, 0]]).formula, 'CH2Cl');
  assert.is(fromAtoms([['S', 0, 0, 0], ['O', 0, 0, 1.5], ['O', 0, 1.5, 0], ['H', 1.5, 0, 0]]).formula, 'HO2S');
  assert.is(fromAtoms([['Na', 0, 0, 0], ['Cl', 0, 0, 2.4]]).formula, 'ClNa');
});

test('the nuclear repulsion energy does not change under rotation and translation', () => {
  const atoms = atomsOf('ethanol_631gs');
  const e0 = fromAtoms(atoms, { units: 'bohr' }).nuclearRepulsionEnergy();
  const c = Math.cos(0.7);
  const s = Math.sin(0.7);
  const moved = atoms.map(([sym, x, y, z]) => [sym, c * x - s * y + 3, s * x + c * y - 2, z + 1] as [string, number, number, number]);
  const e1 = fromAtoms(moved, { units: 'bohr' }).nuclearRepulsionEnergy();
  assert.ok(Math.abs(e1 - e0) < 1e-12 * e0);
});

test('toXyz in ångström reads back to the same positions within 1e-10 bohr', () => {
  for (const c of cases) {
    const molecule = fromAtoms(c.atoms_bohr, { units: 'bohr' });
    const back = parseXyz(molecule.toXyz());
    assert.is(back.atoms.length, molecule.atoms.length);
    molecule.atoms.forEach((a, i) => {
      assert.is(back.atoms[i]!.symbol, a.symbol);
      for (let k = 0; k < 3; k++) assert.ok(Math.abs(back.atoms[i]!.position[k]! - a.position[k]!) < 1e-10);
    });
  }
});

test('toXyz in bohr says units=bohr and reads back exactly to 12 decimals', () => {
  const molecule = fromAtoms(atomsOf('h2o_sto3g'), { units: 'bohr' });
  const text = molecule.toXyz({ units: 'bohr', comment: 'water' });
  assert.ok(text.split('\n')[1]!.startsWith('units=bohr'));
  const back = parseXyz(text);
  molecule.atoms.forEach((a, i) => {
    for (let k = 0; k < 3; k++) assert.ok(Math.abs(back.atoms[i]!.position[k]! - a.position[k]!) < 1e-12);
  });
});

test('toXyz keeps ångström output in ångström even if the comment mentions bohr units', () => {
  const h2 = fromAtoms([['H', 0, 0, 0], ['H', 0, 0, 0.74]]);
  const text = h2.toXyz({ comment: 'was units=bohr once\nsecond line' });
  assert.is(text.split('\n').length, 5); // count, comment, 2 atoms, final newline
  assert.ok(Math.abs(parseXyz(text).distance(0, 1) * BOHR_IN_ANGSTROM - 0.74) < 1e-12);
});

test('toXyz writes the count, the comment and one line per atom', () => {
  const lines = fromAtoms([['H', 0, 0, 0], ['H', 0, 0, 0.74]]).toXyz().split('\n');
  assert.is(lines[0], '2');
  assert.is(lines[1], 'H2');
  assert.match(lines[3]!, /^H\s+0\.000000000000\s+0\.000000000000\s+0\.740000000000$/);
});

test('a Molecule is frozen: atoms and positions cannot be changed', () => {
  const h2 = fromAtoms([['H', 0, 0, 0], ['H', 0, 0, 0.74]]);
  assert.ok(Object.isFrozen(h2));
  assert.ok(Object.isFrozen(h2.atoms));
  assert.ok(Object.isFrozen(h2.atoms[0]!.position));
});

test('the Molecule constructor checks like the parsers do', () => {
  const H = { symbol: 'H', Z: 1, mass: 1.00782503223 };
  expectInvalid(() => new Molecule({ atoms: [] }), ['<input>', 'at least one atom']);
  expectInvalid(
    () => new Molecule({ atoms: [{ ...H, position: [0, 0, 0] }, { ...H, position: [0, 0, 0.1] }] }),
    ['<input>', 'position', 'atom 1 (H)', 'atom 2 (H)', '0.1 Å'],
  );
  expectInvalid(() => new Molecule({ atoms: [{ ...H, position: [0, 0, 0] }], multiplicity: 1 }), ['multiplicity', '1 electrons']);
  expectInvalid(() => new Molecule({ atoms: [{ ...H, position: [0, 0, Number.NaN] }] }), ['position', 'non-finite']);
});

test('fromAtoms names the entry and field of a bad symbol or coordinate', () => {
  expectInvalid(() => fromAtoms([['H', 0, 0, 0], ['Qq', 0, 0, 1]]), ['<input>', 'atoms[1] symbol', "unknown element 'Qq'"]);
  expectInvalid(() => fromAtoms([['H', 0, 0, 0], ['H', 0, Infinity, 1]]), ['atoms[1] y coordinate']);
});

test.run();
