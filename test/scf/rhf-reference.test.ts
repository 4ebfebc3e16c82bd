import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as scf from '../../src/scf';
import { congruence, eigh, identity, matmul, maxAbs, subtract, traceProduct } from '../../src/linalg';
import { publicCase, referenceMatrices, referenceProblem } from './reference-data';

/*
 * Tier 3: whole SCF runs on Psi4 1.3.2's own integrals (h2o_sto3g, h2o_631gs, h2o_ccpvdz), compared
 * with Psi4's converged energies, densities, orbital energies and Mulliken charges.
 * Tolerances: energies 1e-8 Eh (the task's target; Psi4 converged to 1e-11, we to |ΔE| < 1e-10 and
 * RMS ΔD < 1e-8, so the energy error is second order in the density error, ~1e-13 measured);
 * densities 1e-6 and orbital energies 1e-6 Eh (first order in the density error; Psi4's own
 * d_convergence was 1e-9); Mulliken charges 1e-5 (the task's target).
 */

/** Function → atom for water in these bases: all oxygen functions, then H1, then H2. */
function waterFunctionAtoms(nbf: number, perHydrogen: number): Int32Array {
  const nO = nbf - 2 * perHydrogen;
  return Int32Array.from({ length: nbf }, (_, mu) => (mu < nO ? 0 : mu < nO + perHydrogen ? 1 : 2));
}

const CASES = [
  { name: 'h2o_sto3g', perH: 1 },
  { name: 'h2o_631gs', perH: 2 },
  { name: 'h2o_ccpvdz', perH: 5 },
];

const results = new Map<string, scf.ScfResult>();
function result(name: string): scf.ScfResult {
  let r = results.get(name);
  if (!r) {
    r = scf.run(referenceProblem(name), { guess: 'core' });
    results.set(name, r);
  }
  return r;
}

for (const { name, perH } of CASES) {
  test(`${name}: the RHF energy matches Psi4 within 1e-8 Eh`, () => {
    const r = result(name);
    const ref = publicCase(name).energy;
    assert.ok(r.converged, 'converged');
    assert.is(r.reference, 'rhf');
    assert.ok(Math.abs(r.energy - ref) < 1e-8, `${r.energy} vs ${ref} (Δ ${(r.energy - ref).toExponential(2)})`);
  });

  test(`${name}: the converged density is twice Psi4's alpha density`, () => {
    const r = result(name);
    const m = referenceMatrices(name);
    const D = r.densities[0]!;
    let worst = 0;
    for (let i = 0; i < D.data.length; i++) worst = Math.max(worst, Math.abs(D.data[i]! - 2 * m.densityAlpha.data[i]!));
    assert.ok(worst < 1e-6, `max |D − 2Dα(Psi4)| = ${worst}`);
  });

  test(`${name}: the orbital energies match Psi4's`, () => {
    const r = result(name);
    const ref = referenceMatrices(name).orbitalEnergiesAlpha;
    const eps = r.orbitalEnergies[0]!;
    assert.is(eps.length, ref.length);
    for (let i = 0; i < ref.length; i++) assert.ok(Math.abs(eps[i]! - ref[i]!) < 1e-6, `ε${i}: ${eps[i]} vs ${ref[i]}`);
  });

  test(`${name}: Mulliken charges match Psi4's within 1e-5`, () => {
    const r = result(name);
    const m = referenceMatrices(name);
    const q = scf.mullikenCharges(r.densities[0]!, m.S, waterFunctionAtoms(m.nbf, perH), [8, 1, 1]);
    const ref = publicCase(name).mulliken;
    for (let a = 0; a < 3; a++) assert.ok(Math.abs(q[a]! - ref[a]!) < 1e-5, `atom ${a}: ${q[a]} vs ${ref[a]}`);
    const lq = scf.lowdinCharges(r.densities[0]!, m.S, waterFunctionAtoms(m.nbf, perH), [8, 1, 1]);
    assert.ok(Math.abs(lq[0]! + lq[1]! + lq[2]!) < 1e-10, 'Löwdin charges sum to the molecular charge');
    assert.ok(Math.abs(lq[1]! - lq[2]!) < 1e-6, 'the two hydrogens are equivalent');
  });

  test(`${name}: at convergence CᵀSC = I, tr(DS) = N and FDS − SDF → 0`, () => {
    const r = result(name);
    const { S } = referenceMatrices(name);
    const C = r.moCoefficients[0]!;
    assert.ok(maxAbs(subtract(congruence(S, C), identity(C.cols))) < 1e-12, 'CᵀSC = I');
    assert.ok(Math.abs(traceProduct(r.densities[0]!, S) - 10) < 1e-12, 'tr(DS) = 10');
    const F = r.fock[0]!, D = r.densities[0]!;
    const FDS = matmul(matmul(F, D), S), SDF = matmul(matmul(S, D), F);
    assert.ok(maxAbs(subtract(FDS, SDF)) < 1e-6, `|FDS − SDF| = ${maxAbs(subtract(FDS, SDF))}`);
    // Occupations, and the energy components add up.
    assert.equal(Array.from(r.occupations[0]!).slice(0, 6), [2, 2, 2, 2, 2, 0]);
    const c = r.energyComponents;
    assert.ok(Math.abs(c.nuclear + c.oneElectron + c.twoElectron - r.energy) < 1e-12);
    assert.is(c.nuclear, publicCase(name).nuclear_repulsion);
  });

  test(`${name}: the GWH guess converges to the same energy`, () => {
    const r = scf.run(referenceProblem(name), { guess: 'gwh' });
    assert.ok(r.converged);
    assert.ok(Math.abs(r.energy - publicCase(name).energy) < 1e-8, `${r.energy}`);
  });
}

test("Crawford's water/STO-3G converges with DIIS in at most 12 iterations, and more slowly without", () => {
  const withDiis = scf.run(referenceProblem('h2o_sto3g'), { guess: 'core' });
  assert.ok(withDiis.converged && withDiis.iterations <= 12, `${withDiis.iterations} iterations`);
  assert.ok(Math.abs(withDiis.energy - -74.942079928192) < 1e-8);
  const plain = scf.run(referenceProblem('h2o_sto3g'), { guess: 'core', useDiis: false });
  assert.ok(plain.converged, 'plain Roothaan iterations also converge for water');
  assert.ok(plain.iterations > withDiis.iterations, `${plain.iterations} vs ${withDiis.iterations}`);
  assert.ok(Math.abs(plain.energy - withDiis.energy) < 1e-9);
});

test('the energy decreases towards convergence and the history is complete', () => {
  const r = result('h2o_ccpvdz');
  assert.is(r.history.length, r.iterations);
  r.history.forEach((h, i) => assert.is(h.iteration, i + 1));
  assert.ok(Number.isNaN(r.history[0]!.deltaE), 'no ΔE on the first iteration');
  const last = r.history[r.history.length - 1]!;
  assert.ok(last.converged && Math.abs(last.deltaE) < 1e-10 && last.rmsDeltaD < 1e-8);
  assert.ok(last.diisError < 1e-7, `orbital gradient ${last.diisError}`);
  assert.is(r.diagnosis, undefined);
});

test('frontier orbitals of water/STO-3G: HOMO < 0 < LUMO', () => {
  const r = result('h2o_sto3g');
  const f = scf.frontierOrbitals(r.orbitalEnergies, r.occupations);
  const eps = referenceMatrices('h2o_sto3g').orbitalEnergiesAlpha;
  assert.ok(Math.abs(f.homo - eps[4]!) < 1e-6 && Math.abs(f.lumo - eps[5]!) < 1e-6);
  assert.ok(f.homo < 0 && f.lumo > 0 && Math.abs(f.gap - (f.lumo - f.homo)) < 1e-15);
});

test('canonical orthogonalisation (forced) gives the same energy', () => {
  const r = scf.run(referenceProblem('h2o_631gs'), { guess: 'core', orthogonalization: { method: 'canonical' } });
  assert.is(r.orthogonalizer.method, 'canonical');
  assert.is(r.orthogonalizer.dropped, 0);
  assert.ok(Math.abs(r.energy - publicCase('h2o_631gs').energy) < 1e-8);
});

test('dropping eigenvectors of S below a raised tolerance still converges, to a higher energy', () => {
  const { S } = referenceMatrices('h2o_ccpvdz');
  const tolerance = 0.05;
  const expectedDropped = Array.from(eigh(S).values).filter((v) => v < tolerance).length;
  assert.ok(expectedDropped > 0, 'the tolerance is above the smallest eigenvalue of S');
  const r = scf.run(referenceProblem('h2o_ccpvdz'), { guess: 'core', orthogonalization: { tolerance } });
  assert.is(r.orthogonalizer.method, 'canonical');
  assert.is(r.orthogonalizer.dropped, expectedDropped);
  assert.is(r.moCoefficients[0]!.cols, 24 - expectedDropped);
  assert.is(r.orbitalEnergies[0]!.length, 24 - expectedDropped);
  assert.ok(r.converged);
  // A smaller variational space can only raise the energy.
  assert.ok(r.energy > publicCase('h2o_ccpvdz').energy, `${r.energy}`);
});

test.run();
