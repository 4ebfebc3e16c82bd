import { InvalidInputError } from '../errors';
import { zeros, type Matrix } from '../linalg';

/**
 * The density matrix of orbitals with occupation numbers:
 *
 *   D_μν = Σ_i n_i C_μi C_νi
 *
 * With n_i = 2 for the N/2 lowest orbitals this is the RHF (total) density P of Szabo & Ostlund
 * Eq. 3.145; with n_i = 1 for the lowest N_α (or N_β) orbitals it is the UHF spin density
 * P^α (P^β) of §3.8.2. Fractional n_i (SAD atoms) are allowed. C is nbf×nmo (orbitals as
 * columns); orbitals past `occupations.length` are empty.
 *
 * @example
 * ```ts
 * // One doubly occupied orbital (1/√2)(φ1 + φ2) on an orthonormal basis:
 * toArray(densityFromOrbitals(fromArray([[Math.SQRT1_2], [Math.SQRT1_2]]), [2])); // [[1, 1], [1, 1]]
 * ```
 */
export function densityFromOrbitals(C: Matrix, occupations: ArrayLike<number>): Matrix {
  const n = C.rows, m = C.cols;
  const nocc = Math.min(occupations.length, m);
  for (let i = m; i < occupations.length; i++) {
    if (occupations[i] !== 0) {
      throw new InvalidInputError(`occupation ${i} is ${occupations[i]} but C is ${n}×${m} (only ${m} orbitals)`, { field: 'densityFromOrbitals' });
    }
  }
  const D = zeros(n, n);
  const c = C.data, d = D.data;
  for (let mu = 0; mu < n; mu++) {
    for (let nu = 0; nu <= mu; nu++) {
      let s = 0;
      for (let i = 0; i < nocc; i++) s += occupations[i]! * c[mu * m + i]! * c[nu * m + i]!;
      d[mu * n + nu] = s;
      d[nu * n + mu] = s;
    }
  }
  return D;
}

/**
 * Aufbau occupation numbers: `count` orbitals with `value` electrons each, then zeros, over
 * `nmo` orbitals (RHF: value 2, count N/2; UHF: value 1, count N_α or N_β).
 *
 * @example
 * ```ts
 * Array.from(aufbauOccupations(4, 2, 2)); // [2, 2, 0, 0]
 * ```
 */
export function aufbauOccupations(nmo: number, count: number, value: number): Float64Array {
  const occ = new Float64Array(nmo);
  for (let i = 0; i < Math.min(count, nmo); i++) occ[i] = value;
  return occ;
}

/**
 * The spin densities (occupation 1 per orbital) behind a reference's densities: RHF [½·D_total],
 * UHF and ROHF the densities themselves. The orbital gradient and the level shift use these.
 *
 * @example
 * ```ts
 * spinDensities('rhf', [D])[0].data[0]; // D.data[0] / 2
 * ```
 */
export function spinDensities(reference: 'rhf' | 'uhf' | 'rohf', densities: readonly Matrix[]): Matrix[] {
  if (reference !== 'rhf') return [densities[0]!, densities[1]!];
  const D = densities[0]!;
  const half = { rows: D.rows, cols: D.cols, data: new Float64Array(D.data.length) };
  for (let i = 0; i < D.data.length; i++) half.data[i] = 0.5 * D.data[i]!;
  return [half];
}
