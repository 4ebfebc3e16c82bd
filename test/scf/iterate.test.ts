import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as scf from '../../src/scf';
import { InvalidInputError } from '../../src/errors';
import { zeros, type Matrix } from '../../src/linalg';
import { fullTensorJK } from '../helpers/full-tensor-jk';
import { publicCase, referenceMatrices, referenceProblem } from './reference-data';

const E_631GS = publicCase('h2o_631gs').energy;

test('iterate yields one typed record per iteration and returns the result', () => {
  const gen = scf.iterate(referenceProblem('h2o_sto3g'), { guess: 'core' });
  const records: scf.ScfIteration[] = [];
  let step = gen.next();
  while (!step.done) {
    records.push(step.value);
    step = gen.next();
  }
  const result = step.value;
  assert.is(records.length, result.iterations);
  const r = records[3]!;
  assert.is(r.iteration, 4);
  assert.is(r.fock.length, 1);
  assert.is(r.density.length, 1);
  assert.is(r.orbitalEnergies[0]!.length, 7);
  assert.ok(r.timings.totalMs >= r.timings.fockMs && r.timings.fockMs >= 0);
  assert.ok(Math.abs(r.deltaE - (r.energy - records[2]!.energy)) < 1e-15);
  assert.ok(r.energy === r.electronicEnergy + publicCase('h2o_sto3g').nuclear_repulsion);
  assert.ok(records[records.length - 1]!.converged);
  assert.ok(records.slice(0, -1).every((x) => !x.converged));
  // The first record carries the guess density: core guess = aufbau density of H's eigenvectors.
  const guess = records[0]!.initialDensity!;
  assert.is(guess.length, 1);
  let trace = 0;
  const { S } = referenceMatrices('h2o_sto3g');
  for (let i = 0; i < 7; i++) for (let j = 0; j < 7; j++) trace += guess[0]!.data[i * 7 + j]! * S.data[j * 7 + i]!;
  assert.ok(Math.abs(trace - 10) < 1e-12, 'the guess holds 10 electrons');
  assert.ok(records.slice(1).every((x) => x.initialDensity === undefined));
  assert.is(result.energy, records[records.length - 1]!.energy);
});

test('the JK builder is called once per iteration', () => {
  const problem = referenceProblem('h2o_sto3g');
  const r = scf.run(problem, { guess: 'core' });
  assert.is((problem.jk as unknown as { calls: number }).calls, r.iterations);
});

test('a run stopped at max_iteration is a non-converged result with a diagnosis, not an exception', () => {
  const r = scf.run(referenceProblem('h2o_631gs'), { guess: 'core', maxIterations: 3 });
  assert.is(r.converged, false);
  assert.is(r.iterations, 3);
  assert.is(r.history.length, 3);
  assert.ok(r.diagnosis !== undefined && r.diagnosis.message.includes('did not converge'), r.diagnosis?.message);
  assert.ok(Number.isFinite(r.energy));
});

test('resuming from a record (density, iteration, DIIS state, energy) continues the same sequence', () => {
  const full = scf.run(referenceProblem('h2o_631gs'), { guess: 'core' });
  let last: scf.ScfIteration | undefined;
  const first = scf.run(referenceProblem('h2o_631gs'), { guess: 'core', maxIterations: 5 }, (rec) => {
    last = rec;
  });
  assert.is(first.converged, false);
  const resumed = scf.run(referenceProblem('h2o_631gs'), {
    start: { density: last!.density, iteration: last!.iteration + 1, diis: last!.diisState, previousEnergy: last!.energy },
  });
  assert.ok(resumed.converged);
  assert.is(resumed.iterations, full.iterations, 'same number of iterations in total');
  assert.is(resumed.history[0]!.iteration, 6);
  for (const h of resumed.history) {
    const ref = full.history[h.iteration - 1]!;
    assert.ok(Math.abs(h.energy - ref.energy) < 1e-11, `iteration ${h.iteration}: ${h.energy} vs ${ref.energy}`);
  }
  assert.ok(Math.abs(resumed.energy - E_631GS) < 1e-8);
});

test('controls passed to next() take effect from the following iteration', () => {
  const gen = scf.iterate(referenceProblem('h2o_631gs'), { guess: 'core', useDiis: false });
  let step = gen.next();
  const diisUse: number[] = [];
  while (!step.done) {
    diisUse.push(step.value.diisVectors);
    step = gen.next(step.value.iteration === 3 ? { useDiis: true, convergence: { energy: 1e-9 } } : undefined);
  }
  assert.equal(diisUse.slice(0, 3), [0, 0, 0]);
  // Iteration 4 stores the first DIIS vector (one vector cannot extrapolate); 5 uses two.
  assert.equal(diisUse.slice(3, 5), [0, 2]);
  assert.ok(step.value.converged);
  assert.ok(Math.abs(step.value.energy - E_631GS) < 1e-8);
});

test('a resume whose start is past max_iteration evaluates the given density once and reports it', () => {
  const full = scf.run(referenceProblem('h2o_sto3g'), { guess: 'core' });
  const r = scf.run(referenceProblem('h2o_sto3g'), { start: { density: full.densities, iteration: 101 }, maxIterations: 100 });
  assert.is(r.history.length, 0);
  assert.is(r.converged, false);
  assert.ok(Math.abs(r.energy - full.energy) < 1e-10, `${r.energy}`);
  assert.is(r.diagnosis!.kind, 'stalled');
});

test('invalid controls passed to next() are an InvalidInputError naming the control', () => {
  const gen = scf.iterate(referenceProblem('h2o_sto3g'), { guess: 'core' });
  gen.next();
  assert.throws(() => gen.next({ damping: 1.5 }), (e: unknown) => e instanceof InvalidInputError && e.location?.field === 'damping');
  const gen2 = scf.iterate(referenceProblem('h2o_sto3g'), { guess: 'core' });
  gen2.next();
  assert.throws(
    () => gen2.next({ dampign: 0.5 } as unknown as scf.ScfControlChanges),
    (e: unknown) => e instanceof InvalidInputError && e.location?.field === 'dampign',
  );
});

test('damping and level shifting converge to the same energy', () => {
  const damped = scf.run(referenceProblem('h2o_631gs'), { guess: 'core', damping: 0.3 });
  assert.ok(damped.converged && Math.abs(damped.energy - E_631GS) < 1e-8, `${damped.energy}`);
  const shiftedRecords: number[] = [];
  const shifted = scf.run(referenceProblem('h2o_631gs'), { guess: 'core', levelShift: 0.5 }, (rec) => {
    shiftedRecords.push(rec.levelShift);
  });
  assert.is(shiftedRecords[0], 0.5, 'shifted while the orbital gradient is large');
  assert.is(shiftedRecords[shiftedRecords.length - 1], 0, 'not shifted below the cutoff');
  assert.ok(shifted.converged && Math.abs(shifted.energy - E_631GS) < 1e-8, `${shifted.energy}`);
  // The final orbital energies are canonical (unshifted): compare with Psi4's.
  const ref = referenceMatrices('h2o_631gs').orbitalEnergiesAlpha;
  assert.ok(Math.abs(shifted.orbitalEnergies[0]![5]! - ref[5]!) < 1e-6);
  const uhfShifted = scf.run(referenceProblem('h2o_631gs', { nalpha: 5, nbeta: 4 }), { guess: 'core', levelShift: 0.3 });
  const uhfPlain = scf.run(referenceProblem('h2o_631gs', { nalpha: 5, nbeta: 4 }), { guess: 'core' });
  assert.ok(uhfShifted.converged && Math.abs(uhfShifted.energy - uhfPlain.energy) < 1e-8);
});

test('without DIIS and with a tiny iteration budget, the diagnosis names a cause', () => {
  const r = scf.run(referenceProblem('h2o_ccpvdz'), { guess: 'core', useDiis: false, maxIterations: 8 });
  assert.is(r.converged, false);
  assert.ok(['oscillating', 'diverging', 'slow', 'stalled'].includes(r.diagnosis!.kind));
});

test('diagnose recognises an oscillating energy', () => {
  const controls: scf.ScfControls = {
    ...scf.DEFAULT_CONTROLS,
    maxIterations: 10, convergence: { energy: 1e-10, density: 1e-8 }, useDiis: true, diisSize: 10, diisStart: 1, damping: 0, levelShift: 0, levelShiftCutoff: 1e-2,
  };
  const history = Array.from({ length: 10 }, (_, i) => ({
    iteration: i + 1, energy: -1 + (i % 2) * 0.1, electronicEnergy: 0, deltaE: i === 0 ? NaN : (i % 2 ? 0.1 : -0.1),
    rmsDeltaD: 0.1, diisError: 0.1, diisVectors: 2, accelerator: 'cdiis' as const, levelShift: 0, damping: 0, step: 'diis' as const, converged: false, timings: { fockMs: 0, diagMs: 0, totalMs: 0 }, occupation: { method: 'aufbau' as const, occupied: [] },
  }));
  const d = scf.diagnose(history, controls);
  assert.is(d.kind, 'oscillating');
  assert.match(d.message, /damping/);
});

test('the diagnosis suggests only what the run did not already use', () => {
  const base: scf.ScfControls = {
    ...scf.DEFAULT_CONTROLS,
    maxIterations: 10, convergence: { energy: 1e-10, density: 1e-8 }, useDiis: true, diisSize: 10, diisStart: 1, damping: 0.5, levelShift: 0, levelShiftCutoff: 1e-2,
  };
  const oscillating = Array.from({ length: 10 }, (_, i) => ({
    iteration: i + 1, energy: -1, electronicEnergy: 0, deltaE: i === 0 ? NaN : (i % 2 ? 0.1 : -0.1),
    rmsDeltaD: 0.1, diisError: 0.1, diisVectors: 2, accelerator: 'cdiis' as const, levelShift: 0, damping: 0, step: 'diis' as const, converged: false, timings: { fockMs: 0, diagMs: 0, totalMs: 0 }, occupation: { method: 'aufbau' as const, occupied: [] },
  }));
  const withDamping = scf.diagnose(oscillating, base).message;
  assert.not.match(withDamping, /damping/);
  assert.not.match(withDamping, /DIIS/);
  assert.match(withDamping, /level shift/);
  const slow = oscillating.map((h, i) => ({ ...h, deltaE: -1e-3 / (i + 1), rmsDeltaD: 0.1 / 2 ** i }));
  assert.not.match(scf.diagnose(slow, base).message, /DIIS/);
  assert.match(scf.diagnose(slow, { ...base, useDiis: false }).message, /enable DIIS/);
});

test('the reference defaults from the electron counts', () => {
  assert.is(scf.resolveReference({ nalpha: 5, nbeta: 5 }), 'rhf');
  assert.is(scf.resolveReference({ nalpha: 5, nbeta: 4 }), 'uhf');
  assert.is(scf.resolveReference({ nalpha: 5, nbeta: 5 }, 'uhf'), 'uhf');
  assert.throws(() => scf.resolveReference({ nalpha: 5, nbeta: 3 }, 'rhf'), (e: unknown) => e instanceof InvalidInputError);
});

test('malformed problems are InvalidInputErrors', () => {
  const good = referenceProblem('h2o_sto3g');
  const bad = (p: scf.ScfProblem, o: scf.ScfOptions = {}): void => {
    assert.throws(() => scf.run(p, o), (e: unknown) => e instanceof InvalidInputError);
  };
  bad({ ...good, coreHamiltonian: zeros(3, 3) });
  bad({ ...good, jk: fullTensorJK(new Float64Array(16), 2) });
  bad({ ...good, nalpha: 8, nbeta: 8 }); // 8 > 7 orbitals
  bad({ ...good, nuclearRepulsion: NaN });
  bad(good, { start: { density: [zeros(7), zeros(7)], iteration: 1 } });
  bad(good, { start: { density: [zeros(7)], iteration: 0 } });
  bad(good, { guess: 'sad' }); // no atom data
  bad(good, { maxIterations: 0 });
});

/**
 * SAD plumbing on Psi4's matrices: "atoms" are the diagonal blocks of S, H and the ERI tensor for
 * O and each H. (H's block includes the attraction to every nucleus, so these are not true free
 * atoms; the test checks the bookkeeping — electron counts, caching per key, and that the SCF
 * converges from the guess to Psi4's energy.)
 */
test('the SAD guess superposes atomic densities and converges to the reference energy', () => {
  const name = 'h2o_631gs';
  const m = referenceMatrices(name);
  const blocks = [
    { Z: 8, firstFunction: 0, nbf: 15, key: 'O' },
    { Z: 1, firstFunction: 15, nbf: 2, key: 'H' },
    { Z: 1, firstFunction: 17, nbf: 2, key: 'H' },
  ];
  let calls = 0;
  const sub = (M: Matrix, o: number, k: number): Matrix => {
    const out = zeros(k, k);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) out.data[i * k + j] = M.data[(o + i) * m.nbf + o + j]!;
    return out;
  };
  const atomIntegrals = (index: number): scf.AtomIntegrals => {
    calls++;
    const { firstFunction: o, nbf: k } = blocks[index]!;
    const eri = new Float64Array(k ** 4);
    const n = m.nbf;
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) for (let c = 0; c < k; c++) for (let d = 0; d < k; d++) {
      eri[((a * k + b) * k + c) * k + d] = m.eri[(((o + a) * n + o + b) * n + o + c) * n + o + d]!;
    }
    return { overlap: sub(m.S, o, k), coreHamiltonian: sub(m.H, o, k), jk: fullTensorJK(eri, k) };
  };
  const problem: scf.ScfProblem = { ...referenceProblem(name), sad: { atoms: blocks, atomIntegrals } };
  const D0 = scf.sadGuess(problem.sad!, m.nbf);
  assert.is(calls, 2, 'one atomic calculation per unique key');
  let trace = 0;
  for (let i = 0; i < m.nbf; i++) for (let j = 0; j < m.nbf; j++) trace += D0.data[i * m.nbf + j]! * m.S.data[j * m.nbf + i]!;
  assert.ok(Math.abs(trace - 10) < 1e-8, `tr(D S) = ${trace}`);
  const r = scf.run(problem); // guess defaults to SAD when atom data is present
  assert.ok(r.converged && Math.abs(r.energy - E_631GS) < 1e-8, `${r.energy}`);
  const u = scf.run({ ...problem, nalpha: 5, nbeta: 4 });
  assert.ok(u.converged && u.reference === 'uhf');
});

test.run();
