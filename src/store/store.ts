import { RoothaanError } from '../errors';
import { checkpointsApi, type CheckpointsApi } from './checkpoints';
import { resolveStoreConfig, type ResolvedStoreConfig, type StoreConfig } from './config';
import type { StoreContext } from './context';
import { connectDatabase, migrateLatest, openDatabase, unavailable, type Database } from './database';
import { createDirectoryObjectStore } from './directory-object-store';
import { groupsApi, type GroupsApi } from './groups';
import { jobsApi, type JobsApi } from './jobs';
import type { ObjectStore } from './object-store';
import { createS3ObjectStore } from './s3-object-store';
import { usersApi, type UsersApi } from './users';

/** An open job store: metadata in SQLite or PostgreSQL, matrices in a directory tree or S3. */
export interface Store {
  readonly config: ResolvedStoreConfig;
  /** The current user (an email address). */
  readonly user: string;
  /** The database connection (Knex). */
  readonly database: Database;
  readonly objects: ObjectStore;
  readonly jobs: JobsApi;
  readonly groups: GroupsApi;
  readonly users: UsersApi;
  readonly checkpoints: CheckpointsApi;
  /** Closes the database pool and the object store client. Safe to call twice. */
  close(): Promise<void>;
}

const contexts = new WeakMap<Store, StoreContext>();

/** The shared context of an open store (for running jobs, `run-job.ts`). */
export function storeContext(store: Store): StoreContext {
  const ctx = contexts.get(store);
  if (ctx === undefined) throw new RoothaanError('STORE_CLOSED', 'this store was not opened with store.open()');
  return ctx;
}

/**
 * Opens the job store: connects to the database, applies pending migrations, sets up the object
 * store and records a login for the current user, as configured ({@link resolveStoreConfig}:
 * SQLite and a directory under `./.roothaan` by default). An unreachable database is a
 * StoreUnavailableError (within `connectTimeoutMs`).
 *
 * @example
 * ```ts
 * const s = await store.open();
 * const job = await s.jobs.submit({ geometryText: xyz, filename: 'water.xyz', parameters: { basis_set: 'STO-3G' } });
 * await s.close();
 * ```
 */
export async function open(config: StoreConfig = {}, env: Readonly<Record<string, string | undefined>> = process.env): Promise<Store> {
  const configured = resolveStoreConfig(config, env);
  const db = await openDatabase(configured);
  // The user as the database sees it (the role's, under row-level security).
  const resolved: ResolvedStoreConfig = { ...configured, user: db.user };
  const objects: ObjectStore =
    resolved.objects.kind === 's3' ? createS3ObjectStore(resolved.objects.s3) : createDirectoryObjectStore(resolved.objects.directory);
  const ctx: StoreContext = { config: resolved, db, knex: db.knex, objects, user: resolved.user, ...(config.onSkippedRow !== undefined ? { onSkippedRow: config.onSkippedRow } : {}) };
  let closed = false;
  const store: Store = {
    config: resolved,
    user: resolved.user,
    database: db,
    objects,
    jobs: jobsApi(ctx),
    groups: groupsApi(ctx),
    users: usersApi(ctx),
    checkpoints: checkpointsApi(ctx),
    async close() {
      if (closed) return;
      closed = true;
      await ctx.writer?.close();
      objects.close();
      await db.knex.destroy();
    },
  };
  contexts.set(store, ctx);
  return store;
}

/**
 * Applies pending migrations without opening a store (`roothaan db migrate`); returns what it applied.
 *
 * @example
 * ```ts
 * await migrate(); // ['20260601000000_job_store.js'] on a new database
 * ```
 */
export async function migrate(config: StoreConfig = {}, env: Readonly<Record<string, string | undefined>> = process.env): Promise<{ applied: string[]; location: string }> {
  const resolved = resolveStoreConfig(config, env);
  const db = await connectDatabase(resolved);
  try {
    return { applied: await migrateLatest(db), location: db.location };
  } catch (err) {
    throw unavailable(db.dialect, err);
  } finally {
    await db.knex.destroy();
  }
}
