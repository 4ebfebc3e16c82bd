import { redactUrl } from '../config';
import type { Dialect } from './dialect';

/**
 * PostgreSQL through pg, in its own schema (created if missing); connection failures reach the
 * caller within `connectTimeoutMs` as a StoreUnavailableError, without console noise. A
 * statement ends after `queryTimeoutMs`: the server cancels it (`statement_timeout`), and the
 * client gives up a moment later (`query_timeout`) on a connection that no longer answers. A
 * transaction left idle as long (its process frozen or cut off mid-commit) is ended by the server
 * (`idle_in_transaction_session_timeout`), so its row locks do not keep out the process that
 * takes the job over.
 *
 * @example
 * ```ts
 * postgresDialect('postgres://u:pw@db/x', 'public', 5000, 30_000).location; // 'postgres://u:***@db/x'
 * ```
 */
export function postgresDialect(url: string, schema: string, connectTimeoutMs: number, queryTimeoutMs = 30_000): Dialect {
  return {
    client: 'pg',
    product: 'PostgreSQL',
    location: redactUrl(url),
    hint: 'Is PostgreSQL running there, and are DATABASE_URL and the credentials right?',
    knexConfig: () => ({
      client: 'pg',
      connection: { connectionString: url, connectionTimeoutMillis: connectTimeoutMs, statement_timeout: queryTimeoutMs, idle_in_transaction_session_timeout: queryTimeoutMs, query_timeout: queryTimeoutMs + 1000, keepAlive: true },
      searchPath: [schema],
      acquireConnectionTimeout: connectTimeoutMs + 1000,
      pool: { min: 0, max: 10, idleTimeoutMillis: 10_000 },
      log: { warn() {}, error() {}, deprecate() {}, debug() {} },
    }),
    async prepare(knex) {
      // Looked up first: CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege even when it
      // exists, which a person's role on a shared store does not have.
      const found = (await knex.raw('SELECT 1 FROM pg_namespace WHERE nspname = ?', [schema])) as { rows: unknown[] };
      if (found.rows.length === 0) await knex.raw(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    },
    migrator: { schemaName: schema },
    migrationsTable: (knex) => knex.withSchema(schema).from('knex_migrations'),
    lockCandidate: (query) => query.forUpdate().skipLocked(),
  };
}
