/**
 * Shared machinery of the one-electron integrals: Obara–Saika recurrences for Cartesian Gaussian
 * shell pairs, the Cartesian → basis-function step, and the loop that assembles whole matrices
 * from shell blocks.
 *
 * References: S. Obara, A. Saika, J. Chem. Phys. 84, 3963 (1986), doi:10.1063/1.450106 (OS);
 * T. Helgaker, P. Jørgensen, J. Olsen, *Molecular Electronic-Structure Theory* (Wiley, 2000),
 * §9.2–9.3 and §9.10 (HJO).
 *
 * Internal module: the public entry points are in overlap-kinetic.ts, nuclear-attraction.ts and
 * multipole.ts.
 *
 * @packageDocumentation
 */
import { InvalidInputError } from '../errors';
import type { BasisSet } from '../basis/basis-set';
import type { Matrix } from '../linalg';
import { cartesianExponents, cartesianToSpherical } from './spherical';

/** Highest angular momentum of a shell the one-electron integrals accept (i functions). */
export const ONE_ELECTRON_MAX_L = 6;

/**
 * Primitive pairs with μ R²_AB above this are skipped: their Gaussian-product prefactor
 * e^{−μR²} < 1e-20, far below double-precision significance of any matrix element they join
 * (polynomial factors |X_PA|^L stay ≪ 1e4 for bonded distances).
 */
export const PRIMITIVE_SCREEN_EXPONENT = 46;

/** Highest total angular momentum of tuple tables: a shell pair (L_a + L_b) plus 2 for kinetic. */
const TUPLE_MAX_L = 2 * ONE_ELECTRON_MAX_L + 2;

/** Number of Cartesian tuples (a_x, a_y, a_z) with a_x + a_y + a_z ≤ L: (L+1)(L+2)(L+3)/6. */
export function tupleCount(L: number): number {
  return ((L + 1) * (L + 2) * (L + 3)) / 6;
}

/**
 * Tables over all Cartesian tuples with total ≤ TUPLE_MAX_L, indexed by
 * n = tupleCount(|a| − 1) + cartesianIndex(a) (so tuples of lower total come first and, within a
 * total, the lexicographic order of basis-set.ts holds).
 * - `tupleL[n]`: |a|;
 * - `tupleDir[n]`: a direction i with a_i > 0, used to build a from a − 1_i;
 * - `tupleMinus1[n]` = index of a − 1_i; `tupleMinus2[n]` = index of a − 2_i or −1;
 * - `tupleNm1[n]` = a_i − 1 (the OS factor N_i(a − 1_i));
 * - `tuplePlus[3n + j]` = index of a + 1_j (−1 beyond the table).
 */
const NTUPLE = tupleCount(TUPLE_MAX_L);
export const tupleL = new Int32Array(NTUPLE);
export const tupleDir = new Int32Array(NTUPLE);
export const tupleMinus1 = new Int32Array(NTUPLE);
export const tupleMinus2 = new Int32Array(NTUPLE);
export const tupleNm1 = new Int32Array(NTUPLE);
export const tuplePlus = new Int32Array(3 * NTUPLE);

function tupleIndex(ax: number, ay: number, az: number): number {
  const L = ax + ay + az;
  const i = ay + az;
  return (L === 0 ? 0 : tupleCount(L - 1)) + (i * (i + 1)) / 2 + az;
}

(function buildTuples(): void {
  const e = [0, 0, 0];
  for (let L = 0; L <= TUPLE_MAX_L; L++) {
    for (let ax = L; ax >= 0; ax--) {
      for (let ay = L - ax; ay >= 0; ay--) {
        const az = L - ax - ay;
        const n = tupleIndex(ax, ay, az);
        e[0] = ax;
        e[1] = ay;
        e[2] = az;
        tupleL[n] = L;
        // Prefer the direction with the largest exponent: shortest recursion chains.
        let dir = 0;
        if (ay > e[dir]!) dir = 1;
        if (az > e[dir]!) dir = 2;
        tupleDir[n] = dir;
        if (L === 0) {
          tupleMinus1[n] = -1;
          tupleMinus2[n] = -1;
          tupleNm1[n] = 0;
        } else {
          e[dir]!--;
          tupleMinus1[n] = tupleIndex(e[0]!, e[1]!, e[2]!);
          tupleNm1[n] = e[dir]!;
          if (e[dir]! > 0) {
            e[dir]!--;
            tupleMinus2[n] = tupleIndex(e[0]!, e[1]!, e[2]!);
            e[dir]!++;
          } else {
            tupleMinus2[n] = -1;
          }
          e[dir]!++;
        }
        for (let j = 0; j < 3; j++) {
          if (L === TUPLE_MAX_L) {
            tuplePlus[3 * n + j] = -1;
          } else {
            e[j]!++;
            tuplePlus[3 * n + j] = tupleIndex(e[0]!, e[1]!, e[2]!);
            e[j]!--;
          }
        }
      }
    }
  }
})();

/** Cartesian exponents per L (cached), as from {@link cartesianExponents}. */
const EXPONENTS: Int32Array[] = [];
for (let L = 0; L <= ONE_ELECTRON_MAX_L; L++) EXPONENTS.push(cartesianExponents(L));
export function exponentsOf(L: number): Int32Array {
  return EXPONENTS[L]!;
}

/**
 * Fills the scaled 1D overlap table s[i * stride + j] = S_ij / S_00 for i ≤ imax, j ≤ jmax of
 * the Hermite-free Obara–Saika recurrence (OS 1986, appendix; HJO §9.3):
 *   S_{i+1,j} = X_PA S_ij + (i S_{i−1,j} + j S_{i,j−1}) / (2p),
 *   S_{i,j+1} = X_PB S_ij + (i S_{i−1,j} + j S_{i,j−1}) / (2p),
 * with S_00 = 1. The true 1D overlap is S_00 = √(π/p) exp(−μ X_AB²) times this.
 */
export function overlap1D(
  s: Float64Array,
  off: number,
  stride: number,
  imax: number,
  jmax: number,
  PA: number,
  PB: number,
  oo2p: number,
): void {
  s[off] = 1;
  // first column j = 0
  if (imax >= 1) s[off + stride] = PA;
  for (let i = 1; i < imax; i++) {
    s[off + (i + 1) * stride] = PA * s[off + i * stride]! + i * oo2p * s[off + (i - 1) * stride]!;
  }
  // columns j ≥ 1 by the second recurrence
  for (let j = 0; j < jmax; j++) {
    for (let i = 0; i <= imax; i++) {
      let v = PB * s[off + i * stride + j]!;
      if (i > 0) v += i * oo2p * s[off + (i - 1) * stride + j]!;
      if (j > 0) v += j * oo2p * s[off + i * stride + j - 1]!;
      s[off + i * stride + j + 1] = v;
    }
  }
}

/** Checks a shell index and the L limit at the public boundary. */
export function checkShell(basis: BasisSet, shell: number, what: string): void {
  if (!Number.isInteger(shell) || shell < 0 || shell >= basis.nshell) {
    throw new RangeError(`${what}: shell index ${shell} is outside 0…${basis.nshell - 1}`);
  }
  const L = basis.shellL[shell]!;
  if (L > ONE_ELECTRON_MAX_L) {
    throw new InvalidInputError(
      `${what}: shell ${shell} has angular momentum ${L}; one-electron integrals support L ≤ ${ONE_ELECTRON_MAX_L}`,
    );
  }
}

/** Checks every shell's L once for a whole-matrix build. */
export function checkBasis(basis: BasisSet, what: string): void {
  if (basis.maxL > ONE_ELECTRON_MAX_L) {
    throw new InvalidInputError(
      `${what}: the basis has angular momentum ${basis.maxL}; one-electron integrals support L ≤ ${ONE_ELECTRON_MAX_L}`,
    );
  }
}

/** Number of functions of a shell in the basis' own representation. */
export function shellFunctionCount(basis: BasisSet, shell: number): number {
  const L = basis.shellL[shell]!;
  return basis.shellPure[shell] ? 2 * L + 1 : ((L + 1) * (L + 2)) / 2;
}

/** Checks that a caller's output buffer can hold a shell block. */
export function checkOut(out: Float64Array, n: number, what: string): void {
  if (!(out instanceof Float64Array) || out.length < n) {
    throw new RangeError(`${what}: output buffer needs ${n} Float64Array elements, got ${out?.length}`);
  }
}

const pairL = new Int32Array(2);
const pairPure = new Uint8Array(2);

/**
 * Transforms a Cartesian (ncart_P × ncart_Q) block, row-major, to the basis' functions of shells
 * P and Q, writing `out` (may alias `cart`).
 */
export function toBasisFunctions(basis: BasisSet, P: number, Q: number, cart: Float64Array, out: Float64Array): void {
  pairL[0] = basis.shellL[P]!;
  pairL[1] = basis.shellL[Q]!;
  pairPure[0] = basis.shellPure[P]!;
  pairPure[1] = basis.shellPure[Q]!;
  cartesianToSpherical(cart, pairL, pairPure, out);
}

/**
 * Assembles a symmetric nbf × nbf matrix from shell blocks (P ≥ Q), mirroring each block.
 * `block(P, Q, buf)` writes the (nP × nQ) block in basis functions into `buf`.
 */
export function assembleSymmetric(
  basis: BasisSet,
  block: (P: number, Q: number, buf: Float64Array) => void,
): Matrix {
  const n = basis.nbf;
  const data = new Float64Array(n * n);
  const maxN = ((basis.maxL + 1) * (basis.maxL + 2)) / 2;
  const buf = new Float64Array(maxN * maxN);
  for (let P = 0; P < basis.nshell; P++) {
    const p0 = basis.shellFirstFunction[P]!;
    const nP = shellFunctionCount(basis, P);
    for (let Q = 0; Q <= P; Q++) {
      const q0 = basis.shellFirstFunction[Q]!;
      const nQ = shellFunctionCount(basis, Q);
      block(P, Q, buf);
      for (let i = 0; i < nP; i++) {
        for (let j = 0; j < nQ; j++) {
          const v = buf[i * nQ + j]!;
          data[(p0 + i) * n + q0 + j] = v;
          data[(q0 + j) * n + p0 + i] = v;
        }
      }
    }
  }
  return { rows: n, cols: n, data };
}

/** What {@link separableKernel} computes. */
export const SeparableKind = { Overlap: 0, Kinetic: 1, Dipole: 2 } as const;
export type SeparableKind = (typeof SeparableKind)[keyof typeof SeparableKind];

const MAXJ = ONE_ELECTRON_MAX_L + 3;
const STRIDE = MAXJ; // row stride of the 1D tables
const TAB = (ONE_ELECTRON_MAX_L + 1) * STRIDE;
const sTab = new Float64Array(3 * TAB); // x, y, z scaled 1D overlaps
const kTab = new Float64Array(3 * TAB); // x, y, z 1D kinetic or first-moment factors
const NCMAX = ((ONE_ELECTRON_MAX_L + 1) * (ONE_ELECTRON_MAX_L + 2)) / 2;
/** Cartesian accumulation buffers (up to three results) for one shell pair. */
export const cartBuf0 = new Float64Array(NCMAX * NCMAX);
export const cartBuf1 = new Float64Array(NCMAX * NCMAX);
export const cartBuf2 = new Float64Array(NCMAX * NCMAX);

/**
 * Contracted Cartesian block of shells P, Q (ncart_P × ncart_Q, row-major) for the separable
 * one-electron operators, in `cartBuf0` (and `cartBuf1`, `cartBuf2` for the y, z dipole):
 * - overlap: S_ab = (π/p)^{3/2} e^{−μ R²_AB} Π_x s_x(a_x, b_x)   (OS 1986; HJO §9.3)
 * - kinetic: T_ab = (π/p)^{3/2} e^{−μ R²} (t_x s_y s_z + s_x t_y s_z + s_x s_y t_z) with
 *   t(i, j) = −½ [j(j−1) s(i, j−2) − 2β(2j+1) s(i, j) + 4β² s(i, j+2)], i.e. −½⟨G_i|∂²|G_j⟩
 *   from ∂²G_j = j(j−1)G_{j−2} − 2β(2j+1)G_j + 4β²G_{j+2}   (HJO §9.3);
 * - dipole about C: M^x_ab = (π/p)^{3/2} e^{−μR²} m_x s_y s_z with
 *   m(i, j) = s(i, j+1) + (B_x − C_x) s(i, j)   (HJO §9.3; x − C_x = (x − B_x) + (B_x − C_x)).
 * Primitive contraction coefficients (with normalisation) are applied.
 */
export function separableKernel(basis: BasisSet, P: number, Q: number, kind: SeparableKind, C: ArrayLike<number>): void {
  const La = basis.shellL[P]!;
  const Lb = basis.shellL[Q]!;
  const ea = EXPONENTS[La]!;
  const eb = EXPONENTS[Lb]!;
  const nA = ((La + 1) * (La + 2)) / 2;
  const nB = ((Lb + 1) * (Lb + 2)) / 2;
  const nAB = nA * nB;
  const jmax = Lb + (kind === SeparableKind.Kinetic ? 2 : kind === SeparableKind.Dipole ? 1 : 0);
  cartBuf0.fill(0, 0, nAB);
  if (kind === SeparableKind.Dipole) {
    cartBuf1.fill(0, 0, nAB);
    cartBuf2.fill(0, 0, nAB);
  }
  const cen = basis.shellCenter;
  const Ax = cen[3 * P]!, Ay = cen[3 * P + 1]!, Az = cen[3 * P + 2]!;
  const Bx = cen[3 * Q]!, By = cen[3 * Q + 1]!, Bz = cen[3 * Q + 2]!;
  const ABx = Ax - Bx, ABy = Ay - By, ABz = Az - Bz;
  const R2 = ABx * ABx + ABy * ABy + ABz * ABz;
  const BCx = Bx - (C[0] ?? 0), BCy = By - (C[1] ?? 0), BCz = Bz - (C[2] ?? 0);
  const exps = basis.exponents;
  const coefs = basis.coefficients;
  const pa0 = basis.shellFirstPrim[P]!, npa = basis.shellNprim[P]!;
  const pb0 = basis.shellFirstPrim[Q]!, npb = basis.shellNprim[Q]!;
  for (let ia = 0; ia < npa; ia++) {
    const a = exps[pa0 + ia]!;
    const ca = coefs[pa0 + ia]!;
    for (let ib = 0; ib < npb; ib++) {
      const b = exps[pb0 + ib]!;
      const p = a + b;
      const oop = 1 / p;
      const mu = a * b * oop;
      if (mu * R2 > PRIMITIVE_SCREEN_EXPONENT) continue;
      const pref = ca * coefs[pb0 + ib]! * Math.pow(Math.PI * oop, 1.5) * Math.exp(-mu * R2);
      const oo2p = 0.5 * oop;
      const fb = -b * oop, fa = a * oop;
      overlap1D(sTab, 0, STRIDE, La, jmax, fb * ABx, fa * ABx, oo2p);
      overlap1D(sTab, TAB, STRIDE, La, jmax, fb * ABy, fa * ABy, oo2p);
      overlap1D(sTab, 2 * TAB, STRIDE, La, jmax, fb * ABz, fa * ABz, oo2p);
      if (kind === SeparableKind.Overlap) {
        for (let u = 0; u < nA; u++) {
          const xo = ea[3 * u]! * STRIDE, yo = TAB + ea[3 * u + 1]! * STRIDE, zo = 2 * TAB + ea[3 * u + 2]! * STRIDE;
          const row = u * nB;
          for (let v = 0; v < nB; v++) {
            cartBuf0[row + v]! += pref * sTab[xo + eb[3 * v]!]! * sTab[yo + eb[3 * v + 1]!]! * sTab[zo + eb[3 * v + 2]!]!;
          }
        }
      } else if (kind === SeparableKind.Kinetic) {
        const b2 = 4 * b * b;
        for (let d = 0; d < 3; d++) {
          const o = d * TAB;
          for (let i = 0; i <= La; i++) {
            const r = o + i * STRIDE;
            for (let j = 0; j <= Lb; j++) {
              let t = b2 * sTab[r + j + 2]! - 2 * b * (2 * j + 1) * sTab[r + j]!;
              if (j >= 2) t += j * (j - 1) * sTab[r + j - 2]!;
              kTab[r + j] = -0.5 * t;
            }
          }
        }
        for (let u = 0; u < nA; u++) {
          const xo = ea[3 * u]! * STRIDE, yo = TAB + ea[3 * u + 1]! * STRIDE, zo = 2 * TAB + ea[3 * u + 2]! * STRIDE;
          const row = u * nB;
          for (let v = 0; v < nB; v++) {
            const jx = xo + eb[3 * v]!, jy = yo + eb[3 * v + 1]!, jz = zo + eb[3 * v + 2]!;
            const sx = sTab[jx]!, sy = sTab[jy]!, sz = sTab[jz]!;
            cartBuf0[row + v]! += pref * (kTab[jx]! * sy * sz + sx * kTab[jy]! * sz + sx * sy * kTab[jz]!);
          }
        }
      } else {
        for (let d = 0; d < 3; d++) {
          const o = d * TAB;
          const bc = d === 0 ? BCx : d === 1 ? BCy : BCz;
          for (let i = 0; i <= La; i++) {
            const r = o + i * STRIDE;
            for (let j = 0; j <= Lb; j++) kTab[r + j] = sTab[r + j + 1]! + bc * sTab[r + j]!;
          }
        }
        for (let u = 0; u < nA; u++) {
          const xo = ea[3 * u]! * STRIDE, yo = TAB + ea[3 * u + 1]! * STRIDE, zo = 2 * TAB + ea[3 * u + 2]! * STRIDE;
          const row = u * nB;
          for (let v = 0; v < nB; v++) {
            const jx = xo + eb[3 * v]!, jy = yo + eb[3 * v + 1]!, jz = zo + eb[3 * v + 2]!;
            const sx = sTab[jx]!, sy = sTab[jy]!, sz = sTab[jz]!;
            cartBuf0[row + v]! += pref * kTab[jx]! * sy * sz;
            cartBuf1[row + v]! += pref * sx * kTab[jy]! * sz;
            cartBuf2[row + v]! += pref * sx * sy * kTab[jz]!;
          }
        }
      }
    }
  }
}
