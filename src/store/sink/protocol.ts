/**
 * Messages between the main thread and the checkpoint writer's thread (internal; see `sink.ts`).
 *
 * @packageDocumentation
 */
import { InvalidInputError, RoothaanError, StoreConflictError } from '../../errors';
import type { ResolvedStoreConfig } from '../config';
import type { JobEventInput } from '../events';
import type { FinishValues, Submission } from '../lifecycle';
import { CheckpointCorruptError, NotFoundError, StorePermissionError, StoreUnavailableError } from '../store-errors';
import type { EriBatch, RawObject } from './sink';

/** What the thread starts with: the store it writes to. */
export interface ThreadInit {
  config: ResolvedStoreConfig;
  /** Open the database as `store.open` does: apply (or check) migrations and record the login. */
  prepare?: boolean;
}

/** Main thread → writer thread. A channel is one attempt of one job. */
export type ThreadRequest =
  | {
      type: 'batch';
      channel: number;
      jobId: string;
      attempt: number;
      objects: RawObject[];
      eris?: EriBatch;
      events: JobEventInput[];
    }
  | { type: 'call'; channel: number; jobId: string; attempt: number; id: number; call: ChannelCall }
  | { type: 'end'; channel: number }
  | { type: 'close' };

/** A channel's lifecycle calls (see `CheckpointSink`), done on the thread in the channel's order. */
export type ChannelCall =
  | { op: 'submit'; submission: Submission; owner: string }
  | { op: 'heartbeat' }
  | { op: 'finish'; status: 'done' | 'failed' | 'stopped'; values: FinishValues; event: JobEventInput }
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
