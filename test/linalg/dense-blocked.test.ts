import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { matmul, matmulTN, type Matrix } from '../../src/linalg';

// matmul and matmulTN run register-blocked loops (two rows of C, four k per pass) with separate
// paths for an odd last row and for m mod 4 ≠ 0. They keep the order of the additions into each
// C[i][j] (k = 0, 1, 2, … left to right), so they must equal the textbook loop bit for bit.

function random(rows: number, cols: number, seed: number): Matrix {
  let s = seed;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) {
    s = (s * 16807) % 2147483647;
    data[i] = s / 2147483647 - 0.5;
  }
  return { rows, cols, data };
}

/** C = A·B by the plain i-j-k loop, adding k in increasing order. */
function reference(a: Matrix, b: Matrix, transposeA: boolean): Float64Array {
  const n = transposeA ? a.cols : a.rows;
  const m = transposeA ? a.rows : a.cols;
  const p = b.cols;
  const c = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < m; k++) s += (transposeA ? a.data[k * a.cols + i]! : a.data[i * a.cols + k]!) * b.data[k * p + j]!;
      c[i * p + j] = s;
    }
  }
  return c;
}

const SHAPES: Array<[number, number, number]> = [];
for (const n of [1, 2, 3, 5, 8]) for (const m of [1, 2, 3, 4, 5, 6, 7, 9]) for (const p of [1, 3, 4]) SHAPES.push([n, m, p]);

test('matmul equals the plain loop bit for bit for every row parity and inner length mod 4', () => {
  let seed = 7;
  for (const [n, m, p] of SHAPES) {
    const a = random(n, m, seed++), b = random(m, p, seed++);
    const c = matmul(a, b);
    assert.equal([c.rows, c.cols], [n, p]);
    assert.equal(Array.from(c.data), Array.from(reference(a, b, false)), `${n}×${m} · ${m}×${p}`);
  }
});

test('matmulTN equals the plain loop bit for bit for every row parity and inner length mod 4', () => {
  let seed = 11;
  for (const [n, m, p] of SHAPES) {
    const a = random(m, n, seed++), b = random(m, p, seed++);
    const c = matmulTN(a, b);
    assert.equal([c.rows, c.cols], [n, p]);
    assert.equal(Array.from(c.data), Array.from(reference(a, b, true)), `(${m}×${n})ᵀ · ${m}×${p}`);
  }
});

test('a zero entry of A does not hide the rest of its row (the blocked loop has no skip)', () => {
  const a: Matrix = { rows: 2, cols: 4, data: Float64Array.from([0, 1, 0, 2, 3, 0, 0, 0]) };
  const b = random(4, 3, 3);
  assert.equal(Array.from(matmul(a, b).data), Array.from(reference(a, b, false)));
});

test.run();
