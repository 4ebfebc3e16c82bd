/**
 * The maximum overlap method (MOM, IMOM): the swap that starts an excited configuration, and the
 * choice of occupied orbitals by their projection onto a reference occupied space.
 *
 * @packageDocumentation
 */
import { matmul, type Matrix } from '../linalg';

/**
 * The result of a maximum-overlap choice for one spin.
 *
 * @example
 * ```ts
 * const { occupations, occupied, overlaps } = maxOverlapOccupations(C, S, D, 5, 1); // D: the reference spin density
 * ```
 */
export interface MaxOverlapChoice {
  /** Occupation numbers over the orbitals (value at the chosen ones, 0 elsewhere). */
  readonly occupations: Float64Array;
  /** The chosen orbitals, 0-based in energy order, ascending. */
  readonly occupied: readonly number[];
  /** p_j of each chosen orbital (same order as `occupied`), in [0, 1]. */
  readonly overlaps: readonly number[];
}

/**
 * Occupies the `count` orbitals of largest projection onto a reference occupied space
 * (Gilbert, Besley & Gill, J. Phys. Chem. A 112, 13164 (2008), doi:10.1021/jp801738f, Eqs. 3–5):
 *
 *   p_j = c_jᵀ S D_ref S c_j = Σ_i |⟨φ_i^ref|φ_j⟩|²
 *
 * with D_ref = Σ_i c_i^ref c_i^refᵀ the reference spin density (occupation 1). This is the
 * squared-overlap form of the projection (sign-free: it depends only on the reference occupied
 * space, so a density from a checkpoint serves as reference); Gilbert's signed form
 * p_j = Σ_i ⟨φ_i^ref|φ_j⟩ picks the same orbitals whenever one orbital clearly dominates.
 * C is nbf×nmo (orbitals as columns, row-major); ties keep the lower orbital.
 *
 * @example
 * ```ts
 * // Reference: the first orbital of an orthonormal 2-function basis; the new orbitals swapped.
 * const C = fromArray([[0, 1], [1, 0]]), S = fromArray([[1, 0], [0, 1]]), Dref = fromArray([[1, 0], [0, 0]]);
 * maxOverlapOccupations(C, S, Dref, 1, 1).occupied; // [1]
 * ```
 */
export function maxOverlapOccupations(C: Matrix, S: Matrix, Dref: Matrix, count: number, value: number): MaxOverlapChoice {
  const n = C.rows, m = C.cols;
  const SC = matmul(S, C);
  const DSC = matmul(Dref, SC);
  const p = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let mu = 0; mu < n; mu++) s += SC.data[mu * m + j]! * DSC.data[mu * m + j]!;
    p[j] = s;
  }
  const order = Array.from({ length: m }, (_, j) => j).sort((a, b) => p[b]! - p[a]! || a - b);
  const occupied = order.slice(0, count).sort((a, b) => a - b);
  const occupations = new Float64Array(m);
  for (const j of occupied) occupations[j] = value;
  return { occupations, occupied, overlaps: occupied.map((j) => p[j]!) };
}

/**
 * The swap that starts a MOM excited state: aufbau occupations (`count` orbitals of `value`)
 * with each 0-based `from[k]` emptied and `to[k]` filled.
 *
 * @example
 * ```ts
 * Array.from(swappedOccupations(4, 2, 1, [1], [2])); // [1, 0, 1, 0]
 * ```
 */
export function swappedOccupations(nmo: number, count: number, value: number, from: readonly number[], to: readonly number[]): Float64Array {
  const occ = new Float64Array(nmo);
  for (let i = 0; i < Math.min(count, nmo); i++) occ[i] = value;
  from.forEach((i, k) => {
    occ[i] = 0;
    occ[to[k]!] = value;
  });
  return occ;
}
