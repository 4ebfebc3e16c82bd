/**
 * Where a resumed job continues: read its committed checkpoints, verify each checksum and shape,
 * and fall back where one is missing (no S or H: recomputed; ERI files not tiling the whole
 * packed store: recomputed; a DIIS step missing: no DIIS history; no density at all: the initial
 * guess, or a fresh start). A corrupted checkpoint is refused, never skipped. The result is an
 * `scf.ScfStart` for the driver and the S, H and packed ERIs for `scf.prepareCalculation`'s
 * `reuse`.
 *
 * @packageDocumentation
 */
import { packedEriLength } from '../integrals/packed-layout';
import type { Matrix } from '../linalg';
import * as scf from '../scf';
import { lastDensityIteration, readArray, unstackMatrices } from './checkpoints';
import type { StoreContext } from './context';
import { eriTiles } from './eri-checkpoints';
import type { ValidatedJobInput } from './job-input';
import { coreHamiltonianKey, densityKey, fockKey, initialGuessKey, overlapKey } from './keys';
import { eventFromRow, tables, type CheckpointRow, type JobRow } from './tables';
import { CheckpointCorruptError } from './store-errors';

/** What a resume starts from. */
export interface ResumePoint {
  /** The driver's start; undefined when nothing was committed beyond the geometry (a fresh guess). */
  start?: scf.ScfStart;
  /** S and H (nbf×nbf) and the packed unique ERIs, each when committed. */
  reuse: { overlap?: Matrix; coreHamiltonian?: Matrix; eris?: Float64Array };
  /** DIIS vectors rebuilt from the committed Fock matrices and densities. */
  diisVectors: number;
}

/**
 * Reads a job's resume point from its committed checkpoint `rows` (see the module docs), before
 * the job is claimed: a bad checkpoint refuses the resume and changes nothing.
 *
 * @example `(await readResumePoint(ctx, job, validated, await checkpointRows(ctx, job.id))).start?.iteration // 4 after three iterations`
 */
export async function readResumePoint(ctx: StoreContext, job: JobRow, v: ValidatedJobInput, rows: readonly CheckpointRow[]): Promise<ResumePoint> {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const nbf = v.basis.nbf;
  const nspin = v.reference === 'rhf' ? 1 : 2;
  /** The matrices of a committed checkpoint (checksum and shape verified), or undefined without one. */
  const matrices = async (key: string, count: number): Promise<Matrix[] | undefined> => {
    const row = byKey.get(key);
    if (row === undefined) return undefined;
    const m = unstackMatrices(await readArray(ctx, row), `the checkpoint '${key}'`);
    if (m.length !== count || m.some((x) => x.rows !== nbf || x.cols !== nbf)) {
      throw new CheckpointCorruptError(`the checkpoint '${key}' holds ${m.length}×${m[0]?.rows}×${m[0]?.cols}, expected ${count}×${nbf}×${nbf}; refusing to resume`);
    }
    return m;
  };
  const overlap = (await matrices(overlapKey(job.id), 1))?.[0];
  const coreHamiltonian = (await matrices(coreHamiltonianKey(job.id), 1))?.[0];
  const reuse: ResumePoint['reuse'] = { ...(overlap !== undefined ? { overlap } : {}), ...(coreHamiltonian !== undefined ? { coreHamiltonian } : {}) };
  // ERIs: used only when the committed files tile the whole packed store (see eri-checkpoints.ts).
  const tiles = eriTiles(rows.filter((r) => r.kind === 'eri'), nbf);
  if (tiles !== undefined) {
    const packed = new Float64Array(packedEriLength(nbf));
    for (const { row, start, length } of tiles) {
      const a = await readArray(ctx, row);
      if (a.data.length !== length) throw new CheckpointCorruptError(`the checkpoint '${row.key}' holds ${a.data.length} values, its row says ${length}`);
      packed.set(a.data, start);
    }
    reuse.eris = packed;
  }
  const n = lastDensityIteration(rows) ?? 0;
  const densityAt = (k: number): Promise<Matrix[] | undefined> => matrices(k === 0 ? initialGuessKey(job.id) : densityKey(job.id, k), nspin);
  const density = await densityAt(n);
  if (density === undefined) return { reuse, diisVectors: 0 };
  /** The energy recorded for iteration k (E[D_{k−1}]), if its event holds one. */
  const energyOf = async (k: number): Promise<number | undefined> => {
    const row = await tables.events(ctx.knex).where({ job_id: job.id, kind: 'iteration', name: `iteration ${k}` }).orderBy('id', 'desc').first();
    const e = row === undefined ? undefined : eventFromRow(row);
    const energy = e?.kind === 'iteration' ? e.metadata?.energy : undefined;
    return typeof energy === 'number' && Number.isFinite(energy) ? energy : undefined;
  };
  // The energy of iteration n, for the first ΔE.
  const previousEnergy = n > 0 ? await energyOf(n) : undefined;
  // The DIIS history from F_k and D_{k−1} of the last diis_size iterations (all of them committed, or none used).
  const options = scf.scfOptionsFromParameters(v.parameters);
  const history: scf.DiisHistoryStep[] = [];
  if (options.useDiis !== false && n > 0 && overlap !== undefined) {
    const size = options.diisSize ?? scf.DEFAULT_SCF_PARAMETERS.diis_size;
    for (let k = Math.max(1, n - size + 1); k <= n; k++) {
      const fock = await matrices(fockKey(job.id, k), nspin);
      const previousDensity = await densityAt(k - 1);
      if (fock === undefined || previousDensity === undefined) {
        history.length = 0;
        break;
      }
      // The energy of F_k's density, for EDIIS (ADIIS and CDIIS do without).
      const energy = options.accelerator === 'ediis' ? await energyOf(k) : undefined;
      history.push({ fock, previousDensity, ...(energy !== undefined ? { energy } : {}) });
    }
  }
  const diis =
    history.length > 0
      ? scf.diisFromHistory(overlap!, v.reference, history, { diisSize: options.diisSize, orthogonalization: options.orthogonalization })
      : undefined;
  const start: scf.ScfStart = { density, iteration: n + 1, ...(previousEnergy !== undefined ? { previousEnergy } : {}), ...(diis !== undefined ? { diis } : {}) };
  return { start, reuse, diisVectors: diis?.focks.length ?? 0 };
}
