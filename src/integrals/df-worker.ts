/**
 * Worker-thread entry for the density-fitting tasks (see src/integrals/df-worker-pool.ts): runs
 * every job message it receives with {@link runDfTasks} and reports completion through the
 * shared control array.
 *
 * @packageDocumentation
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DF_CTRL_DONE, DF_CTRL_ERROR, DF_CTRL_READY, dfScratch, runDfTasks, type DfTaskMessage } from './df-kernels';
import { serveJobs } from './worker-bootstrap';

/** What the pool passes as `workerData`. */
export interface DfWorkerData {
  readonly control: SharedArrayBuffer;
  readonly slot: number;
}

if (parentPort) {
  const data = workerData as DfWorkerData;
  const control = new Int32Array(data.control);
  const scratch = dfScratch();
  serveJobs(parentPort, control, { error: DF_CTRL_ERROR, done: DF_CTRL_DONE, ready: DF_CTRL_READY }, (msg: DfTaskMessage) => runDfTasks(msg, control, data.slot, scratch));
}
