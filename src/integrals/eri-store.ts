/**
 * The packed in-memory store of unique two-electron integrals.
 *
 * With 8-fold permutational symmetry, (ij|kl) = (ji|kl) = (ij|lk) = (kl|ij) = …, only the
 * integrals with i ≥ j, k ≥ l and ij ≥ kl are kept, where ij = i(i+1)/2 + j is the canonical
 * pair index. The integral sits at `ijkl = ij(ij+1)/2 + kl` of one Float64Array of
 * npair(npair+1)/2 values, npair = nbf(nbf+1)/2 (Yoshimine ordering, e.g. Helgaker, Jørgensen &
 * Olsen, *Molecular Electronic-Structure Theory*, §9.12). Integrals skipped by Schwarz
 * screening are stored as 0.
 *
 * @packageDocumentation
 */
import type { BasisSet } from '../basis/basis-set';
import { eriShellQuartetUnchecked, type EriEngine } from './eri-engine';
import { packedEriLength } from './packed-layout';

export { packedEriIndex, packedEriLength } from './packed-layout';

/**
 * The packed unique ERIs of a basis: see the module documentation for the layout.
 *
 * @example
 * ```ts
 * const store = buildPackedEriStore(basisSet);
 * store.data[packedEriIndex(i, j, k, l)]; // (ij|kl) in hartree; store.bytes = 8 · store.data.length
 * ```
 */
export interface PackedEriStore {
  /** Number of basis functions. */
  readonly nbf: number;
  /** Unique integrals in hartree, `data[packedEriIndex(i, j, k, l)] = (ij|kl)`. */
  readonly data: Float64Array;
  /** Bytes the integrals take (8 per value). */
  readonly bytes: number;
  /** The Schwarz threshold used when building (0 = none). */
  readonly threshold: number;
  /** Number of shell quartets computed (the rest were screened out). */
  readonly quartetsComputed: number;
  /** Number of unique shell quartets in all. */
  readonly quartetsTotal: number;
}

/**
 * Bytes the packed store needs for nbf functions (8 per unique integral), for choosing between
 * the stored and the integral-direct JK builders.
 *
 * @param nbf number of basis functions
 * @example
 * ```ts
 * estimatePackedEriBytes(102); // 110 397 048 bytes ≈ 110 MB (benzene / 6-31G*)
 * ```
 */
export function estimatePackedEriBytes(nbf: number): number {
  return 8 * packedEriLength(nbf);
}

/**
 * Number of canonical shell pairs P ≥ Q: the number of store/direct tasks.
 *
 * @example
 * ```ts
 * shellPairCount(basisSet); // nshell(nshell+1)/2
 * ```
 */
export function shellPairCount(basis: BasisSet): number {
  return (basis.nshell * (basis.nshell + 1)) / 2;
}

/**
 * Computes all unique shell quartets (PQ|RS) with the bra pair PQ = `task` (canonical pair
 * index P(P+1)/2 + Q) and RS ≤ PQ, and writes their integrals into the packed store.
 * Different tasks write disjoint entries, so tasks can run on several threads over one shared
 * store. Returns the number of quartets computed (not screened out).
 *
 * @internal used by the store builders on the main thread and in workers
 */
export function fillStoreTask(
  engine: EriEngine,
  schwarz: Float64Array,
  threshold: number,
  store: Float64Array,
  task: number,
  buf: Float64Array,
): number {
  const basis = engine.basis;
  const ns = basis.nshell;
  const first = basis.shellFirstFunction;
  const P = Math.floor((Math.sqrt(8 * task + 1) - 1) / 2);
  const Q = task - (P * (P + 1)) / 2;
  const qPQ = schwarz[P * ns + Q]!;
  const nP = nfunc(basis, P);
  const nQ = nfunc(basis, Q);
  let computed = 0;
  for (let R = 0; R <= P; R++) {
    const Smax = R === P ? Q : R;
    const nR = nfunc(basis, R);
    for (let S = 0; S <= Smax; S++) {
      if (qPQ * schwarz[R * ns + S]! < threshold) continue;
      computed++;
      eriShellQuartetUnchecked(engine, P, Q, R, S, buf);
      const nS = nfunc(basis, S);
      const fS = first[S]!;
      let o = 0;
      if (R < P) {
        // Every function of R precedes every function of P, so kl < ij: (ij|kl) sits in row ij
        // at kl, and for R > S (k > l) the nS integrals of one (p, q, r) are contiguous there.
        for (let p = 0; p < nP; p++) {
          const i = first[P]! + p;
          for (let q = 0; q < nQ; q++) {
            const j = first[Q]! + q;
            const ij = i >= j ? (i * (i + 1)) / 2 + j : (j * (j + 1)) / 2 + i;
            const row = (ij * (ij + 1)) / 2;
            for (let r = 0; r < nR; r++) {
              const k = first[R]! + r;
              const kk = (k * (k + 1)) / 2;
              if (R !== S) {
                const base = row + kk + fS;
                for (let s = 0; s < nS; s++) store[base + s] = buf[o++]!;
              } else {
                for (let s = 0; s < nS; s++) {
                  const l = fS + s;
                  store[row + (k >= l ? kk + l : (l * (l + 1)) / 2 + k)] = buf[o++]!;
                }
              }
            }
          }
        }
        continue;
      }
      for (let p = 0; p < nP; p++) {
        const i = first[P]! + p;
        for (let q = 0; q < nQ; q++) {
          const j = first[Q]! + q;
          const ij = i >= j ? (i * (i + 1)) / 2 + j : (j * (j + 1)) / 2 + i;
          for (let r = 0; r < nR; r++) {
            const k = first[R]! + r;
            for (let s = 0; s < nS; s++) {
              const l = fS + s;
              const kl = k >= l ? (k * (k + 1)) / 2 + l : (l * (l + 1)) / 2 + k;
              const idx = ij >= kl ? (ij * (ij + 1)) / 2 + kl : (kl * (kl + 1)) / 2 + ij;
              store[idx] = buf[o++]!;
            }
          }
        }
      }
    }
  }
  return computed;
}

function nfunc(basis: BasisSet, shell: number): number {
  const L = basis.shellL[shell]!;
  return basis.shellPure[shell] ? 2 * L + 1 : ((L + 1) * (L + 2)) / 2;
}
