/**
 * Job ids as people type them: a whole UUID, or a unique prefix of one (at least
 * {@link MIN_ID_PREFIX} hex digits, dashes allowed where the UUID has them), as git and docker
 * accept. Every user may read every job (`roothaan jobs list --all`), so a prefix is looked up
 * among all the jobs in the store; what the user may then do with the job (stop, delete) is
 * checked as for a whole id. Group ids take prefixes too (`groups.ts`), after the current user's
 * group names.
 *
 * @packageDocumentation
 */
import type { Knex } from 'knex';
import { InvalidInputError } from '../errors';
import { isUuid } from './context';
import { NotFoundError } from './store-errors';

/** The fewest hex digits a job id prefix may have. */
export const MIN_ID_PREFIX = 4;

const UUID_SHAPE = 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx';

/**
 * Whether a text is the beginning of a UUID with at least {@link MIN_ID_PREFIX} hex digits
 * (`7d3e`, `7d3e9096`, `7d3e9096-5b`).
 *
 * @example
 * ```ts
 * isIdPrefix('7d3e9096'); // true
 * ```
 */
export function isIdPrefix(text: string): boolean {
  if (text.length > UUID_SHAPE.length) return false;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!.toLowerCase();
    if (UUID_SHAPE[i] === '-' ? ch !== '-' : !/[0-9a-f]/.test(ch)) return false;
    if (ch !== '-') digits++;
  }
  return digits >= MIN_ID_PREFIX;
}

/**
 * The ids (at most 101, sorted) in a table of the store (`jobs`, `job_groups`) that begin with a
 * prefix {@link isIdPrefix} accepted (so it holds no LIKE wildcards).
 *
 * @example
 * ```ts
 * await idsWithPrefix(s.database.knex, s.database.client, 'job_groups', '9cd3e8c5'); // ['9cd3e8c5-…']
 * ```
 */
export async function idsWithPrefix(knex: Knex, client: 'sqlite' | 'pg', table: 'jobs' | 'job_groups', prefix: string): Promise<string[]> {
  // PostgreSQL stores ids as uuid, which LIKE needs as text; SQLite stores them as text already.
  const column = client === 'pg' ? 'id::text' : 'id';
  const rows = await knex(table).whereRaw(`${column} like ?`, [`${prefix.toLowerCase()}%`]).select('id').orderBy('id').limit(101);
  return rows.map((r: { id: unknown }) => String(r.id));
}

/**
 * The whole id of the one job whose id is or begins with `text` (case-insensitive); a whole UUID
 * is returned (lower case) without a query. Neither a UUID nor a prefix: InvalidInputError; a
 * prefix of no job: NotFoundError; of several: InvalidInputError saying how many match.
 *
 * @example
 * ```ts
 * await resolveJobId(s.database.knex, s.database.client, '7d3e9096'); // '7d3e9096-5b7d-4c1e-9a2b-0c4d6e8f1a2b'
 * ```
 */
export async function resolveJobId(knex: Knex, client: 'sqlite' | 'pg', text: string): Promise<string> {
  const key = typeof text === 'string' ? text.trim().toLowerCase() : '';
  if (isUuid(key)) return key;
  if (!isIdPrefix(key)) {
    throw new InvalidInputError(
      `malformed job id '${String(text)}': expected a UUID like 3f1c2a9e-5b7d-4c1e-9a2b-0c4d6e8f1a2b or a unique prefix of at least ${MIN_ID_PREFIX} hex digits, like 3f1c2a9e (see \`roothaan jobs list\`)`,
      { field: 'job id' },
    );
  }
  const rows = await idsWithPrefix(knex, client, 'jobs', key);
  if (rows.length === 0) throw new NotFoundError(`no job id begins with ${key} in the store (see \`roothaan jobs list --all\`)`);
  if (rows.length > 1) {
    const count = rows.length > 100 ? 'more than 100' : String(rows.length);
    throw new InvalidInputError(`the job id prefix '${key}' is ambiguous: ${count} jobs match; type more of the id (see \`roothaan jobs list\`)`, { field: 'job id' });
  }
  return rows[0]!;
}
