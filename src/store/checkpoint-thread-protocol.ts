/**
 * Messages between the main thread and the checkpoint writer's thread (internal).
 *
 * @packageDocumentation
 */
import { RoothaanError, StoreConflictError } from '../errors';
import type { EventInput } from './checkpoints';
import type { ResolvedStoreConfig } from './config';
import type { NpyArray } from './npy';
import type { CheckpointKind } from './rows';
import { CheckpointCorruptError, NotFoundError, StorePermissionError, StoreUnavailableError } from './store-errors';

/** What the thread starts with: the store it writes to. */
export interface ThreadInit {
  config: ResolvedStoreConfig;
  /** Objects uploaded at once per job (default 16). */
  concurrency?: number;
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
      eris?: { nbf: number; packed: Float64Array };
      events: EventInput[];
    }
  | { type: 'end'; channel: number }
  | { type: 'close' };

/** An error as it crosses threads. */
export interface SerializedError {
  name: string;
  code?: string;
  message: string;
}

/** Writer thread → main thread. */
export type ThreadReply =
  | { type: 'committed'; channel: number; bytesWritten: number; busyMs: number }
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
