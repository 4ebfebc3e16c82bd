import type { Knex } from 'knex';
import { isoNow, toDate, toNum } from './database';
import type { StoreContext } from './context';
import type { SsoProvider, UserRow } from './rows';
import { NotFoundError } from './store-errors';

/** The users part of a store. */
export interface UsersApi {
  /** The current user (default) or the named one. A user never seen is a NotFoundError. */
  show(username?: string): Promise<UserRow>;
  /** Every user, by name. */
  list(): Promise<UserRow[]>;
}

/** Normalises a `users` row from either database. */
export function userFromRow(r: Record<string, unknown>): UserRow {
  return {
    username: String(r.username),
    sso: r.sso as SsoProvider,
    created_at: toDate(r.created_at)!,
    last_login: toDate(r.last_login),
    login_count: toNum(r.login_count) ?? 0,
  };
}

/**
 * Records a login: inserts the user if new, else counts the login and sets the time (one
 * statement, safe when two processes open the store at once).
 */
export async function recordLogin(knex: Knex, username: string, sso: SsoProvider): Promise<void> {
  const now = isoNow();
  await knex('users')
    .insert({ username, sso, created_at: now, last_login: now, login_count: 1 })
    .onConflict('username')
    .merge({ last_login: now, sso, login_count: knex.raw('?? + 1', ['users.login_count']) });
}

/** Makes sure a user row exists (without counting a login). */
export async function ensureUser(knex: Knex, username: string, sso: SsoProvider): Promise<void> {
  await knex('users').insert({ username, sso, created_at: isoNow(), last_login: null, login_count: 0 }).onConflict('username').ignore();
}

/** The {@link UsersApi} over a store context. */
export function usersApi(ctx: StoreContext): UsersApi {
  return {
    async show(username = ctx.user) {
      const row = await ctx.knex('users').where({ username }).first();
      if (row === undefined) throw new NotFoundError(`no user '${username}' in the store`);
      return userFromRow(row);
    },
    async list() {
      return (await ctx.knex('users').orderBy('username')).map(userFromRow);
    },
  };
}
