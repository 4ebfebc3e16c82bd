import * as fs from 'node:fs';
import * as path from 'node:path';
import { StoreUnavailableError } from '../store-errors';
import type { Dialect } from './dialect';

interface Pragmas {
  pragma(statement: string): unknown;
}

/**
 * SQLite through better-sqlite3: one connection per process in WAL mode with a busy timeout
 * (so a notebook and the CLI may use one file at once), foreign keys enforced.
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
        fs.mkdirSync(path.dirname(file), { recursive: true });
      } catch (err) {
        throw new StoreUnavailableError(`cannot create the data directory ${path.dirname(file)}: ${(err as Error).message}`);
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
