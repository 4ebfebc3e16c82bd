import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { davidson, eigh, zeros, type Matrix } from '../../src/linalg';
import { rng } from '../helpers/rng';

/** A diagonally dominant random symmetric matrix (like an orbital Hessian): diagonal i·0.1 − 1, couplings in ±0.05. */
function hessianLike(n: number, seed: number): Matrix {
  const r = rng(seed);
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.1 * (r() - 0.5);
      m.data[i * n + j] = v;
      m.data[j * n + i] = v;
    }
    m.data[i * n + i] = 0.1 * i - 1 + 0.05 * r();
  }
  return m;
}

function product(m: Matrix): (vs: readonly Float64Array[]) => Float64Array[] {
  const n = m.rows;
  return (vs) => vs.map((v) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += m.data[i * n + j]! * v[j]!;
      out[i] = s;
    }
    return out;
  });
}

const diagonalOf = (m: Matrix): Float64Array => Float64Array.from({ length: m.rows }, (_, i) => m.data[i * m.rows + i]!);

test('the lowest five eigenvalues of a random symmetric 120×120 matrix agree with the dense eigh to 1e-10', () => {
  const m = hessianLike(120, 7);
  const dense = eigh(m).values;
  const found = davidson(product(m), diagonalOf(m), { roots: 5, tolerance: 1e-8 });
  assert.ok(found.converged);
  // Eigenvalue error is quadratic in the residual: ‖r‖² / gap ≪ 1e-10 at ‖r‖ < 1e-8.
  for (let k = 0; k < 5; k++) assert.ok(Math.abs(found.values[k]! - dense[k]!) < 1e-10, `root ${k}: ${found.values[k]} vs ${dense[k]}`);
  assert.ok(found.products < 120 * 2, `${found.products} products`);
});

test('the eigenvectors are unit vectors with A·v = λv to the tolerance', () => {
  const m = hessianLike(60, 11);
  const found = davidson(product(m), diagonalOf(m), { roots: 3, tolerance: 1e-9 });
  const av = product(m)(found.vectors);
  found.vectors.forEach((v, k) => {
    let norm = 0, res = 0;
    for (let i = 0; i < v.length; i++) {
      norm += v[i]! * v[i]!;
      res += (av[k]![i]! - found.values[k]! * v[i]!) ** 2;
    }
    assert.ok(Math.abs(norm - 1) < 1e-12);
    assert.ok(Math.sqrt(res) < 1e-9);
  });
});

test('a small subspace cap forces restarts and still finds the lowest root of a dense random matrix', () => {
  const r = rng(3);
  const n = 80;
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) { const v = 2 * r() - 1; m.data[i * n + j] = v; m.data[j * n + i] = v; }
  const dense = eigh(m).values;
  const found = davidson(product(m), diagonalOf(m), { roots: 2, maxSubspace: 12, maxIterations: 1000, tolerance: 1e-8 });
  assert.ok(found.converged);
  assert.ok(Math.abs(found.values[0]! - dense[0]!) < 1e-10 && Math.abs(found.values[1]! - dense[1]!) < 1e-10, `${found.values} vs ${dense.subarray(0, 2)}`);
});

test('degenerate lowest roots are both found', () => {
  const n = 30;
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = i < 2 ? -0.5 : i;
  m.data[0 * n + 5] = m.data[5 * n + 0] = 0.01;
  m.data[1 * n + 6] = m.data[6 * n + 1] = 0.01;
  const dense = eigh(m).values;
  const found = davidson(product(m), diagonalOf(m), { roots: 2 });
  assert.ok(Math.abs(found.values[0]! - dense[0]!) < 1e-12 && Math.abs(found.values[1]! - dense[1]!) < 1e-12);
});

test.run();
