import type { Knex } from 'knex';
import type { StoreContext } from './context';
import { isoNow, tables, userFromRow, type SsoProvider, type UserRow } from './tables';
import { NotFoundError } from './store-errors';

/** The users part of a store. */
export interface UsersApi {
  /** The current user (default) or the named one. A user never seen is a NotFoundError. */
  show(username?: string): Promise<UserRow>;
  /** Every user, by name. */
  list(): Promise<UserRow[]>;
}

/**
 * Records a login: inserts the user if new, else counts the login and sets the time (one
 * statement, safe when two processes open the store at once).
 */
export async function recordLogin(knex: Knex, username: string, sso: SsoProvider): Promise<void> {
  const now = isoNow();
  await tables.users(knex)
    .insert({ username, sso, created_at: now, last_login: now, login_count: 1 })
    .onConflict('username')
    .merge({ last_login: now, sso, login_count: knex.raw('?? + 1', ['users.login_count']) });
}

/** The {@link UsersApi} over a store context. */
export function usersApi(ctx: StoreContext): UsersApi {
  return {
    async show(username = ctx.user) {
      const row = await tables.users(ctx.knex).where({ username }).first();
      if (row === undefined) throw new NotFoundError(`no user '${username}' in the store`);
      return userFromRow(row);
    },
    async list() {
      return (await tables.users(ctx.knex).orderBy('username')).map(userFromRow);
    },
  };
}
