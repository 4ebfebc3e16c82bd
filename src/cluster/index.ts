/**
 * Running a group's jobs on a Slurm cluster (issue #16): the batch script of
 * `roothaan slurm submit`, Slurm's time formats, `squeue` and `sacct` output, and the status
 * of a group joined with Slurm's view (`roothaan slurm status`).
 *
 * @packageDocumentation
 */
export { sbatchScript, shellQuote, slurmJobName } from './sbatch-script';
export type { SbatchScriptOptions } from './sbatch-script';
export { parseSlurmTime, parseSlurmDuration, parseSlurmMemory } from './slurm-time';
export { SQUEUE_FORMAT, parseSqueue } from './squeue';
export type { QueueTask } from './squeue';
export { SACCT_FORMAT, parseSacct } from './sacct';
export type { SacctFigures } from './sacct';
export { runSlurm, runSlurmOrThrow } from './run-slurm';
export type { SlurmOutput } from './run-slurm';
export { slurmGroupStatus } from './group-status';
export type { SlurmGroupStatus, SlurmJobStatus, SlurmClients } from './group-status';
export { SlurmError } from './slurm-error';
