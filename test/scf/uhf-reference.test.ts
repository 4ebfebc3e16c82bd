import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as scf from '../../src/scf';
import { congruence, identity, matmul, maxAbs, subtract, traceProduct } from '../../src/linalg';
import { InvalidInputError } from '../../src/errors';
import { publicCase, referenceMatrices, referenceProblem } from './reference-data';

/*
 * UHF on Psi4's water integrals. There is no reference energy for the ions and excited spin
 * states built here, so these tests check properties: UHF = RHF for the closed-shell singlet,
 * electron counts, orthonormality, the stationarity condition per spin, ⟨S²⟩ ≥ S(S+1), and the
 * ΔSCF ionisation energy against Koopmans' theorem.
 */

const cation = new Map<string, scf.ScfResult>();
function waterCation(name: string): scf.ScfResult {
  let r = cation.get(name);
  if (!r) {
    r = scf.run(referenceProblem(name, { nalpha: 5, nbeta: 4 }), { guess: 'core' });
    cation.set(name, r);
  }
  return r;
}

for (const name of ['h2o_sto3g', 'h2o_631gs', 'h2o_ccpvdz']) {
  test(`${name}: UHF on the neutral singlet equals RHF`, () => {
    const u = scf.run(referenceProblem(name), { reference: 'uhf', guess: 'core' });
    assert.is(u.reference, 'uhf');
    assert.ok(u.converged);
    assert.ok(Math.abs(u.energy - publicCase(name).energy) < 1e-8, `${u.energy}`);
    assert.ok(Math.abs(u.spin!.s2) < 1e-10, `⟨S²⟩ = ${u.spin!.s2}`);
    assert.ok(maxAbs(subtract(u.densities[0]!, u.densities[1]!)) < 1e-8, 'Dα = Dβ');
  });

  test(`${name}: the water cation doublet is a converged UHF state with ⟨S²⟩ ≥ 3/4`, () => {
    const r = waterCation(name);
    const { S } = referenceMatrices(name);
    assert.is(r.reference, 'uhf', 'nalpha ≠ nbeta selects UHF');
    assert.ok(r.converged);
    assert.is(r.spin!.s2Exact, 0.75);
    assert.ok(r.spin!.s2 >= 0.75 - 1e-12 && r.spin!.contamination < 0.05, `⟨S²⟩ = ${r.spin!.s2}`);
    assert.ok(Math.abs(traceProduct(r.densities[0]!, S) - 5) < 1e-12, 'tr(Dα S) = 5');
    assert.ok(Math.abs(traceProduct(r.densities[1]!, S) - 4) < 1e-12, 'tr(Dβ S) = 4');
    for (let s = 0; s < 2; s++) {
      const C = r.moCoefficients[s]!;
      assert.ok(maxAbs(subtract(congruence(S, C), identity(C.cols))) < 1e-12, `CᵀSC = I for spin ${s}`);
      const F = r.fock[s]!, D = r.densities[s]!;
      assert.ok(maxAbs(subtract(matmul(matmul(F, D), S), matmul(matmul(S, D), F))) < 1e-6, `FDS = SDF for spin ${s}`);
    }
    assert.equal(Array.from(r.occupations[0]!).slice(0, 6), [1, 1, 1, 1, 1, 0]);
    assert.equal(Array.from(r.occupations[1]!).slice(0, 5), [1, 1, 1, 1, 0]);
  });

  test(`${name}: the ΔSCF ionisation energy is positive and below Koopmans' −ε_HOMO`, () => {
    const ip = waterCation(name).energy - publicCase(name).energy;
    const koopmans = -referenceMatrices(name).orbitalEnergiesAlpha[4]!;
    assert.ok(ip > 0 && ip < koopmans, `ΔSCF ${ip} Eh, Koopmans ${koopmans} Eh`);
  });
}

test('the water triplet (6α, 4β) has ⟨S²⟩ ≥ 2 and lies above the singlet', () => {
  const r = scf.run(referenceProblem('h2o_631gs', { nalpha: 6, nbeta: 4 }), { guess: 'gwh' });
  assert.ok(r.converged);
  assert.is(r.spin!.s2Exact, 2);
  assert.ok(r.spin!.s2 >= 2 - 1e-12 && r.spin!.contamination < 0.1, `${r.spin!.s2}`);
  assert.ok(r.energy > publicCase('h2o_631gs').energy);
});

test('RHF asked for an open shell is an InvalidInputError naming the reference', () => {
  const it = scf.iterate(referenceProblem('h2o_sto3g', { nalpha: 5, nbeta: 4 }), { reference: 'rhf' });
  assert.throws(
    () => it.next(),
    (e: unknown) => e instanceof InvalidInputError && e.location?.field === 'reference' && /uhf/.test(e.message),
  );
});

test.run();
