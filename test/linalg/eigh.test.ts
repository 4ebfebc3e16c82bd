import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  eigh, fromArray, toArray, identity, zeros, matmul, matmulTN, transpose, maxAbs, subtract, type Matrix,
} from '../../src/linalg';
import { rng } from '../helpers/rng';

/** The few mathjs functions used as an independent reference (tests only). */
interface MathJsSubset {
  matrix(data: number[][]): unknown;
  eigs(m: unknown): { values: { toArray(): number[] } };
  multiply(a: number[][], b: number[][]): number[][];
  lusolve(a: number[][], b: number[]): number[][];
}
// mathjs's package types are ES-module only; its CommonJS build is loaded with require.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const math = require('mathjs') as MathJsSubset;

function randomSymmetric(n: number, seed: number): Matrix {
  const r = rng(seed);
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = 2 * r() - 1;
      m.data[i * n + j] = v;
      m.data[j * n + i] = v;
    }
  }
  return m;
}

/** max |A·V − V·Λ| and max |VᵀV − I|. */
function residuals(a: Matrix, values: Float64Array, v: Matrix): { eig: number; orth: number } {
  const n = a.rows;
  const av = matmul(a, v);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) av.data[i * n + k] -= v.data[i * n + k]! * values[k]!;
  return { eig: maxAbs(av), orth: maxAbs(subtract(matmulTN(v, v), identity(n))) };
}

test('a 2×2 matrix has eigenvalues 1 and 3 with eigenvectors (1, ∓1)/√2', () => {
  const { values, vectors } = eigh(fromArray([[2, 1], [1, 2]]));
  assert.ok(Math.abs(values[0]! - 1) < 1e-15 && Math.abs(values[1]! - 3) < 1e-15);
  const v = toArray(vectors);
  assert.ok(Math.abs(Math.abs(v[0]![0]!) - Math.SQRT1_2) < 1e-15);
  assert.ok(Math.abs(v[0]![0]! + v[1]![0]!) < 1e-15, 'first eigenvector is (1, −1)/√2 up to sign');
  assert.ok(Math.abs(v[0]![1]! - v[1]![1]!) < 1e-15, 'second eigenvector is (1, 1)/√2 up to sign');
});

test('a 1×1 matrix is its own eigenvalue with eigenvector 1', () => {
  const { values, vectors } = eigh(fromArray([[-4.5]]));
  assert.equal(Array.from(values), [-4.5]);
  assert.equal(Array.from(vectors.data), [1]);
});

test('an empty matrix has no eigenvalues', () => {
  const { values, vectors } = eigh(zeros(0, 0));
  assert.is(values.length, 0);
  assert.is(vectors.rows, 0);
});

test('a diagonal matrix gives its diagonal sorted ascending and permuted unit vectors', () => {
  const { values, vectors } = eigh(fromArray([[3, 0, 0], [0, -1, 0], [0, 0, 2]]));
  assert.equal(Array.from(values), [-1, 2, 3]);
  assert.equal(toArray(vectors).map((row) => row.map(Math.abs)), [[0, 0, 1], [1, 0, 0], [0, 1, 0]]);
});

test('eigenvalues agree with mathjs eigs on small random matrices', () => {
  for (const n of [2, 3, 4, 5, 8]) {
    const a = randomSymmetric(n, 100 + n);
    const ours = Array.from(eigh(a).values);
    const ref = math.eigs(math.matrix(toArray(a))).values.toArray();
    ref.sort((p, q) => p - q);
    for (let k = 0; k < n; k++) assert.ok(Math.abs(ours[k]! - ref[k]!) < 1e-12, `n=${n} k=${k}: ${ours[k]} vs ${ref[k]}`);
  }
});

test('A·V = V·Λ and VᵀV = I hold for random matrices up to n = 200', () => {
  for (const n of [1, 2, 3, 10, 37, 100, 200]) {
    const a = randomSymmetric(n, n);
    const { values, vectors } = eigh(a);
    for (let k = 1; k < n; k++) assert.ok(values[k]! >= values[k - 1]!, 'ascending');
    const r = residuals(a, values, vectors);
    assert.ok(r.eig < 1e-12 * n, `n=${n}: |AV − VΛ| = ${r.eig}`);
    assert.ok(r.orth < 1e-13 * n, `n=${n}: |VᵀV − I| = ${r.orth}`);
  }
});

test('degenerate eigenvalues still give an orthonormal eigenbasis', () => {
  // Q·diag(1,1,1,2,2,5)·Qᵀ with Q from a random matrix's eigenvectors.
  const q = eigh(randomSymmetric(6, 7)).vectors;
  const lambda = [1, 1, 1, 2, 2, 5];
  const ql = zeros(6, 6);
  for (let i = 0; i < 6; i++) for (let k = 0; k < 6; k++) ql.data[i * 6 + k] = q.data[i * 6 + k]! * lambda[k]!;
  const a = matmul(ql, transpose(q));
  for (let i = 0; i < 6; i++) for (let j = 0; j < i; j++) a.data[j * 6 + i] = a.data[i * 6 + j]!;
  const { values, vectors } = eigh(a);
  for (let k = 0; k < 6; k++) assert.ok(Math.abs(values[k]! - lambda[k]!) < 1e-14, `${values[k]} vs ${lambda[k]}`);
  const r = residuals(a, values, vectors);
  assert.ok(r.eig < 1e-14 && r.orth < 1e-14, JSON.stringify(r));
});

test('the identity matrix and the zero matrix are handled', () => {
  const i5 = eigh(identity(5));
  assert.equal(Array.from(i5.values), [1, 1, 1, 1, 1]);
  assert.ok(maxAbs(subtract(matmulTN(i5.vectors, i5.vectors), identity(5))) < 1e-15);
  assert.equal(Array.from(eigh(zeros(3, 3)).values), [0, 0, 0]);
});

test('a tridiagonal (Wilkinson W21+) matrix with nearly degenerate pairs is resolved', () => {
  const n = 21;
  const a = zeros(n, n);
  for (let i = 0; i < n; i++) {
    a.data[i * n + i] = Math.abs(10 - i);
    if (i + 1 < n) { a.data[i * n + i + 1] = 1; a.data[(i + 1) * n + i] = 1; }
  }
  const { values, vectors } = eigh(a);
  // The largest two eigenvalues of W21+ agree to ~1e-13 (Wilkinson, The Algebraic Eigenvalue Problem, §5.45).
  assert.ok(Math.abs(values[20]! - 10.746194182903393) < 1e-12, `${values[20]}`);
  const r = residuals(a, values, vectors);
  assert.ok(r.eig < 1e-13 && r.orth < 1e-13, JSON.stringify(r));
});

test('non-square, non-symmetric and non-finite input is rejected', () => {
  assert.throws(() => eigh(zeros(2, 3)), /square/);
  assert.throws(() => eigh(fromArray([[1, 2], [0, 1]])), /not symmetric/);
  assert.throws(() => eigh(fromArray([[NaN]])), /NaN/);
});

test('the input matrix is not modified', () => {
  const a = randomSymmetric(5, 3);
  const before = Array.from(a.data);
  eigh(a);
  assert.equal(Array.from(a.data), before);
});

test.run();
