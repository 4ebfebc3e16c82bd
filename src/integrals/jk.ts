import type { Matrix } from '../linalg';

/**
 * Builds Coulomb (J) and exchange (K) matrices from AO density matrices:
 *
 *   J[μν] = Σ_λσ (μν|λσ) D[λσ],   K[μν] = Σ_λσ (μλ|νσ) D[λσ]
 *
 * (Szabo & Ostlund Eq. 3.154 writes G = J − ½K for RHF with the total density.) Densities are
 * symmetric nbf×nbf row-major matrices. One call may take several densities (UHF passes alpha
 * and beta) and returns one J and one K per density, in the same order.
 *
 * Two implementations give the same numbers: one over a packed in-memory store of the unique
 * ERIs, and an integral-direct one that recomputes the integrals on every call. The SCF picks
 * between them by memory; either is passed to the SCF through this interface.
 */
export interface JKBuilder {
  /** Number of basis functions the builder expects. */
  readonly nbf: number;
  /** 'stored' (packed unique ERIs in memory), 'direct' (recomputed each call) or 'df' (density-fitted, `createDfJK`). */
  readonly kind: 'stored' | 'direct' | 'df';
  /**
   * The packed unique ERIs (ij|kl), kl ≤ ij, in hartree, at `packedEriIndex(i, j, k, l)`: set by
   * stored builders (for checkpoints, or {@link createStoredJKFromPacked} later); undefined for
   * integral-direct ones. Read only.
   */
  readonly packedEris?: Float64Array;
  /** J and K for each density. `options.K = false` skips exchange. */
  computeJK(densities: readonly Matrix[], options?: { J?: boolean; K?: boolean }): JKResult;
  /** Releases worker threads or shared memory the builder holds. Safe to call twice. */
  dispose?(): void | Promise<void>;
}

/** The result of {@link JKBuilder.computeJK}: one J and one K per density (empty when not asked for). */
export interface JKResult {
  J: Matrix[];
  K: Matrix[];
}
