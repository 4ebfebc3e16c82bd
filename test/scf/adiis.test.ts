import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as scf from '../../src/scf';
import type { Matrix } from '../../src/linalg';
import { parse } from '../../src/geometry';
import { referenceProblem } from './reference-data';

/*
 * The ADIIS and EDIIS functions on real DIIS histories (water, Psi4's integrals): for Hartree–Fock
 * both are exact, so their value at c is the energy of the density Σ c_i D_i, and their slope
 * along e_i − e_n is tr[(D_i − D_n) F(Σ c D)], checked against finite differences.
 */

/** The DIIS history after `n` core-guess iterations (densities and energies included). */
function historyOf(problem: scf.ScfProblem, n: number): scf.DiisState {
  const gen = scf.iterate(problem, { guess: 'core', maxIterations: n, convergence: { energy: 1e-14, density: 1e-14 } });
  let step = gen.next();
  let state: scf.DiisState = scf.emptyDiis();
  while (scf.isIteration(step)) {
    state = step.value.diisState;
    step = gen.next();
  }
  return state;
}

function interpolate(history: scf.DiisState, c: ArrayLike<number>): Matrix[] {
  return history.densities![0]!.map((d0, spin) => {
    const out = new Float64Array(d0.data.length);
    history.densities!.forEach((D, k) => {
      for (let i = 0; i < out.length; i++) out[i] = out[i]! + c[k]! * D[spin]!.data[i]!;
    });
    return { rows: d0.rows, cols: d0.cols, data: out };
  });
}

const value = (model: scf.CoefficientModel, c: ArrayLike<number>): number => model.constant + scf.quadraticValue(model.g, model.A, c);

const CASES = [
  { name: 'RHF', problem: referenceProblem('h2o_631gs'), reference: 'rhf' as const },
  { name: 'UHF', problem: referenceProblem('h2o_631gs', { nalpha: 5, nbeta: 4 }), reference: 'uhf' as const },
];
const C = [0.1, 0.35, 0, 0.25, 0.3];

for (const { name, problem, reference } of CASES) {
  const history = historyOf(problem, C.length);
  const energyOf = (D: Matrix[]): number => {
    const F = scf.buildFock(reference, problem.coreHamiltonian, problem.jk, D);
    return scf.energyComponents(reference, problem.coreHamiltonian, D, F, problem.nuclearRepulsion).total;
  };

  test(`${name}: the history holds the densities and energies of its Fock matrices`, () => {
    assert.is(history.densities!.length, C.length);
    history.densities!.forEach((D, k) => assert.ok(Math.abs(energyOf([...D]) - history.energies![k]!) < 1e-10));
  });

  for (const [method, build] of [['ADIIS', scf.adiisModel], ['EDIIS', scf.ediisModel]] as const) {
    const model = build(history.focks, history.densities!, history.energies!);

    test(`${name} ${method}: the function is the energy of the interpolated density`, () => {
      // Exact for HF up to rounding: energies of ~−76 Eh, so 1e-9 Eh.
      const e = energyOf(interpolate(history, C));
      assert.ok(Math.abs(value(model, C) - e) < 1e-9, `${value(model, C)} vs ${e}`);
    });

    test(`${name} ${method}: the slope along e_i − e_n is tr[(D_i − D_n) F(Σ c D)] and matches finite differences`, () => {
      const Dc = interpolate(history, C);
      const Fc = scf.buildFock(reference, problem.coreHamiltonian, problem.jk, Dc);
      const n = C.length - 1;
      for (let i = 0; i < n; i++) {
        let analytic = 0;
        Fc.forEach((F, spin) => {
          const Di = history.densities![i]![spin]!.data, Dn = history.densities![n]![spin]!.data;
          for (let k = 0; k < F.data.length; k++) analytic += (Di[k]! - Dn[k]!) * F.data[k]!;
        });
        const h = 1e-4;
        const plus = C.slice(), minus = C.slice();
        plus[i]! += h; plus[n]! -= h;
        minus[i]! += -h; minus[n]! += h;
        const fd = (value(model, plus) - value(model, minus)) / (2 * h);
        // Central differences of a quadratic are exact; rounding of ~76 Eh values over 2h gives ~1e-10.
        assert.ok(Math.abs(fd - analytic) < 1e-8, `i=${i}: finite difference ${fd} vs analytic ${analytic}`);
      }
    });
  }

  test(`${name}: ADIIS and EDIIS find the same coefficients (one function for HF)`, () => {
    const a = scf.adiisCoefficients(history)!, e = scf.ediisCoefficients(history)!;
    assert.ok(Math.abs(a.value - e.value) < 1e-9, `${a.value} vs ${e.value}`);
    a.coefficients.forEach((c, k) => assert.ok(Math.abs(c - e.coefficients[k]!) < 1e-6, `c[${k}]: ${c} vs ${e.coefficients[k]}`));
    assert.ok(Math.abs(a.coefficients.reduce((s, x) => s + x, 0) - 1) < 1e-12);
    // The minimum is no higher than any stored iteration's energy (each is a vertex of the simplex).
    assert.ok(a.value <= Math.min(...history.energies!) + 1e-10);
  });
}

test('extrapolateFock: the augmented DIIS alone above the start, CDIIS alone at or below the finish, a linear blend between', () => {
  const history = historyOf(referenceProblem('h2o_631gs'), 4);
  const settings = { accelerator: 'adiis' as const, startDiisTransition: 0.1, finishDiisTransition: 1e-4 };
  const adiis = scf.adiisCoefficients(history)!.coefficients;
  const cdiis = scf.extrapolateFock(history, { ...settings, accelerator: 'none' }, 1);
  assert.is(cdiis.accelerator, 'cdiis');
  const cd = scf.diisExtrapolate(history).coefficients;
  assert.is(cdiis.vectors, cd.length);
  Array.from(cd).forEach((c, k) => assert.ok(Math.abs(cdiis.coefficients[history.focks.length - cd.length + k]! - c) < 1e-15));
  const high = scf.extrapolateFock(history, settings, 0.5);
  assert.is(high.accelerator, 'adiis');
  assert.equal(Array.from(high.coefficients), Array.from(adiis));
  assert.is(scf.extrapolateFock(history, settings, 1e-4).accelerator, 'cdiis');
  const mid = scf.extrapolateFock(history, { ...settings, accelerator: 'ediis' }, 0.05);
  assert.is(mid.accelerator, 'ediis+cdiis');
  const w = (0.05 - 1e-4) / (0.1 - 1e-4);
  assert.ok(Math.abs(mid.weight - w) < 1e-15);
  const ed = scf.ediisCoefficients(history)!.coefficients;
  mid.coefficients.forEach((c, k) => assert.ok(Math.abs(c - (w * ed[k]! + (1 - w) * cdiis.coefficients[k]!)) < 1e-14));
  // F = Σ c_k F_k.
  const F = mid.focks[0]!.data;
  for (const i of [0, 7, 100]) {
    const expected = mid.coefficients.reduce((s, c, k) => s + c * history.focks[k]![0]!.data[i]!, 0);
    assert.ok(Math.abs(F[i]! - expected) < 1e-12);
  }
});

test('each record says which accelerator made its Fock matrix', () => {
  const r = scf.run(referenceProblem('h2o_631gs'), { guess: 'core', accelerator: 'adiis' });
  assert.ok(r.converged);
  assert.is(r.history[0]!.accelerator, 'none'); // one vector: nothing to extrapolate
  assert.is(r.history[1]!.accelerator, 'adiis'); // the core guess is far off: diisError > 0.1
  assert.ok(r.history.some((h) => h.accelerator === 'adiis+cdiis'));
  assert.is(r.history[r.history.length - 1]!.accelerator, 'cdiis');
  for (const h of r.history) {
    const expected = h.diisVectors === 0 ? 'none' : h.diisError > 0.1 ? 'adiis' : h.diisError > 1e-4 ? 'adiis+cdiis' : 'cdiis';
    assert.is(h.accelerator, expected, `iteration ${h.iteration}, diisError ${h.diisError}`);
  }
  assert.ok(scf.run(referenceProblem('h2o_631gs'), { guess: 'core' }).history.slice(1).every((h) => h.accelerator === 'cdiis'));
});

test('an accelerator with ROHF is an InvalidInputError naming the option', () => {
  assert.throws(() => scf.run(referenceProblem('h2o_631gs', { nalpha: 5, nbeta: 4 }), { reference: 'rohf', accelerator: 'ediis' }), /accelerator.*ROHF|ROHF/);
  try {
    scf.run(referenceProblem('h2o_631gs', { nalpha: 5, nbeta: 4 }), { reference: 'rohf', accelerator: 'adiis' });
  } catch (e) {
    assert.is((e as { location?: { field?: string } }).location?.field, 'accelerator');
  }
});

test('a bad accelerator value is an InvalidInputError naming the field', () => {
  assert.throws(() => scf.parseScfParameters({ scf_initial_accelerator: 'bdiis' }), /scf_initial_accelerator.*"none", "adiis", "ediis"/);
  assert.throws(() => scf.run(referenceProblem('h2o_sto3g'), { startDiisTransition: -1 }), /startDiisTransition/);
});

/** Water with both O–H at 4.0 Å (H–O–H 104.5°), 6-31G: CDIIS from the core guess settles in a higher RHF solution. */
const STRETCHED_WATER = '3\nwater, O-H 4.0 A\nO 0 0 0\nH 0 3.162758 2.448869\nH 0 -3.162758 2.448869\n';

test('stretched water from the core guess: ADIIS+CDIIS and EDIIS+CDIIS reach the lower state SAD+ADIIS reaches; CDIIS alone does not', () => {
  const prepared = scf.prepareCalculation(parse(STRETCHED_WATER, { format: 'xyz' }), scf.parseScfParameters({ basis_set: '6-31G' }), { threads: 1 });
  try {
    const run = (guess: 'core' | 'sad', accelerator: scf.ScfAccelerator): scf.ScfResult => scf.run(prepared, { guess, accelerator, maxIterations: 100 });
    const sad = run('sad', 'adiis');
    const adiis = run('core', 'adiis');
    const ediis = run('core', 'ediis');
    const cdiis = run('core', 'none');
    for (const r of [sad, adiis, ediis]) {
      assert.ok(r.converged);
      assert.ok(r.history[r.history.length - 1]!.diisError < 1e-6);
    }
    // The same state from two guesses and two accelerators, to 1e-8 Eh (measured: −75.395541721 Eh).
    assert.ok(Math.abs(adiis.energy - sad.energy) < 1e-8, `${adiis.energy} vs ${sad.energy}`);
    assert.ok(Math.abs(ediis.energy - sad.energy) < 1e-8, `${ediis.energy} vs ${sad.energy}`);
    // Measured: CDIIS alone converges in 38 iterations to −75.395364672 Eh, 1.8e-4 Eh higher (ADIIS+CDIIS: 22 iterations).
    assert.ok(cdiis.energy - sad.energy > 1e-4, `CDIIS from the core guess: ${cdiis.energy} vs ${sad.energy}`);
    assert.ok(adiis.iterations < cdiis.iterations, `${adiis.iterations} < ${cdiis.iterations}`);
  } finally {
    prepared.dispose();
  }
});

test.run();
