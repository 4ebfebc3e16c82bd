import { RoothaanError } from '../errors';
import { add, type Matrix } from '../linalg';
import { functionAtoms, lowdinCharges, mullikenCharges } from '../scf';
import { lastDensityIteration, unstackMatrices } from './checkpoints';
import { validateJobInput } from './job-input';
import { densityKey, overlapKey } from './keys';
import type { Store } from './store';
import type { JobRow } from './tables';

/** Atomic charges (e) worked out from a job's checkpoints, and the iteration whose density gave them. */
export interface CheckpointCharges {
  /** The SCF iteration whose committed density was used. */
  readonly iteration: number;
  readonly mulliken: number[];
  readonly lowdin: number[];
}

/**
 * Mulliken and Löwdin charges (`scf.mullikenCharges`, `scf.lowdinCharges`) from a job's last
 * committed density and its overlap checkpoint: for a job whose SCF never finished (stopped, or
 * failed mid-run), which therefore has no `analysis` event. The basis-function-to-atom map comes
 * from the job's geometry and parameters, validated as at submission. Undefined when the job has
 * no committed density or overlap, or its basis can no longer be placed (a basis file that is
 * gone); a corrupt checkpoint is an error.
 *
 * @param geometryXyz the job's stored `geometry.xyz` text (Å).
 * @example
 * ```ts
 * (await checkpointCharges(s, await s.jobs.get(id), xyz))?.mulliken; // water/STO-3G: ≈ [−0.25, 0.13, 0.13]
 * ```
 */
export async function checkpointCharges(s: Store, job: JobRow, geometryXyz: string): Promise<CheckpointCharges | undefined> {
  const rows = await s.checkpoints.list(job.id);
  const iteration = lastDensityIteration(rows);
  if (iteration === null || !rows.some((r) => r.key === overlapKey(job.id))) return undefined;
  let v: ReturnType<typeof validateJobInput>;
  try {
    v = validateJobInput({ geometryText: geometryXyz, filename: 'geometry.xyz', format: 'xyz', parameters: job.parameters });
  } catch (error) {
    if (error instanceof RoothaanError) return undefined;
    throw error;
  }
  const [S] = unstackMatrices(await s.checkpoints.readArray(job.id, overlapKey(job.id)), 'the overlap checkpoint');
  const spins = unstackMatrices(await s.checkpoints.readArray(job.id, densityKey(job.id, iteration)), `the density of iteration ${iteration}`);
  if (S === undefined || S.rows !== v.basis.nbf || spins.some((d) => d.rows !== v.basis.nbf)) return undefined;
  // Total density: RHF's D already is (doubly occupied); UHF's is Dα + Dβ.
  const D: Matrix = spins.length === 2 ? add(spins[0]!, spins[1]!) : spins[0]!;
  const functionAtom = functionAtoms(v.basis.shellAtom, v.basis.shellFirstFunction, v.basis.nbf);
  const Z = v.molecule.atoms.map((a) => a.Z);
  return { iteration, mulliken: [...mullikenCharges(D, S, functionAtom, Z)], lowdin: [...lowdinCharges(D, S, functionAtom, Z)] };
}
