/**
 * `roothaan db gc`: finishes interrupted deletes and removes the orphan objects `db check`
 * (`check.ts`) finds that are older than `minAgeSeconds` (a younger one may belong to a commit in
 * progress, which writes its objects just before its rows), and nothing a job may still need:
 * never a live job's objects, nor objects outside a job prefix. Checksum mismatches, missing
 * objects and unreadable rows are left for a person (`jobs delete` removes such a job).
 *
 * @packageDocumentation
 */
import { scanStore } from './check';
import { finishDelete } from './delete-job';
import { jobPrefix } from './keys';
import { storeContext, type Store } from './store';

/** Options of {@link collectGarbage}. */
export interface GcOptions {
  /** Report what would be removed, and remove nothing. */
  dryRun?: boolean;
  /** Leave orphan objects written less than this many seconds ago (default {@link GC_MIN_AGE_SECONDS}). */
  minAgeSeconds?: number;
}

/** The default age, in seconds, below which `db gc` leaves an orphan object: 10 minutes. */
export const GC_MIN_AGE_SECONDS = 600;

/** What {@link collectGarbage} removed (or, with `dryRun`, would remove). */
export interface GcReport {
  dryRun: boolean;
  /** Deletes finished: each job id with the objects its delete still had to remove. */
  finished: Array<{ job_id: string; objects: number }>;
  /** Orphan objects removed. */
  removed: Array<{ key: string; bytes: number; reason: 'no job' | 'no checkpoint row' }>;
  /** Orphan objects left because they are younger than `minAgeSeconds`, or outside a job prefix. */
  kept: Array<{ key: string; reason: string }>;
}

/**
 * Removes leftovers (see the module docs).
 *
 * @example
 * ```ts
 * const { finished, removed } = await store.collectGarbage(s, { minAgeSeconds: 0 });
 * ```
 */
export async function collectGarbage(store: Store, options: GcOptions = {}): Promise<GcReport> {
  const ctx = storeContext(store);
  const dryRun = options.dryRun === true;
  const minAge = options.minAgeSeconds ?? GC_MIN_AGE_SECONDS;
  const scan = await scanStore(ctx);
  const report: GcReport = { dryRun, finished: [], removed: [], kept: [] };
  // One object: deletePrefix of its key, when no other key begins with it.
  const removeKey = async (key: string): Promise<void> => {
    if ((await ctx.objects.list(key)).every((k) => k === key)) await ctx.objects.deletePrefix(key);
  };
  for (const p of scan.problems) {
    if (p.kind === 'deleted-job') {
      report.finished.push({ job_id: p.job_id, objects: dryRun ? p.objects : await finishDelete(ctx, p.job_id) });
    }
  }
  // Orphans by job prefix: a prefix no job has goes whole (its folders too), else key by key.
  const noJob = new Map<string, number>();
  for (const p of scan.problems) {
    if (p.kind !== 'orphan-object') continue;
    const age = (Date.now() - new Date(p.modified).getTime()) / 1000;
    if (p.job_id === null) report.kept.push({ key: p.key, reason: 'not under a job prefix' });
    else if (age < minAge) report.kept.push({ key: p.key, reason: `written ${Math.round(age)} s ago, less than ${minAge} s` });
    else {
      report.removed.push({ key: p.key, bytes: p.bytes, reason: p.reason });
      if (p.reason === 'no job') noJob.set(p.job_id, (noJob.get(p.job_id) ?? 0) + 1);
      else if (!dryRun) await removeKey(p.key);
    }
  }
  if (!dryRun) {
    for (const [jobId, old] of noJob) {
      // Whole only when every object under it is old enough; else the old ones alone.
      const all = scan.objects.filter((o) => o.key.startsWith(jobPrefix(jobId))).length;
      if (all === old) await ctx.objects.deletePrefix(jobPrefix(jobId));
      else for (const r of report.removed) if (r.key.startsWith(jobPrefix(jobId))) await removeKey(r.key);
    }
  }
  return report;
}
