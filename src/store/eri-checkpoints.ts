/**
 * Two-electron integrals as checkpoints.
 *
 * **What each file holds.** `two-electron/ERI_<i>_0_0_0_<j>_0_0_0.bin` holds, for the basis
 * function pair i ≥ j (0-based), the unique integrals (ij|kl) in hartree for every ket pair
 * kl ≤ ij in canonical order: a 1-D float64 array of ij + 1 values, where ij = i(i+1)/2 + j and
 * kl = k(k+1)/2 + l with k ≥ l. Together the nbf(nbf+1)/2 files are the packed
 * (Yoshimine-ordered, 8-fold symmetric) store of the integrals module, cut at bra-pair
 * boundaries (`integrals.packedEriIndex`). Integrals removed by Schwarz screening are 0.
 *
 * **When they are written.** Only when the run uses the stored J/K builder (packed ERIs in
 * memory, so writing them costs no extra integral work) and the packed store takes at most
 * {@link DEFAULT_MAX_ERI_CHECKPOINT_BYTES} (16 MiB, about 53 basis functions; configurable per
 * run). Larger or integral-direct runs write none and a resume recomputes the integrals.
 *
 * **Resume.** When every file of a job is committed, a resume reads them (checksums verified)
 * and builds J and K from them ({@link createPackedJK}) instead of recomputing the integrals.
 *
 * @packageDocumentation
 */
import type { JKBuilder, JKResult } from '../integrals';
import { packedEriLength } from '../integrals/packed-layout';
import { zeros, type Matrix } from '../linalg';
import { prepareArray, type PreparedObject } from './checkpoints';
import { eriKey } from './keys';

/** The default size limit for writing ERI checkpoints: 16 MiB of packed integrals. */
export const DEFAULT_MAX_ERI_CHECKPOINT_BYTES = 16 * 1024 * 1024;

/** Number of ERI checkpoint files of nbf functions: one per bra pair i ≥ j. @example `eriFileCount(24) // 300` */
export function eriFileCount(nbf: number): number {
  return (nbf * (nbf + 1)) / 2;
}

/**
 * The ERI checkpoint objects of a packed store: one per bra pair i ≥ j (see the module docs).
 *
 * @example
 * ```ts
 * prepareEriObjects(jobId, 7, packed).length; // 28 for water / STO-3G
 * ```
 */
export function prepareEriObjects(jobId: string, nbf: number, packed: Float64Array): PreparedObject[] {
  if (packed.length !== packedEriLength(nbf)) throw new RangeError(`packed ERIs: ${packed.length} values, expected ${packedEriLength(nbf)}`);
  const out: PreparedObject[] = [];
  for (let i = 0; i < nbf; i++) {
    for (let j = 0; j <= i; j++) {
      const ij = (i * (i + 1)) / 2 + j;
      const start = (ij * (ij + 1)) / 2;
      out.push(prepareArray(eriKey(jobId, i, j), 'eri', null, { shape: [ij + 1], data: packed.slice(start, start + ij + 1) }));
    }
  }
  return out;
}

/** The (i, j) of an ERI checkpoint key, or undefined. @example `parseEriKey('x/two-electron/ERI_3_0_0_0_1_0_0_0.bin') // [3, 1]` */
export function parseEriKey(key: string): [number, number] | undefined {
  const m = /\/two-electron\/ERI_(\d+)_0_0_0_(\d+)_0_0_0\.bin$/.exec(key);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/**
 * A J/K builder over packed unique ERIs (single-threaded, O(nbf⁴) per density): J[μν] =
 * Σ_λσ (μν|λσ) D[λσ], K[μν] = Σ_λσ (μλ|νσ) D[λσ] (Szabo & Ostlund Eqs. 3.154), for resuming
 * from ERI checkpoints of small bases.
 *
 * @example
 * ```ts
 * const jk = createPackedJK(7, packed);
 * const { J: [J], K: [K] } = jk.computeJK([D]);
 * ```
 */
export function createPackedJK(nbf: number, packed: Float64Array): JKBuilder {
  const n = nbf;
  // The pair-quartet index table would be large; compute indices on the fly, hoisting ij.
  const pair = (a: number, b: number): number => (a >= b ? (a * (a + 1)) / 2 + b : (b * (b + 1)) / 2 + a);
  const quartet = (p: number, q: number): number => (p >= q ? (p * (p + 1)) / 2 + q : (q * (q + 1)) / 2 + p);
  return {
    nbf: n,
    kind: 'stored',
    computeJK(densities: readonly Matrix[], options: { J?: boolean; K?: boolean } = {}): JKResult {
      const doJ = options.J !== false, doK = options.K !== false;
      const J: Matrix[] = [], K: Matrix[] = [];
      for (const Dm of densities) {
        const D = Dm.data;
        const Jm = zeros(n, n), Km = zeros(n, n);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            const ij = pair(i, j);
            let jsum = 0;
            for (let k = 0; k < n; k++) {
              for (let l = 0; l < n; l++) {
                const v = packed[quartet(ij, pair(k, l))]!;
                if (doJ) jsum += v * D[k * n + l]!;
                // (ij|kl) contributes to K[ik] with D[jl].
                if (doK) Km.data[i * n + k] = Km.data[i * n + k]! + v * D[j * n + l]!;
              }
            }
            Jm.data[i * n + j] = jsum;
          }
        }
        if (doJ) J.push(Jm);
        if (doK) K.push(Km);
      }
      return { J, K };
    },
  };
}
