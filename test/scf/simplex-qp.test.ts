import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as scf from '../../src/scf';

/* Exact small cases with known minima on the simplex, and a brute-force check of an indefinite one. */

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number): void => {
  assert.is(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) <= tol, `c[${i}] = ${a[i]}, expected ${b[i]}`);
};

/** q(c) = |c − p|² up to a constant: g = −2p, A = 2I. */
function distanceTo(p: number[]): { g: Float64Array; A: Float64Array } {
  const m = p.length;
  const A = new Float64Array(m * m);
  for (let i = 0; i < m; i++) A[i * m + i] = 2;
  return { g: Float64Array.from(p, (x) => -2 * x), A };
}

test('a convex quadratic with its minimum inside the simplex returns that point', () => {
  const { g, A } = distanceTo([0.2, 0.3, 0.5]);
  close(scf.minimizeOnSimplex(g, A).coefficients, [0.2, 0.3, 0.5], 1e-12);
});

test('a convex quadratic with its minimum outside returns the projection onto the simplex', () => {
  // Projection of (0.8, 0.5, −0.2): subtract θ = 0.15 from the positive part ⇒ (0.65, 0.35, 0).
  const { g, A } = distanceTo([0.8, 0.5, -0.2]);
  const { coefficients, value } = scf.minimizeOnSimplex(g, A);
  close(coefficients, [0.65, 0.35, 0], 1e-12);
  assert.ok(Math.abs(value - scf.quadraticValue(g, A, coefficients)) < 1e-15);
});

test('a concave quadratic has its minimum at the vertex the linear term favours', () => {
  const m = 4;
  const A = new Float64Array(m * m);
  for (let i = 0; i < m; i++) A[i * m + i] = -2;
  const g = Float64Array.of(0, 0, -0.1, 0);
  close(scf.minimizeOnSimplex(g, A).coefficients, [0, 0, 1, 0], 0);
});

test('an indefinite quadratic: no point of a fine grid on the simplex is lower', () => {
  const g = Float64Array.of(0.3, -0.2, 0.1);
  const A = Float64Array.of(1, -2, 0.5, -2, 0.5, 1.5, 0.5, 1.5, -1);
  const { coefficients, value } = scf.minimizeOnSimplex(g, A);
  close([coefficients.reduce((a, b) => a + b, 0)], [1], 1e-14);
  assert.ok(coefficients.every((c) => c >= 0));
  let gridMin = Infinity;
  const N = 400;
  for (let i = 0; i <= N; i++) for (let j = 0; i + j <= N; j++) gridMin = Math.min(gridMin, scf.quadraticValue(g, A, [i / N, j / N, (N - i - j) / N]));
  assert.ok(value <= gridMin + 1e-14, `${value} ≤ grid ${gridMin}`);
  assert.ok(gridMin - value < 1e-3, `the grid (spacing 1/${N}) comes within 1e-3 of the minimum: ${gridMin - value}`);
});

test('more than MAX_SIMPLEX_VARIABLES variables is a RangeError', () => {
  const m = scf.MAX_SIMPLEX_VARIABLES + 1;
  assert.throws(() => scf.minimizeOnSimplex(new Float64Array(m), new Float64Array(m * m)), /variables/);
});

test.run();
