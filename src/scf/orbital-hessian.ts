/**
 * The real orbital Hessians (A+B) of stability analysis, as matrix–vector products built from
 * AO-basis J/K builds of trial densities: no MO integral tensor, each product costs one J/K
 * build (a batch of trial vectors is one `computeJK` call).
 *
 * @packageDocumentation
 */
import type { JKBuilder } from '../integrals/jk';
import { columns, matmul, matmulNT, matmulTN, zeros, type Matrix } from '../linalg';

/**
 * Which Hessian: `'rhf-singlet'` (RHF → RHF), `'rhf-triplet'` (RHF → UHF) or `'uhf'` (UHF → UHF).
 *
 * @example
 * ```ts
 * const kind: HessianKind = 'rhf-triplet';
 * ```
 */
export type HessianKind = 'rhf-singlet' | 'rhf-triplet' | 'uhf';

/**
 * An orbital Hessian as an operator on occupied–virtual vectors. Layout: x[i·nvir + a] for
 * occupied i, virtual a (0-based within their spaces); UHF puts the α block first, then β.
 *
 * @example
 * ```ts
 * const h = orbitalHessian('rhf-triplet', problem.jk, result.moCoefficients, result.orbitalEnergies, [5]);
 * h.apply([h.diagonal]).length; // 1
 * ```
 */
export interface OrbitalHessian {
  readonly kind: HessianKind;
  /** Length of a vector: Σ_spin nocc·nvir. */
  readonly dimension: number;
  /** Occupied and virtual counts per spin block (one block for RHF). */
  readonly blocks: readonly { readonly nocc: number; readonly nvir: number }[];
  /** The orbital-energy differences ε_a − ε_i (hartree): the preconditioner of the eigensolver. */
  readonly diagonal: Float64Array;
  /** (A+B)·x for each vector (hartree). */
  apply(vectors: readonly Float64Array[]): Float64Array[];
}

/**
 * The real orbital Hessian (A+B) of a converged SCF in its canonical orbitals, as Psi4 1.3.2
 * defines it (hartree; Seeger & Pople, J. Chem. Phys. 66, 3045 (1977), doi:10.1063/1.434318):
 *
 *   RHF singlet  (A+B)¹_ia,jb = Δε δ_ij δ_ab + 4(ia|jb) − (ib|ja) − (ij|ab)
 *   RHF triplet  (A+B)³_ia,jb = Δε δ_ij δ_ab − (ib|ja) − (ij|ab)
 *   UHF          same spin Δε δ_ij δ_ab + 2(ia|jb) − (ij|ab) − (ib|ja), opposite spin 2(ia|jb)
 *
 * with Δε = ε_a − ε_i. A product is formed in the AO basis: P = C_occ X C_virᵀ, P_s = (P + Pᵀ)/2,
 * Σ_jb (ia|jb) x_jb = [C_occᵀ J(P_s) C_vir]_ia and Σ_jb [(ij|ab) + (ib|ja)] x_jb =
 * 2[C_occᵀ K(P_s) C_vir]_ia. `coefficients` and `energies` are per spin (RHF one, UHF two), the
 * orbitals canonical (columns ascending in energy), `nocc` the occupied count per spin.
 *
 * @example
 * ```ts
 * const h = orbitalHessian('uhf', problem.jk, result.moCoefficients, result.orbitalEnergies, [problem.nalpha, problem.nbeta]);
 * h.dimension; // nα·(nmo − nα) + nβ·(nmo − nβ)
 * ```
 */
export function orbitalHessian(
  kind: HessianKind,
  jk: JKBuilder,
  coefficients: readonly Matrix[],
  energies: readonly Float64Array[],
  nocc: readonly number[],
): OrbitalHessian {
  const nspin = kind === 'uhf' ? 2 : 1;
  const spaces = Array.from({ length: nspin }, (_, s) => {
    const C = coefficients[s]!;
    const no = nocc[s]!;
    const nv = C.cols - no;
    return { no, nv, Co: columns(C, 0, no), Cv: columns(C, no, nv), e: energies[s]! };
  });
  const blocks = spaces.map((sp) => ({ nocc: sp.no, nvir: sp.nv }));
  const offsets: number[] = [];
  let dimension = 0;
  for (const sp of spaces) {
    offsets.push(dimension);
    dimension += sp.no * sp.nv;
  }
  const diagonal = new Float64Array(dimension);
  spaces.forEach((sp, s) => {
    for (let i = 0; i < sp.no; i++) for (let a = 0; a < sp.nv; a++) diagonal[offsets[s]! + i * sp.nv + a] = sp.e[sp.no + a]! - sp.e[i]!;
  });

  /** The symmetrised AO "density" of a trial block: (C_o X C_vᵀ + its transpose)/2. */
  const trialDensity = (x: Float64Array, s: number): Matrix => {
    const sp = spaces[s]!;
    const X: Matrix = { rows: sp.no, cols: sp.nv, data: x.subarray(offsets[s]!, offsets[s]! + sp.no * sp.nv) };
    const P = matmulNT(matmul(sp.Co, X), sp.Cv);
    const n = P.rows;
    const out = zeros(n, n);
    for (let m = 0; m < n; m++) for (let v = 0; v < n; v++) out.data[m * n + v] = 0.5 * (P.data[m * n + v]! + P.data[v * n + m]!);
    return out;
  };
  /** Adds [C_oᵀ M C_v]_ia · factor into out (block s). */
  const addTransformed = (out: Float64Array, M: Matrix, s: number, factor: number): void => {
    const sp = spaces[s]!;
    const mo = matmul(matmulTN(sp.Co, M), sp.Cv);
    const o = offsets[s]!;
    for (let k = 0; k < mo.data.length; k++) out[o + k] += factor * mo.data[k]!;
  };

  const apply = (vectors: readonly Float64Array[]): Float64Array[] => {
    for (const v of vectors) if (v.length !== dimension) throw new RangeError(`orbital Hessian: vector of length ${v.length}, expected ${dimension}`);
    if (vectors.length === 0 || dimension === 0) return vectors.map(() => new Float64Array(dimension));
    const densities = vectors.flatMap((v) => spaces.map((_, s) => trialDensity(v, s)));
    const { J, K } = jk.computeJK(densities, { J: kind !== 'rhf-triplet', K: true });
    return vectors.map((v, t) => {
      const out = new Float64Array(dimension);
      for (let k = 0; k < dimension; k++) out[k] = diagonal[k]! * v[k]!;
      if (kind === 'uhf') {
        const Jtot = zeros(J[2 * t]!.rows);
        for (let k = 0; k < Jtot.data.length; k++) Jtot.data[k] = J[2 * t]!.data[k]! + J[2 * t + 1]!.data[k]!;
        for (let s = 0; s < 2; s++) {
          addTransformed(out, Jtot, s, 2);
          addTransformed(out, K[2 * t + s]!, s, -2);
        }
      } else {
        if (kind === 'rhf-singlet') addTransformed(out, J[t]!, 0, 4);
        addTransformed(out, K[t]!, 0, -2);
      }
      return out;
    });
  };
  return { kind, dimension, blocks, diagonal, apply };
}
