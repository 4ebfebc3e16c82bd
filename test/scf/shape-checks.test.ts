import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InvalidInputError } from '../../src/errors';
import { fromArray, identity, zeros, type Matrix } from '../../src/linalg';
import {
  buildFock,
  coreGuessFock,
  densityFromOrbitals,
  diagonalizeFock,
  diisPush,
  electronicEnergy,
  emptyDiis,
  energyComponents,
  gwhGuessFock,
  lowdinCharges,
  mullikenCharges,
  orbitalGradient,
  rohfEffectiveFock,
  rohfOrbitals,
  rohfStartOrbitals,
  rhfFock,
  spinExpectation,
  uhfFock,
} from '../../src/scf';
import type { JKBuilder } from '../../src/integrals/jk';

/** Asserts that `run` throws an InvalidInputError with exactly `message`. */
function throwsInvalid(run: () => unknown, message: string): void {
  try {
    run();
  } catch (e) {
    assert.instance(e, InvalidInputError);
    assert.is((e as Error).message, message);
    assert.not.match(message, /\n/, 'one line');
    return;
  }
  assert.unreachable(`expected: ${message}`);
}

const H7 = zeros(7), J24 = zeros(24), K24 = zeros(24);
const I2 = identity(2), Z2 = zeros(2), Z3 = zeros(3);
const H2 = fromArray([[-1, -0.5], [-0.5, -1]]);

test('rhfFock names the mismatched argument, and a matching call still works', () => {
  throwsInvalid(() => rhfFock(H7, J24, K24), 'rhfFock: J is 24×24 but H is 7×7 (all three must be n×n with the same n)');
  throwsInvalid(() => rhfFock(zeros(7, 5), zeros(7, 5), zeros(7, 5)), 'rhfFock: H is 7×5 but must be square (all three must be n×n with the same n)');
  throwsInvalid(() => rhfFock(Z2, Z2, Z3), 'rhfFock: K is 3×3 but H is 2×2 (all three must be n×n with the same n)');
  assert.equal(Array.from(rhfFock(H2, I2, I2).data), [-0.5, -0.5, -0.5, -0.5]);
});

test('uhfFock checks all five matrices and the number of spins', () => {
  throwsInvalid(() => uhfFock(Z2, [Z2, Z2], [Z2, Z3]), 'uhfFock: K[1] is 3×3 but H is 2×2 (all must be n×n with the same n)');
  throwsInvalid(() => uhfFock(Z2, [Z2] as unknown as [Matrix, Matrix], [Z2, Z2]), 'uhfFock: J has 1 matrix but UHF (α, β) takes 2');
  const [Fa, Fb] = uhfFock(H2, [I2, I2], [I2, Z2]);
  assert.equal(Array.from(Fa.data), [0, -0.5, -0.5, 0]);
  assert.equal(Array.from(Fb.data), [1, -0.5, -0.5, 1]);
});

test('buildFock checks the densities against H before any integrals', () => {
  const jk: JKBuilder = { computeJK: () => assert.unreachable('no J/K build for bad input') } as unknown as JKBuilder;
  throwsInvalid(() => buildFock('rhf', Z2, jk, [Z3]), 'buildFock: densities[0] is 3×3 but H is 2×2 (both must be n×n with the same n)');
  throwsInvalid(() => buildFock('rhf', Z2, jk, [Z2, Z2]), 'buildFock: densities has 2 matrices but RHF (the total density) takes 1');
  throwsInvalid(() => buildFock('uhf', Z2, jk, [Z2]), 'buildFock: densities has 1 matrix but UHF (α, β) takes 2');
  const ok: JKBuilder = { computeJK: (ds: readonly Matrix[]) => ({ J: ds.map(() => I2), K: ds.map(() => I2) }) } as unknown as JKBuilder;
  assert.equal(Array.from(buildFock('rhf', H2, ok, [Z2])[0]!.data), [-0.5, -0.5, -0.5, -0.5]);
});

test('electronicEnergy and energyComponents check the count and shape of densities and Fock matrices', () => {
  throwsInvalid(() => electronicEnergy('rhf', H7, [J24], [J24]), 'electronicEnergy: densities[0] is 24×24 but H is 7×7 (all three must be n×n with the same n)');
  throwsInvalid(() => electronicEnergy('uhf', Z2, [Z2], [Z2]), 'electronicEnergy: densities has 1 matrix but UHF (α, β) takes 2');
  throwsInvalid(() => energyComponents('uhf', Z2, [Z2, Z2], [Z2, Z3], 1), 'energyComponents: focks[1] is 3×3 but H is 2×2 (all must be n×n with the same n)');
  assert.is(electronicEnergy('rhf', H2, [I2], [H2]), -2); // ½(tr H + tr H)
  assert.is(energyComponents('rhf', H2, [I2], [H2], 0.5).total, -1.5);
});

test('diagonalizeFock checks F, the rows of X and the level-shift matrices', () => {
  throwsInvalid(() => diagonalizeFock(H7, identity(5)), 'diagonalizeFock: X is 5×5 but must have 7 rows (F is 7×7)');
  throwsInvalid(() => diagonalizeFock(zeros(2, 3), I2), 'diagonalizeFock: F is 2×3 but must be square');
  throwsInvalid(
    () => diagonalizeFock(H2, I2, { shift: 0.5, spinDensity: Z3, overlap: I2 }),
    'diagonalizeFock: levelShift.spinDensity is 3×3 but F is 2×2 (all three must be n×n with the same n)',
  );
  const { energies } = diagonalizeFock(H2, I2);
  assert.equal(Array.from(energies, (e) => Math.round(e * 1e12) / 1e12), [-1.5, -0.5]);
  assert.is(diagonalizeFock(H2, columns2()).coefficients.cols, 1, 'X may be nbf×nmo with nmo < nbf');
});

/** A 2×1 orthogonaliser (one function kept). */
function columns2(): Matrix {
  return fromArray([[1], [0]]);
}

test('orbitalGradient checks F, D and S and the rows of X', () => {
  throwsInvalid(() => orbitalGradient(Z2, Z3, I2, I2), 'orbitalGradient: D is 3×3 but F is 2×2 (all three must be n×n with the same n)');
  throwsInvalid(() => orbitalGradient(Z2, Z2, I2, Z3), 'orbitalGradient: X is 3×3 but must have 2 rows (F is 2×2)');
  const e = orbitalGradient(H2, fromArray([[1, 0], [0, 0]]), I2, I2);
  assert.equal(Array.from(e.data), [0, 0.5, -0.5, 0]); // FDS − SDF with S = X = 1
});

test('densityFromOrbitals refuses occupied orbitals that C does not have', () => {
  throwsInvalid(() => densityFromOrbitals(fromArray([[1], [0]]), [2, 2]), 'densityFromOrbitals: occupation 1 is 2 but C is 2×1 (only 1 orbitals)');
  assert.equal(Array.from(densityFromOrbitals(fromArray([[1], [0]]), [2, 0]).data), [2, 0, 0, 0], 'empty extra orbitals are fine');
});

test('the guesses and ⟨S²⟩ check their matrices', () => {
  throwsInvalid(() => coreGuessFock(zeros(2, 3)), 'coreGuessFock: H is 2×3 but must be square');
  throwsInvalid(() => gwhGuessFock(H7, I2), 'gwhGuessFock: S is 2×2 but H is 7×7 (both must be n×n with the same n)');
  throwsInvalid(() => spinExpectation(Z2, Z2, Z3, 1, 1), 'spinExpectation: S is 3×3 but Da is 2×2 (all three must be n×n with the same n)');
  assert.equal(Array.from(gwhGuessFock(fromArray([[-1, 0], [0, -1]]), fromArray([[1, 0.5], [0.5, 1]]), 2).data), [-1, -1, -1, -1]);
  assert.is(spinExpectation(fromArray([[1, 0], [0, 0]]), Z2, I2, 1, 0).s2, 0.75);
});

test('diisPush checks one error per Fock matrix and the shapes of the stored ones', () => {
  throwsInvalid(() => diisPush(emptyDiis(), [Z2], [Z2, Z2], 6), 'diisPush: errors has 2 matrices but focks with 1 takes 1');
  throwsInvalid(() => diisPush(emptyDiis(), [Z2, Z3], [Z2, Z2], 6), 'diisPush: focks[1] is 3×3 but focks[0] is 2×2 (both must be n×n with the same n)');
  const one = diisPush(emptyDiis(), [Z2], [Z2], 6);
  throwsInvalid(() => diisPush(one, [Z3], [Z2], 6), 'diisPush: focks[0] is 3×3 but the stored Fock matrix is 2×2 (both must be n×n with the same n)');
  throwsInvalid(() => diisPush(one, [Z2], [Z3], 6), 'diisPush: errors[0] is 3×3 but the stored error is 2×2 (both must have the same shape)');
  throwsInvalid(() => diisPush(one, [Z2, Z2], [Z2, Z2], 6), 'diisPush: focks has 2 matrices but the stored iterations, each takes 1');
  assert.is(diisPush(one, [H2], [Z2], 6).focks.length, 2);
});

test('the ROHF steps check their matrices', () => {
  throwsInvalid(() => rohfEffectiveFock(Z2, Z3, I2, I2, I2, 1, 0), 'rohfEffectiveFock: Fb is 3×3 but Fa is 2×2 (all three must be n×n with the same n)');
  throwsInvalid(() => rohfEffectiveFock(Z2, Z2, Z3, I2, I2, 1, 0), 'rohfEffectiveFock: C is 3×3 but must have 2 rows (Fa is 2×2)');
  throwsInvalid(() => rohfOrbitals(Z2, Z3), 'rohfOrbitals: X is 3×3 but must have 2 rows (fock is 2×2)');
  throwsInvalid(() => rohfStartOrbitals(Z2, Z2, Z3, I2), 'rohfStartOrbitals: S is 3×3 but Da is 2×2 (all three must be n×n with the same n)');
  assert.is(rohfOrbitals(H2, I2).energies.length, 2);
  assert.is(rohfStartOrbitals(fromArray([[1, 0], [0, 0]]), Z2, I2, I2).rows, 2);
});

test('the population analyses check D against S', () => {
  throwsInvalid(() => mullikenCharges(Z3, I2, [0, 0], [1]), 'mullikenCharges: S is 2×2 but D is 3×3 (both must be n×n with the same n)');
  throwsInvalid(() => lowdinCharges(Z3, I2, [0, 0], [1]), 'lowdinCharges: S is 2×2 but D is 3×3 (both must be n×n with the same n)');
  assert.equal(Array.from(mullikenCharges(I2, I2, [0, 1], [1, 1])), [0, 0]);
  assert.equal(Array.from(lowdinCharges(I2, I2, [0, 1], [1, 1]), (q) => Math.round(q * 1e12) / 1e12), [0, 0]);
});

test.run();
