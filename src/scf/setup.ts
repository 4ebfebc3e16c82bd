import { freemem } from 'node:os';
import { load, type BasisSet } from '../basis';
import { InvalidInputError } from '../errors';
import { Molecule } from '../geometry';
import {
  coreHamiltonian,
  createDirectJK,
  createStoredJK,
  dipole,
  estimatePackedEriBytes,
  overlap,
} from '../integrals';
import type { JKBuilder } from '../integrals/jk';
import { functionAtoms, dipoleMoment, frontierOrbitals, lowdinCharges, mullikenCharges } from './analysis';
import type { DipoleMoment, FrontierOrbitals } from './analysis';
import { iterate, type ScfControlChanges, type ScfIteration, type ScfOptions, type ScfResult } from './iterate';
import { parseScfParameters, scfOptionsFromParameters, type ScfParameters } from './parameters';
import type { AtomIntegrals, SadAtom, ScfProblem } from './problem';

/** How to build the problem's integrals. */
export interface SetupOptions {
  /** Basis set name (bundled) or Gaussian94 text. */
  basis: string;
  /** Spherical (true) or Cartesian (false) functions; default: the basis file's choice. */
  pure?: boolean;
  /** 'stored' (packed unique ERIs in memory), 'direct' (recomputed each iteration) or 'auto' (default). */
  jk?: 'auto' | 'stored' | 'direct';
  /**
   * 'auto' stores the ERIs when they take at most this many bytes (default
   * half the memory the system reports available (`os.freemem()`), at least 2 GiB).
   */
  maxStoredBytes?: number;
  /**
   * Threads for the ERIs and J/K (default: all cores, but one below 60
   * basis functions, where a worker thread costs more than it saves).
   */
  threads?: number;
  /** Schwarz screening threshold in hartree (default: the integral module's, 1e-12). */
  screening?: number;
  /** Provide atom data for the SAD guess (default true). */
  sad?: boolean;
}

/** A problem built from a molecule and a basis, with what analysis needs. */
export interface PreparedCalculation {
  readonly problem: ScfProblem;
  readonly molecule: Molecule;
  readonly basis: BasisSet;
  /** The atom of each basis function. */
  readonly functionAtom: Int32Array;
  /** Stops the J/K builder's worker threads. Safe to call twice. */
  dispose(): void;
}

const MIN_DEFAULT_MAX_STORED_BYTES = 2 * 1024 ** 3;

/**
 * Below this many basis functions {@link setupProblem} runs the integrals on one thread unless
 * told otherwise: a worker thread must load and JIT-compile the integral code itself, which
 * takes longer than the whole job it would share and adds ~15 MB. Measured (2 cores, whole
 * SCF): water/cc-pVDZ (24 functions) 0.34 s / 84 MB on one thread vs 0.39 s / 98 MB on two;
 * ethanol/6-31G* (57) 0.75 vs 0.80 s; caffeine/STO-3G (80) 2.5 vs 1.7 s (two threads win).
 */
const SMALL_BASIS_NBF = 60;

/**
 * The default size limit of the in-memory ERI store for `jk: 'auto'`: half the memory the
 * operating system reports as available (`os.freemem()`), but at least 2 GiB. A stored SCF reads
 * the integrals once per iteration; an integral-direct one recomputes them every iteration, which
 * costs several times more over a whole SCF (caffeine / 6-31G*, 2 threads: 22 s stored with a
 * 2.8 GB store, more than 3 min direct), so the store is chosen whenever it fits comfortably.
 */
function defaultMaxStoredBytes(): number {
  return Math.max(MIN_DEFAULT_MAX_STORED_BYTES, Math.floor(0.5 * freemem()));
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
  options: Pick<SetupOptions, 'jk' | 'maxStoredBytes' | 'threads' | 'screening'>,
): { jk: JKBuilder; eriOptions: { threads?: number; threshold?: number } } {
  const eriOptions = {
    ...(options.threads !== undefined ? { threads: options.threads } : basis.nbf < SMALL_BASIS_NBF ? { threads: 1 } : {}),
    ...(options.screening !== undefined ? { threshold: options.screening } : {}),
  };
  const mode = options.jk ?? 'auto';
  const stored =
    mode === 'stored' || (mode === 'auto' && estimatePackedEriBytes(basis.nbf) <= (options.maxStoredBytes ?? defaultMaxStoredBytes()));
  return { jk: stored ? createStoredJK(basis, eriOptions) : createDirectJK(basis, eriOptions), eriOptions };
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
  const basis = load(options.basis, molecule, options.pure === undefined ? {} : { pure: options.pure });
  const S = overlap(basis);
  const H = coreHamiltonian(basis, molecule);
  const { jk, eriOptions } = chooseJK(basis, options);
  const functionAtom = functionAtoms(basis.shellAtom, basis.shellFirstFunction, basis.nbf);

  let sad: ScfProblem['sad'];
  if (options.sad ?? true) {
    const atoms: SadAtom[] = molecule.atoms.map((atom, index) => {
      let first = -1, count = 0;
      for (let mu = 0; mu < basis.nbf; mu++) {
        if (functionAtom[mu] === index) {
          if (first < 0) first = mu;
          count++;
        }
      }
      return { Z: atom.Z, firstFunction: Math.max(first, 0), nbf: count, key: atom.symbol };
    });
    const atomIntegrals = (index: number): AtomIntegrals => {
      const a = molecule.atoms[index]!;
      const free = new Molecule({
        atoms: [{ symbol: a.symbol, Z: a.Z, mass: a.mass, position: [0, 0, 0] }],
        charge: 0,
      });
      const atomBasis = load(options.basis, free, options.pure === undefined ? {} : { pure: options.pure });
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
  };
  let disposed = false;
  return {
    problem,
    molecule,
    basis,
    functionAtom,
    dispose() {
      if (!disposed) {
        disposed = true;
        void jk.dispose?.();
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
    frontier: frontierOrbitals(result.orbitalEnergies, result.occupations),
  };
}

/** The result of {@link runCalculation}. */
export interface CalculationResult {
  readonly result: ScfResult;
  readonly analysis: ScfAnalysis;
  /** The molecule actually computed (charge and multiplicity after parameter overrides). */
  readonly molecule: Molecule;
  /** The validated parameters. */
  readonly parameters: ScfParameters;
  /** Basis name and number of functions. */
  readonly basis: { readonly name: string; readonly nbf: number };
}

/** Hooks and integral options for {@link runCalculation}. */
export interface RunCalculationOptions extends Omit<SetupOptions, 'basis' | 'pure'> {
  /** Called with every iteration record; may return control changes for the next iteration. */
  onIteration?: (record: ScfIteration) => ScfControlChanges | void;
  /** Driver options that parameters cannot express (resume state); merged over the parameters'. */
  scf?: ScfOptions;
}

/**
 * Validates the parameters, applies their charge/multiplicity to the molecule, builds the
 * integrals and runs the SCF, then analyses the result. For the CLI and notebooks. The
 * parameter `basis_set` is required here.
 *
 * @example
 * ```ts
 * const { result, analysis } = runCalculation(water, { basis_set: 'STO-3G', max_iteration: 30, use_diis: true });
 * result.energy; // hartree
 * ```
 */
export function runCalculation(molecule: Molecule, parameters: unknown, options: RunCalculationOptions = {}): CalculationResult {
  const params = parseScfParameters(parameters);
  const prepared = prepareCalculation(molecule, params, options);
  try {
    const gen = iterate(prepared.problem, { ...scfOptionsFromParameters(params), ...(options.scf ?? {}) });
    let step = gen.next();
    while (!step.done) {
      const changes = options.onIteration?.(step.value);
      step = gen.next(changes ?? undefined);
    }
    const result = step.value;
    return {
      result,
      analysis: analyze(prepared, result),
      molecule: prepared.molecule,
      parameters: params,
      basis: { name: prepared.basis.name, nbf: prepared.basis.nbf },
    };
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
 * The molecule with the parameters' charge and multiplicity applied, and its prepared problem.
 * Use with {@link iterate} to step through a calculation; call `dispose()` when done.
 *
 * @example
 * ```ts
 * const prepared = prepareCalculation(water, parseScfParameters({ basis_set: 'cc-pVDZ' }));
 * for (const record of scf.iterate(prepared.problem)) console.log(record.energy);
 * prepared.dispose();
 * ```
 */
export function prepareCalculation(
  molecule: Molecule,
  params: ScfParameters,
  options: Omit<SetupOptions, 'basis' | 'pure'> = {},
): PreparedCalculation {
  if (params.basis_set === undefined) {
    throw new InvalidInputError('the parameter basis_set is required (e.g. "STO-3G")', { file: 'parameters', field: 'basis_set' });
  }
  return setupProblem(withChargeAndMultiplicity(molecule, params), {
    ...options,
    basis: params.basis_set,
    ...(params.puream !== undefined ? { pure: params.puream } : {}),
  });
}
