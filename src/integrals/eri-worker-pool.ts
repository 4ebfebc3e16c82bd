/**
 * Runs ERI and J/K jobs on several threads over shared memory — the one place in the
 * numerical core that uses `worker_threads`.
 *
 * - The basis is sent to each worker once, when the pool starts; every worker builds its own
 *   engine (pair data and scratch). The Schwarz factors, the packed store, the densities and the
 *   per-thread partial J̃/K̃ live in SharedArrayBuffers, so no job copies them.
 * - A job is one message to every worker; tasks are handed out by an atomic counter
 *   (`Atomics.add`) in a shared Int32Array. The main thread takes tasks too, then blocks in
 *   `Atomics.wait` (allowed on Node's main thread) until every worker has reported done. The
 *   public calls are therefore synchronous.
 * - Workers are `unref()`ed: they never keep the process alive, and `dispose()` terminates them.
 * - The constructor does not wait for the workers to boot: the first job starts on the main
 *   thread at once and the workers join when they are up (a worker that cannot start fails that
 *   first job with WORKER_FAILED).
 * - Workers load the compiled `eri-worker.js` next to this file, or `eri-worker.ts` through
 *   tsx's CommonJS hook (an eval'd bootstrap) when this file itself runs as TypeScript (tests,
 *   `npx tsx`).
 *
 * @packageDocumentation
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BasisSet } from '../basis/basis-set';
import { RoothaanError } from '../errors';
import type { EriEngine } from './eri-engine';
import { CTRL_COUNTER, CTRL_DONE, CTRL_ERROR, CTRL_FAILED, CTRL_LENGTH, CTRL_QUARTETS, CTRL_READY, runStoreTasksUntil, runTasks, type TaskContext, type TaskMessage } from './eri-worker-tasks';
import type { EriWorkerData } from './eri-worker';
import { startWorker, workerBootstrap, workerEntryFile } from './worker-bootstrap';

/**
 * Default number of threads: the cores Node reports (`os.availableParallelism()`).
 *
 * @example
 * ```ts
 * defaultThreadCount(); // 2 on a two-core machine
 * ```
 */
export function defaultThreadCount(): number {
  return Math.max(1, availableParallelism());
}

/** How long the main thread waits without any task being taken or finished before giving up (ms). */
const STALL_LIMIT_MS = 10 * 60 * 1000;

/** How long the main thread waits for new workers to start (ms). */
const START_LIMIT_MS = 60 * 1000;

/**
 * Runs jobs on the main thread plus `threads − 1` workers (none when threads = 1).
 *
 * @example
 * ```ts
 * const runner = new EriTaskRunner(basisSet, engine, schwarz, 1e-12, 2);
 * runner.run({ kind: 'store', ntasks, store: sab });
 * runner.dispose();
 * ```
 */
export class EriTaskRunner {
  /** Threads taking part, the main one included. */
  readonly threads: number;
  /** The main thread's context (engine, shared Schwarz factors, scratch). */
  readonly ctx: TaskContext;
  private readonly control: Int32Array;
  private workers: Worker[] = [];
  private readonly errors: string[] = [];
  private disposed = false;

  /**
   * @param basis the basis set
   * @param engine the main thread's engine for that basis
   * @param schwarz Schwarz factors (copied once into shared memory when threads > 1)
   * @param threshold screening threshold on Q_PQ·Q_RS (hartree)
   * @param threads total threads, ≥ 1
   */
  constructor(basis: BasisSet, engine: EriEngine, schwarz: Float64Array, threshold: number, threads: number) {
    this.threads = Math.max(1, Math.floor(threads));
    const useWorkers = this.threads > 1;
    const controlBuffer = useWorkers ? new SharedArrayBuffer(4 * CTRL_LENGTH) : new ArrayBuffer(4 * CTRL_LENGTH);
    this.control = new Int32Array(controlBuffer);
    let q = schwarz;
    let qShared: SharedArrayBuffer | undefined;
    if (useWorkers) {
      qShared = new SharedArrayBuffer(8 * schwarz.length);
      q = new Float64Array(qShared);
      q.set(schwarz);
    }
    this.ctx = { engine, schwarz: q, threshold, buf: new Float64Array(engine.maxQuartetSize) };
    if (!useWorkers) return;
    const file = workerEntryFile('eri-worker');
    const bootstrap = workerBootstrap(file, CTRL_FAILED, CTRL_READY);
    const plainBasis = plainBasisCopy(basis);
    for (let w = 1; w < this.threads; w++) {
      const workerData: EriWorkerData = {
        basis: plainBasis,
        control: controlBuffer as SharedArrayBuffer,
        schwarz: qShared!,
        threshold,
        slot: w,
      };
      this.workers.push(startWorker(bootstrap, workerData, this.errors));
    }
    // The workers boot (load their modules, build their engines) while the main thread goes on:
    // the first job's message waits in each worker's port, and the main thread starts on that
    // job's tasks at once. {@link run} checks that every worker came up.
    this.started = Date.now();
    this.entryFile = file;
  }

  /** The worker entry module (for messages). */
  private entryFile = '';

  /** When the workers were spawned (ms since the epoch). */
  private started = 0;

  /** Throws (and disposes) if a worker reported that it could not start, or none came up in time. */
  private checkStartup(): void {
    if (this.workers.length === 0 || this.startupChecked) return;
    if (Atomics.load(this.control, CTRL_FAILED) !== 0) {
      this.dispose();
      throw new RoothaanError('WORKER_FAILED', `an ERI worker thread could not load ${this.entryFile}; use { threads: 1 } to run without workers`);
    }
    if (Atomics.load(this.control, CTRL_READY) >= this.workers.length) {
      this.startupChecked = true;
      return;
    }
    if (Date.now() - this.started > START_LIMIT_MS) {
      this.dispose();
      throw new RoothaanError('WORKER_FAILED', `ERI worker threads did not start within ${START_LIMIT_MS / 1000} s; use { threads: 1 } to run without workers`);
    }
  }

  private startupChecked = false;

  /**
   * Runs one job on every thread and returns when all are done. Returns the number of shell
   * quartets computed (for store and direct jobs).
   */
  run(msg: TaskMessage): number {
    this.start(msg);
    runTasks(this.ctx, msg, this.control, 0);
    return this.finish();
  }

  /**
   * Starts a store job on the workers without waiting: they take tasks from the shared counter
   * until none are left. The main thread joins in with {@link runStoreUntil} (as often as it
   * likes, e.g. once per progress step) and collects the result with {@link finish}. Unlike one
   * {@link run} per batch, no thread waits for the others between batches.
   */
  startStore(msg: Extract<TaskMessage, { kind: 'store' }>): void {
    this.start(msg);
  }

  /**
   * The main thread's share of a job begun by {@link startStore}: takes tasks until it has done
   * one at or past task `limit − 1` (counter order) or none are left. Returns the counter's
   * value then, the tasks handed out so far.
   */
  runStoreUntil(msg: Extract<TaskMessage, { kind: 'store' }>, limit: number): number {
    return runStoreTasksUntil(this.ctx, msg, this.control, limit);
  }

  private start(msg: TaskMessage): void {
    if (this.disposed) throw new RoothaanError('DISPOSED', 'this JK builder was disposed; create a new one');
    const c = this.control;
    Atomics.store(c, CTRL_COUNTER, msg.kind === 'store' ? (msg.begin ?? 0) : 0);
    Atomics.store(c, CTRL_DONE, 0);
    Atomics.store(c, CTRL_ERROR, 0);
    Atomics.store(c, CTRL_QUARTETS, 0);
    for (const w of this.workers) w.postMessage(msg);
  }

  /** Waits until every worker has finished the current job; returns the shell quartets computed. */
  finish(): number {
    const c = this.control;
    // Wait for the workers. A job may take long, but tasks are small (largest first), so the
    // shared counters keep moving while workers live; only a stall fails the job. Workers that
    // are still starting count as progress until START_LIMIT_MS.
    let last = -1;
    let since = Date.now();
    for (;;) {
      this.checkStartup();
      const done = Atomics.load(c, CTRL_DONE);
      if (done >= this.workers.length) break;
      const progress = done + Atomics.load(c, CTRL_COUNTER);
      if (progress !== last || !this.startupChecked) {
        last = progress;
        since = Date.now();
      } else if (Date.now() - since > STALL_LIMIT_MS) {
        throw new RoothaanError('WORKER_FAILED', `ERI workers made no progress for ${STALL_LIMIT_MS / 1000} s`);
      }
      Atomics.wait(c, CTRL_DONE, done, this.startupChecked ? 1000 : 20);
    }
    if (Atomics.load(c, CTRL_ERROR) !== 0) {
      throw new RoothaanError('WORKER_FAILED', `an ERI worker failed: ${this.errors.join('; ') || 'unknown error'}`);
    }
    return Atomics.load(c, CTRL_QUARTETS);
  }

  /** Whether buffers handed to jobs must be SharedArrayBuffers (true when workers exist). */
  get shared(): boolean {
    return this.workers.length > 0;
  }

  /** Terminates the workers. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const w of this.workers) void w.terminate();
    this.workers = [];
  }
}

/** A buffer of `bytes` bytes: shared when workers need to see it. */
export function allocateBuffer(bytes: number, shared: boolean): SharedArrayBuffer | ArrayBuffer {
  return shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
}

/** The BasisSet fields only (typed arrays and numbers), safe to structured-clone to a worker. */
function plainBasisCopy(b: BasisSet): BasisSet {
  return {
    name: b.name,
    nshell: b.nshell,
    nbf: b.nbf,
    ncart: b.ncart,
    maxL: b.maxL,
    shellAtom: b.shellAtom,
    shellL: b.shellL,
    shellPure: b.shellPure,
    shellNprim: b.shellNprim,
    shellFirstPrim: b.shellFirstPrim,
    shellFirstFunction: b.shellFirstFunction,
    shellFirstCart: b.shellFirstCart,
    shellCenter: b.shellCenter,
    exponents: b.exponents,
    coefficients: b.coefficients,
  };
}
