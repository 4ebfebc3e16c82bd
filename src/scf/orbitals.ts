import { congruence, eigh, expectRows, expectSameSquare, matmul, matmulTN, zeros, type Matrix } from '../linalg';

/** Canonical orbitals of one Fock matrix: F·C = S·C·ε. */
export interface Orbitals {
  /** MO coefficients, nbf×nmo, orbitals as columns (CᵀSC = I). */
  readonly coefficients: Matrix;
  /** Orbital energies ε in hartree, ascending (virtuals include the level shift when one was applied). */
  readonly energies: Float64Array;
}

/**
 * Solves the Roothaan equations F·C = S·C·ε for one Fock matrix through the orthogonaliser X
 * (XᵀSX = I): F′ = XᵀFX (Szabo & Ostlund Eq. 3.177), F′C′ = C′ε (Eq. 3.178), C = X·C′
 * (Eq. 3.174).
 *
 * Level shifting (Saunders & Hillier, Int. J. Quantum Chem. 7, 699 (1973),
 * doi:10.1002/qua.560070407): with a shift σ > 0 (hartree) and the current spin density D
 * (occupation 1 per orbital), F′ ← F′ + σ(1 − D′) with D′ = Xᵀ S D S X, the projector onto the
 * occupied space in the orthonormal basis. Virtual orbital energies rise by σ, which damps
 * occupied–virtual mixing; at self-consistency the occupied orbitals and the energy are unchanged.
 *
 * @example
 * ```ts
 * const { coefficients: C, energies } = diagonalizeFock(F, X);
 * ```
 */
export function diagonalizeFock(
  F: Matrix,
  X: Matrix,
  levelShift?: { shift: number; spinDensity: Matrix; overlap: Matrix },
): Orbitals {
  const n = expectSameSquare('diagonalizeFock', { F });
  expectRows('diagonalizeFock', 'X', X, n, `F is ${n}×${n}`);
  if (levelShift !== undefined) {
    expectSameSquare('diagonalizeFock', { F, 'levelShift.spinDensity': levelShift.spinDensity, 'levelShift.overlap': levelShift.overlap });
  }
  const Fp = congruence(F, X);
  const m = Fp.rows;
  // Symmetrise against round-off before the (lower-triangle) eigensolver.
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (Fp.data[i * m + j]! + Fp.data[j * m + i]!);
      Fp.data[i * m + j] = v;
      Fp.data[j * m + i] = v;
    }
  }
  if (levelShift !== undefined && levelShift.shift !== 0) {
    const SX = matmul(levelShift.overlap, X);
    const Dp = congruence(levelShift.spinDensity, SX); // (SX)ᵀ D (SX) = Xᵀ S D S X
    const s = levelShift.shift;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        Fp.data[i * m + j] = Fp.data[i * m + j]! - s * 0.5 * (Dp.data[i * m + j]! + Dp.data[j * m + i]!);
      }
      Fp.data[i * m + i] = Fp.data[i * m + i]! + s;
    }
  }
  const { values, vectors } = eigh(Fp, { symmetryTolerance: 1e-8 });
  return { coefficients: matmul(X, vectors), energies: values };
}

/**
 * The orbital gradient (commutator) in the orthonormal basis, the DIIS error vector of Pulay
 * (Chem. Phys. Lett. 73, 393 (1980), doi:10.1016/0009-2614(80)80396-4; J. Comput. Chem. 3, 556
 * (1982), doi:10.1002/jcc.540030413):
 *
 *   e = Xᵀ (F·D·S − S·D·F) X
 *
 * It vanishes exactly when F and D commute in the S metric, i.e. at self-consistency. Pass the
 * spin density (occupation 1 per orbital; for RHF, half the total density) so that RHF and UHF
 * errors are on the same scale.
 *
 * @example
 * ```ts
 * const e = orbitalGradient(F, Dspin, S, X); // antisymmetric nmo×nmo
 * ```
 */
export function orbitalGradient(F: Matrix, D: Matrix, S: Matrix, X: Matrix): Matrix {
  const nbf = expectSameSquare('orbitalGradient', { F, D, S });
  expectRows('orbitalGradient', 'X', X, nbf, `F is ${nbf}×${nbf}`);
  const FDS = matmul(matmul(F, D), S);
  const n = FDS.rows;
  const comm = zeros(n, n);
  // S·D·F = (F·D·S)ᵀ for symmetric F, D, S.
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) comm.data[i * n + j] = FDS.data[i * n + j]! - FDS.data[j * n + i]!;
  }
  return matmulTN(X, matmul(comm, X));
}
