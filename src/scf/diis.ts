import { expectCount, expectSameShape, expectSameSquare, solve, zeros, type Matrix } from '../linalg';

/**
 * The DIIS history: up to `size` past Fock matrices (one per spin) and their error vectors,
 * oldest first. Immutable: {@link diisPush} returns a new state that shares the (never
 * modified) matrices, so a state can be kept in an iteration record or stored for a resume.
 */
export interface DiisState {
  /** focks[k] are the Fock matrices (RHF: [F]; UHF: [F^α, F^β]) of the k-th stored iteration. */
  readonly focks: readonly (readonly Matrix[])[];
  /** errors[k] are the error vectors (orthonormal-basis commutators) of the same iteration. */
  readonly errors: readonly (readonly Matrix[])[];
  /**
   * densities[k] are the densities focks[k] were built from (RHF [D_total]; UHF [D^α, D^β]), for
   * ADIIS and EDIIS; present only when every stored iteration has one.
   */
  readonly densities?: readonly (readonly Matrix[])[];
  /** energies[k] is the total energy E[densities[k]] in hartree (NaN when not known), for EDIIS; present with `densities`. */
  readonly energies?: readonly number[];
}

/**
 * What ADIIS and EDIIS need of an iteration besides its Fock matrices: the density they were
 * built from and its energy (hartree).
 *
 * @example
 * ```ts
 * const step: DiisDensityStep = { density: [D], energy: -74.94 };
 * ```
 */
export interface DiisDensityStep {
  readonly density: readonly Matrix[];
  readonly energy: number;
}

/**
 * An empty DIIS history.
 *
 * @example
 * ```ts
 * emptyDiis().focks.length; // 0
 * ```
 */
export function emptyDiis(): DiisState {
  return { focks: [], errors: [] };
}

/**
 * Adds one iteration's Fock matrices and error vectors, dropping the oldest beyond `size`. With
 * `step` (the density the Fock matrices were built from, and its energy) the history also keeps
 * densities and energies for ADIIS and EDIIS; a push without one drops them.
 *
 * @example
 * ```ts
 * let diis = emptyDiis();
 * diis = diisPush(diis, [F], [e], 8);
 * ```
 */
export function diisPush(state: DiisState, focks: readonly Matrix[], errors: readonly Matrix[], size: number, step?: DiisDensityStep): DiisState {
  checkPush(state, focks, errors);
  const keep = Math.max(1, Math.floor(size));
  const f = [...state.focks, focks];
  const e = [...state.errors, errors];
  const drop = Math.max(0, f.length - keep);
  const withDensities = step !== undefined && (state.focks.length === 0 || state.densities !== undefined);
  if (!withDensities) return { focks: f.slice(drop), errors: e.slice(drop) };
  const d = [...(state.densities ?? []), step.density];
  const en = [...(state.energies ?? []), step.energy];
  return { focks: f.slice(drop), errors: e.slice(drop), densities: d.slice(drop), energies: en.slice(drop) };
}

/** The result of {@link diisExtrapolate}. */
export interface DiisExtrapolation {
  /** The extrapolated Fock matrices F = Σ c_k F_k (one per spin). */
  readonly focks: Matrix[];
  /** The coefficients c_k (sum to 1), oldest first, over the vectors actually used. */
  readonly coefficients: Float64Array;
  /** How many of the oldest stored vectors were left out because the system was singular. */
  readonly discarded: number;
}

/**
 * Pulay's direct inversion in the iterative subspace (Pulay, Chem. Phys. Lett. 73, 393 (1980),
 * doi:10.1016/0009-2614(80)80396-4; J. Comput. Chem. 3, 556 (1982), doi:10.1002/jcc.540030413):
 * minimise |Σ c_k e_k|² subject to Σ c_k = 1, by solving
 *
 *   [ B   −1 ] [c]   [ 0 ]
 *   [ −1ᵀ  0 ] [λ] = [ −1 ],   B_kl = Σ_spin tr(e_kᵀ e_l)
 *
 * and return F = Σ c_k F_k. B is scaled by its largest diagonal element for conditioning; if
 * the system is singular the oldest vectors are left out one by one. With fewer than two
 * vectors the latest Fock matrices are returned unchanged.
 *
 * @example
 * ```ts
 * const { focks: [Fext], coefficients } = diisExtrapolate(diis);
 * ```
 */
export function diisExtrapolate(state: DiisState): DiisExtrapolation {
  const m = state.focks.length;
  if (m === 0) throw new RangeError('diisExtrapolate: the DIIS history is empty');
  const latest = state.focks[m - 1]!;
  if (m === 1) return { focks: latest.map(copy), coefficients: Float64Array.of(1), discarded: 0 };
  // B over all stored vectors.
  const B = new Float64Array(m * m);
  for (let k = 0; k < m; k++) {
    for (let l = 0; l <= k; l++) {
      let s = 0;
      const ek = state.errors[k]!, el = state.errors[l]!;
      for (let spin = 0; spin < ek.length; spin++) {
        const a = ek[spin]!.data, b = el[spin]!.data;
        for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
      }
      B[k * m + l] = s;
      B[l * m + k] = s;
    }
  }
  for (let first = 0; first < m - 1; first++) {
    const n = m - first;
    let scale = 0;
    for (let k = first; k < m; k++) scale = Math.max(scale, Math.abs(B[k * m + k]!));
    if (scale === 0) break; // all errors zero: nothing to extrapolate
    const A = zeros(n + 1, n + 1);
    const rhs = new Float64Array(n + 1);
    for (let k = 0; k < n; k++) {
      for (let l = 0; l < n; l++) A.data[k * (n + 1) + l] = B[(first + k) * m + first + l]! / scale;
      A.data[k * (n + 1) + n] = -1;
      A.data[n * (n + 1) + k] = -1;
    }
    rhs[n] = -1;
    const x = solve(A, rhs, 1e-14);
    if (x === null) continue;
    let ok = true;
    for (let k = 0; k < n; k++) if (!Number.isFinite(x[k]!)) ok = false;
    if (!ok) continue;
    const coefficients = x.slice(0, n);
    const nspin = latest.length;
    const focks: Matrix[] = [];
    for (let spin = 0; spin < nspin; spin++) {
      const F = zeros(latest[spin]!.rows, latest[spin]!.cols);
      for (let k = 0; k < n; k++) {
        const c = coefficients[k]!;
        const src = state.focks[first + k]![spin]!.data;
        for (let i = 0; i < src.length; i++) F.data[i] = F.data[i]! + c * src[i]!;
      }
      focks.push(F);
    }
    return { focks, coefficients, discarded: first };
  }
  return { focks: latest.map(copy), coefficients: Float64Array.of(1), discarded: m - 1 };
}

function copy(a: Matrix): Matrix {
  return { rows: a.rows, cols: a.cols, data: Float64Array.from(a.data) };
}

/** One Fock matrix (square) and one error per spin, shaped like the stored ones (O(number of spins)). */
function checkPush(state: DiisState, focks: readonly Matrix[], errors: readonly Matrix[]): void {
  const previous = state.focks.length > 0 ? { focks: state.focks[state.focks.length - 1]!, errors: state.errors[state.errors.length - 1]! } : undefined;
  expectCount('diisPush', 'errors', errors, focks.length, `focks with ${focks.length}`);
  if (previous !== undefined) expectCount('diisPush', 'focks', focks, previous.focks.length, 'the stored iterations, each');
  for (let s = 0; s < focks.length; s++) {
    expectSameSquare('diisPush', previous ? { 'the stored Fock matrix': previous.focks[s]!, [`focks[${s}]`]: focks[s]! } : { 'focks[0]': focks[0]!, [`focks[${s}]`]: focks[s]! });
    expectSameShape('diisPush', previous ? { 'the stored error': previous.errors[s]!, [`errors[${s}]`]: errors[s]! } : { 'errors[0]': errors[0]!, [`errors[${s}]`]: errors[s]! });
  }
}
