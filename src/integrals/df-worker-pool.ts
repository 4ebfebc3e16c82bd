/**
 * Runs the density-fitting tasks ({@link runDfTasks}: the fit and the exchange build) on the main
 * thread plus `threads − 1` workers over shared memory, as src/integrals/eri-worker-pool.ts does
 * for the ERIs: one message per job to every worker, tasks handed out by an atomic counter, the
 * main thread takes tasks too and then blocks in `Atomics.wait` until every worker is done, so
 * the calls are synchronous. Workers are `unref()`ed and start while the main thread already
 * works (they load only the small kernel modules); `dispose()` terminates them.
 *
 * @packageDocumentation
 */
import { Worker } from 'node:worker_threads';
import { RoothaanError } from '../errors';
import { DF_CTRL_COUNTER, DF_CTRL_DONE, DF_CTRL_ERROR, DF_CTRL_FAILED, DF_CTRL_LENGTH, DF_CTRL_READY, dfScratch, runDfTasks, type DfTaskMessage } from './df-kernels';
import type { DfWorkerData } from './df-worker';
import { startWorker, workerBootstrap, workerEntryFile } from './worker-bootstrap';

/** How long the main thread waits for the workers of one job before giving up (ms). */
const STALL_LIMIT_MS = 10 * 60 * 1000;

/**
 * The threads of a DF-JK builder.
 *
 * @example
 * ```ts
 * const pool = new DfThreads(2); // the main thread and one worker
 * pool.threads; // 2
 * pool.dispose();
 * ```
 */
export class DfThreads {
  /** Threads taking part, the main one included. */
  readonly threads: number;
  private readonly control: Int32Array;
  private readonly scratch = dfScratch();
  private workers: Worker[] = [];
  private readonly errors: string[] = [];
  private disposed = false;

  /** @param threads total threads, ≥ 1 (1: no workers, plain buffers) */
  constructor(threads: number) {
    this.threads = Math.max(1, Math.floor(threads));
    const shared = this.threads > 1;
    const controlBuffer = shared ? new SharedArrayBuffer(4 * DF_CTRL_LENGTH) : new ArrayBuffer(4 * DF_CTRL_LENGTH);
    this.control = new Int32Array(controlBuffer);
    if (!shared) return;
    const bootstrap = workerBootstrap(workerEntryFile('df-worker'), DF_CTRL_FAILED, DF_CTRL_READY);
    for (let w = 1; w < this.threads; w++) {
      const workerData: DfWorkerData = { control: controlBuffer as SharedArrayBuffer, slot: w };
      this.workers.push(startWorker(bootstrap, workerData, this.errors));
    }
  }

  /** A buffer of `doubles` float64 values, shared when workers need to see it. */
  buffer(doubles: number): SharedArrayBuffer | ArrayBuffer {
    return this.workers.length > 0 ? new SharedArrayBuffer(8 * doubles) : new ArrayBuffer(8 * doubles);
  }

  /**
   * Runs one job on every thread and returns when all are done. A worker still starting takes
   * its share when it is up (the main thread may have taken every task by then).
   */
  run(msg: DfTaskMessage): void {
    if (this.disposed) throw new RoothaanError('DISPOSED', 'this JK builder was disposed; create a new one');
    const c = this.control;
    Atomics.store(c, DF_CTRL_COUNTER, 0);
    Atomics.store(c, DF_CTRL_DONE, 0);
    Atomics.store(c, DF_CTRL_ERROR, 0);
    for (const w of this.workers) w.postMessage(msg);
    runDfTasks(msg, c, 0, this.scratch);
    const started = Date.now();
    for (;;) {
      if (Atomics.load(c, DF_CTRL_FAILED) !== 0) {
        this.dispose();
        throw new RoothaanError('WORKER_FAILED', 'a density-fitting worker thread could not load df-worker; use { threads: 1 } to run without workers');
      }
      const done = Atomics.load(c, DF_CTRL_DONE);
      if (done >= this.workers.length) break;
      if (Date.now() - started > STALL_LIMIT_MS) throw new RoothaanError('WORKER_FAILED', `density-fitting workers did not finish within ${STALL_LIMIT_MS / 1000} s`);
      Atomics.wait(c, DF_CTRL_DONE, done, 100);
    }
    if (Atomics.load(c, DF_CTRL_ERROR) !== 0) {
      throw new RoothaanError('WORKER_FAILED', `a density-fitting worker failed: ${this.errors.join('; ') || 'unknown error'}`);
    }
  }

  /** Terminates the workers. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const w of this.workers) void w.terminate();
    this.workers = [];
  }
}
