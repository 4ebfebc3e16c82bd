/**
 * EDIIS: the Hartree–Fock energy of an interpolated density, minimised over the simplex of DIIS
 * coefficients (Kudin, Scuseria & Cancès, J. Chem. Phys. 116, 8255 (2002), doi:10.1063/1.1470195).
 *
 * @packageDocumentation
 */
import type { Matrix } from '../linalg';
import { densityFockTraces, minimizeModel, type AugmentedCoefficients, type CoefficientModel } from './adiis';
import type { DiisState } from './diis';

/**
 * The EDIIS function (Kudin, Scuseria & Cancès Eq. 8) for the stored iterations:
 *
 *   E(c) = Σ_i c_i E_i − ¼ Σ_ij c_i c_j tr[(D_i − D_j)(F_i − F_j)]
 *
 * summed over spin blocks, with roothaan's densities (RHF: total D = 2CCᵀ; UHF: D^α, D^β). The
 * paper's −½ is for the closed-shell density per spin (D_total = 2D gives one more factor ½).
 * Derivation: E(D) = tr(hD) + ½ tr(D G(D)) with G linear and symmetric, F = h + G(D), Σ c_i = 1.
 * Exact for Hartree–Fock: E(c) is the energy of Σ c_i D_i (checked in the tests), so for HF it
 * is the same function of c as ADIIS's, written from the energies rather than from D_n.
 *
 * @example
 * ```ts
 * const model = ediisModel(diis.focks, diis.densities!, diis.energies!);
 * ```
 */
export function ediisModel(
  focks: readonly (readonly Matrix[])[],
  densities: readonly (readonly Matrix[])[],
  energies: readonly number[],
): CoefficientModel {
  const m = focks.length;
  const T = densityFockTraces(densities, focks);
  const reference = energies[m - 1]!;
  const g = new Float64Array(m);
  const A = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    g[i] = energies[i]! - reference; // Σ c_i = 1: a constant shift of E_i moves E(c) by that constant
    for (let j = 0; j < m; j++) {
      const M = T[i * m + i]! + T[j * m + j]! - T[i * m + j]! - T[j * m + i]!;
      A[i * m + j] = -0.5 * M; // ½ cᵀAc = −¼ cᵀMc
    }
  }
  return { constant: reference, g, A };
}

/**
 * EDIIS coefficients for a DIIS history that holds densities and energies (see `diisPush`):
 * the minimum of {@link ediisModel} on the simplex. Undefined when the history lacks densities
 * or a finite energy for every stored iteration.
 *
 * @example
 * ```ts
 * ediisCoefficients(diis)?.coefficients; // c_k ≥ 0, Σ c_k = 1
 * ```
 */
export function ediisCoefficients(state: DiisState): AugmentedCoefficients | undefined {
  const { focks, densities, energies } = state;
  if (densities === undefined || energies === undefined || focks.length === 0) return undefined;
  if (densities.length !== focks.length || energies.length !== focks.length || !energies.every(Number.isFinite)) return undefined;
  return minimizeModel((first) => ediisModel(focks.slice(first), densities.slice(first), energies.slice(first)), focks.length);
}
