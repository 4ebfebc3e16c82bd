import { createHash } from 'node:crypto';
import { InvalidInputError } from '../errors';
import { decodeNpy, encodeNpy, type NpyArray } from '../io/npy';
import type { Matrix } from '../linalg';
import { checkUuid, type StoreContext } from './context';
import { checkpointFromRow, isoNow, tables, type CheckpointKind, type CheckpointRow, type Stored } from './tables';
import { CheckpointCorruptError, NotFoundError } from './store-errors';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

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

/** Arrays of one shape as one: a single one as it is, UHF α and β stacked as `[2, ...shape]` (a matrix `[n, n]`, a vector `[m]`). @example `stack([Da.data, Db.data], [n, n]).shape // [2, n, n]` */
export function stack(parts: readonly Float64Array[], shape: readonly number[]): NpyArray {
  if (parts.length === 1) return { shape: [...shape], data: parts[0]! };
  const size = parts[0]!.length;
  const data = new Float64Array(parts.length * size);
  parts.forEach((p, s) => data.set(p, s * size));
  return { shape: [parts.length, ...shape], data };
}

/** One matrix as an array of shape `[n, n]`, or UHF alpha and beta stacked as `[2, n, n]`. @example `stackMatrices([Da, Db]).shape // [2, n, n]` */
export const stackMatrices = (matrices: readonly Matrix[]): NpyArray => stack(matrices.map((m) => m.data), [matrices[0]!.rows, matrices[0]!.cols]);

/** The parts of a {@link stack} of parts of `rank` dimensions, and their shape; another shape is a CheckpointCorruptError. @example `unstack(stack([a, b], [3]), 1, 'energies').parts.length // 2` */
export function unstack(a: NpyArray, rank: 1 | 2, what: string): { parts: Float64Array[]; shape: number[] } {
  if (a.shape.length === rank) return { parts: [a.data], shape: [...a.shape] };
  if (a.shape.length !== rank + 1) throw new CheckpointCorruptError(`${what} has shape (${a.shape.join(', ')}), expected a ${rank === 2 ? 'matrix' : 'vector'} or a stack of two`);
  const [ns, ...shape] = a.shape as [number, ...number[]];
  const size = shape.reduce((n, x) => n * x, 1);
  return { parts: Array.from({ length: ns }, (_, s) => a.data.slice(s * size, (s + 1) * size)), shape };
}

/** The matrices of an array: `[n, n]` is one, `[2, n, n]` UHF alpha and beta. @example `unstackMatrices(stackMatrices([Da, Db]), 'D').length // 2` */
export function unstackMatrices(a: NpyArray, what: string): Matrix[] {
  const { parts, shape } = unstack(a, 2, what);
  return parts.map((data) => ({ rows: shape[0]!, cols: shape[1]!, data }));
}

/** Prepares a float64 array object: `.npy` bytes and their SHA-256. @example `prepareArray(key, 'eri', null, { shape: [3], data })` */
export function prepareArray(key: string, kind: CheckpointKind, iteration: number | null, array: NpyArray): PreparedObject {
  const body = encodeNpy(array);
  return { key, kind, iteration, body, sha256: sha256(body), dtype: '<f8', shape: [...array.shape] };
}

/** Prepares a text object (geometry files). @example `prepareText(geometryOrigKey(id), 'geometry-orig', text)` */
export function prepareText(key: string, kind: CheckpointKind, text: string): PreparedObject {
  const body = Buffer.from(text, 'utf8');
  return { key, kind, iteration: null, body, sha256: sha256(body), dtype: null, shape: null };
}

/** The stored values of a prepared object's checkpoint row. */
export function checkpointValues(jobId: string, attempt: number, o: PreparedObject): Omit<Stored<CheckpointRow>, 'id'> {
  return {
    job_id: jobId, attempt, kind: o.kind, iteration: o.iteration, key: o.key, sha256: o.sha256, bytes: o.body.length, dtype: o.dtype,
    shape: o.shape === null ? null : JSON.stringify(o.shape), created_at: isoNow(),
  };
}

/** The bytes of a committed object, size and checksum verified; a missing object is a CheckpointCorruptError. @example `await readObject(ctx, row)` */
export async function readObject(ctx: StoreContext, row: CheckpointRow): Promise<Buffer> {
  let body: Buffer;
  try {
    body = await ctx.objects.get(row.key);
  } catch (err) {
    if (err instanceof NotFoundError) throw new CheckpointCorruptError(`the checkpoint '${row.key}' has a row but its object is missing from ${ctx.objects.location}`);
    throw err;
  }
  const why = checksumProblem(body, row);
  if (why !== undefined) throw new CheckpointCorruptError(`the checkpoint '${row.key}' is corrupted: ${why} (attempt ${row.attempt}); it will not be used`);
  return body;
}

/** Why an object's bytes are not those its row records (size or SHA-256), or undefined. @example `checksumProblem(body, row) // '16 bytes with SHA-256 1f2e…, its row records 24 bytes with 9a8b…'` */
export function checksumProblem(body: Buffer, row: { bytes: number; sha256: string }): string | undefined {
  const hash = sha256(body);
  if (body.length === row.bytes && hash === row.sha256) return undefined;
  return `${body.length} bytes with SHA-256 ${hash.slice(0, 12)}…, its row records ${row.bytes} bytes with ${row.sha256.slice(0, 12)}…`;
}

/** A committed `.npy` object, checksum verified and decoded; one that does not decode is a CheckpointCorruptError. @example `await readArray(ctx, row)` */
export async function readArray(ctx: StoreContext, row: CheckpointRow): Promise<NpyArray> {
  const body = await readObject(ctx, row);
  try {
    return decodeNpy(body, `the checkpoint '${row.key}'`);
  } catch (err) {
    throw err instanceof InvalidInputError ? new CheckpointCorruptError(err.message) : err;
  }
}

/** Every committed checkpoint row of a job, by kind, then iteration, then key. @example `await checkpointRows(ctx, id)` */
export async function checkpointRows(ctx: StoreContext, jobId: string): Promise<CheckpointRow[]> {
  const rows = await tables.checkpoints(ctx.knex).where({ job_id: jobId }).orderBy([{ column: 'kind' }, { column: 'iteration' }, { column: 'key' }]);
  return rows.map(checkpointFromRow);
}

/** The iteration of a job's highest committed density, or null. @example `lastDensityIteration(await checkpointRows(ctx, id)) // 3` */
export function lastDensityIteration(rows: readonly CheckpointRow[]): number | null {
  const iterations = rows.flatMap((r) => (r.kind === 'density' && r.iteration !== null ? [r.iteration] : []));
  return iterations.length > 0 ? Math.max(...iterations) : null;
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

/** The {@link CheckpointsApi} over a store context. */
export function checkpointsApi(ctx: StoreContext): CheckpointsApi {
  const row = async (jobId: string, key: string): Promise<CheckpointRow> => {
    const id = checkUuid(jobId, 'job id');
    const r = await tables.checkpoints(ctx.knex).where({ job_id: id, key }).first();
    if (r === undefined) throw new NotFoundError(`job ${id} has no committed checkpoint '${key}'`);
    return checkpointFromRow(r);
  };
  return {
    list: async (jobId) => checkpointRows(ctx, checkUuid(jobId, 'job id')),
    read: async (jobId, key) => readObject(ctx, await row(jobId, key)),
    readArray: async (jobId, key) => readArray(ctx, await row(jobId, key)),
  };
}
