/**
 * Stability analysis of a converged SCF: the lowest eigenvalues of the real orbital Hessians
 * (RHF → RHF, RHF → UHF, UHF → UHF), as Psi4's `stability_analysis check` reports them.
 *
 * @packageDocumentation
 */
import type { JKBuilder } from '../integrals/jk';
import { davidson } from '../linalg';
import { orbitalHessian, type HessianKind } from './orbital-hessian';
import type { ScfResult } from './records';
import type { StabilityAnalysis, StabilityEigenvalues } from './stability-report';

export type { StabilityAnalysis, StabilityEigenvalues } from './stability-report';



/**
 * An analysis with the unit eigenvector of the lowest UHF eigenvalue (what following rotates along).
 *
 * @example
 * ```ts
 * const { analysis, lowestVector } = uhfStability(problem.jk, result, [problem.nalpha, problem.nbeta]);
 * ```
 */
export interface UhfStabilityOutcome {
  readonly analysis: StabilityAnalysis;
  /** x_ia of the lowest root, α block then β (layout of {@link orbitalHessian}), unit norm. */
  readonly lowestVector: Float64Array;
}

/**
 * Eigenvalues above −this (hartree) count as stable: the eigensolver's error is far smaller
 * (its residual tolerance is 1e-7, the eigenvalue error ~ residual²), so only a zero mode that
 * rounding pushes below zero is kept from being followed.
 *
 * @example
 * ```ts
 * INSTABILITY_THRESHOLD; // 1e-8
 * ```
 */
export const INSTABILITY_THRESHOLD = 1e-8;

/** Residual tolerance of the Davidson solves (Psi4's SOLVER_CONVERGENCE is 1e-6). */
const RESIDUAL_TOLERANCE = 1e-7;

function lowestOf(kind: HessianKind, jk: JKBuilder, result: ScfResult, nocc: readonly number[], roots: number): { entry: StabilityEigenvalues; vector: Float64Array } {
  const h = orbitalHessian(kind, jk, result.moCoefficients, result.orbitalEnergies, nocc);
  const found = davidson((vs) => h.apply(vs), h.diagonal, { roots: Math.min(roots, h.dimension), tolerance: RESIDUAL_TOLERANCE, maxIterations: 300 });
  const values = Array.from(found.values);
  return {
    entry: { kind, values, unstable: values.length > 0 && values[0]! < -INSTABILITY_THRESHOLD, converged: found.converged },
    vector: found.vectors[0] ?? new Float64Array(h.dimension),
  };
}

function summarise(result: ScfResult, eigenvalues: StabilityEigenvalues[]): StabilityAnalysis {
  const lowest = Math.min(...eigenvalues.map((e) => e.values[0] ?? Infinity));
  return {
    iteration: result.iterations,
    energy: result.energy,
    eigenvalues,
    lowest,
    unstable: eigenvalues.some((e) => e.unstable),
  };
}

/**
 * RHF stability: the `roots` (default 5, as Psi4 prints) lowest eigenvalues of the singlet
 * (A+B)¹ (RHF → RHF) and triplet (A+B)³ (RHF → UHF) Hessians of a converged RHF result, in its
 * canonical orbitals, by Davidson iterations over J/K products ({@link orbitalHessian}).
 * `ndocc` is the number of doubly occupied orbitals. Seeger & Pople, J. Chem. Phys. 66, 3045
 * (1977), doi:10.1063/1.434318.
 *
 * @example
 * ```ts
 * const analysis = rhfStability(prepared.problem.jk, result, prepared.problem.nalpha);
 * analysis.eigenvalues[1]!.values[0]; // −0.322461 Eh for H2 at 2.5 Å, 6-31G**: unstable towards UHF
 * ```
 */
export function rhfStability(jk: JKBuilder, result: ScfResult, ndocc: number, roots = 5): StabilityAnalysis {
  if (result.reference !== 'rhf') throw new RangeError(`rhfStability needs an RHF result, got ${result.reference}`);
  const singlet = lowestOf('rhf-singlet', jk, result, [ndocc], roots).entry;
  const triplet = lowestOf('rhf-triplet', jk, result, [ndocc], roots).entry;
  return summarise(result, [singlet, triplet]);
}

/**
 * UHF stability: the `roots` (default 1, Psi4's SOLVER_N_ROOT) lowest eigenvalues of the real
 * UHF → UHF Hessian of a converged UHF result, and the eigenvector of the lowest.
 *
 * @example
 * ```ts
 * const { analysis } = uhfStability(prepared.problem.jk, result, [1, 1]);
 * analysis.lowest; // −0.322461 Eh for the spin-restricted UHF solution of H2 at 2.5 Å, 6-31G**
 * ```
 */
export function uhfStability(jk: JKBuilder, result: ScfResult, nocc: readonly [number, number], roots = 1): UhfStabilityOutcome {
  if (result.reference !== 'uhf') throw new RangeError(`uhfStability needs a UHF result, got ${result.reference}`);
  const { entry, vector } = lowestOf('uhf', jk, result, nocc, roots);
  return { analysis: summarise(result, [entry]), lowestVector: vector };
}
