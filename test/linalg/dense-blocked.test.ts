import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { addProduct, addProductTN, matmul, matmulTN, type Matrix } from '../../src/linalg';

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

test('matmul equals the plain loop bit for bit across several 256-column strips of B', () => {
  const a = random(3, 6, 21), b = random(6, 600, 22);
  assert.equal(Array.from(matmul(a, b).data), Array.from(reference(a, b, false)));
});

test('addProduct and addProductTN add into a block of C addressed by offset and leading dimension, leaving the rest alone', () => {
  // C is a 3×2 block at offset 1 of a 4×5 array; A and B are blocks inside larger arrays too.
  const a = random(3, 4, 31), b = random(4, 2, 32);
  const aBig = new Float64Array(2 + 3 * 7), bBig = new Float64Array(3 + 4 * 6);
  for (let i = 0; i < 3; i++) for (let k = 0; k < 4; k++) aBig[2 + i * 7 + k] = a.data[i * 4 + k]!;
  for (let k = 0; k < 4; k++) for (let j = 0; j < 2; j++) bBig[3 + k * 6 + j] = b.data[k * 2 + j]!;
  const c = new Float64Array(20).fill(1); // 1 outside the block, 0 inside
  for (let r = 0; r < 3; r++) c.fill(0, r * 5 + 1, r * 5 + 3);
  addProduct(3, 4, 2, aBig, 2, 7, bBig, 3, 6, c, 1, 5);
  const ab = reference(a, b, false);
  for (let r = 0; r < 4; r++) {
    for (let col = 0; col < 5; col++) {
      const inBlock = r < 3 && col >= 1 && col < 3;
      assert.is(c[r * 5 + col], inBlock ? ab[r * 2 + col - 1]! : 1, `C[${r}][${col}]`);
    }
  }
  // Aᵀ with A (4×3) stored at offset 2, leading dimension 7.
  const at = random(4, 3, 33);
  const atBig = new Float64Array(2 + 4 * 7);
  for (let k = 0; k < 4; k++) for (let i = 0; i < 3; i++) atBig[2 + k * 7 + i] = at.data[k * 3 + i]!;
  const c2 = new Float64Array(20);
  addProductTN(3, 4, 2, atBig, 2, 7, bBig, 3, 6, c2, 1, 5);
  const atb = reference(at, b, true);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 2; j++) assert.is(c2[i * 5 + 1 + j], atb[i * 2 + j]);
  assert.is(c2[0], 0);
  assert.is(c2[15], 0);
});

test('addProductTN with lower computes XᵀX on and below the diagonal (j ≤ i + 1) and does not touch the rest', () => {
  for (const [n, m] of [[1, 3], [5, 7], [6, 4], [300, 5]] as const) {
    const x = random(m, n, n + m);
    const full = reference(x, x, true);
    const c = new Float64Array(n * n).fill(Number.NaN);
    for (let i = 0; i < n; i++) for (let j = 0; j <= Math.min(i + 1, n - 1); j++) c[i * n + j] = 0;
    addProductTN(n, m, n, x.data, 0, n, x.data, 0, n, c, 0, n, true);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (j <= i) assert.is(c[i * n + j], full[i * n + j], `${n}: C[${i}][${j}]`);
        else if (j > i + 1) assert.ok(Number.isNaN(c[i * n + j]!), `${n}: C[${i}][${j}] above the band is untouched`);
      }
    }
  }
});

test.run();
