/**
 * The stability stage of an SCF run: after convergence, analyse ({@link rhfStability},
 * {@link uhfStability}) and, for `'follow'`, rotate the orbitals along an instability
 * ({@link rotateAlongInstability}) and converge again, as Psi4 1.3.2's
 * `stability_analysis follow` does.
 *
 * @packageDocumentation
 */
import { InvalidInputError, type ErrorLocation } from '../errors';
import { add, subtract, zeros, type Matrix } from '../linalg';
import type { ScfControlChanges } from './controls';
import { emptyDiis } from './diis';
import { electronicEnergy } from './energy';
import type { ScfOptions } from './options';
import type { Reference, ScfProblem } from './problem';
import type { ScfIteration, ScfResult } from './records';
import { rhfStability, uhfStability, type StabilityAnalysis } from './stability';
import type { StabilityMode, StabilityReport } from './stability-report';

export type { StabilityMode, StabilityReport } from './stability-report';


/**
 * Defaults of following: Psi4 1.3.2's FOLLOW_STEP_SCALE 0.5, MAX_ATTEMPTS 1 and
 * FOLLOW_STEP_INCREMENT 0.2 (added to the scale when a new analysis finds an eigenvalue within
 * 1e-4 Eh of the previous one, i.e. the SCF fell back into the same minimum).
 *
 * @example
 * ```ts
 * STABILITY_DEFAULTS.followStepScale; // 0.5
 * ```
 */
export const STABILITY_DEFAULTS = Object.freeze({ followStepScale: 0.5, maxAttempts: 1, followStepIncrement: 0.2 });


/**
 * Checks that a stability mode suits the reference: ROHF has no stability analysis here, and
 * only UHF instabilities are followed (as in Psi4 1.3.2). Throws an InvalidInputError at
 * `location` (whose field names the stability option as the caller spells it).
 *
 * @example
 * ```ts
 * checkStabilityReference('uhf', 'follow', { field: 'stability_analysis' }); // fine
 * checkStabilityReference('rhf', 'follow', { field: 'stability_analysis' }); // throws: only UHF instabilities are followed …
 * ```
 */
export function checkStabilityReference(reference: Reference, mode: StabilityMode | undefined, location: ErrorLocation): void {
  if (mode === undefined || mode === 'none') return;
  if (reference === 'rohf') {
    throw new InvalidInputError(`"${mode}" is not available for reference rohf (stability analysis covers RHF and UHF)`, location);
  }
  if (mode === 'follow' && reference !== 'uhf') {
    throw new InvalidInputError(
      `"follow" needs reference uhf: only UHF instabilities are followed (as in Psi4); to follow an RHF → UHF instability run UHF (reference "uhf"), or use "check" with RHF`,
      location,
    );
  }
}

/**
 * The orbitals rotated along an instability, as Psi4's UStab::rotate_orbs: for each spin, each
 * occupied i and each virtual a in turn, a plane rotation of columns i and nocc+a of C by
 * θ = scale·(π/2)·x_ia: c_i ← cos θ c_i + sin θ c_a, c_a ← cos θ c_a − sin θ c_i. `vector` has
 * the layout of the UHF Hessian (α block, then β). Returns new matrices.
 *
 * @example
 * ```ts
 * const { lowestVector } = uhfStability(problem.jk, result, [1, 1]);
 * const [Ca, Cb] = rotateAlongInstability(result.moCoefficients, [1, 1], lowestVector, 0.5);
 * ```
 */
export function rotateAlongInstability(coefficients: readonly Matrix[], nocc: readonly number[], vector: Float64Array, scale: number): Matrix[] {
  let offset = 0;
  return coefficients.map((C0, s) => {
    const C: Matrix = { rows: C0.rows, cols: C0.cols, data: Float64Array.from(C0.data) };
    const no = nocc[s]!, nv = C.cols - no, n = C.rows, m = C.cols;
    for (let i = 0; i < no; i++) {
      for (let a = 0; a < nv; a++) {
        const theta = scale * (Math.PI / 2) * vector[offset + i * nv + a]!;
        if (theta === 0) continue;
        const c = Math.cos(theta), sn = Math.sin(theta);
        const q = no + a;
        for (let mu = 0; mu < n; mu++) {
          const x = C.data[mu * m + i]!, y = C.data[mu * m + q]!;
          C.data[mu * m + i] = c * x + sn * y;
          C.data[mu * m + q] = c * y - sn * x;
        }
      }
    }
    offset += no * nv;
    return C;
  });
}

/** D = C_occ C_occᵀ of the first nocc columns. */
function spinDensity(C: Matrix, nocc: number): Matrix {
  const n = C.rows, m = C.cols;
  const D = zeros(n, n);
  for (let mu = 0; mu < n; mu++) {
    for (let nu = 0; nu <= mu; nu++) {
      let s = 0;
      for (let i = 0; i < nocc; i++) s += C.data[mu * m + i]! * C.data[nu * m + i]!;
      D.data[mu * n + nu] = s;
      D.data[nu * n + mu] = s;
    }
  }
  return D;
}

/**
 * The UHF energy of spin densities (the same for every nuclear repulsion, so left out):
 * F^σ = H + J[D^α + D^β] − K[D^σ].
 */
function uhfDensityEnergy(problem: ScfProblem, density: readonly Matrix[]): number {
  const { J, K } = problem.jk.computeJK(density);
  const coulomb = add(problem.coreHamiltonian, add(J[0]!, J[1]!));
  return electronicEnergy('uhf', problem.coreHamiltonian, density, [subtract(coulomb, K[0]!), subtract(coulomb, K[1]!)]);
}

/**
 * The densities after a rotation along the instability, in the direction of lower energy. An
 * eigenvector's sign is arbitrary (the eigensolver's rounding picks it), and the two directions
 * may lead to different solutions; Psi4 goes whichever way its solver's sign points. Taking the
 * rotated determinant of lower energy makes the step the same for any rounding (two J/K builds).
 *
 * @example
 * ```ts
 * const { lowestVector } = uhfStability(problem.jk, result, [5, 4]);
 * const [Da, Db] = rotatedDensity(problem, result, [5, 4], lowestVector, 0.5); // the same for −lowestVector
 * ```
 */
export function rotatedDensity(problem: ScfProblem, result: ScfResult, nocc: readonly [number, number], vector: Float64Array, scale: number): Matrix[] {
  const [plus, minus] = [vector, vector.map((x) => -x)].map((v) => rotateAlongInstability(result.moCoefficients, nocc, v, scale).map((C, s) => spinDensity(C, nocc[s]!)));
  return uhfDensityEnergy(problem, minus!) < uhfDensityEnergy(problem, plus!) ? minus! : plus!;
}

type ScfGenerator = Generator<ScfIteration, ScfResult, ScfControlChanges | undefined>;

/** Drains one SCF, tagging each record with `followStep` and passing the caller's changes through. */
function* tagged(run: ScfGenerator, followStep: number): ScfGenerator {
  let step = run.next();
  while (step.done !== true) {
    const changes = yield { ...step.value, followStep };
    step = run.next(changes);
  }
  return step.value;
}

/**
 * The SCF with its stability stage, as a generator of iteration records (each tagged with
 * `followStep`: the rotations before it) returning the result with `stability` (a
 * {@link StabilityReport}) and the history of every SCF of the run. `scfRun(extra)` starts one
 * SCF with the run's options and `extra` over them (a restart from rotated orbitals passes
 * `start`). For 'follow' (UHF), while the analysis finds a negative eigenvalue and fewer than
 * `maxAttempts` rotations were made: rotate the canonical orbitals along the lowest eigenvector
 * ({@link rotateAlongInstability}), in the direction of lower energy, and converge again from their densities with a fresh DIIS
 * history, the iteration count continuing. A run that does not converge is not analysed.
 *
 * @example
 * ```ts
 * // scf.iterate runs this stage when the options ask for it:
 * const it = scf.iterate(prepared, { reference: 'uhf', stabilityAnalysis: 'follow', maxAttempts: 5 });
 * ```
 */
export function* withStability(problem: ScfProblem, reference: Reference, options: ScfOptions, scfRun: (extra: ScfOptions) => ScfGenerator): ScfGenerator {
  const mode = options.stabilityAnalysis as 'check' | 'follow';
  const maxAttempts = options.maxAttempts ?? STABILITY_DEFAULTS.maxAttempts;
  let scale = options.followStepScale ?? STABILITY_DEFAULTS.followStepScale;
  const nocc: [number, number] = [problem.nalpha, problem.nbeta];
  let result = yield* tagged(scfRun({}), 0);
  const first = result;
  const history = [...result.history.map((h) => ({ ...h, followStep: 0 }))];
  const analyses: StabilityAnalysis[] = [];
  const stepScales: number[] = [];
  let previousLowest = NaN;
  while (result.converged) {
    if (reference === 'rhf') {
      analyses.push(rhfStability(problem.jk, result, problem.nalpha));
      break;
    }
    const { analysis, lowestVector } = uhfStability(problem.jk, result, nocc);
    analyses.push(analysis);
    if (mode !== 'follow' || !analysis.unstable || stepScales.length >= maxAttempts) break;
    // Psi4: an eigenvalue within 1e-4 of the previous one means the same minimum: a larger step.
    if (stepScales.length > 0 && previousLowest - analysis.lowest < 1e-4) scale += STABILITY_DEFAULTS.followStepIncrement;
    previousLowest = analysis.lowest;
    stepScales.push(scale);
    const density = rotatedDensity(problem, result, nocc, lowestVector, scale);
    const followStep = stepScales.length;
    result = yield* tagged(scfRun({ start: { density, iteration: result.iterations + 1, diis: emptyDiis() } }), followStep);
    history.push(...result.history.map((h) => ({ ...h, followStep })));
  }
  const last = analyses[analyses.length - 1];
  const stability: StabilityReport = {
    mode,
    analyses,
    followSteps: stepScales.length,
    stepScales,
    energyBeforeFollowing: first.energy,
    ...(first.spin !== undefined ? { s2BeforeFollowing: first.spin.s2 } : {}),
    stillUnstable: last?.unstable ?? false,
  };
  return { ...result, history, stability };
}
