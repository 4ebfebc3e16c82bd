import { zeros, type Matrix } from './matrix';

/** The eigen-decomposition of a real symmetric matrix: A = V·diag(values)·Vᵀ. */
export interface SymmetricEigen {
  /** Eigenvalues in ascending order. */
  readonly values: Float64Array;
  /** Orthonormal eigenvectors as the columns of a row-major n×n matrix: column k belongs to values[k]. */
  readonly vectors: Matrix;
}

/** Options for {@link eigh}. */
export interface EighOptions {
  /**
   * Largest tolerated max_ij |A_ij − A_ji| relative to max |A_ij| before the input is rejected as
   * not symmetric (default 1e-10). Only the lower triangle is used in the decomposition.
   */
  symmetryTolerance?: number;
}

const EPS = 2 ** -52;

/**
 * Eigenvalues (ascending) and orthonormal eigenvectors (columns) of a real symmetric matrix.
 *
 * The algorithm is the classical two-step one: Householder reduction to tridiagonal form
 * (Householder 1958; the EISPACK routine `tred2`), then the implicit QL method with Wilkinson
 * shifts on the tridiagonal matrix, accumulating the rotations into the eigenvectors (EISPACK
 * `tql2`). See Golub & Van Loan, *Matrix Computations*, 4th ed., §8.3 (tridiagonalisation,
 * Algorithm 8.3.1) and §8.3.5 (implicit symmetric QR step); Wilkinson & Reinsch, *Handbook for
 * Automatic Computation* vol. II (1971), contributions II/2 and II/3. Cost O(n³); the
 * eigenvectors are orthonormal to working precision, including for degenerate eigenvalues.
 *
 * The input is not modified. A non-square, non-symmetric or non-finite input is a RangeError.
 *
 * @example
 * ```ts
 * const { values, vectors } = eigh(fromArray([[2, 1], [1, 2]]));
 * values;           // Float64Array [1, 3]
 * toArray(vectors); // [[-0.7071, 0.7071], [0.7071, 0.7071]] (up to the sign of each column)
 * ```
 */
export function eigh(a: Matrix, options: EighOptions = {}): SymmetricEigen {
  const n = a.rows;
  if (a.cols !== n) throw new RangeError(`eigh: expected a square matrix, got ${a.rows}×${a.cols}`);
  const A = a.data;
  let amax = 0;
  for (let i = 0; i < A.length; i++) {
    const v = A[i]!;
    if (!Number.isFinite(v)) throw new RangeError(`eigh: element ${Math.floor(i / n)},${i % n} is ${v}`);
    const av = Math.abs(v);
    if (av > amax) amax = av;
  }
  const tol = (options.symmetryTolerance ?? 1e-10) * Math.max(amax, Number.MIN_VALUE);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (Math.abs(A[i * n + j]! - A[j * n + i]!) > tol) {
        throw new RangeError(
          `eigh: matrix is not symmetric (|A[${i}][${j}] − A[${j}][${i}]| = ${Math.abs(A[i * n + j]! - A[j * n + i]!)})`,
        );
      }
    }
  }
  if (n === 0) return { values: new Float64Array(0), vectors: zeros(0, 0) };

  // W starts as the lower triangle of A (mirrored, so W = Aᵀ = A); tred2 overwrites it with Qᵀ,
  // Q the orthogonal matrix of the reduction A = Q·T·Qᵀ; d and e receive T's diagonal and
  // sub-diagonal.
  const W = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      W[i * n + j] = A[i * n + j]!;
      W[j * n + i] = A[i * n + j]!;
    }
  }
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tridiagonalize(W, d, e, n);

  // QL on the tridiagonal matrix. The rotations act on columns of Q, i.e. on rows of W = Qᵀ,
  // which keeps the inner loop contiguous.
  tridiagonalQL(W, d, e, n);

  // Sort ascending; column k of the result is row order[k] of W.
  const order = Array.from({ length: n }, (_, k) => k).sort((p, q) => d[p]! - d[q]!);
  const values = new Float64Array(n);
  const vectors = zeros(n, n);
  const out = vectors.data;
  for (let k = 0; k < n; k++) {
    const src = order[k]!;
    values[k] = d[src]!;
    const row = src * n;
    for (let i = 0; i < n; i++) out[i * n + k] = W[row + i]!;
  }
  return { values, vectors };
}

/**
 * Householder reduction of a symmetric matrix to tridiagonal form (EISPACK tred2, as in the
 * public-domain JAMA port). The working matrix V of tred2 is stored transposed, W[j·n + i] =
 * V[i][j], because every O(n³) loop of tred2 runs down a column of V: stored this way those loops
 * read contiguous memory. On return W holds Qᵀ (the transformation, transposed), d the diagonal
 * and e[1..n−1] the sub-diagonal (e[0] = 0).
 */
function tridiagonalize(W: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = W[j * n + (n - 1)]!;
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]!);
    if (scale === 0) {
      e[i] = d[i - 1]!;
      for (let j = 0; j < i; j++) {
        d[j] = W[j * n + (i - 1)]!;
        W[j * n + i] = 0;
        W[i * n + j] = 0;
      }
    } else {
      // Generate the Householder vector.
      for (let k = 0; k < i; k++) {
        d[k] = d[k]! / scale;
        h += d[k]! * d[k]!;
      }
      let f = d[i - 1]!;
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      // Apply the similarity transformation to the remaining columns.
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        W[i * n + j] = f;
        g = e[j]! + W[j * n + j]! * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += W[j * n + k]! * d[k]!;
          e[k] = e[k]! + W[j * n + k]! * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] = e[j]! / h;
        f += e[j]! * d[j]!;
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] = e[j]! - hh * d[j]!;
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        g = e[j]!;
        for (let k = j; k <= i - 1; k++) W[j * n + k] = W[j * n + k]! - (f * e[k]! + g * d[k]!);
        d[j] = W[j * n + (i - 1)]!;
        W[j * n + i] = 0;
      }
    }
    d[i] = h;
  }
  // Accumulate the transformations.
  for (let i = 0; i < n - 1; i++) {
    W[i * n + (n - 1)] = W[i * n + i]!;
    W[i * n + i] = 1;
    const h = d[i + 1]!;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = W[(i + 1) * n + k]! / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += W[(i + 1) * n + k]! * W[j * n + k]!;
        for (let k = 0; k <= i; k++) W[j * n + k] = W[j * n + k]! - g * d[k]!;
      }
    }
    for (let k = 0; k <= i; k++) W[(i + 1) * n + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = W[j * n + (n - 1)]!;
    W[j * n + (n - 1)] = 0;
  }
  W[((n - 1)) * n + (n - 1)] = 1;
  e[0] = 0;
}

/**
 * Implicit QL with shifts on the tridiagonal matrix (d, e) (EISPACK tql2). W holds the
 * transformation transposed (row k = column k of V); the rotations are applied to its rows.
 * On return d holds the (unsorted) eigenvalues and row k of W the eigenvector of d[k].
 */
function tridiagonalQL(W: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i]!;
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const maxSweeps = 60;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]!) + Math.abs(e[l]!));
    // Find a small sub-diagonal element.
    let m = l;
    while (m < n - 1) {
      if (Math.abs(e[m]!) <= EPS * tst1) break;
      m++;
    }
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > maxSweeps) throw new RangeError(`eigh: QL iteration did not converge for eigenvalue ${l}`);
        // Compute the implicit shift.
        let g = d[l]!;
        let p = (d[l + 1]! - g) / (2 * e[l]!);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l]! / (p + r);
        d[l + 1] = e[l]! * (p + r);
        const dl1 = d[l + 1]!;
        let h = g - d[l]!;
        for (let i = l + 2; i < n; i++) d[i] = d[i]! - h;
        f += h;
        // Implicit QL transformation.
        p = d[m]!;
        let c = 1, c2 = 1, c3 = 1;
        const el1 = e[l + 1]!;
        let s = 0, s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i]!;
          h = c * p;
          r = Math.hypot(p, e[i]!);
          e[i + 1] = s * r;
          s = e[i]! / r;
          c = p / r;
          p = c * d[i]! - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]!);
          // Rotate rows i and i+1 of W (columns of V).
          const ri = i * n, ri1 = (i + 1) * n;
          for (let k = 0; k < n; k++) {
            const wk1 = W[ri1 + k]!;
            const wk = W[ri + k]!;
            W[ri1 + k] = s * wk + c * wk1;
            W[ri + k] = c * wk - s * wk1;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]!) > EPS * tst1);
    }
    d[l] = d[l]! + f;
    e[l] = 0;
  }
}
