import { parseSlurmDuration, parseSlurmMemory } from './slurm-time';

/** The `sacct --format` {@link parseSacct} reads (with `-P -n`). */
export const SACCT_FORMAT = 'JobIDRaw,State,Elapsed,TotalCPU,MaxRSS';

/** A finished (or running) Slurm job's efficiency figures from accounting. */
export interface SacctFigures {
  /** The job id (`JobIDRaw`, the array task's own id). */
  jobId: string;
  /** The allocation's state (`COMPLETED`, `CANCELLED by 0`, `TIMEOUT`, `RUNNING`, …). */
  state: string;
  /** Wall time of the allocation, seconds. */
  wallTimeS?: number;
  /** CPU time (user + system) of all steps, seconds. */
  cpuTimeS?: number;
  /** Largest resident set of any step, bytes. */
  maxRssBytes?: number;
}

/**
 * Per-job figures from `sacct -P -n --format=<SACCT_FORMAT>` output: the allocation's line gives
 * the state and wall time; its steps (`<id>.batch`, `<id>.0`, …) the CPU time (summed) and the
 * largest MaxRSS (Slurm reports MaxRSS per step only).
 *
 * @example
 * ```ts
 * const [f] = parseSacct('41|COMPLETED|00:01:00|00:00:00|\n41.batch|COMPLETED|00:01:00|00:00:58.5|20480K\n');
 * f.cpuTimeS; // 58.5
 * ```
 */
export function parseSacct(text: string): SacctFigures[] {
  const byJob = new Map<string, SacctFigures>();
  for (const line of text.split('\n')) {
    const f = line.trim().split('|');
    if (f.length < 5) continue;
    const [id, state, elapsed, cpu, rss] = f as [string, string, string, string, string];
    const jobId = id.split('.')[0]!;
    const figures = byJob.get(jobId) ?? { jobId, state };
    byJob.set(jobId, figures);
    if (!id.includes('.')) {
      figures.state = state;
      const wall = parseSlurmDuration(elapsed);
      if (wall !== undefined) figures.wallTimeS = wall;
      continue;
    }
    const c = parseSlurmDuration(cpu);
    if (c !== undefined) figures.cpuTimeS = (figures.cpuTimeS ?? 0) + c;
    const m = parseSlurmMemory(rss);
    if (m !== undefined) figures.maxRssBytes = Math.max(figures.maxRssBytes ?? 0, m);
  }
  return [...byJob.values()];
}
