/**
 * The J/K contraction kernels shared by the stored and the direct builders, on the main thread
 * and in workers.
 *
 * Both walk over unique integrals only. A unique integral v = (ij|kl) stands for the orbit of
 * its 8 index permutations; weighting it by w = deg/8 (deg = the orbit's size: 2 for i ≠ j,
 * × 2 for k ≠ l, × 2 for ij ≠ kl) and applying all 8 permutations gives every ordered
 * integral exactly once. With a symmetric density D the 8 terms collapse to
 *
 *   J̃_ij += 2w v D_kl,  J̃_kl += 2w v D_ij,
 *   K̃_ik += w v D_jl,   K̃_jk += w v D_il,   K̃_il += w v D_jk,   K̃_jl += w v D_ik,
 *
 * and J = J̃ + J̃ᵀ, K = K̃ + K̃ᵀ at the end (Szabo & Ostlund Eq. 3.154 for the definitions;
 * the symmetry bookkeeping is that of Almlöf, Faegri & Korsell, J. Comput. Chem. 3, 385 (1982),
 * doi:10.1002/jcc.540030314). The direct builder applies the same weights per shell quartet:
 * over the block of a unique shell quartet with orbit size deg, every element gets w = deg/8
 * (the quartet's stabiliser maps its block onto itself, so the weighted sum over the block and
 * the 8 permutations covers each ordered integral of the orbit exactly once).
 *
 * Partial matrices J̃, K̃ are per thread: `partial[(d·2 + 0)·nbf² + …]` for J̃ of density d and
 * `(d·2 + 1)` for K̃.
 *
 * @packageDocumentation
 */
import type { BasisSet } from '../basis/basis-set';
import { eriShellQuartetUnchecked, type EriEngine } from './eri-engine';

/**
 * Number of row blocks the stored J/K work is split into; block c covers functions
 * i ∈ [bound(c), bound(c+1)) with bounds spaced so each block has about the same number of
 * integrals (∝ i⁴).
 */
export function storedChunkBounds(nbf: number, nchunks: number): Int32Array {
  const b = new Int32Array(nchunks + 1);
  for (let c = 0; c <= nchunks; c++) b[c] = Math.min(nbf, Math.round(nbf * Math.pow(c / nchunks, 0.25)));
  b[nchunks] = nbf;
  return b;
}

/**
 * Adds the contributions of the packed integrals with first index i ∈ [i0, i1) to the partial
 * J̃/K̃ of `ndens` densities.
 *
 * @internal
 */
export function jkStoredRange(
  store: Float64Array,
  nbf: number,
  i0: number,
  i1: number,
  dens: Float64Array,
  ndens: number,
  partial: Float64Array,
  doJ: boolean,
  doK: boolean,
): void {
  const n2 = nbf * nbf;
  // Per (i, j) row the integrals (ij|kl) run over k ≤ i, l ≤ lmax(k) = (k < i ? k : j). All but
  // the last l of each k have weight 2·wij; the last one is (ij|kk) (k < i: weight wij) or
  // (ij|ij) (k = i: half of 2·wij, halved again if i = j). The branch-free inner loop covers
  // l < lmax, the last element is added after it.
  for (let d = 0; d < ndens; d++) {
    const D = dens.subarray(d * n2, (d + 1) * n2);
    const J = partial.subarray(2 * d * n2, (2 * d + 1) * n2);
    const K = partial.subarray((2 * d + 1) * n2, (2 * d + 2) * n2);
    const jFac = doJ ? 2 : 0;
    const kFac = doK ? 1 : 0;
    for (let i = i0; i < i1; i++) {
      const iRow = i * nbf;
      for (let j = 0; j <= i; j++) {
        const ij = (i * (i + 1)) / 2 + j;
        let idx = (ij * (ij + 1)) / 2;
        const jRow = j * nbf;
        const wij = i === j ? 0.25 : 0.5; // deg/8 with the ij ≠ kl factor 2 included
        const w2 = 2 * wij;
        const jDij = jFac * D[iRow + j]!;
        let jij = 0;
        for (let k = 0; k <= i; k++) {
          const kRow = k * nbf;
          const lmax = k === i ? j : k;
          const kDik = kFac * D[iRow + k]!;
          const kDjk = kFac * D[jRow + k]!;
          // Two l per pass with two sets of accumulators (shorter dependency chains; the sums
          // round differently, at the 1e-16 relative level), and the weights folded into the
          // scattered updates once per k (w2 is 1 or ½, jFac/kFac 0, 1 or 2: exact).
          const aJ = w2 * jDij, bK = w2 * kDjk, cK = w2 * kDik;
          let jsum = 0, kik = 0, kjk = 0;
          let jsum1 = 0, kik1 = 0, kjk1 = 0;
          let l = 0;
          for (; l + 1 < lmax; l += 2) {
            const v0 = store[idx + l]!, v1 = store[idx + l + 1]!;
            const k0 = kRow + l, j0 = jRow + l, i0 = iRow + l;
            jsum += v0 * D[k0]!;
            jsum1 += v1 * D[k0 + 1]!;
            kik += v0 * D[j0]!;
            kik1 += v1 * D[j0 + 1]!;
            kjk += v0 * D[i0]!;
            kjk1 += v1 * D[i0 + 1]!;
            J[k0] += v0 * aJ;
            J[k0 + 1] += v1 * aJ;
            K[i0] += v0 * bK;
            K[i0 + 1] += v1 * bK;
            K[j0] += v0 * cK;
            K[j0 + 1] += v1 * cK;
          }
          if (l < lmax) {
            const v = store[idx + l]!;
            jsum += v * D[kRow + l]!;
            J[kRow + l] += v * aJ;
            kik += v * D[jRow + l]!;
            kjk += v * D[iRow + l]!;
            K[iRow + l] += v * bK;
            K[jRow + l] += v * cK;
          }
          jsum += jsum1;
          kik += kik1;
          kjk += kjk1;
          idx += lmax;
          // last element l = lmax
          const wl = k < i ? wij : i === j ? 0.5 * wij : wij;
          const v = wl * store[idx++]!;
          const ll = lmax;
          jij += jFac * (w2 * jsum + v * D[kRow + ll]!);
          J[kRow + ll] += v * jDij;
          if (doK) {
            K[iRow + k] += w2 * kFac * kik + v * D[jRow + ll]!;
            K[jRow + k] += w2 * kFac * kjk + v * D[iRow + ll]!;
            K[iRow + ll] += v * kDjk;
            K[jRow + ll] += v * kDik;
          }
        }
        J[iRow + j] += jij;
      }
    }
  }
}

/**
 * Computes the unique shell quartets with bra pair `task` (P(P+1)/2 + Q) and every RS ≤ PQ that
 * pass Schwarz screening, and adds them to the partial J̃/K̃. Returns the number of quartets
 * computed.
 *
 * @internal
 */
export function jkDirectTask(
  engine: EriEngine,
  schwarz: Float64Array,
  threshold: number,
  task: number,
  dens: Float64Array,
  ndens: number,
  partial: Float64Array,
  doJ: boolean,
  doK: boolean,
  buf: Float64Array,
): number {
  const basis: BasisSet = engine.basis;
  const ns = basis.nshell;
  const nbf = basis.nbf;
  const n2 = nbf * nbf;
  const first = basis.shellFirstFunction;
  const P = Math.floor((Math.sqrt(8 * task + 1) - 1) / 2);
  const Q = task - (P * (P + 1)) / 2;
  const qPQ = schwarz[P * ns + Q]!;
  const nP = nfunc(basis, P);
  const nQ = nfunc(basis, Q);
  const fP = first[P]!;
  const fQ = first[Q]!;
  let computed = 0;
  for (let R = 0; R <= P; R++) {
    const Smax = R === P ? Q : R;
    const nR = nfunc(basis, R);
    const fR = first[R]!;
    for (let S = 0; S <= Smax; S++) {
      if (qPQ * schwarz[R * ns + S]! < threshold) continue;
      computed++;
      eriShellQuartetUnchecked(engine, P, Q, R, S, buf);
      const nS = nfunc(basis, S);
      const fS = first[S]!;
      let deg = 1;
      if (P !== Q) deg *= 2;
      if (R !== S) deg *= 2;
      if (P !== R || Q !== S) deg *= 2;
      const w = deg / 8;
      for (let d = 0; d < ndens; d++) {
        const dOff = d * n2;
        const jOff = 2 * d * n2;
        const kOff = (2 * d + 1) * n2;
        let o = 0;
        for (let p = 0; p < nP; p++) {
          const i = fP + p;
          const iRow = i * nbf;
          for (let q = 0; q < nQ; q++) {
            const j = fQ + q;
            const jRow = j * nbf;
            const Dij = dens[dOff + iRow + j]!;
            let jij = 0;
            for (let r = 0; r < nR; r++) {
              const k = fR + r;
              const kRow = k * nbf;
              const Dik = dens[dOff + iRow + k]!;
              const Djk = dens[dOff + jRow + k]!;
              let kik = 0;
              let kjk = 0;
              for (let s = 0; s < nS; s++) {
                const l = fS + s;
                const v = w * buf[o++]!;
                if (doJ) {
                  jij += 2 * v * dens[dOff + kRow + l]!;
                  partial[jOff + kRow + l] += 2 * v * Dij;
                }
                if (doK) {
                  kik += v * dens[dOff + jRow + l]!;
                  kjk += v * dens[dOff + iRow + l]!;
                  partial[kOff + iRow + l] += v * Djk;
                  partial[kOff + jRow + l] += v * Dik;
                }
              }
              if (doK) {
                partial[kOff + iRow + k] += kik;
                partial[kOff + jRow + k] += kjk;
              }
            }
            if (doJ) partial[jOff + iRow + j] += jij;
          }
        }
      }
    }
  }
  return computed;
}

/**
 * Sums per-thread partials and symmetrises: J = Σ_t J̃_t + (Σ_t J̃_t)ᵀ, likewise K. `partials`
 * holds `nthreads` consecutive blocks of 2·ndens·nbf² values. Writes J and K of density d into
 * `outJ[d]`, `outK[d]` (nbf² each).
 *
 * @internal
 */
export function reducePartials(
  partials: Float64Array,
  nthreads: number,
  ndens: number,
  nbf: number,
  outJ: Float64Array[],
  outK: Float64Array[],
): void {
  const n2 = nbf * nbf;
  const slot = 2 * ndens * n2;
  const tmp = new Float64Array(n2);
  for (let d = 0; d < ndens; d++) {
    for (let which = 0; which < 2; which++) {
      const out = which === 0 ? outJ[d] : outK[d];
      if (!out) continue;
      tmp.fill(0);
      const off = (2 * d + which) * n2;
      for (let t = 0; t < nthreads; t++) {
        const base = t * slot + off;
        for (let x = 0; x < n2; x++) tmp[x] += partials[base + x]!;
      }
      for (let i = 0; i < nbf; i++) {
        for (let j = 0; j <= i; j++) {
          const v = tmp[i * nbf + j]! + tmp[j * nbf + i]!;
          out[i * nbf + j] = v;
          out[j * nbf + i] = v;
        }
      }
    }
  }
}

function nfunc(basis: BasisSet, shell: number): number {
  const L = basis.shellL[shell]!;
  return basis.shellPure[shell] ? 2 * L + 1 : ((L + 1) * (L + 2)) / 2;
}
