import { congruence, eigh, expectRows, expectSameSquare, matmul, matmulNT, matmulTN, zeros, type Matrix } from '../linalg';
import type { Orbitals } from './orbitals';

/**
 * The ROHF effective Fock matrix of one iteration and its orbital gradient, both in the
 * orthonormal basis of the orthogonaliser X (nmo×nmo, row-major), plus Feff in the MO basis.
 */
export interface RohfEffectiveFock {
  /** Feff in the orthonormal basis, C′ Feff^MO C′ᵀ (Psi4's `soFeff`): what DIIS extrapolates and what is diagonalised. */
  readonly fock: Matrix;
  /** Feff in the MO basis of the orbitals it was built in (Psi4's `moFeff`), hartree. */
  readonly moFock: Matrix;
  /** The orbital gradient (the DIIS error vector) in the orthonormal basis, hartree; it vanishes at convergence. */
  readonly gradient: Matrix;
}

/**
 * The ROHF effective Fock matrix as Psi4 1.3.2 builds it (`ROHF::form_F`). With the UHF-form
 * Fock matrices F^α, F^β of the current densities taken to the MO basis of the current orbitals
 * C (nbf×nmo; spaces docc = the first `ndocc`, socc = the next `nsocc`, virt = the rest),
 *
 *   Feff = ½(F^α + F^β) in every block, except docc–socc = F^β and socc–virt = F^α
 *
 * (the "Guest–Saunders"-like canonicalisation Psi4 uses: the docc–socc and socc–virt blocks are
 * the gradients of the ROHF energy; Roothaan, Rev. Mod. Phys. 32, 179 (1960),
 * doi:10.1103/RevModPhys.32.179; Guest & Saunders, Mol. Phys. 28, 819 (1974),
 * doi:10.1080/00268977400102171). The orbital gradient is Psi4's (`ROHF::compute_orbital_gradient`):
 * the occ×(socc+virt) block of Feff^MO with its socc–socc part zeroed, taken back to the
 * orthonormal basis as C′_occ G C′_(socc+virt)ᵀ, where C′ = XᵀSC are the orbitals in the
 * orthonormal basis (C = XC′).
 *
 * @example
 * ```ts
 * const [Fa, Fb] = result.fock; // an ROHF (or UHF) result's F^α, F^β
 * const { fock, gradient } = rohfEffectiveFock(Fa, Fb, result.moCoefficients[0], S, X, 4, 1); // OH: 4 docc, 1 socc
 * ```
 */
export function rohfEffectiveFock(
  Fa: Matrix,
  Fb: Matrix,
  C: Matrix,
  S: Matrix,
  X: Matrix,
  ndocc: number,
  nsocc: number,
): RohfEffectiveFock {
  const nbf = expectSameSquare('rohfEffectiveFock', { Fa, Fb, S });
  expectRows('rohfEffectiveFock', 'C', C, nbf, `Fa is ${nbf}×${nbf}`);
  expectRows('rohfEffectiveFock', 'X', X, nbf, `Fa is ${nbf}×${nbf}`);
  const nmo = C.cols;
  const moA = congruence(Fa, C), moB = congruence(Fb, C);
  const a = moA.data, b = moB.data;
  const mo = zeros(nmo, nmo);
  const f = mo.data;
  const nocc = ndocc + nsocc;
  for (let p = 0; p < nmo; p++) {
    for (let q = 0; q < nmo; q++) {
      const lo = Math.min(p, q), hi = Math.max(p, q);
      let v: number;
      if (lo < ndocc && hi >= ndocc && hi < nocc) v = b[p * nmo + q]!; // docc–socc
      else if (lo >= ndocc && lo < nocc && hi >= nocc) v = a[p * nmo + q]!; // socc–virt
      else v = 0.5 * (a[p * nmo + q]! + b[p * nmo + q]!);
      f[p * nmo + q] = v;
    }
  }
  // Symmetrise against round-off (Fa, Fb are symmetric, so moA, moB are up to rounding).
  for (let p = 0; p < nmo; p++) {
    for (let q = 0; q < p; q++) {
      const v = 0.5 * (f[p * nmo + q]! + f[q * nmo + p]!);
      f[p * nmo + q] = v;
      f[q * nmo + p] = v;
    }
  }
  const Ct = matmulTN(X, matmul(S, C)); // C′ = XᵀSC, nmo×nmo orthogonal
  const fock = matmulNT(matmul(Ct, mo), Ct);
  // G: rows occ (0…nocc), columns docc…nmo, socc–socc zeroed; error = C′ G C′ᵀ over those columns.
  const G = zeros(nmo, nmo);
  for (let i = 0; i < nocc; i++) {
    for (let j = ndocc; j < nmo; j++) {
      if (i >= ndocc && j < nocc) continue;
      G.data[i * nmo + j] = f[i * nmo + j]!;
    }
  }
  const gradient = matmulNT(matmul(Ct, G), Ct);
  return { fock, moFock: mo, gradient };
}

/**
 * Diagonalises an ROHF effective Fock matrix given in the orthonormal basis (F′C′ = C′ε) and
 * returns the orbitals C = XC′ in the AO basis. A level shift σ (hartree) is applied as Psi4's
 * ROHF does: σ/2 on the singly occupied and σ on the virtual orbitals of the current orbitals
 * `current` (C, nbf×nmo), so F′ ← F′ + C′(σ/2·P_socc + σ·P_virt)C′ᵀ.
 *
 * @example
 * ```ts
 * const { fock } = rohfEffectiveFock(result.fock[0], result.fock[1], C, S, X, 4, 1);
 * const { coefficients, energies } = rohfOrbitals(fock, X); // energies ascending, hartree
 * ```
 */
export function rohfOrbitals(
  fock: Matrix,
  X: Matrix,
  levelShift?: { shift: number; current: Matrix; overlap: Matrix; ndocc: number; nsocc: number },
): Orbitals {
  const nbf = expectSameSquare('rohfOrbitals', { fock });
  expectRows('rohfOrbitals', 'X', X, nbf, `fock is ${nbf}×${nbf}`);
  if (levelShift !== undefined) {
    expectSameSquare('rohfOrbitals', { fock, 'levelShift.overlap': levelShift.overlap });
    expectRows('rohfOrbitals', 'levelShift.current', levelShift.current, nbf, `fock is ${nbf}×${nbf}`);
  }
  let F = fock;
  if (levelShift !== undefined && levelShift.shift > 0) {
    const { shift, current, overlap, ndocc, nsocc } = levelShift;
    const Ct = matmulTN(X, matmul(overlap, current));
    const m = Ct.rows, nmo = Ct.cols;
    F = { rows: fock.rows, cols: fock.cols, data: Float64Array.from(fock.data) };
    for (let p = ndocc; p < nmo; p++) {
      const w = p < ndocc + nsocc ? 0.5 * shift : shift;
      for (let i = 0; i < m; i++) {
        const ci = w * Ct.data[i * nmo + p]!;
        for (let j = 0; j < m; j++) F.data[i * m + j] = F.data[i * m + j]! + ci * Ct.data[j * nmo + p]!;
      }
    }
  }
  const m = F.rows;
  const sym = zeros(m, m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) sym.data[i * m + j] = 0.5 * (F.data[i * m + j]! + F.data[j * m + i]!);
  const { values, vectors } = eigh(sym, { symmetryTolerance: 1e-8 });
  return { coefficients: matmul(X, vectors), energies: values };
}

/**
 * Orbitals to start an ROHF run from densities alone (a guess or a resumed checkpoint): the
 * natural orbitals of D^α + D^β, by descending occupation, C = XV with V the eigenvectors of
 * Xᵀ S (D^α + D^β) S X (nbf×nmo). For an ROHF density the occupations are 2, 1 and 0, so the
 * first ndocc span the doubly and the next nsocc the singly occupied space, and Feff built in
 * them is the ROHF one; for a SAD guess they are its natural orbitals.
 *
 * @example
 * ```ts
 * const C0 = rohfStartOrbitals(Da, Db, S, X); // then rohfEffectiveFock(Fa, Fb, C0, S, X, ndocc, nsocc)
 * ```
 */
export function rohfStartOrbitals(Da: Matrix, Db: Matrix, S: Matrix, X: Matrix): Matrix {
  const n = expectSameSquare('rohfStartOrbitals', { Da, Db, S });
  expectRows('rohfStartOrbitals', 'X', X, n, `Da is ${n}×${n}`);
  const total = zeros(n, n);
  for (let i = 0; i < total.data.length; i++) total.data[i] = Da.data[i]! + Db.data[i]!;
  const P = congruence(total, matmul(S, X)); // (SX)ᵀ D (SX) = Xᵀ S D S X
  const m = P.rows;
  for (let i = 0; i < m; i++) for (let j = 0; j < i; j++) {
    const v = 0.5 * (P.data[i * m + j]! + P.data[j * m + i]!);
    P.data[i * m + j] = v;
    P.data[j * m + i] = v;
  }
  const { vectors } = eigh(P, { symmetryTolerance: 1e-8 });
  // eigh sorts ascending: reverse the columns so the most occupied come first.
  const V = zeros(m, m);
  for (let i = 0; i < m; i++) for (let k = 0; k < m; k++) V.data[i * m + k] = vectors.data[i * m + (m - 1 - k)]!;
  return matmul(X, V);
}
