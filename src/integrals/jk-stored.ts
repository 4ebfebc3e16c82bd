/**
 * J/K from a packed in-memory store of the unique ERIs: the integrals are computed once (on
 * every thread) and each {@link JKBuilder.computeJK} call only contracts them with the
 * densities.
 *
 * @packageDocumentation
 */
import type { BasisSet } from '../basis/basis-set';
import { InvalidInputError } from '../errors';
import type { Matrix } from '../linalg';
import { createEriEngine } from './eri-engine';
import { estimatePackedEriBytes, packedEriLength, shellPairCount, type PackedEriStore } from './eri-store';
import { allocateBuffer, defaultThreadCount, EriTaskRunner } from './eri-worker-pool';
import type { JKBuilder, JKResult } from './jk';
import { JKBuffers } from './jk-common';
import { storedChunkBounds } from './jk-kernels';
import type { EriOptions } from './jk-options';
import { runSteps, runStepsAsync, type ProgressOptions, type Steps } from './progress';
import { DEFAULT_SCREENING_THRESHOLD, schwarzFactors } from './schwarz';

/**
 * A {@link JKBuilder} over a packed ERI store, with the store it owns.
 *
 * @example
 * ```ts
 * const jk = createStoredJK(basisSet);
 * jk.store.bytes; // memory the integrals take
 * ```
 */
export interface StoredJKBuilder extends JKBuilder {
  readonly kind: 'stored';
  /** The packed unique integrals (see {@link PackedEriStore}); `threshold` is NaN and `quartetsComputed` 0 when made from a packed array. */
  readonly store: PackedEriStore;
  /** `store.data`: the packed unique (ij|kl), kl ≤ ij, in hartree. */
  readonly packedEris: Float64Array;
  /** Threads used, the main one included. */
  readonly threads: number;
  computeJK(densities: readonly Matrix[], options?: { J?: boolean; K?: boolean }): JKResult;
  dispose(): void;
}

/** Batches of the store job: at most this many, of about equal work, so progress moves in ~1 % steps. */
const STORE_BATCHES = 100;

/**
 * The batch boundaries (in task-counter order) of a store job of `ntasks` bra pairs: task t is
 * bra pair ntasks − 1 − t, which has ntasks − t ket pairs, so the first tasks cost the most.
 * Returns the boundaries and the work done at each (cumulative ket pairs).
 */
export function storeBatches(ntasks: number, batches = STORE_BATCHES): { bounds: number[]; work: number[]; total: number } {
  const total = (ntasks * (ntasks + 1)) / 2;
  const bounds = [0], work = [0];
  let done = 0;
  for (let t = 0; t < ntasks; t++) {
    done += ntasks - t;
    if (done >= (total * bounds.length) / batches || t === ntasks - 1) {
      bounds.push(t + 1);
      work.push(done);
    }
  }
  return { bounds, work, total };
}

/** The phase name the store's progress reports. */
export const TWO_ELECTRON_PHASE = 'two-electron integrals';

/** Fills the packed store in batches, yielding the fraction of shell-quartet work done after each. */
function* fillStoreSteps(runner: EriTaskRunner, basis: BasisSet, threshold: number): Steps<PackedEriStore> {
  const length = packedEriLength(basis.nbf);
  const buffer = allocateBuffer(8 * length, runner.shared);
  const ntasks = shellPairCount(basis);
  const { bounds, work, total } = storeBatches(ntasks);
  yield { phase: TWO_ELECTRON_PHASE, fraction: 0 };
  // The workers run the whole job; the main thread takes its share batch by batch and reports
  // the work handed out after each (the workers do not wait for it in between).
  const msg = { kind: 'store', ntasks, store: buffer } as const;
  runner.startStore(msg);
  let handedOut = 0;
  for (let b = 1; b < bounds.length; b++) {
    if (handedOut >= bounds[b]!) continue;
    handedOut = runner.runStoreUntil(msg, bounds[b]!);
    let done = b;
    while (done + 1 < bounds.length && bounds[done + 1]! <= handedOut) done++;
    yield { phase: TWO_ELECTRON_PHASE, fraction: total > 0 ? work[done]! / total : 1 };
  }
  const computed = runner.finish();
  const nsp = ntasks;
  return {
    nbf: basis.nbf,
    data: new Float64Array(buffer),
    bytes: estimatePackedEriBytes(basis.nbf),
    threshold,
    quartetsComputed: computed,
    quartetsTotal: (nsp * (nsp + 1)) / 2,
  };
}

function resolveOptions(options: EriOptions): { threads: number; threshold: number } {
  const threads = options.threads ?? defaultThreadCount();
  const threshold = options.threshold ?? DEFAULT_SCREENING_THRESHOLD;
  return { threads: Math.max(1, Math.floor(threads)), threshold: Math.max(0, threshold) };
}

/**
 * Computes the packed store of unique ERIs ({@link PackedEriStore}) of a basis, on
 * `options.threads` threads, with Schwarz screening. Needs {@link estimatePackedEriBytes}
 * bytes.
 *
 * @param basis the basis set (bohr)
 * @param options threads and screening threshold
 * @example
 * ```ts
 * const store = buildPackedEriStore(basisSet, { threads: 2 });
 * store.data[packedEriIndex(0, 0, 0, 0)]; // (00|00) in hartree; 4.785065404705506 for water/STO-3G
 * ```
 */
export function buildPackedEriStore(basis: BasisSet, options: EriOptions = {}): PackedEriStore {
  const { threads, threshold } = resolveOptions(options);
  const engine = createEriEngine(basis);
  const runner = new EriTaskRunner(basis, engine, schwarzFactors(engine), threshold, threads);
  try {
    return runSteps(fillStoreSteps(runner, basis, threshold));
  } finally {
    runner.dispose();
  }
}

/**
 * The steps of {@link createStoredJK}: computes the packed store in batches (yielding the
 * progress after each) and returns the builder. Stopping it early (`return()`, or an abort in
 * {@link runSteps}) stops its worker threads.
 *
 * @internal used by the SCF set-up's synchronous and asynchronous twins
 */
export function* storedJKSteps(basis: BasisSet, options: EriOptions = {}): Steps<StoredJKBuilder> {
  const { threads, threshold } = resolveOptions(options);
  const engine = createEriEngine(basis);
  const runner = new EriTaskRunner(basis, engine, schwarzFactors(engine), threshold, threads);
  let finished = false;
  try {
    const store = yield* fillStoreSteps(runner, basis, threshold);
    finished = true;
    return storedBuilder(basis, runner, store);
  } finally {
    if (!finished) runner.dispose();
  }
}

/**
 * A J/K builder that computes the packed ERI store once, then contracts it with the densities
 * of each call (on the same threads). Call `dispose()` to stop its workers. The store is
 * computed in about 100 batches of equal work: `onProgress` hears the fraction done after each,
 * and an aborted `signal` stops there (throwing `ScfInterruptedError`, workers stopped).
 *
 * @param basis the basis set (bohr)
 * @param options threads (default: all cores), Schwarz threshold (default 1e-12 Eh), progress and abort
 * @example
 * ```ts
 * const jk = createStoredJK(basisSet, { threads: 2, onProgress: (p) => console.log(p.fraction) });
 * const { J, K } = jk.computeJK([D]); // D: nbf×nbf density; J, K in hartree
 * jk.dispose();
 * ```
 */
export function createStoredJK(basis: BasisSet, options: EriOptions & ProgressOptions = {}): StoredJKBuilder {
  return runSteps(storedJKSteps(basis, options), options);
}

/**
 * {@link createStoredJK} that yields to the event loop between its batches, so that timers,
 * signal handlers (a notebook's Interrupt) and output run while the integrals are computed.
 *
 * @example
 * ```ts
 * const jk = await createStoredJKAsync(basisSet, { signal: AbortSignal.timeout(10_000) });
 * ```
 */
export function createStoredJKAsync(basis: BasisSet, options: EriOptions & ProgressOptions = {}): Promise<StoredJKBuilder> {
  return runStepsAsync(storedJKSteps(basis, options), options);
}

/**
 * A stored J/K builder over packed unique ERIs computed before (e.g. a resumed job's
 * checkpoints), with the same kernels and threads as {@link createStoredJK}: no integral is
 * recomputed. `packed` holds (ij|kl) at {@link packedEriIndex}(i, j, k, l) (kl ≤ ij, hartree)
 * and must have {@link packedEriLength}(nbf) values; it is used in place when it can be (an
 * array of its own buffer; on several threads a SharedArrayBuffer), otherwise copied once.
 *
 * @param basis the basis set the integrals belong to (only its size and shells are used)
 * @param packed the packed unique integrals
 * @param options threads (default: all cores)
 * @example
 * ```ts
 * const first = createStoredJK(basisSet, { threads: 1 });
 * const again = createStoredJKFromPacked(basisSet, first.packedEris, { threads: 1 });
 * again.computeJK([D]); // the same J and K as first.computeJK([D]), bit for bit
 * ```
 */
export function createStoredJKFromPacked(basis: BasisSet, packed: Float64Array, options: { threads?: number } = {}): StoredJKBuilder {
  const nbf = basis.nbf;
  const length = packedEriLength(nbf);
  if (!(packed instanceof Float64Array) || packed.length !== length) {
    throw new InvalidInputError(
      `the packed ERIs hold ${packed?.length} values; ${nbf} basis functions need packedEriLength(${nbf}) = ${length}`,
      { field: 'eris' },
    );
  }
  const { threads } = resolveOptions(options);
  const engine = createEriEngine(basis);
  const runner = new EriTaskRunner(basis, engine, schwarzFactors(engine), DEFAULT_SCREENING_THRESHOLD, threads);
  const usable =
    packed.byteOffset === 0 &&
    packed.buffer.byteLength === 8 * length &&
    (!runner.shared || packed.buffer instanceof SharedArrayBuffer);
  let data = packed;
  if (!usable) {
    data = new Float64Array(allocateBuffer(8 * length, runner.shared));
    data.set(packed);
  }
  const nsp = shellPairCount(basis);
  const store: PackedEriStore = {
    nbf,
    data,
    bytes: estimatePackedEriBytes(nbf),
    threshold: NaN,
    quartetsComputed: 0,
    quartetsTotal: (nsp * (nsp + 1)) / 2,
  };
  return storedBuilder(basis, runner, store);
}

function storedBuilder(basis: BasisSet, runner: EriTaskRunner, store: PackedEriStore): StoredJKBuilder {
  const nbf = basis.nbf;
  const buffers = new JKBuffers(nbf, runner);
  const nchunks = Math.max(1, Math.min(nbf, 16 * runner.threads));
  const bounds = storedChunkBounds(nbf, nchunks);
  return {
    nbf,
    kind: 'stored',
    store,
    packedEris: store.data,
    threads: runner.threads,
    computeJK(densities, opts = {}) {
      const doJ = opts.J !== false;
      const doK = opts.K !== false;
      const { dens, partials } = buffers.loadDensities(densities);
      if (densities.length > 0 && (doJ || doK)) {
        runner.run({
          kind: 'jk-stored',
          ntasks: nchunks,
          store: store.data.buffer as SharedArrayBuffer | ArrayBuffer,
          bounds,
          dens,
          ndens: densities.length,
          partials,
          doJ,
          doK,
        });
      }
      return buffers.result(densities.length, doJ, doK);
    },
    dispose() {
      runner.dispose();
    },
  };
}
