import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { counterpoiseSubsets, extractSubsets, parseZmatrix, fromAtoms } from '../../src/geometry';
import { expectInvalid } from './expect-invalid';

const TRIMER = parseZmatrix('0 2\nH 0 0 0\n--\n1 1\nLi 0 0 6\n--\nHe 0 6 0\nunits bohr\n');

test('extractSubsets keeps the real fragments, ghosts the ghost ones and drops the rest, as Psi4', () => {
  const m = extractSubsets(TRIMER, 2, [1]);
  assert.equal(m.atoms.map((a) => [a.symbol, a.Z, a.ghost === true]), [['H', 0, true], ['Li', 3, false]]);
  assert.is(m.charge, 1);
  assert.is(m.multiplicity, 1);
  assert.equal(m.atoms[1]!.position, TRIMER.atoms[1]!.position);
  assert.equal(m.fragments!.map((f) => [f.atoms, f.charge, f.multiplicity]), [[[0], 0, 1], [[1], 1, 1]]);
  const two = extractSubsets(TRIMER, [1, 3]);
  assert.equal(two.atoms.map((a) => a.symbol), ['H', 'He']);
  assert.is(two.multiplicity, 2);
  assert.is(two.nuclearRepulsionEnergy(), 2 / 6);
});

test('counterpoiseSubsets gives the complex, each monomer, and each monomer in the complex basis', () => {
  const cp = counterpoiseSubsets(TRIMER);
  assert.is(cp.complex, TRIMER);
  assert.equal(cp.monomers.map((m) => m.formula), ['H', 'Li', 'He']);
  assert.equal(cp.monomersInComplexBasis.map((m) => m.formula), ['H + Gh(HeLi)', 'Li + Gh(HHe)', 'He + Gh(HLi)']);
  for (const m of cp.monomersInComplexBasis) assert.is(m.atoms.length, 3);
  assert.equal(cp.monomersInComplexBasis.map((m) => [m.charge, m.multiplicity]), [[0, 2], [1, 1], [0, 1]]);
});

test('bad fragment numbers and molecules without fragments are refused', () => {
  expectInvalid(() => extractSubsets(TRIMER, 4), ['fragment 4 does not exist', '1 to 3']);
  expectInvalid(() => extractSubsets(TRIMER, 0), ['fragment 0 does not exist']);
  expectInvalid(() => extractSubsets(TRIMER, 1, 1), ['both real and ghost']);
  expectInvalid(() => extractSubsets(TRIMER, []), ['at least one fragment must be real']);
  expectInvalid(() => extractSubsets(fromAtoms([['He', 0, 0, 0]]), 1), ['no fragments']);
  expectInvalid(() => counterpoiseSubsets(fromAtoms([['He', 0, 0, 0]])), ['at least two fragments']);
});

test.run();
