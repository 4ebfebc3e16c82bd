import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createDirectJK } from '../../src/integrals/jk-direct';
import { overlap } from '../../src/integrals/overlap-kinetic';
import { energyLike, publicCase, randomSymmetric } from './eri-fixtures';

test('benzene / 6-31G*: tr(D(J − ½K)) with default Schwarz screening equals the unscreened value within 1e-10 Eh', () => {
  const { basis } = publicCase('benzene_631gs');
  const D = randomSymmetric(basis.nbf, 3);
  // A density-like matrix as well: random entries damped like the overlap |S_ij|.
  const S = overlap(basis);
  const Ds = { rows: D.rows, cols: D.cols, data: D.data.map((v, i) => v * Math.abs(S.data[i]!)) };
  const on = createDirectJK(basis, { threads: 2 });
  const off = createDirectJK(basis, { threads: 2, threshold: 0 });
  try {
    const a = on.computeJK([D, Ds]);
    const b = off.computeJK([D, Ds]);
    assert.ok(on.lastQuartets < off.lastQuartets, 'screening skipped nothing');
    const e1 = Math.abs(energyLike(D, a.J[0]!, a.K[0]!) - energyLike(D, b.J[0]!, b.K[0]!));
    const e2 = Math.abs(energyLike(Ds, a.J[1]!, a.K[1]!) - energyLike(Ds, b.J[1]!, b.K[1]!));
    // Measured: 2.5e-11 (random D, |D| up to 0.5 everywhere — harsher than a real density) and ~1e-14.
    assert.ok(e1 < 1e-10, `random density: |ΔE| = ${e1}`);
    assert.ok(e2 < 1e-10, `damped density: |ΔE| = ${e2}`);
  } finally {
    on.dispose();
    off.dispose();
  }
});

test.run();
