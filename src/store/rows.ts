/**
 * Typed rows of the job store's tables, as the application sees them (after normalising the
 * differences between SQLite and PostgreSQL: JSON parsed, timestamps as `Date`, booleans as
 * `boolean`, big integers as `number`). See `migrations/` for the schema.
 *
 * @packageDocumentation
 */

/** How a user signed in: through the site's SSO (Google, UBC) or locally. */
export type SsoProvider = 'google' | 'UBC' | 'local';

/** The SSO values the `users.sso` column accepts. */
export const SSO_PROVIDERS: readonly SsoProvider[] = ['google', 'UBC', 'local'];

/** A job's life: submitted → running → done | failed | stopped (failed and stopped can resume). */
export type JobStatus = 'submitted' | 'running' | 'failed' | 'stopped' | 'done';

/** The statuses the `jobs.status` column accepts. */
export const JOB_STATUSES: readonly JobStatus[] = ['submitted', 'running', 'failed', 'stopped', 'done'];

/** A row of `users`. */
export interface UserRow {
  /** An email address. */
  username: string;
  sso: SsoProvider;
  created_at: Date;
  last_login: Date | null;
  login_count: number;
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
  error: string | null;
  /** Total energy of the last iteration, hartree. */
  energy: number | null;
  iterations: number | null;
  converged: boolean | null;
  wall_time_s: number | null;
  cpu_time_s: number | null;
  peak_memory_bytes: number | null;
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

/** A row of `job_events`: one per pipeline step and per SCF iteration. */
export interface JobEventRow {
  id: number;
  job_id: string;
  attempt: number;
  /** geometry, basis, integrals, guess, iteration, analysis, complete, error, stop, resume. */
  kind: string;
  name: string;
  metadata: Record<string, unknown> | null;
  created_at: Date;
}

/** What a checkpoint object holds. */
export type CheckpointKind =
  | 'geometry-orig'
  | 'geometry-xyz'
  | 'overlap'
  | 'core-hamiltonian'
  | 'initial-guess'
  | 'eri'
  | 'fock'
  | 'density';

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
