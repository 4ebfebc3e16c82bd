import { InvalidInputError } from '../errors';

/**
 * Where checkpoint objects live: a directory tree or an S3 bucket, with the same keys
 * (`<job-id>/overlap.bin`, `<job-id>/densities/density_3.bin`, …; see `keys.ts`). Writes are
 * whole objects; a reader never sees a partial object.
 */
export interface ObjectStore {
  readonly kind: 'directory' | 's3';
  /** Where the objects are, for messages (a path or `s3://bucket`). */
  readonly location: string;
  /** Writes (or replaces) an object. */
  put(key: string, body: Buffer): Promise<void>;
  /** Reads an object; a missing one is a `NotFoundError`. */
  get(key: string): Promise<Buffer>;
  /** Keys under a prefix (e.g. `<job-id>/`), sorted. */
  list(prefix: string): Promise<string[]>;
  /** Every object under a prefix (`''`: the whole store) with its size and last change, sorted by key; for `db check` and `db gc`. */
  listDetailed(prefix: string): Promise<StoredObject[]>;
  /** Deletes every object under a prefix; returns how many were deleted. */
  deletePrefix(prefix: string): Promise<number>;
  /** Releases connections. */
  close(): void;
}

/** An object as a listing shows it. */
export interface StoredObject {
  key: string;
  bytes: number;
  /** When it was last written. */
  modified: Date;
}

/**
 * Checks an object key: relative, `/`-separated, no empty, `.` or `..` segment, printable.
 *
 * @example
 * ```ts
 * checkKey('3f1c…/densities/density_1.bin'); // ok
 * checkKey('../etc/passwd'); // throws InvalidInputError
 * ```
 */
export function checkKey(key: string): void {
  const parts = key.split('/');
  if (
    key.length === 0 ||
    key.length > 1024 ||
    parts.some((p) => p === '' || p === '.' || p === '..') ||
    /[\u0000-\u001f\\]/.test(key)
  ) {
    throw new InvalidInputError(`invalid object key '${key}'`, { field: 'key' });
  }
}
