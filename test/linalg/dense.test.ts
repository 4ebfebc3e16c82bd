import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  fromArray, toArray, identity, zeros, transpose, matmul, matmulTN, matmulNT, congruence, symmetricProduct,
  traceProduct, trace, combine, add, subtract, scale, axpy, frobeniusNorm, rms, rmsDifference, maxAbs,
  symmetrize, asymmetry, columns, clone, solve,
} from '../../src/linalg';

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

const A = fromArray([[1, 2, 3], [4, 5, 6]]);
const B = fromArray([[7, 8], [9, 10], [11, 12]]);

test('matmul agrees with mathjs multiply', () => {
  assert.equal(toArray(matmul(A, B)), math.multiply(toArray(A), toArray(B)));
});

test('matmulTN and matmulNT equal products with explicit transposes', () => {
  assert.equal(toArray(matmulTN(A, A)), toArray(matmul(transpose(A), A)));
  assert.equal(toArray(matmulNT(A, A)), toArray(matmul(A, transpose(A))));
});

test('transpose swaps rows and columns', () => {
  assert.equal(toArray(transpose(A)), [[1, 4], [2, 5], [3, 6]]);
});

test('congruence is XᵀAX and symmetricProduct is A·B·Aᵀ', () => {
  const S = fromArray([[2, 1], [1, 3]]);
  assert.equal(toArray(congruence(S, B.rows === 3 ? transpose(B) : B)), math.multiply(math.multiply(toArray(B), toArray(S)), toArray(transpose(B))));
  assert.equal(toArray(symmetricProduct(B, S)), math.multiply(math.multiply(toArray(B), toArray(S)), toArray(transpose(B))));
});

test('traceProduct equals the trace of the product', () => {
  assert.is(traceProduct(A, B), trace(matmul(A, B)));
  assert.is(traceProduct(A, B), 212);
});

test('elementwise helpers compute what their names say', () => {
  const I = identity(2);
  assert.equal(toArray(combine(2, I, -3, I)), [[-1, 0], [0, -1]]);
  assert.equal(toArray(add(I, I)), [[2, 0], [0, 2]]);
  assert.equal(toArray(subtract(I, I)), [[0, 0], [0, 0]]);
  assert.equal(toArray(scale(3, I)), [[3, 0], [0, 3]]);
  const y = clone(I);
  axpy(2, I, y);
  assert.equal(toArray(y), [[3, 0], [0, 3]]);
  assert.equal(toArray(I), [[1, 0], [0, 1]], 'clone made independent storage');
  assert.is(frobeniusNorm(fromArray([[3, 4]])), 5);
  assert.is(rms(fromArray([[3, 4], [0, 0]])), 2.5);
  assert.is(rmsDifference(I, zeros(2)), Math.SQRT1_2);
  assert.is(maxAbs(fromArray([[1, -3]])), 3);
  assert.equal(toArray(symmetrize(fromArray([[0, 2], [0, 0]]))), [[0, 1], [1, 0]]);
  assert.is(asymmetry(fromArray([[0, 2], [1, 0]])), 1);
  assert.equal(toArray(columns(A, 1, 2)), [[2, 3], [5, 6]]);
});

test('shape mismatches are RangeErrors', () => {
  assert.throws(() => matmul(A, A), RangeError);
  assert.throws(() => add(A, B), RangeError);
  assert.throws(() => traceProduct(A, A), RangeError);
  assert.throws(() => columns(A, 2, 2), RangeError);
});

test('solve agrees with mathjs lusolve and reports singular systems as null', () => {
  const M = fromArray([[4, -2, 1], [-2, 4, -2], [1, -2, 4]]);
  const b = [11, -16, 17];
  const x = solve(M, b)!;
  const ref = (math.lusolve(toArray(M), b) as number[][]).map((r) => r[0]!);
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(x[i]! - ref[i]!) < 1e-14);
  assert.is(solve(fromArray([[1, 2], [2, 4]]), [1, 2]), null);
  assert.equal(Array.from(solve(fromArray([[0, 1], [1, 0]]), [2, 3])!), [3, 2], 'pivoting handles a zero diagonal');
});

test.run();
