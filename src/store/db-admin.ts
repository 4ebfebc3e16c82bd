/**
 * Admin commands of a shared PostgreSQL store (issue #17): add a person (a LOGIN role in the
 * group role `roothaan_user`, mapped to a store user) and show or switch the read policy. They
 * run as an admin: a superuser, or a role with CREATEROLE and BYPASSRLS. See the README,
 * "Deploying on a shared PostgreSQL", and `migrations/20261203000200_row_level_security.js`.
 *
 * @packageDocumentation
 */
import { InvalidInputError } from '../errors';
import { resolveStoreConfig, type StoreConfig } from './config';
import { connectDatabase, migrateLatest, unavailable, type Database } from './database';
import { StorePermissionError } from './store-errors';
import { isoNow, SSO_PROVIDERS, tables, type SsoProvider } from './tables';

/** The read policies: `private` (each person reads their own jobs) or `group` (every user of the store reads every job). */
export type ReadPolicy = 'private' | 'group';

/** The values `roothaan_settings.read_policy` accepts. */
export const READ_POLICIES: readonly ReadPolicy[] = ['private', 'group'];

/** The group role every person's LOGIN role is a member of (created by the migration). */
export const GROUP_ROLE = 'roothaan_user';

type Env = Readonly<Record<string, string | undefined>>;

/** Runs `fn` on the migrated PostgreSQL store of the configuration; `what` names the command for messages. */
async function withAdminDatabase<T>(what: string, config: StoreConfig, env: Env, fn: (db: Database) => Promise<T>): Promise<T> {
  const resolved = resolveStoreConfig(config, env);
  if (resolved.database.client !== 'pg') {
    throw new InvalidInputError(`${what} is for a shared PostgreSQL store (DATABASE_URL); the embedded SQLite store has no roles or row-level security`, { field: 'databaseUrl' });
  }
  const db = await connectDatabase(resolved);
  try {
    await migrateLatest(db);
    return await fn(db);
  } catch (err) {
    throw unavailable(db.dialect, err);
  } finally {
    await db.knex.destroy();
  }
}

/**
 * Refuses unless the connecting role is an admin (superuser, or BYPASSRLS with CREATEROLE when
 * `createRole`); on SQLite there is no role to check.
 *
 * @example
 * ```ts
 * await checkAdmin(db, 'roothaan db gc', false); // as roothaan_user b: throws StorePermissionError
 * ```
 */
export async function checkAdmin(db: Database, what: string, createRole: boolean): Promise<void> {
  if (db.client !== 'pg') return;
  const { rows } = (await db.knex.raw('SELECT current_user::text AS role, rolsuper, rolbypassrls, rolcreaterole FROM pg_roles WHERE rolname = current_user')) as {
    rows: Array<{ role: string; rolsuper: boolean; rolbypassrls: boolean; rolcreaterole: boolean }>;
  };
  const r = rows[0]!;
  if (r.rolsuper || (r.rolbypassrls && (r.rolcreaterole || !createRole))) return;
  const needs = createRole ? 'superuser, or CREATEROLE and BYPASSRLS' : 'superuser or BYPASSRLS';
  throw new StorePermissionError(`${what} needs an admin role (${needs}); the PostgreSQL role '${r.role}' is not one`);
}

/**
 * Adds a person to a shared PostgreSQL store: the LOGIN role `role` (created without a password
 * when new; set one with `ALTER ROLE … PASSWORD`), made a member of `roothaan_user`, and the
 * store user `username` mapped to it (`users.db_role`). Idempotent for the same pair; a role
 * already mapped to another user is refused.
 *
 * @example
 * ```ts
 * await addUser('alice@ubc.ca', 'alice', {}, { DATABASE_URL: 'postgres://postgres@db/roothaan' }); // { created: true }
 * ```
 */
export async function addUser(username: string, role: string, options: { sso?: SsoProvider } = {}, env: Env = process.env, config: StoreConfig = {}): Promise<{ username: string; role: string; created: boolean }> {
  if (typeof username !== 'string' || username.length > 320 || !/^[^\s@]+@[^\s@]+$/.test(username)) {
    throw new InvalidInputError(`the user name '${String(username)}' must be an email address (no spaces)`, { field: 'username' });
  }
  if (typeof role !== 'string' || !/^[a-z_][a-z0-9_]{0,62}$/.test(role) || role.startsWith('pg_') || role === GROUP_ROLE) {
    throw new InvalidInputError(`the role name '${String(role)}' must be 1–63 lower-case letters, digits and _ (not pg_… or ${GROUP_ROLE})`, { field: 'role' });
  }
  const sso = options.sso ?? 'local';
  if (!SSO_PROVIDERS.includes(sso)) throw new InvalidInputError(`sso must be one of ${SSO_PROVIDERS.join(', ')}, got '${String(sso)}'`, { field: 'sso' });
  return withAdminDatabase('db add-user', config, env, async (db) => {
    await checkAdmin(db, 'db add-user', true);
    return db.knex.transaction(async (trx) => {
      const other = await tables.users(trx).where({ db_role: role }).whereNot({ username }).first('username');
      if (other !== undefined) throw new InvalidInputError(`the role '${role}' is already the store user ${String(other.username)}`, { field: 'role' });
      const exists = ((await trx.raw('SELECT 1 FROM pg_roles WHERE rolname = ?', [role])) as { rows: unknown[] }).rows.length > 0;
      if (!exists) await trx.raw(`CREATE ROLE "${role}" LOGIN`);
      await trx.raw(`GRANT ${GROUP_ROLE} TO "${role}"`);
      await tables.users(trx)
        .insert({ username, sso, created_at: isoNow(), last_login: null, login_count: 0, db_role: role })
        .onConflict('username')
        .merge({ db_role: role });
      return { username, role, created: !exists };
    });
  });
}

/**
 * The read policy of a shared PostgreSQL store, switched to `set` when given (admin only).
 *
 * @example
 * ```ts
 * await readPolicy('group'); // 'group': every user of the store now reads every job (changes stay the owner's)
 * ```
 */
export async function readPolicy(set?: ReadPolicy, env: Env = process.env, config: StoreConfig = {}): Promise<ReadPolicy> {
  if (set !== undefined && !READ_POLICIES.includes(set)) {
    throw new InvalidInputError(`the read policy must be one of ${READ_POLICIES.join(', ')}, got '${String(set)}'`, { field: 'policy' });
  }
  return withAdminDatabase('db read-policy', config, env, async (db) => {
    if (set !== undefined) {
      await checkAdmin(db, 'changing the read policy', false);
      await db.knex('roothaan_settings').where({ name: 'read_policy' }).update({ value: set });
    }
    const row = (await db.knex('roothaan_settings').where({ name: 'read_policy' }).first('value')) as { value: string } | undefined;
    return (row?.value ?? 'private') as ReadPolicy;
  });
}
