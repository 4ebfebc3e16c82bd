import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fromAtoms, parseZmatrix, withGhostAtoms, Molecule } from '../../src/geometry';
import { expectInvalid } from './expect-invalid';

// Water at 0.96 Å / 104.5°, in bohr by the parser.
const WATER = parseZmatrix('O\nH 1 0.96\nH 1 0.96 2 104.5\n');

test('a ghost atom adds nothing to the nuclear repulsion or the electron count', () => {
  const g = withGhostAtoms(WATER, [2]);
  assert.equal(g.atoms.map((a) => a.Z), [8, 1, 0]);
  assert.ok(g.atoms[2]!.ghost);
  assert.is(g.atoms[2]!.symbol, 'H');
  assert.equal(g.atoms[2]!.position, WATER.atoms[2]!.position);
  // OH alone: only the O–H1 pair repels.
  assert.ok(Math.abs(g.nuclearRepulsionEnergy() - 8 / WATER.distance(0, 1)) < 1e-14);
  assert.is(g.electronCount, 9);
  assert.is(g.multiplicity, 2, 'the singlet cannot stay: 9 electrons take the default doublet');
  assert.is(g.formula, 'HO + Gh(H)');
  assert.is(g.ghostCount, 1);
});

test('ghost atoms carry no mass in the centre of mass', () => {
  const g = withGhostAtoms(WATER, [1, 2]);
  assert.equal(g.centerOfMass(), [...WATER.atoms[0]!.position]);
});

test('an index out of range, or ghosting every atom, is refused naming the field', () => {
  expectInvalid(() => withGhostAtoms(WATER, [3], { field: 'ghost_atoms' }), ['ghost_atoms', 'out of range', '3 atoms']);
  expectInvalid(() => withGhostAtoms(WATER, [-1]), ['ghost', 'out of range']);
  expectInvalid(() => withGhostAtoms(WATER, [0, 1, 2]), ['all 3 atoms ghosts']);
});

test('the Molecule constructor stores a ghost with Z = 0 and refuses a ghost that is not an element', () => {
  const m = new Molecule({ atoms: [
    { symbol: 'He', Z: 2, mass: 4.00260325413, position: [0, 0, 0] },
    { symbol: 'He', Z: 2, mass: 4.00260325413, position: [0, 0, 3], ghost: true },
  ] });
  assert.is(m.atoms[1]!.Z, 0);
  assert.is(m.electronCount, 2);
  expectInvalid(() => new Molecule({ atoms: [
    { symbol: 'He', Z: 2, mass: 4, position: [0, 0, 0] },
    { symbol: 'Qq', Z: 2, mass: 4, position: [0, 0, 3], ghost: true },
  ] }), ['ghost atom 2', 'element symbol']);
  expectInvalid(() => new Molecule({ atoms: [{ symbol: 'He', Z: 2, mass: -4, position: [0, 0, 0] }] }), ['mass', 'finite positive']);
});

test('ghosting whole fragments keeps the charge and multiplicity of the real ones (Psi4 extract_subsets)', () => {
  // A cation–radical pair: Li+ (0 unpaired) and H (doublet).
  const m = parseZmatrix('1 1\nLi 0 0 0\n--\n0 2\nH 0 0 3\nunits bohr\n');
  assert.is(m.charge, 1);
  assert.is(m.multiplicity, 2);
  const a = withGhostAtoms(m, [1]);
  assert.is(a.charge, 1);
  assert.is(a.multiplicity, 1);
  assert.is(a.electronCount, 2);
  const b = withGhostAtoms(m, [0]);
  assert.is(b.charge, 0);
  assert.is(b.multiplicity, 2);
  assert.equal(b.fragments!.map((f) => [f.charge, f.multiplicity]), [[0, 1], [0, 2]]);
});

test('ghosting part of a fragment keeps the molecule charge and drops the fragments', () => {
  const m = parseZmatrix('He 0 0 0\nHe 0 0 3\n--\nHe 0 0 6\nunits bohr\n');
  const g = withGhostAtoms(m, [0]);
  assert.is(g.fragments, undefined);
  assert.is(g.electronCount, 4);
  assert.is(fromAtoms([['He', 0, 0, 0]]).fragments, undefined);
});

test.run();
