import type { Matrix } from './matrix';

/**
 * Solves the square linear system A·x = b by Gaussian elimination with partial pivoting
 * (Golub & Van Loan, *Matrix Computations*, 4th ed., Algorithm 3.4.1). Returns `null` when a
 * pivot is below `singularTolerance` × max |A_ij| (the caller decides what to do with a singular
 * system, e.g. DIIS drops its oldest vector). A and b are not modified.
 *
 * @example
 * ```ts
 * solve(fromArray([[2, 0], [0, 4]]), Float64Array.of(2, 2)); // Float64Array [1, 0.5]
 * ```
 */
export function solve(a: Matrix, b: ArrayLike<number>, singularTolerance = 1e-14): Float64Array | null {
  const n = a.rows;
  if (a.cols !== n) throw new RangeError(`solve: expected a square matrix, got ${a.rows}×${a.cols}`);
  if (b.length !== n) throw new RangeError(`solve: right-hand side has ${b.length} entries, expected ${n}`);
  const M = Float64Array.from(a.data);
  const x = Float64Array.from(b);
  let amax = 0;
  for (let i = 0; i < M.length; i++) amax = Math.max(amax, Math.abs(M[i]!));
  if (amax === 0 || !Number.isFinite(amax)) return n === 0 ? x : null;
  const tiny = singularTolerance * amax;
  for (let k = 0; k < n; k++) {
    let p = k;
    let pmax = Math.abs(M[k * n + k]!);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(M[i * n + k]!);
      if (v > pmax) { pmax = v; p = i; }
    }
    if (pmax <= tiny) return null;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = M[k * n + j]!; M[k * n + j] = M[p * n + j]!; M[p * n + j] = t;
      }
      const t = x[k]!; x[k] = x[p]!; x[p] = t;
    }
    const piv = M[k * n + k]!;
    for (let i = k + 1; i < n; i++) {
      const f = M[i * n + k]! / piv;
      if (f === 0) continue;
      for (let j = k; j < n; j++) M[i * n + j] = M[i * n + j]! - f * M[k * n + j]!;
      x[i] = x[i]! - f * x[k]!;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let j = i + 1; j < n; j++) s -= M[i * n + j]! * x[j]!;
    x[i] = s / M[i * n + i]!;
  }
  return x;
}
