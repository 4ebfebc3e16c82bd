/**
 * The SCF driver as a generator of typed iteration records ({@link iterate}), and its
 * synchronous drain ({@link run}).
 *
 * @packageDocumentation
 */
import { InvalidInputError, ScfInterruptedError } from '../errors';
import { orthogonalizer, rms, rmsDifference, type Matrix } from '../linalg';
import { applyControlChanges, checkControlChanges, DEFAULT_CONTROLS, type ScfControlChanges, type ScfControls } from './controls';
import { aufbauOccupations, densityFromOrbitals, spinDensities } from './density';
import { diagnose } from './diagnose';
import { checkAcceleratorReference, extrapolateFock, type AcceleratorUsed } from './accelerate';
import { diisPush, emptyDiis } from './diis';
import { energyComponents, type EnergyComponents } from './energy';
import { buildFock } from './fock';
import { coreGuessFock, gwhGuessFock, sadGuess } from './guess';
import { checkScfOptions, type ScfOptions } from './options';
import { checkOccupationChoice } from './occupation-options';
import { occupationStepper } from './occupations';
import { parameterName } from './parameters';
import { diagonalizeFock, orbitalGradient, type Orbitals } from './orbitals';
import { rohfEffectiveFock, rohfOrbitals, rohfStartOrbitals } from './rohf-fock';
import type { PreparedCalculation } from './prepared';
import type { GuessKind, Reference, ScfProblem } from './problem';
import type { ScfIteration, ScfIterationSummary, ScfResult } from './records';
import { soscfStep } from './soscf';
import { spinExpectation } from './spin';
import { checkStabilityReference, withStability } from './stability-follow';

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
  if (chosen === 'rohf' && nalpha < nbeta) {
    throw new InvalidInputError(`ROHF needs nalpha ≥ nbeta, but this system has nalpha=${nalpha}, nbeta=${nbeta}`, {
      file: 'parameters',
      field: 'reference',
    });
  }
  if (chosen === 'rhf' && nalpha !== nbeta) {
    throw new InvalidInputError(
      `RHF needs a closed shell (nalpha = nbeta), but this system has nalpha=${nalpha}, nbeta=${nbeta} ` +
        `(multiplicity ${nalpha - nbeta + 1}); use reference "uhf"`,
      { file: 'parameters', field: 'reference' },
    );
  }
  return chosen;
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

/** ROHF: one set of orbitals serves both spins. */
function rohfPair(o: Orbitals): Orbitals[] {
  return [o, o];
}

/** The error of a run whose `signal` was aborted, after its last completed iteration (if any). */
function interruptedAfter(last: ScfIterationSummary | undefined): ScfInterruptedError {
  return last === undefined
    ? new ScfInterruptedError('the SCF was interrupted before its first iteration')
    : new ScfInterruptedError(`the SCF was interrupted after iteration ${last.iteration}`, last);
}

function now(): number {
  return performance.now();
}

/**
 * The SCF as a generator: each `next()` runs one iteration and yields its {@link ScfIteration};
 * when the run ends (converged, or `maxIterations` reached) the generator returns the
 * {@link ScfResult}. Give it a prepared calculation (`prepareCalculation`): it runs with the
 * options the parameters gave, and `options` here override them key by key. A bare
 * {@link ScfProblem} (`prepared.problem`) runs with `options` alone, over the defaults.
 *
 * Between iterations the caller may stop (just stop calling `next`), inspect the record, or
 * change controls by passing them to `next`. {@link isIteration} narrows a step in any compiler
 * setting (tslab cells have no strictNullChecks, so `step.done` alone does not narrow); the
 * `for … of` form that takes changes is {@link session}.
 *
 * The steps of iteration k (Szabo & Ostlund §3.4.6, with Pulay DIIS):
 * F = H + G(D_{k−1}) ({@link buildFock}); E (Eq. 3.184, {@link energyComponents});
 * e = Xᵀ(FDS − SDF)X ({@link orbitalGradient}); F ← Σ c F_i (CDIIS, or ADIIS/EDIIS blended in: {@link extrapolateFock});
 * F′C′ = C′ε with optional level shift ({@link diagonalizeFock}); D_k from the occupied
 * orbitals ({@link densityFromOrbitals}), optionally damped with D_{k−1}.
 * Convergence: |ΔE| < `convergence.energy` and RMS ΔD < `convergence.density`.
 * With `soscf` (RHF, UHF), once the RMS orbital gradient is below `soscfStartConvergence` the
 * extrapolation, shift, diagonalisation and damping are replaced by a second-order step
 * ({@link soscfStep}); the record's `step` says which ran.
 * ROHF (`reference: 'rohf'`) builds F^α, F^β as UHF does, then Psi4's effective Fock matrix
 * in the MO basis of the current orbitals ({@link rohfEffectiveFock}), extrapolates it with DIIS
 * on the ROHF orbital gradient and diagonalises it ({@link rohfOrbitals}): one set of orbitals,
 * the lowest N_β doubly and the next N_α − N_β singly occupied.
 *
 * Non-convergence is a result (`converged: false` with a `diagnosis`), never an exception.
 * Invalid input (shapes, electron counts beyond the basis, RHF for an open shell) is an
 * InvalidInputError thrown from the first `next()`.
 *
 * @example
 * ```ts
 * const it = scf.iterate(prepared, { guess: 'core' });
 * let step = it.next();
 * while (scf.isIteration(step)) {
 *   console.log(step.value.iteration, step.value.energy);
 *   step = it.next(step.value.iteration === 5 ? { damping: 0.3 } : undefined);
 * }
 * const result = step.value; // ScfResult
 * ```
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
  return isPrepared(preparedOrProblem)
    ? iterateProblem(preparedOrProblem.problem, preparedOrProblem.options, options)
    : iterateProblem(preparedOrProblem, {}, options);
}

function isPrepared(value: PreparedCalculation | ScfProblem): value is PreparedCalculation {
  return (value as Partial<PreparedCalculation>).problem !== undefined;
}

/**
 * `overrides` over `base`, key by key (convergence thresholds one by one); undefined keys keep
 * the base's.
 *
 * @example
 * ```ts
 * mergeOptions({ maxIterations: 30, convergence: { energy: 1e-8 } }, { convergence: { density: 1e-6 } });
 * // { maxIterations: 30, convergence: { energy: 1e-8, density: 1e-6 } }
 * ```
 */
export function mergeOptions(base: ScfOptions, overrides: ScfOptions): ScfOptions {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as ScfOptions;
  const merged: ScfOptions = { ...base, ...defined };
  if (base.convergence !== undefined || overrides.convergence !== undefined) {
    const conv = Object.fromEntries(Object.entries(overrides.convergence ?? {}).filter(([, v]) => v !== undefined));
    merged.convergence = { ...(base.convergence ?? {}), ...conv };
  }
  return merged;
}

/**
 * The generator behind {@link iterate}. `base` are options validated before (a prepared
 * calculation's, from its parsed parameters); `overrides` come from the caller and are checked
 * here, on the first `next()`.
 */
function* iterateProblem(
  problem: ScfProblem,
  base: ScfOptions,
  overrides: ScfOptions,
): Generator<ScfIteration, ScfResult, ScfControlChanges | undefined> {
  const options = mergeOptions(base, checkScfOptions(overrides));
  const nbf = checkProblem(problem);
  const reference = resolveReference(problem, options.reference);
  if (options.stabilityAnalysis !== undefined && options.stabilityAnalysis !== 'none') {
    checkStabilityReference(reference, options.stabilityAnalysis, { field: parameterName('stability_analysis', options.vocabulary ?? 'options') });
    return yield* withStability(problem, reference, options, (extra) => iterateProblem(problem, base, { ...overrides, ...extra, stabilityAnalysis: 'none' }));
  }
  if (problem.dfGuess !== undefined && options.start === undefined) return yield* withDfGuess(problem, base, overrides);
  let controls = applyControlChanges(DEFAULT_CONTROLS, options);
  checkAcceleratorReference(controls.accelerator, reference, parameterName('scf_initial_accelerator', options.vocabulary ?? 'options'));
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
  if (reference === 'rohf' && controls.soscf) {
    throw new InvalidInputError('SOSCF is implemented for RHF and UHF, not ROHF; use reference "uhf" or turn soscf off', { field: 'soscf' });
  }
  const start = options.start;
  let D: Matrix[];
  let guess: GuessKind | undefined;
  if (start !== undefined) {
    if (start.density === undefined || start.density.length !== nspin) {
      throw new InvalidInputError(
        `holds ${start.density?.length ?? 0} matrices; ${reference.toUpperCase()} needs ${nspin}`,
        { field: 'start.density' },
      );
    }
    for (const m of start.density) {
      if (m.rows !== nbf || m.cols !== nbf || m.data.length !== nbf * nbf) {
        throw new InvalidInputError(`is ${m.rows}×${m.cols}, expected ${nbf}×${nbf}`, { field: 'start.density' });
      }
    }
    if (!Number.isInteger(start.iteration) || start.iteration < 1) {
      throw new InvalidInputError(`must be a positive integer, got ${start.iteration}`, { field: 'start.iteration' });
    }
    D = start.density.map((m) => ({ rows: m.rows, cols: m.cols, data: Float64Array.from(m.data) }));
  } else {
    guess = options.guess ?? (problem.sad ? 'sad' : 'core');
    D = initialDensities(problem, reference, guess, X);
  }
  checkOccupationChoice(options, { reference, nalpha: problem.nalpha, nbeta: problem.nbeta, nmo });
  const counts = reference === 'rhf' ? [problem.nalpha] : [problem.nalpha, problem.nbeta];
  const occupation = occupationStepper(options, reference === 'rhf' ? 1 : 2, nmo, counts, S, start && { iteration: start.iteration, spinDensities: spinDensities(reference, D) });
  let diis = start?.diis ?? emptyDiis();
  let previousEnergy = start?.previousEnergy ?? NaN;
  const history: ScfIterationSummary[] = [];
  let iteration = (start?.iteration ?? 1) - 1;
  let lastFock: Matrix[] = [];
  let lastComponents: EnergyComponents | undefined;
  let converged = false;
  let usedDensity = D;
  // ROHF: the orbitals that produced D (Feff is built in their MO basis); at the start (a guess or
  // a resume) the natural orbitals of D^α + D^β, by descending occupation.
  const ndocc = problem.nbeta, nsocc = problem.nalpha - problem.nbeta;
  let rohfC: Matrix | undefined = reference === 'rohf' ? rohfStartOrbitals(D[0]!, D[1]!, S, X) : undefined;
  let usedRohfC = rohfC;

  while (iteration < controls.maxIterations) {
    if (options.signal?.aborted) throw interruptedAfter(history[history.length - 1]);
    iteration++;
    const t0 = now();
    const F = buildFock(reference, H, problem.jk, D);
    const components = energyComponents(reference, H, D, F, problem.nuclearRepulsion);
    const t1 = now();
    const Dspin = spinDensities(reference, D);
    const rohf = rohfC !== undefined ? rohfEffectiveFock(F[0]!, F[1]!, rohfC, S, X, ndocc, nsocc) : undefined;
    const errors = rohf !== undefined ? [rohf.gradient] : F.map((f, s) => orbitalGradient(f, Dspin[s]!, S, X));
    let errSq = 0, errCount = 0;
    for (const e of errors) {
      const r = rms(e);
      errSq += r * r * e.data.length;
      errCount += e.data.length;
    }
    const diisError = errCount > 0 ? Math.sqrt(errSq / errCount) : 0;
    // A second-order step once the gradient is small (RHF, UHF); undefined: the DIIS/Roothaan step.
    const soscf = controls.soscf && rohf === undefined && diisError < controls.soscfStartConvergence
      ? soscfStep(reference as 'rhf' | 'uhf', problem.jk, S, X, F, Dspin, [problem.nalpha, problem.nbeta].slice(0, nspin), {
        minIter: controls.soscfMinIter, maxIter: controls.soscfMaxIter, conv: controls.soscfConv })
      : undefined;
    let Fdiag: Matrix[] = rohf !== undefined ? [rohf.fock] : F;
    let diisVectors = 0;
    let accelerator: AcceleratorUsed = 'none';
    if (controls.useDiis) {
      diis = diisPush(diis, Fdiag, errors, controls.diisSize, rohf === undefined ? { density: D, energy: components.total } : undefined);
      if (soscf === undefined && iteration >= controls.diisStart && diis.focks.length >= 2) {
        const ext = extrapolateFock(diis, controls, diisError);
        Fdiag = ext.focks;
        diisVectors = ext.vectors;
        accelerator = ext.accelerator;
      }
    }
    const shift = soscf === undefined && controls.levelShift > 0 && diisError > controls.levelShiftCutoff ? controls.levelShift : 0;
    const orbitals: Orbitals[] = soscf !== undefined ? soscf.orbitals : rohf !== undefined
      ? rohfPair(rohfOrbitals(Fdiag[0]!, X, shift > 0 ? { shift, current: rohfC!, overlap: S, ndocc, nsocc } : undefined))
      : Fdiag.map((f, s) => diagonalizeFock(f, X, shift > 0 ? { shift, spinDensity: Dspin[s]!, overlap: S } : undefined));
    const occ = occupation.step(iteration, orbitals);
    // A SOSCF step made its density from the rotated orbitals (aufbau only: parameters refuse soscf with an occupation method).
    let Dnew = soscf?.densities ?? orbitals.map((o, s) => densityFromOrbitals(o.coefficients, occ.occupations[s]!));
    if (occ.restartDiis) diis = emptyDiis();
    usedRohfC = rohfC;
    if (rohf !== undefined) rohfC = orbitals[0]!.coefficients;
    const damping = soscf === undefined ? controls.damping : 0;
    if (damping > 0) {
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
    converged = Math.abs(deltaE) < controls.convergence.energy && rmsDeltaD < controls.convergence.density && occupation.mayConverge(iteration);
    const t2 = now();
    const summary: ScfIterationSummary = {
      iteration,
      energy,
      electronicEnergy: components.electronic,
      deltaE,
      rmsDeltaD,
      diisError,
      diisVectors,
      accelerator,
      levelShift: shift,
      damping,
      step: soscf !== undefined ? 'soscf' : diisVectors > 0 ? 'diis' : 'roothaan',
      ...(soscf !== undefined ? { soscf: { microIterations: soscf.microIterations, residual: soscf.residual, maxRotation: soscf.maxRotation } } : {}),
      converged,
      occupation: occ.record,
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
      ...(history.length === 1 ? { initialDensity: D, ...(guess !== undefined ? { initialGuess: guess } : {}) } : {}),
    };
    previousEnergy = energy;
    D = Dnew;
    if (converged) break;
    if (changes !== undefined && changes !== null) {
      checkControlChanges(changes);
      controls = applyControlChanges(controls, changes);
      checkAcceleratorReference(controls.accelerator, reference, 'accelerator');
    }
  }

  // No iteration ran (maxIterations below start.iteration): evaluate the starting density once.
  if (lastComponents === undefined) {
    lastFock = buildFock(reference, H, problem.jk, D);
    lastComponents = energyComponents(reference, H, D, lastFock, problem.nuclearRepulsion);
    usedDensity = D;
  }
  // Canonical orbitals of the last (un-extrapolated, unshifted) Fock matrices; for ROHF of Feff
  // built from them in the MO basis of the orbitals that produced the density they came from.
  const canonical = reference === 'rohf'
    ? rohfPair(rohfOrbitals(rohfEffectiveFock(lastFock[0]!, lastFock[1]!, usedRohfC!, S, X, ndocc, nsocc).fock, X))
    : lastFock.map((f) => diagonalizeFock(f, X));
  const occupations = occupation.final(canonical);
  const densities = canonical.map((o, s) => densityFromOrbitals(o.coefficients, occupations[s]!));
  const spin =
    reference !== 'rhf'
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
    ...(converged ? {} : { diagnosis: diagnose(history, controls, options.vocabulary ?? 'options') }),
  };
  return result;
}

/**
 * Psi4's df_scf_guess: converges with the problem's density-fitted builder first (its records
 * marked `dfGuess: true`), then continues with the exact `jk` from the DF stage's final density
 * (new DIIS, the iteration numbering and ΔE carried on), as Psi4 does after "DF guess
 * converged". The result is the exact stage's, with the whole history and a `dfGuess` summary.
 */
function* withDfGuess(problem: ScfProblem, base: ScfOptions, overrides: ScfOptions): Generator<ScfIteration, ScfResult, ScfControlChanges | undefined> {
  const { dfGuess, ...exact } = problem;
  const fitted = iterateProblem({ ...exact, jk: dfGuess! }, base, overrides);
  let step = fitted.next();
  while (!step.done) {
    const changes = yield { ...step.value, dfGuess: true };
    step = fitted.next(changes);
  }
  const df = step.value;
  const result = yield* iterateProblem(exact, base, {
    ...overrides,
    start: { density: df.densities, iteration: df.iterations + 1, previousEnergy: df.energy },
  });
  return {
    ...result,
    history: [...df.history.map((h) => ({ ...h, dfGuess: true as const })), ...result.history],
    dfGuess: { iterations: df.iterations, converged: df.converged, energy: df.energy },
  };
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

