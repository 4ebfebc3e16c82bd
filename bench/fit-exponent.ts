/**
 * The exponent of cost against size: t ≈ A·nᵏ, fitted by ordinary least squares on
 * log t = log A + k·log n (bench/scaling.ts; a dev tool, not part of the library).
 */

/** A measured point: size (basis functions) and cost (seconds, or any positive measure). */
export interface SizeCost {
  readonly nbf: number;
  readonly cost: number;
}

/** The fitted power law t ≈ prefactor·nbfᵉˣᵖᵒⁿᵉⁿᵗ over `points` sizes. */
export interface PowerLawFit {
  readonly exponent: number;
  readonly prefactor: number;
  /** Coefficient of determination of the log-log line (1 = every point on it). */
  readonly r2: number;
  /** Number of points fitted. */
  readonly points: number;
  readonly minNbf: number;
  readonly maxNbf: number;
}

/**
 * Least-squares power law through the points with nbf ≥ `minNbf` (small molecules are dominated
 * by start-up and are left out). Points with a non-finite or non-positive cost are skipped.
 *
 * @returns the fit, or undefined with fewer than two usable sizes
 * @example
 * ```ts
 * fitExponent([{ nbf: 200, cost: 8 }, { nbf: 400, cost: 64 }]).exponent; // 3
 * ```
 */
export function fitExponent(data: readonly SizeCost[], minNbf = 0): PowerLawFit | undefined {
  const pts = data.filter((p) => p.nbf >= minNbf && p.nbf > 0 && Number.isFinite(p.cost) && p.cost > 0);
  if (new Set(pts.map((p) => p.nbf)).size < 2) return undefined;
  const x = pts.map((p) => Math.log(p.nbf));
  const y = pts.map((p) => Math.log(p.cost));
  const n = pts.length;
  const mx = x.reduce((a, v) => a + v, 0) / n;
  const my = y.reduce((a, v) => a + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  const k = sxy / sxx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { exponent: k, prefactor: Math.exp(my - k * mx), r2, points: n, minNbf: Math.min(...pts.map((p) => p.nbf)), maxNbf: Math.max(...pts.map((p) => p.nbf)) };
}
