import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as scf from '../../src/scf';
import { rohfEffectiveFock } from '../../src/scf/rohf-fock';
import { fromAtoms } from '../../src/geometry';
import { InvalidInputError } from '../../src/errors';
import { congruence, fromArray, identity, maxAbs, orthogonalizer, subtract, traceProduct, type Matrix } from '../../src/linalg';
import { REFERENCE_DIR, referenceProblem } from './reference-data';

/*
 * ROHF against Psi4 1.3.2 (methods-cases.json, method "rohf", scf_type pk), on the bohr nuclei
 * Psi4 used, from the SAD guess as Psi4, converged as Psi4 was (|ΔE| < 1e-10, RMS ΔD < 1e-10).
 * Tolerances: energy 1e-8 Eh (the target; measured ≤ 4e-13); orbital energies 5e-9 Eh (measured
 * ≤ 9.4e-10 — about Psi4's own self-consistency, whose Feff rebuilt from its final orbitals
 * reproduces its printed energies to ≤ 5.0e-10 — with a margin for the RMS ΔD threshold);
 * tr(D^σ S) = N_σ to 1e-10; CᵀSC = I to 1e-10; the ROHF orbital gradient of the final orbitals
 * below 1e-7 Eh (the RMS ΔD threshold 1e-10 bounds it at about that, times the Fock scale).
 */

interface RohfCase {
  name: string; method: string; basis: string; charge: number; multiplicity: number; puream: boolean;
  atoms_bohr: [string, number, number, number][]; energy: number; nalpha: number; nbeta: number; nbf: number;
  ndocc: number; nsocc: number; orbital_energies: number[]; uhf_energy_same_system?: number;
}

const cases = (JSON.parse(readFileSync(path.join(REFERENCE_DIR, 'methods-cases.json'), 'utf8')) as RohfCase[]).filter((c) => c.method === 'rohf');

test('the reference set holds the five ROHF cases', () => {
  assert.equal(cases.map((c) => c.name).sort(), ['ch2_rohf_ccpvdz', 'h2op_rohf_ccpvdz', 'no_rohf_631gs', 'o2_rohf_631g', 'oh_rohf_631gs']);
});

for (const c of cases) {
  test(`${c.name}: the ROHF energy and orbital energies match Psi4, with N_α, N_β electrons and a vanishing ROHF gradient`, () => {
    const molecule = fromAtoms(c.atoms_bohr, { units: 'bohr', charge: c.charge, multiplicity: c.multiplicity });
    const { result, problem } = runRohf(molecule, c);
    assert.ok(result.converged, 'converged');
    assert.is(result.reference, 'rohf');
    assert.ok(Math.abs(result.energy - c.energy) < 1e-8, `E = ${result.energy}, Psi4 ${c.energy}, Δ ${(result.energy - c.energy).toExponential(2)}`);
    const eps = result.orbitalEnergies[0]!;
    assert.is(eps.length, c.orbital_energies.length);
    const dev = Math.max(...c.orbital_energies.map((e, i) => Math.abs(eps[i]! - e)));
    assert.ok(dev < 5e-9, `orbital energies: max deviation ${dev.toExponential(2)} Eh`);
    assert.equal(Array.from(result.orbitalEnergies[1]!), Array.from(eps), 'one set of orbital energies for both spins');
    const S = problem.overlap;
    assert.ok(Math.abs(traceProduct(result.densities[0]!, S) - c.nalpha) < 1e-10, 'tr(DαS) = nα');
    assert.ok(Math.abs(traceProduct(result.densities[1]!, S) - c.nbeta) < 1e-10, 'tr(DβS) = nβ');
    const C = result.moCoefficients[0]!;
    assert.ok(maxAbs(subtract(congruence(S, C), identity(C.cols))) < 1e-10, 'CᵀSC = I');
    const { X } = scfX(S);
    const g = rohfEffectiveFock(result.fock[0]!, result.fock[1]!, C, S, X, c.ndocc, c.nsocc).gradient;
    assert.ok(maxAbs(g) < 1e-7, `ROHF gradient ${maxAbs(g).toExponential(2)}`);
    assert.ok(Math.abs(result.spin!.s2 - result.spin!.s2Exact) < 1e-10, `ROHF is spin-pure: ⟨S²⟩ = ${result.spin!.s2}`);
    if (c.uhf_energy_same_system !== undefined) assert.ok(result.energy > c.uhf_energy_same_system, 'E(ROHF) > E(UHF): UHF relaxes the ROHF constraint');
  });
}

function scfX(S: Matrix) {
  return orthogonalizer(S);
}

function runRohf(molecule: ReturnType<typeof fromAtoms>, c: RohfCase) {
  const prepared = scf.prepareCalculation(molecule, scf.parseScfParameters({
    basis_set: c.basis, puream: c.puream, reference: 'rohf', convergence: { energy: 1e-10, density: 1e-10 },
  }), { threads: 1 });
  try {
    return { result: scf.run(prepared), problem: prepared.problem };
  } finally {
    prepared.dispose();
  }
}

test('Feff takes F^β in the docc–socc block, F^α in the socc–virt block and the average elsewhere', () => {
  // Orthonormal basis (S = X = C = I): Feff^MO is built from Fα, Fβ directly. 1 docc, 1 socc, 1 virt.
  const Fa = fromArray([[1, 2, 3], [2, 4, 5], [3, 5, 6]]);
  const Fb = fromArray([[7, 8, 9], [8, 10, 11], [9, 11, 12]]);
  const I = identity(3);
  const { moFock, fock, gradient } = rohfEffectiveFock(Fa, Fb, I, I, I, 1, 1);
  assert.equal(Array.from(moFock.data), [4, 8, 6, 8, 7, 5, 6, 5, 9]);
  assert.equal(Array.from(fock.data), Array.from(moFock.data), 'with C′ = I the orthonormal-basis Feff is Feff^MO');
  // The gradient keeps docc–socc (8), docc–virt (6) and socc–virt (5), in the occ rows only.
  assert.equal(Array.from(gradient.data), [0, 8, 6, 0, 0, 5, 0, 0, 0]);
});

test('an ROHF run from a density alone (as a resume starts) converges to the same energy', () => {
  const problem = referenceProblem('h2o_631gs', { nalpha: 5, nbeta: 4 });
  const first = scf.run(problem, { reference: 'rohf', guess: 'core' });
  const resumed = scf.run(problem, { reference: 'rohf', start: { density: first.densities, iteration: 1 } });
  assert.ok(first.converged && resumed.converged);
  assert.ok(Math.abs(first.energy - resumed.energy) < 1e-9, `${first.energy} vs ${resumed.energy}`);
  assert.ok(resumed.iterations <= 3, `a converged start needs few iterations, took ${resumed.iterations}`);
  assert.is(scf.diisFromHistory(problem.overlap, 'rohf', [{ fock: first.fock, previousDensity: first.densities }]).focks.length, 0, 'no ROHF DIIS from checkpoints');
});

test('ROHF with a level shift and with damping reaches the same water-cation energy', () => {
  const problem = referenceProblem('h2o_631gs', { nalpha: 5, nbeta: 4 });
  const plain = scf.run(problem, { reference: 'rohf', guess: 'core' });
  const shifted = scf.run(problem, { reference: 'rohf', guess: 'core', levelShift: 0.5, levelShiftCutoff: 1e-5 });
  const damped = scf.run(problem, { reference: 'rohf', guess: 'core', damping: 0.3, useDiis: false, maxIterations: 300 });
  assert.ok(plain.converged && shifted.converged && damped.converged);
  assert.ok(shifted.history.some((h) => h.levelShift > 0), 'the shift was applied');
  assert.ok(Math.abs(plain.energy - shifted.energy) < 1e-8 && Math.abs(plain.energy - damped.energy) < 1e-8, `${plain.energy} ${shifted.energy} ${damped.energy}`);
});

test('ROHF with more β than α electrons is an InvalidInputError naming the reference', () => {
  const it = scf.iterate(referenceProblem('h2o_sto3g', { nalpha: 4, nbeta: 5 }), { reference: 'rohf' });
  assert.throws(() => it.next(), (e: unknown) => e instanceof InvalidInputError && e.location?.field === 'reference' && /nalpha ≥ nbeta/.test(e.message));
});

test('reference "rohf" is accepted by the parameters and by the driver options', () => {
  assert.is(scf.parseScfParameters({ reference: 'ROHF' }).reference, 'rohf');
  assert.is(scf.checkScfOptions({ reference: 'rohf' }).reference, 'rohf');
});

test.run();
