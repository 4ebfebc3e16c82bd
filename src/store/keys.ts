/**
 * The object key layout of a job (the same in S3 and in the directory store):
 *
 * ```
 * <job-id>/geometry.orig                       the user's geometry file as given
 * <job-id>/geometry.xyz                        the parsed molecule as XYZ (Å)
 * <job-id>/overlap.bin                         S, [n, n]
 * <job-id>/core-hamiltonian.bin                H = T + V, [n, n] (hartree)
 * <job-id>/initial-guess.bin                   the initial density, [n, n] (RHF) or [2, n, n] (UHF)
 * <job-id>/two-electron/ERI_<i>_0_0_0_<j>_0_0_0.bin   see eriKey
 * <job-id>/fock-matrix/fock_matrix_<n>.bin     F built in iteration n (before DIIS)
 * <job-id>/densities/density_<n>.bin           the density D_n produced by iteration n
 * <job-id>/orbitals/mo_coefficients.bin        the final canonical C, [n, nmo] or [2, n, nmo] (α, β)
 * <job-id>/orbitals/mo_energies.bin            their orbital energies (hartree), [nmo] or [2, nmo]
 * <job-id>/orbitals/mo_occupations.bin         their occupations, [nmo] or [2, nmo]
 * ```
 *
 * Every `.bin` is a NumPy `.npy` v1.0 float64 array; UHF stacks alpha and beta as `[2, n, n]`.
 *
 * @packageDocumentation
 */

/** `<job-id>/geometry.orig`. @example `geometryOrigKey(id)` */
export const geometryOrigKey = (jobId: string): string => `${jobId}/geometry.orig`;
/** `<job-id>/geometry.xyz`. @example `geometryXyzKey(id)` */
export const geometryXyzKey = (jobId: string): string => `${jobId}/geometry.xyz`;
/** `<job-id>/overlap.bin`. @example `overlapKey(id)` */
export const overlapKey = (jobId: string): string => `${jobId}/overlap.bin`;
/** `<job-id>/core-hamiltonian.bin`. @example `coreHamiltonianKey(id)` */
export const coreHamiltonianKey = (jobId: string): string => `${jobId}/core-hamiltonian.bin`;
/** `<job-id>/initial-guess.bin`. @example `initialGuessKey(id)` */
export const initialGuessKey = (jobId: string): string => `${jobId}/initial-guess.bin`;
/** `<job-id>/fock-matrix/fock_matrix_<n>.bin`. @example `fockKey(id, 3)` */
export const fockKey = (jobId: string, iteration: number): string => `${jobId}/fock-matrix/fock_matrix_${iteration}.bin`;
/** `<job-id>/densities/density_<n>.bin`. @example `densityKey(id, 3)` */
export const densityKey = (jobId: string, iteration: number): string => `${jobId}/densities/density_${iteration}.bin`;
/** `<job-id>/orbitals/mo_coefficients.bin`: the final canonical MO coefficients. @example `moCoefficientsKey(id)` */
export const moCoefficientsKey = (jobId: string): string => `${jobId}/orbitals/mo_coefficients.bin`;
/** `<job-id>/orbitals/mo_energies.bin`: the final orbital energies (hartree). @example `moEnergiesKey(id)` */
export const moEnergiesKey = (jobId: string): string => `${jobId}/orbitals/mo_energies.bin`;
/** `<job-id>/orbitals/mo_occupations.bin`: the final occupation numbers. @example `moOccupationsKey(id)` */
export const moOccupationsKey = (jobId: string): string => `${jobId}/orbitals/mo_occupations.bin`;

/**
 * The key of the ERI checkpoint file whose first bra pair is (i, j), i ≥ j (0-based basis
 * functions; what it holds: `eri-checkpoints.ts`). The three zeros after each index are reserved
 * (always 0 here) for layouts that split an index further.
 *
 * @example
 * ```ts
 * eriKey(id, 0, 0); // `${id}/two-electron/ERI_0_0_0_0_0_0_0_0.bin`: the first file, from (00|00)
 * ```
 */
export const eriKey = (jobId: string, i: number, j: number): string => `${jobId}/two-electron/ERI_${i}_0_0_0_${j}_0_0_0.bin`;

/** The prefix of every object of a job. @example `jobPrefix(id)` */
export const jobPrefix = (jobId: string): string => `${jobId}/`;
