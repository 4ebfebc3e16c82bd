/**
 * The job store's tables: typed rows as the application sees them, typed Knex tables of the
 * rows as stored, and one mapper per table from the stored row to the application row. Both
 * databases are read through the same mappers: a timestamp arrives as a `Date` (PostgreSQL) or
 * ISO text (SQLite), JSON parsed (PostgreSQL) or as text (SQLite), a boolean as `true` or `1`,
 * a big integer as a number or as text; the mappers accept either. Everything is written the
 * same way on both: timestamps as ISO-8601 UTC text, JSON as text. See `migrations/`.
 *
 * @packageDocumentation
 */
import type { Knex } from 'knex';
import type { JobEvent, JobEventInput, JobEventKind } from './events';
import { CorruptRowError } from './store-errors';
import { fromStored, jsonType, problemText, readStored, type Columns, type RowProblem } from './stored-columns';

export type { RowProblem, SkippedRow } from './stored-columns';
export { problemText } from './stored-columns';

/** How a user signed in: through the site's SSO (Google, UBC) or locally. */
export type SsoProvider = 'google' | 'UBC' | 'local';

/** The SSO values the `users.sso` column accepts. */
export const SSO_PROVIDERS: readonly SsoProvider[] = ['google', 'UBC', 'local'];

/** A job's life: submitted → running → done | failed | stopped (failed and stopped can resume). */
export type JobStatus = 'submitted' | 'running' | 'failed' | 'stopped' | 'done';

/** The statuses the `jobs.status` column accepts. */
export const JOB_STATUSES: readonly JobStatus[] = ['submitted', 'running', 'failed', 'stopped', 'done'];

/** What a checkpoint object holds. */
export type CheckpointKind = 'geometry-orig' | 'geometry-xyz' | 'overlap' | 'core-hamiltonian' | 'initial-guess' | 'eri' | 'fock' | 'density' | 'orbitals';

/** A row of `users`. */
export interface UserRow {
  /** An email address. */
  username: string;
  sso: SsoProvider;
  created_at: Date;
  last_login: Date | null;
  login_count: number;
  /** The PostgreSQL role this user connects as on a shared store (`roothaan db add-user`), else null. */
  db_role: string | null;
}

/** A row of `jobs`. Energies in hartree, times in seconds, memory in bytes. */
export interface JobRow {
  id: string;
  name: string | null;
  username: string;
  submitted_at: Date;
  /** The start of the first run. */
  started_at: Date | null;
  /** The end of the last run. */
  finished_at: Date | null;
  status: JobStatus;
  /** The SCF parameters as given (data-model JSON, snake_case). */
  parameters: Record<string, unknown>;
  geometry_filename: string | null;
  geometry_format: string | null;
  /** Units the geometry text was read in when given explicitly ('angstrom' | 'bohr'), else null. */
  geometry_units: string | null;
  formula: string | null;
  basis_name: string | null;
  nbf: number | null;
  reference: string | null;
  geometry_sha256: string;
  basis_sha256: string | null;
  parameters_sha256: string;
  /** Number of the current (or last) run; 0 before the first. */
  attempt: number;
  lease_owner: string | null;
  lease_host: string | null;
  lease_pid: number | null;
  lease_expires_at: Date | null;
  /** Where `lease_pid` means something: boot id and PID-namespace inode (`lease.pidNamespace`); null on rows from before. */
  lease_pid_namespace: string | null;
  error: string | null;
  /** Total energy of the last iteration, hartree. */
  energy: number | null;
  iterations: number | null;
  converged: boolean | null;
  wall_time_s: number | null;
  cpu_time_s: number | null;
  peak_memory_bytes: number | null;
  /** When `jobs delete` marked the job deleted (its objects and rows are then removed), else null. */
  deleted_at: Date | null;
}

/** A row of `job_groups`. */
export interface JobGroupRow {
  id: string;
  /** The owner: only they may change the group. */
  username: string;
  name: string;
  created_at: Date;
}

/** A row of `job_group_jobs`. */
export interface JobGroupJobRow {
  job_id: string;
  group_id: string;
}

/** A row of `job_events` (see `events.ts`). */
export type JobEventRow = JobEvent;

/** A row of `checkpoints`: one per committed object. */
export interface CheckpointRow {
  id: number;
  job_id: string;
  attempt: number;
  kind: CheckpointKind;
  /** SCF iteration for fock/density (0 for the initial guess), else null. */
  iteration: number | null;
  /** Object key, `<job-id>/…`. */
  key: string;
  /** Hex SHA-256 of the object's bytes. */
  sha256: string;
  bytes: number;
  /** `<f8` for matrices, null for text. */
  dtype: string | null;
  shape: number[] | null;
  created_at: Date;
}

/** A column as either database stores it (see the module docs). */
type StoredColumn<T> = T extends Date ? Date | string : T extends boolean ? boolean | number : T extends number ? number | string : T extends object ? T | string : T;

/** A row as stored. */
export type Stored<Row> = { [K in keyof Row]: StoredColumn<Row[K]> };

/** A `job_events` row as stored. */
export type StoredEvent = { id: number | string; job_id: string; attempt: number | string; kind: JobEventKind; name: string; metadata: string | object | null; created_at: Date | string };

/**
 * The tables, typed by their stored rows (in a transaction too: pass the `trx`).
 *
 * @example
 * ```ts
 * const row = await tables.jobs(s.database.knex).where({ id }).first(); // a stored jobs row, or undefined
 * ```
 */
export const tables = {
  users: (db: Knex) => db<Stored<UserRow>>('users'),
  jobs: (db: Knex) => db<Stored<JobRow>>('jobs'),
  groups: (db: Knex) => db<Stored<JobGroupRow>>('job_groups'),
  groupJobs: (db: Knex) => db<JobGroupJobRow>('job_group_jobs'),
  events: (db: Knex) => db<StoredEvent>('job_events'),
  checkpoints: (db: Knex) => db<Stored<CheckpointRow>>('checkpoints'),
};

/** Timestamps are written as ISO-8601 UTC text on both databases. @example `isoNow() // '2026-06-01T12:00:00.000Z'` */
export function isoNow(): string {
  return new Date().toISOString();
}

const USER: Columns = { created_at: 'date', last_login: 'date', login_count: 'number' };
const JOB: Columns = {
  submitted_at: 'date', started_at: 'date', finished_at: 'date', lease_expires_at: 'date', parameters: 'json', nbf: 'number', attempt: 'number',
  lease_pid: 'number', energy: 'number', iterations: 'number', wall_time_s: 'number', cpu_time_s: 'number', peak_memory_bytes: 'number', converged: 'boolean',
  deleted_at: 'date',
};
const GROUP: Columns = { created_at: 'date' };
const EVENT: Columns = { id: 'number', attempt: 'number', metadata: 'json', created_at: 'date' };
const CHECKPOINT: Columns = { id: 'number', attempt: 'number', iteration: 'number', bytes: 'number', shape: 'json', created_at: 'date' };

/** How a row arrived: `jsonParsed` when the driver parsed its JSON columns (PostgreSQL), so a string in one is a JSON string. */
export interface RowOptions {
  jsonParsed?: boolean;
}

/** The {@link RowOptions} of rows read through this Knex (PostgreSQL parses JSON columns; SQLite returns their text). @example `jobFromRow(row, rowOptions(knex))` */
export function rowOptions(knex: Knex): RowOptions {
  return { jsonParsed: (knex.client as { config?: { client?: unknown } }).config?.client === 'pg' };
}

/** A `users` row. */
export const userFromRow = (r: Stored<UserRow>): UserRow => fromStored(r, USER, 'user');

/**
 * A `jobs` row read as far as it can be: each column that cannot be read (parameters not a JSON
 * object, a timestamp or number that is none, an unknown status) is named in `problems` (null in
 * `job`, the parameters `{}`); see `skipped-rows.ts`.
 *
 * @example
 * ```ts
 * readJobRow({ ...row, parameters: '{not json' }).problems; // [{ column: 'parameters', problem: 'is not valid JSON' }]
 * ```
 */
export function readJobRow(r: Stored<JobRow>, options: RowOptions = {}): { job: JobRow; problems: RowProblem[] } {
  const { row: job, problems } = readStored<JobRow>(r, JOB, options.jsonParsed === true);
  const p: unknown = job.parameters;
  if (p !== null && (typeof p !== 'object' || Array.isArray(p))) {
    problems.push({ column: 'parameters', problem: `is not a JSON object (it is ${jsonType(p)})` });
    job.parameters = {};
  }
  if (r.status !== undefined && !(JOB_STATUSES as readonly unknown[]).includes(r.status)) problems.push({ column: 'status', problem: `'${String(r.status)}' is not a job status` });
  job.parameters ??= {};
  return { job, problems };
}

/** A `jobs` row (the parameters `{}` when absent); a row with a column that cannot be read is a CorruptRowError saying which. */
export const jobFromRow = (r: Stored<JobRow>, options?: RowOptions): JobRow => {
  const { job, problems } = readJobRow(r, typeof options === 'object' ? options : {});
  if (problems.length > 0) {
    throw new CorruptRowError(`job ${String(r.id)}: ${problemText(problems)}; it cannot be shown or run (\`roothaan jobs delete\` removes it, \`roothaan db check\` lists every such row)`);
  }
  return job;
};
/** A `job_groups` row. */
export const groupFromRow = (r: Stored<JobGroupRow>): JobGroupRow => fromStored(r, GROUP, 'group');
/** A `job_events` row. */
export const eventFromRow = (r: StoredEvent): JobEvent => fromStored(r, EVENT, 'event');
/** A `job_events` row read as far as it can be, with the columns that cannot be read (see {@link readJobRow}). */
export const readEventRow = (r: StoredEvent): { row: JobEvent; problems: RowProblem[] } => readStored(r, EVENT);
/** A `checkpoints` row read as far as it can be, with the columns that cannot be read (see {@link readJobRow}). */
export const readCheckpointRow = (r: Stored<CheckpointRow>): { row: CheckpointRow; problems: RowProblem[] } => readStored(r, CHECKPOINT);
/** A `checkpoints` row. */
export const checkpointFromRow = (r: Stored<CheckpointRow>): CheckpointRow => fromStored(r, CHECKPOINT, 'checkpoint');

/**
 * JSON text of a value with every non-finite number (NaN, ±Infinity) as `null`, as `JSON.stringify`
 * writes them in arrays: JSON has no such numbers, and a string ("NaN") would change the field's type.
 *
 * @example
 * ```ts
 * storedJson({ delta_e: NaN, energy: -74.9 }); // '{"delta_e":null,"energy":-74.9}'
 * ```
 */
export function storedJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
}

/** The stored values of an event to record (non-finite numbers as `null`, see {@link storedJson}). */
export function eventValues(jobId: string, attempt: number, e: JobEventInput): Omit<StoredEvent, 'id'> {
  const metadata = storedJson(e.metadata);
  return { job_id: jobId, attempt, kind: e.kind, name: e.name, metadata, created_at: isoNow() };
}
