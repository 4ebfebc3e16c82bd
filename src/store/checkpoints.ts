import type { Knex } from 'knex';
import { StoreConflictError } from '../errors';
import type { Matrix } from '../linalg';
import { fromJson, isoNow, toDate, toNum } from './database';
import { checkUuid, type StoreContext } from './context';
import { sha256 } from './hash';
import { decodeNpy, encodeNpy, type NpyArray } from './npy';
import type { CheckpointKind, CheckpointRow } from './rows';
import { CheckpointCorruptError, NotFoundError } from './store-errors';

/** An object to commit: its bytes and what its checkpoint row says about it. */
export interface PreparedObject {
  key: string;
  kind: CheckpointKind;
  iteration: number | null;
  body: Buffer;
  sha256: string;
  dtype: string | null;
  shape: number[] | null;
}

/** An event row to commit with checkpoints. */
export interface EventInput {
  kind: string;
  name: string;
  metadata?: Record<string, unknown>;
}

/**
 * Prepares a matrix object: `.npy` bytes (RHF one matrix `[n, n]`, UHF alpha and beta stacked
 * `[2, n, n]`) and their SHA-256.
 *
 * @example
 * ```ts
 * const o = prepareMatrices(densityKey(id, 3), 'density', 3, [D]); // shape [n, n]
 * ```
 */
export function prepareMatrices(key: string, kind: CheckpointKind, iteration: number | null, matrices: readonly Matrix[]): PreparedObject {
  return prepareArray(key, kind, iteration, stackMatrices(matrices));
}

/** One matrix as an array of shape `[n, n]`, or UHF alpha and beta stacked as `[2, n, n]`. @example `stackMatrices([Da, Db]).shape // [2, n, n]` */
export function stackMatrices(matrices: readonly Matrix[]): NpyArray {
  const m0 = matrices[0]!;
  if (matrices.length === 1) return { shape: [m0.rows, m0.cols], data: m0.data };
  const data = new Float64Array(matrices.length * m0.data.length);
  matrices.forEach((m, s) => data.set(m.data, s * m0.data.length));
  return { shape: [matrices.length, m0.rows, m0.cols], data };
}

/** Prepares any float64 array object (see {@link prepareMatrices}). @example `prepareArray(key, 'eri', null, { shape: [3], data })` */
export function prepareArray(key: string, kind: CheckpointKind, iteration: number | null, array: NpyArray): PreparedObject {
  const body = encodeNpy(array);
  return { key, kind, iteration, body, sha256: sha256(body), dtype: '<f8', shape: [...array.shape] };
}

/** Prepares a text object (geometry files). @example `prepareText(geometryOrigKey(id), 'geometry-orig', text)` */
export function prepareText(key: string, kind: CheckpointKind, text: string): PreparedObject {
  const body = Buffer.from(text, 'utf8');
  return { key, kind, iteration: null, body, sha256: sha256(body), dtype: null, shape: null };
}

/** The row values of a prepared object. */
export function checkpointRowValues(jobId: string, attempt: number, o: PreparedObject): Record<string, unknown> {
  return {
    job_id: jobId,
    attempt,
    kind: o.kind,
    iteration: o.iteration,
    key: o.key,
    sha256: o.sha256,
    bytes: o.body.length,
    dtype: o.dtype,
    shape: o.shape === null ? null : JSON.stringify(o.shape),
    created_at: isoNow(),
  };
}

/**
 * The fence: in a transaction, checks that the job is still running under `attempt` (and
 * extends its lease); otherwise the writer is stale and nothing may be committed
 * ({@link StoreConflictError}).
 */
export async function fenceAttempt(trx: Knex, jobId: string, attempt: number, leaseSeconds: number): Promise<void> {
  const updated = await trx('jobs')
    .where({ id: jobId, attempt, status: 'running' })
    .update({ lease_expires_at: new Date(Date.now() + leaseSeconds * 1000).toISOString() });
  if (updated === 0) {
    const row = await trx('jobs').where({ id: jobId }).first(['status', 'attempt']);
    const now = row === undefined ? 'it was deleted' : `it is now ${row.status} at attempt ${row.attempt}`;
    throw new StoreConflictError(`job ${jobId}: attempt ${attempt} is no longer current (${now}); this process may commit nothing more`);
  }
}

/**
 * Commits checkpoint rows (and events) for objects already written, fenced by the attempt. A
 * row with the same key (left by an earlier, dead attempt) is replaced.
 */
export async function commitCheckpoints(
  ctx: StoreContext,
  jobId: string,
  attempt: number,
  objects: readonly PreparedObject[],
  events: readonly EventInput[] = [],
): Promise<void> {
  await ctx.knex.transaction(async (trx) => {
    await fenceAttempt(trx, jobId, attempt, ctx.config.leaseSeconds);
    if (objects.length > 0) {
      await trx('checkpoints')
        .insert(objects.map((o) => checkpointRowValues(jobId, attempt, o)))
        .onConflict(['job_id', 'key'])
        .merge(['attempt', 'kind', 'iteration', 'sha256', 'bytes', 'dtype', 'shape', 'created_at']);
    }
    if (events.length > 0) await trx('job_events').insert(events.map((e) => eventRowValues(jobId, attempt, e)));
  });
}

/** The row values of an event. */
export function eventRowValues(jobId: string, attempt: number, e: EventInput): Record<string, unknown> {
  return {
    job_id: jobId,
    attempt,
    kind: e.kind,
    name: e.name,
    metadata: e.metadata === undefined ? null : JSON.stringify(e.metadata, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)),
    created_at: isoNow(),
  };
}

/** Normalises a `checkpoints` row from either database. */
export function checkpointFromRow(r: Record<string, unknown>): CheckpointRow {
  return {
    id: toNum(r.id)!,
    job_id: String(r.job_id),
    attempt: toNum(r.attempt)!,
    kind: r.kind as CheckpointKind,
    iteration: toNum(r.iteration),
    key: String(r.key),
    sha256: String(r.sha256),
    bytes: toNum(r.bytes)!,
    dtype: (r.dtype as string | null) ?? null,
    shape: fromJson<number[]>(r.shape),
    created_at: toDate(r.created_at)!,
  };
}

/** The checkpoints part of a store: committed objects only. */
export interface CheckpointsApi {
  /** Every committed checkpoint of a job, by kind, then iteration, then key. */
  list(jobId: string): Promise<CheckpointRow[]>;
  /** The bytes of a committed object, checksum verified. Without a row: NotFoundError; mismatch: CheckpointCorruptError. */
  read(jobId: string, key: string): Promise<Buffer>;
  /** A committed `.npy` object, checksum verified and decoded. */
  readArray(jobId: string, key: string): Promise<NpyArray>;
}

/** Verifies bytes against their checkpoint row. */
export function verifyObject(row: CheckpointRow, body: Buffer): void {
  if (body.length !== row.bytes || sha256(body) !== row.sha256) {
    throw new CheckpointCorruptError(
      `the checkpoint '${row.key}' is corrupted: ${body.length} bytes with SHA-256 ${sha256(body).slice(0, 12)}…, ` +
        `but its row (attempt ${row.attempt}) records ${row.bytes} bytes with ${row.sha256.slice(0, 12)}…; it will not be used`,
    );
  }
}

/** The {@link CheckpointsApi} over a store context. */
export function checkpointsApi(ctx: StoreContext): CheckpointsApi {
  const row = async (jobId: string, key: string): Promise<CheckpointRow> => {
    const id = checkUuid(jobId, 'job id');
    const r = await ctx.knex('checkpoints').where({ job_id: id, key }).first();
    if (r === undefined) throw new NotFoundError(`job ${id} has no committed checkpoint '${key}'`);
    return checkpointFromRow(r);
  };
  const read = async (jobId: string, key: string): Promise<Buffer> => {
    const r = await row(jobId, key);
    let body: Buffer;
    try {
      body = await ctx.objects.get(r.key);
    } catch (err) {
      if (err instanceof NotFoundError) {
        throw new CheckpointCorruptError(`the checkpoint '${r.key}' has a row but its object is missing from ${ctx.objects.location}`);
      }
      throw err;
    }
    verifyObject(r, body);
    return body;
  };
  return {
    async list(jobId) {
      const id = checkUuid(jobId, 'job id');
      const rows = await ctx.knex('checkpoints').where({ job_id: id }).orderBy([{ column: 'kind' }, { column: 'iteration' }, { column: 'key' }]);
      return rows.map(checkpointFromRow);
    },
    read,
    async readArray(jobId, key) {
      return decodeNpy(await read(jobId, key), `the checkpoint '${key}'`);
    },
  };
}
