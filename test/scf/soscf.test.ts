import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as scf from '../../src/scf';
import { fromAtoms } from '../../src/geometry';
import { InvalidInputError } from '../../src/errors';
import { congruence, eigh, identity, maxAbs, orthogonalizer, subtract, zeros, type Matrix } from '../../src/linalg';
import type { ScfProblem } from '../../src/scf';
import { publicCase, REFERENCE_DIR, referenceProblem } from './reference-data';

/*
 * The second-order step (SOSCF): its gradient and Hessian products against finite differences
 * and against Psi4's stability eigenvalues, and SOSCF runs against DIIS runs and Psi4 energies
 * (public-cases.json, methods-cases.json) to 1e-8 Eh, the project's target.
 */

interface Case {
  name: string; basis: string; reference: 'rhf' | 'uhf'; charge: number; multiplicity: number; puream: boolean;
  atoms_bohr: [string, number, number, number][]; energy: number;
  singlet_rhf_to_rhf_eigenvalues_printed?: number[]; triplet_rhf_to_uhf_eigenvalues_printed?: number[];
}
const all = [
  ...(JSON.parse(readFileSync(path.join(REFERENCE_DIR, 'public-cases.json'), 'utf8')) as Case[]),
  ...(JSON.parse(readFileSync(path.join(REFERENCE_DIR, 'methods-cases.json'), 'utf8')) as Case[]),
];
const byName = (name: string): Case => all.find((c) => c.name === name)!;

/** Runs a reference case on Psi4's nuclei with the case's basis, and any extra parameters; `use` sees the problem before its J/K builder is released. */
function runCase<T = scf.ScfResult>(name: string, params: Record<string, unknown>, use?: (result: scf.ScfResult, problem: ScfProblem) => T): T {
  const c = byName(name);
  const molecule = fromAtoms(c.atoms_bohr, { units: 'bohr', charge: c.charge, multiplicity: c.multiplicity });
  const prepared = scf.prepareCalculation(molecule, scf.parseScfParameters({ basis_set: c.basis, puream: c.puream, ...params }), { threads: 1 });
  try {
    const result = scf.run(prepared);
    return use !== undefined ? use(result, prepared.problem) : (result as T);
  } finally {
    prepared.dispose();
  }
}

/** A deterministic pseudo-random matrix in (−1, 1) (a linear congruential generator). */
function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  const m = zeros(rows, cols);
  let s = seed;
  for (let i = 0; i < m.data.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    m.data[i] = (2 * s) / 2147483648 - 1;
  }
  return m;
}

const scaled = (m: Matrix, f: number): Matrix => ({ rows: m.rows, cols: m.cols, data: m.data.map((v) => v * f) });

/** The spaces of the density after `iterations` DIIS iterations from the core guess (not converged: the gradient is not 0). */
function spacesPartWay(problem: ScfProblem, reference: 'rhf' | 'uhf', iterations: number): { spaces: scf.OrbitalSpaces[]; X: Matrix } {
  const r = scf.run(problem, { reference, guess: 'core', maxIterations: iterations });
  const { X } = orthogonalizer(problem.overlap);
  const D = scf.spinDensities(reference, r.densities);
  const F = scf.buildFock(reference, problem.coreHamiltonian, problem.jk, r.densities);
  const nocc = [problem.nalpha, problem.nbeta];
  return { spaces: F.map((f, s) => scf.orbitalSpaces(f, D[s]!, problem.overlap, X, nocc[s]!)), X };
}

/** Energy and rotation gradient of the orbitals rotated by h·κ (exact exponential, all spins). */
function rotatedPoint(problem: ScfProblem, reference: 'rhf' | 'uhf', spaces: scf.OrbitalSpaces[], kappa: Matrix[], h: number): { energy: number; gradient: Matrix[] } {
  const rotated = spaces.map((sp, s) => scf.rotateOrbitals(sp.occupied, sp.virtual, scaled(kappa[s]!, h)));
  const occ = reference === 'rhf' ? 2 : 1;
  const D = rotated.map((o) => scf.densityFromOrbitals(o.occupied, new Float64Array(o.occupied.cols).fill(occ)));
  const F = scf.buildFock(reference, problem.coreHamiltonian, problem.jk, D);
  const energy = scf.energyComponents(reference, problem.coreHamiltonian, D, F, problem.nuclearRepulsion).total;
  const asSpaces = rotated.map((o, s) => ({ ...spaces[s]!, occupied: o.occupied, virtual: o.virtual }));
  return { energy, gradient: scf.rotationGradient(reference, F, asSpaces) };
}

const flat = (ms: readonly Matrix[]): number[] => ms.flatMap((m) => Array.from(m.data));
const norm = (v: readonly number[]): number => Math.sqrt(v.reduce((a, x) => a + x * x, 0));

for (const [reference, electrons] of [['rhf', undefined], ['uhf', { nalpha: 5, nbeta: 4 }]] as const) {
  test(`${reference.toUpperCase()}: the Hessian product is the derivative of the rotation gradient, and the gradient that of the energy (central differences)`, () => {
    // Water 6-31G* (the cation doublet for UHF) after 3 DIIS iterations: the gradient is far from 0.
    const problem = referenceProblem('h2o_631gs', electrons);
    const { spaces } = spacesPartWay(problem, reference, 3);
    // A random direction of unit length, so that h is the step length.
    const raw = spaces.map((sp, s) => randomMatrix(sp.virtual.cols, sp.occupied.cols, 7 + s));
    const kappa = raw.map((m) => scaled(m, 1 / norm(flat(raw))));
    const g0 = scf.rotationGradient(reference, scf.buildFock(reference, problem.coreHamiltonian, problem.jk, spaces.map((sp) => scf.densityFromOrbitals(sp.occupied, new Float64Array(sp.occupied.cols).fill(reference === 'rhf' ? 2 : 1)))), spaces);
    assert.ok(norm(flat(g0)) > 1e-2, `gradient ${norm(flat(g0))}`);
    // h = 1e-4 along a unit κ: the central-difference error is O(h²)·(third derivative) ≈ 1e-8
    // relative, round-off ε·|E|/h ≈ 2e-10 Eh (ε·|g|/h ≈ 1e-12 for the gradient); 1e-6 relative
    // leaves a margin of 100 for the third derivatives.
    const h = 1e-4;
    const plus = rotatedPoint(problem, reference, spaces, kappa, h);
    const minus = rotatedPoint(problem, reference, spaces, kappa, -h);
    const fd = flat(plus.gradient).map((v, i) => (v - flat(minus.gradient)[i]!) / (2 * h));
    const Hk = flat(scf.orbitalHessianProduct(reference, problem.jk, spaces, kappa));
    const err = norm(fd.map((v, i) => v - Hk[i]!)) / norm(Hk);
    assert.ok(err < 1e-6, `|FD − Hκ|/|Hκ| = ${err.toExponential(2)}`);
    // dE/dh = g·κ: the gradient's scale (4F_ai RHF, 2F_ai UHF) is that of the energy.
    const dE = (plus.energy - minus.energy) / (2 * h);
    const gk = flat(g0).reduce((a, v, i) => a + v * flat(kappa)[i]!, 0);
    assert.ok(Math.abs(dE - gk) < 1e-6 * Math.abs(gk), `dE/dh ${dE} vs g·κ ${gk}`);
  });
}

test('the exact rotation keeps the orbitals orthonormal (CᵀSC = I) for a large κ', () => {
  const problem = referenceProblem('h2o_631gs');
  const { spaces } = spacesPartWay(problem, 'rhf', 2);
  const sp = spaces[0]!;
  const { occupied, virtual } = scf.rotateOrbitals(sp.occupied, sp.virtual, randomMatrix(sp.virtual.cols, sp.occupied.cols, 3));
  const C = { rows: occupied.rows, cols: occupied.cols + virtual.cols, data: new Float64Array(occupied.rows * (occupied.cols + virtual.cols)) };
  for (let i = 0; i < C.rows; i++) {
    for (let j = 0; j < occupied.cols; j++) C.data[i * C.cols + j] = occupied.data[i * occupied.cols + j]!;
    for (let j = 0; j < virtual.cols; j++) C.data[i * C.cols + occupied.cols + j] = virtual.data[i * virtual.cols + j]!;
  }
  const dev = maxAbs(subtract(congruence(problem.overlap, C), identity(C.cols)));
  assert.ok(dev < 1e-12, `max |CᵀSC − I| = ${dev.toExponential(2)}`);
});

/** The dense orbital Hessian at a converged solution, one Hessian product per column; its eigenvalues, ascending. */
function hessianEigenvalues(reference: 'rhf' | 'uhf', result: scf.ScfResult, problem: ScfProblem): Float64Array {
  const { X } = orthogonalizer(problem.overlap);
  const D = scf.spinDensities(reference, result.densities);
  const nocc = [problem.nalpha, problem.nbeta];
  const spaces = result.fock.map((f, s) => scf.orbitalSpaces(f, D[s]!, problem.overlap, X, nocc[s]!));
  const sizes = spaces.map((sp) => sp.occupied.cols * sp.virtual.cols);
  const n = sizes.reduce((a, b) => a + b, 0);
  const H = zeros(n, n);
  for (let k = 0; k < n; k++) {
    const unit = spaces.map((sp) => zeros(sp.virtual.cols, sp.occupied.cols));
    const s = k < sizes[0]! ? 0 : 1;
    unit[s]!.data[k - (s === 0 ? 0 : sizes[0]!)] = 1;
    const column = flat(scf.orbitalHessianProduct(reference, problem.jk, spaces, unit));
    for (let l = 0; l < n; l++) H.data[l * n + k] = column[l]!;
  }
  const sym = zeros(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sym.data[i * n + j] = 0.5 * (H.data[i * n + j]! + H.data[j * n + i]!);
  return eigh(sym).values;
}

test("the exact Hessian's eigenvalues at stretched H2 are Psi4's stability eigenvalues (RHF: 4×singlet; UHF: 2×singlet and 2×triplet)", () => {
  // E(κ) = E₀ + g·κ + ½κᵀHκ in the rotation κ_ai; Psi4's stability matrices are H/4 (RHF, singlet)
  // and, for UHF at the spin-restricted solution, H/2 on (κ^α ± κ^β)/√2. Psi4 printed 6 decimals.
  const c = byName('h2_2.5A_stab_rhf_631gss');
  const singlet = runCase(c.name, { reference: 'rhf' }, (result, problem) => {
    assert.ok(Math.abs(result.energy - c.energy) < 1e-8);
    return Array.from(hessianEigenvalues('rhf', result, problem).slice(0, 5)).map((v) => v / 4);
  });
  const dev = Math.max(...singlet.map((v, i) => Math.abs(v - c.singlet_rhf_to_rhf_eigenvalues_printed![i]!)));
  assert.ok(dev < 2e-6, `singlet ${singlet.map((v) => v.toFixed(6))} vs Psi4 ${c.singlet_rhf_to_rhf_eigenvalues_printed}`);
  const both = runCase(c.name, { reference: 'uhf' }, (result, problem) => Array.from(hessianEigenvalues('uhf', result, problem)).map((v) => v / 2));
  const expected = [...c.singlet_rhf_to_rhf_eigenvalues_printed!, ...c.triplet_rhf_to_uhf_eigenvalues_printed!].sort((a, b) => a - b);
  for (const e of expected) {
    const nearest = Math.min(...both.map((v) => Math.abs(v - e)));
    assert.ok(nearest < 2e-6, `Psi4 ${e}: nearest UHF Hessian eigenvalue/2 is ${nearest.toExponential(2)} away`);
  }
  assert.ok(Math.abs(both[0]! - -0.322461) < 2e-6, `the lowest is the triplet instability, ${both[0]}`);
});

test('SOSCF converges water/cc-pVDZ (RHF) from the core guess to the DIIS and Psi4 energy, in fewer iterations', () => {
  const problem = referenceProblem('h2o_ccpvdz');
  const diis = scf.run(problem, { guess: 'core' });
  const soscf = scf.run(problem, { guess: 'core', soscf: true });
  const ref = publicCase('h2o_ccpvdz').energy;
  assert.ok(diis.converged && soscf.converged);
  assert.ok(Math.abs(soscf.energy - ref) < 1e-8 && Math.abs(soscf.energy - diis.energy) < 1e-8, `${soscf.energy} vs ${ref}`);
  const steps = soscf.history.map((h) => h.step);
  assert.ok(steps.includes('soscf') && steps.includes('diis'), steps.join(' '));
  // Measured: 8 iterations (3 DIIS, 5 SOSCF) against 13 with DIIS alone.
  assert.ok(soscf.iterations < diis.iterations, `${soscf.iterations} vs ${diis.iterations}`);
  for (const h of soscf.history) {
    if (h.step !== 'soscf') continue;
    assert.ok(h.diisError < scf.DEFAULT_CONTROLS.soscfStartConvergence, 'only below the start threshold');
    assert.ok(h.soscf!.microIterations >= 1 && h.soscf!.microIterations <= 5 && h.damping === 0 && h.levelShift === 0);
  }
});

test('with the Newton equations solved tightly, the orbital gradient falls quadratically', () => {
  const problem = referenceProblem('h2o_ccpvdz');
  const r = scf.run(problem, { guess: 'core', soscf: true, soscfConv: 1e-10, soscfMaxIter: 60, convergence: { energy: 1e-12, density: 1e-10 } });
  assert.ok(r.converged);
  const g = r.history.filter((h) => h.step === 'soscf').map((h) => h.diisError);
  // Quadratic: g_{k+1} ≤ c·g_k² with one c across the steps (measured 7.6e-3 → 3.0e-4 → 1.2e-6 → 1.8e-11,
  // c = 5.3, 13, 12), while g_{k+1}/g_k → 0 (linear convergence would keep the ratio fixed).
  const pairs = g.slice(1).map((v, k) => ({ ratio: v / g[k]!, quad: v / g[k]! ** 2 })).filter((p, k) => g[k]! > 1e-9);
  assert.ok(pairs.length >= 2, `${g.map((v) => v.toExponential(1))}`);
  for (const p of pairs) assert.ok(p.quad < 30, `g_{k+1}/g_k² = ${p.quad} (gradients ${g.map((v) => v.toExponential(1))})`);
  assert.ok(pairs[pairs.length - 1]!.ratio < 1e-2, `the last ratio ${pairs[pairs.length - 1]!.ratio}`);
});

test('SOSCF converges the UHF OH radical (6-31G*) from the core guess to the DIIS and Psi4 energy', () => {
  const c = byName('oh_uhf_631gs');
  const diis = runCase(c.name, { guess: 'core' });
  const soscf = runCase(c.name, { guess: 'core', soscf: true });
  assert.ok(diis.converged && soscf.converged);
  assert.is(soscf.reference, 'uhf');
  assert.ok(Math.abs(soscf.energy - c.energy) < 1e-8 && Math.abs(soscf.energy - diis.energy) < 1e-8, `${soscf.energy} vs ${c.energy}`);
  assert.ok(Math.abs(soscf.spin!.s2 - diis.spin!.s2) < 1e-7, `⟨S²⟩ ${soscf.spin!.s2} vs ${diis.spin!.s2}`);
  assert.ok(soscf.history.filter((h) => h.step === 'soscf').length >= 2);
});

test('SOSCF converges stretched N2 (2.0 Å, 6-31G*) from the core guess to the DIIS solution, and from SAD to Psi4', () => {
  // From the core guess DIIS and SOSCF reach the same excited RHF solution (6.5 mEh above Psi4's,
  // which starts from SAD); both are saddle points (Psi4 finds the SAD one RHF→RHF unstable).
  const c = byName('n2_2.0A_stab_rhf_631gs');
  const diis = runCase(c.name, { guess: 'core', reference: 'rhf' });
  const soscf = runCase(c.name, { guess: 'core', reference: 'rhf', soscf: true });
  assert.ok(diis.converged && soscf.converged);
  assert.ok(Math.abs(soscf.energy - diis.energy) < 1e-8, `${soscf.energy} vs ${diis.energy}`);
  assert.ok(soscf.iterations < diis.iterations, `${soscf.iterations} vs ${diis.iterations}`);
  const sad = runCase(c.name, { reference: 'rhf', soscf: true });
  assert.ok(sad.converged && Math.abs(sad.energy - c.energy) < 1e-8, `${sad.energy} vs Psi4 ${c.energy}`);
});

test('SOSCF finds the broken-symmetry UHF minimum of the OH radical stretched to 2 Å from the core guess, where DIIS stops at a saddle point', () => {
  // No Psi4 reference at this geometry: the check is the Hessian. Measured: DIIS −75.16453 Eh
  // (⟨S²⟩ 0.758), SOSCF −75.28348 Eh (⟨S²⟩ 1.67, O(³P) and H spins coupled, broken symmetry).
  const A = 1 / 0.52917721067;
  const molecule = fromAtoms([['O', 0, 0, 0], ['H', 0, 0, 2.0 * A]], { units: 'bohr', charge: 0, multiplicity: 2 });
  const lowest = (soscf: boolean): { result: scf.ScfResult; lowest: number[] } => {
    const prepared = scf.prepareCalculation(molecule, scf.parseScfParameters({ basis_set: '6-31g*', puream: false, guess: 'core', soscf }), { threads: 1 });
    try {
      const result = scf.run(prepared);
      return { result, lowest: Array.from(hessianEigenvalues('uhf', result, prepared.problem).slice(0, 3)) };
    } finally {
      prepared.dispose();
    }
  };
  const diis = lowest(false), soscf = lowest(true);
  assert.ok(diis.result.converged && soscf.result.converged);
  assert.ok(soscf.result.energy < diis.result.energy - 0.1, `${soscf.result.energy} vs ${diis.result.energy}`);
  assert.ok(soscf.result.spin!.s2 > 1.5 && diis.result.spin!.s2 < 0.8, `⟨S²⟩ ${soscf.result.spin!.s2}, ${diis.result.spin!.s2}`);
  assert.ok(diis.lowest[0]! < -1e-3, `DIIS's solution has a negative Hessian eigenvalue, ${diis.lowest}`);
  // SOSCF's is a minimum: no negative eigenvalue beyond round-off; one zero mode (measured
  // |λ| ~ 2e-11), the rotation of the broken-symmetry solution about the bond axis, then > 0.
  assert.ok(soscf.lowest[0]! > -1e-8 && Math.abs(soscf.lowest[0]!) < 1e-8 && soscf.lowest[1]! > 1e-3, `lowest Hessian eigenvalues ${soscf.lowest}`);
});

test('with density fitting the Hessian products use the fitted J/K, and SOSCF reaches the DF-DIIS energy', () => {
  // Measured: both −75.989777547157 Eh (water/cc-pVDZ, cc-pVDZ-JKFIT; 1.8e-5 Eh above the exact
  // −75.989795787), 13 DIIS against 8 iterations.
  const c = byName('h2o_ccpvdz');
  const diis = runCase(c.name, { guess: 'core', scf_type: 'df' });
  const soscf = runCase(c.name, { guess: 'core', scf_type: 'df', soscf: true });
  assert.ok(diis.converged && soscf.converged && soscf.history.some((h) => h.step === 'soscf'));
  assert.ok(Math.abs(soscf.energy - diis.energy) < 1e-8, `${soscf.energy} vs ${diis.energy}`);
});

test('no second-order step is taken from a density that is not of orbitals (the SAD guess)', () => {
  const c = byName('oh_uhf_631gs');
  const r = runCase(c.name, { soscf: true, soscf_start_convergence: 10 });
  assert.is.not(r.history[0]!.step, 'soscf');
  assert.is(r.history[1]!.step, 'soscf');
  assert.ok(r.converged && Math.abs(r.energy - c.energy) < 1e-8);
});

test('SOSCF with ROHF, or a bad SOSCF setting, is refused naming the field', () => {
  const problem = referenceProblem('h2o_sto3g', { nalpha: 5, nbeta: 4 });
  const refused = (options: scf.ScfOptions, field: string): void => {
    try {
      scf.run(problem, options);
      assert.unreachable('should throw');
    } catch (e) {
      assert.instance(e, InvalidInputError);
      assert.is((e as InvalidInputError).location?.field, field);
    }
  };
  refused({ reference: 'rohf', soscf: true }, 'soscf');
  refused({ soscf: true, soscfMaxIter: 0 }, 'soscfMaxIter');
  refused({ soscf: true, soscfConv: 0 }, 'soscfConv');
  assert.throws(() => scf.parseScfParameters({ soscf_start_convergence: -1 }), /soscf_start_convergence/);
});

test('a run resumed from a record part-way continues with SOSCF steps to the same energy', () => {
  const problem = referenceProblem('h2o_631gs');
  const full = scf.run(problem, { guess: 'core', soscf: true });
  const it = scf.iterate(problem, { guess: 'core', soscf: true });
  let step = it.next();
  while (scf.isIteration(step) && step.value.step !== 'soscf') step = it.next();
  assert.ok(scf.isIteration(step));
  const record = step.value;
  const resumed = scf.run(problem, { soscf: true, start: { density: record.density, iteration: record.iteration + 1, diis: record.diisState, previousEnergy: record.energy } });
  assert.ok(resumed.converged && Math.abs(resumed.energy - full.energy) < 1e-10);
  assert.is(resumed.iterations, full.iterations);
  assert.ok(resumed.history.every((h) => h.step === 'soscf'));
});

test.run();
