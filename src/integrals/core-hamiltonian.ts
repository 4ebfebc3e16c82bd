/**
 * The core Hamiltonian H = T + V (Szabo & Ostlund Eq. 3.153): kinetic energy plus attraction to
 * every nucleus, in one pass over shell pairs.
 *
 * @packageDocumentation
 */
import type { BasisSet } from '../basis/basis-set';
import type { Matrix } from '../linalg';
import { SeparableKind, assembleSymmetric, cartBuf0, checkBasis, separableKernel, shellFunctionCount, toBasisFunctions } from './obara-saika-1e';
import { nuclearCartesian, packNuclei, type NucleiLike } from './nuclear-attraction';

const ORIGIN: readonly number[] = [0, 0, 0];

/**
 * H[μν] = ⟨μ|−½∇²|ν⟩ − Σ_C Z_C ⟨μ|1/|r − C||ν⟩ in hartree (nbf × nbf, row-major, symmetric);
 * equal to `kinetic(basis)` + `nuclearAttraction(basis, molecule)`.
 *
 * @param basis the basis set (positions in bohr)
 * @param molecule nuclei: charges Z (e) and positions (bohr)
 * @example
 * ```ts
 * const H = coreHamiltonian(load('sto-3g', water), water);
 * H.data[0]; // −32.577395413 (O 1s, Crawford's water)
 * ```
 */
export function coreHamiltonian(basis: BasisSet, molecule: NucleiLike): Matrix {
  checkBasis(basis, 'coreHamiltonian');
  const charges = packNuclei(molecule, 'coreHamiltonian');
  const maxN = ((basis.maxL + 1) * (basis.maxL + 2)) / 2;
  const tmp = new Float64Array(maxN * maxN);
  return assembleSymmetric(basis, (P, Q, buf) => {
    separableKernel(basis, P, Q, SeparableKind.Kinetic, ORIGIN);
    toBasisFunctions(basis, P, Q, cartBuf0, buf);
    nuclearCartesian(basis, P, Q, charges);
    toBasisFunctions(basis, P, Q, cartBuf0, tmp);
    const n = shellFunctionCount(basis, P) * shellFunctionCount(basis, Q);
    for (let k = 0; k < n; k++) buf[k]! += tmp[k]!;
  });
}
