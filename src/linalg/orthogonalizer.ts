import { InvalidInputError, LinearDependencyError } from '../errors';
import { zeros, type Matrix } from './matrix';
import { eigh } from './eigh';
import { congruence, matmul } from './dense';
import { expectRows, expectSameSquare } from './check-shape';

/** How {@link orthogonalizer} builds X. */
export type OrthogonalizationMethod = 'auto' | 'symmetric' | 'canonical';

/** Options for {@link orthogonalizer}. */
export interface OrthogonalizerOptions {
  /**
   * 'symmetric' (Löwdin, X = S^−½), 'canonical' (X = U s^−½ over the kept eigenvectors) or
   * 'auto' (default): symmetric when the smallest eigenvalue of S is at least `tolerance`,
   * canonical with the small eigenvalues dropped otherwise — Psi4's `S_ORTHOGONALIZATION AUTO`.
   */
  method?: OrthogonalizationMethod;
  /**
   * Eigenvalues of S below this (dimensionless) count as linear dependencies (default 1e-7,
   * Psi4's `S_TOLERANCE` default, psi4/src/read_options.cc). With method 'symmetric' a smaller
   * eigenvalue is a {@link LinearDependencyError}.
   */
  tolerance?: number;
}

/** The result of {@link orthogonalizer}: XᵀSX = I with X of shape nbf×nmo. */
export interface Orthogonalizer {
  /** The nbf×nmo transformation (row-major); XᵀSX = 1 (nmo×nmo). */
  readonly X: Matrix;
  /** Number of orthonormal functions kept (columns of X); nbf − dropped. */
  readonly nmo: number;
  /** Number of eigenvectors of S dropped as linear dependencies (0 for symmetric). */
  readonly dropped: number;
  /** The smallest eigenvalue of S. */
  readonly smallestEigenvalue: number;
  /** Which construction was used. */
  readonly method: 'symmetric' | 'canonical';
}

/**
 * A matrix X with XᵀSX = I for a symmetric positive (semi)definite overlap matrix S.
 *
 * With S = U·s·Uᵀ: symmetric (Löwdin) orthogonalisation X = S^−½ = U·s^−½·Uᵀ (Szabo &
 * Ostlund Eq. 3.167); canonical orthogonalisation X = U·s^−½ (Eq. 3.169) keeping only the
 * eigenvectors with s_i ≥ tolerance (§3.4.5: this is how near linear dependencies are
 * removed; then nmo < nbf).
 *
 * @example
 * ```ts
 * const { X, nmo, dropped } = orthogonalizer(fromArray([[1, 0.5], [0.5, 1]]));
 * // nmo = 2, dropped = 0; X = S^−½ ≈ [[1.1154, −0.2989], [−0.2989, 1.1154]]
 * ```
 */
export function orthogonalizer(S: Matrix, options: OrthogonalizerOptions = {}): Orthogonalizer {
  const n = expectSameSquare('orthogonalizer', { S });
  const method = options.method ?? 'auto';
  const tolerance = options.tolerance ?? 1e-7;
  const { values, vectors: U } = eigh(S);
  const smallest = n > 0 ? values[0]! : Infinity;
  let kept = 0;
  for (let i = 0; i < n; i++) if (values[i]! >= tolerance) kept++;
  if (method === 'symmetric' || (method === 'auto' && kept === n)) {
    if (kept < n) {
      throw new LinearDependencyError(
        `the overlap matrix has eigenvalue ${smallest.toExponential(3)} below the tolerance ${tolerance}: ` +
          `symmetric orthogonalisation is impossible; use canonical (or auto) orthogonalisation`,
      );
    }
    // X = U s^-1/2 Uᵀ
    const X = zeros(n, n);
    const us = zeros(n, n);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < n; k++) us.data[i * n + k] = U.data[i * n + k]! / Math.sqrt(values[k]!);
    }
    const Ud = U.data, usd = us.data, Xd = X.data;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += usd[i * n + k]! * Ud[j * n + k]!;
        Xd[i * n + j] = s;
        Xd[j * n + i] = s;
      }
    }
    return { X, nmo: n, dropped: 0, smallestEigenvalue: smallest, method: 'symmetric' };
  }
  if (kept === 0) {
    throw new LinearDependencyError(`every eigenvalue of the overlap matrix is below the tolerance ${tolerance}`);
  }
  // Canonical: the kept eigenvalues are the largest `kept` ones (values ascend).
  const X = zeros(n, kept);
  const first = n - kept;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < kept; k++) X.data[i * kept + k] = U.data[i * n + first + k]! / Math.sqrt(values[first + k]!);
  }
  return { X, nmo: kept, dropped: n - kept, smallestEigenvalue: smallest, method: 'canonical' };
}

/** The solution of a generalised symmetric eigenproblem A·C = B·C·diag(values). */
export interface GeneralizedEigen {
  /** Eigenvalues ascending (nmo of them). */
  readonly values: Float64Array;
  /** nbf×nmo eigenvectors as columns, B-orthonormal: CᵀBC = I. */
  readonly vectors: Matrix;
}

/**
 * Solves A·C = B·C·ε for symmetric A and positive definite B (the Roothaan equations
 * F·C = S·C·ε, Szabo & Ostlund Eq. 3.139) through an orthogonaliser X of B (XᵀBX = I):
 * A′ = XᵀAX (Eq. 3.177), A′C′ = C′ε (Eq. 3.178), C = X·C′ (Eq. 3.174).
 * Pass `x` to reuse an orthogonaliser (the SCF computes it once); otherwise one is built from B.
 *
 * @example
 * ```ts
 * const { values } = eighGeneralized(fromArray([[2, 0], [0, 8]]), fromArray([[2, 0], [0, 2]]));
 * values; // Float64Array [1, 4]
 * ```
 */
export function eighGeneralized(
  a: Matrix,
  b: Matrix | null,
  options: OrthogonalizerOptions & { x?: Matrix } = {},
): GeneralizedEigen {
  const n = expectSameSquare('eighGeneralized', b === null ? { A: a } : { A: a, B: b });
  let X = options.x;
  if (X !== undefined) expectRows('eighGeneralized', 'x', X, n, `A is ${n}×${n}`);
  else {
    if (b === null) throw new InvalidInputError('give either the metric B or an orthogonaliser x', { field: 'eighGeneralized' });
    X = orthogonalizer(b, options).X;
  }
  const { values, vectors } = eigh(congruence(a, X), { symmetryTolerance: 1e-8 });
  return { values, vectors: matmul(X, vectors) };
}
