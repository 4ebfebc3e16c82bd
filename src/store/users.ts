import type { StoreContext } from './context';
import { tables, userFromRow, type UserRow } from './tables';
import { NotFoundError } from './store-errors';

/** The users part of a store. */
export interface UsersApi {
  /** The current user (default) or the named one. A user never seen is a NotFoundError. */
  show(username?: string): Promise<UserRow>;
  /** Every user, by name. */
  list(): Promise<UserRow[]>;
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
