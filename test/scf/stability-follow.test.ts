import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as geometry from '../../src/geometry';
import * as scf from '../../src/scf';
import { uhfStability } from '../../src/scf/stability';
import { rotatedDensity } from '../../src/scf/stability-follow';

// OH stretched to 2.0 Å, UHF/6-31G* (Cartesian) from SAD: CDIIS converges to a saddle point
// (lowest orbital-Hessian eigenvalue −0.2821 Eh, not degenerate: the next is −0.0025 Eh). The two
// signs of its eigenvector lead to different solutions, and which sign the eigensolver returns
// follows its rounding: once the ERIs were summed in another order, following went to
// −75.2483 Eh instead of −75.2835 Eh (notebook 04). The step must not depend on that sign.
const oh = geometry.parse('2\nOH\nO 0 0 0\nH 0 0 2.0\n', { format: 'xyz', multiplicity: 2 });
const prepared = scf.prepareCalculation(oh, scf.parseScfParameters({ basis_set: '6-31G*', puream: false, reference: 'uhf', multiplicity: 2 }), { threads: 1 });
const nocc: [number, number] = [prepared.problem.nalpha, prepared.problem.nbeta];

test('the rotation along an instability is the same for either sign of its eigenvector', () => {
  const saddle = scf.run(prepared.problem, { reference: 'uhf', guess: 'sad' });
  const { analysis, lowestVector } = uhfStability(prepared.problem.jk, saddle, nocc);
  assert.ok(analysis.lowest < -0.28, `a saddle point: lowest eigenvalue ${analysis.lowest}`);
  const plus = rotatedDensity(prepared.problem, saddle, nocc, lowestVector, 0.5);
  const minus = rotatedDensity(prepared.problem, saddle, nocc, lowestVector.map((x) => -x), 0.5);
  for (let s = 0; s < 2; s++) assert.equal(Array.from(minus[s]!.data), Array.from(plus[s]!.data), `spin ${s}: the same density`);
});

test('following from the saddle point reaches the lower solution, the one SOSCF finds', () => {
  const followed = scf.run(prepared.problem, { reference: 'uhf', guess: 'sad', stabilityAnalysis: 'follow' });
  const soscf = scf.run(prepared.problem, { reference: 'uhf', guess: 'sad', soscf: true });
  assert.ok(followed.converged && soscf.converged);
  // Both converged to 1e-10 Eh (the defaults' energy threshold is tighter than 1e-8).
  assert.ok(Math.abs(followed.energy - soscf.energy) < 1e-8, `following ${followed.energy} vs SOSCF ${soscf.energy}`);
  assert.ok(followed.energy < -75.28, `the lower solution (−75.2835 Eh), got ${followed.energy}`);
});

test.run();
