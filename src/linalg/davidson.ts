/**
 * Davidson's method for the lowest eigenpairs of a large real symmetric operator given only as
 * matrix–vector products.
 *
 * @packageDocumentation
 */
import { eigh } from './eigh';
import { fromArray } from './matrix';

/**
 * Options of {@link davidson}.
 *
 * @example
 * ```ts
 * const options: DavidsonOptions = { roots: 5, tolerance: 1e-8 };
 * ```
 */
export interface DavidsonOptions {
  /** How many of the lowest eigenpairs to converge (default 1). */
  roots?: number;
  /** Converged when every residual norm ‖Av − λv‖ is below this (default 1e-8). */
  tolerance?: number;
  /** Iteration cap (default 200). */
  maxIterations?: number;
  /** Largest subspace before a restart from the current Ritz vectors (default max(8·roots, 40), capped at the dimension). */
  maxSubspace?: number;
  /** Extra guess vectors beyond `roots` (default min(roots, 4)): catches degenerate or near-degenerate roots. */
  extraGuesses?: number;
  /**
   * Add one guess with deterministic pseudo-random components (default true). Unit-vector guesses
   * of a symmetric molecule's canonical orbitals each belong to one symmetry species, and Davidson
   * never leaves the species of its guesses; this vector touches all of them, so the lowest root
   * is not missed when its species has no small diagonal element.
   */
  mixedGuess?: boolean;
}

/**
 * The lowest eigenpairs found by {@link davidson}.
 *
 * @example
 * ```ts
 * const { values, converged } = davidson((vs) => vs.map((v) => v.map((x, i) => (i + 1) * x)), Float64Array.of(1, 2, 3, 4), { roots: 2 });
 * values; // Float64Array [1, 2]; converged: true
 * ```
 */
export interface DavidsonResult {
  /** The lowest eigenvalues, ascending. */
  readonly values: Float64Array;
  /** Unit eigenvectors, one per value. */
  readonly vectors: readonly Float64Array[];
  /** Residual norms ‖Av − λv‖, one per value. */
  readonly residuals: Float64Array;
  /** Whether every residual met the tolerance. */
  readonly converged: boolean;
  /** Iterations run. */
  readonly iterations: number;
  /** Matrix–vector products used. */
  readonly products: number;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Orthogonalises v against the basis (twice, Gram–Schmidt) and normalises it; null when it is (nearly) in their span. */
function orthonormalized(v: Float64Array, basis: readonly Float64Array[]): Float64Array | null {
  const norm0 = Math.sqrt(dot(v, v));
  if (!(norm0 > 0)) return null;
  for (let pass = 0; pass < 2; pass++) {
    for (const b of basis) {
      const c = dot(v, b);
      for (let i = 0; i < v.length; i++) v[i] -= c * b[i]!;
    }
  }
  const norm = Math.sqrt(dot(v, v));
  if (!(norm > 1e-8 * norm0) || norm < 1e-14) return null;
  for (let i = 0; i < v.length; i++) v[i] /= norm;
  return v;
}

/**
 * The lowest `roots` eigenvalues and eigenvectors of a real symmetric operator A of dimension
 * n = `diagonal.length`, from products `apply(vectors)` → A·v for each vector (a batch, so the
 * caller can build several at once). Davidson's method (E. R. Davidson, J. Comput. Phys. 17, 87
 * (1975), doi:10.1016/0021-9991(75)90065-0): Rayleigh–Ritz in a growing subspace, expanded by the
 * residuals preconditioned with (λ − A_ii)⁻¹; the guesses are the unit vectors of the smallest
 * diagonal elements. When the subspace would exceed `maxSubspace` it restarts from the current
 * Ritz vectors. Returns the best values found with `converged: false` at the iteration cap.
 *
 * @example
 * ```ts
 * // A = diag(1, 2, 3) + 0.1 on the first off-diagonals, as a product
 * const product = (vs: readonly Float64Array[]) => vs.map((v) => Float64Array.of(v[0]! + 0.1 * v[1]!, 0.1 * v[0]! + 2 * v[1]! + 0.1 * v[2]!, 0.1 * v[1]! + 3 * v[2]!));
 * davidson(product, Float64Array.of(1, 2, 3)).values[0]; // 0.99005 (the lowest eigenvalue of A)
 * ```
 */
export function davidson(
  apply: (vectors: readonly Float64Array[]) => readonly Float64Array[],
  diagonal: Float64Array,
  options: DavidsonOptions = {},
): DavidsonResult {
  const n = diagonal.length;
  const roots = Math.min(options.roots ?? 1, n);
  const tolerance = options.tolerance ?? 1e-8;
  const maxIterations = options.maxIterations ?? 200;
  const nguess = Math.min(n, roots + (options.extraGuesses ?? Math.min(roots, 4)));
  const maxSubspace = Math.min(n, Math.max(options.maxSubspace ?? Math.max(8 * roots, 40), nguess + roots));
  if (roots < 1) return { values: new Float64Array(0), vectors: [], residuals: new Float64Array(0), converged: true, iterations: 0, products: 0 };

  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => diagonal[a]! - diagonal[b]! || a - b);
  let V: Float64Array[] = order.slice(0, nguess).map((i) => {
    const e = new Float64Array(n);
    e[i] = 1;
    return e;
  });
  if ((options.mixedGuess ?? true) && V.length < n) {
    let seed = 0x9e3779b9;
    const mixed = Float64Array.from({ length: n }, () => {
      seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
      return seed / 4294967296 - 0.5;
    });
    const v = orthonormalized(mixed, V);
    if (v !== null) V.push(v);
  }
  let AV: Float64Array[] = [...apply(V)];
  let products = V.length;
  let values = new Float64Array(roots);
  let vectors: Float64Array[] = [];
  let residuals = new Float64Array(roots);
  let iterations = 0;
  while (true) {
    iterations++;
    const m = V.length;
    const G: number[][] = [];
    for (let a = 0; a < m; a++) {
      G.push([]);
      for (let b = 0; b < m; b++) G[a]!.push(b < a ? G[b]![a]! : 0.5 * (dot(V[a]!, AV[b]!) + dot(V[b]!, AV[a]!)));
    }
    const small = eigh(fromArray(G));
    const ritz = (k: number, from: readonly Float64Array[]): Float64Array => {
      const out = new Float64Array(n);
      for (let a = 0; a < m; a++) {
        const c = small.vectors.data[a * m + k]!;
        const va = from[a]!;
        for (let i = 0; i < n; i++) out[i] += c * va[i]!;
      }
      return out;
    };
    const kept = Math.min(m, Math.max(roots, nguess));
    const x: Float64Array[] = [], ax: Float64Array[] = [];
    for (let k = 0; k < kept; k++) {
      x.push(ritz(k, V));
      ax.push(ritz(k, AV));
    }
    values = Float64Array.from(small.values.subarray(0, roots));
    vectors = x.slice(0, roots);
    const corrections: Float64Array[] = [];
    residuals = new Float64Array(roots);
    for (let k = 0; k < roots; k++) {
      const lambda = small.values[k]!;
      const r = new Float64Array(n);
      for (let i = 0; i < n; i++) r[i] = ax[k]![i]! - lambda * x[k]![i]!;
      residuals[k] = Math.sqrt(dot(r, r));
      if (residuals[k]! < tolerance) continue;
      for (let i = 0; i < n; i++) {
        const d = lambda - diagonal[i]!;
        r[i] = -r[i]! / (Math.abs(d) > 1e-8 ? d : 1e-8);
      }
      corrections.push(r);
    }
    const converged = corrections.length === 0;
    if (converged || iterations >= maxIterations || m >= n) {
      return { values, vectors, residuals, converged: converged || (m >= n && Math.max(...residuals) < Math.max(tolerance, 1e-10)), iterations, products };
    }
    if (m + corrections.length > maxSubspace) {
      // Restart from the current Ritz vectors (already orthonormal) and their products.
      V = x;
      AV = ax;
    }
    const added: Float64Array[] = [];
    for (const c of corrections) {
      const v = orthonormalized(c, [...V, ...added]);
      if (v !== null) added.push(v);
    }
    if (added.length === 0) {
      return { values, vectors, residuals, converged: false, iterations, products };
    }
    const products1 = apply(added);
    products += added.length;
    V = [...V, ...added];
    AV = [...AV, ...products1];
  }
}
