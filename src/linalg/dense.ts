import { zeros, type Matrix } from './matrix';

/*
 * Small dense kernels on row-major matrices ({@link Matrix}). Every function checks shapes at the
 * boundary (RangeError on mismatch) and then runs an allocation-free loop over the flat arrays.
 * The products run one register-blocked kernel ({@link addProduct}, {@link addProductTN}: two rows of
 * C, four k per pass) over 256-column strips of B, so a strip stays in L1 cache for large B (the
 * density-fitting tensors, naux × nbf(nbf+1)/2).
 */

function checkSameShape(a: Matrix, b: Matrix, what: string): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new RangeError(`${what}: shapes differ (${a.rows}×${a.cols} and ${b.rows}×${b.cols})`);
  }
}

function checkSquare(a: Matrix, what: string): void {
  if (a.rows !== a.cols) throw new RangeError(`${what}: expected a square matrix, got ${a.rows}×${a.cols}`);
}

/**
 * A copy of `a` with its own storage.
 *
 * @example
 * ```ts
 * const b = clone(identity(2)); b.data[0] = 5; // identity(2) is unchanged
 * ```
 */
export function clone(a: Matrix): Matrix {
  return { rows: a.rows, cols: a.cols, data: Float64Array.from(a.data) };
}

/**
 * The transpose Aᵀ.
 *
 * @example
 * ```ts
 * toArray(transpose(fromArray([[1, 2, 3]]))); // [[1], [2], [3]]
 * ```
 */
export function transpose(a: Matrix): Matrix {
  const out = zeros(a.cols, a.rows);
  const { rows, cols, data } = a;
  const o = out.data;
  for (let i = 0; i < rows; i++) {
    const ri = i * cols;
    for (let j = 0; j < cols; j++) o[j * rows + i] = data[ri + j]!;
  }
  return out;
}

/**
 * The product C = A·B.
 *
 * @example
 * ```ts
 * toArray(matmul(fromArray([[1, 2]]), fromArray([[3], [4]]))); // [[11]]
 * ```
 */
export function matmul(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows) throw new RangeError(`matmul: ${a.rows}×${a.cols} times ${b.rows}×${b.cols}`);
  const out = zeros(a.rows, b.cols);
  addProduct(a.rows, a.cols, b.cols, a.data, 0, a.cols, b.data, 0, b.cols, out.data, 0, b.cols);
  return out;
}

/**
 * The product C = Aᵀ·B without forming Aᵀ.
 *
 * @example
 * ```ts
 * toArray(matmulTN(fromArray([[1], [2]]), fromArray([[3], [4]]))); // [[11]]
 * ```
 */
export function matmulTN(a: Matrix, b: Matrix): Matrix {
  if (a.rows !== b.rows) throw new RangeError(`matmulTN: (${a.rows}×${a.cols})ᵀ times ${b.rows}×${b.cols}`);
  const out = zeros(a.cols, b.cols);
  addProductTN(a.cols, a.rows, b.cols, a.data, 0, a.cols, b.data, 0, b.cols, out.data, 0, b.cols);
  return out;
}

/** Columns of C per pass of the product kernels: a 4-row strip of B this wide (4 × 256 doubles, 8 KiB) stays in L1 while every row pair of C uses it. */
const COLUMN_BLOCK = 256;

/**
 * C ← C + A·B on row-major blocks of flat arrays (an unchecked kernel, as BLAS dgemm with
 * leading dimensions): A is n × m at `a[aOff + i·lda + k]`, B is m × p at `b[bOff + k·ldb + j]`,
 * C is n × p at `c[cOff + i·ldc + j]`. Two rows of C and four k per pass over a 256-column strip
 * of B; the additions into each C[i][j] run k = 0, 1, 2, … left to right, so a zeroed C ends
 * bit-identical to the plain i-j-k loop.
 *
 * @example
 * ```ts
 * const c = new Float64Array(1);
 * addProduct(1, 2, 1, Float64Array.of(1, 2), 0, 2, Float64Array.of(3, 4), 0, 1, c, 0, 1); // c[0] = 11
 * ```
 */
export function addProduct(
  n: number, m: number, p: number,
  a: Float64Array, aOff: number, lda: number,
  b: Float64Array, bOff: number, ldb: number,
  c: Float64Array, cOff: number, ldc: number,
): void {
  const m4 = m - (m % 4);
  for (let j0 = 0; j0 < p; j0 += COLUMN_BLOCK) {
    const j1 = Math.min(p, j0 + COLUMN_BLOCK);
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const c0 = cOff + i * ldc, c1 = c0 + ldc, r0 = aOff + i * lda, r1 = r0 + lda;
      let k = 0;
      for (; k < m4; k += 4) {
        const a0 = a[r0 + k]!, a1 = a[r0 + k + 1]!, a2 = a[r0 + k + 2]!, a3 = a[r0 + k + 3]!;
        const e0 = a[r1 + k]!, e1 = a[r1 + k + 1]!, e2 = a[r1 + k + 2]!, e3 = a[r1 + k + 3]!;
        const b0 = bOff + k * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
        for (let j = j0; j < j1; j++) {
          const x0 = b[b0 + j]!, x1 = b[b1 + j]!, x2 = b[b2 + j]!, x3 = b[b3 + j]!;
          c[c0 + j] = c[c0 + j]! + a0 * x0 + a1 * x1 + a2 * x2 + a3 * x3;
          c[c1 + j] = c[c1 + j]! + e0 * x0 + e1 * x1 + e2 * x2 + e3 * x3;
        }
      }
      for (; k < m; k++) {
        const a0 = a[r0 + k]!, e0 = a[r1 + k]!;
        const bk = bOff + k * ldb;
        for (let j = j0; j < j1; j++) {
          const x = b[bk + j]!;
          c[c0 + j] = c[c0 + j]! + a0 * x;
          c[c1 + j] = c[c1 + j]! + e0 * x;
        }
      }
    }
    for (; i < n; i++) {
      const ci = cOff + i * ldc, ai = aOff + i * lda;
      for (let k = 0; k < m; k++) {
        const aik = a[ai + k]!;
        const bk = bOff + k * ldb;
        for (let j = j0; j < j1; j++) c[ci + j] = c[ci + j]! + aik * b[bk + j]!;
      }
    }
  }
}

/**
 * C ← C + Aᵀ·B on row-major blocks of flat arrays (unchecked, as {@link addProduct}): A is
 * m × n at `a[aOff + k·lda + i]`, so C[i][j] = Σ_k A[k][i] B[k][j]. With `lower`, only the
 * entries j ≤ i + 1 are computed (at least the lower triangle, for a symmetric C = XᵀX; those
 * above are left as they were). Same order of additions as the plain loop.
 *
 * @example
 * ```ts
 * const c = new Float64Array(1);
 * addProductTN(1, 2, 1, Float64Array.of(1, 2), 0, 1, Float64Array.of(3, 4), 0, 1, c, 0, 1); // c[0] = 11
 * ```
 */
export function addProductTN(
  n: number, m: number, p: number,
  a: Float64Array, aOff: number, lda: number,
  b: Float64Array, bOff: number, ldb: number,
  c: Float64Array, cOff: number, ldc: number,
  lower = false,
): void {
  const m4 = m - (m % 4);
  for (let j0 = 0; j0 < p; j0 += COLUMN_BLOCK) {
    const jEnd = Math.min(p, j0 + COLUMN_BLOCK);
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const j1 = lower ? Math.min(jEnd, i + 2) : jEnd;
      if (j1 <= j0) continue;
      const c0 = cOff + i * ldc, c1 = c0 + ldc;
      let k = 0;
      for (; k < m4; k += 4) {
        const k0 = aOff + k * lda + i, k1 = k0 + lda, k2 = k1 + lda, k3 = k2 + lda;
        const a0 = a[k0]!, a1 = a[k1]!, a2 = a[k2]!, a3 = a[k3]!;
        const e0 = a[k0 + 1]!, e1 = a[k1 + 1]!, e2 = a[k2 + 1]!, e3 = a[k3 + 1]!;
        const b0 = bOff + k * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
        for (let j = j0; j < j1; j++) {
          const x0 = b[b0 + j]!, x1 = b[b1 + j]!, x2 = b[b2 + j]!, x3 = b[b3 + j]!;
          c[c0 + j] = c[c0 + j]! + a0 * x0 + a1 * x1 + a2 * x2 + a3 * x3;
          c[c1 + j] = c[c1 + j]! + e0 * x0 + e1 * x1 + e2 * x2 + e3 * x3;
        }
      }
      for (; k < m; k++) {
        const ak = aOff + k * lda + i;
        const a0 = a[ak]!, e0 = a[ak + 1]!;
        const bk = bOff + k * ldb;
        for (let j = j0; j < j1; j++) {
          const x = b[bk + j]!;
          c[c0 + j] = c[c0 + j]! + a0 * x;
          c[c1 + j] = c[c1 + j]! + e0 * x;
        }
      }
    }
    for (; i < n; i++) {
      const j1 = lower ? Math.min(jEnd, i + 1) : jEnd;
      if (j1 <= j0) continue;
      const ci = cOff + i * ldc;
      for (let k = 0; k < m; k++) {
        const aki = a[aOff + k * lda + i]!;
        const bk = bOff + k * ldb;
        for (let j = j0; j < j1; j++) c[ci + j] = c[ci + j]! + aki * b[bk + j]!;
      }
    }
  }
}

/**
 * The product C = A·Bᵀ without forming Bᵀ (rows of A dotted with rows of B).
 *
 * @example
 * ```ts
 * toArray(matmulNT(fromArray([[1, 2]]), fromArray([[3, 4]]))); // [[11]]
 * ```
 */
export function matmulNT(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.cols) throw new RangeError(`matmulNT: ${a.rows}×${a.cols} times (${b.rows}×${b.cols})ᵀ`);
  const n = a.rows, m = a.cols, p = b.rows;
  const out = zeros(n, p);
  const A = a.data, B = b.data, C = out.data;
  for (let i = 0; i < n; i++) {
    const ai = i * m;
    for (let j = 0; j < p; j++) {
      const bj = j * m;
      let s = 0;
      for (let k = 0; k < m; k++) s += A[ai + k]! * B[bj + k]!;
      C[i * p + j] = s;
    }
  }
  return out;
}

/**
 * The congruence transform Xᵀ·A·X (e.g. F′ = XᵀFX, Szabo & Ostlund Eq. 3.177).
 *
 * @example
 * ```ts
 * toArray(congruence(fromArray([[2, 0], [0, 3]]), fromArray([[0], [1]]))); // [[3]]
 * ```
 */
export function congruence(a: Matrix, x: Matrix): Matrix {
  checkSquare(a, 'congruence');
  return matmulTN(x, matmul(a, x));
}

/**
 * The symmetric product A·B·Aᵀ (e.g. a density C·n·Cᵀ, or back-transforming X·D′·Xᵀ).
 *
 * @example
 * ```ts
 * toArray(symmetricProduct(fromArray([[1], [2]]), fromArray([[3]]))); // [[3, 6], [6, 12]]
 * ```
 */
export function symmetricProduct(a: Matrix, b: Matrix): Matrix {
  checkSquare(b, 'symmetricProduct');
  return matmulNT(matmul(a, b), a);
}

/**
 * tr(A·B) = Σ_ij A_ij B_ji, without forming the product. For symmetric B this is the
 * Frobenius inner product Σ_ij A_ij B_ij (used for energies: E = ½ tr(D(H + F)), Szabo &
 * Ostlund Eq. 3.184).
 *
 * @example
 * ```ts
 * traceProduct(fromArray([[1, 2], [3, 4]]), identity(2)); // 5
 * ```
 */
export function traceProduct(a: Matrix, b: Matrix): number {
  if (a.cols !== b.rows || a.rows !== b.cols) {
    throw new RangeError(`traceProduct: ${a.rows}×${a.cols} and ${b.rows}×${b.cols}`);
  }
  const n = a.rows, m = a.cols;
  const A = a.data, B = b.data;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const ai = i * m;
    for (let j = 0; j < m; j++) s += A[ai + j]! * B[j * n + i]!;
  }
  return s;
}

/**
 * The trace Σ_i A_ii of a square matrix.
 *
 * @example
 * ```ts
 * trace(identity(3)); // 3
 * ```
 */
export function trace(a: Matrix): number {
  checkSquare(a, 'trace');
  let s = 0;
  for (let i = 0; i < a.rows; i++) s += a.data[i * a.cols + i]!;
  return s;
}

/**
 * The linear combination α·A + β·B (a new matrix).
 *
 * @example
 * ```ts
 * toArray(combine(1, identity(2), -1, identity(2))); // [[0, 0], [0, 0]]
 * ```
 */
export function combine(alpha: number, a: Matrix, beta: number, b: Matrix): Matrix {
  checkSameShape(a, b, 'combine');
  const out = zeros(a.rows, a.cols);
  const A = a.data, B = b.data, C = out.data;
  for (let i = 0; i < C.length; i++) C[i] = alpha * A[i]! + beta * B[i]!;
  return out;
}

/**
 * A + B.
 *
 * @example
 * ```ts
 * toArray(add(identity(2), identity(2))); // [[2, 0], [0, 2]]
 * ```
 */
export function add(a: Matrix, b: Matrix): Matrix {
  return combine(1, a, 1, b);
}

/**
 * A − B.
 *
 * @example
 * ```ts
 * toArray(subtract(identity(2), identity(2))); // [[0, 0], [0, 0]]
 * ```
 */
export function subtract(a: Matrix, b: Matrix): Matrix {
  return combine(1, a, -1, b);
}

/**
 * α·A.
 *
 * @example
 * ```ts
 * toArray(scale(2, identity(2))); // [[2, 0], [0, 2]]
 * ```
 */
export function scale(alpha: number, a: Matrix): Matrix {
  const out = zeros(a.rows, a.cols);
  for (let i = 0; i < out.data.length; i++) out.data[i] = alpha * a.data[i]!;
  return out;
}

/**
 * In place: Y ← Y + α·X. Returns Y.
 *
 * @example
 * ```ts
 * const y = identity(2); axpy(3, identity(2), y); // y = 4·I
 * ```
 */
export function axpy(alpha: number, x: Matrix, y: Matrix): Matrix {
  checkSameShape(x, y, 'axpy');
  const X = x.data, Y = y.data;
  for (let i = 0; i < Y.length; i++) Y[i]! += alpha * X[i]!;
  return y;
}

/**
 * The Frobenius norm √(Σ_ij A_ij²).
 *
 * @example
 * ```ts
 * frobeniusNorm(fromArray([[3, 4]])); // 5
 * ```
 */
export function frobeniusNorm(a: Matrix): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += a.data[i]! * a.data[i]!;
  return Math.sqrt(s);
}

/**
 * The root-mean-square element √(Σ_ij A_ij² / (rows·cols)); 0 for an empty matrix.
 *
 * @example
 * ```ts
 * rms(fromArray([[3, 4], [0, 0]])); // 2.5
 * ```
 */
export function rms(a: Matrix): number {
  const n = a.data.length;
  return n === 0 ? 0 : frobeniusNorm(a) / Math.sqrt(n);
}

/**
 * The root-mean-square of A − B, without allocating.
 *
 * @example
 * ```ts
 * rmsDifference(identity(2), zeros(2)); // √(2/4) ≈ 0.7071
 * ```
 */
export function rmsDifference(a: Matrix, b: Matrix): number {
  checkSameShape(a, b, 'rmsDifference');
  const n = a.data.length;
  if (n === 0) return 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = a.data[i]! - b.data[i]!;
    s += d * d;
  }
  return Math.sqrt(s / n);
}

/**
 * The largest absolute element max_ij |A_ij| (0 for an empty matrix).
 *
 * @example
 * ```ts
 * maxAbs(fromArray([[1, -3]])); // 3
 * ```
 */
export function maxAbs(a: Matrix): number {
  let m = 0;
  for (let i = 0; i < a.data.length; i++) {
    const v = Math.abs(a.data[i]!);
    if (v > m) m = v;
  }
  return m;
}

/**
 * The symmetric part ½(A + Aᵀ) of a square matrix.
 *
 * @example
 * ```ts
 * toArray(symmetrize(fromArray([[0, 2], [0, 0]]))); // [[0, 1], [1, 0]]
 * ```
 */
export function symmetrize(a: Matrix): Matrix {
  checkSquare(a, 'symmetrize');
  const n = a.rows;
  const out = zeros(n, n);
  const A = a.data, O = out.data;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) O[i * n + j] = 0.5 * (A[i * n + j]! + A[j * n + i]!);
  }
  return out;
}

/**
 * max_ij |A_ij − A_ji|: how far a square matrix is from symmetric.
 *
 * @example
 * ```ts
 * asymmetry(fromArray([[0, 2], [1, 0]])); // 1
 * ```
 */
export function asymmetry(a: Matrix): number {
  checkSquare(a, 'asymmetry');
  const n = a.rows, A = a.data;
  let m = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = Math.abs(A[i * n + j]! - A[j * n + i]!);
      if (d > m) m = d;
    }
  }
  return m;
}

/**
 * The columns `start … start+count−1` of A, as a new rows×count matrix (e.g. the occupied
 * orbitals C_occ of an MO coefficient matrix).
 *
 * @example
 * ```ts
 * toArray(columns(fromArray([[1, 2, 3]]), 1, 2)); // [[2, 3]]
 * ```
 */
export function columns(a: Matrix, start: number, count: number): Matrix {
  if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || start + count > a.cols) {
    throw new RangeError(`columns: ${start}…${start + count - 1} out of 0…${a.cols - 1}`);
  }
  const out = zeros(a.rows, count);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < count; j++) out.data[i * count + j] = a.data[i * a.cols + start + j]!;
  }
  return out;
}
