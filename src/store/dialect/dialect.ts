/**
 * What differs between the databases the store runs on, behind one interface (as Kysely's
 * `dialect/`): how to connect, how to ready a new connection, where the migrations table lives,
 * and how a worker locks the job it claims. Everything else (queries, upserts, JSON and
 * timestamps written as text, the row mappers of `tables.ts`) is the same on both.
 *
 * @packageDocumentation
 */
import type { Knex } from 'knex';

/** One database product: SQLite (embedded, the default) or PostgreSQL. */
export interface Dialect {
  /** The configuration's name for it. */
  readonly client: 'sqlite' | 'pg';
  /** Its name in messages. */
  readonly product: string;
  /** Where it is (a file, or a URL without its password). */
  readonly location: string;
  /** What to check when it cannot be reached, for the message. */
  readonly hint: string;
  /** The Knex configuration of a connection pool. */
  knexConfig(): Knex.Config;
  /** Readies a new pool and checks that the database answers (PostgreSQL: creates the schema). */
  prepare(knex: Knex): Promise<void>;
  /** Knex migrator settings beyond the directory (PostgreSQL: the schema). */
  readonly migrator: Partial<Knex.MigratorConfig>;
  /** The applied-migrations table. */
  migrationsTable(knex: Knex): Knex.QueryBuilder;
  /**
   * The claim of a worker's next job selects its candidate with this: PostgreSQL locks the row
   * `FOR UPDATE SKIP LOCKED`, so workers on many machines each take a different job; SQLite
   * serialises writers anyway. Either way the claim itself is fenced on the status.
   */
  lockCandidate(query: Knex.QueryBuilder): Knex.QueryBuilder;
}
