/**
 * Worker-thread entry for the density-fitting tasks (see src/integrals/df-worker-pool.ts): runs
 * every job message it receives with {@link runDfTasks} and reports completion through the
 * shared control array.
 *
 * @packageDocumentation
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DF_CTRL_DONE, DF_CTRL_ERROR, DF_CTRL_READY, dfScratch, runDfTasks, type DfTaskMessage } from './df-kernels';

/** What the pool passes as `workerData`. */
export interface DfWorkerData {
  readonly control: SharedArrayBuffer;
  readonly slot: number;
}

if (parentPort) {
  const data = workerData as DfWorkerData;
  const control = new Int32Array(data.control);
  const scratch = dfScratch();
  const port = parentPort;
  port.on('message', (msg: DfTaskMessage) => {
    try {
      runDfTasks(msg, control, data.slot, scratch);
    } catch (e) {
      Atomics.store(control, DF_CTRL_ERROR, 1);
      port.postMessage({ error: String(e instanceof Error ? (e.stack ?? e.message) : e) });
    }
    Atomics.add(control, DF_CTRL_DONE, 1);
    Atomics.notify(control, DF_CTRL_DONE);
  });
  Atomics.add(control, DF_CTRL_READY, 1);
  Atomics.notify(control, DF_CTRL_READY);
}
