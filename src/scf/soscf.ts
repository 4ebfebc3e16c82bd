/**
 * The second-order step of the SCF (Psi4's SOSCF): a Newton step on the orbital rotation,
 * solved approximately by preconditioned conjugate gradients.
 *
 * @packageDocumentation
 */
import type { JKBuilder } from '../integrals/jk';
import { zeros, type Matrix } from '../linalg';
import { densityFromOrbitals } from './density';
import { orbitalHessianProduct, rotationGradient, rotationHessianDiagonal } from './orbital-hessian-product';
import { orbitalSpaces, rotateOrbitals, type OrbitalSpaces } from './orbital-rotation';
import type { Orbitals } from './orbitals';

/**
 * The micro-iteration settings of a second-order step (Psi4's SOSCF_MIN_ITER, SOSCF_MAX_ITER,
 * SOSCF_CONV).
 *
 * @example
 * ```ts
 * const settings: SoscfSettings = { minIter: 1, maxIter: 5, conv: 5e-3 };
 * ```
 */
export interface SoscfSettings {
  /** At least this many conjugate-gradient iterations (Hessian products), unless `maxIter` is smaller. */
  readonly minIter: number;
  /** At most this many conjugate-gradient iterations (Hessian products, one J/K build each). */
  readonly maxIter: number;
  /** Stop once ‖r‖/‖g‖, the residual of Hκ = −g relative to the gradient, is below this (dimensionless). */
  readonly conv: number;
}

/**
 * What a second-order step did: the new densities and orbitals, and the micro-iterations.
 *
 * @example
 * ```ts
 * const step = soscfStep('rhf', jk, S, X, [F], [Dspin], [5], { minIter: 1, maxIter: 5, conv: 5e-3 });
 * step?.microIterations; // e.g. 3
 * step?.residual;        // e.g. 2.1e-3
 * ```
 */
export interface SoscfStep {
  /** The densities of the rotated orbitals (RHF: [D_total]; UHF: [D^α, D^β]). */
  readonly densities: Matrix[];
  /**
   * Per spin: the rotated occupied orbitals then the rotated virtual ones (nbf×nmo), with the
   * semicanonical orbital energies of the Fock matrix the step started from (hartree).
   */
  readonly orbitals: Orbitals[];
  /** Conjugate-gradient iterations run (each one Hessian product, i.e. one J/K build). */
  readonly microIterations: number;
  /** ‖r‖/‖g‖ at the end (0 when the gradient was already 0). */
  readonly residual: number;
  /** ‖g‖ (2-norm over all spins) of the energy gradient with respect to κ, hartree. */
  readonly gradientNorm: number;
  /** max |κ_ai|, the largest rotation angle taken (radians), after the cap of {@link MAX_ROTATION}. */
  readonly maxRotation: number;
  /** Whether the conjugate gradients met negative curvature (and stopped there). */
  readonly negativeCurvature: boolean;
}

/**
 * The largest rotation angle (radians) one step may take; a longer Newton step is scaled down to
 * it. Steps this large mean the quadratic model is not to be trusted (PySCF's `newton` caps its
 * steps for the same reason, `max_stepsize` 0.05 per element in its scaled units).
 *
 * @example
 * ```ts
 * MAX_ROTATION; // 0.5
 * ```
 */
export const MAX_ROTATION = 0.5;

/**
 * Densities further than this from idempotent (max |λ(1 − λ)| over the eigenvalues of the spin
 * density in the orthonormal basis) are not the density of orbitals (a SAD guess, a damped
 * step); a second-order step is not taken from them.
 *
 * @example
 * ```ts
 * IDEMPOTENCY_TOLERANCE; // 1e-6
 * ```
 */
export const IDEMPOTENCY_TOLERANCE = 1e-6;

const dot = (a: readonly Matrix[], b: readonly Matrix[]): number => {
  let s = 0;
  a.forEach((m, k) => {
    const x = m.data, y = b[k]!.data;
    for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  });
  return s;
};

const map2 = (a: readonly Matrix[], b: readonly Matrix[], f: (x: number, y: number) => number): Matrix[] =>
  a.map((m, k) => {
    const out = zeros(m.rows, m.cols);
    for (let i = 0; i < out.data.length; i++) out.data[i] = f(m.data[i]!, b[k]!.data[i]!);
    return out;
  });

/**
 * Solves the Newton equations H κ = −g approximately by preconditioned conjugate gradients
 * (Hestenes & Stiefel, J. Res. Natl. Bur. Stand. 49, 409 (1952), doi:10.6028/jres.049.044;
 * Nocedal & Wright, *Numerical Optimization* Algorithm 5.3) from κ = 0, with the diagonal
 * preconditioner `diagonal` (scale·Δε_ai; entries below 1e-2 Eh are raised to it). Stops when
 * ‖r‖/‖g‖ < `conv` after at least `minIter` iterations, at `maxIter`, or on negative curvature
 * pᵀHp ≤ 0 (keeping the κ reached so far; at least the first, steepest-descent-like step).
 *
 * @example
 * ```ts
 * const spaces = [orbitalSpaces(F, Dspin, S, X, 5)];
 * const { kappa, iterations } = solveNewton((p) => orbitalHessianProduct('rhf', jk, spaces, p),
 *   rotationGradient('rhf', [F], spaces), rotationHessianDiagonal('rhf', spaces), { minIter: 1, maxIter: 5, conv: 5e-3 });
 * ```
 */
export function solveNewton(
  hessianProduct: (p: readonly Matrix[]) => Matrix[],
  gradient: readonly Matrix[],
  diagonal: readonly Matrix[],
  settings: SoscfSettings,
): { kappa: Matrix[]; iterations: number; residual: number; negativeCurvature: boolean } {
  const gnorm = Math.sqrt(dot(gradient, gradient));
  let kappa = gradient.map((g) => zeros(g.rows, g.cols));
  if (gnorm === 0) return { kappa, iterations: 0, residual: 0, negativeCurvature: false };
  const precondition = (r: readonly Matrix[]): Matrix[] => map2(r, diagonal, (x, d) => x / Math.max(d, 1e-2));
  let r: Matrix[] = gradient.map((g) => ({ rows: g.rows, cols: g.cols, data: g.data.map((v) => -v) }));
  let z = precondition(r);
  let p = z;
  let rz = dot(r, z);
  let residual = 1, iterations = 0, negativeCurvature = false;
  while (iterations < settings.maxIter) {
    const Hp = hessianProduct(p);
    iterations++;
    const pHp = dot(p, Hp);
    if (!(pHp > 0)) {
      negativeCurvature = true;
      // The first direction is still a descent direction: take it with the preconditioner's scale.
      if (iterations === 1) kappa = p;
      break;
    }
    const alpha = rz / pHp;
    kappa = map2(kappa, p, (x, y) => x + alpha * y);
    r = map2(r, Hp, (x, y) => x - alpha * y);
    residual = Math.sqrt(dot(r, r)) / gnorm;
    if (residual < settings.conv && iterations >= settings.minIter) break;
    z = precondition(r);
    const rzNew = dot(r, z);
    const beta = rzNew / rz;
    rz = rzNew;
    p = map2(z, p, (x, y) => x + beta * y);
  }
  return { kappa, iterations, residual, negativeCurvature };
}

/**
 * One second-order SCF step (Psi4's SOSCF; Bacskay, Chem. Phys. 61, 385 (1981),
 * doi:10.1016/0301-0104(81)85156-7, for the Newton step on the orbital rotation): from the
 * densities D and their Fock matrices F, take the occupied and virtual spaces of D,
 * semicanonical in F ({@link orbitalSpaces}); solve H κ = −g ({@link solveNewton}) with the
 * gradient {@link rotationGradient} and exact Hessian products ({@link orbitalHessianProduct},
 * one J/K build each); rotate the orbitals by exp(κ − κᵀ) ({@link rotateOrbitals}) and return
 * their densities. Returns undefined when a density is not the density of orbitals (further than
 * {@link IDEMPOTENCY_TOLERANCE} from idempotent): the caller takes an ordinary step instead.
 *
 * `spinDensities` have occupation 1 per orbital (RHF: half the total density); `nocc` is the
 * number of occupied orbitals per spin. RHF and UHF only.
 *
 * @example
 * ```ts
 * const step = soscfStep('rhf', jk, S, X, [F], spinDensities('rhf', [D]), [5], { minIter: 1, maxIter: 5, conv: 5e-3 });
 * const next = step?.densities[0]; // undefined: D is not the density of orbitals
 * ```
 */
export function soscfStep(
  reference: 'rhf' | 'uhf',
  jk: JKBuilder,
  S: Matrix,
  X: Matrix,
  fock: readonly Matrix[],
  spinDensities: readonly Matrix[],
  nocc: readonly number[],
  settings: SoscfSettings,
): SoscfStep | undefined {
  const spaces: OrbitalSpaces[] = fock.map((F, s) => orbitalSpaces(F, spinDensities[s]!, S, X, nocc[s]!));
  if (spaces.some((sp) => sp.idempotencyError > IDEMPOTENCY_TOLERANCE)) return undefined;
  const g = rotationGradient(reference, fock, spaces);
  const d = rotationHessianDiagonal(reference, spaces);
  const solved = solveNewton((p) => orbitalHessianProduct(reference, jk, spaces, p), g, d, settings);
  let maxRotation = 0;
  for (const k of solved.kappa) for (const v of k.data) maxRotation = Math.max(maxRotation, Math.abs(v));
  let kappa = solved.kappa;
  if (maxRotation > MAX_ROTATION) {
    const f = MAX_ROTATION / maxRotation;
    kappa = kappa.map((k) => ({ rows: k.rows, cols: k.cols, data: k.data.map((v) => v * f) }));
    maxRotation = MAX_ROTATION;
  }
  const occupation = reference === 'rhf' ? 2 : 1;
  const orbitals: Orbitals[] = [];
  const densities = spaces.map((sp, s) => {
    const rotated = rotateOrbitals(sp.occupied, sp.virtual, kappa[s]!, S);
    orbitals.push({ coefficients: joinColumns(rotated.occupied, rotated.virtual), energies: Float64Array.from([...sp.occupiedEnergies, ...sp.virtualEnergies]) });
    return densityFromOrbitals(rotated.occupied, new Float64Array(sp.occupied.cols).fill(occupation));
  });
  return {
    densities,
    orbitals,
    microIterations: solved.iterations,
    residual: solved.residual,
    gradientNorm: Math.sqrt(dot(g, g)),
    maxRotation,
    negativeCurvature: solved.negativeCurvature,
  };
}

function joinColumns(a: Matrix, b: Matrix): Matrix {
  const n = a.rows, m = a.cols + b.cols;
  const out = zeros(n, m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < a.cols; j++) out.data[i * m + j] = a.data[i * a.cols + j]!;
    for (let j = 0; j < b.cols; j++) out.data[i * m + a.cols + j] = b.data[i * b.cols + j]!;
  }
  return out;
}
