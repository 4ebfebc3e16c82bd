/**
 * Recording a submitted job (internal): what `jobs.submit` writes, as a plain record, so that
 * the checkpoint writer thread can record it too (`runJob`, `runOnce`) while the SCF's thread
 * computes. Light: no SCF, no integral engine.
 *
 * @packageDocumentation
 */
import * as os from 'node:os';
import { checkpointRowValues, eventRowValues, prepareText, type PreparedObject } from './checkpoints';
import type { StoreContext } from './context';
import { isoNow } from './database';
import { addJobsToGroupTrx, groupsApi } from './groups';
import { getJob } from './job-rows';
import { geometryOrigKey, geometryXyzKey } from './keys';
import type { JobRow } from './rows';
import { StorePermissionError } from './store-errors';

/** A validated job, ready to record: the `jobs` row's values and its two geometry objects. */
export interface Submission {
  id: string;
  name: string | null;
  filename: string | null;
  format: string | null;
  units: string | null;
  formula: string;
  basisName: string;
  nbf: number;
  reference: string;
  geometrySha256: string;
  basisSha256: string;
  parametersSha256: string;
  parameters: Record<string, unknown>;
  /** The user's file as given. */
  geometryOrig: string;
  /** The molecule as XYZ (ångström). */
  geometryXyz: string;
  /** A group id or name of the submitting user's (created when a name is new). */
  group?: string;
}

/** A claim made together with the submission: the new job starts `running` at attempt 1. */
export interface SubmissionClaim {
  /** The lease owner (a UUID of this run). */
  owner: string;
}

/**
 * Records a submission: the geometry objects first, then (the commit point) in one transaction
 * the job row (`submitted`), its geometry checkpoint rows, the `submit` event and the group
 * membership — and, with a claim, the job's first attempt (`running`, a lease of this host and
 * pid, the `start` event). A group of another user is a StorePermissionError and records nothing.
 */
export async function recordSubmission(ctx: StoreContext, s: Submission, claim?: SubmissionClaim): Promise<JobRow> {
  const group = s.group !== undefined ? await groupsApi(ctx).ensure(s.group) : undefined;
  if (group !== undefined && group.username !== ctx.user) {
    throw new StorePermissionError(`the group '${group.name}' (${group.id}) belongs to ${group.username}; only its owner may add jobs to it`);
  }
  const objects: PreparedObject[] = [prepareText(geometryOrigKey(s.id), 'geometry-orig', s.geometryOrig), prepareText(geometryXyzKey(s.id), 'geometry-xyz', s.geometryXyz)];
  // Objects first; the rows below are the commit point.
  for (const o of objects) await ctx.objects.put(o.key, o.body);
  const now = isoNow();
  await ctx.knex.transaction(async (trx) => {
    await trx('jobs').insert({
      id: s.id,
      name: s.name,
      username: ctx.user,
      submitted_at: now,
      status: 'submitted',
      parameters: JSON.stringify(s.parameters),
      geometry_filename: s.filename,
      geometry_format: s.format,
      geometry_units: s.units,
      formula: s.formula,
      basis_name: s.basisName,
      nbf: s.nbf,
      reference: s.reference,
      geometry_sha256: s.geometrySha256,
      basis_sha256: s.basisSha256,
      parameters_sha256: s.parametersSha256,
      attempt: 0,
    });
    await trx('checkpoints').insert(objects.map((o) => checkpointRowValues(s.id, 0, o)));
    await trx('job_events').insert(
      eventRowValues(s.id, 0, { kind: 'submit', name: 'submitted', metadata: { formula: s.formula, basis: s.basisName, nbf: s.nbf, reference: s.reference } }),
    );
    if (group !== undefined) await addJobsToGroupTrx(trx, group.id, [s.id]);
    if (claim !== undefined) {
      await trx('jobs')
        .where({ id: s.id })
        .update({
          status: 'running',
          attempt: 1,
          lease_owner: claim.owner,
          lease_host: os.hostname(),
          lease_pid: process.pid,
          lease_expires_at: new Date(Date.now() + ctx.config.leaseSeconds * 1000).toISOString(),
          started_at: now,
        });
      await trx('job_events').insert(eventRowValues(s.id, 1, { kind: 'start', name: 'started', metadata: { host: os.hostname(), pid: process.pid } }));
    }
  });
  return getJob(ctx.knex, s.id);
}
