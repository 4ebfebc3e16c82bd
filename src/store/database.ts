import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Knex } from 'knex';
import { redactUrl, type ResolvedStoreConfig } from './config';
import { StoreUnavailableError } from './store-errors';

/**
 * The directory of the Knex migrations: the package's top-level `migrations/`, found from
 * `src/store` (tests, tsx) and from `dist/store` (the installed package) alike.
 */
export const MIGRATIONS_DIRECTORY = path.resolve(__dirname, '..', '..', 'migrations');

/** A connected database and what it is, for messages. */
export interface Database {
  readonly knex: Knex;
  readonly client: 'sqlite' | 'pg';
  /** Where it is (file or URL without password). */
  readonly location: string;
}

/**
 * Connects to the configured database (SQLite file or PostgreSQL) and checks the connection.
 * SQLite runs in WAL mode with a busy timeout, so a notebook and the CLI may use one file at
 * once; foreign keys are enforced. PostgreSQL uses the configured schema (created if missing).
 * An unreachable database is a {@link StoreUnavailableError} within `connectTimeoutMs`.
 *
 * @example
 * ```ts
 * const db = await connectDatabase(resolveStoreConfig());
 * await db.knex('jobs').count();
 * ```
 */
export async function connectDatabase(config: ResolvedStoreConfig): Promise<Database> {
  const d = config.database;
  let knex: Knex;
  let location: string;
  if (d.client === 'sqlite') {
    location = d.file;
    try {
      fs.mkdirSync(path.dirname(d.file), { recursive: true });
    } catch (err) {
      throw new StoreUnavailableError(`cannot create the data directory ${path.dirname(d.file)}: ${(err as Error).message}`);
    }
    knex = loadKnex()({
      client: 'better-sqlite3',
      connection: { filename: d.file },
      useNullAsDefault: true,
      pool: {
        min: 1,
        max: 1,
        afterCreate: (conn: { pragma(s: string): unknown }, done: (err: Error | null, conn: unknown) => void) => {
          try {
            conn.pragma('busy_timeout = 10000');
            conn.pragma('journal_mode = WAL');
            conn.pragma('synchronous = NORMAL');
            conn.pragma('foreign_keys = ON');
            done(null, conn);
          } catch (err) {
            done(err as Error, conn);
          }
        },
      },
    });
  } else {
    location = redactUrl(d.url);
    knex = loadKnex()({
      client: 'pg',
      connection: { connectionString: d.url, connectionTimeoutMillis: config.connectTimeoutMs },
      searchPath: [d.schema],
      acquireConnectionTimeout: config.connectTimeoutMs + 1000,
      pool: { min: 0, max: 10, idleTimeoutMillis: 10_000 },
      // Connection failures reach the caller as StoreUnavailableError; no console noise.
      log: { warn() {}, error() {}, deprecate() {}, debug() {} },
    });
  }
  try {
    if (d.client === 'pg') await knex.raw(`CREATE SCHEMA IF NOT EXISTS "${d.schema}"`);
    else await knex.raw('select 1');
  } catch (err) {
    await knex.destroy().catch(() => undefined);
    throw unavailable(d.client, location, err);
  }
  return { knex, client: d.client, location };
}

/** Turns a connection error into a clear {@link StoreUnavailableError}. */
export function unavailable(client: 'sqlite' | 'pg', location: string, err: unknown): StoreUnavailableError {
  const e = err as { code?: string; message?: string };
  const why = [e.code, e.message].filter((x) => x).join(' ');
  const hint =
    client === 'pg'
      ? 'Is PostgreSQL running there, and are DATABASE_URL and the credentials right?'
      : 'Check that the data directory (ROOTHAAN_HOME) is writable.';
  return new StoreUnavailableError(`cannot reach the ${client === 'pg' ? 'PostgreSQL' : 'SQLite'} database ${location}: ${why}. ${hint}`);
}

/** The migration settings shared by {@link migrateLatest} and {@link pendingMigrations}. */
function migrationConfig(db: Database, config: ResolvedStoreConfig): Knex.MigratorConfig {
  return {
    directory: MIGRATIONS_DIRECTORY,
    loadExtensions: ['.js'],
    tableName: 'knex_migrations',
    ...(db.client === 'pg' && config.database.client === 'pg' ? { schemaName: config.database.schema } : {}),
  };
}

/**
 * Applies pending migrations; returns the names applied. Two processes migrating at once wait
 * for each other (Knex's lock table), retried for a few seconds.
 *
 * @example
 * ```ts
 * await migrateLatest(db, config); // ['20260601000000_job_store.js'] the first time, [] after
 * ```
 */
export async function migrateLatest(db: Database, config: ResolvedStoreConfig): Promise<string[]> {
  if (await upToDate(db, config)) return [];
  for (let attempt = 0; ; attempt++) {
    try {
      const [, applied] = (await db.knex.migrate.latest(migrationConfig(db, config))) as [number, string[]];
      return applied;
    } catch (err) {
      const message = (err as Error).message ?? '';
      if (attempt < 50 && /locked|SQLITE_BUSY|already exists|duplicate key/i.test(message)) {
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 100));
        continue;
      }
      throw err;
    }
  }
}

/**
 * Whether the database has applied exactly the migrations this package ships: one query instead
 * of Knex's lock-and-list (an open of an existing store is the common case). Anything else
 * (no table yet, missing or unknown migrations) goes the full way.
 */
async function upToDate(db: Database, config: ResolvedStoreConfig): Promise<boolean> {
  const shipped = fs.readdirSync(MIGRATIONS_DIRECTORY).filter((f) => f.endsWith('.js')).sort();
  const table = (): Knex.QueryBuilder =>
    db.client === 'pg' && config.database.client === 'pg' ? db.knex.withSchema(config.database.schema).from('knex_migrations') : db.knex.from('knex_migrations');
  try {
    const rows = (await table().select('name')) as Array<{ name: string }>;
    const applied = rows.map((r) => r.name).sort();
    return applied.length === shipped.length && applied.every((n, i) => n === shipped[i]);
  } catch {
    return false;
  }
}

/**
 * Names of migrations not yet applied.
 *
 * @example
 * ```ts
 * await pendingMigrations(db, config); // [] when up to date
 * ```
 */
export async function pendingMigrations(db: Database, config: ResolvedStoreConfig): Promise<string[]> {
  const [, pending] = (await db.knex.migrate.list(migrationConfig(db, config))) as [unknown[], Array<{ file: string } | string>];
  return pending.map((p) => (typeof p === 'string' ? p : p.file));
}

/** Normalises a timestamp column (Date from PostgreSQL, ISO text from SQLite). */
export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  return new Date(String(value));
}

/** Normalises a JSON column (parsed by pg, text in SQLite). */
export function fromJson<T>(value: unknown): T | null {
  if (value === null || value === undefined) return null;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** Normalises a boolean column (boolean in pg, 0/1 in SQLite). */
export function toBool(value: unknown): boolean | null {
  if (value === null || value === undefined) return null;
  return value === true || value === 1 || value === '1' || value === 't';
}

/** Normalises a number column (bigint arrives as text from pg). */
export function toNum(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  return Number(value);
}

/** Timestamps are written as ISO-8601 UTC text on both databases. */
export function isoNow(): string {
  return new Date().toISOString();
}

/**
 * Knex, loaded when a store is first opened rather than with the package: `require('roothaan')`
 * (every notebook kernel, every CLI command) then does not pay its ~50 ms.
 */
function loadKnex(): typeof import('knex').knex {
  return (require('knex') as typeof import('knex')).knex;
}
