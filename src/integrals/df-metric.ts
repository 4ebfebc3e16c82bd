/**
 * The fitting factor of the Coulomb metric, M^{-1/2} with Psi4's eigenvalue cutoff.
 *
 * @packageDocumentation
 */
import { eigh, zeros, type Matrix } from '../linalg';

/**
 * Psi4's DF_FITTING_CONDITION (1.3.2 default): metric eigenvalues below this times the largest
 * are dropped from M^{-1/2} (Psi4 `Matrix::power(-0.5, condition)`, used by MemDFJK's DFHelper).
 *
 * @example
 * ```ts
 * DF_FITTING_CONDITION; // 1e-10
 * ```
 */
export const DF_FITTING_CONDITION = 1e-10;

/**
 * A fitting factor W (k × naux, row-major) with Wᵀ W = M⁺, the pseudo-inverse of the metric
 * over the kept eigenvalues, so (μν|λσ) ≈ Σ_Q B_Qμν B_Qλσ with B = W·(P|μν).
 *
 * @example
 * ```ts
 * const fit = metricFittingFactor(coulombMetric(createDfEngine(basis.load('6-31G*', water), basis.load('cc-pVDZ-JKFIT', water, { pure: false }))));
 * fit.factor.rows; // naux − fit.dropped = 131 − 1
 * ```
 */
export interface MetricFittingFactor {
  /** W = Λ_k^{-1/2} V_kᵀ over the k kept eigenpairs (k × naux, row-major). */
  readonly factor: Matrix;
  /** Eigenvalues dropped (|λ| below condition × max |λ|). */
  readonly dropped: number;
  /** Smallest over largest eigenvalue of M (dimensionless; Psi4 reports the same ratio). */
  readonly minOverMax: number;
  /** The relative cutoff used. */
  readonly condition: number;
}

/**
 * Eigen-decomposes the Coulomb metric M = V Λ Vᵀ and returns W = Λ^{-1/2} Vᵀ restricted to the
 * eigenvalues with |λ| ≥ condition · max |λ|, as Psi4's `Matrix::power(-0.5, cutoff)` does: the
 * product Wᵀ W is Psi4's M^{-1/2} M^{-1/2} (Weigend, Phys. Chem. Chem. Phys. 4, 4285 (2002),
 * doi:10.1039/b204199p, for the Coulomb-metric RI-JK; Psi4 lib/libmints/matrix.cc for the cutoff).
 * The rows are fewer than naux when eigenvalues are dropped, which changes nothing else: every
 * J and K built from B = W·(P|μν) is the same as with the symmetric M^{-1/2}.
 *
 * @param M the metric (naux × naux, symmetric, hartree)
 * @param condition relative eigenvalue cutoff (default {@link DF_FITTING_CONDITION})
 * @example
 * ```ts
 * const df = createDfEngine(basis.load('cc-pVDZ', water), basis.load('cc-pVDZ-JKFIT', water));
 * const { factor, dropped } = metricFittingFactor(coulombMetric(df)); // dropped: 0
 * ```
 */
export function metricFittingFactor(M: Matrix, condition: number = DF_FITTING_CONDITION): MetricFittingFactor {
  const n = M.rows;
  const { values, vectors } = eigh(M);
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, Math.abs(values[i]!));
  const kept: number[] = [];
  for (let i = 0; i < n; i++) if (Math.abs(values[i]!) >= condition * max) kept.push(i);
  const W = zeros(kept.length, n);
  const V = vectors.data;
  kept.forEach((col, r) => {
    const s = 1 / Math.sqrt(values[col]!);
    const row = r * n;
    for (let p = 0; p < n; p++) W.data[row + p] = s * V[p * n + col]!;
  });
  return { factor: W, dropped: n - kept.length, minOverMax: n > 0 ? values[0]! / values[n - 1]! : 1, condition };
}

/**
 * The Cholesky factor of the Coulomb metric, M = L·Lᵀ, when Psi4's eigenvalue cutoff would drop
 * nothing: then (L⁻¹)ᵀ L⁻¹ = M⁻¹ = M⁺, so B = L⁻¹·(P|μν) gives the same J and K as Psi4's
 * M^{-1/2}, for a sixth of the cost of the eigen-decomposition and half the cost of the fit (a
 * triangular solve instead of a full product), as PySCF fits (Cholesky of j2c).
 *
 * @example
 * ```ts
 * const chol = metricCholesky(coulombMetric(createDfEngine(basis.load('cc-pVDZ', water), basis.load('cc-pVDZ-JKFIT', water))));
 * chol?.lower.rows; // 116: nothing dropped, so the Cholesky route applies
 * ```
 */
export interface MetricCholesky {
  /** L, lower triangular (naux × naux, row-major; zeros above the diagonal), M = L·Lᵀ. */
  readonly lower: Matrix;
  /** Smallest over largest eigenvalue of M, from inverse and direct power iteration (reported; not used to decide). */
  readonly minOverMax: number;
  /** The relative cutoff checked. */
  readonly condition: number;
}

/**
 * In place: the lower triangle of the row-major n × n array `a` becomes the Cholesky factor L of
 * the symmetric matrix it holds (upper triangle zeroed). Returns false (a left partly
 * overwritten) when a pivot is not positive, i.e. the matrix is not positive definite
 * (Golub & Van Loan, *Matrix Computations*, 4th ed., Algorithm 4.2.1, by rows: dot products of
 * contiguous rows).
 */
function choleskyInPlace(a: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s0 = a[ri + j]!, s1 = 0;
      let k = 0;
      for (; k + 1 < j; k += 2) {
        s0 -= a[ri + k]! * a[rj + k]!;
        s1 -= a[ri + k + 1]! * a[rj + k + 1]!;
      }
      for (; k < j; k++) s0 -= a[ri + k]! * a[rj + k]!;
      const s = s0 + s1;
      if (j === i) {
        if (!(s > 0)) return false;
        a[ri + i] = Math.sqrt(s);
      } else {
        a[ri + j] = s / a[rj + j]!;
      }
    }
    a.fill(0, ri + i + 1, ri + n);
  }
  return true;
}

/** y = M·x for a row-major symmetric M. */
function symmetricTimes(M: Float64Array, n: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    const r = i * n;
    for (let j = 0; j < n; j++) s += M[r + j]! * x[j]!;
    y[i] = s;
  }
}

/** x ← (L·Lᵀ)⁻¹ x by forward and back substitution. */
function choleskySolve(L: Float64Array, n: number, x: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = x[i]!;
    const r = i * n;
    for (let k = 0; k < i; k++) s -= L[r + k]! * x[k]!;
    x[i] = s / L[r + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let k = i + 1; k < n; k++) s -= L[k * n + i]! * x[k]!;
    x[i] = s / L[i * n + i]!;
  }
}

/** The Rayleigh quotient of M after power iteration with `step` (x ← step(x), normalised) until it changes by < 1e-10 relative (at most 300 steps). */
function powerRayleigh(M: Float64Array, n: number, step: (x: Float64Array) => void): number {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = 1 + ((i * 7919) % 101) / 101; // deterministic, not an eigenvector
  const y = new Float64Array(n);
  let rho = NaN;
  for (let it = 0; it < 300; it++) {
    step(x);
    let norm = 0;
    for (let i = 0; i < n; i++) norm += x[i]! * x[i]!;
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) x[i] = x[i]! / norm;
    symmetricTimes(M, n, x, y);
    let r = 0;
    for (let i = 0; i < n; i++) r += x[i]! * y[i]!;
    if (Math.abs(r - rho) < 1e-10 * Math.abs(r)) return r;
    rho = r;
  }
  return rho;
}

/**
 * The Cholesky route of the fit ({@link MetricCholesky}), or undefined when Psi4's cutoff might
 * drop an eigenvalue, so that the caller takes {@link metricFittingFactor} instead. The check is
 * safe by Sylvester's law of inertia: M − τI with τ = condition · max_i Σ_j |M_ij| (an upper
 * bound of condition · λ_max) positive definite means every eigenvalue exceeds condition · λ_max,
 * so none is dropped. Cost: two Cholesky factorisations (n³/3 each) and power iterations (n² each).
 *
 * @param M the metric (naux × naux, symmetric, hartree)
 * @param condition relative eigenvalue cutoff (default {@link DF_FITTING_CONDITION})
 * @example
 * ```ts
 * const M = coulombMetric(createDfEngine(basis.load('cc-pVDZ', water), basis.load('cc-pVDZ-JKFIT', water)));
 * metricCholesky(M)?.minOverMax; // 4.3e-7 (Psi4: 4.32e-7)
 * ```
 */
export function metricCholesky(M: Matrix, condition: number = DF_FITTING_CONDITION): MetricCholesky | undefined {
  const n = M.rows;
  const A = M.data;
  let bound = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.abs(A[i * n + j]!);
    bound = Math.max(bound, s);
  }
  const shifted = Float64Array.from(A);
  for (let i = 0; i < n; i++) shifted[i * n + i] = shifted[i * n + i]! - condition * bound;
  if (!choleskyInPlace(shifted, n)) return undefined;
  const L = Float64Array.from(A);
  if (!choleskyInPlace(L, n)) return undefined;
  const scratch = new Float64Array(n);
  const max = powerRayleigh(A, n, (x) => {
    symmetricTimes(A, n, x, scratch);
    x.set(scratch);
  });
  const min = powerRayleigh(A, n, (x) => choleskySolve(L, n, x));
  return { lower: { rows: n, cols: n, data: L }, minOverMax: min / max, condition };
}
