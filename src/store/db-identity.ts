/**
 * Who the current user is, as the database sees it (issue #17). On SQLite, and for a
 * PostgreSQL superuser or BYPASSRLS role (an admin), it is the configured name (`config.user`,
 * `ROOTHAAN_USER`, `JUPYTERHUB_USER`, else the login). For any other PostgreSQL role, row-level
 * security applies (see `migrations/20261203000200_row_level_security.js`): the user is the one
 * the connecting role is mapped to (`users.db_role = current_user`). A role mapped to no user
 * is refused, and so is a name claimed through `config.user` or `ROOTHAAN_USER` that is not the
 * role's: a claimed name can never widen what the role may do. `JUPYTERHUB_USER` and the login
 * name are only defaults: the role's user replaces them.
 *
 * @packageDocumentation
 */
import type { Knex } from 'knex';
import type { ResolvedStoreConfig } from './config';
import { StorePermissionError } from './store-errors';

/** The current user of an open database, and whether the database enforces it. */
export interface DatabaseIdentity {
  /** The store user (an email address). */
  user: string;
  /** True when row-level security binds this connection (PostgreSQL, a non-admin role). */
  enforced: boolean;
  /** The PostgreSQL role connected as (PostgreSQL only). */
  role?: string;
}

/**
 * The identity of a connection to a migrated store (see the module docs); a refusal is a
 * one-line {@link StorePermissionError}.
 *
 * @example
 * ```ts
 * await databaseIdentity(db, resolved); // { user: 'b@x', enforced: true, role: 'b' } for the role b mapped to b@x
 * ```
 */
export async function databaseIdentity(db: { readonly client: 'sqlite' | 'pg'; readonly knex: Knex }, resolved: Pick<ResolvedStoreConfig, 'user' | 'userFrom'>): Promise<DatabaseIdentity> {
  if (db.client !== 'pg') return { user: resolved.user, enforced: false };
  const result = (await db.knex.raw(
    'SELECT current_user::text AS role, (r.rolsuper OR r.rolbypassrls) AS admin, roothaan_me() AS mapped FROM pg_roles r WHERE r.rolname = current_user',
  )) as { rows: Array<{ role: string; admin: boolean; mapped: string | null }> };
  const row = result.rows[0]!;
  if (row.admin) return { user: resolved.user, enforced: false, role: row.role };
  if (row.mapped === null) {
    throw new StorePermissionError(
      `the PostgreSQL role '${row.role}' is no user of this store; an admin adds it with \`roothaan db add-user EMAIL --role ${row.role}\``,
    );
  }
  if ((resolved.userFrom === 'config' || resolved.userFrom === 'ROOTHAAN_USER') && resolved.user !== row.mapped) {
    const claim = resolved.userFrom === 'ROOTHAAN_USER' ? `ROOTHAAN_USER=${resolved.user}` : `the user '${resolved.user}'`;
    throw new StorePermissionError(
      `${claim} is not the PostgreSQL role '${row.role}', which is ${row.mapped}: on this store the role decides who you are (unset ROOTHAAN_USER)`,
    );
  }
  return { user: row.mapped, enforced: true, role: row.role };
}
