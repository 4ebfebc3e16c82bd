/**
 * Dipole (first-moment) integrals M^x[μν] = ⟨μ| x − C_x |ν⟩ (and y, z) about an origin C, by
 * Obara–Saika: the 1D moment factor m(i, j) = s(i, j+1) + (B_x − C_x) s(i, j) times the other two
 * directions' overlaps (HJO §9.3; OS 1986).
 *
 * Sign convention: these are integrals of +r (bohr). The electronic dipole moment of a density D
 * is −Σ_μν D[μν] M[νμ] = −tr(D·M) per component (electrons carry charge −e); the nuclear part
 * Σ_C Z_C (R_C − C) is added separately.
 *
 * Ordering: as overlap-kinetic.ts — the basis' own functions, Psi4's AO order (identity map).
 *
 * @packageDocumentation
 */
import { InvalidInputError } from '../errors';
import type { BasisSet } from '../basis/basis-set';
import type { Matrix } from '../linalg';
import {
  SeparableKind,
  cartBuf0,
  cartBuf1,
  cartBuf2,
  checkBasis,
  checkOut,
  checkShell,
  separableKernel,
  shellFunctionCount,
  toBasisFunctions,
} from './obara-saika-1e';

/** The three Cartesian components of a vector operator's matrices (each nbf × nbf, row-major). */
export interface DipoleMatrices {
  x: Matrix;
  y: Matrix;
  z: Matrix;
}

function checkOrigin(origin: ArrayLike<number>, what: string): void {
  if (!origin || origin.length !== 3 || !Number.isFinite(origin[0]) || !Number.isFinite(origin[1]) || !Number.isFinite(origin[2])) {
    throw new InvalidInputError(`${what}: the origin must be three finite numbers [x, y, z] in bohr`);
  }
}

/**
 * The dipole blocks ⟨P| x − C_x |Q⟩, ⟨P| y − C_y |Q⟩, ⟨P| z − C_z |Q⟩ in bohr, written row-major
 * into `outX`, `outY`, `outZ` (each shellSize(P) × shellSize(Q)).
 *
 * @param basis the basis set (positions in bohr)
 * @param P first shell index (rows)
 * @param Q second shell index (columns)
 * @param origin the origin C in bohr
 * @param outX destination of the x component (likewise outY, outZ)
 * @example
 * ```ts
 * const x = new Float64Array(1), y = new Float64Array(1), z = new Float64Array(1);
 * dipoleShellBlock(basis, 0, 0, [0, 0, 0], x, y, z); // ⟨s|r|s⟩ = the s shell's centre
 * ```
 */
export function dipoleShellBlock(
  basis: BasisSet,
  P: number,
  Q: number,
  origin: ArrayLike<number>,
  outX: Float64Array,
  outY: Float64Array,
  outZ: Float64Array,
): void {
  const what = 'dipoleShellBlock';
  checkShell(basis, P, what);
  checkShell(basis, Q, what);
  checkOrigin(origin, what);
  const n = shellFunctionCount(basis, P) * shellFunctionCount(basis, Q);
  checkOut(outX, n, what);
  checkOut(outY, n, what);
  checkOut(outZ, n, what);
  dipoleBlockUnchecked(basis, P, Q, origin, outX, outY, outZ);
}

function dipoleBlockUnchecked(
  basis: BasisSet,
  P: number,
  Q: number,
  origin: ArrayLike<number>,
  outX: Float64Array,
  outY: Float64Array,
  outZ: Float64Array,
): void {
  separableKernel(basis, P, Q, SeparableKind.Dipole, origin);
  toBasisFunctions(basis, P, Q, cartBuf0, outX);
  toBasisFunctions(basis, P, Q, cartBuf1, outY);
  toBasisFunctions(basis, P, Q, cartBuf2, outZ);
}

/**
 * Dipole integral matrices ⟨μ| r − C |ν⟩ in bohr (three nbf × nbf symmetric matrices).
 *
 * @param basis the basis set (positions in bohr)
 * @param origin the origin C in bohr (default [0, 0, 0])
 * @example
 * ```ts
 * const M = dipole(basis);
 * // electronic dipole: μ_x = −tr(D·M.x) (e·bohr); add Σ_C Z_C X_C for the nuclei
 * ```
 */
export function dipole(basis: BasisSet, origin: ArrayLike<number> = [0, 0, 0]): DipoleMatrices {
  checkBasis(basis, 'dipole');
  checkOrigin(origin, 'dipole');
  const n = basis.nbf;
  const mx = new Float64Array(n * n);
  const my = new Float64Array(n * n);
  const mz = new Float64Array(n * n);
  const maxN = ((basis.maxL + 1) * (basis.maxL + 2)) / 2;
  const bx = new Float64Array(maxN * maxN);
  const by = new Float64Array(maxN * maxN);
  const bz = new Float64Array(maxN * maxN);
  for (let P = 0; P < basis.nshell; P++) {
    const p0 = basis.shellFirstFunction[P]!;
    const nP = shellFunctionCount(basis, P);
    for (let Q = 0; Q <= P; Q++) {
      const q0 = basis.shellFirstFunction[Q]!;
      const nQ = shellFunctionCount(basis, Q);
      dipoleBlockUnchecked(basis, P, Q, origin, bx, by, bz);
      for (let i = 0; i < nP; i++) {
        for (let j = 0; j < nQ; j++) {
          const k = i * nQ + j;
          const a = (p0 + i) * n + q0 + j;
          const b = (q0 + j) * n + p0 + i;
          mx[a] = mx[b] = bx[k]!;
          my[a] = my[b] = by[k]!;
          mz[a] = mz[b] = bz[k]!;
        }
      }
    }
  }
  return { x: { rows: n, cols: n, data: mx }, y: { rows: n, cols: n, data: my }, z: { rows: n, cols: n, data: mz } };
}
