import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Knex } from 'knex';
import { RoothaanError } from '../errors';
import type { ResolvedStoreConfig } from './config';
import { databaseIdentity } from './db-identity';
import type { Dialect } from './dialect/dialect';
import { postgresDialect } from './dialect/postgres';
import { sqliteDialect } from './dialect/sqlite';
import { StoreUnavailableError } from './store-errors';
import { isoNow, tables, type SsoProvider } from './tables';

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
  /** What differs between the databases (see `dialect/dialect.ts`). */
  readonly dialect: Dialect;
}

/**
 * Connects to the configured database (SQLite file or PostgreSQL, see `dialect/`) and checks the
 * connection. An unreachable database is a {@link StoreUnavailableError} within `connectTimeoutMs`.
 *
 * @example
 * ```ts
 * const db = await connectDatabase(resolveStoreConfig());
 * await db.knex('jobs').count();
 * ```
 */
export async function connectDatabase(config: ResolvedStoreConfig): Promise<Database> {
  const d = config.database;
  const dialect = d.client === 'sqlite' ? sqliteDialect(d.file) : postgresDialect(d.url, d.schema, config.connectTimeoutMs, config.queryTimeoutMs);
  const knex = loadKnex()(dialect.knexConfig());
  try {
    await dialect.prepare(knex);
  } catch (err) {
    await knex.destroy().catch(() => undefined);
    throw unavailable(dialect, err);
  }
  return { knex, client: dialect.client, location: dialect.location, dialect };
}

/** A database opened for a user: the user as the database sees it (see `db-identity.ts`). */
export interface OpenedDatabase extends Database {
  readonly user: string;
}

/**
 * Connects as `store.open` does: applies pending migrations (or, with `migrate: false`, refuses
 * a database that needs some), settles who the current user is (on PostgreSQL with row-level
 * security, the connecting role's user: `db-identity.ts`) and records their login. Light, so the
 * checkpoint writer thread can open the database for `runOnce`.
 *
 * @example
 * ```ts
 * const db = await openDatabase(resolveStoreConfig({ home: '.roothaan' }));
 * db.user; // 'alice@localhost'
 * ```
 */
export async function openDatabase(resolved: ResolvedStoreConfig): Promise<OpenedDatabase> {
  const db = await connectDatabase(resolved);
  let user = resolved.user;
  try {
    if (resolved.migrate) {
      await migrateLatest(db);
    } else {
      const pending = await pendingMigrations(db);
      if (pending.length > 0) {
        throw new StoreUnavailableError(`the database ${db.location} needs ${pending.length} migration(s) (${pending.join(', ')}); run \`roothaan db migrate\``);
      }
    }
    const identity = await databaseIdentity(db, resolved);
    user = identity.user;
    // A role bound by row-level security may not add users (an admin did): it only updates its own row.
    if (resolved.recordLogin) await recordLogin(db.knex, user, resolved.sso, SESSION_GAP_MINUTES, identity.enforced);
  } catch (err) {
    await db.knex.destroy().catch(() => undefined);
    throw unavailable(db.dialect, err);
  }
  return { ...db, user };
}

/**
 * Minutes without any store activity of a user after which opening the store counts a new login
 * (as does a new user, or another SSO); the commands of one working session are one login.
 *
 * @example
 * ```ts
 * SESSION_GAP_MINUTES; // 30: a command 31 minutes after the last one counts a new login
 * ```
 */
export const SESSION_GAP_MINUTES = 30;

/**
 * Records the current user's activity: inserts the user if new (login count 1), else sets
 * `last_login` and counts a login when a session begins ({@link SESSION_GAP_MINUTES}). One
 * statement, safe when two processes open the store at once; with `existing` (a user an admin
 * added, under row-level security) only the update.
 *
 * @example
 * ```ts
 * await recordLogin(db.knex, 'alice@example.org', 'local'); // counts 1 for a new user, then 1 more per session
 * ```
 */
export async function recordLogin(knex: Knex, username: string, sso: SsoProvider, gapMinutes = SESSION_GAP_MINUTES, existing = false): Promise<void> {
  const now = isoNow();
  const sessionStart = new Date(Date.now() - gapMinutes * 60_000).toISOString();
  // ISO-8601 UTC text compares as time on SQLite (text) and is cast to timestamptz on PostgreSQL.
  const newSession = knex.raw('CASE WHEN ?? IS NULL OR ?? < ? OR ?? <> ? THEN ?? + 1 ELSE ?? END', [
    'users.last_login', 'users.last_login', sessionStart, 'users.sso', sso, 'users.login_count', 'users.login_count',
  ]);
  if (existing) {
    await tables.users(knex).where({ username }).update({ last_login: now, sso, login_count: newSession });
    return;
  }
  await tables.users(knex)
    .insert({ username, sso, created_at: now, last_login: now, login_count: 1 })
    .onConflict('username')
    .merge({ last_login: now, sso, login_count: newSession });
}

/** Turns a connection error into a clear {@link StoreUnavailableError}; a RoothaanError stays as it is. @example `throw unavailable(db.dialect, err)` */
export function unavailable(dialect: Dialect, err: unknown): RoothaanError {
  if (err instanceof RoothaanError) return err;
  const e = err as { code?: string; message?: string };
  // Knex prefixes a failed statement's error with the SQL ("insert into … - database or disk is full").
  const reason = (e.message ?? '').replace(/^[\s\S]* - /, '').replace(/\s+/g, ' ').trim();
  if (e.code === 'SQLITE_NOTADB' || e.code?.startsWith('SQLITE_CORRUPT') === true) {
    return new StoreUnavailableError(`the ${dialect.product} database ${dialect.location} is damaged (${reason}); move it (and its -wal and -shm files) aside, and a new empty store is made, or restore it from a backup`);
  }
  if (e.code === 'SQLITE_FULL' || e.code === 'ENOSPC' || e.code === '53100') {
    return new StoreUnavailableError(`no space left for the ${dialect.product} database ${dialect.location} (${reason}); free some disk space and run the command again`);
  }
  const why = [e.code, e.message].filter((x) => x).join(' ');
  return new StoreUnavailableError(`cannot reach the ${dialect.product} database ${dialect.location}: ${why}. ${dialect.hint}`);
}

const migrationConfig = (db: Database): Knex.MigratorConfig => ({
  directory: MIGRATIONS_DIRECTORY,
  loadExtensions: ['.js'],
  tableName: 'knex_migrations',
  ...db.dialect.migrator,
});

/**
 * Applies pending migrations; returns the names applied. Two processes migrating at once wait
 * for each other (Knex's lock table), retried for a few seconds.
 *
 * @example
 * ```ts
 * const db = await connectDatabase(resolveStoreConfig());
 * await migrateLatest(db); // ['20260601000000_job_store.js'] the first time, [] after
 * ```
 */
export async function migrateLatest(db: Database): Promise<string[]> {
  if (await upToDate(db)) return [];
  for (let attempt = 0; ; attempt++) {
    try {
      const [, applied] = (await db.knex.migrate.latest(migrationConfig(db))) as [number, string[]];
      return applied;
    } catch (err) {
      const message = (err as Error).message ?? '';
      // A full disk or a damaged file does not get better by waiting (each retry would meet "already exists").
      if (/^(SQLITE_FULL|SQLITE_NOTADB|SQLITE_CORRUPT|ENOSPC)/.test(String((err as { code?: unknown }).code ?? ''))) throw err;
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
async function upToDate(db: Database): Promise<boolean> {
  const shipped = fs.readdirSync(MIGRATIONS_DIRECTORY).filter((f) => f.endsWith('.js')).sort();
  try {
    const rows = (await db.dialect.migrationsTable(db.knex).select('name')) as Array<{ name: string }>;
    const applied = rows.map((r) => r.name).sort();
    return applied.length === shipped.length && applied.every((n, i) => n === shipped[i]);
  } catch {
    return false;
  }
}

/** Names of migrations not yet applied. */
async function pendingMigrations(db: Database): Promise<string[]> {
  const [, pending] = (await db.knex.migrate.list(migrationConfig(db))) as [unknown[], Array<{ file: string } | string>];
  return pending.map((p) => (typeof p === 'string' ? p : p.file));
}

/**
 * Knex, loaded when a store is first opened rather than with the package: `require('roothaan')`
 * (every notebook kernel, every CLI command) then does not pay its ~50 ms.
 */
function loadKnex(): typeof import('knex').knex {
  return (require('knex') as typeof import('knex')).knex;
}
