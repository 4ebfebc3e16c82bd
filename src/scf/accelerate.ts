/**
 * Which extrapolation makes an iteration's Fock matrix: CDIIS, ADIIS or EDIIS, or a blend of an
 * augmented DIIS with CDIIS by the size of the orbital gradient (Garza & Scuseria 2012).
 *
 * @packageDocumentation
 */
import { InvalidInputError } from '../errors';
import { zeros, type Matrix } from '../linalg';
import { adiisCoefficients } from './adiis';
import { diisExtrapolate, type DiisState } from './diis';
import { ediisCoefficients } from './ediis';
import { MAX_SIMPLEX_VARIABLES } from './simplex-qp';

/**
 * The initial accelerator (Psi4 1.4's SCF_INITIAL_ACCELERATOR): 'none' (CDIIS alone), 'adiis'
 * or 'ediis', combined with CDIIS as {@link extrapolateFock} says.
 *
 * @example
 * ```ts
 * const accelerator: ScfAccelerator = 'adiis';
 * ```
 */
export type ScfAccelerator = 'none' | 'adiis' | 'ediis';

/**
 * What produced an iteration's Fock matrix: 'none' (no extrapolation: the Fock matrix as built),
 * 'cdiis', 'adiis', 'ediis', or a blend 'adiis+cdiis' / 'ediis+cdiis'.
 *
 * @example
 * ```ts
 * record.accelerator; // 'adiis+cdiis'
 * ```
 */
export type AcceleratorUsed = 'none' | 'cdiis' | 'adiis' | 'ediis' | 'adiis+cdiis' | 'ediis+cdiis';

/** How {@link extrapolateFock} chooses (the controls of the same names). */
export interface AcceleratorSettings {
  readonly accelerator: ScfAccelerator;
  /** Above this orbital-gradient RMS the augmented DIIS alone runs (Psi4's SCF_INITIAL_START_DIIS_TRANSITION, 0.1). */
  readonly startDiisTransition: number;
  /** At or below it CDIIS alone runs (Psi4's SCF_INITIAL_FINISH_DIIS_TRANSITION, 1e-4). */
  readonly finishDiisTransition: number;
}

/** The result of {@link extrapolateFock}. */
export interface FockExtrapolation {
  /** F = Σ c_k F_k, one per spin. */
  readonly focks: Matrix[];
  /** c_k over the stored iterations, oldest first (Σ c_k = 1). */
  readonly coefficients: Float64Array;
  /** How many of the newest stored iterations took part (CDIIS leaves out the oldest when its system is singular; ADIIS and EDIIS take up to 12). */
  readonly vectors: number;
  /** Which method gave them. */
  readonly accelerator: AcceleratorUsed;
  /** The weight w of the augmented DIIS in c = w c_aug + (1 − w) c_CDIIS (0 for CDIIS alone). */
  readonly weight: number;
}

/**
 * The weight of the augmented DIIS for an orbital-gradient RMS `error`: 1 above
 * `startDiisTransition`, 0 at or below `finishDiisTransition`, linear in between (Garza &
 * Scuseria, J. Chem. Phys. 137, 054110 (2012), doi:10.1063/1.4740249, blend 10·e between 1e-1
 * and 1e-4; Psi4 1.4 makes the two ends options).
 *
 * @example
 * ```ts
 * augmentedWeight(0.05, { accelerator: 'adiis', startDiisTransition: 0.1, finishDiisTransition: 1e-4 }); // ≈ 0.4995
 * ```
 */
export function augmentedWeight(error: number, settings: AcceleratorSettings): number {
  const { startDiisTransition: start, finishDiisTransition: finish } = settings;
  if (error > start) return 1;
  if (error <= finish) return 0;
  return (error - finish) / (start - finish);
}

/**
 * The extrapolated Fock matrices of one iteration. With accelerator 'none', Pulay's CDIIS
 * ({@link diisExtrapolate}). With 'adiis' or 'ediis' the coefficients are
 * c = w c_aug + (1 − w) c_CDIIS with w = {@link augmentedWeight}(error): the augmented DIIS alone
 * far from convergence, where CDIIS's minimal-error extrapolation can pick a high-energy
 * combination, CDIIS alone near it, where the augmented DIIS converges slowly. A history
 * without densities (ROHF, which {@link checkAcceleratorReference} refuses) falls back to CDIIS.
 *
 * @example
 * ```ts
 * const ext = extrapolateFock(diis, { accelerator: 'adiis', startDiisTransition: 0.1, finishDiisTransition: 1e-4 }, 0.3);
 * ext.accelerator; // 'adiis'
 * ```
 */
export function extrapolateFock(state: DiisState, settings: AcceleratorSettings, error: number): FockExtrapolation {
  const m = state.focks.length;
  const cdiis = (): { coefficients: Float64Array; focks: Matrix[]; vectors: number } => {
    const ext = diisExtrapolate(state);
    const c = new Float64Array(m);
    c.set(ext.coefficients, m - ext.coefficients.length);
    return { coefficients: c, focks: ext.focks, vectors: ext.coefficients.length };
  };
  const weight = settings.accelerator === 'none' ? 0 : augmentedWeight(error, settings);
  if (weight === 0) return { ...cdiis(), accelerator: 'cdiis', weight: 0 };
  const method = settings.accelerator;
  const aug = method === 'adiis' ? adiisCoefficients(state) : ediisCoefficients(state);
  if (aug === undefined) return { ...cdiis(), accelerator: 'cdiis', weight: 0 };
  let coefficients = aug.coefficients;
  let accelerator: AcceleratorUsed = method;
  let vectors = Math.min(m, MAX_SIMPLEX_VARIABLES);
  if (weight < 1) {
    const c = cdiis();
    coefficients = coefficients.map((a, k) => weight * a + (1 - weight) * c.coefficients[k]!);
    accelerator = method === 'adiis' ? 'adiis+cdiis' : 'ediis+cdiis';
    vectors = Math.max(vectors, c.vectors);
  }
  return { focks: combine(state, coefficients), coefficients, vectors, accelerator, weight };
}

/** F = Σ c_k F_k per spin. */
function combine(state: DiisState, coefficients: Float64Array): Matrix[] {
  const latest = state.focks[state.focks.length - 1]!;
  return latest.map((f, spin) => {
    const F = zeros(f.rows, f.cols);
    coefficients.forEach((c, k) => {
      if (c === 0) return;
      const src = state.focks[k]![spin]!.data;
      for (let i = 0; i < src.length; i++) F.data[i] = F.data[i]! + c * src[i]!;
    });
    return F;
  });
}

/**
 * ADIIS and EDIIS need the density each Fock matrix was built from; ROHF extrapolates its
 * effective Fock matrix, which has none, so an accelerator other than 'none' with ROHF is an
 * InvalidInputError at `field`.
 *
 * @example
 * ```ts
 * checkAcceleratorReference('adiis', 'rhf', 'scf_initial_accelerator'); // fine
 * ```
 */
export function checkAcceleratorReference(accelerator: ScfAccelerator, reference: string, field: string): void {
  if (accelerator !== 'none' && reference === 'rohf') {
    throw new InvalidInputError(`${accelerator.toUpperCase()} needs RHF or UHF; ROHF extrapolates its effective Fock matrix with CDIIS only (use "none")`, { field });
  }
}
