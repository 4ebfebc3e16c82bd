import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as scf from '../../src/scf';
import {
  fromArray, toArray, identity, zeros, maxAbs, subtract, orthogonalizer, matmul, congruence, type Matrix,
} from '../../src/linalg';
import { fullTensorJK } from '../helpers/full-tensor-jk';

/*
 * Tier 1: each SCF step on cases small enough to work out by hand.
 */

const close = (a: number, b: number, tol = 1e-14): boolean => Math.abs(a - b) <= tol;

test('densityFromOrbitals sums n_i C_μi C_νi over occupied columns only', () => {
  const C = fromArray([[Math.SQRT1_2, Math.SQRT1_2], [Math.SQRT1_2, -Math.SQRT1_2]]);
  const D = scf.densityFromOrbitals(C, scf.aufbauOccupations(2, 1, 2));
  assert.ok(maxAbs(subtract(D, fromArray([[1, 1], [1, 1]]))) < 1e-15);
  const Dfrac = scf.densityFromOrbitals(C, [1, 1]);
  assert.ok(maxAbs(subtract(Dfrac, identity(2))) < 1e-15, 'both orbitals singly occupied give the identity');
  assert.equal(Array.from(scf.aufbauOccupations(4, 2, 2)), [2, 2, 0, 0]);
});

test('one basis function, two electrons: F = h + g and E = 2h + g', () => {
  // H₂-like toy: one normalised function, core energy h, (11|11) = g.
  const h = -1.25, g = 0.75;
  const H = fromArray([[h]]);
  const jk = fullTensorJK(Float64Array.of(g), 1);
  const D = fromArray([[2]]);
  const [F] = scf.buildFock('rhf', H, jk, [D]);
  assert.ok(close(F!.data[0]!, h + g), `F = ${F!.data[0]}`);
  assert.ok(close(scf.electronicEnergy('rhf', H, [D], [F!]), 2 * h + g));
  const c = scf.energyComponents('rhf', H, [D], [F!], 0.5);
  assert.ok(close(c.oneElectron, 2 * h) && close(c.twoElectron, g) && close(c.total, 2 * h + g + 0.5));
  // The same as UHF with one α and one β electron.
  const half = fromArray([[1]]);
  const [Fa, Fb] = scf.buildFock('uhf', H, jk, [half, half]);
  assert.ok(close(Fa!.data[0]!, h + g) && close(Fb!.data[0]!, h + g));
  assert.ok(close(scf.electronicEnergy('uhf', H, [half, half], [Fa!, Fb!]), 2 * h + g));
  // One α electron only: no self-interaction, E = h.
  const [Fa1, Fb1] = scf.buildFock('uhf', H, jk, [half, zeros(1)]);
  assert.ok(close(scf.electronicEnergy('uhf', H, [half, zeros(1)], [Fa1!, Fb1!]), h));
});

test('rhfFock and uhfFock combine H, J and K elementwise', () => {
  const H = fromArray([[1, 2], [2, 3]]), J = fromArray([[4, 0], [0, 4]]), K = fromArray([[2, 2], [2, 2]]);
  assert.equal(toArray(scf.rhfFock(H, J, K)), [[4, 1], [1, 6]]);
  const [Fa, Fb] = scf.uhfFock(H, [J, J], [K, zeros(2)]);
  assert.equal(toArray(Fa), [[7, 0], [0, 9]]);
  assert.equal(toArray(Fb), [[9, 2], [2, 11]]);
});

test('the GWH guess keeps the diagonal of H and scales the off-diagonal by ½·1.75·S_μν', () => {
  const H = fromArray([[-2, -1], [-1, -0.5]]);
  const S = fromArray([[1, 0.4], [0.4, 1]]);
  const F = scf.gwhGuessFock(H, S);
  assert.ok(close(F.data[0]!, -2) && close(F.data[3]!, -0.5));
  assert.ok(close(F.data[1]!, 0.5 * 1.75 * 0.4 * (-2 - 0.5)) && F.data[1] === F.data[2]);
  assert.equal(toArray(scf.coreGuessFock(H)), toArray(H));
});

test('diagonalizeFock solves F·C = S·C·ε and a level shift raises only the virtual orbital energies', () => {
  const S = fromArray([[1, 0.3, 0.1], [0.3, 1, 0.2], [0.1, 0.2, 1]]);
  const F = fromArray([[-1, 0.1, 0], [0.1, -0.3, 0.05], [0, 0.05, 0.4]]);
  const { X } = orthogonalizer(S);
  const { coefficients: C, energies } = scf.diagonalizeFock(F, X);
  assert.ok(maxAbs(subtract(congruence(S, C), identity(3))) < 1e-14, 'CᵀSC = I');
  const FC = matmul(F, C), SC = matmul(S, C);
  for (let i = 0; i < 3; i++) for (let k = 0; k < 3; k++) assert.ok(close(FC.data[i * 3 + k]!, SC.data[i * 3 + k]! * energies[k]!, 1e-14));
  // Shift with the density of the lowest orbital: ε₀ unchanged, ε₁, ε₂ up by σ.
  const D = scf.densityFromOrbitals(C, [1]);
  const shifted = scf.diagonalizeFock(F, X, { shift: 0.7, spinDensity: D, overlap: S });
  assert.ok(close(shifted.energies[0]!, energies[0]!, 1e-13));
  assert.ok(close(shifted.energies[1]!, energies[1]! + 0.7, 1e-13) && close(shifted.energies[2]!, energies[2]! + 0.7, 1e-13));
});

test('the orbital gradient is antisymmetric and vanishes when F and D commute', () => {
  const S = fromArray([[1, 0.3], [0.3, 1]]);
  const F = fromArray([[-1, 0.2], [0.2, 0.5]]);
  const { X } = orthogonalizer(S);
  const { coefficients: C } = scf.diagonalizeFock(F, X);
  const Dself = scf.densityFromOrbitals(C, [1]);
  assert.ok(maxAbs(scf.orbitalGradient(F, Dself, S, X)) < 1e-15, 'zero at self-consistency');
  const e = scf.orbitalGradient(F, fromArray([[1, 0], [0, 0]]), S, X);
  assert.ok(maxAbs(e) > 1e-3);
  assert.ok(close(e.data[1]!, -e.data[2]!) && e.data[0] === 0 && e.data[3] === 0);
});

test('DIIS minimises |Σ c e| with Σ c = 1: errors (1, 0) and (0, 2) give c = (4/5, 1/5)', () => {
  const F1 = fromArray([[10]]), F2 = fromArray([[20]]);
  let diis = scf.emptyDiis();
  diis = scf.diisPush(diis, [F1], [fromArray([[1, 0]])], 8);
  assert.equal(Array.from(scf.diisExtrapolate(diis).coefficients), [1], 'one vector: no extrapolation');
  diis = scf.diisPush(diis, [F2], [fromArray([[0, 2]])], 8);
  const ext = scf.diisExtrapolate(diis);
  assert.ok(close(ext.coefficients[0]!, 0.8) && close(ext.coefficients[1]!, 0.2), `${ext.coefficients}`);
  assert.ok(close(ext.focks[0]!.data[0]!, 12));
  assert.is(ext.discarded, 0);
});

test('DIIS keeps at most size vectors and drops old ones when the system is singular', () => {
  let diis = scf.emptyDiis();
  for (let k = 0; k < 5; k++) diis = scf.diisPush(diis, [fromArray([[k]])], [fromArray([[1, 1]])], 3);
  assert.is(diis.focks.length, 3);
  assert.equal(diis.focks.map((f) => f[0]!.data[0]), [2, 3, 4]);
  // Identical errors: B is singular until one vector is left, which is the latest Fock matrix.
  const ext = scf.diisExtrapolate(diis);
  assert.is(ext.discarded, 2);
  assert.is(ext.focks[0]!.data[0], 4);
});

test('DIIS states are immutable: pushing does not change an earlier state', () => {
  const a = scf.diisPush(scf.emptyDiis(), [identity(1)], [identity(1)], 2);
  const b = scf.diisPush(a, [identity(1)], [identity(1)], 2);
  assert.is(a.focks.length, 1);
  assert.is(b.focks.length, 2);
});

test('SAD occupations follow aufbau with the open subshell averaged', () => {
  const o = Array.from(scf.sadOccupations(8));
  assert.equal(o.slice(0, 2), [2, 2]);
  assert.ok(o.slice(2).every((v) => close(v, 4 / 3)) && o.length === 5);
  assert.equal(Array.from(scf.sadOccupations(1)), [1]);
  assert.equal(Array.from(scf.sadOccupations(10)), [2, 2, 2, 2, 2]);
  const na = Array.from(scf.sadOccupations(11));
  assert.is(na.length, 6);
  assert.is(na[5], 1);
  const fe = Array.from(scf.sadOccupations(26)); // [Ar] 4s² 3d⁶
  assert.is(fe.length, 15);
  assert.ok(fe.slice(10).every((v) => close(v, 6 / 5)));
  const sum = (a: number[]): number => a.reduce((x, y) => x + y, 0);
  for (const Z of [1, 2, 6, 7, 9, 17, 36, 54]) assert.ok(close(sum(Array.from(scf.sadOccupations(Z))), Z, 1e-12), `Z=${Z}`);
});

test('⟨S²⟩ is 0 for a closed shell, 3/4 for one unpaired electron and 2 for two parallel spins', () => {
  const S = identity(3);
  const d = (k: number[]): Matrix => {
    const m = zeros(3, 3);
    for (const i of k) m.data[i * 3 + i] = 1;
    return m;
  };
  assert.ok(close(scf.spinExpectation(d([0]), d([0]), S, 1, 1).s2, 0));
  const doublet = scf.spinExpectation(d([0, 1]), d([0]), S, 2, 1);
  assert.ok(close(doublet.s2, 0.75) && close(doublet.s2Exact, 0.75) && close(doublet.contamination, 0));
  assert.ok(close(scf.spinExpectation(d([0, 1]), zeros(3), S, 2, 0).s2, 2));
  // Broken symmetry: α in orbital 0, β in orbital 1 (orthogonal) — an M_s = 0 mixture with ⟨S²⟩ = 1.
  assert.ok(close(scf.spinExpectation(d([0]), d([1]), S, 1, 1).s2, 1));
});

test.run();
