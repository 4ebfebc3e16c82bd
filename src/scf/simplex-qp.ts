/**
 * The global minimum of a small quadratic function on the probability simplex, the
 * coefficient problem of ADIIS and EDIIS.
 *
 * @packageDocumentation
 */
import { solve, zeros } from '../linalg';

/** The result of {@link minimizeOnSimplex}. */
export interface SimplexMinimum {
  /** The minimising coefficients c (c_i ≥ 0, Σ c_i = 1). */
  readonly coefficients: Float64Array;
  /** The value q(c) = gᵀc + ½ cᵀAc at the minimum. */
  readonly value: number;
}

/**
 * The largest number of variables {@link minimizeOnSimplex} takes: it visits every face of the
 * simplex (2^m − 1 of them), so m = 12 is 4095 small linear systems.
 *
 * @example
 * ```ts
 * MAX_SIMPLEX_VARIABLES; // 12
 * ```
 */
export const MAX_SIMPLEX_VARIABLES = 12;

/**
 * The value q(c) = gᵀc + ½ cᵀAc (A symmetric, m×m row-major).
 *
 * @example
 * ```ts
 * quadraticValue(Float64Array.of(1, 0), Float64Array.of(2, 0, 0, 2), Float64Array.of(0.5, 0.5)); // 1
 * ```
 */
export function quadraticValue(g: Float64Array, A: Float64Array, c: ArrayLike<number>): number {
  const m = g.length;
  let v = 0;
  for (let i = 0; i < m; i++) {
    let Ac = 0;
    for (let j = 0; j < m; j++) Ac += A[i * m + j]! * c[j]!;
    v += c[i]! * (g[i]! + 0.5 * Ac);
  }
  return v;
}

/**
 * Minimises q(c) = gᵀc + ½ cᵀAc over the simplex {c_i ≥ 0, Σ c_i = 1}, globally, for any
 * symmetric A (also indefinite, as the ADIIS and EDIIS functions can be). The minimum of a
 * quadratic on a polytope lies in the relative interior of some face, where it is a stationary
 * point of q restricted to that face's affine hull; so this solves, on every face F, the
 * equality-constrained stationarity conditions
 *
 *   A_FF c_F − λ 1 = −g_F,   1ᵀc_F = 1
 *
 * (skipping faces where they are singular: a flat direction reaches a smaller face at the same
 * value), keeps the solutions with c ≥ 0, and returns the lowest. Exact up to rounding, with no
 * starting point and no local minima, at 2^m − 1 systems of size ≤ m + 1; m ≤
 * {@link MAX_SIMPLEX_VARIABLES}. (Hu & Yang, J. Chem. Phys. 132, 054109 (2010),
 * doi:10.1063/1.3304922, instead minimise over c_i = t_i²/Σt² from one start with BFGS.)
 *
 * @example
 * ```ts
 * // q = (c₁ − 0.8)² + c₂² ⇒ g = (−1.6, 0), A = 2I: minimum at c = (0.9, 0.1)
 * minimizeOnSimplex(Float64Array.of(-1.6, 0), Float64Array.of(2, 0, 0, 2)).coefficients; // [0.9, 0.1]
 * ```
 */
export function minimizeOnSimplex(g: Float64Array, A: Float64Array): SimplexMinimum {
  const m = g.length;
  if (m < 1 || m > MAX_SIMPLEX_VARIABLES) throw new RangeError(`minimizeOnSimplex: ${m} variables, expected 1 … ${MAX_SIMPLEX_VARIABLES}`);
  if (A.length !== m * m) throw new RangeError(`minimizeOnSimplex: A has ${A.length} entries, expected ${m * m}`);
  // Scale for the singularity test of each face system.
  let scale = 0;
  for (let i = 0; i < A.length; i++) scale = Math.max(scale, Math.abs(A[i]!));
  for (let i = 0; i < m; i++) scale = Math.max(scale, Math.abs(g[i]!));
  if (scale === 0) scale = 1;
  let best = new Float64Array(m);
  let bestValue = Infinity;
  const c = new Float64Array(m);
  const face: number[] = [];
  for (let mask = 1; mask < 1 << m; mask++) {
    face.length = 0;
    for (let i = 0; i < m; i++) if (mask & (1 << i)) face.push(i);
    const k = face.length;
    c.fill(0);
    if (k === 1) {
      c[face[0]!] = 1;
    } else {
      const K = zeros(k + 1, k + 1);
      const rhs = new Float64Array(k + 1);
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) K.data[a * (k + 1) + b] = A[face[a]! * m + face[b]!]! / scale;
        K.data[a * (k + 1) + k] = -1;
        K.data[k * (k + 1) + a] = 1;
        rhs[a] = -g[face[a]!]! / scale;
      }
      rhs[k] = 1;
      const x = solve(K, rhs, 1e-12);
      if (x === null) continue;
      let feasible = true;
      for (let a = 0; a < k; a++) {
        const v = x[a]!;
        if (!Number.isFinite(v) || v <= 0) feasible = false; // relative interior only; the boundary is a smaller face
        c[face[a]!] = v;
      }
      if (!feasible) continue;
    }
    const value = quadraticValue(g, A, c);
    if (value < bestValue) {
      bestValue = value;
      best = Float64Array.from(c);
    }
  }
  return { coefficients: best, value: bestValue };
}
