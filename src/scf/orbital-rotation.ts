/**
 * The occupied and virtual spaces of a density, semicanonical in a Fock matrix, and the exact
 * orbital rotation C ← C·exp(K) between them: what a second-order step works on.
 *
 * @packageDocumentation
 */
import { congruence, eigh, matmul, matmulNT, matmulTN, zeros, type Matrix } from '../linalg';

/**
 * The occupied and virtual orbitals of one spin, each block diagonal in the Fock matrix
 * (semicanonical: C_oᵀFC_o = diag(ε_o), C_vᵀFC_v = diag(ε_v), C_vᵀFC_o ≠ 0 away from
 * self-consistency). AO coefficients, orbitals as columns, CᵀSC = I.
 */
export interface OrbitalSpaces {
  /** nbf×nocc. */
  readonly occupied: Matrix;
  /** nbf×nvir (nvir = nmo − nocc). */
  readonly virtual: Matrix;
  /** Diagonal of F in the occupied block, hartree, ascending. */
  readonly occupiedEnergies: Float64Array;
  /** Diagonal of F in the virtual block, hartree, ascending. */
  readonly virtualEnergies: Float64Array;
  /**
   * max_k |λ_k(1 − λ_k)| over the eigenvalues λ of the density in the orthonormal basis: 0 for a
   * density of orbitals (idempotent), larger for a damped or superposed (SAD) one.
   */
  readonly idempotencyError: number;
}

function symmetrized(a: Matrix): Matrix {
  const n = a.rows, d = a.data;
  const out = zeros(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out.data[i * n + j] = 0.5 * (d[i * n + j]! + d[j * n + i]!);
  return out;
}

/** Columns [start, start + count) of a row-major matrix. */
function cols(a: Matrix, start: number, count: number): Matrix {
  const out = zeros(a.rows, count);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < count; j++) out.data[i * count + j] = a.data[i * a.cols + start + j]!;
  return out;
}

/** The block rotated to the eigenvectors of Bᵀ·F′·B, with those eigenvalues. */
function semicanonical(B: Matrix, Fp: Matrix): { C: Matrix; energies: Float64Array } {
  if (B.cols === 0) return { C: B, energies: new Float64Array(0) };
  const { values, vectors } = eigh(symmetrized(congruence(Fp, B)));
  return { C: matmul(B, vectors), energies: values };
}

/**
 * The occupied and virtual spaces of a spin density D (occupation 1 per orbital; for RHF half
 * the total density), semicanonical in F. In the orthonormal basis of X (XᵀSX = I) the density
 * is D′ = XᵀSDSX; its `nocc` eigenvectors of largest eigenvalue span the occupied space and the
 * rest the virtual one (for an idempotent D this is exact; otherwise it is the nearest
 * idempotent density, which `idempotencyError` measures). Each block is then diagonalised in
 * F′ = XᵀFX, so that Δε_ai = ε_a − ε_i is the diagonal of the orbital Hessian's one-electron part.
 *
 * @example
 * ```ts
 * const spaces = orbitalSpaces(F, spinDensities('rhf', [D])[0], S, X, 5);
 * spaces.occupied.cols; // 5
 * ```
 */
export function orbitalSpaces(F: Matrix, spinDensity: Matrix, S: Matrix, X: Matrix, nocc: number): OrbitalSpaces {
  const m = X.cols;
  if (!Number.isInteger(nocc) || nocc < 0 || nocc > m) throw new RangeError(`orbitalSpaces: nocc = ${nocc} outside 0…${m}`);
  const SX = matmul(S, X);
  const { values, vectors } = eigh(symmetrized(congruence(spinDensity, SX)));
  let idempotencyError = 0;
  for (const l of values) idempotencyError = Math.max(idempotencyError, Math.abs(l * (1 - l)));
  const Fp = symmetrized(congruence(F, X));
  const occ = semicanonical(cols(vectors, m - nocc, nocc), Fp);
  const vir = semicanonical(cols(vectors, 0, m - nocc), Fp);
  return {
    occupied: matmul(X, occ.C),
    virtual: matmul(X, vir.C),
    occupiedEnergies: occ.energies,
    virtualEnergies: vir.energies,
    idempotencyError,
  };
}

/** Rotated occupied and virtual orbitals. */
export interface RotatedOrbitals {
  /** nbf×nocc. */
  readonly occupied: Matrix;
  /** nbf×nvir. */
  readonly virtual: Matrix;
}

/**
 * The orbitals rotated by the anti-Hermitian generator K with K_ai = κ_ai, K_ia = −κ_ai (a
 * virtual, i occupied; zero occupied–occupied and virtual–virtual blocks): [C_o C_v]·exp(K),
 * exactly. With A = κᵀκ = V·diag(σ²)·Vᵀ (eigh of an nocc×nocc matrix), K² = −diag(A, κκᵀ), so
 *
 *   C_o ← C_o·cos√A + C_v·κ·sinc√A,
 *   C_v ← −C_o·sinc√A·κᵀ + C_v·(1 + κ·((cos√A − 1)/A)·κᵀ)
 *
 * (the series of exp(K) summed by parity; Helgaker, Jørgensen & Olsen, *Molecular
 * Electronic-Structure Theory* §3.1.3 and Eq. 10.1.25). To first order C_o ← C_o + C_v·κ, so
 * the energy changes by Σ_ai g_ai κ_ai with the gradient g of `orbitalHessianProduct`'s module.
 * The result is re-orthonormalised (Löwdin, in the S metric) only if `overlap` is given.
 * `kappa` is nvir×nocc, row-major.
 *
 * @example
 * ```ts
 * const spaces = orbitalSpaces(F, Dspin, S, X, 5);
const nvir = spaces.virtual.cols;
const kappa = { rows: nvir, cols: 5, data: new Float64Array(nvir * 5).fill(0.01) };
const { occupied } = rotateOrbitals(spaces.occupied, spaces.virtual, kappa, S); // 5 rotated occupied orbitals
 * ```
 */
export function rotateOrbitals(Co: Matrix, Cv: Matrix, kappa: Matrix, overlap?: Matrix): RotatedOrbitals {
  const no = Co.cols, nv = Cv.cols;
  if (kappa.rows !== nv || kappa.cols !== no) throw new RangeError(`rotateOrbitals: κ is ${kappa.rows}×${kappa.cols}, expected ${nv}×${no}`);
  if (no === 0 || nv === 0) return { occupied: Co, virtual: Cv };
  const { values, vectors: V } = eigh(symmetrized(matmulTN(kappa, kappa)));
  const fn = (f: (s: number) => number): Matrix => {
    const out = zeros(no, no);
    const d = new Float64Array(no);
    for (let k = 0; k < no; k++) d[k] = f(Math.sqrt(Math.max(0, values[k]!)));
    for (let i = 0; i < no; i++) {
      for (let j = 0; j < no; j++) {
        let s = 0;
        for (let k = 0; k < no; k++) s += V.data[i * no + k]! * d[k]! * V.data[j * no + k]!;
        out.data[i * no + j] = s;
      }
    }
    return out;
  };
  // Series forms below 1e-4 rad keep full precision where the closed forms cancel.
  const cos = fn((s) => Math.cos(s));
  const sinc = fn((s) => (s < 1e-4 ? 1 - (s * s) / 6 : Math.sin(s) / s));
  const cosm1 = fn((s) => (s < 1e-4 ? -0.5 + (s * s) / 24 : (Math.cos(s) - 1) / (s * s)));
  const kSinc = matmul(kappa, sinc); // nv×no
  const occupied = add(matmul(Co, cos), matmul(Cv, kSinc), 1);
  const vv = matmulNT(matmul(kappa, cosm1), kappa); // nv×nv
  for (let a = 0; a < nv; a++) vv.data[a * nv + a] = vv.data[a * nv + a]! + 1;
  const virtual = add(matmul(Cv, vv), matmulNT(Co, kSinc), -1); // (κ·sinc√A)ᵀ = sinc√A·κᵀ
  return overlap === undefined ? { occupied, virtual } : { occupied: lowdin(occupied, overlap), virtual: lowdin(virtual, overlap) };
}

/** a + β·b. */
function add(a: Matrix, b: Matrix, beta: number): Matrix {
  const out = zeros(a.rows, a.cols);
  for (let i = 0; i < out.data.length; i++) out.data[i] = a.data[i]! + beta * b.data[i]!;
  return out;
}

/** C·(CᵀSC)^(−1/2): the nearest orbitals to C that are orthonormal in the S metric. */
function lowdin(C: Matrix, S: Matrix): Matrix {
  const n = C.cols;
  if (n === 0) return C;
  const { values, vectors: V } = eigh(symmetrized(congruence(S, C)));
  const T = zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += (V.data[i * n + k]! * V.data[j * n + k]!) / Math.sqrt(values[k]!);
      T.data[i * n + j] = s;
    }
  }
  return matmul(C, T);
}
