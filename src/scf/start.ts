/**
 * Where an SCF starts: a fresh guess, a chosen density, or a resumed job's last committed state.
 *
 * @packageDocumentation
 */
import { InvalidInputError } from '../errors';
import { orthogonalizer, type Matrix, type OrthogonalizerOptions } from '../linalg';
import { DEFAULT_CONTROLS } from './controls';
import { spinDensities } from './density';
import { diisPush, emptyDiis, type DiisState } from './diis';
import { orbitalGradient } from './orbitals';
import type { Reference } from './problem';

/**
 * Where an SCF starts: a resume or a chosen density. Give it as `ScfOptions.start` (e.g.
 * `scf.iterate(prepared, { start })`). Iteration k of the run then builds F[D] from
 * `density`, so a resume after committed iteration n passes D_n and `iteration: n + 1`.
 *
 * @example
 * ```ts
 * const last = records[records.length - 1];
 * const start: ScfStart = { density: last.density, iteration: last.iteration + 1, previousEnergy: last.energy, diis: last.diisState };
 * scf.run(prepared, { start }).iterations; // continues the numbering
 * ```
 */
export interface ScfStart {
  /** The density to start from: RHF [D_total]; UHF [D^α, D^β] (nbf×nbf, row-major). */
  readonly density: readonly Matrix[];
  /** Number of the first iteration to run (1 = fresh). */
  readonly iteration: number;
  /** Total energy (Eh) of iteration `iteration − 1`, so the first ΔE is meaningful. */
  readonly previousEnergy?: number;
  /** DIIS history to continue (see {@link diisFromHistory} to rebuild it from checkpoints). */
  readonly diis?: DiisState;
}

/**
 * One past iteration as a resume reads it back: F_k (RHF [F]; UHF [F^α, F^β]) built from
 * D_{k−1} (same layout as `ScfIteration.density`).
 *
 * @example
 * ```ts
 * const step: DiisHistoryStep = { fock: record.fock, previousDensity: previousRecord.density };
 * ```
 */
export interface DiisHistoryStep {
  readonly fock: readonly Matrix[];
  readonly previousDensity: readonly Matrix[];
  /** The total energy E[previousDensity] in hartree (the record's `energy`), for EDIIS; without it EDIIS falls back to CDIIS. */
  readonly energy?: number;
}

/**
 * Rebuilds the DIIS history exactly from committed Fock matrices and the densities they were
 * built from (oldest first): each step pushes F_k with its error e_k = Xᵀ(F_k D_{k−1} S −
 * S D_{k−1} F_k)X, computed by the same functions as the driver (same X from the same
 * orthogonaliser options), so a resumed run extrapolates exactly as the uninterrupted one would;
 * the densities (and the energies, when the steps give them) are kept for ADIIS and EDIIS.
 * Only the last `diisSize` steps (default 10, as the driver's) are kept. For ROHF the history is
 * empty: its DIIS vectors need the orbitals of each step, which checkpoints do not hold.
 *
 * @example
 * ```ts
 * const diis = diisFromHistory(S, 'rhf', [{ fock: r2.fock, previousDensity: r1.density }, { fock: r3.fock, previousDensity: r2.density }]);
 * diis.focks.length; // 2
 * ```
 */
export function diisFromHistory(
  overlap: Matrix,
  reference: Reference,
  steps: readonly DiisHistoryStep[],
  options: { diisSize?: number; orthogonalization?: OrthogonalizerOptions } = {},
): DiisState {
  const n = overlap.rows;
  const nspin = reference === 'rhf' ? 1 : 2;
  const size = options.diisSize ?? DEFAULT_CONTROLS.diisSize;
  let state = emptyDiis();
  // ROHF extrapolates Feff built in the MO basis of orbitals a checkpoint does not hold: a resumed
  // ROHF run starts its DIIS afresh (and its first Feff is ½(F^α + F^β)).
  if (steps.length === 0 || reference === 'rohf') return state;
  const { X } = orthogonalizer(overlap, options.orthogonalization);
  steps.slice(-Math.max(1, size)).forEach((step, index) => {
    for (const [name, matrices] of [['fock', step.fock], ['previousDensity', step.previousDensity]] as const) {
      if (matrices.length !== nspin || matrices.some((m) => m.rows !== n || m.cols !== n)) {
        throw new InvalidInputError(
          `step ${index} ${name} holds ${matrices.length} matrices of ${matrices[0]?.rows}×${matrices[0]?.cols}; ` +
            `${reference.toUpperCase()} needs ${nspin} of ${n}×${n}`,
          { field: name },
        );
      }
    }
    const Dspin = spinDensities(reference, step.previousDensity);
    const errors = step.fock.map((f, s) => orbitalGradient(f, Dspin[s]!, overlap, X));
    state = diisPush(state, step.fock, errors, size, { density: step.previousDensity, energy: step.energy ?? NaN });
  });
  return state;
}
