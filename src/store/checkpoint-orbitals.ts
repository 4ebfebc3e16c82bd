import type { BasisSet } from '../basis';
import type { Molecule } from '../geometry';
import type { NpyArray } from '../io';
import type { Matrix } from '../linalg';
import { unstack, unstackMatrices } from './checkpoints';
import { StoreConflictError } from '../errors';
import { storedJobInput } from './job-input';
import { geometryOrigKey, moCoefficientsKey, moEnergiesKey, moOccupationsKey } from './keys';
import type { Store } from './store';
import { CheckpointCorruptError, NotFoundError } from './store-errors';
import type { JobRow } from './tables';

/** A stored job's final orbitals with the molecule and basis they belong to. */
export interface CheckpointOrbitals {
  readonly molecule: Molecule;
  readonly basis: BasisSet;
  /** C (nbf × nmo, row-major), one per spin set (RHF one; UHF/ROHF α, β). */
  readonly coefficients: readonly Matrix[];
  /** Orbital energies in hartree, one array per spin set. */
  readonly energies: readonly Float64Array[];
  /** Occupation numbers, one array per spin set. */
  readonly occupations: readonly Float64Array[];
}

/**
 * The final orbitals of a stored job, from its `orbitals/` checkpoints (no recomputing), with the
 * molecule and basis rebuilt from its stored `geometry.orig` and parameters as at submission.
 *
 * @throws NotFoundError when the job has no orbital checkpoints (its SCF never finished, or it
 *   ran before they were recorded); CheckpointCorruptError when they do not fit its basis;
 *   StoreConflictError when its basis set has changed in the library since.
 * @example
 * ```ts
 * (await checkpointOrbitals(s, await s.jobs.get(id))).coefficients[0].cols; // water/STO-3G: 7
 * ```
 */
export async function checkpointOrbitals(s: Store, job: JobRow): Promise<CheckpointOrbitals> {
  const rows = await s.checkpoints.list(job.id);
  if (!rows.some((r) => r.key === moCoefficientsKey(job.id))) {
    throw new NotFoundError(`job ${job.id} has no orbital checkpoints (its SCF did not finish, or it ran before orbitals were checkpointed): resume or rerun it`);
  }
  // The geometry as the job ran it (its file as given: geometry.xyz is rounded), and its basis as then.
  const v = storedJobInput(job, (await s.checkpoints.read(job.id, geometryOrigKey(job.id))).toString('utf8'));
  if (job.basis_sha256 !== null && v.basisSha256 !== job.basis_sha256) {
    throw new StoreConflictError(`job ${job.id}: the basis set ${v.basis.name} is no longer the one the job ran with (the library changed); its orbitals cannot be written`);
  }
  const coefficients = unstackMatrices(await s.checkpoints.readArray(job.id, moCoefficientsKey(job.id)), moCoefficientsKey(job.id));
  const energies = unstack(await s.checkpoints.readArray(job.id, moEnergiesKey(job.id)), 1, moEnergiesKey(job.id)).parts;
  const occupations = unstack(await s.checkpoints.readArray(job.id, moOccupationsKey(job.id)), 1, moOccupationsKey(job.id)).parts;
  const nmo = coefficients[0]!.cols;
  if (coefficients.some((c) => c.rows !== v.basis.nbf) || [...energies, ...occupations].some((e) => e.length !== nmo) || energies.length !== occupations.length) {
    throw new CheckpointCorruptError(`the orbital checkpoints of job ${job.id} do not fit its basis (${v.basis.nbf} functions) or each other`);
  }
  return { molecule: v.molecule, basis: v.basis, coefficients, energies, occupations };
}
