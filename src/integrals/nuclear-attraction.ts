/**
 * Nuclear-attraction integrals V[μν] = −Σ_C Z_C ⟨μ| 1/|r − C| |ν⟩ over contracted Gaussian
 * shells, by the Obara–Saika vertical recurrence on the bra and the horizontal (transfer)
 * recurrence to the ket.
 *
 * Per primitive pair (exponents α, β; p = α + β, μ = αβ/p, P = (αA + βB)/p) and nucleus C:
 *   Θ⁽ᵐ⁾(0, 0) = (2π/p) e^{−μ R²_AB} F_m(p R²_PC)                                  (OS 1986)
 *   Θ⁽ᵐ⁾(a + 1ᵢ, 0) = X_PA,i Θ⁽ᵐ⁾(a) − X_PC,i Θ⁽ᵐ⁺¹⁾(a)
 *                    + aᵢ/(2p) [Θ⁽ᵐ⁾(a − 1ᵢ) − Θ⁽ᵐ⁺¹⁾(a − 1ᵢ)]                       (OS 1986, b = 0)
 * (HJO §9.10). The contracted (e|0) with L_a ≤ |e| ≤ L_a + L_b are summed over
 * primitives and nuclei, then the ket is built once per shell pair by the transfer relation
 *   (a | b + 1ᵢ) = (a + 1ᵢ | b) + (A_i − B_i)(a | b)
 * (Head-Gordon & Pople, J. Chem. Phys. 89, 5777 (1988), doi:10.1063/1.455553; it holds
 * for any operator that does not differentiate, here 1/r_C).
 *
 * The shell with the higher angular momentum is put on the bra (the block is transposed back),
 * so the transfer recursion is as short as possible.
 *
 * Ordering: as overlap-kinetic.ts — the basis' own functions, Psi4's AO order (identity map).
 *
 * @packageDocumentation
 */
import { InvalidInputError } from '../errors';
import type { BasisSet } from '../basis/basis-set';
import type { Matrix } from '../linalg';
import { boys as boysImported } from './boys';
import {
  ONE_ELECTRON_MAX_L,
  PRIMITIVE_SCREEN_EXPONENT as SCREEN_IMPORTED,
  assembleSymmetric,
  cartBuf0 as cartBufImported,
  checkBasis,
  checkOut,
  checkShell,
  shellFunctionCount,
  toBasisFunctions,
  tupleCount as tupleCountImported,
  tupleDir as tupleDirImported,
  tupleL as tupleLImported,
  tupleMinus1 as tupleMinus1Imported,
  tupleMinus2 as tupleMinus2Imported,
  tupleNm1 as tupleNm1Imported,
  tuplePlus as tuplePlusImported,
} from './obara-saika-1e';

// Module-local bindings for the hot loops: CommonJS loaders may turn imported bindings into
// property getters, which cost a call per access.
const boys = boysImported;
const tupleCount = tupleCountImported;
const cartBuf0 = cartBufImported;
const PRIMITIVE_SCREEN_EXPONENT = SCREEN_IMPORTED;
const tupleDir = tupleDirImported;
const tupleL = tupleLImported;
const tupleMinus1 = tupleMinus1Imported;
const tupleMinus2 = tupleMinus2Imported;
const tupleNm1 = tupleNm1Imported;
const tuplePlus = tuplePlusImported;

/**
 * What the one-electron integrals need of a molecule: nuclei with charges and positions.
 * The geometry module's `Molecule` has this shape; any point charges can be passed the same way.
 */
export interface NucleiLike {
  readonly atoms: ReadonlyArray<{
    /** Nuclear charge in units of e (atomic number for a nucleus). */
    readonly Z: number;
    /** Position in bohr. */
    readonly position: readonly [number, number, number];
  }>;
}

/** Packed charges: [Z₀, x₀, y₀, z₀, Z₁, …] (e, bohr). */
const packedCache = new WeakMap<object, Float64Array>();

/** Validates and packs the nuclei once per molecule object. */
export function packNuclei(molecule: NucleiLike, what: string): Float64Array {
  const cached = packedCache.get(molecule);
  if (cached && cached.length === 4 * molecule.atoms.length) return cached;
  if (!molecule || !Array.isArray(molecule.atoms)) {
    throw new InvalidInputError(`${what}: the molecule must have an atoms array`);
  }
  const n = molecule.atoms.length;
  const out = new Float64Array(4 * n);
  for (let k = 0; k < n; k++) {
    const atom = molecule.atoms[k]!;
    const pos = atom.position;
    if (!Number.isFinite(atom.Z) || !pos || !Number.isFinite(pos[0]) || !Number.isFinite(pos[1]) || !Number.isFinite(pos[2])) {
      throw new InvalidInputError(`${what}: atom ${k} needs a finite charge Z and a finite position [x, y, z] in bohr`);
    }
    out[4 * k] = atom.Z;
    out[4 * k + 1] = pos[0];
    out[4 * k + 2] = pos[1];
    out[4 * k + 3] = pos[2];
  }
  packedCache.set(molecule, out);
  return out;
}

const LT_MAX = 2 * ONE_ELECTRON_MAX_L;
const W_MAX = LT_MAX + 1;
const theta = new Float64Array(tupleCount(LT_MAX) * W_MAX);
const eAcc = new Float64Array(tupleCount(LT_MAX));
const hrr = new Float64Array(tupleCount(LT_MAX) * tupleCount(ONE_ELECTRON_MAX_L));
const fm = new Float64Array(LT_MAX + 2);

/**
 * Contracted Cartesian block of −Σ_C Z_C/|r − C| between shells P and Q into `cartBuf0`
 * (ncart_P × ncart_Q, row-major). `charges` as from {@link packNuclei}.
 */
export function nuclearCartesian(basis: BasisSet, P: number, Q: number, charges: Float64Array): void {
  // Bra X gets the higher angular momentum.
  const swap = basis.shellL[P]! < basis.shellL[Q]!;
  const X = swap ? Q : P;
  const Y = swap ? P : Q;
  const La = basis.shellL[X]!;
  const Lb = basis.shellL[Y]!;
  const Lt = La + Lb;
  const W = Lt + 1;
  const nTup = tupleCount(Lt);
  const eLo = La === 0 ? 0 : tupleCount(La - 1);
  eAcc.fill(0, eLo, nTup);
  const cen = basis.shellCenter;
  const Ax = cen[3 * X]!, Ay = cen[3 * X + 1]!, Az = cen[3 * X + 2]!;
  const Bx = cen[3 * Y]!, By = cen[3 * Y + 1]!, Bz = cen[3 * Y + 2]!;
  const ABx = Ax - Bx, ABy = Ay - By, ABz = Az - Bz;
  const R2 = ABx * ABx + ABy * ABy + ABz * ABz;
  const exps = basis.exponents;
  const coefs = basis.coefficients;
  const pa0 = basis.shellFirstPrim[X]!, npa = basis.shellNprim[X]!;
  const pb0 = basis.shellFirstPrim[Y]!, npb = basis.shellNprim[Y]!;
  const nC = charges.length >> 2;
  for (let ia = 0; ia < npa; ia++) {
    const a = exps[pa0 + ia]!;
    const ca = coefs[pa0 + ia]!;
    for (let ib = 0; ib < npb; ib++) {
      const b = exps[pb0 + ib]!;
      const p = a + b;
      const oop = 1 / p;
      const muR2 = a * b * oop * R2;
      if (muR2 > PRIMITIVE_SCREEN_EXPONENT) continue;
      const oo2p = 0.5 * oop;
      const base = ca * coefs[pb0 + ib]! * 2 * Math.PI * oop * Math.exp(-muR2);
      const Px = (a * Ax + b * Bx) * oop, Py = (a * Ay + b * By) * oop, Pz = (a * Az + b * Bz) * oop;
      const PAx = Px - Ax, PAy = Py - Ay, PAz = Pz - Az;
      for (let c = 0; c < nC; c++) {
        const Z = charges[4 * c]!;
        if (Z === 0) continue;
        const PCx = Px - charges[4 * c + 1]!, PCy = Py - charges[4 * c + 2]!, PCz = Pz - charges[4 * c + 3]!;
        boys(Lt, p * (PCx * PCx + PCy * PCy + PCz * PCz), fm);
        const pref = -Z * base;
        for (let m = 0; m <= Lt; m++) theta[m] = pref * fm[m]!;
        for (let n = 1; n < nTup; n++) {
          const dir = tupleDir[n]!;
          const pa = dir === 0 ? PAx : dir === 1 ? PAy : PAz;
          const pc = dir === 0 ? PCx : dir === 1 ? PCy : PCz;
          const o = n * W;
          const o1 = tupleMinus1[n]! * W;
          const mmax = Lt - tupleL[n]!;
          const n2 = tupleMinus2[n]!;
          if (n2 < 0) {
            for (let m = 0; m <= mmax; m++) theta[o + m] = pa * theta[o1 + m]! - pc * theta[o1 + m + 1]!;
          } else {
            const o2 = n2 * W;
            const f = tupleNm1[n]! * oo2p;
            for (let m = 0; m <= mmax; m++) {
              theta[o + m] =
                pa * theta[o1 + m]! - pc * theta[o1 + m + 1]! + f * (theta[o2 + m]! - theta[o2 + m + 1]!);
            }
          }
        }
        for (let n = eLo; n < nTup; n++) eAcc[n]! += theta[n * W]!;
      }
    }
  }
  horizontal(La, Lb, ABx, ABy, ABz);
  // Copy (a|b) with |a| = La, |b| = Lb into the P×Q Cartesian block.
  const nA = ((La + 1) * (La + 2)) / 2;
  const nB = ((Lb + 1) * (Lb + 2)) / 2;
  const nF = tupleCount(Lb);
  const fLo = Lb === 0 ? 0 : tupleCount(Lb - 1);
  for (let u = 0; u < nA; u++) {
    const row = (eLo + u) * nF + fLo;
    if (!swap) {
      for (let v = 0; v < nB; v++) cartBuf0[u * nB + v] = hrr[row + v]!;
    } else {
      for (let v = 0; v < nB; v++) cartBuf0[v * nA + u] = hrr[row + v]!;
    }
  }
}

/**
 * Horizontal recurrence (a | b + 1ᵢ) = (a + 1ᵢ | b) + AB_i (a | b) from `eAcc` (the (e|0) with
 * La ≤ |e| ≤ La+Lb) into `hrr[e * nF + f]`.
 */
function horizontal(La: number, Lb: number, ABx: number, ABy: number, ABz: number): void {
  const Lt = La + Lb;
  const nF = tupleCount(Lb);
  const eLo = La === 0 ? 0 : tupleCount(La - 1);
  const eHi = tupleCount(Lt);
  for (let e = eLo; e < eHi; e++) hrr[e * nF] = eAcc[e]!;
  for (let f = 1; f < nF; f++) {
    const dir = tupleDir[f]!;
    const f1 = tupleMinus1[f]!;
    const ab = dir === 0 ? ABx : dir === 1 ? ABy : ABz;
    const end = tupleCount(Lt - tupleL[f]!);
    for (let e = eLo; e < end; e++) {
      hrr[e * nF + f] = hrr[tuplePlus[3 * e + dir]! * nF + f1]! + ab * hrr[e * nF + f1]!;
    }
  }
}

/**
 * The nuclear-attraction block ⟨P| −Σ_C Z_C/|r − C| |Q⟩ in hartree, written row-major into
 * `out` (shellSize(P) × shellSize(Q), spherical where the shell is pure), libcint style.
 *
 * @param basis the basis set (positions in bohr)
 * @param molecule nuclei: charges Z (e) and positions (bohr)
 * @param P first shell index (rows)
 * @param Q second shell index (columns)
 * @param out destination buffer
 * @example
 * ```ts
 * const out = new Float64Array(1);
 * nuclearAttractionShellBlock(basis, water, 0, 0, out); // O 1s (STO-3G, Crawford's water): −61.580595358
 * ```
 */
export function nuclearAttractionShellBlock(
  basis: BasisSet,
  molecule: NucleiLike,
  P: number,
  Q: number,
  out: Float64Array,
): void {
  checkShell(basis, P, 'nuclearAttractionShellBlock');
  checkShell(basis, Q, 'nuclearAttractionShellBlock');
  checkOut(out, shellFunctionCount(basis, P) * shellFunctionCount(basis, Q), 'nuclearAttractionShellBlock');
  nuclearCartesian(basis, P, Q, packNuclei(molecule, 'nuclearAttractionShellBlock'));
  toBasisFunctions(basis, P, Q, cartBuf0, out);
}

/**
 * The nuclear-attraction matrix V[μν] = −Σ_C Z_C ⟨μ|1/|r − C||ν⟩ in hartree (nbf × nbf,
 * row-major, symmetric), summed over every atom of `molecule`.
 *
 * @param basis the basis set (positions in bohr)
 * @param molecule nuclei: charges Z (e) and positions (bohr)
 * @example
 * ```ts
 * const V = nuclearAttraction(load('sto-3g', water), water);
 * V.data[0]; // −61.580595358 (O 1s, Crawford's water)
 * ```
 */
export function nuclearAttraction(basis: BasisSet, molecule: NucleiLike): Matrix {
  checkBasis(basis, 'nuclearAttraction');
  const charges = packNuclei(molecule, 'nuclearAttraction');
  return assembleSymmetric(basis, (P, Q, buf) => {
    nuclearCartesian(basis, P, Q, charges);
    toBasisFunctions(basis, P, Q, cartBuf0, buf);
  });
}
