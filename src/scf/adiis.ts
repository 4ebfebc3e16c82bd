/**
 * ADIIS: the augmented Roothaan–Hall energy of an interpolated density, minimised over the
 * simplex of DIIS coefficients (Hu & Yang, J. Chem. Phys. 132, 054109 (2010),
 * doi:10.1063/1.3304922).
 *
 * @packageDocumentation
 */
import type { Matrix } from '../linalg';
import type { DiisState } from './diis';
import { MAX_SIMPLEX_VARIABLES, minimizeOnSimplex } from './simplex-qp';

/**
 * A quadratic function of the coefficients c of the stored iterations: value(c) = constant +
 * gᵀc + ½ cᵀAc (A symmetric, m×m row-major), in hartree.
 *
 * @example
 * ```ts
 * const { constant, g, A } = adiisModel(diis.focks, diis.densities!, diis.energies!);
 * ```
 */
export interface CoefficientModel {
  readonly constant: number;
  readonly g: Float64Array;
  readonly A: Float64Array;
}

/**
 * T_ij = Σ_spin tr(D_i F_j) over stored densities and Fock matrices (symmetric matrices, so the
 * trace is the element-wise dot product), m×m row-major.
 *
 * @example
 * ```ts
 * densityFockTraces(diis.densities!, diis.focks); // m×m
 * ```
 */
export function densityFockTraces(densities: readonly (readonly Matrix[])[], focks: readonly (readonly Matrix[])[]): Float64Array {
  const m = focks.length;
  const T = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      const Di = densities[i]!, Fj = focks[j]!;
      for (let spin = 0; spin < Fj.length; spin++) {
        const d = Di[spin]!.data, f = Fj[spin]!.data;
        for (let k = 0; k < d.length; k++) s += d[k]! * f[k]!;
      }
      T[i * m + j] = s;
    }
  }
  return T;
}

/**
 * The ADIIS function of Hu & Yang (Eq. 7) for the stored iterations, n the newest:
 *
 *   f(c) = E(D_n) + Σ_i c_i tr[(D_i − D_n) F_n] + ½ Σ_ij c_i c_j tr[(D_i − D_n)(F_j − F_n)]
 *
 * summed over spin blocks, with roothaan's densities (RHF: the total density D = 2CCᵀ, whose
 * energy gradient is F; UHF: D^α and D^β with gradients F^α and F^β). Hu & Yang write it with
 * the closed-shell density per spin, whence their factors 2 and 1 (PySCF's `adiis_minimize`
 * too; the same minimiser, as both terms scale by 2). For Hartree–Fock the energy is exactly
 * quadratic in D, so f(c) is the energy of Σ c_i D_i: the test checks this.
 *
 * @example
 * ```ts
 * const model = adiisModel(diis.focks, diis.densities!, diis.energies!);
 * ```
 */
export function adiisModel(
  focks: readonly (readonly Matrix[])[],
  densities: readonly (readonly Matrix[])[],
  energies: readonly number[],
): CoefficientModel {
  const m = focks.length;
  const n = m - 1;
  const T = densityFockTraces(densities, focks);
  const g = new Float64Array(m);
  const A = new Float64Array(m * m);
  const X = (i: number, j: number): number => T[i * m + j]! - T[i * m + n]! - T[n * m + j]! + T[n * m + n]!;
  for (let i = 0; i < m; i++) {
    g[i] = T[i * m + n]! - T[n * m + n]!;
    for (let j = 0; j < m; j++) A[i * m + j] = 0.5 * (X(i, j) + X(j, i));
  }
  return { constant: energies[n] ?? 0, g, A };
}

/** The coefficients an augmented DIIS found, over all stored iterations (oldest first). */
export interface AugmentedCoefficients {
  /** c_k ≥ 0, Σ c_k = 1; zero for stored iterations left out (beyond the newest 12). */
  readonly coefficients: Float64Array;
  /** The minimised model energy in hartree. */
  readonly value: number;
}

/**
 * Minimises the coefficient model `build(first)` of the stored iterations first … m − 1, the
 * newest min(m, 12), on the simplex (globally, {@link minimizeOnSimplex}), and returns
 * coefficients over all m.
 *
 * @example
 * ```ts
 * const { focks, densities, energies } = diis;
 * minimizeModel((first) => adiisModel(focks.slice(first), densities!.slice(first), energies!.slice(first)), focks.length).coefficients;
 * ```
 */
export function minimizeModel(build: (first: number) => CoefficientModel, m: number): AugmentedCoefficients {
  const first = Math.max(0, m - MAX_SIMPLEX_VARIABLES);
  const model = build(first);
  const { coefficients, value } = minimizeOnSimplex(model.g, model.A);
  const all = new Float64Array(m);
  all.set(coefficients, first);
  return { coefficients: all, value: model.constant + value };
}

/**
 * ADIIS coefficients for a DIIS history that holds densities (see `diisPush`): the minimum of
 * {@link adiisModel} on the simplex. Undefined when the history has no densities (ROHF, or a
 * resume that could not rebuild them).
 *
 * @example
 * ```ts
 * adiisCoefficients(diis)?.coefficients; // c_k ≥ 0, Σ c_k = 1
 * ```
 */
export function adiisCoefficients(state: DiisState): AugmentedCoefficients | undefined {
  const { focks, densities } = state;
  if (densities === undefined || densities.length !== focks.length || focks.length === 0) return undefined;
  const energies = state.energies ?? focks.map(() => 0);
  return minimizeModel((first) => adiisModel(focks.slice(first), densities.slice(first), energies.slice(first)), focks.length);
}
