import { AU_DIPOLE_IN_DEBYE } from '../constants';
import { eigh, expectSameSquare, matmul, zeros, type Matrix } from '../linalg';

/**
 * Mulliken atomic charges (Mulliken, J. Chem. Phys. 23, 1833 (1955), doi:10.1063/1.1740588;
 * Szabo & Ostlund §3.4.6):
 *
 *   q_A = Z_A − Σ_{μ∈A} (D S)_μμ
 *
 * with the total density D and `functionAtom[μ]` the atom of basis function μ.
 *
 * @example
 * ```ts
 * mullikenCharges(D, S, functionAtom, [8, 1, 1]); // water/STO-3G: [−0.2531, 0.1266, 0.1266]
 * ```
 */
export function mullikenCharges(
  D: Matrix,
  S: Matrix,
  functionAtom: ArrayLike<number>,
  atomicNumbers: ArrayLike<number>,
): Float64Array {
  const n = expectSameSquare('mullikenCharges', { D, S });
  const q = Float64Array.from(atomicNumbers);
  for (let mu = 0; mu < n; mu++) {
    let pop = 0;
    for (let nu = 0; nu < n; nu++) pop += D.data[mu * n + nu]! * S.data[nu * n + mu]!;
    q[functionAtom[mu]!]! -= pop;
  }
  return q;
}

/**
 * Löwdin atomic charges (Löwdin, J. Chem. Phys. 18, 365 (1950), doi:10.1063/1.1747632; Szabo &
 * Ostlund §3.4.6): q_A = Z_A − Σ_{μ∈A} (S^½ D S^½)_μμ.
 *
 * @example
 * ```ts
 * lowdinCharges(D, S, functionAtom, [8, 1, 1]);
 * ```
 */
export function lowdinCharges(
  D: Matrix,
  S: Matrix,
  functionAtom: ArrayLike<number>,
  atomicNumbers: ArrayLike<number>,
): Float64Array {
  const n = expectSameSquare('lowdinCharges', { D, S });
  const { values, vectors: U } = eigh(S);
  const half = zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += U.data[i * n + k]! * Math.sqrt(Math.max(values[k]!, 0)) * U.data[j * n + k]!;
      half.data[i * n + j] = s;
    }
  }
  const M = matmul(matmul(half, D), half);
  const q = Float64Array.from(atomicNumbers);
  for (let mu = 0; mu < n; mu++) q[functionAtom[mu]!]! -= M.data[mu * n + mu]!;
  return q;
}

/** A dipole moment vector in both units. */
export interface DipoleMoment {
  /** (x, y, z) in atomic units (e·bohr). */
  readonly au: readonly [number, number, number];
  /** (x, y, z) in debye. */
  readonly debye: readonly [number, number, number];
  /** |μ| in debye. */
  readonly totalDebye: number;
}

/** A nucleus for the dipole's nuclear part: charge Z and position in bohr. */
export interface PointCharge {
  readonly Z: number;
  readonly position: readonly [number, number, number];
}

/**
 * The SCF dipole moment about an origin (default (0, 0, 0) of the coordinates, as Psi4 reports it):
 *
 *   μ = Σ_A Z_A (R_A − O) − Σ_μν D_μν ⟨μ| r − O |ν⟩
 *
 * (Szabo & Ostlund §3.4.6, Eq. 3.193 form). `integrals` are the three matrices ⟨μ|x−O_x|ν⟩,
 * ⟨μ|y−O_y|ν⟩, ⟨μ|z−O_z|ν⟩ (position operator, bohr, without the electron's charge) taken
 * about the same origin; D is the total density.
 *
 * @example
 * ```ts
 * dipoleMoment(D, integrals.dipole(basis), molecule.atoms).debye; // water/STO-3G: [0, 1.534, 0]
 * ```
 */
export function dipoleMoment(
  D: Matrix,
  integrals: { readonly x: Matrix; readonly y: Matrix; readonly z: Matrix },
  nuclei: readonly PointCharge[],
  origin: readonly [number, number, number] = [0, 0, 0],
): DipoleMoment {
  const comps = [integrals.x, integrals.y, integrals.z] as const;
  const au: [number, number, number] = [0, 0, 0];
  for (let k = 0; k < 3; k++) {
    let nuclear = 0;
    for (const a of nuclei) nuclear += a.Z * (a.position[k]! - origin[k]!);
    const M = comps[k]!;
    let electronic = 0;
    for (let i = 0; i < D.data.length; i++) electronic += D.data[i]! * M.data[i]!;
    au[k] = nuclear - electronic;
  }
  const debye: [number, number, number] = [au[0] * AU_DIPOLE_IN_DEBYE, au[1] * AU_DIPOLE_IN_DEBYE, au[2] * AU_DIPOLE_IN_DEBYE];
  return { au, debye, totalDebye: Math.hypot(...debye) };
}

/** Highest occupied and lowest unoccupied orbital energies (hartree). */
export interface FrontierOrbitals {
  /** HOMO energy (the highest over both spins for UHF); NaN when no orbital is occupied. */
  readonly homo: number;
  /** LUMO energy (the lowest over both spins); NaN when every orbital is occupied. */
  readonly lumo: number;
  /** LUMO − HOMO (NaN when either is missing). */
  readonly gap: number;
}

/**
 * HOMO, LUMO and gap from orbital energies and occupations (one array per spin channel).
 *
 * @example
 * ```ts
 * frontierOrbitals(result.orbitalEnergies, result.occupations); // { homo: −0.3876, lumo: 0.4776, gap: 0.8652 } for water/STO-3G (Crawford)
 * ```
 */
export function frontierOrbitals(
  energies: readonly ArrayLike<number>[],
  occupations: readonly ArrayLike<number>[],
): FrontierOrbitals {
  let homo = -Infinity, lumo = Infinity;
  energies.forEach((eps, s) => {
    const occ = occupations[s]!;
    for (let i = 0; i < eps.length; i++) {
      if ((occ[i] ?? 0) > 0) homo = Math.max(homo, eps[i]!);
      else lumo = Math.min(lumo, eps[i]!);
    }
  });
  const h = Number.isFinite(homo) ? homo : NaN;
  const l = Number.isFinite(lumo) ? lumo : NaN;
  return { homo: h, lumo: l, gap: l - h };
}

/**
 * The atom of each basis function from a shell → atom map and each shell's first function
 * (the BasisSet's `shellAtom` and `shellFirstFunction`).
 *
 * @example
 * ```ts
 * functionAtoms(basis.shellAtom, basis.shellFirstFunction, basis.nbf); // Int32Array [0, 0, 0, 0, 0, 1, 2] for water/STO-3G
 * ```
 */
export function functionAtoms(shellAtom: ArrayLike<number>, shellFirstFunction: ArrayLike<number>, nbf: number): Int32Array {
  const out = new Int32Array(nbf);
  const nshell = shellAtom.length;
  for (let s = 0; s < nshell; s++) {
    const start = shellFirstFunction[s]!;
    const end = s + 1 < nshell ? shellFirstFunction[s + 1]! : nbf;
    for (let mu = start; mu < end; mu++) out[mu] = shellAtom[s]!;
  }
  return out;
}
