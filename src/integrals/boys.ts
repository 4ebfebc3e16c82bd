/**
 * The Boys function F_m(T) = ∫₀¹ t^{2m} e^{−T t²} dt, the one special function of Gaussian
 * integrals (nuclear attraction and electron repulsion).
 *
 * Method (Helgaker, Jørgensen & Olsen, *Molecular Electronic-Structure Theory*, §9.8.1–9.8.2):
 * - 0 ≤ T < {@link BOYS_TABLE_TMAX}: a table of F_m(T_i) on the grid T_i = i·h (h = 1/16) for
 *   m = 0 … {@link BOYS_MAX_M} + 7, built once at module load from the convergent series
 *   F_M(T) = e^{−T} Σ_k (2T)^k / [(2M+1)(2M+3)…(2M+2k+1)]   (series, HJO §9.8)
 *   at the top order M and downward recursion to lower m. At run time F_mmax(T) is obtained
 *   from the nearest grid point by the Taylor series
 *   F_m(T_i + Δ) = Σ_{k=0}^{7} F_{m+k}(T_i) (−Δ)^k / k!   (HJO §9.8), |Δ| ≤ h/2,
 *   whose truncation error is below (1/32)^8/8! ≈ 2e-17 relatively, and the lower orders by
 *   the downward recursion F_m = (2T F_{m+1} + e^{−T}) / (2m+1)   (HJO §9.8), which is
 *   numerically stable (errors shrink at every step). The e^{−T} it needs is the tabulated
 *   e^{−T_i} times the degree-7 Taylor polynomial of e^{−Δ} (no Math.exp in the hot path).
 * - T ≥ {@link BOYS_TABLE_TMAX}: F_0(T) = ½√(π/T) (the neglected erfc(√T) term is below
 *   e^{−T}/√(πT) < 4e-19 relatively at T = 40) and the upward recursion
 *   F_{m+1} = ((2m+1) F_m − e^{−T}) / (2T)   (the same recursion rearranged),
 *   which for T ≥ 40 and m ≤ 32 loses no accuracy (e^{−T} ≤ 3% of (2m+1)F_m).
 *   This reproduces the asymptotic form √π/(2√T)·(2m−1)!!/(2T)^m plus its exponentially small
 *   correction.
 *
 * Measured accuracy (test/integrals/boys.test.ts, against 120-digit BigInt evaluations of the
 * alternating series Σ_k (−T)^k / (k!(2m+2k+1))): relative error ≤ 1e-14 for m = 0…32,
 * T ∈ [0, 1e4] — see the test report for the measured maximum.
 *
 * @packageDocumentation
 */

/** Highest order m that {@link boys} supports. */
export const BOYS_MAX_M = 32;

/** Upper end of the tabulated interval; above it the asymptotic form with upward recursion is used. */
export const BOYS_TABLE_TMAX = 40;

const TAYLOR_TERMS = 8; // k = 0 … 7
const GRID_INV_STEP = 16; // h = 1/16
const GRID_STEP = 1 / GRID_INV_STEP;
const NGRID = BOYS_TABLE_TMAX * GRID_INV_STEP + 1; // grid points 0 … TMAX (nearest point of T < TMAX is ≤ TMAX)
const NM = BOYS_MAX_M + TAYLOR_TERMS; // orders 0 … NM−1 stored per grid point
const HALF_SQRT_PI = 0.5 * Math.sqrt(Math.PI);

/** Row-major table: TABLE[i * NM + m] = F_m(i·h), i = 0 … NGRID−1, m = 0 … NM−1. */
const TABLE = new Float64Array(NGRID * NM);
/** 1/(2m+1) for m = 0 … NM. */
const INV_ODD = new Float64Array(NM + 1);
/** 2m + 1 for m = 0 … NM. */
const ODD = new Float64Array(NM + 1);
/** e^{−T} comes from {@link EXP_GRID} below this T (also in the asymptotic branch), from Math.exp above. */
const EXP_TMAX = 128;
/** EXP_GRID[i] = e^{−T_i} on the table's grid T_i = i·h up to EXP_TMAX, for e^{−T} = e^{−T_i}·e^{−Δ} without Math.exp. */
const EXP_GRID = new Float64Array(EXP_TMAX * GRID_INV_STEP + 1);
for (let i = 0; i < EXP_GRID.length; i++) EXP_GRID[i] = Math.exp(-i * GRID_STEP);
/** Taylor coefficients (−1)^k / k!, k = 2 … 7 (k = 0, 1 are ±1). */
const C2 = 1 / 2, C3 = -1 / 6, C4 = 1 / 24, C5 = -1 / 120, C6 = 1 / 720, C7 = -1 / 5040;

(function buildTable(): void {
  for (let m = 0; m <= NM; m++) {
    INV_ODD[m] = 1 / (2 * m + 1);
    ODD[m] = 2 * m + 1;
  }
  const M = NM - 1;
  for (let i = 0; i < NGRID; i++) {
    const T = i * GRID_STEP;
    const expT = Math.exp(-T);
    // Series for F_M(T): every term positive, summed with Neumaier compensation.
    let term = 1 / (2 * M + 1);
    let sum = term;
    let comp = 0;
    for (let k = 0; k < 10000; k++) {
      term *= (2 * T) / (2 * M + 2 * k + 3);
      const s = sum + term;
      comp += Math.abs(sum) >= Math.abs(term) ? sum - s + term : term - s + sum;
      sum = s;
      if (term < 1e-18 * sum) break;
    }
    const base = i * NM;
    TABLE[base + M] = expT * (sum + comp);
    for (let m = M - 1; m >= 0; m--) {
      TABLE[base + m] = (2 * T * TABLE[base + m + 1]! + expT) * INV_ODD[m]!;
    }
  }
})();

/**
 * Fills `out[0..mmax]` with the Boys function F_m(T) = ∫₀¹ t^{2m} e^{−T t²} dt for m = 0 … mmax.
 *
 * Allocation-free; meant for the inner loops of nuclear-attraction and electron-repulsion
 * integrals. Arguments are not checked beyond what keeps the table lookup in range: `T` must be
 * a finite number ≥ 0 (dimensionless: T = p·|P − C|² in atomic units), `0 ≤ mmax ≤ BOYS_MAX_M`,
 * and `out.length > mmax`.
 *
 * Formulas: Helgaker, Jørgensen & Olsen, *Molecular Electronic-Structure Theory* (Wiley, 2000),
 * §9.8 (The Boys function); see the module documentation for the method and its accuracy.
 *
 * @param mmax highest order wanted (0 … {@link BOYS_MAX_M})
 * @param T argument, T ≥ 0 (dimensionless)
 * @param out receives F_0(T) … F_mmax(T) in out[0] … out[mmax]
 * @example
 * ```ts
 * const f = new Float64Array(3);
 * boys(2, 0, f); // f = [1, 1/3, 1/5]
 * boys(0, 1, f); // f[0] = ½√π erf(1) = 0.7468241328124270
 * ```
 */
export function boys(mmax: number, T: number, out: Float64Array): void {
  // A small wrapper that V8 inlines into the integral loops: T travels to the evaluation in a
  // typed array, not as a call argument, because a double passed to a call that is not inlined
  // is boxed (one heap allocation per primitive quartet, measured: ~80 MB per benzene/6-31G*
  // ERI store build, plus the minor GCs it causes). The evaluation itself is too long to inline.
  BOYS_ARG[0] = T;
  boysOfArg(mmax, out);
}

/**
 * The argument T of {@link boysOfArg} (one per thread: each worker has its own module instance).
 *
 * @internal for the ERI engine's own loops, where {@link boys} is not inlined
 */
export const BOYS_ARG = new Float64Array(1);

/**
 * {@link boys} with T = BOYS_ARG[0]: `BOYS_ARG[0] = T; boysOfArg(mmax, out)` computes what
 * `boys(mmax, T, out)` does without boxing T.
 *
 * @internal
 */
export function boysOfArg(mmax: number, out: Float64Array): void {
  const T = BOYS_ARG[0]!;
  if (T < BOYS_TABLE_TMAX) {
    const i = (T * GRID_INV_STEP + 0.5) | 0; // nearest grid point (T ≥ 0)
    const d = T - i * GRID_STEP;
    const b = i * NM + mmax;
    // Σ_k F_{mmax+k}(T_i) (−d)^k / k!, k = 0 … 7 (TAYLOR_TERMS = 8), in Estrin's form (pairs,
    // then powers d², d⁴): a dependency chain of 4 multiply-adds instead of Horner's 8.
    const d2 = d * d;
    const d4 = d2 * d2;
    const p01 = TABLE[b]! - TABLE[b + 1]! * d;
    const p23 = TABLE[b + 2]! * C2 + TABLE[b + 3]! * C3 * d;
    const p45 = TABLE[b + 4]! * C4 + TABLE[b + 5]! * C5 * d;
    const p67 = TABLE[b + 6]! * C6 + TABLE[b + 7]! * C7 * d;
    let f = p01 + d2 * p23 + d4 * (p45 + d2 * p67);
    out[mmax] = f;
    if (mmax > 0) {
      // e^{−T} = e^{−T_i} · e^{−Δ}, e^{−Δ} by its Taylor series to Δ⁷ (|Δ| ≤ 1/32: truncation
      // below 2.2e-17 relatively), also in Estrin's form: within 2 ulp of Math.exp and about 3×
      // cheaper.
      const x = 1 - d + d2 * (C2 + C3 * d) + d4 * (C4 + C5 * d + d2 * (C6 + C7 * d));
      const e = EXP_GRID[i]! * x;
      const t2 = 2 * T;
      for (let m = mmax - 1; m >= 0; m--) {
        f = (t2 * f + e) * INV_ODD[m]!;
        out[m] = f;
      }
    }
  } else {
    let f = HALF_SQRT_PI / Math.sqrt(T);
    out[0] = f;
    if (mmax > 0) {
      let e: number;
      if (T < EXP_TMAX) {
        const i = (T * GRID_INV_STEP + 0.5) | 0;
        const d = T - i * GRID_STEP;
        const d2 = d * d;
        e = EXP_GRID[i]! * (1 - d + d2 * (C2 + C3 * d) + d2 * d2 * (C4 + C5 * d + d2 * (C6 + C7 * d)));
      } else {
        e = Math.exp(-T);
      }
      const inv2T = 0.5 / T;
      for (let m = 0; m < mmax; m++) {
        f = (ODD[m]! * f - e) * inv2T;
        out[m + 1] = f;
      }
    }
  }
}

/**
 * F_m(T) for one order m: a convenience wrapper around {@link boys} that allocates; not for
 * inner loops.
 *
 * @param m order, 0 … {@link BOYS_MAX_M}
 * @param T argument, T ≥ 0 (dimensionless)
 * @example
 * ```ts
 * boysValue(0, 0); // 1
 * ```
 */
export function boysValue(m: number, T: number): number {
  if (!Number.isInteger(m) || m < 0 || m > BOYS_MAX_M) {
    throw new RangeError(`Boys function order must be an integer in 0…${BOYS_MAX_M}, got ${m}`);
  }
  if (!(T >= 0) || !Number.isFinite(T)) {
    throw new RangeError(`Boys function argument must be a finite number ≥ 0, got ${T}`);
  }
  const out = new Float64Array(m + 1);
  boys(m, T, out);
  return out[m]!;
}

/**
 * The tables behind {@link boysOfArg}, for the generated integral kernels that evaluate F_m
 * inline (src/integrals/generated/eri-vrr.ts, the classes with low total L): same grid, same
 * Taylor and exponential series, same operations, so the values are bit for bit those of
 * {@link boys}.
 *
 * @internal
 * @example
 * ```ts
 * BOYS_TABLES.TABLE[BOYS_TABLES.NM * 16]; // F_0(1) on the grid (h = 1/16)
 * ```
 */
export const BOYS_TABLES = { TABLE, INV_ODD, ODD, EXP_GRID, NM, GRID_INV_STEP, GRID_STEP, EXP_TMAX, HALF_SQRT_PI } as const;
