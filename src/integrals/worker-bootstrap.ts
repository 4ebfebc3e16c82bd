/**
 * The start-up code of a worker thread of the integral pools (eri-worker-pool.ts, df-worker-pool.ts).
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
