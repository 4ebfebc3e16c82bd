/**
 * Two-electron integrals as checkpoints.
 *
 * **What each file holds.** The unique integrals (ij|kl), i ≥ j, k ≥ l, ij ≥ kl, in hartree, in
 * the packed (Yoshimine-ordered, 8-fold symmetric) order of the integrals module: bra pair by
 * bra pair, where ij = i(i+1)/2 + j, and for each bra pair the ket pairs kl = 0 … ij
 * (`integrals.packedEriIndex`). `two-electron/ERI_<i>_0_0_0_<j>_0_0_0.bin` is one run of
 * consecutive bra pairs, starting with the pair (i, j) (0-based basis functions) and ending
 * where the next file starts: a 1-D float64 array that begins at packed index ij(ij+1)/2. Read in
 * order of their first pair, the files concatenate to the whole packed store. Integrals removed
 * by Schwarz screening are 0.
 *
 * **Size rule.** Files are cut at bra-pair boundaries and hold at most
 * {@link ERI_FILE_BYTES} (1 MiB) each; a bra pair is never split (one pair holds at most
 * nbf(nbf+1)/2 values: 16 KiB at 63 functions). So water/cc-pVDZ (24 functions, 353 KiB)
 * is one file, and the largest store written by default (63 functions, 15.5 MiB) sixteen.
 *
 * **When they are written.** Only when the run uses the stored J/K builder (packed ERIs in
 * memory: no extra integral work) and the packed store takes at most
 * {@link DEFAULT_MAX_ERI_CHECKPOINT_BYTES}; otherwise none, and a resume recomputes them (a
 * resume reuses them when they verify: `resume.ts`).
 *
 * @packageDocumentation
 */
import { packedEriIndex, packedEriLength } from '../integrals/packed-layout';
import { prepareArray, type PreparedObject } from './checkpoints';
import { eriKey } from './keys';
import type { CheckpointRow } from './tables';

/** The default size limit for writing ERI checkpoints: 16 MiB of packed integrals (up to 63 basis functions; configurable per run). */
export const DEFAULT_MAX_ERI_CHECKPOINT_BYTES = 16 * 1024 * 1024;

/** The most an ERI checkpoint file holds (1 MiB), unless a single bra pair is larger. */
export const ERI_FILE_BYTES = 1024 * 1024;

/** One ERI checkpoint file: its first bra pair (i ≥ j) and its slice of the packed store. */
export interface EriFile {
  i: number;
  j: number;
  /** Packed index of its first value, (ij|00). */
  start: number;
  length: number;
}

/**
 * The ERI checkpoint files of nbf functions (see the size rule in the module docs).
 *
 * @example
 * ```ts
 * eriFiles(24); // [{ i: 0, j: 0, start: 0, length: 45150 }] for water/cc-pVDZ: one file
 * ```
 */
export function eriFiles(nbf: number, maxBytes = ERI_FILE_BYTES): EriFile[] {
  const limit = Math.max(1, Math.floor(maxBytes / 8));
  const out: EriFile[] = [];
  let current: EriFile | undefined;
  for (let i = 0; i < nbf; i++) {
    for (let j = 0; j <= i; j++) {
      const row = (i * (i + 1)) / 2 + j + 1; // the ket pairs kl = 0 … ij
      if (current === undefined || current.length + row > limit) {
        current = { i, j, start: packedEriIndex(i, j, 0, 0), length: 0 };
        out.push(current);
      }
      current.length += row;
    }
  }
  return out;
}

/**
 * The committed ERI files of a job in packed order, when they tile the whole packed store of nbf
 * functions (each starts where the previous one ends, by its key and its row's shape); otherwise
 * undefined (missing files: the integrals are recomputed). Any file size tiles.
 *
 * @example
 * ```ts
 * eriTiles((await s.checkpoints.list(id)).filter((r) => r.kind === 'eri'), 7); // [{ row, start: 0, length: 406 }]
 * ```
 */
export function eriTiles(rows: readonly CheckpointRow[], nbf: number): Array<{ row: CheckpointRow; start: number; length: number }> | undefined {
  const tiles: Array<{ row: CheckpointRow; start: number; length: number }> = [];
  for (const row of rows) {
    const m = /\/two-electron\/ERI_(\d+)_0_0_0_(\d+)_0_0_0\.bin$/.exec(row.key);
    if (m === null || row.shape === null || row.shape.length !== 1) return undefined;
    tiles.push({ row, start: packedEriIndex(Number(m[1]), Number(m[2]), 0, 0), length: row.shape[0]! });
  }
  tiles.sort((a, b) => a.start - b.start);
  let next = 0;
  for (const t of tiles) {
    if (t.start !== next) return undefined;
    next += t.length;
  }
  return tiles.length > 0 && next === packedEriLength(nbf) ? tiles : undefined;
}

/**
 * The ERI checkpoint objects of a packed store (see the module docs).
 *
 * @example
 * ```ts
 * prepareEriObjects(id, 7, new Float64Array(406)).length; // 1 for water / STO-3G (406 values)
 * ```
 */
export function prepareEriObjects(jobId: string, nbf: number, packed: Float64Array, maxBytes = ERI_FILE_BYTES): PreparedObject[] {
  if (packed.length !== packedEriLength(nbf)) throw new RangeError(`packed ERIs: ${packed.length} values, expected ${packedEriLength(nbf)}`);
  return eriFiles(nbf, maxBytes).map((f) => prepareArray(eriKey(jobId, f.i, f.j), 'eri', null, { shape: [f.length], data: packed.subarray(f.start, f.start + f.length) }));
}
