/**
 * Job rows as both databases return them, and the checks every part of the store makes on them
 * (internal; light, so the checkpoint writer thread loads it without the SCF).
 *
 * @packageDocumentation
 */
import type { Knex } from 'knex';
import { checkUuid, type StoreContext } from './context';
import { fromJson, toBool, toDate, toNum } from './database';
import type { JobRow, JobStatus } from './rows';
import { NotFoundError, StorePermissionError } from './store-errors';

/** Normalises a `jobs` row from either database. */
export function jobFromRow(r: Record<string, unknown>): JobRow {
  return {
    id: String(r.id),
    name: (r.name as string | null) ?? null,
    username: String(r.username),
    submitted_at: toDate(r.submitted_at)!,
    started_at: toDate(r.started_at),
    finished_at: toDate(r.finished_at),
    status: r.status as JobStatus,
    parameters: fromJson<Record<string, unknown>>(r.parameters) ?? {},
    geometry_filename: (r.geometry_filename as string | null) ?? null,
    geometry_format: (r.geometry_format as string | null) ?? null,
    geometry_units: (r.geometry_units as string | null) ?? null,
    formula: (r.formula as string | null) ?? null,
    basis_name: (r.basis_name as string | null) ?? null,
    nbf: toNum(r.nbf),
    reference: (r.reference as string | null) ?? null,
    geometry_sha256: String(r.geometry_sha256),
    basis_sha256: (r.basis_sha256 as string | null) ?? null,
    parameters_sha256: String(r.parameters_sha256),
    attempt: toNum(r.attempt) ?? 0,
    lease_owner: (r.lease_owner as string | null) ?? null,
    lease_host: (r.lease_host as string | null) ?? null,
    lease_pid: toNum(r.lease_pid),
    lease_expires_at: toDate(r.lease_expires_at),
    error: (r.error as string | null) ?? null,
    energy: toNum(r.energy),
    iterations: toNum(r.iterations),
    converged: toBool(r.converged),
    wall_time_s: toNum(r.wall_time_s),
    cpu_time_s: toNum(r.cpu_time_s),
    peak_memory_bytes: toNum(r.peak_memory_bytes),
  };
}

/** A job row by id (checked), or NotFoundError. */
export async function getJob(knex: Knex, jobId: string): Promise<JobRow> {
  const id = checkUuid(jobId, 'job id');
  const row = await knex('jobs').where({ id }).first();
  if (row === undefined) throw new NotFoundError(`no job ${id} in the store (see \`roothaan jobs list\`)`);
  return jobFromRow(row);
}

/** Throws StorePermissionError unless the current user owns the job. */
export function checkJobOwner(ctx: StoreContext, job: JobRow, action: string): void {
  if (job.username !== ctx.user) {
    throw new StorePermissionError(`job ${job.id} belongs to ${job.username}; ${ctx.user} may not ${action} it`);
  }
}
