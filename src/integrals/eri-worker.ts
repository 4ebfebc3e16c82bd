/**
 * Worker-thread entry for ERI and J/K tasks (see src/integrals/eri-worker-pool.ts). Builds its
 * own engine from the basis it was given once at start, then runs every job message it
 * receives with {@link runTasks} and reports completion through the shared control array.
 *
 * @packageDocumentation
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { BasisSet } from '../basis/basis-set';
import { createEriEngine } from './eri-engine';
import { CTRL_DONE, CTRL_ERROR, CTRL_READY, runTasks, type TaskContext, type TaskMessage } from './eri-worker-tasks';
import { serveJobs } from './worker-bootstrap';

/** What the pool passes as `workerData`. */
export interface EriWorkerData {
  readonly basis: BasisSet;
  readonly control: SharedArrayBuffer;
  readonly schwarz: SharedArrayBuffer;
  readonly threshold: number;
  readonly slot: number;
}

if (parentPort) {
  const data = workerData as EriWorkerData;
  const control = new Int32Array(data.control);
  const engine = createEriEngine(data.basis);
  const ctx: TaskContext = {
    engine,
    schwarz: new Float64Array(data.schwarz),
    threshold: data.threshold,
    buf: new Float64Array(engine.maxQuartetSize),
  };
  serveJobs(parentPort, control, { error: CTRL_ERROR, done: CTRL_DONE, ready: CTRL_READY }, (msg: TaskMessage) => runTasks(ctx, msg, control, data.slot));
}
