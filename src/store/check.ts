/**
 * `roothaan db check`: every inconsistency between the database and the object store: an
 * **unreadable row** (`skipped-rows.ts`); a **missing object** (a checkpoint row without its
 * object); a **checksum mismatch** (size or SHA-256 differs from the row's); an **orphan object**
 * (under no job's prefix, or a job's object without a row, unless a live process is writing it);
 * a **deleted job** whose delete did not finish (`delete-job.ts`). `db gc` (`gc.ts`) removes the
 * orphans and finishes the deletes.
 *
 * @packageDocumentation
 */
import { checksumProblem } from './checkpoints';
import { isUuid, type StoreContext } from './context';
import { checkAdmin } from './db-admin';
import { leaseState } from './lease';
import type { StoredObject } from './object-store';
import { NotFoundError } from './store-errors';
import { storeContext, type Store } from './store';
import { problemText, readCheckpointRow, readEventRow, readJobRow, rowOptions, tables } from './tables';

/** One inconsistency (see the module docs). Keys are object keys (`<job-id>/…`). */
export type StoreProblem =
  | { kind: 'unreadable-row'; table: 'jobs' | 'checkpoints' | 'job_events'; job_id: string; key: string | null; problem: string }
  | { kind: 'missing-object'; job_id: string; key: string }
  | { kind: 'checksum-mismatch'; job_id: string; key: string; problem: string }
  | { kind: 'orphan-object'; job_id: string | null; key: string; bytes: number; modified: string; reason: 'no job' | 'no checkpoint row' }
  | { kind: 'deleted-job'; job_id: string; objects: number };

/** What {@link checkStore} found. */
export interface StoreCheck {
  /** Where it looked (database, object store). */
  database: string;
  objectStore: string;
  /** How many job rows, checkpoint rows and objects it read. */
  jobs: number;
  checkpoints: number;
  objects: number;
  problems: StoreProblem[];
}

/** What a scan of the store sees, shared by `db check` and `db gc`. */
export interface StoreScan {
  /** Every job id with whether it is marked deleted and whether a live process holds it. */
  jobs: Map<string, { deleted: boolean; live: boolean }>;
  /** Keys with a checkpoint row, by key. */
  rows: Map<string, { job_id: string; sha256: string; bytes: number }>;
  objects: StoredObject[];
  problems: StoreProblem[];
}

/** The job a key belongs to: its first segment when that is a UUID, else null. */
export const jobOfKey = (key: string): string | null => {
  const first = key.split('/')[0]!;
  return isUuid(first) ? first.toLowerCase() : null;
};

/** Reads the rows and lists the objects, and finds every problem but checksum mismatches. */
export async function scanStore(ctx: StoreContext): Promise<StoreScan> {
  // Row-level security would show a user's role only its own rows: every other job's objects
  // would look orphaned (and db gc would remove them). Both commands need the whole store.
  await checkAdmin(ctx.db, 'roothaan db check and db gc', false);
  const problems: StoreProblem[] = [];
  const jobs = new Map<string, { deleted: boolean; live: boolean }>();
  for (const r of await tables.jobs(ctx.knex).orderBy('id')) {
    const id = String(r.id);
    const { job, problems: bad } = readJobRow(r, rowOptions(ctx.knex));
    if (bad.length > 0) problems.push({ kind: 'unreadable-row', table: 'jobs', job_id: id, key: null, problem: problemText(bad) });
    jobs.set(id, { deleted: r.deleted_at !== null && r.deleted_at !== undefined, live: bad.length === 0 && leaseState(job).live });
  }
  const rows = new Map<string, { job_id: string; sha256: string; bytes: number }>();
  for (const r of await tables.checkpoints(ctx.knex).orderBy('id')) {
    const { row, problems: bad } = readCheckpointRow(r);
    if (bad.length > 0) problems.push({ kind: 'unreadable-row', table: 'checkpoints', job_id: String(r.job_id), key: String(r.key), problem: problemText(bad) });
    rows.set(String(r.key), { job_id: String(r.job_id), sha256: String(r.sha256), bytes: row.bytes });
  }
  for (const r of await tables.events(ctx.knex).orderBy('id')) {
    const { problems: bad } = readEventRow(r);
    if (bad.length > 0) problems.push({ kind: 'unreadable-row', table: 'job_events', job_id: String(r.job_id), key: null, problem: `event ${String(r.id)}: ${problemText(bad)}` });
  }
  const objects = await ctx.objects.listDetailed('');
  const listed = new Set(objects.map((o) => o.key));
  for (const [key, row] of rows) {
    if (!listed.has(key) && !jobs.get(row.job_id)?.deleted) problems.push({ kind: 'missing-object', job_id: row.job_id, key });
  }
  const leftOfDeleted = new Map<string, number>();
  for (const o of objects) {
    const jobId = jobOfKey(o.key);
    const job = jobId === null ? undefined : jobs.get(jobId);
    if (job?.deleted) leftOfDeleted.set(jobId!, (leftOfDeleted.get(jobId!) ?? 0) + 1);
    else if (job === undefined) problems.push({ kind: 'orphan-object', job_id: jobId, key: o.key, bytes: o.bytes, modified: o.modified.toISOString(), reason: 'no job' });
    else if (!rows.has(o.key) && !job.live) problems.push({ kind: 'orphan-object', job_id: jobId, key: o.key, bytes: o.bytes, modified: o.modified.toISOString(), reason: 'no checkpoint row' });
  }
  for (const [id, job] of jobs) if (job.deleted) problems.push({ kind: 'deleted-job', job_id: id, objects: leftOfDeleted.get(id) ?? 0 });
  return { jobs, rows, objects, problems };
}

/**
 * Checks the whole store (see the module docs): reads every job and checkpoint row, lists every
 * object, and reads every object that has a row to compare its size and SHA-256.
 *
 * @example
 * ```ts
 * const { problems } = await store.checkStore(s);
 * problems.length; // 0 on a consistent store
 * ```
 */
export async function checkStore(store: Store): Promise<StoreCheck> {
  const ctx = storeContext(store);
  const scan = await scanStore(ctx);
  const listed = new Map(scan.objects.map((o) => [o.key, o]));
  for (const [key, row] of scan.rows) {
    if (!listed.has(key)) continue;
    let body: Buffer;
    try {
      body = await ctx.objects.get(key);
    } catch (err) {
      if (err instanceof NotFoundError) continue; // removed since the listing
      throw err;
    }
    const problem = checksumProblem(body, row);
    if (problem !== undefined) scan.problems.push({ kind: 'checksum-mismatch', job_id: row.job_id, key, problem });
  }
  return {
    database: ctx.db.location,
    objectStore: ctx.objects.location,
    jobs: scan.jobs.size,
    checkpoints: scan.rows.size,
    objects: scan.objects.length,
    problems: scan.problems,
  };
}

/**
 * One problem in words, for `db check`.
 *
 * @example
 * ```ts
 * storeProblemText({ kind: 'missing-object', job_id: id, key: `${id}/overlap.bin` }); // 'missing object  …/overlap.bin: its checkpoint row has no object'
 * ```
 */
export function storeProblemText(p: StoreProblem): string {
  switch (p.kind) {
    case 'unreadable-row':
      return `unreadable row   ${p.table === 'checkpoints' ? `checkpoint ${p.key}` : `job ${p.job_id}`}: ${p.problem}`;
    case 'missing-object':
      return `missing object   ${p.key}: its checkpoint row has no object`;
    case 'checksum-mismatch':
      return `checksum         ${p.key}: ${p.problem}`;
    case 'orphan-object':
      return `orphan object    ${p.key}: ${p.reason === 'no job' ? 'no job has this id' : 'its job has no checkpoint row for it'} (${p.bytes} bytes, written ${p.modified})`;
    case 'deleted-job':
      return `deleted job      ${p.job_id}: marked deleted, ${p.objects} object(s) and its rows left (\`roothaan db gc\` finishes it)`;
  }
}
