import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  orthogonalizer, eighGeneralized, fromArray, identity, congruence, maxAbs, subtract, matmul, zeros, asymmetry,
  type Matrix,
} from '../../src/linalg';
import { LinearDependencyError } from '../../src/errors';

function overlapOfGaussians(exponents: number[]): Matrix {
  // Normalised s Gaussians on one centre: S_ij = (2√(a_i a_j)/(a_i + a_j))^{3/2}.
  const n = exponents.length;
  const s = zeros(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const a = exponents[i]!, b = exponents[j]!;
    s.data[i * n + j] = Math.pow((2 * Math.sqrt(a * b)) / (a + b), 1.5);
  }
  return s;
}

test('the symmetric orthogonaliser of [[1, ½], [½, 1]] is S^−½', () => {
  const S = fromArray([[1, 0.5], [0.5, 1]]);
  const o = orthogonalizer(S);
  assert.is(o.method, 'symmetric');
  assert.is(o.nmo, 2);
  assert.is(o.dropped, 0);
  assert.ok(Math.abs(o.smallestEigenvalue - 0.5) < 1e-15);
  // S^−½ = ½[(1.5^−½ + 0.5^−½), (1.5^−½ − 0.5^−½)] on the diagonal / off-diagonal.
  const d = 0.5 * (1 / Math.sqrt(1.5) + 1 / Math.sqrt(0.5));
  const off = 0.5 * (1 / Math.sqrt(1.5) - 1 / Math.sqrt(0.5));
  assert.ok(Math.abs(o.X.data[0]! - d) < 1e-15 && Math.abs(o.X.data[1]! - off) < 1e-15);
  assert.ok(maxAbs(subtract(matmul(matmul(o.X, o.X), S), identity(2))) < 1e-15, 'X² = S⁻¹');
});

test('XᵀSX = I for symmetric and canonical orthogonalisation', () => {
  const S = overlapOfGaussians([0.1, 0.3, 1, 3, 10, 30]);
  for (const method of ['symmetric', 'canonical'] as const) {
    const o = orthogonalizer(S, { method });
    assert.is(o.method, method);
    assert.ok(maxAbs(subtract(congruence(S, o.X), identity(o.nmo))) < 1e-12, method);
  }
  assert.ok(asymmetry(orthogonalizer(S, { method: 'symmetric' }).X) < 1e-14, 'S^−½ is symmetric');
});

test('auto drops near linear dependencies below 1e-7 and says how many', () => {
  // Two nearly equal exponents make S nearly singular.
  const S = overlapOfGaussians([0.5, 0.5000001, 2, 8]);
  const o = orthogonalizer(S);
  assert.ok(o.smallestEigenvalue < 1e-7, `${o.smallestEigenvalue}`);
  assert.is(o.method, 'canonical');
  assert.is(o.dropped, 1);
  assert.is(o.nmo, 3);
  assert.is(o.X.cols, 3);
  assert.ok(maxAbs(subtract(congruence(S, o.X), identity(3))) < 1e-9);
});

test('symmetric orthogonalisation of a singular overlap is a LinearDependencyError', () => {
  const S = fromArray([[1, 1], [1, 1]]);
  assert.throws(() => orthogonalizer(S, { method: 'symmetric' }), (e: unknown) => e instanceof LinearDependencyError);
});

test('eighGeneralized solves A·C = B·C·ε with CᵀBC = I', () => {
  const B = overlapOfGaussians([0.2, 1, 5]);
  const A = fromArray([[-1, 0.2, 0.1], [0.2, 0.5, 0.3], [0.1, 0.3, 2]]);
  const { values, vectors: C } = eighGeneralized(A, B);
  assert.ok(maxAbs(subtract(congruence(B, C), identity(3))) < 1e-13);
  const AC = matmul(A, C), BC = matmul(B, C);
  for (let i = 0; i < 3; i++) for (let k = 0; k < 3; k++) {
    assert.ok(Math.abs(AC.data[i * 3 + k]! - BC.data[i * 3 + k]! * values[k]!) < 1e-13);
  }
  const { values: v2 } = eighGeneralized(fromArray([[2, 0], [0, 8]]), fromArray([[2, 0], [0, 2]]));
  assert.ok(Math.abs(v2[0]! - 1) < 1e-15 && Math.abs(v2[1]! - 4) < 1e-14, `${Array.from(v2)}`);
});

test.run();
