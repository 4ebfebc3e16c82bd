/**
 * The start-up code of a worker thread of the integral pools (eri-worker-pool.ts, df-worker-pool.ts),
 * and the loop both kinds of worker run.
 *
 * A small CommonJS bootstrap loads the worker's entry file and, if that fails, reports it through
 * the pool's shared control array: the main thread cannot see 'error' events while it blocks in
 * `Atomics.wait`. Under tsx (tests, `npx tsx`) the pools run as TypeScript: the bootstrap then
 * registers tsx's require hook first (a `.ts` worker path would go through Node's ESM loader,
 * which does not see tsx's hooks in workers on Node 20).
 *
 * @packageDocumentation
 */
import * as path from 'node:path';
import { Worker, type MessagePort } from 'node:worker_threads';

/**
 * A worker entry file beside the pools: `.ts` when they run as TypeScript, else the compiled `.js`.
 *
 * @param entry the file name without its extension
 * @example
 * ```ts
 * workerEntryFile('eri-worker'); // …/dist/integrals/eri-worker.js
 * ```
 */
export function workerEntryFile(entry: string): string {
  return path.join(__dirname, `${entry}${__filename.endsWith('.ts') ? '.ts' : '.js'}`);
}

/**
 * The source of a worker's bootstrap, for `new Worker(source, { eval: true, workerData })` with
 * `workerData.control` the pool's control SharedArrayBuffer.
 *
 * @param file the worker's entry ({@link workerEntryFile})
 * @param failedSlot the control slot set to 1 when the entry fails to load
 * @param readySlot the control slot counting started workers (incremented and notified on a failure too)
 * @example
 * ```ts
 * // new Worker(source, { eval: true, workerData: { control } }), with CTRL_FAILED = 5 and CTRL_READY = 2 (eri-worker-tasks.ts)
 * const source = workerBootstrap(workerEntryFile('eri-worker'), 5, 2);
 * ```
 */
export function workerBootstrap(file: string, failedSlot: number, readySlot: number): string {
  const isTs = file.endsWith('.ts');
  return [
    "const { workerData } = require('node:worker_threads');",
    'try {',
    isTs ? `  require(${JSON.stringify(require.resolve('tsx/cjs'))});` : '',
    `  require(${JSON.stringify(file)});`,
    '} catch (e) {',
    '  const c = new Int32Array(workerData.control);',
    `  Atomics.store(c, ${failedSlot}, 1);`,
    `  Atomics.add(c, ${readySlot}, 1);`,
    `  Atomics.notify(c, ${readySlot});`,
    '  throw e;',
    '}',
  ].join('\n');
}

/**
 * Starts one worker of a pool from its bootstrap: the errors it reports (a message with `error`,
 * or an 'error' event) go to `errors`, and it does not keep the process alive (`unref`).
 *
 * @example
 * ```ts
 * const errors: string[] = [];
 * const worker = startWorker(workerBootstrap(workerEntryFile('df-worker'), 4, 2), { control: new SharedArrayBuffer(32), slot: 1 }, errors);
 * void worker.terminate();
 * ```
 */
export function startWorker(bootstrap: string, workerData: unknown, errors: string[]): Worker {
  const worker = new Worker(bootstrap, { eval: true, workerData });
  worker.on('message', (m: { error?: string }) => {
    if (m.error) errors.push(m.error);
  });
  worker.on('error', (e) => errors.push(String(e)));
  worker.unref();
  return worker;
}

/**
 * A worker's side: runs each job message on `port` (`run`), flags a failure in the control
 * array's `error` slot and sends its stack, counts the job done in `done`, then counts this worker
 * ready in `ready`; each count is notified for the main thread's `Atomics.wait`.
 *
 * @example
 * ```ts
 * // in a worker: serveJobs(parentPort!, control, { error: 3, done: 1, ready: 2 }, (msg) => runTasks(ctx, msg, control, slot));
 * ```
 */
export function serveJobs<M>(port: MessagePort, control: Int32Array, slots: { error: number; done: number; ready: number }, run: (msg: M) => void): void {
  port.on('message', (msg: M) => {
    try {
      run(msg);
    } catch (e) {
      Atomics.store(control, slots.error, 1);
      port.postMessage({ error: String(e instanceof Error ? (e.stack ?? e.message) : e) });
    }
    Atomics.add(control, slots.done, 1);
    Atomics.notify(control, slots.done);
  });
  Atomics.add(control, slots.ready, 1);
  Atomics.notify(control, slots.ready);
}
