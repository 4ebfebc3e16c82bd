/**
 * The checkpoint sink: where one attempt of a job puts everything it records, in order. The sink
 * encodes each matrix as `.npy`, hashes and writes it, and commits its checkpoint row with the
 * events in one transaction fenced on the attempt (`lifecycle.fence`), batch after batch as
 * enqueued, so the committed iterations are always a prefix of the computed ones. The
 * attempt's lifecycle calls (submit and claim, heartbeat, finish) follow its commits in order.
 * The one implementation (`thread-sink.ts`) runs on the store's writer thread (`thread.ts`).
 *
 * @packageDocumentation
 */
import type { NpyArray } from '../../io';
import type { JobEventInput } from '../events';
import type { FinishValues, Submission } from '../lifecycle';
import type { CheckpointKind, JobRow } from '../tables';

/** A checkpoint object before encoding: a float64 array (`.npy`) or a text. */
export interface RawObject {
  key: string;
  kind: CheckpointKind;
  iteration: number | null;
  array?: NpyArray;
  text?: string;
}

/** A packed ERI store to cut into its checkpoint files (see `eri-checkpoints.ts`). */
export interface EriBatch {
  nbf: number;
  packed: Float64Array;
  /** The most one file holds (default `ERI_FILE_BYTES`). */
  fileBytes?: number;
}

/**
 * One attempt's checkpoint sink. The first failure (an unreachable database or object store, a
 * fenced-out attempt) ends it: {@link error} is set, and {@link enqueue} and {@link flush} throw
 * it, as the class it was thrown as (StoreUnavailableError, StoreConflictError, …).
 *
 * @example `await sink.enqueue([{ key: densityKey(jobId, 1), kind: 'density', iteration: 1, array: stackMatrices(record.density) }], [event]); await sink.flush();`
 */
export interface CheckpointSink {
  /** The first error, if the sink has failed. */
  readonly error: Error | undefined;
  /** Bytes written so far. */
  readonly bytesWritten: number;
  /** Milliseconds spent encoding, writing and committing (overlaps the SCF). */
  readonly busyMs: number;
  /** Queues a batch (objects, an optional ERI store, events) committed together; may wait while too much is uncommitted. */
  enqueue(objects: readonly RawObject[], events?: readonly JobEventInput[], eris?: EriBatch): Promise<void>;
  /** Waits until every queued batch is committed; throws the first error. */
  flush(): Promise<void>;
  /** Waits until the queue has drained or the sink has failed, without throwing. */
  settle(): Promise<void>;
  /** Records a validated job and claims its first attempt (`lifecycle.submit`), then keeps its lease alive. */
  submit(submission: Submission, owner: string): Promise<JobRow>;
  /** Keeps the lease of an attempt claimed elsewhere alive until {@link finish} (`lifecycle.heartbeat`). */
  heartbeat(): Promise<void>;
  /** Once every batch is committed, ends the attempt (`lifecycle.finish`); answers the job row. */
  finish(status: 'done' | 'failed' | 'stopped', values: FinishValues, event: JobEventInput): Promise<JobRow>;
  /** The job row as it is now (undefined if it was deleted). */
  job(): Promise<JobRow | undefined>;
  /** Gives the sink back (after {@link flush} or {@link settle}). */
  release(): void;
}
