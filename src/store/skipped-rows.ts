/**
 * Rows that cannot be read are that row's problem, not the store's: a listing (`jobs list`,
 * `groups show`, a group's progress, a worker looking for work) skips each such row and names it
 * through the store's `onSkippedRow` (by default one line on stderr), and goes on with the rest.
 * `roothaan db check` lists them all; `roothaan jobs delete` removes one.
 *
 * @packageDocumentation
 */
import type { StoreContext } from './context';
import { problemText, readJobRow, type JobRow, type SkippedRow, type Stored } from './tables';

export type { SkippedRow } from './tables';

/**
 * A skipped row in words, with the job id shortened as listings show it.
 *
 * @example
 * ```ts
 * skippedRowText({ table: 'jobs', id: '3f2a9c1e-…', problems: [{ column: 'parameters', problem: 'is not valid JSON' }] });
 * // 'skipped job 3f2a9c1e…: parameters is not valid JSON (see `roothaan db check`)'
 * ```
 */
export function skippedRowText(s: SkippedRow): string {
  return `skipped job ${s.id.slice(0, 8)}…: ${problemText(s.problems)} (see \`roothaan db check\`)`;
}

/** What a store does with a skipped row when it was opened without `onSkippedRow`: one line on stderr. */
export function reportOnStderr(s: SkippedRow): void {
  process.stderr.write(`roothaan: ${skippedRowText(s)}\n`);
}

/** The readable job rows of a listing, in order; each unreadable one is reported and left out. @example `readableJobs(ctx, await q)` */
export function readableJobs(ctx: StoreContext, rows: ReadonlyArray<Stored<JobRow>>): JobRow[] {
  const out: JobRow[] = [];
  for (const r of rows) {
    const { job, problems } = readJobRow(r, { jsonParsed: ctx.db.client === 'pg' });
    if (problems.length === 0) out.push(job);
    else (ctx.onSkippedRow ?? reportOnStderr)({ table: 'jobs', id: String(r.id), problems });
  }
  return out;
}
