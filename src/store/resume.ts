/**
 * Where a resumed job continues: verify each committed checkpoint (checksum and size, it parses,
 * and it fits the problem: `scf/start-checks.ts`, `eri-sample.ts`), and fall back past what fails:
 *
 * - S, H or the ERIs: recomputed from the geometry (and written again by the attempt);
 * - densities: the newest iteration n whose density and the DIIS window it needs (F_k and
 *   D_{k−1} for the last diis_size k ≤ n) all verify, walking back at most diis_size iterations
 *   from the newest density that verifies; when no window there verifies, that density, with
 *   the DIIS history restarted; when no density verifies (the initial guess neither), a fresh
 *   start.
 *
 * Each thing skipped is one {@link ResumeSkip} (the caller prints it and records a
 * `resume_fallback` event). An object that is merely absent where none is expected (ERIs not
 * written for large runs, no DIIS) is no fallback. The result is an `scf.ScfStart` for the driver
 * and the S, H and packed ERIs for `scf.prepareCalculation`'s `reuse`.
 *
 * @packageDocumentation
 */
import { coreHamiltonian } from '../integrals/core-hamiltonian';
import { overlap as overlapMatrix } from '../integrals/overlap-kinetic';
import { packedEriLength } from '../integrals/packed-layout';
import type { Matrix } from '../linalg';
import * as scf from '../scf';
import { differenceProblem, matrixProblem, traceProblem } from '../scf/start-checks';
import { readArray, unstackMatrices } from './checkpoints';
import type { StoreContext } from './context';
import { eriTiles } from './eri-checkpoints';
import { eriSampleProblem } from './eri-sample';
import type { ValidatedJobInput } from './job-input';
import { coreHamiltonianKey, densityKey, fockKey, initialGuessKey, overlapKey } from './keys';
import { CheckpointCorruptError } from './store-errors';
import { eventFromRow, tables, type CheckpointRow, type JobRow } from './tables';

/** One checkpoint a resume did not use, and why (one sentence each). */
export interface ResumeSkip {
  /** What it was: 'overlap', 'core-hamiltonian', 'eri', 'density', 'fock' or 'diis'. */
  what: string;
  /** Its object key ('diis': the key of the window's first bad matrix). */
  key: string;
  /** The iteration it belongs to, for densities, Fock matrices and DIIS windows. */
  iteration?: number;
  reason: string;
}

/** What a resume starts from. */
export interface ResumePoint {
  /** The driver's start; undefined when no density verified (a fresh guess). */
  start?: scf.ScfStart;
  /** S and H (nbf×nbf) and the packed unique ERIs, each when committed and verified. */
  reuse: { overlap?: Matrix; coreHamiltonian?: Matrix; eris?: Float64Array };
  /** DIIS vectors rebuilt from the committed Fock matrices and densities. */
  diisVectors: number;
  /** The iteration whose density the run continues from (0: the initial guess; also 0 for a fresh start). */
  fromIteration: number;
  /** Whether a DIIS history was wanted but could not be rebuilt (the run restarts it). */
  diisRestarted: boolean;
  /** What was skipped, in the order found; empty when everything verified. */
  skipped: ResumeSkip[];
}

/** A checkpoint's matrices, or why they cannot be used. */
type Read = { matrices: Matrix[] } | { reason: string };

/**
 * Reads a job's resume point from its committed checkpoint `rows` (see the module docs), changing
 * nothing. Store outages are thrown, not skipped.
 *
 * @example `(await readResumePoint(ctx, job, validated, await checkpointRows(ctx, job.id))).start?.iteration // 4 after three iterations`
 */
export async function readResumePoint(ctx: StoreContext, job: JobRow, v: ValidatedJobInput, rows: readonly CheckpointRow[]): Promise<ResumePoint> {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const nbf = v.basis.nbf;
  const nspin = v.reference === 'rhf' ? 1 : 2;
  const skipped: ResumeSkip[] = [];
  /** A committed checkpoint's matrices (checksum, parse, count and shape, finite, symmetric), undefined without a row. */
  const read = async (key: string, count: number): Promise<Read | undefined> => {
    const row = byKey.get(key);
    if (row === undefined) return undefined;
    let m: Matrix[];
    try {
      m = unstackMatrices(await readArray(ctx, row), `the checkpoint '${key}'`);
    } catch (err) {
      if (err instanceof CheckpointCorruptError) return { reason: err.message };
      throw err; // an outage is not a corrupted checkpoint
    }
    if (m.length !== count) return { reason: `the checkpoint '${key}' holds ${m.length} matrices, expected ${count}` };
    for (const [s, x] of m.entries()) {
      const why = matrixProblem(x, nbf);
      if (why !== undefined) return { reason: `the checkpoint '${key}'${count > 1 ? ` (spin ${s})` : ''}: ${why}` };
    }
    return { matrices: m };
  };
  // S and H: the stored ones when they equal those recomputed from the geometry (cheap next to the ERIs).
  const oneElectron = async (what: string, key: string, recomputed: Matrix): Promise<Matrix | undefined> => {
    const r = await read(key, 1);
    if (r === undefined) return undefined;
    const why = 'reason' in r ? r.reason : differenceProblem(r.matrices[0]!, recomputed);
    if (why === undefined) return (r as { matrices: Matrix[] }).matrices[0];
    skipped.push({ what, key, reason: `${'reason' in r ? why : `the checkpoint '${key}': ${why}`}; it is recomputed from the geometry` });
    return undefined;
  };
  const S0 = overlapMatrix(v.basis);
  const overlap = await oneElectron('overlap', overlapKey(job.id), S0);
  const core = await oneElectron('core-hamiltonian', coreHamiltonianKey(job.id), coreHamiltonian(v.basis, v.molecule));
  const S = overlap ?? S0;
  const reuse: ResumePoint['reuse'] = { ...(overlap !== undefined ? { overlap } : {}), ...(core !== undefined ? { coreHamiltonian: core } : {}) };
  const eris = await readEris(ctx, rows, v, skipped);
  if (eris !== undefined) reuse.eris = eris;

  // Densities: each read and checked once; tr(DS) = N_s (a SAD guess holds the neutral atoms' share).
  const counts = v.reference === 'rhf' ? [v.molecule.electronCount] : [v.molecule.nalpha, v.molecule.nbeta];
  const neutral = v.molecule.atoms.reduce((n, a) => n + (a.ghost === true ? 0 : a.Z), 0);
  const N = v.molecule.electronCount;
  const sadShare = counts.map((c) => (N === 0 ? 0 : (neutral * c) / N));
  const checked = new Map<number, Read | undefined>();
  const densityAt = async (k: number): Promise<Read | undefined> => {
    if (!checked.has(k)) {
      const key = k === 0 ? initialGuessKey(job.id) : densityKey(job.id, k);
      let r = await read(key, nspin);
      if (r !== undefined && 'matrices' in r) {
        const why = traceProblem(r.matrices, S, k === 0 ? [counts, sadShare] : [counts]);
        if (why !== undefined) r = { reason: `the checkpoint '${key}': ${why}` };
      }
      if (r !== undefined && 'reason' in r) skipped.push({ what: 'density', key, iteration: k, reason: r.reason });
      checked.set(k, r);
    }
    return checked.get(k);
  };
  const options = scf.scfOptionsFromParameters(v.parameters);
  const size = options.diisSize ?? scf.DEFAULT_SCF_PARAMETERS.diis_size;
  const wantsDiis = options.useDiis !== false && v.reference !== 'rohf';
  const fockChecked = new Map<number, Read | undefined>();
  /** The DIIS history of iteration n, or why it cannot be rebuilt. */
  const windowOf = async (n: number): Promise<{ steps: scf.DiisHistoryStep[] } | ResumeSkip> => {
    const steps: scf.DiisHistoryStep[] = [];
    for (let k = Math.max(1, n - size + 1); k <= n; k++) {
      const key = fockKey(job.id, k);
      if (!fockChecked.has(k)) {
        const r = await read(key, nspin);
        if (r !== undefined && 'reason' in r) skipped.push({ what: 'fock', key, iteration: k, reason: r.reason });
        fockChecked.set(k, r);
      }
      const fock = fockChecked.get(k);
      const previous = await densityAt(k - 1);
      const bad = fock === undefined || 'reason' in fock ? key : previous === undefined || 'reason' in previous ? (k === 1 ? initialGuessKey(job.id) : densityKey(job.id, k - 1)) : undefined;
      if (bad !== undefined) return { what: 'diis', key: bad, iteration: n, reason: `the DIIS window of iteration ${n} needs '${bad}', which ${byKey.has(bad) ? 'did not verify' : 'was not committed'}` };
      const energy = options.accelerator === 'ediis' ? await energyOf(ctx, job, k) : undefined;
      steps.push({ fock: (fock as { matrices: Matrix[] }).matrices, previousDensity: (previous as { matrices: Matrix[] }).matrices, ...(energy !== undefined ? { energy } : {}) });
    }
    return { steps };
  };

  // Newest first: the densities committed, then the initial guess.
  const iterations = [...new Set(rows.flatMap((r) => (r.kind === 'density' && r.iteration !== null ? [r.iteration] : [])))].sort((a, b) => b - a);
  let chosen: { n: number; density: Matrix[]; steps: scf.DiisHistoryStep[] } | undefined;
  let withoutWindow: { n: number; density: Matrix[]; why: ResumeSkip } | undefined;
  for (const n of [...iterations, 0]) {
    // Walking back further than one DIIS window past the newest good density costs more iterations than a restarted DIIS.
    if (withoutWindow !== undefined && withoutWindow.n - n >= size) break;
    const d = await densityAt(n);
    if (d === undefined || 'reason' in d) continue;
    if (!wantsDiis || n === 0) {
      chosen = { n, density: d.matrices, steps: [] };
      break;
    }
    const w = await windowOf(n);
    if ('steps' in w) {
      chosen = { n, density: d.matrices, steps: w.steps };
      break;
    }
    withoutWindow ??= { n, density: d.matrices, why: w };
  }
  let diisRestarted = false;
  if (chosen === undefined && withoutWindow !== undefined) {
    // No DIIS window verifies: the newest density that does, with the DIIS history restarted.
    chosen = { n: withoutWindow.n, density: withoutWindow.density, steps: [] };
    skipped.push({ ...withoutWindow.why, reason: `${withoutWindow.why.reason}; the DIIS history is restarted` });
    diisRestarted = true;
  }
  if (chosen === undefined) return { reuse, diisVectors: 0, fromIteration: 0, diisRestarted: false, skipped };
  const { n } = chosen;
  const previousEnergy = n > 0 ? await energyOf(ctx, job, n) : undefined;
  const diis = chosen.steps.length > 0
    ? scf.diisFromHistory(S, v.reference, chosen.steps, { diisSize: options.diisSize, orthogonalization: options.orthogonalization })
    : undefined;
  const start: scf.ScfStart = { density: chosen.density, iteration: n + 1, ...(previousEnergy !== undefined ? { previousEnergy } : {}), ...(diis !== undefined ? { diis } : {}) };
  return { start, reuse, diisVectors: diis?.focks.length ?? 0, fromIteration: n, diisRestarted, skipped };
}

/** The energy recorded for iteration k (E[D_{k−1}]), if its event holds one. */
async function energyOf(ctx: StoreContext, job: JobRow, k: number): Promise<number | undefined> {
  const row = await tables.events(ctx.knex).where({ job_id: job.id, kind: 'iteration', name: `iteration ${k}` }).orderBy('id', 'desc').first();
  const e = row === undefined ? undefined : eventFromRow(row);
  const energy = e?.kind === 'iteration' ? e.metadata?.energy : undefined;
  return typeof energy === 'number' && Number.isFinite(energy) ? energy : undefined;
}

/** The committed ERIs, when the newest attempt's files tile the packed store and pass the sample check; else undefined (a skip for files that exist). */
async function readEris(ctx: StoreContext, rows: readonly CheckpointRow[], v: ValidatedJobInput, skipped: ResumeSkip[]): Promise<Float64Array | undefined> {
  const nbf = v.basis.nbf;
  const all = rows.filter((r) => r.kind === 'eri');
  if (all.length === 0) return undefined; // not written (large or integral-direct runs)
  // The set of the newest attempt that wrote any: one that recomputed them wrote a whole set again (perhaps cut differently).
  const newest = Math.max(...all.map((r) => r.attempt));
  const files = all.filter((r) => r.attempt === newest);
  const tiles = eriTiles(files, nbf);
  const skip = (key: string, reason: string): undefined => void skipped.push({ what: 'eri', key, reason: `${reason}; the ERIs are recomputed` });
  if (tiles === undefined) return skip(files[0]!.key, `the ${files.length} committed ERI files do not tile the ${packedEriLength(nbf)} unique integrals`);
  const packed = new Float64Array(packedEriLength(nbf));
  for (const { row, start, length } of tiles) {
    try {
      const a = await readArray(ctx, row);
      if (a.data.length !== length) return skip(row.key, `the checkpoint '${row.key}' holds ${a.data.length} values, its row says ${length}`);
      packed.set(a.data, start);
    } catch (err) {
      if (err instanceof CheckpointCorruptError) return skip(row.key, err.message);
      throw err;
    }
  }
  const why = eriSampleProblem(v.basis, packed, tiles.map(({ row, start, length }) => ({ key: row.key, start, length })));
  if (why !== undefined) return skip(why.key, `${why.reason} (a checksum-consistent object that does not match the geometry)`);
  return packed;
}
