/**
 * Deleting a job safely, in three steps, each of which a crash may interrupt:
 *
 * 1. mark the job deleted (`jobs.deleted_at`, fenced on its attempt): from here on listings hide
 *    it, `jobs show` says it was deleted, and no process may claim it or commit to it;
 * 2. remove its objects (`<job-id>/…`);
 * 3. remove its rows (the job row, and by cascade its events, checkpoints and group memberships).
 *
 * A delete killed after step 1 leaves a marked row and some objects: `jobs delete` again, or
 * `roothaan db gc`, finishes it ({@link finishDelete}). A row that cannot be read (its
 * parameters are not JSON, …) can still be deleted: only its id, owner, attempt and lease are read.
 *
 * @packageDocumentation
 */
import { StoreConflictError } from '../errors';
import { checkUuid, type StoreContext } from './context';
import { jobPrefix } from './keys';
import { leaseState } from './lease';
import { markDeleted, remove } from './lifecycle';
import { NotFoundError, StorePermissionError } from './store-errors';
import { readJobRow, rowOptions, tables } from './tables';

/** Steps 2 and 3 for a job already marked deleted: its objects, then its rows. Returns how many objects were removed. @example `await finishDelete(ctx, id)` */
export async function finishDelete(ctx: StoreContext, jobId: string): Promise<number> {
  const objects = await ctx.objects.deletePrefix(jobPrefix(jobId));
  await remove(ctx, jobId);
  return objects;
}

/**
 * Deletes a job (see the module docs). Owner only; a job a live process runs must be stopped first.
 *
 * @example
 * ```ts
 * await deleteJob(ctx, id); // { objects: 39 }
 * ```
 */
export async function deleteJob(ctx: StoreContext, jobId: string): Promise<{ objects: number }> {
  const id = checkUuid(jobId, 'job id');
  const row = await tables.jobs(ctx.knex).where({ id }).first();
  if (row === undefined) throw new NotFoundError(`no job ${id} in the store (see \`roothaan jobs list\`)`);
  const owner = String(row.username);
  if (owner !== ctx.user) throw new StorePermissionError(`job ${id} belongs to ${owner}; ${ctx.user} may not delete it`);
  if (row.deleted_at === null || row.deleted_at === undefined) {
    // The lease as far as it can be read: a row with unreadable columns is not held by a live process.
    const { job, problems } = readJobRow(row, rowOptions(ctx.knex));
    const lease = leaseState(job);
    if (lease.live && !problems.some((p) => p.column.startsWith('lease_') || p.column === 'status')) {
      throw new StoreConflictError(`job ${id} is running (${lease.description}); stop it before deleting it`);
    }
    await markDeleted(ctx, id, row.attempt);
  }
  return { objects: await finishDelete(ctx, id) };
}
