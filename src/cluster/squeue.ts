/** The `squeue -o` format {@link parseSqueue} reads: raw job id, array job id, array index, state, elapsed, limit, reason or nodes. */
export const SQUEUE_FORMAT = '%A|%F|%K|%T|%M|%l|%R';

/** One array task (or job) as `squeue` shows it. */
export interface QueueTask {
  /** The task's own job id (`SLURM_JOB_ID`). */
  jobId: string;
  /** The array's job id (the job id itself outside an array). */
  arrayJobId: string;
  /** The index in the array, or null outside an array (and for a pending range such as `3-7`). */
  arrayTaskId: number | null;
  /** `PENDING`, `RUNNING`, `COMPLETING`, `COMPLETED`, `CANCELLED`, `TIMEOUT`, … */
  state: string;
  /** Time used, as squeue prints it. */
  elapsed: string;
  /** Time limit, as squeue prints it. */
  timeLimit: string;
  /** The pending reason, or the node list of a running task. */
  reason: string;
}

/**
 * The rows of `squeue -h -o '<SQUEUE_FORMAT>'` output (blank lines skipped).
 *
 * @example
 * ```ts
 * parseSqueue('41|40|1|RUNNING|0:12|10:00|node1\n')[0].arrayTaskId; // 1
 * ```
 */
export function parseSqueue(text: string): QueueTask[] {
  const out: QueueTask[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split('|');
    if (f.length < 7) continue;
    const [jobId, arrayJobId, task, state, elapsed, timeLimit, ...reason] = f as [string, string, string, string, string, string, ...string[]];
    out.push({ jobId, arrayJobId, arrayTaskId: /^\d+$/.test(task) ? Number(task) : null, state, elapsed, timeLimit, reason: reason.join('|') });
  }
  return out;
}
