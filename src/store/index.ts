/**
 * store: the job store. Users, jobs, job groups, events and checkpoint rows in SQLite (default,
 * embedded) or PostgreSQL through Knex; every matrix as a NumPy `.npy` object in a directory
 * tree or S3; resumable jobs fenced by attempt numbers. This module does IO (it is not part of
 * the pure numerical core).
 *
 * @example
 * ```ts
 * import { store } from 'roothaan';
 * const s = await store.open();
 * const { jobId, status, result } = await store.runJob(s, { geometryText: xyz, filename: 'water.xyz', parameters: { basis_set: 'STO-3G' } });
 * await s.close();
 * ```
 */
export { open, migrate } from './store';
export type { Store } from './store';
export { resolveStoreConfig, redactUrl } from './config';
export type { StoreConfig, S3Config, ResolvedStoreConfig } from './config';
export { MIGRATIONS_DIRECTORY, SESSION_GAP_MINUTES } from './database';
export type { Database } from './database';
export type { JobsApi, JobFilter, JobDetails } from './jobs';
export type { GroupsApi } from './groups';
export type { UsersApi } from './users';
export type { CheckpointsApi } from './checkpoints';
export { JOB_STATUSES } from './tables';
export type {
  JobStatus,
  SsoProvider,
  UserRow,
  JobRow,
  JobGroupRow,
  JobGroupJobRow,
  JobEventRow,
  CheckpointRow,
  CheckpointKind,
} from './tables';
export type { JobEvent, JobEventRecord, JobEventInput, JobEventKind, JobEventMetadata, RecordedMetadata, StoredNumber } from './events';
export { NotFoundError, StorePermissionError, StoreUnavailableError, CheckpointCorruptError } from './store-errors';
export type { ObjectStore } from './object-store';
export { createS3ObjectStore } from './s3-object-store';
export type { JobInput } from './job-input';
export { validateJobInput } from './job-input';
export type { ValidatedJobInput } from './job-input';
export * as keys from './keys';
export { checkpointOrbitals } from './checkpoint-orbitals';
export type { CheckpointOrbitals } from './checkpoint-orbitals';
export type { CheckpointSink, RawObject, EriBatch } from './sink/sink';
export type { SinkOptions } from './sink/thread-sink';
export { runJob, runOnce, executeJob, resumeJob, runNextJob } from './run-job';
export type { RunHooks, ResumeOptions, RunOutcome } from './run-job';
export { eriFiles, ERI_FILE_BYTES } from './eri-checkpoints';
export type { EriFile } from './eri-checkpoints';
export { submit, submitGroup } from './submit';
export type { SubmittedGroup } from './submit';
export { parseScan, scanInputs } from './scan';
export type { Scan } from './scan';
export { runWorker, resumableJobs } from './worker';
export type { WorkerOptions, WorkerSummary } from './worker';
export { slurmAttempt } from './slurm-attempt';
export type { SlurmAttempt } from './slurm-attempt';
export { groupProgress } from './group-progress';
export type { GroupProgress, GroupProgressRow } from './group-progress';
export { CorruptRowError } from './store-errors';
export type { SkippedRow, RowProblem } from './tables';
export { checkStore, storeProblemText } from './check';
export type { StoreCheck, StoreProblem } from './check';
export { collectGarbage, GC_MIN_AGE_SECONDS } from './gc';
export type { GcOptions, GcReport } from './gc';
export type { StoredObject } from './object-store';
