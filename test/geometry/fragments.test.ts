import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { highSpinMultiplicity, parse, parseZmatrix, Molecule, fromAtoms } from '../../src/geometry';
import { expectInvalid } from './expect-invalid';

test('fragments combine high-spin: M = 1 + Σ (M_i − 1)', () => {
  assert.is(highSpinMultiplicity([1, 1]), 1);
  assert.is(highSpinMultiplicity([2, 2]), 3);
  assert.is(highSpinMultiplicity([3, 2, 1]), 4);
});

test('a Psi4 geometry with -- separators keeps its fragments, each with its own charge and multiplicity', () => {
  const m = parseZmatrix('0 2\nH 0 0 0\n--\n0 2\nH 0 0 10\n--\n1 1\nLi 0 10 0\nunits bohr\n', { filename: 'three.psi4' });
  assert.equal(m.fragments!.map((f) => [f.atoms, f.charge, f.multiplicity]), [[[0], 0, 2], [[1], 0, 2], [[2], 1, 1]]);
  assert.is(m.charge, 1, 'the sum of the fragment charges');
  assert.is(m.multiplicity, 3, 'two parallel doublets and a singlet');
});

test('a fragment without a charge line is neutral with the default multiplicity for its electrons', () => {
  const m = parse('H 0 0 0\n--\nHe 0 0 5\n', { filename: 'x.psi4' });
  assert.is(m.source?.format, 'zmat');
  assert.equal(m.fragments!.map((f) => [f.charge, f.multiplicity]), [[0, 2], [0, 1]]);
  assert.is(m.multiplicity, 2);
});

test('the charge and multiplicity options override the fragments’ combination', () => {
  const m = parseZmatrix('0 2\nH 0 0 0\n--\n0 2\nH 0 0 10\n', { multiplicity: 1 });
  assert.is(m.multiplicity, 1);
  assert.equal(m.fragments!.map((f) => f.multiplicity), [2, 2]);
  const c = parseZmatrix('0 2\nH 0 0 0\n--\n0 2\nH 0 0 10\n', { charge: 1 });
  assert.is(c.charge, 1);
  assert.is(c.multiplicity, 2, 'a new charge takes the default multiplicity');
});

test('an impossible fragment charge line names its file and line', () => {
  expectInvalid(() => parseZmatrix('0 1\nH 0 0 0\n--\n0 1\nH 0 0 3\n', { filename: 'h2.psi4' }), ['h2.psi4:1', 'multiplicity', '1 electrons']);
  expectInvalid(() => parseZmatrix('H 0 0 0\n--\n0 5\nH 0 0 3\n', { filename: 'h2.psi4' }), ['h2.psi4:3', 'multiplicity']);
});

test('misplaced separators are refused with their line', () => {
  expectInvalid(() => parseZmatrix('--\nH 0 0 0\n', { filename: 'a.psi4' }), ['a.psi4:1', 'before any atom']);
  expectInvalid(() => parseZmatrix('H 0 0 0\n--\n--\nH 0 0 3\n', { filename: 'a.psi4' }), ['a.psi4:3', 'no atoms between']);
  expectInvalid(() => parseZmatrix('H 0 0 0\nH 0 0 1.4\n--\n', { filename: 'a.psi4' }), ['a.psi4:3', 'no atoms after it']);
});

test('the Molecule constructor checks fragments cover every atom once, in order', () => {
  const atoms = fromAtoms([['He', 0, 0, 0], ['He', 0, 0, 3]], { units: 'bohr' }).atoms;
  assert.is(new Molecule({ atoms, fragments: [{ atoms: [0] }, { atoms: [1] }] }).fragments!.length, 2);
  expectInvalid(() => new Molecule({ atoms, fragments: [{ atoms: [1] }, { atoms: [0] }] }), ['fragment 1', 'in order']);
  expectInvalid(() => new Molecule({ atoms, fragments: [{ atoms: [0] }] }), ['cover 1 of the 2 atoms']);
  expectInvalid(() => new Molecule({ atoms, fragments: [{ atoms: [0, 1] }, { atoms: [] }] }), ['fragment 2', 'at least one atom']);
});

test.run();
