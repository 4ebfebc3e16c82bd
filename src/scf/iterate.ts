import { InvalidInputError } from '../errors';
import {
  orthogonalizer,
  rms,
  rmsDifference,
  type Matrix,
  type Orthogonalizer,
  type OrthogonalizerOptions,
} from '../linalg';
import { aufbauOccupations, densityFromOrbitals, spinDensities } from './density';
import { diisExtrapolate, diisPush, emptyDiis, type DiisState } from './diis';
import { energyComponents, type EnergyComponents } from './energy';
import { buildFock } from './fock';
import { coreGuessFock, gwhGuessFock, sadGuess } from './guess';
import { diagonalizeFock, orbitalGradient, type Orbitals } from './orbitals';
import { DEFAULT_SCF_PARAMETERS } from './parameters';
import type { GuessKind, Reference, ScfProblem } from './problem';
import type { PreparedCalculation } from './setup';
import type { ScfStart } from './start';
import { spinExpectation, type SpinExpectation } from './spin';

/**
 * Options that may change between iterations: pass a partial object to the generator's
 * `next(changes)` (see {@link iterate}). Thresholds in hartree (energy) or dimensionless (density).
 */
export interface ScfControls {
  /** Stop after this iteration number (inclusive). Default 100. */
  maxIterations: number;
  /** Converged when |ΔE| < energy (hartree) and RMS ΔD < density. Defaults 1e-10 and 1e-8. */
  convergence: { energy: number; density: number };
  /** Pulay DIIS extrapolation of the Fock matrix. Default true. */
  useDiis: boolean;
  /** Number of stored DIIS vectors. Default 10 (Psi4's DIIS_MAX_VECS). */
  diisSize: number;
  /** First iteration (number) that extrapolates. Default 1. */
  diisStart: number;
  /** Density damping factor α ∈ [0, 1): D ← (1 − α) D_new + α D_old. Default 0. */
  damping: number;
  /** Level shift σ ≥ 0 in hartree applied to virtual orbitals. Default 0. */
  levelShift: number;
  /**
   * The level shift applies only while the orbital gradient (`diisError`) is above this value
   * (default 1e-2, Psi4's LEVEL_SHIFT_CUTOFF); below it plain aufbau takes over, so a shift cannot
   * lock in a wrong occupation.
   */
  levelShiftCutoff: number;
}

/** Changes to {@link ScfControls} passed to the generator's `next()` (missing keys keep their values). */
export type ScfControlChanges = Partial<Omit<ScfControls, 'convergence'>> & {
  convergence?: Partial<ScfControls['convergence']>;
};

/** Options of {@link iterate} and {@link run}: the controls, plus what is fixed for the whole run. */
export interface ScfOptions extends Partial<Omit<ScfControls, 'convergence'>> {
  /** Convergence thresholds; missing ones take the defaults. */
  convergence?: Partial<ScfControls['convergence']>;
  /** 'rhf' or 'uhf'. Default: RHF when nalpha = nbeta, UHF otherwise. RHF for an open shell is an InvalidInputError. */
  reference?: Reference;
  /** Initial guess when no `initialDensity` is given. Default 'sad' when `problem.sad` is given, else 'core'. */
  guess?: GuessKind;
  /** How to build X with XᵀSX = I (default: auto, tolerance 1e-7). */
  orthogonalization?: OrthogonalizerOptions;
  /** Where the run starts (a resume, or a chosen density); without it, from `guess` at iteration 1. */
  start?: ScfStart;
  /** Deprecated: use `start.density`. The density to start from (RHF: [D_total]; UHF: [D^α, D^β]), e.g. a record's `density`. */
  initialDensity?: readonly Matrix[];
  /** Deprecated: use `start.iteration`. The number of the first iteration (default 1). */
  startIteration?: number;
  /** Deprecated: use `start.diis`. The DIIS history to continue (a record's or result's `diisState`). */
  diisState?: DiisState;
  /** Deprecated: use `start.previousEnergy`. The total energy of the iteration before `startIteration`. */
  previousEnergy?: number;
}

/** Wall-clock timings of one iteration in milliseconds. */
export interface IterationTimings {
  /** J/K build and Fock assembly. */
  readonly fockMs: number;
  /** DIIS, diagonalisation and the new density. */
  readonly diagMs: number;
  /** The whole iteration. */
  readonly totalMs: number;
}

/**
 * One SCF iteration, as {@link iterate} yields it.
 *
 * Iteration k takes the density D_{k−1} (the previous record's `density`, or the guess), builds
 * `fock` = F[D_{k−1}], evaluates `energy` = E[D_{k−1}], extrapolates with DIIS, diagonalises, and
 * produces `density` = D_k. So a resume from this record starts with `initialDensity: density`,
 * `startIteration: iteration + 1`, `diisState`, `previousEnergy: energy`.
 */
export interface ScfIteration {
  /** Iteration number (1-based, continues across resumes). */
  readonly iteration: number;
  /** Total energy E[D_{k−1}] in hartree (electronic + nuclear). */
  readonly energy: number;
  /** Electronic energy in hartree. */
  readonly electronicEnergy: number;
  /** energy − previous energy in hartree (NaN on the first iteration without `previousEnergy`). */
  readonly deltaE: number;
  /** RMS of D_k − D_{k−1} over all elements of all spin blocks of `density`. */
  readonly rmsDeltaD: number;
  /** RMS of the orbital gradient Xᵀ(FDS − SDF)X with the spin density (see {@link orbitalGradient}), over both spins for UHF. */
  readonly diisError: number;
  /** Number of DIIS vectors used in the extrapolation (0 when DIIS was off). */
  readonly diisVectors: number;
  /** The level shift applied in this iteration's diagonalisation, hartree (0 when off or below the cutoff). */
  readonly levelShift: number;
  /** The damping factor α used for this iteration's new density (0 when off). */
  readonly damping: number;
  /** The Fock matrices built this iteration, before extrapolation (RHF: [F]; UHF: [F^α, F^β]). */
  readonly fock: readonly Matrix[];
  /** The new density D_k (RHF: [D_total]; UHF: [D^α, D^β]). */
  readonly density: readonly Matrix[];
  /** Orbital energies (hartree) from this iteration's diagonalisation, one array per spin (level-shifted virtuals include σ). */
  readonly orbitalEnergies: readonly Float64Array[];
  /** Whether this iteration met both convergence thresholds. */
  readonly converged: boolean;
  /**
   * Only on the first record of a run: the density the run started from (the guess, or the
   * resumed `initialDensity`), same layout as `density` — what a store saves as the initial guess.
   */
  readonly initialDensity?: readonly Matrix[];
  /** The DIIS history after this iteration (shares matrices; never mutated). */
  readonly diisState: DiisState;
  /** Timings in milliseconds. */
  readonly timings: IterationTimings;
}

/** An iteration record without its matrices, as kept in {@link ScfResult.history}. */
export type ScfIterationSummary = Omit<ScfIteration, 'fock' | 'density' | 'orbitalEnergies' | 'diisState' | 'initialDensity'>;

/** Why an SCF did not converge, and what to try. */
export interface ScfDiagnosis {
  /** 'oscillating' (ΔE changes sign repeatedly), 'diverging' (energy rising), 'slow' (steady but too slow), or 'stalled'. */
  readonly kind: 'oscillating' | 'diverging' | 'slow' | 'stalled';
  /** A sentence for people: what happened and what to try. */
  readonly message: string;
}

/** The result of {@link run} (and the return value of the {@link iterate} generator). */
export interface ScfResult {
  /** Whether the last iteration met both thresholds. */
  readonly converged: boolean;
  /** The reference used. */
  readonly reference: Reference;
  /** Total energy in hartree of the last iteration. */
  readonly energy: number;
  /** Energy parts in hartree. */
  readonly energyComponents: EnergyComponents;
  /** Nuclear repulsion energy in hartree. */
  readonly nuclearRepulsion: number;
  /** Number of the last iteration run. */
  readonly iterations: number;
  /** One summary per iteration of this run. */
  readonly history: readonly ScfIterationSummary[];
  /** Canonical MO coefficients (nbf×nmo) from the last un-extrapolated, unshifted Fock matrices, one per spin. */
  readonly moCoefficients: readonly Matrix[];
  /** Canonical orbital energies in hartree, ascending, one array per spin. */
  readonly orbitalEnergies: readonly Float64Array[];
  /** Occupation numbers (RHF: 2/0; UHF: 1/0 per spin). */
  readonly occupations: readonly Float64Array[];
  /** Densities from the canonical orbitals (RHF: [D_total]; UHF: [D^α, D^β]). */
  readonly densities: readonly Matrix[];
  /** The last Fock matrices (un-extrapolated). */
  readonly fock: readonly Matrix[];
  /** ⟨S²⟩ for UHF (undefined for RHF, where it is exactly S(S+1) = 0). */
  readonly spin?: SpinExpectation;
  /** The orthogonaliser used (method, functions kept and dropped, smallest eigenvalue of S). */
  readonly orthogonalizer: Omit<Orthogonalizer, 'X'>;
  /** The DIIS history at the end (for a resume). */
  readonly diisState: DiisState;
  /** Present when not converged. */
  readonly diagnosis?: ScfDiagnosis;
}

/**
 * Resolves the reference for a problem: the one asked for, else RHF when nalpha = nbeta and UHF
 * otherwise. RHF for an open shell is an InvalidInputError (field `reference`).
 *
 * @example
 * ```ts
 * resolveReference({ nalpha: 5, nbeta: 4 }); // 'uhf'
 * ```
 */
export function resolveReference(problem: Pick<ScfProblem, 'nalpha' | 'nbeta'>, reference?: Reference): Reference {
  const { nalpha, nbeta } = problem;
  if (!Number.isInteger(nalpha) || !Number.isInteger(nbeta) || nalpha < 0 || nbeta < 0) {
    throw new InvalidInputError(`electron counts must be non-negative integers, got nalpha=${nalpha}, nbeta=${nbeta}`, {
      field: 'multiplicity',
    });
  }
  const chosen = reference ?? (nalpha === nbeta ? 'rhf' : 'uhf');
  if (chosen === 'rhf' && nalpha !== nbeta) {
    throw new InvalidInputError(
      `RHF needs a closed shell (nalpha = nbeta), but this system has nalpha=${nalpha}, nbeta=${nbeta} ` +
        `(multiplicity ${nalpha - nbeta + 1}); use reference "uhf"`,
      { file: 'parameters', field: 'reference' },
    );
  }
  return chosen;
}

function defaultControls(options: ScfOptions): ScfControls {
  const d = DEFAULT_SCF_PARAMETERS;
  return {
    maxIterations: options.maxIterations ?? d.max_iteration,
    convergence: {
      energy: options.convergence?.energy ?? d.convergence.energy,
      density: options.convergence?.density ?? d.convergence.density,
    },
    useDiis: options.useDiis ?? d.use_diis,
    diisSize: options.diisSize ?? d.diis_size,
    diisStart: options.diisStart ?? d.diis_start,
    damping: options.damping ?? d.damping,
    levelShift: options.levelShift ?? d.level_shift,
    levelShiftCutoff: options.levelShiftCutoff ?? d.level_shift_cutoff,
  };
}

function checkControls(c: ScfControls): void {
  const bad = (field: string, why: string): never => {
    throw new InvalidInputError(`${field} ${why}`, { field });
  };
  if (!Number.isInteger(c.maxIterations) || c.maxIterations < 1) bad('maxIterations', `must be a positive integer, got ${c.maxIterations}`);
  if (!(c.convergence.energy > 0)) bad('convergence.energy', `must be > 0 hartree, got ${c.convergence.energy}`);
  if (!(c.convergence.density > 0)) bad('convergence.density', `must be > 0, got ${c.convergence.density}`);
  if (!Number.isInteger(c.diisSize) || c.diisSize < 2) bad('diisSize', `must be an integer ≥ 2, got ${c.diisSize}`);
  if (!Number.isInteger(c.diisStart) || c.diisStart < 1) bad('diisStart', `must be an integer ≥ 1, got ${c.diisStart}`);
  if (!(c.damping >= 0 && c.damping < 1)) bad('damping', `must be in [0, 1), got ${c.damping}`);
  if (!(c.levelShift >= 0)) bad('levelShift', `must be ≥ 0 hartree, got ${c.levelShift}`);
  if (!(c.levelShiftCutoff >= 0)) bad('levelShiftCutoff', `must be ≥ 0, got ${c.levelShiftCutoff}`);
}

function checkProblem(problem: ScfProblem): number {
  const n = problem.overlap.rows;
  const square = (m: Matrix, name: string): void => {
    if (m.rows !== n || m.cols !== n) throw new InvalidInputError(`${name} is ${m.rows}×${m.cols}, expected ${n}×${n}`, { field: name });
  };
  square(problem.overlap, 'overlap');
  square(problem.coreHamiltonian, 'coreHamiltonian');
  if (problem.jk.nbf !== n) throw new InvalidInputError(`the JK builder has nbf=${problem.jk.nbf}, the overlap ${n}`, { field: 'jk' });
  if (!Number.isFinite(problem.nuclearRepulsion)) {
    throw new InvalidInputError(`nuclear repulsion energy is ${problem.nuclearRepulsion}`, { field: 'nuclearRepulsion' });
  }
  return n;
}

function occupationsFor(reference: Reference, nmo: number, nalpha: number, nbeta: number): Float64Array[] {
  return reference === 'rhf'
    ? [aufbauOccupations(nmo, nalpha, 2)]
    : [aufbauOccupations(nmo, nalpha, 1), aufbauOccupations(nmo, nbeta, 1)];
}

/**
 * The initial densities for a reference: RHF [D_total], UHF [D^α, D^β]. 'core' and 'gwh'
 * diagonalise a guess Fock matrix and occupy the lowest orbitals (aufbau); 'sad' superposes
 * atomic densities (UHF: D^α = D·N_α/N, D^β = D·N_β/N).
 *
 * @example
 * ```ts
 * const [D0] = initialDensities(problem, 'rhf', 'core', X);
 * ```
 */
export function initialDensities(problem: ScfProblem, reference: Reference, guess: GuessKind, X: Matrix): Matrix[] {
  const n = problem.overlap.rows;
  if (guess === 'sad') {
    if (problem.sad === undefined) {
      throw new InvalidInputError('the SAD guess needs atom data (problem.sad); use guess "core" or "gwh"', { field: 'guess' });
    }
    const D = sadGuess(problem.sad, n);
    if (reference === 'rhf') return [D];
    const N = problem.nalpha + problem.nbeta;
    const scaled = (f: number): Matrix => ({ rows: n, cols: n, data: D.data.map((v) => v * f) });
    return N === 0 ? [scaled(0), scaled(0)] : [scaled(problem.nalpha / N), scaled(problem.nbeta / N)];
  }
  const F0 = guess === 'gwh' ? gwhGuessFock(problem.coreHamiltonian, problem.overlap) : coreGuessFock(problem.coreHamiltonian);
  const { coefficients: C } = diagonalizeFock(F0, X);
  const occ = occupationsFor(reference, C.cols, problem.nalpha, problem.nbeta);
  return occ.map((o) => densityFromOrbitals(C, o));
}

function now(): number {
  return performance.now();
}

/**
 * The SCF as a generator: each `next()` runs one iteration and yields its {@link ScfIteration};
 * when the run ends (converged, or `maxIterations` reached) the generator returns the
 * {@link ScfResult}. Between iterations the caller may stop (just stop calling `next`), inspect
 * the record, or change controls by passing them to `next`:
 *
 * ```ts
 * const it = scf.iterate(problem, { guess: 'core' });
 * let step = it.next();
 * while (!step.done) {
 *   console.log(step.value.iteration, step.value.energy);
 *   step = it.next(step.value.iteration === 5 ? { damping: 0.3 } : undefined);
 * }
 * const result = step.value; // ScfResult
 * ```
 *
 * The steps of iteration k (Szabo & Ostlund §3.4.6, with Pulay DIIS):
 * F = H + G(D_{k−1}) ({@link buildFock}); E (Eq. 3.184, {@link energyComponents});
 * e = Xᵀ(FDS − SDF)X ({@link orbitalGradient}); F ← Σ c F_i ({@link diisExtrapolate});
 * F′C′ = C′ε with optional level shift ({@link diagonalizeFock}); D_k from the occupied
 * orbitals ({@link densityFromOrbitals}), optionally damped with D_{k−1}.
 * Convergence: |ΔE| < `convergence.energy` and RMS ΔD < `convergence.density`.
 *
 * Non-convergence is a result (`converged: false` with a `diagnosis`), never an exception.
 * Invalid input (shapes, electron counts beyond the basis, RHF for an open shell) is an
 * InvalidInputError thrown from the first `next()`.
 */
export function iterate(
  prepared: PreparedCalculation,
  overrides?: ScfOptions,
): Generator<ScfIteration, ScfResult, ScfControlChanges | undefined>;
export function iterate(problem: ScfProblem, options?: ScfOptions): Generator<ScfIteration, ScfResult, ScfControlChanges | undefined>;
export function iterate(
  preparedOrProblem: PreparedCalculation | ScfProblem,
  options?: ScfOptions,
): Generator<ScfIteration, ScfResult, ScfControlChanges | undefined>;
export function iterate(
  preparedOrProblem: PreparedCalculation | ScfProblem,
  options: ScfOptions = {},
): Generator<ScfIteration, ScfResult, ScfControlChanges | undefined> {
  if (isPrepared(preparedOrProblem)) {
    return iterateProblem(preparedOrProblem.problem, mergeOptions(preparedOrProblem.options ?? {}, options));
  }
  return iterateProblem(preparedOrProblem, options);
}

function isPrepared(value: PreparedCalculation | ScfProblem): value is PreparedCalculation {
  return (value as Partial<PreparedCalculation>).problem !== undefined;
}

/** `overrides` over `base`, key by key (convergence thresholds one by one); undefined keys keep the base's. */
export function mergeOptions(base: ScfOptions, overrides: ScfOptions): ScfOptions {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as ScfOptions;
  const merged: ScfOptions = { ...base, ...defined };
  if (base.convergence !== undefined || overrides.convergence !== undefined) {
    const conv = Object.fromEntries(Object.entries(overrides.convergence ?? {}).filter(([, v]) => v !== undefined));
    merged.convergence = { ...(base.convergence ?? {}), ...conv };
  }
  return merged;
}

function* iterateProblem(
  problem: ScfProblem,
  options: ScfOptions,
): Generator<ScfIteration, ScfResult, ScfControlChanges | undefined> {
  const nbf = checkProblem(problem);
  const reference = resolveReference(problem, options.reference);
  let controls = defaultControls(options);
  checkControls(controls);
  const S = problem.overlap, H = problem.coreHamiltonian;
  const orth = orthogonalizer(S, options.orthogonalization);
  const { X, nmo } = orth;
  if (problem.nalpha > nmo || problem.nbeta > nmo) {
    throw new InvalidInputError(
      `${Math.max(problem.nalpha, problem.nbeta)} electrons of one spin do not fit in ${nmo} orbitals ` +
        `(${nbf} basis functions, ${orth.dropped} dropped as linearly dependent); use a larger basis`,
      { field: 'basis_set' },
    );
  }
  const nspin = reference === 'rhf' ? 1 : 2;
  const start = options.start;
  const startDensity = start?.density ?? options.initialDensity;
  const densityField = start !== undefined ? 'start.density' : 'initialDensity';
  let D: Matrix[];
  if (startDensity !== undefined) {
    if (startDensity.length !== nspin) {
      throw new InvalidInputError(
        `${densityField} has ${startDensity.length} matrices; ${reference.toUpperCase()} needs ${nspin}`,
        { field: densityField },
      );
    }
    for (const m of startDensity) {
      if (m.rows !== nbf || m.cols !== nbf || m.data.length !== nbf * nbf) {
        throw new InvalidInputError(`${densityField} is ${m.rows}×${m.cols}, expected ${nbf}×${nbf}`, { field: densityField });
      }
    }
    D = startDensity.map((m) => ({ rows: m.rows, cols: m.cols, data: Float64Array.from(m.data) }));
  } else {
    D = initialDensities(problem, reference, options.guess ?? (problem.sad ? 'sad' : 'core'), X);
  }
  const firstIteration = start?.iteration ?? options.startIteration ?? 1;
  if (!Number.isInteger(firstIteration) || firstIteration < 1) {
    throw new InvalidInputError(`must be a positive integer, got ${firstIteration}`, { field: start !== undefined ? 'start.iteration' : 'startIteration' });
  }
  const occupations = occupationsFor(reference, nmo, problem.nalpha, problem.nbeta);
  let diis = start !== undefined ? (start.diis ?? emptyDiis()) : (options.diisState ?? emptyDiis());
  let previousEnergy = (start !== undefined ? start.previousEnergy : options.previousEnergy) ?? NaN;
  const history: ScfIterationSummary[] = [];
  let iteration = firstIteration - 1;
  let lastFock: Matrix[] = [];
  let lastComponents: EnergyComponents | undefined;
  let converged = false;
  let usedDensity = D;

  while (iteration < controls.maxIterations) {
    iteration++;
    const t0 = now();
    const F = buildFock(reference, H, problem.jk, D);
    const components = energyComponents(reference, H, D, F, problem.nuclearRepulsion);
    const t1 = now();
    const Dspin = spinDensities(reference, D);
    const errors = F.map((f, s) => orbitalGradient(f, Dspin[s]!, S, X));
    let errSq = 0, errCount = 0;
    for (const e of errors) {
      const r = rms(e);
      errSq += r * r * e.data.length;
      errCount += e.data.length;
    }
    const diisError = errCount > 0 ? Math.sqrt(errSq / errCount) : 0;
    let Fdiag: Matrix[] = F;
    let diisVectors = 0;
    if (controls.useDiis) {
      diis = diisPush(diis, F, errors, controls.diisSize);
      if (iteration >= controls.diisStart && diis.focks.length >= 2) {
        const ext = diisExtrapolate(diis);
        Fdiag = ext.focks;
        diisVectors = ext.coefficients.length;
      }
    }
    const shift = controls.levelShift > 0 && diisError > controls.levelShiftCutoff ? controls.levelShift : 0;
    const orbitals: Orbitals[] = Fdiag.map((f, s) =>
      diagonalizeFock(f, X, shift > 0 ? { shift, spinDensity: Dspin[s]!, overlap: S } : undefined),
    );
    let Dnew = orbitals.map((o, s) => densityFromOrbitals(o.coefficients, occupations[s]!));
    if (controls.damping > 0) {
      const a = controls.damping;
      Dnew = Dnew.map((m, s) => {
        const old = D[s]!.data;
        const out = new Float64Array(m.data.length);
        for (let i = 0; i < out.length; i++) out[i] = (1 - a) * m.data[i]! + a * old[i]!;
        return { rows: m.rows, cols: m.cols, data: out };
      });
    }
    let sq = 0, count = 0;
    Dnew.forEach((m, s) => {
      const r = rmsDifference(m, D[s]!);
      sq += r * r * m.data.length;
      count += m.data.length;
    });
    const rmsDeltaD = Math.sqrt(sq / count);
    const energy = components.total;
    const deltaE = energy - previousEnergy;
    converged = Math.abs(deltaE) < controls.convergence.energy && rmsDeltaD < controls.convergence.density;
    const t2 = now();
    const summary: ScfIterationSummary = {
      iteration,
      energy,
      electronicEnergy: components.electronic,
      deltaE,
      rmsDeltaD,
      diisError,
      diisVectors,
      levelShift: shift,
      damping: controls.damping,
      converged,
      timings: { fockMs: t1 - t0, diagMs: t2 - t1, totalMs: t2 - t0 },
    };
    history.push(summary);
    lastFock = F;
    lastComponents = components;
    usedDensity = D;
    const changes = yield {
      ...summary,
      fock: F,
      density: Dnew,
      orbitalEnergies: orbitals.map((o) => o.energies),
      diisState: diis,
      ...(history.length === 1 ? { initialDensity: D } : {}),
    };
    previousEnergy = energy;
    D = Dnew;
    if (converged) break;
    if (changes !== undefined && changes !== null) {
      for (const key of Object.keys(changes)) {
        if (!(key in controls)) {
          throw new InvalidInputError(`unknown control "${key}" (allowed: ${Object.keys(controls).join(', ')})`, { field: key });
        }
      }
      const { convergence, ...rest } = changes;
      const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
      const conv = Object.fromEntries(Object.entries(convergence ?? {}).filter(([, v]) => v !== undefined));
      controls = { ...controls, ...defined, convergence: { ...controls.convergence, ...conv } };
      checkControls(controls);
    }
  }

  // No iteration ran (maxIterations below startIteration): evaluate the starting density once.
  if (lastComponents === undefined) {
    lastFock = buildFock(reference, H, problem.jk, D);
    lastComponents = energyComponents(reference, H, D, lastFock, problem.nuclearRepulsion);
    usedDensity = D;
  }
  // Canonical orbitals of the last (un-extrapolated, unshifted) Fock matrices.
  const canonical = lastFock.map((f) => diagonalizeFock(f, X));
  const densities = canonical.map((o, s) => densityFromOrbitals(o.coefficients, occupations[s]!));
  const spin =
    reference === 'uhf'
      ? spinExpectation(usedDensity[0]!, usedDensity[1]!, S, problem.nalpha, problem.nbeta)
      : undefined;
  const { X: _x, ...orthInfo } = orth;
  const result: ScfResult = {
    converged,
    reference,
    energy: lastComponents.total,
    energyComponents: lastComponents,
    nuclearRepulsion: problem.nuclearRepulsion,
    iterations: iteration,
    history,
    moCoefficients: canonical.map((o) => o.coefficients),
    orbitalEnergies: canonical.map((o) => o.energies),
    occupations,
    densities,
    fock: lastFock,
    orthogonalizer: orthInfo,
    diisState: diis,
    ...(spin !== undefined ? { spin } : {}),
    ...(converged ? {} : { diagnosis: diagnose(history, controls) }),
  };
  return result;
}

/**
 * Whether a generator step is an iteration record (not the final result): a type guard that
 * narrows `step.value` to {@link ScfIteration} in code compiled without `strictNullChecks`
 * (tslab cells), where `step.done` alone does not narrow.
 *
 * @example
 * ```ts
 * const it = scf.iterate(prepared);
 * let step = it.next();
 * while (scf.isIteration(step)) step = it.next(step.value.iteration === 5 ? { damping: 0.3 } : undefined);
 * const result = step.value; // ScfResult
 * ```
 */
export function isIteration(step: IteratorResult<ScfIteration, ScfResult>): step is IteratorYieldResult<ScfIteration> {
  return step.done !== true;
}

/**
 * Runs the SCF to the end: drains {@link iterate} (calling `onIteration` with each record, if
 * given) and returns the {@link ScfResult}.
 *
 * @example
 * ```ts
 * const result = scf.run(problem, { guess: 'core' });
 * result.converged; // true
 * result.energy;    // −74.942079928192 for Crawford's water/STO-3G
 * ```
 */
export function run(
  preparedOrProblem: PreparedCalculation | ScfProblem,
  options: ScfOptions = {},
  onIteration?: (record: ScfIteration) => ScfControlChanges | void,
): ScfResult {
  const gen = iterate(preparedOrProblem, options);
  let step = gen.next();
  while (!step.done) {
    const changes = onIteration?.(step.value);
    step = gen.next(changes ?? undefined);
  }
  return step.value;
}

/**
 * Reads a non-converged history and says what happened and what to try.
 *
 * @example
 * ```ts
 * diagnose(result.history, controls).kind; // 'oscillating'
 * ```
 */
export function diagnose(history: readonly ScfIterationSummary[], controls: ScfControls): ScfDiagnosis {
  const last = history[history.length - 1];
  const tail = history.slice(-10);
  const dE = tail.map((h) => h.deltaE).filter((v) => Number.isFinite(v));
  let signChanges = 0;
  for (let i = 1; i < dE.length; i++) if (Math.sign(dE[i]!) !== Math.sign(dE[i - 1]!) && dE[i] !== 0) signChanges++;
  const status = last
    ? `after ${last.iteration} iterations ΔE = ${last.deltaE.toExponential(2)} Eh and RMS ΔD = ${last.rmsDeltaD.toExponential(2)} ` +
      `(thresholds ${controls.convergence.energy} Eh, ${controls.convergence.density})`
    : 'no iteration ran';
  // Suggest only what the run did not already use.
  const damping = controls.damping === 0 ? ['damping (e.g. 0.5)'] : [];
  const shift = controls.levelShift === 0 ? ['a level shift (e.g. 0.5 Eh)'] : [];
  const diis = controls.useDiis ? [] : ['DIIS (use_diis)'];
  const tryThese = (options: string[]): string => {
    const list = [...options, 'another guess'];
    return `Try ${list.length > 1 ? `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}` : list[0]}.`;
  };
  if (dE.length >= 4 && signChanges >= Math.floor(dE.length / 2)) {
    return {
      kind: 'oscillating',
      message: `SCF did not converge: the energy oscillates; ${status}. ${tryThese([...diis, ...damping, ...shift])}`,
    };
  }
  if (dE.length >= 3 && dE.slice(-3).every((v) => v > controls.convergence.energy)) {
    return {
      kind: 'diverging',
      message: `SCF did not converge: the energy is rising; ${status}. ${tryThese([...shift, ...damping])}`,
    };
  }
  const first = tail[0], end = tail[tail.length - 1];
  if (first && end && end.rmsDeltaD < 0.5 * first.rmsDeltaD) {
    return {
      kind: 'slow',
      message: `SCF did not converge: it is still converging, slowly; ${status}. Allow more iterations (max_iteration${diis.length ? ') or enable DIIS (use_diis' : ''}).`,
    };
  }
  return {
    kind: 'stalled',
    message: `SCF did not converge: the density stopped improving; ${status}. ${tryThese([...diis, ...shift, ...damping])}`,
  };
}
