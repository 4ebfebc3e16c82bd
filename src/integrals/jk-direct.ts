/**
 * Integral-direct J/K: every {@link JKBuilder.computeJK} call recomputes the unique shell
 * quartets that pass Schwarz screening and contracts them with the densities at once, storing
 * no integrals (Almlöf, Faegri & Korsell, J. Comput. Chem. 3, 385 (1982),
 * doi:10.1002/jcc.540030314).
 *
 * @packageDocumentation
 */
import type { BasisSet } from '../basis/basis-set';
import type { Matrix } from '../linalg';
import { createEriEngine } from './eri-engine';
import { shellPairCount } from './eri-store';
import { defaultThreadCount, EriTaskRunner } from './eri-worker-pool';
import type { JKBuilder, JKResult } from './jk';
import { JKBuffers } from './jk-common';
import type { EriOptions } from './jk-options';
import { DEFAULT_SCREENING_THRESHOLD, schwarzFactors } from './schwarz';

/**
 * An integral-direct {@link JKBuilder}.
 *
 * @example
 * ```ts
 * const jk = createDirectJK(basisSet);
 * jk.computeJK([D]);
 * jk.lastQuartets; // shell quartets computed after screening
 * ```
 */
export interface DirectJKBuilder extends JKBuilder {
  readonly kind: 'direct';
  /** Threads used, the main one included. */
  readonly threads: number;
  /** Shell quartets computed by the last call (after screening). */
  readonly lastQuartets: number;
  computeJK(densities: readonly Matrix[], options?: { J?: boolean; K?: boolean }): JKResult;
  dispose(): void;
}

/**
 * A J/K builder that recomputes the integrals on every call (no storage beyond O(nbf²)).
 * Call `dispose()` to stop its workers.
 *
 * @param basis the basis set (bohr)
 * @param options threads (default: all cores) and Schwarz threshold (default 1e-12 Eh)
 * @example
 * ```ts
 * const jk = createDirectJK(basisSet, { threads: 2 });
 * const { J, K } = jk.computeJK([D]); // same numbers as createStoredJK(basisSet).computeJK([D])
 * jk.dispose();
 * ```
 */
export function createDirectJK(basis: BasisSet, options: EriOptions = {}): DirectJKBuilder {
  const threads = Math.max(1, Math.floor(options.threads ?? defaultThreadCount()));
  const threshold = Math.max(0, options.threshold ?? DEFAULT_SCREENING_THRESHOLD);
  const engine = createEriEngine(basis);
  const runner = new EriTaskRunner(basis, engine, schwarzFactors(engine), threshold, threads);
  const nbf = basis.nbf;
  const buffers = new JKBuffers(nbf, runner);
  const ntasks = shellPairCount(basis);
  let lastQuartets = 0;
  return {
    nbf,
    kind: 'direct',
    threads: runner.threads,
    get lastQuartets() {
      return lastQuartets;
    },
    computeJK(densities, opts = {}) {
      const doJ = opts.J !== false;
      const doK = opts.K !== false;
      const { dens, partials } = buffers.loadDensities(densities);
      if (densities.length > 0 && (doJ || doK)) {
        lastQuartets = runner.run({ kind: 'jk-direct', ntasks, dens, ndens: densities.length, partials, doJ, doK });
      }
      return buffers.result(densities.length, doJ, doK);
    },
    dispose() {
      runner.dispose();
    },
  };
}
