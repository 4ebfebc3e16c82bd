/**
 * The typed records of an SCF: one {@link ScfIteration} per iteration, the final
 * {@link ScfResult}, and the {@link ScfDiagnosis} of a run that did not converge.
 *
 * @packageDocumentation
 */
import type { Matrix, Orthogonalizer } from '../linalg';
import type { AcceleratorUsed } from './accelerate';
import type { DiisState } from './diis';
import type { EnergyComponents } from './energy';
import type { OccupationRecord } from './occupations';
import type { GuessKind, Reference } from './problem';
import type { SpinExpectation } from './spin';
import type { StabilityReport } from './stability-report';

/**
 * Wall-clock timings of one iteration in milliseconds.
 *
 * @example
 * ```ts
 * record.timings.fockMs / record.timings.totalMs; // the J/K share of the iteration
 * ```
 */
export interface IterationTimings {
  /** J/K build and Fock assembly. */
  readonly fockMs: number;
  /** DIIS, diagonalisation and the new density. */
  readonly diagMs: number;
  /** The whole iteration. */
  readonly totalMs: number;
}

/**
 * Which step produced an iteration's new density: 'roothaan' (diagonalising F as built), 'diis'
 * (diagonalising the DIIS-extrapolated F) or 'soscf' (a second-order step, `soscfStep`).
 *
 * @example
 * ```ts
 * const kind: ScfStepKind = 'soscf';
 * ```
 */
export type ScfStepKind = 'roothaan' | 'diis' | 'soscf';

/**
 * The micro-iterations of a second-order step.
 *
 * @example
 * ```ts
 * record.soscf?.microIterations; // 3
 * ```
 */
export interface SoscfRecord {
  /** Conjugate-gradient iterations (Hessian products, one J/K build each). */
  readonly microIterations: number;
  /** ‖r‖/‖g‖ of the Newton equations at the end. */
  readonly residual: number;
  /** Largest rotation angle taken, radians. */
  readonly maxRotation: number;
}

/**
 * One SCF iteration, as {@link iterate} yields it.
 *
 * Iteration k takes the density D_{k−1} (the previous record's `density`, or the guess), builds
 * `fock` = F[D_{k−1}], evaluates `energy` = E[D_{k−1}], extrapolates with DIIS, diagonalises, and
 * produces `density` = D_k. So a resume from this record starts with `start: { density,
 * iteration: iteration + 1, diis: diisState, previousEnergy: energy }` (see `ScfStart`).
 *
 * @example
 * ```ts
 * for (const record of scf.iterate(prepared)) console.log(record.iteration, record.energy, record.deltaE, record.rmsDeltaD);
 * ```
 */
export interface ScfIteration {
  /** Iteration number (1-based, continues across resumes). */
  readonly iteration: number;
  /** Total energy E[D_{k−1}] in hartree (electronic + nuclear). */
  readonly energy: number;
  /** Electronic energy in hartree. */
  readonly electronicEnergy: number;
  /** energy − previous energy in hartree (NaN on the first iteration without `start.previousEnergy`). */
  readonly deltaE: number;
  /** RMS of D_k − D_{k−1} over all elements of all spin blocks of `density`. */
  readonly rmsDeltaD: number;
  /** RMS of the orbital gradient Xᵀ(FDS − SDF)X with the spin density (see {@link orbitalGradient}), over both spins for UHF. */
  readonly diisError: number;
  /** Number of DIIS vectors used in the extrapolation (0 when DIIS was off). */
  readonly diisVectors: number;
  /** What produced the Fock matrix that was diagonalised: 'none' (not extrapolated), 'cdiis', 'adiis', 'ediis', 'adiis+cdiis', 'ediis+cdiis'. */
  readonly accelerator: AcceleratorUsed;
  /** The level shift applied in this iteration's diagonalisation, hartree (0 when off or below the cutoff). */
  readonly levelShift: number;
  /** The damping factor α used for this iteration's new density (0 when off). */
  readonly damping: number;
  /** Which step produced `density` ({@link ScfStepKind}). */
  readonly step: ScfStepKind;
  /** Only when `step` is 'soscf': its micro-iterations. */
  readonly soscf?: SoscfRecord;
  /** The Fock matrices built this iteration, before extrapolation (RHF: [F]; UHF: [F^α, F^β]). */
  readonly fock: readonly Matrix[];
  /** The new density D_k (RHF: [D_total]; UHF: [D^α, D^β]). */
  readonly density: readonly Matrix[];
  /** Orbital energies (hartree) from this iteration's diagonalisation, one array per spin (level-shifted virtuals include σ). */
  readonly orbitalEnergies: readonly Float64Array[];
  /** Whether this iteration met both convergence thresholds. */
  readonly converged: boolean;
  /** Which occupation step chose this iteration's occupied orbitals (aufbau, fixed, mom, imom, fermi) and what it found. */
  readonly occupation: OccupationRecord;
  /**
   * Only on the first record of a run: the density the run started from (the guess, or
   * `start.density`), same layout as `density` — what a store saves as the initial guess.
   */
  readonly initialDensity?: readonly Matrix[];
  /** Only on the first record of a run that started from a guess (no `start`): which guess it was. */
  readonly initialGuess?: GuessKind;
  /** The DIIS history after this iteration (shares matrices; never mutated). */
  readonly diisState: DiisState;
  /** Timings in milliseconds. */
  readonly timings: IterationTimings;
  /** With stability analysis on: the instability-following rotations made before this iteration (0 in the first SCF). */
  readonly followStep?: number;
  /** Only on the density-fitted iterations that start a df_scf_guess run (J and K fitted, not exact). */
  readonly dfGuess?: true;
}

/**
 * An iteration record without its matrices, as kept in {@link ScfResult.history}.
 *
 * @example
 * ```ts
 * result.history.map((h) => h.diisVectors); // [0, 2, 3, …]
 * ```
 */
export type ScfIterationSummary = Omit<ScfIteration, 'fock' | 'density' | 'orbitalEnergies' | 'diisState' | 'initialDensity' | 'initialGuess'>;

/**
 * Why an SCF did not converge, and what to try.
 *
 * @example
 * ```ts
 * if (!result.converged) console.log(result.diagnosis.kind, result.diagnosis.message);
 * ```
 */
export interface ScfDiagnosis {
  /** 'oscillating' (ΔE changes sign repeatedly), 'diverging' (energy rising), 'slow' (steady but too slow), or 'stalled'. */
  readonly kind: 'oscillating' | 'diverging' | 'slow' | 'stalled';
  /** A sentence for people: what happened and what to try. */
  readonly message: string;
}

/**
 * The result of `run` (and the return value of the `iterate` generator).
 *
 * @example
 * ```ts
 * const result = scf.run(prepared);
 * result.energy; // hartree; result.energyComponents has its parts
 * ```
 */
export interface ScfResult {
  /** Whether the last iteration met both thresholds. */
  readonly converged: boolean;
  /** The reference used. */
  readonly reference: Reference;
  /** Total energy in hartree of the last iteration. */
  readonly energy: number;
  /** Energy parts in hartree. */
  readonly energyComponents: EnergyComponents;
  /** Nuclear repulsion energy in hartree. */
  readonly nuclearRepulsion: number;
  /** Number of the last iteration run. */
  readonly iterations: number;
  /** One summary per iteration of this run. */
  readonly history: readonly ScfIterationSummary[];
  /** Canonical MO coefficients (nbf×nmo) from the last un-extrapolated, unshifted Fock matrices, one per spin. */
  readonly moCoefficients: readonly Matrix[];
  /** Canonical orbital energies in hartree, ascending, one array per spin. */
  readonly orbitalEnergies: readonly Float64Array[];
  /** Occupation numbers of the canonical orbitals (RHF: 2/0; UHF: 1/0 per spin; fractional with smearing). */
  readonly occupations: readonly Float64Array[];
  /** Densities from the canonical orbitals (RHF: [D_total]; UHF: [D^α, D^β]). */
  readonly densities: readonly Matrix[];
  /** The last Fock matrices (un-extrapolated). */
  readonly fock: readonly Matrix[];
  /** ⟨S²⟩ for UHF (undefined for RHF, where it is exactly S(S+1) = 0). */
  readonly spin?: SpinExpectation;
  /** The orthogonaliser used (method, functions kept and dropped, smallest eigenvalue of S). */
  readonly orthogonalizer: Omit<Orthogonalizer, 'X'>;
  /** The DIIS history at the end (for a resume). */
  readonly diisState: DiisState;
  /** Present when not converged. */
  readonly diagnosis?: ScfDiagnosis;
  /** With stability analysis on ('check' or 'follow'): the analyses and the following done. */
  readonly stability?: StabilityReport;
  /**
   * With df_scf_guess: the density-fitted stage that started the run (its iterations are the
   * first `iterations` of `history`; the exact ones follow, and `energy` is the exact energy).
   */
  readonly dfGuess?: DfGuessStage;
}

/**
 * The density-fitted first stage of a df_scf_guess run.
 *
 * @example
 * ```ts
 * const { iterations, energy } = scf.run(prepared).dfGuess!; // e.g. 9 DF iterations, then the exact ones
 * ```
 */
export interface DfGuessStage {
  /** DF iterations run (1 … iterations of the run's numbering). */
  readonly iterations: number;
  /** Whether the DF stage met the convergence thresholds before the exact one started. */
  readonly converged: boolean;
  /** The DF energy it reached, hartree. */
  readonly energy: number;
}

