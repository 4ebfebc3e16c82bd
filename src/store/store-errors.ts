import { RoothaanError } from '../errors';

/**
 * A job, group or checkpoint that does not exist (an unknown id, a missing object).
 *
 * @example
 * ```ts
 * await s.jobs.show('00000000-0000-4000-8000-000000000000'); // throws NotFoundError
 * ```
 */
export class NotFoundError extends RoothaanError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

/**
 * The current user may not change this job or group (it belongs to someone else).
 *
 * @example
 * ```ts
 * await s.groups.rename('3f1c2a9e-5b7d-4c1e-9a2b-0c4d6e8f1a2b', 'x'); // another user's group: throws StorePermissionError
 * ```
 */
export class StorePermissionError extends RoothaanError {
  constructor(message: string) {
    super('PERMISSION_DENIED', message);
  }
}

/**
 * The database or the object store cannot be reached (closed port, wrong host, no credentials).
 * The message names the endpoint (without passwords) and what to check.
 *
 * @example
 * ```ts
 * await open({ databaseUrl: 'postgres://u@127.0.0.1:1/x' }); // throws StoreUnavailableError
 * ```
 */
export class StoreUnavailableError extends RoothaanError {
  constructor(message: string) {
    super('STORE_UNAVAILABLE', message);
  }
}

/**
 * A stored object does not match its checkpoint row (checksum, size or format): the checkpoint
 * is corrupted and will not be used.
 *
 * @example
 * ```ts
 * await s.checkpoints.readArray(id, `${id}/densities/density_3.bin`); // a changed object: throws CheckpointCorruptError
 * ```
 */
export class CheckpointCorruptError extends RoothaanError {
  constructor(message: string) {
    super('CHECKPOINT_CORRUPT', message);
  }
}

/**
 * A database row with a column that cannot be read (see `skipped-rows.ts`).
 *
 * @example
 * ```ts
 * await s.jobs.show(id); // its parameters are '{not json': throws CorruptRowError ('job …: parameters is not valid JSON; …')
 * ```
 */
export class CorruptRowError extends RoothaanError {
  constructor(message: string) {
    super('ROW_CORRUPT', message);
  }
}

/**
 * A database error as the user's error when the database refused it for lack of rights
 * (PostgreSQL 42501: a missing grant or a row-level security policy, see `db-identity.ts`);
 * anything else as it is.
 *
 * @example
 * ```ts
 * permissionRefusal(err); // StorePermissionError: the database refused this: new row violates row-level security policy for table "jobs" …
 * ```
 */
export function permissionRefusal(err: unknown): unknown {
  const e = err as { code?: unknown; message?: unknown };
  if (err instanceof RoothaanError || e?.code !== '42501') return err;
  const why = String(e.message ?? '').replace(/^[\s\S]* - /, '');
  return new StorePermissionError(`the database refused this for your role: ${why}`);
}
