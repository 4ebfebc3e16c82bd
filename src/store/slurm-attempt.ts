/**
 * Which Slurm job and array task an attempt runs in, from the environment Slurm gives every
 * task (`SLURM_JOB_ID`, `SLURM_ARRAY_JOB_ID`, `SLURM_ARRAY_TASK_ID`); recorded in each
 * attempt's `start` or `resume` event, so `roothaan slurm status` can join the store with
 * `squeue` and `sacct`.
 *
 * @packageDocumentation
 */

/** The Slurm ids of an attempt (absent outside Slurm). */
export interface SlurmAttempt {
  /** The task's own job id (`SLURM_JOB_ID`). */
  slurm_job_id?: string;
  /** The array's job id (`SLURM_ARRAY_JOB_ID`), for an array task. */
  slurm_array_job_id?: string;
  /** The task's index in the array (`SLURM_ARRAY_TASK_ID`). */
  slurm_array_task_id?: number;
}

/**
 * The Slurm ids in an environment; `{}` outside Slurm.
 *
 * @example
 * ```ts
 * slurmAttempt({ SLURM_JOB_ID: '42', SLURM_ARRAY_JOB_ID: '40', SLURM_ARRAY_TASK_ID: '2' });
 * // { slurm_job_id: '42', slurm_array_job_id: '40', slurm_array_task_id: 2 }
 * ```
 */
export function slurmAttempt(env: Readonly<Record<string, string | undefined>> = process.env): SlurmAttempt {
  const id = env['SLURM_JOB_ID'];
  if (id === undefined || id === '') return {};
  const array = env['SLURM_ARRAY_JOB_ID'];
  const task = Number(env['SLURM_ARRAY_TASK_ID']);
  return {
    slurm_job_id: id,
    ...(array !== undefined && array !== '' ? { slurm_array_job_id: array } : {}),
    ...(env['SLURM_ARRAY_TASK_ID'] !== undefined && Number.isInteger(task) ? { slurm_array_task_id: task } : {}),
  };
}
