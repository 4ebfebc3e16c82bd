/**
 * Fermi–Dirac smearing: fractional occupations at a stated electronic temperature.
 *
 * @packageDocumentation
 */

/**
 * Fermi–Dirac occupations of one spin and their Fermi level.
 *
 * @example
 * ```ts
 * const { occupations, fermiLevel, entropy } = fermiOccupations(Float64Array.from([-1, -0.5, 0.5]), 2, 1e-3, 1);
 * ```
 */
export interface FermiOccupations {
  /** n_i over the orbitals (in [0, value]). */
  readonly occupations: Float64Array;
  /** μ in hartree. */
  readonly fermiLevel: number;
  /** −Σ_i [f ln f + (1−f) ln(1−f)] · value, f = n_i/value (dimensionless; in units of k_B). */
  readonly entropy: number;
}

function fermi(x: number): number {
  // 1/(1 + e^x), written so that neither branch overflows.
  if (x > 0) {
    const e = Math.exp(-x);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(x));
}

/**
 * Fermi–Dirac occupations n_i = value / (1 + exp((ε_i − μ)/kT)) with μ found by bisection so
 * that Σ n_i = value·count (Mermin, Phys. Rev. 137, A1441 (1965), doi:10.1103/PhysRev.137.A1441).
 * `kT` in hartree (k_B·T); `value` 1 for a UHF spin, 2 for RHF. The bisection runs until the
 * bracket stops shrinking (machine precision in μ), so Σ n_i matches to ~1e-13 for any kT
 * above ~1e-6 Eh.
 *
 * @example
 * ```ts
 * const { occupations } = fermiOccupations(Float64Array.from([-1, -0.5, 0.5]), 2, 0.01, 1);
 * occupations.reduce((a, b) => a + b, 0); // 2
 * ```
 */
export function fermiOccupations(energies: ArrayLike<number>, count: number, kT: number, value: number): FermiOccupations {
  const m = energies.length;
  const occupations = new Float64Array(m);
  if (count <= 0 || count >= m) {
    occupations.fill(count <= 0 ? 0 : value);
    return { occupations, fermiLevel: count <= 0 ? -Infinity : Infinity, entropy: 0 };
  }
  const total = (mu: number): number => {
    let s = 0;
    for (let i = 0; i < m; i++) s += fermi((energies[i]! - mu) / kT);
    return s;
  };
  let lo = energies[0]! - 1 - 50 * kT, hi = energies[m - 1]! + 1 + 50 * kT;
  for (let k = 0; k < 400; k++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (total(mid) < count) lo = mid;
    else hi = mid;
  }
  // Of the two ends of the final bracket, the one whose count is closer.
  const mu = Math.abs(total(lo) - count) <= Math.abs(total(hi) - count) ? lo : hi;
  let entropy = 0;
  for (let i = 0; i < m; i++) {
    const f = fermi((energies[i]! - mu) / kT);
    occupations[i] = value * f;
    if (f > 0 && f < 1) entropy -= value * (f * Math.log(f) + (1 - f) * Math.log(1 - f));
  }
  return { occupations, fermiLevel: mu, entropy };
}
