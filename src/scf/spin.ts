import { expectSameSquare, matmul, traceProduct, type Matrix } from '../linalg';

/** ⟨S²⟩ of a UHF determinant and its spin-pure value. */
export interface SpinExpectation {
  /** ⟨S²⟩ of the determinant (ħ² units, dimensionless). */
  readonly s2: number;
  /** The exact value S(S+1) with S = (N_α − N_β)/2. */
  readonly s2Exact: number;
  /** Spin contamination ⟨S²⟩ − S(S+1) (≥ 0). */
  readonly contamination: number;
}

/**
 * ⟨S²⟩ of a single determinant of α and β orbitals (Szabo & Ostlund Eq. 2.271):
 *
 *   ⟨S²⟩ = S_z(S_z + 1) + N_β − Σ_{i∈α, j∈β} |S^{αβ}_ij|²,   S_z = (N_α − N_β)/2,
 *
 * where S^{αβ}_ij = Σ_μν C^α_μi S_μν C^β_νj is the overlap of occupied spatial orbitals; in the AO
 * basis Σ_ij |S^{αβ}_ij|² = tr(D^α S D^β S) with the spin densities D^σ = C^σ_occ C^σ_occᵀ.
 *
 * @example
 * ```ts
 * spinExpectation(Da, Db, S, 5, 4).s2; // 0.7620 for the water cation in STO-3G (doublet: 0.75 exact)
 * ```
 */
export function spinExpectation(Da: Matrix, Db: Matrix, S: Matrix, nalpha: number, nbeta: number): SpinExpectation {
  expectSameSquare('spinExpectation', { Da, Db, S });
  const sz = 0.5 * (nalpha - nbeta);
  const overlapSum = traceProduct(matmul(Da, S), matmul(Db, S));
  const s2 = sz * (sz + 1) + nbeta - overlapSum;
  const s = 0.5 * Math.abs(nalpha - nbeta);
  const s2Exact = s * (s + 1);
  return { s2, s2Exact, contamination: s2 - s2Exact };
}
