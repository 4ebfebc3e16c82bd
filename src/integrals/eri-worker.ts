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
  const port = parentPort;
  port.on('message', (msg: TaskMessage) => {
    try {
      runTasks(ctx, msg, control, data.slot);
    } catch (e) {
      Atomics.store(control, CTRL_ERROR, 1);
      port.postMessage({ error: String(e instanceof Error ? (e.stack ?? e.message) : e) });
    }
    Atomics.add(control, CTRL_DONE, 1);
    Atomics.notify(control, CTRL_DONE);
  });
  Atomics.add(control, CTRL_READY, 1);
  Atomics.notify(control, CTRL_READY);
}
