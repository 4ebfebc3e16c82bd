import * as fs from 'node:fs';
import * as path from 'node:path';
import { PRIVATE_FILE, PRIVATE_FOLDER } from '../directory-object-store';
import { StoreUnavailableError } from '../store-errors';
import type { Dialect } from './dialect';

interface Pragmas {
  pragma(statement: string): unknown;
}

/**
 * SQLite through better-sqlite3: one connection per process in WAL mode with a busy timeout
 * (so a notebook and the CLI may use one file at once), foreign keys enforced. The file and its
 * folder are created for their owner only (0600, 0700).
 *
 * @example
 * ```ts
 * sqliteDialect('.roothaan/roothaan.sqlite').product; // 'SQLite'
 * ```
 */
export function sqliteDialect(file: string): Dialect {
  return {
    client: 'sqlite',
    product: 'SQLite',
    location: file,
    hint: 'Check that the data directory (ROOTHAAN_HOME) is writable.',
    knexConfig() {
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_FOLDER });
        // Created here, 0600, before SQLite opens it: its -wal and -shm files take the database file's mode.
        fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE));
      } catch (err) {
        throw new StoreUnavailableError(`cannot create the data directory ${path.dirname(file)} or the database file in it: ${(err as Error).message}`);
      }
      return {
        client: 'better-sqlite3',
        connection: { filename: file },
        useNullAsDefault: true,
        // Knex would print a failed connection ("Acquire connection error" and its stack) itself; the store reports it once, on one line.
        log: { warn() {}, error() {}, deprecate() {}, debug() {} },
        pool: {
          min: 1,
          max: 1,
          afterCreate: (conn: Pragmas, done: (err: Error | null, conn: unknown) => void) => {
            try {
              for (const p of ['busy_timeout = 10000', 'journal_mode = WAL', 'synchronous = NORMAL', 'foreign_keys = ON']) conn.pragma(p);
              done(null, conn);
            } catch (err) {
              done(err as Error, conn);
            }
          },
        },
      };
    },
    async prepare(knex) {
      await knex.raw('select 1');
    },
    migrator: {},
    migrationsTable: (knex) => knex.from('knex_migrations'),
    lockCandidate: (query) => query,
  };
}
