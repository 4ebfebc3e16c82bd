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
