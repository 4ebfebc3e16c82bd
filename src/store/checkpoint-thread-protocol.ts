/**
 * Messages between the main thread and the checkpoint writer's thread (internal).
 *
 * @packageDocumentation
 */
import { InvalidInputError, RoothaanError, StoreConflictError } from '../errors';
import type { EventInput } from './checkpoints';
import type { ResolvedStoreConfig } from './config';
import type { NpyArray } from './npy';
import type { CheckpointKind, JobStatus } from './rows';
import type { Submission } from './submission';
import { CheckpointCorruptError, NotFoundError, StorePermissionError, StoreUnavailableError } from './store-errors';

/** What the thread starts with: the store it writes to. */
export interface ThreadInit {
  config: ResolvedStoreConfig;
  /** Objects uploaded at once per job (default 16). */
  concurrency?: number;
  /** Open the database as `store.open` does: apply (or check) migrations and record the login. */
  prepare?: boolean;
}

/** An object before encoding: a float64 array (`.npy`) or a text. */
export interface RawObject {
  key: string;
  kind: CheckpointKind;
  iteration: number | null;
  array?: NpyArray;
  text?: string;
}

/** Main thread → writer thread. A channel is one attempt of one job. */
export type ThreadRequest =
  | {
      type: 'batch';
      channel: number;
      jobId: string;
      attempt: number;
      objects: RawObject[];
      eris?: { nbf: number; packed: Float64Array; fileBytes?: number };
      events: EventInput[];
    }
  | { type: 'call'; channel: number; jobId: string; attempt: number; id: number; call: ChannelCall }
  | { type: 'end'; channel: number }
  | { type: 'close' };

/**
 * A channel's database work besides checkpoints, done on the thread in the channel's order:
 * - `start`: record a submitted job and claim its first attempt (see `recordSubmission`), then
 *   keep its lease alive; answers the job row;
 * - `lease`: keep the lease of an attempt claimed elsewhere alive (a heartbeat);
 * - `finish`: once every batch before it is committed, end the attempt (fenced) with its event;
 *   answers the job row;
 * - `job`: the job row as it is now, or null.
 */
export type ChannelCall =
  | { op: 'start'; submission: Submission; owner: string }
  | { op: 'lease' }
  | { op: 'finish'; status: JobStatus; values: Record<string, unknown>; event: EventInput }
  | { op: 'job' };

/** An error as it crosses threads. */
export interface SerializedError {
  name: string;
  code?: string;
  message: string;
}

/** Writer thread → main thread. */
export type ThreadReply =
  | { type: 'committed'; channel: number; bytesWritten: number; busyMs: number }
  /** The answer to a `call`. */
  | { type: 'reply'; id: number; value?: unknown; error?: SerializedError }
  /** A channel's first failure; without a channel, the thread could not connect and ends. */
  | { type: 'error'; channel?: number; error: SerializedError }
  | { type: 'closed' };

/** An error, flattened for postMessage. */
export function serializeError(err: unknown): SerializedError {
  if (err instanceof RoothaanError) return { name: err.name, code: err.code, message: err.message };
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Error', message: String(err) };
}

const CLASSES: Record<string, new (message: string) => RoothaanError> = {
  InvalidInputError,
  StoreConflictError,
  StoreUnavailableError,
  CheckpointCorruptError,
  NotFoundError,
  StorePermissionError,
};

/** The error again, as the class it was thrown as (store errors), a RoothaanError or an Error. */
export function deserializeError(e: SerializedError): Error {
  const Class = CLASSES[e.name];
  if (Class !== undefined) return new Class(e.message);
  if (e.code !== undefined) return new RoothaanError(e.code, e.message);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}
