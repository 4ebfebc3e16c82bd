import { atomBasisChoices, basisHeaderPure, load, loadAssigned, loadAuxiliaryBasis, type AuxiliaryBasis, type BasisAssignment, type BasisSet } from '../basis';
import { InvalidInputError, ScfInterruptedError } from '../errors';
import { Molecule } from '../geometry';
import {
  coreHamiltonian,
  createDirectJK,
  createStoredJK,
  createStoredJKFromPacked,
  createDfJK,
  dipole,
  estimatePackedEriBytes,
  overlap,
  packedEriLength,
} from '../integrals';
import type { Matrix } from '../linalg';
import type { JKBuilder } from '../integrals/jk';
import { functionAtoms, dipoleMoment, frontierOrbitals, lowdinCharges, mullikenCharges } from './analysis';
import type { DipoleMoment, FrontierOrbitals } from './analysis';
import type { ScfControlChanges } from './controls';
import { drive } from './drive';
import { resolveReference, run } from './iterate';
import { checkStabilityReference } from './stability-follow';
import { checkOccupationChoice, type OccupationChoiceInput } from './occupation-options';
import type { ScfOptions, ScfVocabulary } from './options';
import type { PreparedCalculation } from './prepared';
import type { ScfIteration, ScfResult } from './records';
import { parameterName, parseScfParameters, scfOptionsFromParameters, type ScfParameters } from './parameters';
import { withGhostParameter } from './ghost-parameter';
import type { AtomIntegrals, SadAtom, ScfProblem } from './problem';
import { integralsReport, type IntegralsReport } from './integrals-report';
import { checkScfMemory } from './memory';
import { runSteps, runStepsAsync, type ProgressOptions, type Steps } from '../integrals/progress';
import { storedJKSteps } from '../integrals/jk-stored';
import { defaultSignal, withDefaultSignal } from './kernel-signal';

/**
 * How {@link prepareCalculation} builds the integrals (everything but the basis, which the
 * parameters name).
 *
 * @example
 * ```ts
 * const options: PrepareOptions = { threads: 2, jk: 'auto', freeMemoryBytes: 8 * 1024 ** 3 };
 * ```
 */
export interface PrepareOptions extends ProgressOptions {
  /**
   * Threads for the ERIs and J/K (default: all cores, but one below 60
   * basis functions, where a worker thread costs more than it saves).
   */
  threads?: number;
  /** 'stored' (packed unique ERIs in memory), 'direct' (recomputed each iteration) or 'auto' (default). */
  jk?: 'auto' | 'stored' | 'direct';
  /** Schwarz screening threshold in hartree (default: the integral module's, 1e-12). */
  screening?: number;
  /** Provide atom data for the SAD guess (default true). */
  sad?: boolean;
  /**
   * Bytes of free memory the caller measured (e.g. `os.freemem()`); the core reads no
   * environment. Default: assume 4 GiB. 'auto' stores the ERIs when they fit in half of it.
   */
  freeMemoryBytes?: number;
  /** Bytes of memory of the machine (e.g. `os.totalmem()`), named when a basis is too large for `freeMemoryBytes` (see `checkScfMemory`). */
  totalMemoryBytes?: number;
  /** 'auto' stores the ERIs when they take at most this many bytes (default: half of `freeMemoryBytes`). */
  maxStoredBytes?: number;
  /**
   * Matrices and integrals computed before (a resumed job's checkpoints), used instead of
   * recomputing: S and H (nbf×nbf, row-major) and the packed unique ERIs (ij|kl), kl ≤ ij, in
   * `packedEriIndex` order (`packedEriLength(nbf)` values; they make the J/K builder a stored
   * one whatever `jk` says). Shapes are checked (an InvalidInputError names the field).
   * `basis` is this molecule's basis set loaded before (a job's validation loads it once): every
   * shell must sit on its atom's position (checked), and it is used instead of loading again.
   */
  reuse?: { basis?: BasisSet; overlap?: Matrix; coreHamiltonian?: Matrix; eris?: Float64Array };
  /**
   * Whose words the diagnosis of a non-converged run uses (default `'parameters'`, the
   * data-model keys; the CLI passes `'cli'`). See {@link ScfVocabulary}.
   */
  vocabulary?: ScfVocabulary;
}

/**
 * How {@link setupProblem} builds the problem's integrals: {@link PrepareOptions} and the basis.
 *
 * @example
 * ```ts
 * const options: SetupOptions = { basis: 'cc-pVDZ', pure: true, threads: 1 };
 * ```
 */
export interface SetupOptions extends PrepareOptions {
  /** Basis set name (bundled) or Gaussian94 text. */
  basis: string;
  /** Spherical (true) or Cartesian (false) functions; default: the basis file's choice. */
  pure?: boolean;
  /**
   * Per-element and per-atom basis sets over `basis` (see `basis/assignment.ts`); one
   * spherical/Cartesian choice for all shells, `pure` else `basis`'s header. Density fitting's
   * default auxiliary set follows `basis`.
   */
  basisAssign?: BasisAssignment;
  /** 'pk' (stored exact ERIs), 'direct' or 'df' (Psi4's scf_type); default: `jk` decides (exact). */
  scfType?: 'pk' | 'direct' | 'df';
  /** The auxiliary basis of density fitting (default: Psi4 1.3.2's for the orbital basis). */
  dfBasisScf?: string;
  /** Psi4's df_scf_guess for an exact SCF: also build a DF builder (`problem.dfGuess`) to converge with first. */
  dfScfGuess?: boolean;
}

/** The free memory {@link chooseJK} assumes when the caller measured none: 4 GiB. */
const DEFAULT_FREE_MEMORY_BYTES = 4 * 1024 ** 3;

/**
 * Below this many basis functions {@link setupProblem} runs the integrals on one thread unless
 * told otherwise: a worker thread must load and JIT-compile the integral code itself, which
 * takes longer than the whole job it would share and adds ~15 MB. Measured (2 cores, whole
 * SCF): water/cc-pVDZ (24 functions) 0.34 s / 84 MB on one thread vs 0.39 s / 98 MB on two;
 * ethanol/6-31G* (57) 0.75 vs 0.80 s; caffeine/STO-3G (80) 2.5 vs 1.7 s (two threads win).
 */
const SMALL_BASIS_NBF = 60;

/**
 * The default size limit of the in-memory ERI store for `jk: 'auto'`: half the free memory the
 * caller measured (`freeMemoryBytes`, default 4 GiB, so 2 GiB). A stored SCF reads the integrals
 * once per iteration; an integral-direct one recomputes them every iteration, which costs
 * several times more over a whole SCF (caffeine / 6-31G*, 2 threads: 22 s stored with a 2.8 GB
 * store, more than 3 min direct), so the store is chosen whenever it fits comfortably.
 */
function defaultMaxStoredBytes(freeMemoryBytes: number | undefined): number {
  return Math.floor(0.5 * (freeMemoryBytes ?? DEFAULT_FREE_MEMORY_BYTES));
}

/**
 * The J/K builder for a basis with the defaults above: the packed ERI store when it fits under
 * `maxStoredBytes` (else integral-direct), on all cores but one thread below 60 basis functions.
 * Also returns the ERI options it used, for builders made later (SAD atoms). Every SCF set-up,
 * a resumed job's included, chooses through this.
 *
 * @example
 * ```ts
 * const { jk } = chooseJK(basis, {}); // jk.kind: 'stored' for any molecule that fits in memory
 * ```
 */
export function chooseJK(
  basis: BasisSet,
  options: Pick<PrepareOptions, 'jk' | 'maxStoredBytes' | 'freeMemoryBytes' | 'threads' | 'screening'>,
): { jk: JKBuilder; eriOptions: { threads?: number; threshold?: number } } {
  return runSteps(chooseJKSteps(basis, options));
}

/** {@link chooseJK} as steps: a stored builder's integrals are computed in batches (progress after each). */
function* chooseJKSteps(
  basis: BasisSet,
  options: Pick<PrepareOptions, 'jk' | 'maxStoredBytes' | 'freeMemoryBytes' | 'threads' | 'screening'>,
): Steps<{ jk: JKBuilder; eriOptions: { threads?: number; threshold?: number } }> {
  const eriOptions = {
    ...(options.threads !== undefined ? { threads: options.threads } : basis.nbf < SMALL_BASIS_NBF ? { threads: 1 } : {}),
    ...(options.screening !== undefined ? { threshold: options.screening } : {}),
  };
  const mode = options.jk ?? 'auto';
  const stored =
    mode === 'stored' || (mode === 'auto' && estimatePackedEriBytes(basis.nbf) <= (options.maxStoredBytes ?? defaultMaxStoredBytes(options.freeMemoryBytes)));
  return { jk: stored ? yield* storedJKSteps(basis, eriOptions) : createDirectJK(basis, eriOptions), eriOptions };
}

/** A basis set loaded before, checked to sit on the molecule's atoms (shell centres in bohr). */
function reusedBasis(basis: BasisSet, molecule: Molecule): BasisSet {
  for (let s = 0; s < basis.nshell; s++) {
    const atom = molecule.atoms[basis.shellAtom[s]!];
    const off = atom === undefined ? 0 : [0, 1, 2].reduce((m, k) => Math.max(m, Math.abs(basis.shellCenter[3 * s + k]! - atom.position[k]!)), 0);
    if (atom === undefined || off > 1e-12) {
      throw new InvalidInputError(`shell ${s} of ${basis.name} is not on atom ${basis.shellAtom[s]} of ${molecule.formula}; pass the basis loaded for this molecule`, {
        field: 'reuse.basis',
      });
    }
  }
  return basis;
}

function checkReuse(reuse: NonNullable<PrepareOptions['reuse']>, nbf: number): void {
  for (const field of ['overlap', 'coreHamiltonian'] as const) {
    const m = reuse[field];
    if (m !== undefined && (m.rows !== nbf || m.cols !== nbf || m.data.length !== nbf * nbf)) {
      throw new InvalidInputError(`is ${m.rows}×${m.cols} (${m.data.length} values); the basis has ${nbf} functions, so it must be ${nbf}×${nbf}`, {
        field: `reuse.${field}`,
      });
    }
  }
  if (reuse.eris !== undefined && reuse.eris.length !== packedEriLength(nbf)) {
    throw new InvalidInputError(`holds ${reuse.eris.length} values; ${nbf} basis functions need packedEriLength(${nbf}) = ${packedEriLength(nbf)}`, {
      field: 'reuse.eris',
    });
  }
}

function reusedJK(basis: BasisSet, eris: Float64Array, options: PrepareOptions): { jk: JKBuilder; eriOptions: { threads?: number; threshold?: number } } {
  const eriOptions = {
    ...(options.threads !== undefined ? { threads: options.threads } : basis.nbf < SMALL_BASIS_NBF ? { threads: 1 } : {}),
    ...(options.screening !== undefined ? { threshold: options.screening } : {}),
  };
  return { jk: createStoredJKFromPacked(basis, eris, eriOptions.threads !== undefined ? { threads: eriOptions.threads } : {}), eriOptions };
}

/**
 * Builds an {@link ScfProblem} for a molecule in a basis: S and H = T + V from the one-electron
 * integrals, a J/K builder (stored or direct), the nuclear repulsion energy, the electron
 * counts, and SAD atom data (each unique element in its own basis, at the origin). Call
 * `dispose()` when done.
 *
 * @example
 * ```ts
 * const prepared = setupProblem(water, { basis: 'cc-pVDZ' });
 * const result = scf.run(prepared.problem);
 * prepared.dispose();
 * ```
 */
export function setupProblem(molecule: Molecule, options: SetupOptions): PreparedCalculation {
  return runSteps(setupProblemSteps(molecule, options), withDefaultSignal(options));
}

/** The phase name of S, T and V. */
const ONE_ELECTRON_PHASE = 'one-electron integrals';

/** {@link setupProblem} as steps (progress after the one-electron integrals and each ERI batch); stopped early, it stops the J/K builder's workers. */
function* setupProblemSteps(molecule: Molecule, options: SetupOptions): Steps<PreparedCalculation> {
  const reuse = options.reuse ?? {};
  const basis = reuse.basis !== undefined
    ? reusedBasis(reuse.basis, molecule)
    : loadAssigned(options.basis, options.basisAssign, molecule, {
        ...(options.pure === undefined ? {} : { pure: options.pure }),
        assignField: parameterName('basis_assign', options.vocabulary ?? 'options'),
        defaultField: parameterName('basis_set', options.vocabulary ?? 'options'),
      });
  checkReuse(reuse, basis.nbf);
  // A basis whose SCF cannot fit in the memory the caller measured is refused before any integral.
  if (options.freeMemoryBytes !== undefined) {
    checkScfMemory(basis.nbf, { freeMemoryBytes: options.freeMemoryBytes, ...(options.totalMemoryBytes !== undefined && { totalMemoryBytes: options.totalMemoryBytes }) }, parameterName('basis_set', options.vocabulary ?? 'options'));
  }
  // Progress only for what is computed (a resume reuses S and H from its checkpoints).
  const computeOneElectron = reuse.overlap === undefined || reuse.coreHamiltonian === undefined;
  if (computeOneElectron) yield { phase: ONE_ELECTRON_PHASE, fraction: 0 };
  const S = reuse.overlap ?? overlap(basis);
  const H = reuse.coreHamiltonian ?? coreHamiltonian(basis, molecule);
  if (computeOneElectron) yield { phase: ONE_ELECTRON_PHASE, fraction: 1 };
  const budget = options.maxStoredBytes ?? defaultMaxStoredBytes(options.freeMemoryBytes);
  let aux: AuxiliaryBasis | undefined;
  const fitted = (): { jk: JKBuilder; aux: AuxiliaryBasis } => {
    // Psi4: the auxiliary functions take the orbital basis's puream, whatever their file says.
    const pure = options.pure ?? (basis.nshell > 0 ? basis.shellPure[0] === 1 : true);
    const a = loadAuxiliaryBasis(molecule, { orbital: options.basis, pure, ...(options.dfBasisScf !== undefined ? { dfBasisScf: options.dfBasisScf } : {}) });
    const threads = options.threads ?? (basis.nbf < SMALL_BASIS_NBF ? 1 : undefined);
    return { jk: createDfJK(basis, a.basis, { maxBytes: budget, ...(threads !== undefined ? { threads } : {}) }), aux: a };
  };
  let jk: JKBuilder;
  let eriOptions: { threads?: number; threshold?: number };
  if (reuse.eris !== undefined) {
    ({ jk, eriOptions } = reusedJK(basis, reuse.eris, options));
  } else if (options.scfType === 'df') {
    yield { phase: 'density-fitting integrals', fraction: 0 };
    ({ jk, aux } = fitted());
    yield { phase: 'density-fitting integrals', fraction: 1 };
    // The ERI options the SAD atoms' (exact) builders use, as chooseJK would set them.
    eriOptions = {
      ...(options.threads !== undefined ? { threads: options.threads } : basis.nbf < SMALL_BASIS_NBF ? { threads: 1 } : {}),
      ...(options.screening !== undefined ? { threshold: options.screening } : {}),
    };
  } else {
    const mode = options.scfType === 'pk' ? 'stored' : options.scfType === 'direct' ? 'direct' : options.jk;
    ({ jk, eriOptions } = yield* chooseJKSteps(basis, { ...options, ...(mode !== undefined ? { jk: mode } : {}) }));
  }
  // df_scf_guess: a DF builder next to the exact one (a resumed job with stored ERIs continues exactly, without it).
  let dfGuess: { jk: JKBuilder; aux: AuxiliaryBasis } | undefined;
  if (options.dfScfGuess === true && options.scfType !== 'df' && reuse.eris === undefined) {
    yield { phase: 'density-fitting integrals', fraction: 0 };
    dfGuess = fitted();
    yield { phase: 'density-fitting integrals', fraction: 1 };
  }
  const functionAtom = functionAtoms(basis.shellAtom, basis.shellFirstFunction, basis.nbf);

  let sad: ScfProblem['sad'];
  if (options.sad ?? true) {
    // Each atom's free-atom calculation uses its own basis, with the molecule's spherical/Cartesian choice.
    const choices = atomBasisChoices(options.basis, options.basisAssign, molecule);
    const atomPure = options.pure ?? basisHeaderPure(options.basis);
    const atoms: SadAtom[] = molecule.atoms.map((atom, index) => {
      let first = -1, count = 0;
      for (let mu = 0; mu < basis.nbf; mu++) {
        if (functionAtom[mu] === index) {
          if (first < 0) first = mu;
          count++;
        }
      }
      const key = atom.ghost === true ? `Gh(${atom.symbol})` : atom.symbol;
      return { Z: atom.Z, firstFunction: Math.max(first, 0), nbf: count, key: choices[index]!.key === undefined ? key : `${key}/${choices[index]!.basis}` };
    });
    const atomIntegrals = (index: number): AtomIntegrals => {
      const a = molecule.atoms[index]!;
      const free = new Molecule({
        atoms: [{ symbol: a.symbol, Z: a.Z, mass: a.mass, position: [0, 0, 0] }],
        charge: 0,
      });
      const atomBasis = load(choices[index]!.basis, free, { pure: atomPure });
      return {
        overlap: overlap(atomBasis),
        coreHamiltonian: coreHamiltonian(atomBasis, free),
        jk: createStoredJK(atomBasis, { ...eriOptions, threads: 1 }),
      };
    };
    sad = { atoms, atomIntegrals };
  }

  const problem: ScfProblem = {
    overlap: S,
    coreHamiltonian: H,
    jk,
    nuclearRepulsion: molecule.nuclearRepulsionEnergy(),
    nalpha: molecule.nalpha,
    nbeta: molecule.nbeta,
    ...(sad !== undefined ? { sad } : {}),
    ...(dfGuess !== undefined ? { dfGuess: dfGuess.jk } : {}),
  };
  let disposed = false;
  return {
    problem,
    molecule,
    basis,
    functionAtom,
    parameters: parseScfParameters({
      basis_set: options.basis,
      ...(options.pure !== undefined ? { puream: options.pure } : {}),
      ...(options.basisAssign !== undefined ? { basis_assign: options.basisAssign } : {}),
    }),
    options: { vocabulary: options.vocabulary ?? 'options' },
    integrals: integralsReport(jk, aux, budget, dfGuess),
    dispose() {
      if (!disposed) {
        disposed = true;
        void jk.dispose?.();
        void dfGuess?.jk.dispose?.();
      }
    },
  };
}

/** Properties of a converged (or last) SCF state. */
export interface ScfAnalysis {
  /** Mulliken charges per atom (e). */
  readonly mulliken: Float64Array;
  /** Löwdin charges per atom (e). */
  readonly lowdin: Float64Array;
  /** Dipole moment about the coordinate origin (as Psi4 reports it). */
  readonly dipole: DipoleMoment;
  /** HOMO/LUMO energies (hartree). */
  readonly frontier: FrontierOrbitals;
}

/**
 * Mulliken and Löwdin charges, the dipole moment about the origin of the coordinates, and the
 * frontier orbitals of an SCF result on a prepared calculation.
 *
 * @example
 * ```ts
 * analyze(prepared, result).dipole.debye; // water/STO-3G (Crawford): [0, 1.534, 0]
 * ```
 */
export function analyze(prepared: PreparedCalculation, result: ScfResult): ScfAnalysis {
  const { molecule, basis, functionAtom, problem } = prepared;
  let D = result.densities[0]!;
  if (result.densities.length === 2) {
    const b = result.densities[1]!;
    D = { rows: D.rows, cols: D.cols, data: D.data.map((v, i) => v + b.data[i]!) };
  }
  const Z = molecule.atoms.map((a) => a.Z);
  return {
    mulliken: mullikenCharges(D, problem.overlap, functionAtom, Z),
    lowdin: lowdinCharges(D, problem.overlap, functionAtom, Z),
    dipole: dipoleMoment(D, dipole(basis), molecule.atoms),
    // ROHF's orbitals are shared by both spins: the LUMO is the lowest orbital empty in both.
    frontier: result.reference === 'rohf'
      ? frontierOrbitals([result.orbitalEnergies[0]!], [result.occupations[0]!.map((n, i) => n + result.occupations[1]![i]!)])
      : frontierOrbitals(result.orbitalEnergies, result.occupations),
  };
}

/**
 * The result of {@link runCalculation} and {@link driveCalculation}.
 *
 * @example
 * ```ts
 * const { result, analysis, basis } = runCalculation(water, { basis_set: 'STO-3G' });
 * basis.nbf; // 7
 * ```
 */
export interface CalculationResult {
  readonly result: ScfResult;
  readonly analysis: ScfAnalysis;
  /** The molecule actually computed (charge and multiplicity after parameter overrides). */
  readonly molecule: Molecule;
  /** The validated parameters. */
  readonly parameters: ScfParameters;
  /** Basis name and number of functions. */
  readonly basis: { readonly name: string; readonly nbf: number };
  /** What the two-electron integrals were (scf_type; for density fitting the auxiliary basis, naux and memory mode). */
  readonly integrals?: IntegralsReport;
}

/**
 * Hooks and integral options for {@link runCalculation}.
 *
 * @example
 * ```ts
 * const options: RunCalculationOptions = { threads: 1, onIteration: (r) => (r.iteration === 5 ? { damping: 0.3 } : undefined) };
 * ```
 */
export interface RunCalculationOptions extends PrepareOptions {
  /** Called with every iteration record; may return control changes for the next iteration. */
  onIteration?: (record: ScfIteration) => ScfControlChanges | void;
  /** Driver options over the parameters' (e.g. `{ start }`), merged key by key. */
  scf?: ScfOptions;
}

/**
 * Options of {@link driveCalculation}: those of {@link RunCalculationOptions}, with an abort
 * signal and an asynchronous hook.
 *
 * @example
 * ```ts
 * const options: DriveCalculationOptions = { threads: 1, signal: AbortSignal.timeout(60_000), onIteration: async (r) => console.log(r.energy) };
 * ```
 */
export interface DriveCalculationOptions extends PrepareOptions {
  /** Called with every iteration record (awaited); may return control changes for the next iteration. */
  onIteration?: (record: ScfIteration) => ScfControlChanges | void | Promise<ScfControlChanges | void>;
  /** Driver options over the parameters' (e.g. `{ start }`), merged key by key. */
  scf?: ScfOptions;
  /** Stops the run between iterations (it rejects with `ScfInterruptedError`). */
  signal?: AbortSignal;
}

function calculationResult(prepared: PreparedCalculation, result: ScfResult): CalculationResult {
  return {
    result,
    analysis: analyze(prepared, result),
    molecule: prepared.molecule,
    parameters: prepared.parameters,
    basis: { name: prepared.basis.name, nbf: prepared.basis.nbf },
    ...(prepared.integrals !== undefined ? { integrals: prepared.integrals } : {}),
  };
}

/**
 * Validates the parameters, applies their charge/multiplicity to the molecule, builds the
 * integrals and runs the SCF (draining the same {@link iterate} as {@link run}), then analyses
 * the result. For scripts and notebooks; {@link driveCalculation} is the asynchronous twin
 * (with an abort signal). The parameter `basis_set` is required here.
 *
 * @example
 * ```ts
 * const { result, analysis } = runCalculation(water, { basis_set: 'STO-3G', max_iteration: 30, use_diis: true });
 * result.energy; // hartree
 * ```
 */
export function runCalculation(molecule: Molecule, parameters: unknown, options: RunCalculationOptions = {}): CalculationResult {
  const signal = defaultSignal(options.signal);
  const prepared = prepareCalculation(molecule, parseScfParameters(parameters), { ...options, ...(signal !== undefined ? { signal } : {}) });
  try {
    // Synchronous: only a callback (onIteration, onProgress) can abort the signal while it runs.
    return calculationResult(prepared, run(prepared, options.scf ?? {}, (record) => {
      const changes = options.onIteration?.(record);
      if (signal?.aborted) {
        const { iteration, energy, deltaE, rmsDeltaD, diisError, converged } = record;
        throw new ScfInterruptedError(`the SCF was interrupted after iteration ${iteration}`, { iteration, energy, deltaE, rmsDeltaD, diisError, converged });
      }
      return changes;
    }));
  } finally {
    prepared.dispose();
  }
}

/**
 * {@link runCalculation} through the asynchronous driver {@link drive}: the event loop runs
 * between iterations (output, background writes), `onIteration` may be asynchronous, and an
 * abort of `signal` stops the run (rejecting with `ScfInterruptedError`). `roothaan run
 * --no-store` runs this.
 *
 * @example
 * ```ts
 * const { result } = await driveCalculation(water, { basis_set: 'STO-3G' }, { signal: AbortSignal.timeout(60_000) });
 * result.converged; // true
 * ```
 */
export async function driveCalculation(molecule: Molecule, parameters: unknown, options: DriveCalculationOptions = {}): Promise<CalculationResult> {
  const signal = defaultSignal(options.signal);
  const prepared = await prepareCalculationAsync(molecule, parseScfParameters(parameters), { ...options, ...(signal !== undefined ? { signal } : {}) });
  try {
    const result = await drive(prepared, {
      ...(options.scf !== undefined ? { options: options.scf } : {}),
      ...(options.onIteration !== undefined ? { onIteration: options.onIteration } : {}),
      ...(signal !== undefined ? { signal } : {}),
    });
    return calculationResult(prepared, result);
  } finally {
    prepared.dispose();
  }
}

/**
 * The molecule with the parameters' charge and multiplicity applied. A new charge changes the
 * electron count's parity, so the molecule then picks its default multiplicity unless one is given.
 *
 * @example
 * ```ts
 * withChargeAndMultiplicity(water, { charge: 1 }).multiplicity; // 2
 * ```
 */
export function withChargeAndMultiplicity(molecule: Molecule, params: Pick<ScfParameters, 'charge' | 'multiplicity'>): Molecule {
  if (params.charge === undefined && params.multiplicity === undefined) return molecule;
  const charge = params.charge ?? molecule.charge;
  const multiplicity = params.multiplicity ?? (params.charge !== undefined && params.charge !== molecule.charge ? undefined : molecule.multiplicity);
  return new Molecule({
    atoms: molecule.atoms,
    charge,
    ...(multiplicity !== undefined ? { multiplicity } : {}),
    ...(molecule.source !== undefined ? { source: molecule.source } : {}),
  });
}

/**
 * The molecule with the parameters' charge and multiplicity applied, and its prepared problem,
 * carrying the driver options the parameters give: `scf.iterate(prepared)`, `scf.run(prepared)`
 * and `scf.drive(prepared)` run with them (max_iteration, use_diis, guess, …; options passed
 * there override them). `scf.iterate(prepared.problem)` is the problem alone, with the driver's
 * defaults. Call `dispose()` when done.
 *
 * @example
 * ```ts
 * const prepared = prepareCalculation(water, parseScfParameters({ basis_set: 'cc-pVDZ', max_iteration: 3, use_diis: false, guess: 'core' }));
 * for (const record of scf.iterate(prepared)) console.log(record.iteration, record.energy); // 3 iterations, no DIIS
 * prepared.dispose();
 * ```
 */
export function prepareCalculation(molecule: Molecule, parameters: ScfParameters, options: PrepareOptions = {}): PreparedCalculation {
  return runSteps(prepareSteps(molecule, parameters, options), withDefaultSignal(options));
}

/**
 * {@link prepareCalculation} that yields to the event loop between the batches of its
 * integrals, so that `onProgress` output reaches a notebook and an abort of `signal` (default:
 * the roothaan kernel's Interrupt) stops it between batches: it then rejects with
 * `ScfInterruptedError` and its worker threads are stopped.
 *
 * @example
 * ```ts
 * const prepared = await scf.prepareCalculationAsync(molecule, scf.parseScfParameters({ basis_set: '6-31G*' }), {
 *   onProgress: (p) => console.log(p.phase, Math.round(100 * p.fraction), '%'),
 * });
 * ```
 */
export function prepareCalculationAsync(molecule: Molecule, parameters: ScfParameters, options: PrepareOptions = {}): Promise<PreparedCalculation> {
  return runStepsAsync(prepareSteps(molecule, parameters, options), withDefaultSignal(options));
}

/** The steps of {@link prepareCalculation}: checks, then the integrals in batches. */
function* prepareSteps(molecule: Molecule, parameters: ScfParameters, options: PrepareOptions): Steps<PreparedCalculation> {
  const params = parseScfParameters(parameters); // returns at once for parameters it parsed before
  if (params.basis_set === undefined) {
    throw new InvalidInputError('the parameter basis_set is required (e.g. "STO-3G")', { file: 'parameters', field: 'basis_set' });
  }
  const ghosts = withGhostParameter(molecule, params.ghost_atoms, { field: parameterName('ghost_atoms', options.vocabulary ?? 'parameters') });
  const system = withChargeAndMultiplicity(ghosts, params);
  // Refused before any integral is computed (errors name stability_analysis, or --stability for the CLI).
  checkStabilityReference(resolveReference(system, params.reference), params.stability_analysis, options.vocabulary === 'cli' ? { field: '--stability' } : { file: 'parameters', field: 'stability_analysis' });
  const prepared = yield* setupProblemSteps(system, {
    ...options,
    vocabulary: options.vocabulary ?? 'parameters',
    basis: params.basis_set,
    ...(params.basis_assign !== undefined ? { basisAssign: params.basis_assign } : {}),
    ...(params.puream !== undefined ? { pure: params.puream } : {}),
    ...(params.scf_type !== undefined ? { scfType: params.scf_type } : {}),
    ...(params.df_basis_scf !== undefined ? { dfBasisScf: params.df_basis_scf } : {}),
    ...(params.df_scf_guess !== undefined ? { dfScfGuess: params.df_scf_guess } : {}),
  });
  try {
    // Electron counts and orbital ranges of occupations/mom (the driver checks them again against the orbitals kept).
    const cli = options.vocabulary === 'cli';
    checkOccupationChoice(params as OccupationChoiceInput, {
      reference: resolveReference(prepared.problem, params.reference), nalpha: prepared.problem.nalpha, nbeta: prepared.problem.nbeta, nmo: prepared.basis.nbf,
    }, (key) => (cli ? { field: `--${key}` } : { file: 'parameters', field: key }));
  } catch (error) {
    prepared.dispose();
    throw error;
  }
  return { ...prepared, parameters: params, options: { ...scfOptionsFromParameters(params), vocabulary: options.vocabulary ?? 'parameters' } };
}
