/**
 * The shapes of a stability analysis and of what the stability stage reports: types only, so the
 * options and the SCF records can name them without importing the analysis itself.
 *
 * @packageDocumentation
 */
import type { HessianKind } from './orbital-hessian';

/**
 * `'none'` (default), `'check'` (analyse the converged solution) or `'follow'` (UHF: analyse,
 * and while unstable rotate along the lowest eigenvector and converge again) — Psi4's names.
 *
 * @example
 * ```ts
 * const mode: StabilityMode = 'follow';
 * ```
 */
export type StabilityMode = 'none' | 'check' | 'follow';

/**
 * The lowest eigenvalues of one orbital Hessian.
 *
 * @example
 * ```ts
 * const kind: StabilityEigenvalues['kind'] = 'rhf-triplet'; // RHF → UHF
 * ```
 */
export interface StabilityEigenvalues {
  /** 'rhf-singlet' (RHF → RHF), 'rhf-triplet' (RHF → UHF) or 'uhf' (UHF → UHF). */
  readonly kind: HessianKind;
  /** The lowest eigenvalues of (A+B) in hartree, ascending (Psi4 prints five for RHF, one for UHF). */
  readonly values: readonly number[];
  /** Whether the lowest is negative (below −{@link INSTABILITY_THRESHOLD}): a lower solution exists along its eigenvector. */
  readonly unstable: boolean;
  /** Whether the eigensolver met its tolerance for every value. */
  readonly converged: boolean;
}

/**
 * One stability analysis: the Hessians of the reference and their lowest eigenvalues.
 *
 * @example
 * ```ts
 * const analysis = rhfStability(problem.jk, result, problem.nalpha);
 * analysis.eigenvalues.map((e) => `${e.kind}: ${e.values[0]}`);
 * ```
 */
export interface StabilityAnalysis {
  /** The SCF iteration (number) whose converged orbitals were analysed. */
  readonly iteration: number;
  /** The energy of that solution, hartree. */
  readonly energy: number;
  /** RHF: singlet then triplet; UHF: one entry. */
  readonly eigenvalues: readonly StabilityEigenvalues[];
  /** The lowest eigenvalue over all kinds, hartree (Infinity when there is no occupied–virtual pair, e.g. H/STO-3G). */
  readonly lowest: number;
  /** Whether any kind is unstable. */
  readonly unstable: boolean;
}

/**
 * What the stability stage did, on {@link ScfResult.stability}.
 *
 * @example
 * ```ts
 * result.stability?.analyses.map((a) => a.lowest); // [−0.322461…, 0.377810…] for H2 at 2.5 Å, UHF, follow
 * ```
 */
export interface StabilityReport {
  /** 'check' or 'follow'. */
  readonly mode: 'check' | 'follow';
  /** Every analysis, in order: the first of the first converged solution, then one after each following step. */
  readonly analyses: readonly StabilityAnalysis[];
  /** Rotations along an instability that were followed by a new SCF. */
  readonly followSteps: number;
  /** The step scale of each rotation (angle = scale·π/2·x_ia). */
  readonly stepScales: readonly number[];
  /** Energy (hartree) of the first converged solution, before any following. */
  readonly energyBeforeFollowing: number;
  /** ⟨S²⟩ of the first converged solution (UHF). */
  readonly s2BeforeFollowing?: number;
  /** Whether the last analysis still found an instability (max_attempts reached, or 'check'). */
  readonly stillUnstable: boolean;
}
