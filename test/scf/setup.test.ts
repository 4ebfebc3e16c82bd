import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as scf from '../../src/scf';
import { load } from '../../src/basis';
import { fromAtoms } from '../../src/geometry';

const water = fromAtoms([['O', 0, -0.143225816552, 0], ['H', 1.638036840407, 1.136548822547, 0], ['H', -1.638036840407, 1.136548822547, 0]], { units: 'bohr' });

test('withChargeAndMultiplicity: a new charge picks the default multiplicity unless one is given', () => {
  assert.is(scf.withChargeAndMultiplicity(water, {}), water);
  const cation = scf.withChargeAndMultiplicity(water, { charge: 1 });
  assert.equal([cation.charge, cation.multiplicity, cation.nalpha, cation.nbeta], [1, 2, 5, 4]);
  const triplet = scf.withChargeAndMultiplicity(water, { multiplicity: 3 });
  assert.equal([triplet.charge, triplet.multiplicity], [0, 3]);
  const dication = scf.withChargeAndMultiplicity(water, { charge: 2, multiplicity: 3 });
  assert.equal([dication.charge, dication.multiplicity], [2, 3]);
});

test('chooseJK stores the ERIs when they fit, on one thread below 60 basis functions', () => {
  const basis = load('cc-pVDZ', water);
  const { jk, eriOptions } = scf.chooseJK(basis, {});
  assert.is(jk.kind, 'stored');
  assert.is(eriOptions.threads, 1);
  jk.dispose?.();
});

test('chooseJK goes integral-direct when the store would exceed maxStoredBytes, and honours threads', () => {
  const basis = load('cc-pVDZ', water);
  const { jk, eriOptions } = scf.chooseJK(basis, { maxStoredBytes: 1024, threads: 2 });
  assert.is(jk.kind, 'direct');
  assert.is(eriOptions.threads, 2);
  jk.dispose?.();
});

test.run();
