import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as scf from '../../src/scf';
import { fromAtoms } from '../../src/geometry';
import { InvalidInputError } from '../../src/errors';
import { parametersFromKeywords } from '../../src/io/qcschema';
import { REFERENCE_DIR } from './reference-data';

/*
 * Stability analysis against Psi4 1.3.2 (methods-cases.json, scf_type pk, SAD guess, converged
 * to |ΔE| < 1e-10 Eh and RMS ΔD < 1e-10 as Psi4 was), on the bohr nuclei Psi4 used.
 * - rhf_stability_check: the five lowest singlet (RHF → RHF) and triplet (RHF → UHF) eigenvalues
 *   Psi4 printed to 6 decimals; ours must round to them, i.e. agree within 5e-7 Eh (+1e-9 for
 *   our own convergence). Small cases here; benzene and caffeine are in bench/stability.ts.
 * - uhf_stability_follow: the energy before and after following to 1e-8 Eh; the lowest
 *   eigenvalue before and after (Psi4's full-precision values) to 1e-6 Eh (Psi4's Davidson
 *   converges its residual to 1e-6); ⟨S²⟩ before/after to 1e-6; the number of following
 *   steps and their scales exactly.
 */

interface StabCase {
  name: string; method: string; basis: string; charge: number; multiplicity: number; puream: boolean; reference: 'rhf' | 'uhf';
  atoms_bohr: [string, number, number, number][]; energy: number;
  singlet_rhf_to_rhf_eigenvalues_printed?: number[]; triplet_rhf_to_uhf_eigenvalues_printed?: number[];
  unstable_rhf_to_rhf?: boolean; unstable_rhf_to_uhf?: boolean;
  energy_before_following?: number; lowest_stability_eigenvalue_before?: number; lowest_stability_eigenvalue_after?: number;
  n_following_steps?: number; rotation_step_scales?: number[]; still_unstable_at_end?: boolean; s2_before?: number; s2_after?: number;
  psi4_options: { max_attempts?: number };
}

const cases = JSON.parse(readFileSync(path.join(REFERENCE_DIR, 'methods-cases.json'), 'utf8')) as StabCase[];
const byName = (name: string): StabCase => cases.find((c) => c.name === name)!;

function runCase(c: StabCase, params: Record<string, unknown>, inspect?: (prepared: scf.PreparedCalculation, result: scf.ScfResult) => void): scf.ScfResult {
  const molecule = fromAtoms(c.atoms_bohr, { units: 'bohr', charge: c.charge, multiplicity: c.multiplicity });
  const prepared = scf.prepareCalculation(molecule, scf.parseScfParameters({
    basis_set: c.basis, puream: c.puream, reference: c.reference, convergence: { energy: 1e-10, density: 1e-10 }, ...params,
  }), { threads: 1 });
  try {
    const result = scf.run(prepared);
    inspect?.(prepared, result);
    return result;
  } finally {
    prepared.dispose();
  }
}

const SMALL_RHF = ['h2_2.5A_stab_rhf_631gss', 'n2_2.0A_stab_rhf_631gs', 'h2o_sto3g_stab_rhf', 'h2_sto3g_stab_rhf', 'ch4_sto3g_stab_rhf'];

for (const name of SMALL_RHF) {
  test(`${name}: the five lowest singlet and triplet eigenvalues round to Psi4's printed ones`, () => {
    const c = byName(name);
    const result = runCase(c, { stability_analysis: 'check' });
    assert.ok(result.converged);
    assert.ok(Math.abs(result.energy - c.energy) < 1e-8, `E ${result.energy} vs ${c.energy}`);
    const report = result.stability!;
    assert.is(report.mode, 'check');
    assert.is(report.analyses.length, 1);
    assert.is(report.followSteps, 0);
    const [singlet, triplet] = report.analyses[0]!.eigenvalues;
    assert.is(singlet!.kind, 'rhf-singlet');
    assert.is(triplet!.kind, 'rhf-triplet');
    const check = (ours: readonly number[], psi4: number[], what: string) => {
      assert.is(ours.length, psi4.length, `${what}: count`);
      const worst = Math.max(...psi4.map((v, k) => Math.abs(ours[k]! - v)));
      assert.ok(worst <= 5e-7 + 1e-9, `${what}: worst ${worst.toExponential(2)}; ours ${ours.map((v) => v.toFixed(7))}, Psi4 ${psi4}`);
    };
    check(singlet!.values, c.singlet_rhf_to_rhf_eigenvalues_printed!, 'singlet');
    check(triplet!.values, c.triplet_rhf_to_uhf_eigenvalues_printed!, 'triplet');
    assert.is(singlet!.unstable, c.unstable_rhf_to_rhf);
    assert.is(triplet!.unstable, c.unstable_rhf_to_uhf);
    assert.ok(singlet!.converged && triplet!.converged);
    assert.ok(result.history.every((h) => h.followStep === 0));
  });
}

for (const name of ['h2_2.5A_stab_uhf_631gss', 'n2_2.0A_stab_uhf_631gs']) {
  test(`${name}: following the UHF instability reaches Psi4's broken-symmetry energy to 1e-8 Eh`, () => {
    const c = byName(name);
    let roots: number[] = [];
    const result = runCase(c, { stability_analysis: 'follow', max_attempts: c.psi4_options.max_attempts }, (prepared, r) => {
      roots = Array.from(scf.uhfStability(prepared.problem.jk, r, [prepared.problem.nalpha, prepared.problem.nbeta], 4).analysis.eigenvalues[0]!.values);
    });
    const report = result.stability!;
    assert.ok(result.converged);
    assert.ok(Math.abs(report.energyBeforeFollowing - c.energy_before_following!) < 1e-8, `before: ${report.energyBeforeFollowing} vs ${c.energy_before_following}`);
    assert.ok(Math.abs(result.energy - c.energy) < 1e-8, `after: ${result.energy} vs ${c.energy}, Δ ${(result.energy - c.energy).toExponential(2)}`);
    assert.is(report.followSteps, c.n_following_steps);
    assert.equal(report.stepScales, c.rotation_step_scales);
    assert.is(report.stillUnstable, c.still_unstable_at_end);
    assert.is(report.analyses.length, c.n_following_steps! + 1);
    const before = report.analyses[0]!.lowest, after = report.analyses[report.analyses.length - 1]!.lowest;
    assert.ok(Math.abs(before - c.lowest_stability_eigenvalue_before!) < 1e-6, `lowest before ${before} vs ${c.lowest_stability_eigenvalue_before}`);
    // Psi4's one-root Davidson starts from unit vectors, which in the canonical orbitals of a
    // symmetric molecule never leave their symmetry species: for N2 it reports the third root
    // (0.293341), missing the lower degenerate pair (0.281263, checked against the dense Hessian
    // in development). So: ours is the lowest of the four lowest, and Psi4's value is one of them.
    assert.ok(Math.abs(after - roots[0]!) < 1e-9, `lowest after ${after}, roots ${roots}`);
    assert.ok(after > 0 && after <= c.lowest_stability_eigenvalue_after! + 1e-9);
    assert.ok(roots.some((v) => Math.abs(v - c.lowest_stability_eigenvalue_after!) < 1e-6), `Psi4's ${c.lowest_stability_eigenvalue_after} among ${roots}`);
    assert.ok(Math.abs(report.s2BeforeFollowing! - c.s2_before!) < 1e-6, `⟨S²⟩ before ${report.s2BeforeFollowing}`);
    assert.ok(Math.abs(result.spin!.s2 - c.s2_after!) < 1e-6, `⟨S²⟩ after ${result.spin!.s2} vs ${c.s2_after}`);
    // Every record says which SCF it belongs to; the iteration count runs on across the restart.
    const steps = result.history.map((h) => h.followStep);
    assert.is(steps[0], 0);
    assert.is(steps[steps.length - 1], c.n_following_steps);
    assert.equal(result.history.map((h) => h.iteration), result.history.map((_, k) => result.history[0]!.iteration + k));
  });
}

test('check on the UHF solution reports the instability without following it', () => {
  const c = byName('h2_2.5A_stab_uhf_631gss');
  const result = runCase(c, { stability_analysis: 'check' });
  const report = result.stability!;
  assert.is(report.followSteps, 0);
  assert.ok(report.stillUnstable);
  assert.ok(Math.abs(result.energy - c.energy_before_following!) < 1e-8);
  assert.ok(Math.abs(report.analyses[0]!.lowest - c.lowest_stability_eigenvalue_before!) < 1e-6);
});

test('the reference restrictions are InvalidInputErrors naming the field, before any iteration', () => {
  const h2 = byName('h2_2.5A_stab_uhf_631gss');
  const molecule = fromAtoms(h2.atoms_bohr, { units: 'bohr' });
  const attempt = (params: Record<string, unknown>) => () => scf.prepareCalculation(molecule, scf.parseScfParameters({ basis_set: 'sto-3g', ...params }), { threads: 1 });
  for (const [params, pattern] of [
    [{ stability_analysis: 'follow' }, /stability_analysis.*needs reference uhf/],
    [{ stability_analysis: 'follow', reference: 'rhf' }, /stability_analysis.*needs reference uhf/],
    [{ stability_analysis: 'check', reference: 'rohf' }, /stability_analysis.*not available for reference rohf/],
  ] as const) {
    try {
      attempt(params)();
      assert.unreachable(`accepted ${JSON.stringify(params)}`);
    } catch (e) {
      assert.instance(e, InvalidInputError);
      assert.match((e as Error).message, pattern);
    }
  }
  assert.throws(() => scf.parseScfParameters({ stability_analysis: 'sometimes' }), /stability_analysis.*must be one of "none", "check", "follow"/);
  assert.throws(() => scf.parseScfParameters({ follow_step_scale: 0 }), /follow_step_scale/);
  assert.throws(() => scf.parseScfParameters({ max_attempts: 0.5 }), /max_attempts/);
  assert.throws(() => scf.checkScfOptions({ maxAttempts: -1 }), /maxAttempts/);
});

test("Psi4's keywords stability_analysis, follow_step_scale and max_attempts map to the parameters of the same names", () => {
  assert.equal(parametersFromKeywords({ stability_analysis: 'FOLLOW', follow_step_scale: 0.3, max_attempts: 5 }), { stability_analysis: 'follow', follow_step_scale: 0.3, max_attempts: 5 });
});

test('rotateAlongInstability is a plane rotation per (i, a): orthonormality is kept', () => {
  const C = { rows: 2, cols: 2, data: Float64Array.of(1, 0, 0, 1) };
  const [R] = scf.rotateAlongInstability([C], [1], Float64Array.of(1), 1);
  // θ = π/2: the occupied and virtual columns swap (with a sign).
  assert.ok(Math.abs(R!.data[0]!) < 1e-15 && Math.abs(R!.data[2]! - 1) < 1e-15 && Math.abs(R!.data[1]! - -1) < 1e-15);
});

test.run();
