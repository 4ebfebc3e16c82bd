import type { BasisSet } from '../basis/basis-set';
import type { Matrix } from '../linalg';

/**
 * Cartesian → real-solid-harmonic (spherical) transformation of Gaussian shells.
 *
 * ## Conventions (those of src/basis/basis-set.ts, which are Psi4's)
 * - Cartesian components of a shell of angular momentum L in lexicographic order: for lx from L
 *   down to 0, for ly from L − lx down to 0, lz = L − lx − ly (see {@link cartesianIndex}).
 *   Each Cartesian function carries the normalisation of the axis-aligned component x^L, so
 *   their overlap within one contracted shell is
 *   S^cart_{ab} = (ax+bx−1)!!(ay+by−1)!!(az+bz−1)!! / (2L−1)!!   (xy: 1/3, xx: 1).
 * - Spherical components ordered m = 0, +1, −1, +2, −2, …, +L, −L (p: z, x, y).
 *
 * ## Coefficients
 * The real solid harmonics (unnormalised monomial coefficients) come from
 * Helgaker, Jørgensen & Olsen, *Molecular Electronic-Structure Theory* (Wiley, 2000),
 * §6.4 (real solid harmonics; also Schlegel & Frisch, Int. J. Quantum Chem. 54, 83 (1995),
 * doi:10.1002/qua.560540202):
 *   S_lm = Σ_{t=0}^{⌊(l−|m|)/2⌋} Σ_{u=0}^{t} Σ_{v=v_m}^{⌊|m|/2−v_m⌋+v_m} C^{lm}_{tuv}
 *          x^{2t+|m|−2(u+v)} y^{2(u+v)} z^{l−2t−|m|},
 *   C^{lm}_{tuv} = (−1)^{t+v−v_m} (1/4)^t C(l,t) C(l−t,|m|+t) C(t,u) C(|m|,2v),
 *   v_m = 0 for m ≥ 0 and ½ for m < 0,
 * generated here for any L, then scaled so that each spherical function has unit norm under
 * the Cartesian overlap above (so: S_{2,−2} = √3 xy, S_{2,0} = zz − ½(xx + yy), S_{2,2} = (√3/2)(xx − yy)
 * in terms of the basis' Cartesian functions, as in Psi4).
 *
 * @packageDocumentation
 */

/** Transformation of one shell: `coef[s * ncart + c]` is the weight of Cartesian component c in spherical component s. */
export interface CartToSph {
  /** Angular momentum. */
  readonly L: number;
  /** 2L + 1. */
  readonly nsph: number;
  /** (L + 1)(L + 2)/2. */
  readonly ncart: number;
  /** nsph × ncart, row-major. */
  readonly coef: Float64Array;
  /** Non-zero entries as parallel arrays (for sparse loops): spherical index, Cartesian index, value. */
  readonly nnz: number;
  readonly nzSph: Int32Array;
  readonly nzCart: Int32Array;
  readonly nzValue: Float64Array;
}

/** Highest L for which {@link cartToSph} builds coefficients (the engine needs ≤ 4; i and beyond are allowed). */
export const SPHERICAL_MAX_L = 8;

/**
 * Position of the Cartesian component x^lx y^ly z^lz within its shell (lexicographic order).
 *
 * With i = L − lx, the index is i(i+1)/2 + lz.
 *
 * @example
 * ```ts
 * cartesianIndex(1, 1, 0); // 1  (d: xx, xy, xz, yy, yz, zz)
 * ```
 */
export function cartesianIndex(lx: number, ly: number, lz: number): number {
  const i = ly + lz;
  return (i * (i + 1)) / 2 + lz;
}

/**
 * Cartesian exponents of a shell's components, in lexicographic order: [lx0, ly0, lz0, lx1, …].
 *
 * @example
 * ```ts
 * Array.from(cartesianExponents(1)); // [1,0,0, 0,1,0, 0,0,1]
 * ```
 */
export function cartesianExponents(L: number): Int32Array {
  const n = ((L + 1) * (L + 2)) / 2;
  const out = new Int32Array(3 * n);
  let k = 0;
  for (let lx = L; lx >= 0; lx--) {
    for (let ly = L - lx; ly >= 0; ly--) {
      out[k++] = lx;
      out[k++] = ly;
      out[k++] = L - lx - ly;
    }
  }
  return out;
}

function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/** (n)!! for odd n ≥ −1 ((−1)!! = 1). */
function doubleFactorial(n: number): number {
  let r = 1;
  for (let k = n; k > 1; k -= 2) r *= k;
  return r;
}

/** Unnormalised monomial coefficients of S_lm (HJO §6.4), indexed by Cartesian index. */
function solidHarmonicMonomials(l: number, m: number, ncart: number): Float64Array {
  const out = new Float64Array(ncart);
  const am = Math.abs(m);
  const twoVm = m < 0 ? 1 : 0; // 2·v_m
  for (let t = 0; t <= Math.floor((l - am) / 2); t++) {
    for (let u = 0; u <= t; u++) {
      // v = v_m + j, j = 0 … ⌊|m|/2 − v_m⌋
      const jmax = Math.floor((am - twoVm) / 2);
      for (let j = 0; j <= jmax; j++) {
        const twoV = twoVm + 2 * j;
        const sign = (t + j) % 2 === 0 ? 1 : -1; // (−1)^{t + v − v_m}
        const c =
          sign *
          Math.pow(0.25, t) *
          binomial(l, t) *
          binomial(l - t, am + t) *
          binomial(t, u) *
          binomial(am, twoV);
        const ly = 2 * u + twoV;
        const lx = 2 * t + am - ly;
        const lz = l - 2 * t - am;
        out[cartesianIndex(lx, ly, lz)]! += c;
      }
    }
  }
  return out;
}

const CACHE: CartToSph[] = [];

/**
 * The Cartesian → spherical coefficients of a shell of angular momentum L, in the conventions of
 * the module documentation. Generated from the formula on first use and cached.
 *
 * @param L angular momentum, 0 … {@link SPHERICAL_MAX_L}
 * @example
 * ```ts
 * const d = cartToSph(2);
 * // d.nsph = 5, d.ncart = 6; row 4 (m = −2) is √3 on xy: d.coef[4 * 6 + 1] ≈ 1.7320508
 * ```
 */
export function cartToSph(L: number): CartToSph {
  const cached = CACHE[L];
  if (cached) return cached;
  if (!Number.isInteger(L) || L < 0 || L > SPHERICAL_MAX_L) {
    throw new RangeError(`angular momentum must be an integer in 0…${SPHERICAL_MAX_L}, got ${L}`);
  }
  const nsph = 2 * L + 1;
  const ncart = ((L + 1) * (L + 2)) / 2;
  const exps = cartesianExponents(L);
  // Overlap of the basis' Cartesian functions within a shell (module docs).
  const scart = new Float64Array(ncart * ncart);
  const dfL = doubleFactorial(2 * L - 1);
  for (let a = 0; a < ncart; a++) {
    for (let b = 0; b < ncart; b++) {
      const sx = exps[3 * a]! + exps[3 * b]!;
      const sy = exps[3 * a + 1]! + exps[3 * b + 1]!;
      const sz = exps[3 * a + 2]! + exps[3 * b + 2]!;
      scart[a * ncart + b] =
        sx % 2 || sy % 2 || sz % 2
          ? 0
          : (doubleFactorial(sx - 1) * doubleFactorial(sy - 1) * doubleFactorial(sz - 1)) / dfL;
    }
  }
  const coef = new Float64Array(nsph * ncart);
  for (let s = 0; s < nsph; s++) {
    const m = s === 0 ? 0 : s % 2 === 1 ? (s + 1) / 2 : -s / 2;
    const u = solidHarmonicMonomials(L, m, ncart);
    let norm2 = 0;
    for (let a = 0; a < ncart; a++) {
      if (u[a] === 0) continue;
      for (let b = 0; b < ncart; b++) norm2 += u[a]! * scart[a * ncart + b]! * u[b]!;
    }
    const inv = 1 / Math.sqrt(norm2);
    for (let a = 0; a < ncart; a++) coef[s * ncart + a] = u[a]! * inv;
  }
  let nnz = 0;
  for (let k = 0; k < coef.length; k++) if (coef[k] !== 0) nnz++;
  const nzSph = new Int32Array(nnz);
  const nzCart = new Int32Array(nnz);
  const nzValue = new Float64Array(nnz);
  let k = 0;
  for (let s = 0; s < nsph; s++) {
    for (let c = 0; c < ncart; c++) {
      const v = coef[s * ncart + c]!;
      if (v !== 0) {
        nzSph[k] = s;
        nzCart[k] = c;
        nzValue[k] = v;
        k++;
      }
    }
  }
  const result: CartToSph = { L, nsph, ncart, coef, nnz, nzSph, nzCart, nzValue };
  CACHE[L] = result;
  return result;
}

const scratchSizes = new Int32Array(16);
let scratchA = new Float64Array(1024);
let scratchB = new Float64Array(1024);

/**
 * Transforms index `j` of a row-major tensor seen as (A, nc, B) to (A, ns, B):
 * out[a, s, b] = Σ_c coef[s, c] · inp[a, c, b]. `out` must not alias `inp`.
 */
function transformIndex(inp: Float64Array, A: number, B: number, t: CartToSph, out: Float64Array): void {
  const nc = t.ncart;
  const ns = t.nsph;
  out.fill(0, 0, A * ns * B);
  const { nnz, nzSph, nzCart, nzValue } = t;
  if (B === 1) {
    for (let a = 0; a < A; a++) {
      const ib = a * nc;
      const ob = a * ns;
      for (let k = 0; k < nnz; k++) out[ob + nzSph[k]!]! += nzValue[k]! * inp[ib + nzCart[k]!]!;
    }
    return;
  }
  for (let a = 0; a < A; a++) {
    for (let k = 0; k < nnz; k++) {
      const v = nzValue[k]!;
      const ib = (a * nc + nzCart[k]!) * B;
      const ob = (a * ns + nzSph[k]!) * B;
      for (let b = 0; b < B; b++) out[ob + b]! += v * inp[ib + b]!;
    }
  }
}

/**
 * Transforms a Cartesian shell block (any rank: 2 for one-electron, 4 for ERIs) to the functions
 * the basis uses: every index whose shell is pure goes from (L+1)(L+2)/2 Cartesian to 2L+1
 * spherical components, the others stay Cartesian. Row-major in, row-major out.
 *
 * `input` holds Π ncart(L_i) values (row-major, first index slowest); `out` receives
 * Π n_i values with n_i = 2L_i+1 if pure, else ncart(L_i). `out` may be `input` (in place).
 * Uses module-level scratch buffers (allocated once and grown when needed), so it does not
 * allocate in steady state. Not re-entrant across threads' shared buffers — each worker has its
 * own module instance.
 *
 * @param input Cartesian block
 * @param L angular momenta of the block's shells, e.g. [La, Lb] or [La, Lb, Lc, Ld]
 * @param pure whether each shell is spherical (truthy) or Cartesian
 * @param out destination (may equal input)
 * @example
 * ```ts
 * // 2-index block of a d shell with itself (6×6 Cartesian → 5×5 spherical)
 * const cart = new Float64Array(36), sph = new Float64Array(25);
 * cartesianToSpherical(cart, [2, 2], [1, 1], sph);
 * ```
 */
export function cartesianToSpherical(
  input: Float64Array,
  L: ArrayLike<number>,
  pure: ArrayLike<number | boolean>,
  out: Float64Array,
): void {
  const rank = L.length;
  let total = 1;
  let anyPure = false;
  for (let i = 0; i < rank; i++) {
    const l = L[i]!;
    total *= ((l + 1) * (l + 2)) / 2;
    if (pure[i] && l >= 2) anyPure = true;
  }
  if (!anyPure) {
    // s and p spherical components are the Cartesian ones up to order: p is (z, x, y).
    permuteP(input, L, pure, total, out);
    return;
  }
  if (scratchA.length < total) {
    scratchA = new Float64Array(total);
    scratchB = new Float64Array(total);
  }
  let cur: Float64Array = input;
  const sizes = scratchSizes;
  for (let i = 0; i < rank; i++) sizes[i] = ((L[i]! + 1) * (L[i]! + 2)) / 2;
  let useA = true;
  for (let i = 0; i < rank; i++) {
    const l = L[i]!;
    if (!pure[i] || l === 0) continue;
    let A = 1;
    for (let j = 0; j < i; j++) A *= sizes[j]!;
    let B = 1;
    for (let j = i + 1; j < rank; j++) B *= sizes[j]!;
    const dst = useA ? scratchA : scratchB;
    transformIndex(cur, A, B, cartToSph(l), dst);
    cur = dst;
    useA = !useA;
    sizes[i] = 2 * l + 1;
  }
  let n = 1;
  for (let i = 0; i < rank; i++) n *= sizes[i]!;
  out.set(cur.subarray(0, n));
}

/** Fast path when only s and p shells are pure: p goes (x, y, z) → (z, x, y). */
function permuteP(
  input: Float64Array,
  L: ArrayLike<number>,
  pure: ArrayLike<number | boolean>,
  total: number,
  out: Float64Array,
): void {
  const rank = L.length;
  let anyP = false;
  for (let i = 0; i < rank; i++) if (pure[i] && L[i] === 1) anyP = true;
  if (!anyP) {
    if (out !== input) out.set(input.subarray(0, total));
    return;
  }
  if (scratchA.length < total) {
    scratchA = new Float64Array(total);
    scratchB = new Float64Array(total);
  }
  let cur: Float64Array = input;
  let useA = true;
  for (let i = 0; i < rank; i++) {
    if (!pure[i] || L[i] !== 1) continue;
    let A = 1;
    for (let j = 0; j < i; j++) A *= ((L[j]! + 1) * (L[j]! + 2)) / 2;
    let B = 1;
    for (let j = i + 1; j < rank; j++) B *= ((L[j]! + 1) * (L[j]! + 2)) / 2;
    const dst = useA ? scratchA : scratchB;
    for (let a = 0; a < A; a++) {
      const base = a * 3 * B;
      for (let b = 0; b < B; b++) {
        dst[base + b] = cur[base + 2 * B + b]!; // z
        dst[base + B + b] = cur[base + b]!; // x
        dst[base + 2 * B + b] = cur[base + B + b]!; // y
      }
    }
    cur = dst;
    useA = !useA;
  }
  out.set(cur.subarray(0, total));
}

/**
 * The nbf × ncart matrix C that takes a whole Cartesian matrix to the basis' own functions:
 * M = C · M_cart · Cᵀ, where M_cart is over all Cartesian functions (ncart × ncart, shells at
 * `shellFirstCart`) and M over the basis functions (nbf × nbf, shells at `shellFirstFunction`).
 * Cartesian shells get an identity block.
 *
 * @example
 * ```ts
 * const C = basisCartesianToSpherical(basis); // C.rows = basis.nbf, C.cols = basis.ncart
 * ```
 */
export function basisCartesianToSpherical(basis: BasisSet): Matrix {
  const nbf = basis.nbf;
  const ncart = basis.ncart;
  const data = new Float64Array(nbf * ncart);
  for (let s = 0; s < basis.nshell; s++) {
    const L = basis.shellL[s]!;
    const f0 = basis.shellFirstFunction[s]!;
    const c0 = basis.shellFirstCart[s]!;
    const nc = ((L + 1) * (L + 2)) / 2;
    if (basis.shellPure[s]) {
      const t = cartToSph(L);
      for (let i = 0; i < t.nsph; i++) {
        for (let c = 0; c < nc; c++) data[(f0 + i) * ncart + c0 + c] = t.coef[i * nc + c]!;
      }
    } else {
      for (let c = 0; c < nc; c++) data[(f0 + c) * ncart + c0 + c] = 1;
    }
  }
  return { rows: nbf, cols: ncart, data };
}
