/**
 * Density-fitted J and K (RI-JK) with the Coulomb metric, as Psi4's MemDFJK and PySCF's
 * `df.DF` compute them.
 *
 * With the fitted integrals B_Qμν = Σ_P W_QP (P|μν), Wᵀ W = M⁺ the metric's pseudo-inverse
 * ({@link metricFittingFactor}), (μν|λσ) ≈ Σ_Q B_Qμν B_Qλσ and
 *
 *   J_μν = Σ_Q B_Qμν Σ_λσ B_Qλσ D_λσ,      K_μν = Σ_Q Σ_λσ B_Qμλ D_λσ B_Qνσ
 *
 * (Weigend, Phys. Chem. Chem. Phys. 4, 4285 (2002), doi:10.1039/b204199p, Eqs. 3–6). K is built
 * from a factor of the density, D = Σ_k λ_k v_k v_kᵀ (its eigenvectors; the occupied orbitals
 * scaled by their occupation for an SCF density), so its cost is naux·nbf²·m with m ≈ nocc
 * instead of naux·nbf³: X_Qμk = Σ_ν B_Qμν v_νk √|λ_k|, K_μν = Σ_Qk sign(λ_k) X_Qμk X_Qνk, as
 * Psi4's MemDFJK does with C_occ.
 *
 * Two modes, chosen by memory before anything is allocated ({@link dfMemoryEstimate}):
 * - `core`: B (k × nbf(nbf+1)/2 doubles) is computed once and reused by every call.
 * - `blocked`: the raw (P|μν) are recomputed for one block of auxiliary shells at a time, twice
 *   per call (first t_P = (P|D) and (P|μk), then J after the fit), so only a block is held.
 *   Slower, the same numbers.
 *
 * @packageDocumentation
 */
import type { BasisSet } from '../basis/basis-set';
import { InvalidInputError } from '../errors';
import { eigh, matmul, type Matrix } from '../linalg';
import { coulombMetric, createDfEngine, threeIndexIntegrals, type DfEngine } from './df-integrals';
import { DF_FITTING_CONDITION, metricCholesky, metricFittingFactor } from './df-metric';
import { K_BLOCK } from './df-kernels';
import { DfThreads } from './df-worker-pool';
import { defaultThreadCount } from './eri-worker-pool';
import type { JKBuilder, JKResult } from './jk';

/**
 * Options of {@link createDfJK}.
 *
 * @example
 * ```ts
 * const options: DfJKOptions = { maxBytes: 512 * 1024 ** 2 }; // in core up to 512 MiB
 * ```
 */
export interface DfJKOptions {
  /** Relative eigenvalue cutoff of the metric (default {@link DF_FITTING_CONDITION}, Psi4's 1e-10). */
  condition?: number;
  /**
   * Memory budget in bytes for the fitted tensor: in core when {@link DfMemoryEstimate.coreBytes}
   * fits, else in blocks of auxiliary shells of at most half of it (default 2 GiB).
   */
  maxBytes?: number;
  /** Force a mode instead of choosing by `maxBytes`. */
  mode?: 'core' | 'blocked';
  /** Threads for the in-core fit and K build (default: all cores, `os.availableParallelism()`); 'blocked' mode runs on one. */
  threads?: number;
}

/**
 * Memory a DF-JK builder needs, known before allocation.
 *
 * @example
 * ```ts
 * dfMemoryEstimate(114, 558).tensorBytes; // 8 · 558 · 6555 bytes (benzene / cc-pVDZ)
 * ```
 */
export interface DfMemoryEstimate {
  /** Bytes of one (Q|μν) tensor, naux · nbf(nbf+1)/2 doubles. */
  readonly tensorBytes: number;
  /**
   * Peak bytes of the in-core mode: one tensor (B is fitted over the raw (P|μν) in place), the
   * metric, its eigenvectors and factor (3 naux² doubles), and the K build's scratch (at most
   * 2 · 16 · nbf² doubles: a block of 16 unpacked rows and its product with the density factor;
   * one such scratch per thread, counted once here).
   */
  readonly coreBytes: number;
}

/**
 * The bytes {@link createDfJK} needs in core, from the dimensions alone.
 *
 * @param nbf orbital basis functions
 * @param naux auxiliary basis functions
 * @example
 * ```ts
 * dfMemoryEstimate(24, 116).coreBytes; // water / cc-pVDZ + cc-pVDZ-JKFIT
 * ```
 */
export function dfMemoryEstimate(nbf: number, naux: number): DfMemoryEstimate {
  const tensorBytes = 8 * naux * ((nbf * (nbf + 1)) / 2);
  return { tensorBytes, coreBytes: tensorBytes + 3 * 8 * naux * naux + 2 * 8 * K_BLOCK * nbf * nbf };
}

/**
 * A density-fitted {@link JKBuilder}, with what it chose.
 *
 * @example
 * ```ts
 * const jk = createDfJK(basis.load('cc-pVDZ', water), basis.load('cc-pVDZ-JKFIT', water));
 * jk.mode; // 'core'
 * ```
 */
export interface DfJKBuilder extends JKBuilder {
  readonly kind: 'df';
  /** The auxiliary basis set's name. */
  readonly auxName: string;
  /** Number of auxiliary functions. */
  readonly naux: number;
  /** Metric eigenvalues dropped by the condition cutoff. */
  readonly dropped: number;
  /** Smallest over largest metric eigenvalue. */
  readonly minOverMax: number;
  /** How B was fitted: 'cholesky' (L⁻¹, nothing to drop) or 'eigen' (Psi4's Λ^{-1/2}Vᵀ with the cutoff; always in 'blocked' mode). */
  readonly fit: 'cholesky' | 'eigen';
  /** 'core' (B held and reused) or 'blocked' (integrals recomputed per block of auxiliary shells). */
  readonly mode: 'core' | 'blocked';
  /** Auxiliary shells per block in 'blocked' mode (all of them in 'core'). */
  readonly blockShells: number;
  /** The memory estimate the choice was made from. */
  readonly memory: DfMemoryEstimate;
  /** Milliseconds spent on the metric, the three-index integrals and the fit at creation. */
  readonly setupMs: number;
  /** Where the time went, in milliseconds: at creation and summed over every `computeJK` call so far (for profiles and benchmarks). */
  readonly timings: DfJKTimings;
}

/**
 * Milliseconds per phase of a {@link DfJKBuilder} (wall clock of the calling thread).
 *
 * @example
 * ```ts
 * const { metricMs, integralsMs, fitMs } = createDfJK(basis.load('cc-pVDZ', water), basis.load('cc-pVDZ-JKFIT', water)).timings;
 * ```
 */
export interface DfJKTimings {
  /** The Coulomb metric (P|Q) and its fitting factor (Cholesky, or the eigen-decomposition when the cutoff may drop eigenvalues). */
  readonly metricMs: number;
  /** The three-index integrals (P|μν) ('core' mode: once; 'blocked': recomputed in every call, counted in kMs, or jMs for a J-only call). */
  readonly integralsMs: number;
  /** B = W·(P|μν) ('core' mode). */
  readonly fitMs: number;
  /** All J builds so far. */
  readonly jMs: number;
  /** All K builds so far, the density's factor included. */
  readonly kMs: number;
}

const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;

/** A density's signed factor: D = Σ_k s_k c_k c_kᵀ, columns of C (nbf × m, row-major). */
interface DensityFactor {
  readonly C: Float64Array;
  readonly m: number;
  /** Columns 0 … mPos − 1 have s = +1, the rest s = −1. */
  readonly mPos: number;
}

/**
 * The eigen-factor of a symmetric density: eigenvectors with |λ| > 1e-13 · max |λ| (an SCF
 * density has rank nocc; the dropped ones are rounding noise, which moves K by < 1e-13 relative),
 * scaled by √|λ|, positive eigenvalues first.
 */
function factorDensity(D: Matrix): DensityFactor {
  const n = D.rows;
  const sym = { rows: n, cols: n, data: new Float64Array(n * n) };
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sym.data[i * n + j] = 0.5 * (D.data[i * n + j]! + D.data[j * n + i]!);
  const { values, vectors } = eigh(sym);
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, Math.abs(values[i]!));
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const v = values[i]!;
    if (Math.abs(v) <= 1e-13 * max || v === 0) continue;
    (v > 0 ? pos : neg).push(i);
  }
  const cols = [...pos, ...neg];
  const m = cols.length;
  const C = new Float64Array(n * m);
  const V = vectors.data;
  cols.forEach((col, k) => {
    const s = Math.sqrt(Math.abs(values[col]!));
    for (let mu = 0; mu < n; mu++) C[mu * m + k] = s * V[mu * n + col]!;
  });
  return { C, m, mPos: pos.length };
}

/** D̃ packed: D_μμ on the diagonal, D_μν + D_νμ off it, so Σ_μν B_μν D_μν = Σ_packed B·D̃. */
function packDensity(D: Matrix): Float64Array {
  const n = D.rows;
  const out = new Float64Array((n * (n + 1)) / 2);
  let o = 0;
  for (let mu = 0; mu < n; mu++) {
    for (let nu = 0; nu < mu; nu++) out[o++] = D.data[mu * n + nu]! + D.data[nu * n + mu]!;
    out[o++] = D.data[mu * n + mu]!;
  }
  return out;
}

/**
 * X[μ·m + k] = Σ_ν B(μν) C[ν·m + k] for one packed symmetric row B (nbf(nbf+1)/2), into `x`
 * (nbf × m, overwritten).
 */
function rowTimesFactor(row: Float64Array, rowOffset: number, nbf: number, C: Float64Array, m: number, x: Float64Array): void {
  x.fill(0, 0, nbf * m);
  let o = rowOffset;
  for (let mu = 0; mu < nbf; mu++) {
    const xm = mu * m;
    const cm = mu * m;
    for (let nu = 0; nu < mu; nu++) {
      const b = row[o++]!;
      if (b === 0) continue;
      const xn = nu * m;
      const cn = nu * m;
      for (let k = 0; k < m; k++) {
        x[xm + k] += b * C[cn + k]!;
        x[xn + k] += b * C[cm + k]!;
      }
    }
    const b = row[o++]!;
    for (let k = 0; k < m; k++) x[xm + k] += b * C[cm + k]!;
  }
}

/**
 * K_μν = Σ_Q Σ_k s_k X[μ][Q][k] X[ν][Q][k] from X laid out as [μ][Q·m + k] (row length L =
 * nq·m): dot products of contiguous rows, lower triangle, mirrored.
 */
function exchangeFromX(X: Float64Array, nbf: number, nq: number, f: DensityFactor): Float64Array {
  const { m, mPos } = f;
  const L = nq * m;
  const K = new Float64Array(nbf * nbf);
  for (let mu = 0; mu < nbf; mu++) {
    const a = mu * L;
    for (let nu = 0; nu <= mu; nu++) {
      const b = nu * L;
      let s = 0;
      if (mPos === m) {
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        let i = 0;
        for (; i + 3 < L; i += 4) {
          s0 += X[a + i]! * X[b + i]!;
          s1 += X[a + i + 1]! * X[b + i + 1]!;
          s2 += X[a + i + 2]! * X[b + i + 2]!;
          s3 += X[a + i + 3]! * X[b + i + 3]!;
        }
        for (; i < L; i++) s0 += X[a + i]! * X[b + i]!;
        s = s0 + s1 + s2 + s3;
      } else {
        for (let q = 0; q < nq; q++) {
          const o = q * m;
          for (let k = 0; k < m; k++) s += (k < mPos ? 1 : -1) * X[a + o + k]! * X[b + o + k]!;
        }
      }
      K[mu * nbf + nu] = s;
      K[nu * nbf + mu] = s;
    }
  }
  return K;
}

/** Unpacks a packed symmetric vector into a full nbf × nbf matrix. */
function unpack(p: Float64Array, nbf: number): Matrix {
  const out = new Float64Array(nbf * nbf);
  let o = 0;
  for (let mu = 0; mu < nbf; mu++) {
    for (let nu = 0; nu <= mu; nu++) {
      const v = p[o++]!;
      out[mu * nbf + nu] = v;
      out[nu * nbf + mu] = v;
    }
  }
  return { rows: nbf, cols: nbf, data: out };
}

/** Auxiliary shells per block so that a block of raw (P|μν) takes at most `bytes`. */
function shellsPerBlock(aux: BasisSet, npair: number, bytes: number): number {
  let maxFunctions = 1;
  for (let s = 0; s < aux.nshell; s++) {
    const L = aux.shellL[s]!;
    maxFunctions = Math.max(maxFunctions, aux.shellPure[s] ? 2 * L + 1 : ((L + 1) * (L + 2)) / 2);
  }
  return Math.max(1, Math.min(aux.nshell, Math.floor(bytes / (8 * npair * maxFunctions))));
}

/**
 * Creates a density-fitted J/K builder for an orbital basis and an auxiliary (JKFIT) basis on
 * the same molecule: computes the metric (P|Q) and its fitting factor, and in 'core' mode the
 * fitted three-index tensor B once. In core, the fit and K run on `options.threads` threads (df-worker-pool.ts).
 *
 * @param orbital orbital basis (bohr)
 * @param aux auxiliary basis on the same atoms (bohr), e.g. `basis.load('cc-pVDZ-JKFIT', molecule, { pure })`
 * @param options cutoff, memory budget, forced mode
 * @example
 * ```ts
 * const jk = createDfJK(basis.load('cc-pVDZ', water), basis.load('cc-pVDZ-JKFIT', water));
 * const { J, K } = jk.computeJK([D]); // fitted J[D] and K[D], hartree
 * ```
 */
export function createDfJK(orbital: BasisSet, aux: BasisSet, options: DfJKOptions = {}): DfJKBuilder {
  const t0 = performance.now();
  const nbf = orbital.nbf;
  const naux = aux.nbf;
  const npair = (nbf * (nbf + 1)) / 2;
  const memory = dfMemoryEstimate(nbf, naux);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const mode = options.mode ?? (memory.coreBytes <= maxBytes ? 'core' : 'blocked');
  // Workers start now and boot while the metric is computed.
  const pool = mode === 'core' ? new DfThreads(options.threads ?? defaultThreadCount()) : undefined;
  const df: DfEngine = createDfEngine(orbital, aux);
  const condition = options.condition ?? DF_FITTING_CONDITION;
  const metric = coulombMetric(df);
  // In core, the Cholesky route when the cutoff drops nothing (the same B products); else, and
  // in blocks (which needs the explicit W), Psi4's eigen-decomposition.
  const chol = mode === 'core' ? metricCholesky(metric, condition) : undefined;
  const fit = chol === undefined ? metricFittingFactor(metric, condition) : undefined;
  const W = fit?.factor;
  const nq = W?.rows ?? naux;
  const blockShells = mode === 'core' ? aux.nshell : shellsPerBlock(aux, npair, maxBytes / 2);
  const t1 = performance.now();
  const timings = { metricMs: t1 - t0, integralsMs: 0, fitMs: 0, jMs: 0, kMs: 0 };
  let B: Float64Array | undefined;
  let Bbuffer: SharedArrayBuffer | ArrayBuffer | undefined;
  if (mode === 'core') {
    Bbuffer = pool!.buffer(naux * npair);
    const raw = threeIndexIntegrals(df, 0, aux.nshell, new Float64Array(Bbuffer));
    const t2 = performance.now();
    if (chol !== undefined) {
      const negL = new Float64Array(pool!.buffer(naux * naux));
      const invDiag = new Float64Array(pool!.buffer(naux));
      const L = chol.lower.data;
      for (let i = 0; i < naux; i++) {
        for (let k = 0; k < i; k++) negL[i * naux + k] = -L[i * naux + k]!;
        invDiag[i] = 1 / L[i * naux + i]!;
      }
      pool!.run({ kind: 'fit-cholesky', raw: Bbuffer, negL: negL.buffer, invDiag: invDiag.buffer, naux, npair });
    } else {
      const w = new Float64Array(pool!.buffer(nq * naux));
      w.set(W!.data);
      pool!.run({ kind: 'fit-eigen', raw: Bbuffer, W: w.buffer, nq, naux, npair });
    }
    B = raw.subarray(0, nq * npair);
    timings.integralsMs = t2 - t1;
    timings.fitMs = performance.now() - t2;
  }
  const setupMs = performance.now() - t0;

  /** K from the fitted rows on every thread (df-kernels.ts, exchange tasks), each into its own partial sums. */
  function exchange(f: DensityFactor): Float64Array {
    const nn = nbf * nbf;
    const C = new Float64Array(pool!.buffer(Math.max(1, nbf * f.m)));
    C.set(f.C);
    const partials = new Float64Array(pool!.buffer(pool!.threads * 2 * nn));
    pool!.run({ kind: 'exchange', B: Bbuffer!, nq, nbf, C: C.buffer, m: f.m, mPos: f.mPos, partials: partials.buffer });
    const K = new Float64Array(nn);
    for (let mu = 0; mu < nbf; mu++) {
      for (let nu = 0; nu <= mu; nu++) {
        let v = 0;
        for (let t = 0; t < pool!.threads; t++) v += partials[2 * t * nn + mu * nbf + nu]! - partials[(2 * t + 1) * nn + mu * nbf + nu]!;
        K[mu * nbf + nu] = v;
        K[nu * nbf + mu] = v;
      }
    }
    return K;
  }

  function check(densities: readonly Matrix[]): void {
    densities.forEach((D, d) => {
      if (D.rows !== nbf || D.cols !== nbf || D.data.length !== nbf * nbf) {
        throw new InvalidInputError(`density ${d} is ${D.rows}×${D.cols}; this JK builder expects ${nbf}×${nbf} (nbf = ${nbf})`);
      }
    });
  }

  function computeCore(densities: readonly Matrix[], doJ: boolean, doK: boolean): JKResult {
    const J: Matrix[] = [];
    const K: Matrix[] = [];
    for (const D of densities) {
      const tJ = performance.now();
      if (doJ) {
        const d = packDensity(D);
        const j = new Float64Array(npair);
        for (let q = 0; q < nq; q++) {
          const o = q * npair;
          let t = 0;
          for (let x = 0; x < npair; x++) t += B![o + x]! * d[x]!;
          for (let x = 0; x < npair; x++) j[x] += t * B![o + x]!;
        }
        J.push(unpack(j, nbf));
      }
      const tK = performance.now();
      timings.jMs += tK - tJ;
      if (doK) K.push({ rows: nbf, cols: nbf, data: exchange(factorDensity(D)) });
      timings.kMs += performance.now() - tK;
    }
    return { J, K };
  }

  function computeBlocked(densities: readonly Matrix[], doJ: boolean, doK: boolean): JKResult {
    const nd = densities.length;
    const dPacked = densities.map(packDensity);
    const factors = doK ? densities.map(factorDensity) : [];
    const t = densities.map(() => new Float64Array(naux)); // t_P = (P|D)
    const raw = factors.map((f) => new Float64Array(naux * nbf * f.m)); // (P|μk), [P][μ·m + k]
    const blockBuffer = new Float64Array(Math.min(naux, maxFunctionsIn(aux, blockShells)) * npair);
    /** Computes (P|μν) block of auxiliary shells by block into blockBuffer; visits each P with its row offset there. */
    const forEachAuxFunction = (visit: (p: number, o: number) => void): void => {
      for (let s0 = 0; s0 < aux.nshell; s0 += blockShells) {
        const s1 = Math.min(aux.nshell, s0 + blockShells);
        const p0 = aux.shellFirstFunction[s0]!;
        const p1 = s1 < aux.nshell ? aux.shellFirstFunction[s1]! : naux;
        threeIndexIntegrals(df, s0, s1, blockBuffer);
        for (let p = p0; p < p1; p++) visit(p, (p - p0) * npair);
      }
    };
    forEachAuxFunction((p, o) => {
      for (let d = 0; d < nd; d++) {
        if (doJ) {
          let sum = 0;
          const dp = dPacked[d]!;
          for (let x = 0; x < npair; x++) sum += blockBuffer[o + x]! * dp[x]!;
          t[d]![p] = sum;
        }
        if (doK) {
          const f = factors[d]!;
          rowTimesFactor(blockBuffer, o, nbf, f.C, f.m, raw[d]!.subarray(p * nbf * f.m, (p + 1) * nbf * f.m));
        }
      }
    });
    const J: Matrix[] = [];
    const K: Matrix[] = [];
    if (doJ) {
      // c = Wᵀ (W t) = M⁺ (P|D), then J_μν = Σ_P (μν|P) c_P over the blocks again.
      const coef = t.map((tp) => {
        const wt = new Float64Array(nq);
        for (let q = 0; q < nq; q++) {
          let s = 0;
          for (let p = 0; p < naux; p++) s += W!.data[q * naux + p]! * tp[p]!;
          wt[q] = s;
        }
        const c = new Float64Array(naux);
        for (let q = 0; q < nq; q++) for (let p = 0; p < naux; p++) c[p] += W!.data[q * naux + p]! * wt[q]!;
        return c;
      });
      const jp = densities.map(() => new Float64Array(npair));
      forEachAuxFunction((p, o) => {
        for (let d = 0; d < nd; d++) {
          const c = coef[d]![p]!;
          const j = jp[d]!;
          for (let x = 0; x < npair; x++) j[x] += c * blockBuffer[o + x]!;
        }
      });
      for (const j of jp) J.push(unpack(j, nbf));
    }
    if (doK) {
      factors.forEach((f, d) => {
        // Y = W · (P|μk): [Q][μ·m + k], then reorder to [μ][Q·m + k] for the dot products.
        const Y = matmul(W!, { rows: naux, cols: nbf * f.m, data: raw[d]! }).data;
        const L = nq * f.m;
        const X = new Float64Array(nbf * L);
        for (let q = 0; q < nq; q++) {
          for (let mu = 0; mu < nbf; mu++) {
            const src = q * nbf * f.m + mu * f.m;
            const dst = mu * L + q * f.m;
            for (let k = 0; k < f.m; k++) X[dst + k] = Y[src + k]!;
          }
        }
        K.push({ rows: nbf, cols: nbf, data: exchangeFromX(X, nbf, nq, f) });
      });
    }
    return { J, K };
  }

  return {
    kind: 'df',
    nbf,
    auxName: aux.name,
    naux,
    dropped: fit?.dropped ?? 0,
    minOverMax: chol?.minOverMax ?? fit!.minOverMax,
    fit: chol !== undefined ? 'cholesky' : 'eigen',
    mode,
    blockShells,
    memory,
    setupMs,
    timings,
    computeJK(densities: readonly Matrix[], opts: { J?: boolean; K?: boolean } = {}): JKResult {
      check(densities);
      const doJ = opts.J !== false;
      const doK = opts.K !== false;
      if (mode === 'core') return computeCore(densities, doJ, doK);
      const t = performance.now();
      const result = computeBlocked(densities, doJ, doK);
      // One pass builds both: the whole call counts as K when K is asked for.
      if (doK) timings.kMs += performance.now() - t;
      else timings.jMs += performance.now() - t;
      return result;
    },
    dispose() {
      B = undefined;
      Bbuffer = undefined;
      pool?.dispose();
    },
  };
}

/** Functions in the largest run of `count` consecutive auxiliary shells. */
function maxFunctionsIn(aux: BasisSet, count: number): number {
  let max = 0;
  for (let s0 = 0; s0 < aux.nshell; s0 += count) {
    const s1 = Math.min(aux.nshell, s0 + count);
    const p1 = s1 < aux.nshell ? aux.shellFirstFunction[s1]! : aux.nbf;
    max = Math.max(max, p1 - aux.shellFirstFunction[s0]!);
  }
  return max;
}
