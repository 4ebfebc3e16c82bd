/**
 * The names a user gives the store, checked the same way on SQLite and PostgreSQL before
 * anything is computed (PostgreSQL's `varchar(200)` would refuse a long name only at the insert,
 * after the SCF; SQLite stores any length).
 *
 * @packageDocumentation
 */
import { InvalidInputError } from '../errors';
import { isUuid } from './context';

/** The longest job or group name in characters (code points, as PostgreSQL counts them): the width of `jobs.name` and `job_groups.name`. */
export const MAX_NAME_LENGTH = 200;

/** The longest geometry file name the store records (`jobs.geometry_filename` is `varchar(500)`). */
export const MAX_FILENAME_LENGTH = 500;

/** The most jobs one listing returns: 1,000,000. */
export const MAX_LIST_LIMIT = 1_000_000;

/** Control characters (line breaks, tabs, escapes): a name with them would break tables and error lines. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;

/**
 * A job or group name: 1 to {@link MAX_NAME_LENGTH} characters after trimming, no control
 * characters. Returns it trimmed.
 *
 * @param what how the message names it (`a job name`, `a group name`).
 * @param field the field to name in the message (`name`, `group`).
 * @throws InvalidInputError saying which rule the name breaks (not echoing a long name).
 * @example
 * ```ts
 * checkName(' water ', 'a job name', 'name'); // 'water'
 * checkName('x'.repeat(201), 'a job name', 'name'); // throws InvalidInputError: name: a job name must be 1–200 characters, got 201
 * ```
 */
export function checkName(name: unknown, what: string, field: string): string {
  if (typeof name !== 'string') throw new InvalidInputError(`${what} must be text, got ${typeof name}`, { field });
  const n = name.trim();
  const length = [...n].length;
  if (length === 0 || length > MAX_NAME_LENGTH) throw new InvalidInputError(`${what} must be 1–${MAX_NAME_LENGTH} characters, got ${length}`, { field });
  if (CONTROL.test(n)) throw new InvalidInputError(`${what} may not contain control characters (line breaks, tabs)`, { field });
  return n;
}

/**
 * A new group's name: {@link checkName}, and not a UUID (a group is also named by its id).
 *
 * @example
 * ```ts
 * checkGroupName('h2 scan'); // 'h2 scan'
 * ```
 */
export function checkGroupName(name: unknown, field = 'name'): string {
  const n = checkName(name, 'a group name', field);
  if (isUuid(n)) throw new InvalidInputError('a group name may not look like a UUID', { field });
  return n;
}

/**
 * A group named by id or name (`--group`): {@link checkName}'s rules, so that a new group made
 * from it fits too.
 *
 * @example
 * ```ts
 * checkGroupReference('h2 scan'); // 'h2 scan'
 * ```
 */
export function checkGroupReference(idOrName: unknown, field = 'group'): string {
  return checkName(idOrName, 'a group id or name', field);
}

/**
 * The name a job is stored under: the given one checked, else the file's base name cut to
 * {@link MAX_NAME_LENGTH} characters (a file may have a longer name than the column takes).
 *
 * @example
 * ```ts
 * jobName(undefined, 'runs/water.xyz'); // 'water.xyz'
 * ```
 */
export function jobName(name: string | undefined, filename: string | undefined): string | null {
  if (name !== undefined) return checkName(name, 'a job name', 'name');
  if (filename === undefined) return null;
  return [...filename.replace(/^.*[\\/]/, '')].slice(0, MAX_NAME_LENGTH).join('');
}

/**
 * The geometry file name a job records: at most {@link MAX_FILENAME_LENGTH} characters.
 *
 * @example
 * ```ts
 * checkFilename('water.xyz'); // 'water.xyz'
 * ```
 */
export function checkFilename(filename: string | undefined): string | null {
  if (filename === undefined) return null;
  const length = [...filename].length;
  if (length > MAX_FILENAME_LENGTH) throw new InvalidInputError(`the geometry file name has ${length} characters; at most ${MAX_FILENAME_LENGTH} are stored (move or rename the file)`, { field: 'filename' });
  return filename;
}

/**
 * How many jobs a listing returns: a whole number from 1 to {@link MAX_LIST_LIMIT}.
 *
 * @example
 * ```ts
 * checkListLimit(20); // 20
 * checkListLimit(-1); // throws InvalidInputError: limit: must be a whole number from 1 to 1000000, got -1
 * ```
 */
export function checkListLimit(limit: unknown): number {
  if (!(typeof limit === 'number' && Number.isInteger(limit) && limit >= 1 && limit <= MAX_LIST_LIMIT)) {
    throw new InvalidInputError(`must be a whole number from 1 to ${MAX_LIST_LIMIT}, got ${String(limit)}`, { field: 'limit' });
  }
  return limit;
}
