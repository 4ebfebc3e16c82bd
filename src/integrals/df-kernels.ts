/**
 * The dense steps of in-core density fitting as tasks that any thread runs (pure: no
 * worker_threads here; the main thread calls {@link runDfTasks} itself, src/integrals/df-worker.ts
 * calls it inside workers): the fit of the raw (P|μν), strip of columns by strip, and the
 * exchange matrix, block of fitted rows by block. Tasks are handed out by an atomic counter in a
 * shared Int32Array, as for the ERIs (eri-worker-tasks.ts), so a thread that finishes early
 * takes more. Buffers are SharedArrayBuffers when workers take part, plain ArrayBuffers otherwise.
 *
 * @packageDocumentation
 */
import { addProduct, addProductTN } from '../linalg';

/** Slot of the shared control array: the next task to take. */
export const DF_CTRL_COUNTER = 0;
/** Slot: workers that finished the current job. */
export const DF_CTRL_DONE = 1;
/** Slot: workers started and listening. */
export const DF_CTRL_READY = 2;
/** Slot: set to 1 by a worker whose task threw. */
export const DF_CTRL_ERROR = 3;
/** Slot: set to 1 by a worker whose entry module failed to load. */
export const DF_CTRL_FAILED = 4;
/** Length of the control array. */
export const DF_CTRL_LENGTH = 8;

/** Auxiliary functions per exchange task (U is nbf × 16·nbf doubles: 1.7 MB at nbf = 114). */
export const K_BLOCK = 16;

/** Columns of (P|μν) per fit task: a strip of naux × 64 doubles (0.3 MB at naux = 558) stays in L2 cache while every row of the factor uses it. */
export const FIT_STRIP = 64;

type Buffer = SharedArrayBuffer | ArrayBuffer;

/** One job: the same message goes to every thread; the buffers are shared, not copied. */
export type DfTaskMessage =
  | {
      /** B = L⁻¹·raw in place (rows 0 … naux − 1), `negL` = −L below the diagonal, `invDiag` = 1/L_ii. */
      readonly kind: 'fit-cholesky';
      readonly raw: Buffer;
      readonly negL: Buffer;
      readonly invDiag: Buffer;
      readonly naux: number;
      readonly npair: number;
    }
  | {
      /** B = W·raw in place (rows 0 … nq − 1), W nq × naux. */
      readonly kind: 'fit-eigen';
      readonly raw: Buffer;
      readonly W: Buffer;
      readonly nq: number;
      readonly naux: number;
      readonly npair: number;
    }
  | {
      /**
       * Thread `slot` adds Σ_{q,k} X_qkμ X_qkν over its blocks into partials[slot] (the columns
       * k < mPos) and partials[slot] + nbf² (the rest), lower triangle; X = Cᵀ·U per block.
       */
      readonly kind: 'exchange';
      readonly B: Buffer;
      readonly nq: number;
      readonly nbf: number;
      /** The density factor C (nbf × m, row-major): D = Σ_k s_k c_k c_kᵀ, s = +1 for k < mPos. */
      readonly C: Buffer;
      readonly m: number;
      readonly mPos: number;
      /** threads × 2 × nbf² doubles, zeroed by the caller. */
      readonly partials: Buffer;
    };

/** Number of tasks of a job. */
export function dfTaskCount(msg: DfTaskMessage): number {
  return msg.kind === 'exchange' ? Math.ceil(msg.nq / K_BLOCK) : Math.ceil(msg.npair / FIT_STRIP);
}

/** Scratch a thread keeps between jobs (grown on demand). */
export interface DfScratch {
  a: Float64Array;
  b: Float64Array;
}

/** An empty scratch. */
export function dfScratch(): DfScratch {
  return { a: new Float64Array(0), b: new Float64Array(0) };
}

function ensure(s: DfScratch, a: number, b: number): void {
  if (s.a.length < a) s.a = new Float64Array(a);
  if (s.b.length < b) s.b = new Float64Array(b);
}

/**
 * Takes tasks of `msg` from the shared counter until none are left and runs them (thread `slot`,
 * 0 for the main thread).
 */
export function runDfTasks(msg: DfTaskMessage, control: Int32Array, slot: number, scratch: DfScratch): void {
  const ntasks = dfTaskCount(msg);
  for (;;) {
    const t = Atomics.add(control, DF_CTRL_COUNTER, 1);
    if (t >= ntasks) return;
    if (msg.kind === 'exchange') exchangeTask(msg, t, slot, scratch);
    else if (msg.kind === 'fit-cholesky') fitCholeskyTask(msg, t, scratch);
    else fitEigenTask(msg, t, scratch);
  }
}

/**
 * Strip t of B = L⁻¹·raw: forward substitution two rows at a time, B_i = (raw_i − Σ_{p<i} L_ip
 * B_p) / L_ii, the sum through the product kernel (naux²·jb flops per strip of jb columns).
 */
function fitCholeskyTask(msg: Extract<DfTaskMessage, { kind: 'fit-cholesky' }>, t: number, scratch: DfScratch): void {
  const { naux: n, npair } = msg;
  const raw = new Float64Array(msg.raw), negL = new Float64Array(msg.negL), invDiag = new Float64Array(msg.invDiag);
  const j0 = t * FIT_STRIP;
  const jb = Math.min(FIT_STRIP, npair - j0);
  ensure(scratch, n * FIT_STRIP, 0);
  const S = scratch.a;
  for (let p = 0; p < n; p++) S.set(raw.subarray(p * npair + j0, p * npair + j0 + jb), p * jb);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    addProduct(2, i, jb, negL, i * n, n, S, 0, jb, S, i * jb, jb);
    const r0 = i * jb, r1 = r0 + jb;
    const d0 = invDiag[i]!, d1 = invDiag[i + 1]!, l10 = negL[(i + 1) * n + i]!;
    for (let j = 0; j < jb; j++) {
      const b0 = S[r0 + j]! * d0;
      S[r0 + j] = b0;
      S[r1 + j] = (S[r1 + j]! + l10 * b0) * d1;
    }
  }
  if (i < n) {
    addProduct(1, i, jb, negL, i * n, n, S, 0, jb, S, i * jb, jb);
    for (let j = 0; j < jb; j++) S[i * jb + j] = S[i * jb + j]! * invDiag[i]!;
  }
  for (let p = 0; p < n; p++) raw.set(S.subarray(p * jb, p * jb + jb), p * npair + j0);
}

/** Strip t of B = W·raw, written over rows 0 … nq − 1 of raw (all of the strip is read first). */
function fitEigenTask(msg: Extract<DfTaskMessage, { kind: 'fit-eigen' }>, t: number, scratch: DfScratch): void {
  const { nq, naux, npair } = msg;
  const raw = new Float64Array(msg.raw), W = new Float64Array(msg.W);
  const j0 = t * FIT_STRIP;
  const jb = Math.min(FIT_STRIP, npair - j0);
  ensure(scratch, nq * FIT_STRIP, 0);
  const strip = scratch.a;
  strip.fill(0, 0, nq * jb);
  addProduct(nq, naux, jb, W, 0, naux, raw, j0, npair, strip, 0, jb);
  for (let q = 0; q < nq; q++) raw.set(strip.subarray(q * jb, q * jb + jb), q * npair + j0);
}

/**
 * Block t of K: rows q0 … q0 + nb − 1 of B unpacked to U[μ][q·nbf + ν] = B_q(μν), X = Cᵀ·U
 * (m × nb·nbf, read as rows (k, q) of length nbf), then partial += XᵀX (lower triangle).
 * Cost 2·nb·nbf²·m + nb·nbf²·m flops.
 */
function exchangeTask(msg: Extract<DfTaskMessage, { kind: 'exchange' }>, t: number, slot: number, scratch: DfScratch): void {
  const { nq, nbf, m, mPos } = msg;
  const B = new Float64Array(msg.B), C = new Float64Array(msg.C);
  const nn = nbf * nbf;
  const K = new Float64Array(msg.partials, 8 * slot * 2 * nn, nn);
  const Kneg = new Float64Array(msg.partials, 8 * (slot * 2 + 1) * nn, nn);
  const npair = (nbf * (nbf + 1)) / 2;
  const q0 = t * K_BLOCK;
  const nb = Math.min(K_BLOCK, nq - q0);
  const w = nb * nbf;
  ensure(scratch, nbf * K_BLOCK * nbf, m * K_BLOCK * nbf);
  const U = scratch.a, X = scratch.b;
  for (let q = 0; q < nb; q++) {
    let o = (q0 + q) * npair;
    const col = q * nbf;
    for (let mu = 0; mu < nbf; mu++) {
      const rowMu = mu * w + col;
      for (let nu = 0; nu <= mu; nu++) {
        const v = B[o++]!;
        U[rowMu + nu] = v;
        U[nu * w + col + mu] = v;
      }
    }
  }
  X.fill(0, 0, m * w);
  addProductTN(m, nbf, w, C, 0, m, U, 0, w, X, 0, w);
  addProductTN(nbf, mPos * nb, nbf, X, 0, nbf, X, 0, nbf, K, 0, nbf, true);
  if (mPos < m) addProductTN(nbf, (m - mPos) * nb, nbf, X, mPos * w, nbf, X, mPos * w, nbf, Kneg, 0, nbf, true);
}
