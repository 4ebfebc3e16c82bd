/**
 * Checks stored two-electron integrals against the geometry before a resume uses them, at a
 * small fraction of the cost of recomputing them all:
 *
 * 1. every value is finite;
 * 2. every pair-diagonal block (PQ|PQ), which holds all (ij|ij) and so all (ii|ii), is
 *    recomputed (as many shell quartets as shell pairs, the work of the Schwarz factors);
 * 3. every stored value obeys the Schwarz bound |(ij|kl)| ≤ √((ij|ij)(kl|kl)) over those
 *    recomputed diagonals (not the stored ones: screening may store 0 for a tiny (ij|ij) whose
 *    (ij|00) is kept) (Häser & Ahlrichs, J. Comput. Chem. 10, 104 (1989),
 *    doi:10.1002/jcc.540100111, Eq. 10): no value anywhere can have grown past its bound;
 * 4. in each ERI file, the shell quartet of its largest |value| is recomputed, so a file scaled
 *    as a whole is caught even where the bound is loose;
 * 5. a seeded set of {@link ERI_SAMPLE_QUARTETS} further shell quartets is recomputed.
 *
 * A value compared must equal the recomputed one within {@link ERI_TOLERANCE}. This is a
 * sample: it refuses objects rewritten with a consistent checksum in any of the ways above,
 * not every conceivable edit of a single value (a full check is a recomputation).
 *
 * @packageDocumentation
 */
import type { BasisSet } from '../basis';
import { createEriEngine, eriShellQuartet } from '../integrals/eri-engine';
import { packedEriIndex } from '../integrals/packed-layout';

/**
 * |stored − recomputed| per integral (hartree). The engine recomputes each quartet with the same
 * code on the same basis, so an intact value matches bit for bit (one thread or many: a quartet
 * is never split), except where Schwarz screening stored 0 for a value whose bound is below
 * 1e-12 Eh (`integrals.DEFAULT_SCREENING_THRESHOLD`); 1e-10 Eh covers both with room.
 */
export const ERI_TOLERANCE = 1e-10;

/** Shell quartets recomputed at random (seeded), besides the pair-diagonal ones and one per file. */
export const ERI_SAMPLE_QUARTETS = 64;

/** A slice of the packed store held by one object (its key, first packed index and length). */
export interface EriSlice {
  key: string;
  start: number;
  length: number;
}

/** The first problem found: the object holding the wrong value, and what is wrong. */
export interface EriProblem {
  key: string;
  reason: string;
}

/** Mulberry32: a small seeded generator of uniform numbers in [0, 1), so the sample is reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The pair index p of the largest p(p+1)/2 ≤ x (inverts the triangular numbering). */
function triangularRoot(x: number): number {
  let p = Math.floor((Math.sqrt(8 * x + 1) - 1) / 2);
  while ((p * (p + 1)) / 2 > x) p--;
  while (((p + 1) * (p + 2)) / 2 <= x) p++;
  return p;
}

/** The pair index i(i+1)/2 + j of functions i, j in either order. */
function pairIndex(i: number, j: number): number {
  return i >= j ? (i * (i + 1)) / 2 + j : (j * (j + 1)) / 2 + i;
}

/** The functions (i, j, k, l) of a packed index (ij ≥ kl, i ≥ j, k ≥ l). */
function quartetOf(index: number): [number, number, number, number] {
  const ij = triangularRoot(index);
  const kl = index - (ij * (ij + 1)) / 2;
  const i = triangularRoot(ij);
  const k = triangularRoot(kl);
  return [i, ij - (i * (i + 1)) / 2, k, kl - (k * (k + 1)) / 2];
}

/**
 * Why the packed unique ERIs `packed` (hartree, `integrals.packedEriIndex` order) are not the
 * integrals of `basis` (see the module docs): the object that holds the first wrong value and
 * what is wrong with it; undefined when every check passes. `seed` chooses the random sample.
 *
 * @example
 * ```ts
 * eriSampleProblem(basis, packed, [{ key: 'ERI_0_0_0_0_0_0_0_0.bin', start: 0, length: 406 }]); // undefined when intact
 * ```
 */
export function eriSampleProblem(basis: BasisSet, packed: Float64Array, slices: readonly EriSlice[], seed = 0x5eed): EriProblem | undefined {
  const nbf = basis.nbf;
  /** The problem at packed index `index`, in the words of the object that holds it. */
  const fail = (index: number, what: string): EriProblem => {
    const key = slices.find((s) => index >= s.start && index < s.start + s.length)?.key ?? 'the packed store';
    return { key, reason: `the checkpoint '${key}' holds ${what}` };
  };
  for (let p = 0; p < packed.length; p++) {
    if (!Number.isFinite(packed[p]!)) return fail(p, `${packed[p]} at packed index ${p}`);
  }
  const shellOf = new Int32Array(nbf);
  for (let s = 0; s < basis.nshell; s++) {
    const end = s + 1 < basis.nshell ? basis.shellFirstFunction[s + 1]! : nbf;
    for (let f = basis.shellFirstFunction[s]!; f < end; f++) shellOf[f] = s;
  }
  const engine = createEriEngine(basis);
  const out = new Float64Array(engine.maxQuartetSize);
  const size = (s: number): number => (s + 1 < basis.nshell ? basis.shellFirstFunction[s + 1]! : nbf) - basis.shellFirstFunction[s]!;
  const done = new Set<string>();
  /** (ij|ij) by pair ij as recomputed (the stored ones may be screened to 0 where (ij|kl) is not). */
  const diagonal = new Float64Array((nbf * (nbf + 1)) / 2);
  /** Recomputes (PQ|RS) and compares every value of it with the stored one. */
  const compare = (P: number, Q: number, R: number, S: number): EriProblem | undefined => {
    const name = `${P},${Q},${R},${S}`;
    if (done.has(name)) return undefined;
    done.add(name);
    eriShellQuartet(engine, P, Q, R, S, out);
    const [nQ, nR, nS] = [size(Q), size(R), size(S)];
    const [fP, fQ, fR, fS] = [P, Q, R, S].map((s) => basis.shellFirstFunction[s]!) as [number, number, number, number];
    for (let p = 0; p < size(P); p++) for (let q = 0; q < nQ; q++) for (let r = 0; r < nR; r++) for (let s = 0; s < nS; s++) {
      const index = packedEriIndex(fP + p, fQ + q, fR + r, fS + s);
      const want = out[((p * nQ + q) * nR + r) * nS + s]!;
      if (P === R && Q === S && p === r && q === s) diagonal[pairIndex(fP + p, fQ + q)] = want;
      if (!(Math.abs(packed[index]! - want) <= ERI_TOLERANCE)) {
        return fail(index, `(${fP + p},${fQ + q}|${fR + r},${fS + s}) = ${packed[index]}; recomputed from the geometry it is ${want}`);
      }
    }
    return undefined;
  };
  // 2. Every pair-diagonal block.
  for (let P = 0; P < basis.nshell; P++) for (let Q = 0; Q <= P; Q++) {
    const why = compare(P, Q, P, Q);
    if (why !== undefined) return why;
  }
  // 3. The Schwarz bound over the recomputed diagonals, for every stored value.
  const npair = diagonal.length;
  const root = diagonal.map((x) => Math.sqrt(Math.abs(x)));
  for (let ij = 0, p = 0; ij < npair; ij++) {
    for (let kl = 0; kl <= ij; kl++, p++) {
      if (Math.abs(packed[p]!) > root[ij]! * root[kl]! * (1 + 1e-12) + ERI_TOLERANCE) {
        const [i, j, k, l] = quartetOf(p);
        return fail(p, `(${i},${j}|${k},${l}) = ${packed[p]}, above its Schwarz bound ${root[ij]! * root[kl]!}`);
      }
    }
  }
  const quartetAt = (index: number): [number, number, number, number] => quartetOf(index).map((f) => shellOf[f]!) as [number, number, number, number];
  // 4. The largest value of each file.
  for (const slice of slices) {
    let best = slice.start;
    for (let p = slice.start; p < slice.start + slice.length; p++) if (Math.abs(packed[p]!) > Math.abs(packed[best]!)) best = p;
    const why = compare(...quartetAt(best));
    if (why !== undefined) return why;
  }
  // 5. A seeded sample.
  const random = mulberry32(seed);
  for (let n = 0; n < ERI_SAMPLE_QUARTETS; n++) {
    const why = compare(...quartetAt(Math.floor(random() * packed.length)));
    if (why !== undefined) return why;
  }
  return undefined;
}
