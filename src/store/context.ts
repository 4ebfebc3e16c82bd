import type { Knex } from 'knex';
import { InvalidInputError } from '../errors';
import type { ResolvedStoreConfig } from './config';
import type { Database } from './database';
import type { ObjectStore } from './object-store';
import type { SkippedRow } from './tables';

/** What the parts of an open store share (internal). */
export interface StoreContext {
  readonly config: ResolvedStoreConfig;
  readonly db: Database;
  readonly knex: Knex;
  readonly objects: ObjectStore;
  /** The current user's name (an email address). */
  readonly user: string;
  /** The checkpoint writer thread, once a job has run (`sink/thread-sink.ts`: `writerThread`). */
  writer?: { readonly usable: boolean; close(): Promise<void> };
  /** Told of each row a listing skips because it cannot be read (default: one line on stderr; `skipped-rows.ts`). */
  readonly onSkippedRow?: (row: SkippedRow) => void;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a text is a UUID (8-4-4-4-12 hex digits).
 *
 * @example
 * ```ts
 * isUuid('3f1c2a9e-0000-4000-8000-000000000000'); // true
 * ```
 */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}

/**
 * Checks a job or group id and returns it in lower case; a malformed one is an InvalidInputError.
 *
 * @example
 * ```ts
 * checkUuid('nope', 'job id'); // throws: malformed job id 'nope': expected a UUID like 3f1c2a9e-…
 * ```
 */
export function checkUuid(text: string, what: string): string {
  if (typeof text !== 'string' || !UUID.test(text.trim())) {
    throw new InvalidInputError(
      `malformed ${what} '${String(text)}': expected a UUID like 3f1c2a9e-5b7d-4c1e-9a2b-0c4d6e8f1a2b (see \`roothaan jobs list\`)`,
      { field: what },
    );
  }
  return text.trim().toLowerCase();
}
