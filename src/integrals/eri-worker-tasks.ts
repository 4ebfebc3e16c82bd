/**
 * The task loop every thread (main or worker) runs for ERI and J/K work: tasks are handed out
 * by an atomic counter in shared memory, so threads that finish early take more.
 *
 * This module is pure (no worker_threads): the main thread calls {@link runTasks} itself, and
 * src/integrals/eri-worker.ts calls it inside workers.
 *
 * @packageDocumentation
 */
import type { EriEngine } from './eri-engine';
import { fillStoreTask } from './eri-store';
import { jkDirectTask, jkStoredRange } from './jk-kernels';

/** Slots of the shared Int32 control array. */
export const CTRL_COUNTER = 0;
/** Number of workers that finished the current job. */
export const CTRL_DONE = 1;
/** Number of workers that have started and are listening. */
export const CTRL_READY = 2;
/** Set to 1 by a worker whose task threw. */
export const CTRL_ERROR = 3;
/** Running count of shell quartets computed in the current job. */
export const CTRL_QUARTETS = 4;
/** Set to 1 by a worker whose entry module failed to load. */
export const CTRL_FAILED = 5;
/** Length of the control array. */
export const CTRL_LENGTH = 8;

/** What a thread needs to run tasks: its own engine and scratch, and the shared screening data. */
export interface TaskContext {
  readonly engine: EriEngine;
  /** Schwarz factors, nshell², shared. */
  readonly schwarz: Float64Array;
  /** Screening threshold on Q_PQ·Q_RS. */
  readonly threshold: number;
  /** Quartet scratch of engine.maxQuartetSize. */
  readonly buf: Float64Array;
}

/** One job: the same message goes to every worker; the buffers are shared, not copied. */
export type TaskMessage =
  | {
      readonly kind: 'store';
      readonly ntasks: number;
      readonly store: SharedArrayBuffer | ArrayBuffer;
      /** One batch: the tasks (in counter order) from `begin` (default 0) to before `end` (default `ntasks`). */
      readonly begin?: number;
      readonly end?: number;
    }
  | {
      readonly kind: 'jk-stored';
      readonly ntasks: number;
      readonly store: SharedArrayBuffer | ArrayBuffer;
      readonly bounds: Int32Array;
      readonly dens: SharedArrayBuffer | ArrayBuffer;
      readonly ndens: number;
      readonly partials: SharedArrayBuffer | ArrayBuffer;
      readonly doJ: boolean;
      readonly doK: boolean;
    }
  | {
      readonly kind: 'jk-direct';
      readonly ntasks: number;
      readonly dens: SharedArrayBuffer | ArrayBuffer;
      readonly ndens: number;
      readonly partials: SharedArrayBuffer | ArrayBuffer;
      readonly doJ: boolean;
      readonly doK: boolean;
    };

/**
 * Takes tasks from the shared counter until none are left and runs them. `slot` is this
 * thread's index (0 = main) and selects its partial J̃/K̃ block, which it zeroes first.
 *
 * Tasks are numbered so that the most expensive (largest bra pair index, which has the most
 * ket pairs) come first.
 */
export function runTasks(ctx: TaskContext, msg: TaskMessage, control: Int32Array, slot: number): void {
  const nbf = ctx.engine.basis.nbf;
  let quartets = 0;
  switch (msg.kind) {
    case 'store': {
      const store = new Float64Array(msg.store);
      const end = msg.end ?? msg.ntasks;
      for (;;) {
        const t = Atomics.add(control, CTRL_COUNTER, 1);
        if (t >= end) break;
        quartets += fillStoreTask(ctx.engine, ctx.schwarz, ctx.threshold, store, msg.ntasks - 1 - t, ctx.buf);
      }
      break;
    }
    case 'jk-stored': {
      const store = new Float64Array(msg.store);
      const dens = new Float64Array(msg.dens);
      const size = 2 * msg.ndens * nbf * nbf;
      const partial = new Float64Array(msg.partials, slot * size * 8, size);
      partial.fill(0);
      for (;;) {
        const t = Atomics.add(control, CTRL_COUNTER, 1);
        if (t >= msg.ntasks) break;
        const c = msg.ntasks - 1 - t;
        jkStoredRange(store, nbf, msg.bounds[c]!, msg.bounds[c + 1]!, dens, msg.ndens, partial, msg.doJ, msg.doK);
      }
      break;
    }
    case 'jk-direct': {
      const dens = new Float64Array(msg.dens);
      const size = 2 * msg.ndens * nbf * nbf;
      const partial = new Float64Array(msg.partials, slot * size * 8, size);
      partial.fill(0);
      for (;;) {
        const t = Atomics.add(control, CTRL_COUNTER, 1);
        if (t >= msg.ntasks) break;
        quartets += jkDirectTask(
          ctx.engine,
          ctx.schwarz,
          ctx.threshold,
          msg.ntasks - 1 - t,
          dens,
          msg.ndens,
          partial,
          msg.doJ,
          msg.doK,
          ctx.buf,
        );
      }
      break;
    }
  }
  Atomics.add(control, CTRL_QUARTETS, quartets);
}

/**
 * The main thread's part of a 'store' job that the workers run to its end: takes tasks from the
 * shared counter until this thread has done one at or past task `limit − 1` or none are left,
 * so a caller can report progress between calls while the workers keep going. A task taken is
 * always done (the counter only moves forward), so no task is lost between calls. Returns the
 * counter's value at the end (tasks handed out so far, capped at the job's end).
 */
export function runStoreTasksUntil(ctx: TaskContext, msg: Extract<TaskMessage, { kind: 'store' }>, control: Int32Array, limit: number): number {
  const store = new Float64Array(msg.store);
  const end = msg.end ?? msg.ntasks;
  let quartets = 0;
  for (;;) {
    const t = Atomics.add(control, CTRL_COUNTER, 1);
    if (t >= end) break;
    quartets += fillStoreTask(ctx.engine, ctx.schwarz, ctx.threshold, store, msg.ntasks - 1 - t, ctx.buf);
    if (t >= limit - 1) break;
  }
  Atomics.add(control, CTRL_QUARTETS, quartets);
  return Math.min(end, Atomics.load(control, CTRL_COUNTER));
}
