/**
 * Opening the store's database as `store.open` does (internal; light, so the checkpoint writer
 * thread can open it for `runOnce`).
 *
 * @packageDocumentation
 */
import { RoothaanError } from '../errors';
import type { ResolvedStoreConfig } from './config';
import { connectDatabase, migrateLatest, pendingMigrations, unavailable, type Database } from './database';
import { StoreUnavailableError } from './store-errors';
import { recordLogin } from './users';

/**
 * Connects, applies pending migrations (or, with `migrate: false`, refuses a database that needs
 * some) and records the current user's login. An unreachable database is a StoreUnavailableError.
 */
export async function openDatabase(resolved: ResolvedStoreConfig): Promise<Database> {
  const db = await connectDatabase(resolved);
  try {
    if (resolved.migrate) {
      await migrateLatest(db, resolved);
    } else {
      const pending = await pendingMigrations(db, resolved);
      if (pending.length > 0) {
        throw new StoreUnavailableError(`the database ${db.location} needs ${pending.length} migration(s) (${pending.join(', ')}); run \`roothaan db migrate\``);
      }
    }
    if (resolved.recordLogin) await recordLogin(db.knex, resolved.user, resolved.sso);
  } catch (err) {
    await db.knex.destroy().catch(() => undefined);
    if (err instanceof RoothaanError) throw err;
    throw unavailable(db.client, db.location, err);
  }
  return db;
}
