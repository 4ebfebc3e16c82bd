/**
 * Overlap and kinetic-energy integrals over contracted Gaussian shells (Obara–Saika).
 *
 * ## Ordering
 * Matrices are nbf × nbf, row-major, over the basis' own functions in the order of
 * src/basis/basis-set.ts (shells in atom/file order; Cartesian components lexicographic;
 * spherical components m = 0, +1, −1, …). That is Psi4's AO order, so the mapping between these
 * matrices and Psi4's (`mints.ao_overlap()` etc., and test/reference/matrices) is the
 * identity; test/integrals/one-electron.test.ts checks it element by element.
 *
 * References: S. Obara, A. Saika, J. Chem. Phys. 84, 3963 (1986), doi:10.1063/1.450106;
 * Helgaker, Jørgensen & Olsen, *Molecular Electronic-Structure Theory* (2000), §9.3.
 *
 * @packageDocumentation
 */
import type { BasisSet } from '../basis/basis-set';
import type { Matrix } from '../linalg';
import {
  SeparableKind,
  assembleSymmetric,
  cartBuf0,
  checkBasis,
  checkOut,
  checkShell,
  separableKernel,
  shellFunctionCount,
  toBasisFunctions,
} from './obara-saika-1e';

const ORIGIN: readonly number[] = [0, 0, 0];

/**
 * The overlap block ⟨P|Q⟩ of shells P and Q, written row-major into `out`
 * (shellSize(P) × shellSize(Q), spherical where the shell is pure), libcint style.
 * `out` may be reused across calls; it must hold at least that many elements.
 *
 * Formula: the Obara–Saika recurrence (OS 1986; HJO §9.3) per Cartesian direction, product over x, y, z.
 *
 * @param basis the basis set (positions in bohr)
 * @param P first shell index (rows)
 * @param Q second shell index (columns)
 * @param out destination buffer
 * @example
 * ```ts
 * const out = new Float64Array(9);
 * overlapShellBlock(basis, 2, 2, out); // a p shell with itself: the 3×3 identity
 * ```
 */
export function overlapShellBlock(basis: BasisSet, P: number, Q: number, out: Float64Array): void {
  checkShell(basis, P, 'overlapShellBlock');
  checkShell(basis, Q, 'overlapShellBlock');
  checkOut(out, shellFunctionCount(basis, P) * shellFunctionCount(basis, Q), 'overlapShellBlock');
  overlapBlockUnchecked(basis, P, Q, out);
}

function overlapBlockUnchecked(basis: BasisSet, P: number, Q: number, out: Float64Array): void {
  separableKernel(basis, P, Q, SeparableKind.Overlap, ORIGIN);
  toBasisFunctions(basis, P, Q, cartBuf0, out);
}

/**
 * The kinetic-energy block ⟨P|−½∇²|Q⟩ in hartree, written row-major into `out`
 * (shellSize(P) × shellSize(Q)).
 *
 * Formula: T_ab = −½ ⟨a|∂²_x + ∂²_y + ∂²_z|b⟩ with
 * ∂²_x G_j = j(j−1) G_{j−2} − 2β(2j+1) G_j + 4β² G_{j+2} (HJO §9.3), the 1D
 * overlaps from the Obara–Saika recurrence.
 *
 * @param basis the basis set (positions in bohr)
 * @param P first shell index (rows)
 * @param Q second shell index (columns)
 * @param out destination buffer
 * @example
 * ```ts
 * const out = new Float64Array(1);
 * kineticShellBlock(basis, 0, 0, out); // O 1s (STO-3G, Crawford's water): 29.003199946 Eh
 * ```
 */
export function kineticShellBlock(basis: BasisSet, P: number, Q: number, out: Float64Array): void {
  checkShell(basis, P, 'kineticShellBlock');
  checkShell(basis, Q, 'kineticShellBlock');
  checkOut(out, shellFunctionCount(basis, P) * shellFunctionCount(basis, Q), 'kineticShellBlock');
  kineticBlockUnchecked(basis, P, Q, out);
}

function kineticBlockUnchecked(basis: BasisSet, P: number, Q: number, out: Float64Array): void {
  separableKernel(basis, P, Q, SeparableKind.Kinetic, ORIGIN);
  toBasisFunctions(basis, P, Q, cartBuf0, out);
}

/**
 * The overlap matrix S[μν] = ⟨μ|ν⟩ (nbf × nbf, dimensionless, row-major, symmetric).
 *
 * @param basis the basis set (positions in bohr)
 * @example
 * ```ts
 * const S = overlap(load('sto-3g', water));
 * S.data[1 * S.cols + 0]; // 0.236703936510848 (Crawford's water, S₂₁)
 * ```
 */
export function overlap(basis: BasisSet): Matrix {
  checkBasis(basis, 'overlap');
  return assembleSymmetric(basis, (P, Q, buf) => overlapBlockUnchecked(basis, P, Q, buf));
}

/**
 * The kinetic-energy matrix T[μν] = ⟨μ|−½∇²|ν⟩ in hartree (nbf × nbf, row-major, symmetric).
 *
 * @param basis the basis set (positions in bohr)
 * @example
 * ```ts
 * const T = kinetic(load('sto-3g', water));
 * T.data[0]; // 29.003199946 (O 1s, Crawford's water)
 * ```
 */
export function kinetic(basis: BasisSet): Matrix {
  checkBasis(basis, 'kinetic');
  return assembleSymmetric(basis, (P, Q, buf) => kineticBlockUnchecked(basis, P, Q, buf));
}
