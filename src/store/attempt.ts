/**
 * The end of a job's attempt (internal; light, used on the checkpoint writer thread).
 *
 * @packageDocumentation
 */
import type { Knex } from 'knex';
import { StoreConflictError } from '../errors';
import { eventRowValues, type EventInput } from './checkpoints';
import { isoNow } from './database';
import type { JobStatus } from './rows';

/**
 * Ends an attempt: the job's status, result and efficiency figures, and its event, in one
 * transaction fenced on the attempt (a StoreConflictError when it is no longer current).
 */
export async function finishAttempt(knex: Knex, jobId: string, attempt: number, status: JobStatus, values: Record<string, unknown>, ev: EventInput): Promise<void> {
  await knex.transaction(async (trx) => {
    const n = await trx('jobs')
      .where({ id: jobId, attempt, status: 'running' })
      .update({ ...values, status, finished_at: isoNow(), lease_owner: null, lease_host: null, lease_pid: null, lease_expires_at: null });
    if (n === 0) throw new StoreConflictError(`job ${jobId}: attempt ${attempt} is no longer current; its result was not recorded`);
    await trx('job_events').insert(eventRowValues(jobId, attempt, ev));
  });
}
