/**
 * The SCF parameters of the job data model (JSON, snake_case keys) and the one table that maps
 * each key to its typed option, its `roothaan run` flag, its rule, default and description.
 * Parameters are parsed and validated here, once, at the boundary; messages name the spelling
 * the caller used.
 *
 * @packageDocumentation
 */
import { InvalidInputError, type ErrorLocation } from '../errors';
import { checkValue, DEFAULT_CONTROLS, DEFAULT_S_TOLERANCE, SCF_RULES, type ScfRuleName, type ValueRule } from './controls';
import type { ExplicitOccupations, FracOptions, MomOptions, SmearingOptions } from './occupation-options';
import type { ScfOptions, ScfVocabulary } from './options';
import type { GuessKind, Reference } from './problem';

/**
 * SCF parameters as the job data model stores them (JSON, snake_case keys), e.g.
 * `{"basis_set": "STO-3G", "max_iteration": 30, "use_diis": true}`. Every key is optional;
 * {@link SCF_PARAMETER_TABLE} says what each one does, its range and its default. `charge` and
 * `multiplicity` override the molecule's; `reference` defaults to RHF for a singlet and UHF
 * otherwise; `puream` overrides the basis file's default. Get one from
 * {@link parseScfParameters}, which checks it.
 *
 * @example
 * ```ts
 * const params: ScfParameters = { basis_set: 'cc-pVDZ', max_iteration: 50, convergence: { energy: 1e-8 } };
 * ```
 */
export interface ScfParameters {
  /** Basis set name (bundled, case-insensitive) or Gaussian94 text. Required to prepare a calculation. */
  readonly basis_set?: string;
  /** Maximum number of SCF iterations (1 … 10000; default 100). */
  readonly max_iteration?: number;
  /** Pulay DIIS extrapolation (default true). */
  readonly use_diis?: boolean;
  /** 'rhf', 'uhf' or 'rohf' (case-insensitive; default RHF for a singlet, UHF otherwise). */
  readonly reference?: Reference;
  /** Molecular charge (e); overrides the geometry's. */
  readonly charge?: number;
  /** Spin multiplicity 2S + 1; overrides the geometry's. */
  readonly multiplicity?: number;
  /** Initial guess 'core', 'gwh' or 'sad' (case-insensitive; default 'sad'). */
  readonly guess?: GuessKind;
  /** Convergence thresholds: |ΔE| in hartree (default 1e-10) and RMS ΔD (default 1e-8). */
  readonly convergence?: { readonly energy?: number; readonly density?: number };
  /** Density damping α ∈ [0, 1) (default 0). */
  readonly damping?: number;
  /** Level shift of the virtual orbitals in hartree (default 0). */
  readonly level_shift?: number;
  /** The level shift applies while the orbital gradient is above this (default 1e-2). */
  readonly level_shift_cutoff?: number;
  /** Number of DIIS vectors kept (2 … 100; default 10). */
  readonly diis_size?: number;
  /** First iteration that extrapolates (default 1). */
  readonly diis_start?: number;
  /** Spherical (true) or Cartesian (false) functions (default: the basis file's). */
  readonly puream?: boolean;
  /** Eigenvalues of S below this count as linear dependencies (default 1e-7). */
  readonly s_tolerance?: number;
  /**
   * How J and K are built (Psi4's names): 'pk' (the packed exact ERIs in memory), 'direct'
   * (exact, recomputed every iteration) or 'df' (density fitting with the Coulomb metric).
   * Default: exact, 'pk' when the ERIs fit in memory, else 'direct'.
   */
  readonly scf_type?: 'pk' | 'direct' | 'df';
  /** The auxiliary (JKFIT) basis of `scf_type: 'df'` (default: Psi4 1.3.2's choice for the orbital basis). */
  readonly df_basis_scf?: string;
  /**
   * Psi4's DF_SCF_GUESS for an exact SCF (scf_type pk or direct, or unset): converge with density
   * fitting first (`df_basis_scf`'s auxiliary set), then continue with the exact J and K from the
   * DF density. The final energy is the exact one. Default false.
   */
  readonly df_scf_guess?: boolean;
  /** Stability analysis after convergence (Psi4's names): 'none' (default), 'check' (RHF, UHF) or 'follow' (UHF). */
  readonly stability_analysis?: 'none' | 'check' | 'follow';
  /** Following rotates the orbitals by this·π/2·x_ia (default 0.5). */
  readonly follow_step_scale?: number;
  /** At most this many instability-following rotations, each followed by a new SCF (default 1). */
  readonly max_attempts?: number;
  /** Occupied orbitals per spin, 0-based in energy order, held at every iteration (`{"alpha": [0,1,2,3,5], "beta": [0,1,2,3,4]}` or `"alpha:0-3,5;beta:0-4"`). */
  readonly occupations?: ExplicitOccupations | string;
  /** MOM/IMOM excited state, Psi4's mom_start/mom_occ/mom_vir (1-based, + alpha / − beta): `{"start": 20, "occ": [5], "vir": [6], "type": "imom"}` or `"start=20;occ=5;vir=6"`. */
  readonly mom?: MomOptions | string;
  /** Fermi–Dirac smearing, temperature in kelvin: `{"method": "fermi", "temperature": 5000}` or `"fermi:5000"`. */
  readonly smearing?: SmearingOptions | string;
  /** Psi4's fractional occupation (UHF), frac_start/frac_occ/frac_val (1-based, + alpha / − beta): `{"start": 20, "occ": [5], "val": [0.5]}` or `"start=20;occ=5;val=0.5"`. */
  readonly frac?: FracOptions | string;
  /**
   * Per-element and per-atom basis sets over `basis_set` (see `basis/assignment.ts`): keys are
   * element symbols or atom numbers from 1, values bundled basis names; atom > element > default.
   */
  readonly basis_assign?: Readonly<Record<string, string>>;
  /** Atoms (numbers from 1) made ghosts: basis functions, no nucleus, no electrons (as `Gh(X)`). */
  readonly ghost_atoms?: readonly number[];
  /** Second-order (Newton) steps on the orbital rotation once the orbital gradient is small (Psi4's SOSCF; default false). */
  readonly soscf?: boolean;
  /** SOSCF starts when the RMS orbital gradient is below this (default 1e-2). */
  readonly soscf_start_convergence?: number;
  /** At least this many SOSCF micro-iterations per step (default 1). */
  readonly soscf_min_iter?: number;
  /** At most this many SOSCF micro-iterations (J/K builds) per step (default 5). */
  readonly soscf_max_iter?: number;
  /** SOSCF micro-iterations stop at this relative residual (default 5e-3). */
  readonly soscf_conv?: number;
  /** 'none' (CDIIS alone), 'adiis' or 'ediis' blended into CDIIS by the orbital gradient (Psi4 1.4's name; default 'none'). */
  readonly scf_initial_accelerator?: 'none' | 'adiis' | 'ediis';
  /** Orbital-gradient RMS above which the accelerator runs alone (default 0.1). */
  readonly scf_initial_start_diis_transition?: number;
  /** Orbital-gradient RMS at or below which CDIIS runs alone (default 1e-4). */
  readonly scf_initial_finish_diis_transition?: number;
}

/**
 * A data-model key, as {@link SCF_PARAMETER_TABLE} lists them (`convergence.energy` for the nested thresholds).
 *
 * @example
 * ```ts
 * const key: ScfParameterKey = 'max_iteration';
 * ```
 */
export type ScfParameterKey =
  | 'basis_set'
  | 'max_iteration'
  | 'use_diis'
  | 'reference'
  | 'charge'
  | 'multiplicity'
  | 'guess'
  | 'convergence.energy'
  | 'convergence.density'
  | 'damping'
  | 'level_shift'
  | 'level_shift_cutoff'
  | 'diis_size'
  | 'diis_start'
  | 'puream'
  | 's_tolerance'
  | 'scf_type'
  | 'df_basis_scf'
  | 'df_scf_guess'
  | 'stability_analysis'
  | 'follow_step_scale'
  | 'max_attempts'
  | 'occupations'
  | 'mom'
  | 'smearing'
  | 'frac'
  | 'basis_assign'
  | 'ghost_atoms'
  | 'soscf'
  | 'soscf_start_convergence'
  | 'soscf_min_iter'
  | 'soscf_max_iter'
  | 'soscf_conv'
  | 'scf_initial_accelerator'
  | 'scf_initial_start_diis_transition'
  | 'scf_initial_finish_diis_transition';

/**
 * One row of {@link SCF_PARAMETER_TABLE}: a data-model key, the typed option it becomes, its
 * `roothaan run` flag, its rule, default and description.
 *
 * @example
 * ```ts
 * const row = scfParameter('max_iteration');
 * row.option; // 'maxIterations'
 * row.flag;   // 'max-iterations'
 * ```
 */
export interface ScfParameterSpec {
  /** The data-model JSON key (`convergence.energy` for `{"convergence": {"energy": …}}`). */
  readonly key: ScfParameterKey;
  /**
   * The typed option it becomes: a path in `ScfOptions` (`maxIterations`, `convergence.energy`,
   * `orthogonalization.tolerance`) for stage 'run' and 'control'; for stage 'setup' what
   * `prepareCalculation` does with it (`basis`, `pure`: the basis set; `charge`, `multiplicity`:
   * the molecule). It also names its rule in `SCF_RULES`.
   */
  readonly option: ScfRuleName;
  /** 'setup' (molecule and basis), 'run' (fixed for a run) or 'control' (may change between iterations through `next(changes)`). */
  readonly stage: 'setup' | 'run' | 'control';
  /** The `roothaan run` flag without its dashes (`max-iterations`); a boolean also takes `--no-<flag>` unless it has an `offFlag`. */
  readonly flag: string;
  /** For a boolean: the flag that sets it false (`cartesian` for `puream`). */
  readonly offFlag?: string;
  /** Type and range (from `SCF_RULES`). */
  readonly rule: ValueRule;
  /** The default when it is a fixed value; undefined when the system decides (reference, charge, puream, …). */
  readonly default?: number | boolean | string;
  /** The default in words, for help texts. */
  readonly defaultText: string;
  /** What it does, with its unit. */
  readonly description: string;
}

const row = (spec: Omit<ScfParameterSpec, 'rule'>): ScfParameterSpec => Object.freeze({ ...spec, rule: SCF_RULES[spec.option] });

/**
 * Every SCF parameter: the one table from which parsing ({@link parseScfParameters}), the driver
 * options ({@link scfOptionsFromParameters}), the `roothaan run` flags and the diagnosis hints
 * are derived.
 *
 * | key | option | flag | default |
 * | --- | --- | --- | --- |
 * | basis_set | basis | --basis | (required; the CLI uses STO-3G) |
 * | max_iteration | maxIterations | --max-iterations | 100 |
 * | use_diis | useDiis | --diis / --no-diis | true |
 * | reference | reference | --reference | RHF for a singlet, else UHF |
 * | charge | charge | --charge | the geometry's |
 * | multiplicity | multiplicity | --multiplicity | the geometry's |
 * | guess | guess | --guess | sad |
 * | convergence.energy | convergence.energy | --e-convergence | 1e-10 Eh |
 * | convergence.density | convergence.density | --d-convergence | 1e-8 |
 * | damping | damping | --damping | 0 |
 * | level_shift | levelShift | --level-shift | 0 Eh |
 * | level_shift_cutoff | levelShiftCutoff | --level-shift-cutoff | 1e-2 |
 * | diis_size | diisSize | --diis-size | 10 |
 * | diis_start | diisStart | --diis-start | 1 |
 * | puream | pure | --spherical / --cartesian | the basis file's |
 * | s_tolerance | orthogonalization.tolerance | --s-tolerance | 1e-7 |
 * | scf_type | scfType | --scf-type | exact (pk if the ERIs fit, else direct) |
 * | df_basis_scf | dfBasisScf | --df-basis-scf | Psi4's JKFIT set for the basis |
 * | df_scf_guess | dfScfGuess | --df-scf-guess | false |
 * | stability_analysis | stabilityAnalysis | --stability | none |
 * | follow_step_scale | followStepScale | --follow-step-scale | 0.5 |
 * | max_attempts | maxAttempts | --max-attempts | 1 |
 * | occupations | occupations | --occupations | aufbau |
 * | mom | mom | --mom | off |
 * | smearing | smearing | --smearing | off |
 * | frac | frac | --frac | off |
 * | basis_assign | basisAssign | --basis-for KEY=BASIS (repeatable) | none (basis_set everywhere) |
 * | ghost_atoms | ghostAtoms | --ghost 1,2 | none |
 * | soscf | soscf | --soscf / --no-soscf | false |
 * | soscf_start_convergence | soscfStartConvergence | --soscf-start-convergence | 1e-2 |
 * | soscf_min_iter | soscfMinIter | --soscf-min-iter | 1 |
 * | soscf_max_iter | soscfMaxIter | --soscf-max-iter | 5 |
 * | soscf_conv | soscfConv | --soscf-conv | 5e-3 |
 * | scf_initial_accelerator | accelerator | --accelerator | none |
 * | scf_initial_start_diis_transition | startDiisTransition | --start-diis-transition | 0.1 |
 * | scf_initial_finish_diis_transition | finishDiisTransition | --finish-diis-transition | 1e-4 |
 *
 * @example
 * ```ts
 * SCF_PARAMETER_TABLE.map((p) => `${p.key} → ${p.option} (--${p.flag})`);
 * ```
 */
export const SCF_PARAMETER_TABLE: readonly ScfParameterSpec[] = Object.freeze([
  row({ key: 'basis_set', option: 'basis', stage: 'setup', flag: 'basis', defaultText: 'required (the CLI uses STO-3G)', description: 'basis set name (bundled) or Gaussian94 text' }),
  row({ key: 'max_iteration', option: 'maxIterations', stage: 'control', flag: 'max-iterations', default: DEFAULT_CONTROLS.maxIterations, defaultText: String(DEFAULT_CONTROLS.maxIterations), description: 'maximum number of SCF iterations' }),
  row({ key: 'use_diis', option: 'useDiis', stage: 'control', flag: 'diis', default: DEFAULT_CONTROLS.useDiis, defaultText: 'on', description: 'Pulay DIIS extrapolation of the Fock matrix (--no-diis: plain Roothaan iterations)' }),
  row({ key: 'reference', option: 'reference', stage: 'run', flag: 'reference', defaultText: 'RHF for a singlet, UHF otherwise', description: "RHF, UHF or ROHF (Psi4's effective Fock matrix); RHF asked for an open shell is an error" }),
  row({ key: 'charge', option: 'charge', stage: 'setup', flag: 'charge', defaultText: "the geometry's", description: 'molecular charge (e)' }),
  row({ key: 'multiplicity', option: 'multiplicity', stage: 'setup', flag: 'multiplicity', defaultText: "the geometry's", description: 'spin multiplicity 2S+1' }),
  row({ key: 'guess', option: 'guess', stage: 'run', flag: 'guess', default: 'sad', defaultText: 'sad', description: 'initial guess: core Hamiltonian, generalised Wolfsberg–Helmholz or superposition of atomic densities' }),
  row({ key: 'convergence.energy', option: 'convergence.energy', stage: 'control', flag: 'e-convergence', default: DEFAULT_CONTROLS.convergence.energy, defaultText: `${DEFAULT_CONTROLS.convergence.energy} Eh`, description: 'converged when |ΔE| is below this (hartree) and RMS ΔD below the density threshold' }),
  row({ key: 'convergence.density', option: 'convergence.density', stage: 'control', flag: 'd-convergence', default: DEFAULT_CONTROLS.convergence.density, defaultText: String(DEFAULT_CONTROLS.convergence.density), description: 'RMS density-change threshold (dimensionless)' }),
  row({ key: 'damping', option: 'damping', stage: 'control', flag: 'damping', default: DEFAULT_CONTROLS.damping, defaultText: '0 (off)', description: 'density damping α in [0, 1): D ← (1 − α) D_new + α D_old' }),
  row({ key: 'level_shift', option: 'levelShift', stage: 'control', flag: 'level-shift', default: DEFAULT_CONTROLS.levelShift, defaultText: '0 (off)', description: 'level shift of the virtual orbitals (hartree)' }),
  row({ key: 'level_shift_cutoff', option: 'levelShiftCutoff', stage: 'control', flag: 'level-shift-cutoff', default: DEFAULT_CONTROLS.levelShiftCutoff, defaultText: String(DEFAULT_CONTROLS.levelShiftCutoff), description: 'the level shift applies while the orbital gradient is above this' }),
  row({ key: 'diis_size', option: 'diisSize', stage: 'control', flag: 'diis-size', default: DEFAULT_CONTROLS.diisSize, defaultText: String(DEFAULT_CONTROLS.diisSize), description: 'number of DIIS vectors kept' }),
  row({ key: 'diis_start', option: 'diisStart', stage: 'control', flag: 'diis-start', default: DEFAULT_CONTROLS.diisStart, defaultText: String(DEFAULT_CONTROLS.diisStart), description: 'first iteration that extrapolates' }),
  row({ key: 'puream', option: 'pure', stage: 'setup', flag: 'spherical', offFlag: 'cartesian', defaultText: "the basis file's", description: 'spherical-harmonic (--spherical) or Cartesian (--cartesian) d, f, … functions' }),
  row({ key: 's_tolerance', option: 'orthogonalization.tolerance', stage: 'run', flag: 's-tolerance', default: DEFAULT_S_TOLERANCE, defaultText: String(DEFAULT_S_TOLERANCE), description: 'eigenvalues of S below this count as linear dependencies (dropped by canonical orthogonalisation)' }),
  row({ key: 'scf_type', option: 'scfType', stage: 'setup', flag: 'scf-type', defaultText: 'exact: pk when the ERIs fit in memory, else direct', description: "how J and K are built, Psi4's names: pk (exact ERIs stored), direct (exact, recomputed) or df (density fitting, Coulomb metric)" }),
  row({ key: 'df_basis_scf', option: 'dfBasisScf', stage: 'setup', flag: 'df-basis-scf', defaultText: "Psi4 1.3.2's JKFIT set for the orbital basis", description: 'auxiliary (JKFIT) basis set of density fitting (scf_type df, or df_scf_guess)' }),
  row({ key: 'df_scf_guess', option: 'dfScfGuess', stage: 'setup', flag: 'df-scf-guess', default: false, defaultText: 'off', description: "exact SCF (pk or direct) started from a density-fitted one: converge with DF first, then continue exactly from the DF density (Psi4's df_scf_guess)" }),
  row({ key: 'stability_analysis', option: 'stabilityAnalysis', stage: 'run', flag: 'stability', default: 'none', defaultText: 'none', description: "stability analysis after convergence, Psi4's names: none, check (lowest orbital-Hessian eigenvalues: RHF→RHF and RHF→UHF, or UHF→UHF) or follow (UHF: rotate along an instability and converge again)" }),
  row({ key: 'follow_step_scale', option: 'followStepScale', stage: 'run', flag: 'follow-step-scale', default: 0.5, defaultText: '0.5', description: 'stability following rotates the orbitals by this × π/2 × the unit eigenvector' }),
  row({ key: 'max_attempts', option: 'maxAttempts', stage: 'run', flag: 'max-attempts', default: 1, defaultText: '1', description: 'stability following: at most this many rotations, each followed by a new SCF' }),
  row({ key: 'occupations', option: 'occupations', stage: 'run', flag: 'occupations', defaultText: 'aufbau', description: 'occupied orbitals per spin, 0-based in energy order, held every iteration: alpha:0-3,5;beta:0-4 or JSON' }),
  row({ key: 'mom', option: 'mom', stage: 'run', flag: 'mom', defaultText: 'off', description: "excited state by maximum overlap, Psi4's mom_start/mom_occ/mom_vir (1-based, + alpha, − beta): start=20;occ=5;vir=6;type=imom|mom or JSON" }),
  row({ key: 'smearing', option: 'smearing', stage: 'run', flag: 'smearing', defaultText: 'off', description: 'Fermi–Dirac occupations at a temperature in kelvin: fermi:5000 or JSON' }),
  row({ key: 'frac', option: 'frac', stage: 'run', flag: 'frac', defaultText: 'off', description: "Psi4's fractional occupation (UHF), frac_start/frac_occ/frac_val (1-based, + alpha, − beta): start=20;occ=5;val=0.5 or JSON" }),
  row({ key: 'basis_assign', option: 'basisAssign', stage: 'setup', flag: 'basis-for', defaultText: 'none: basis_set on every atom', description: 'per-element or per-atom basis over basis_set, KEY=BASIS with KEY an element symbol or an atom number from 1 (repeatable; atom > element > default)' }),
  row({ key: 'ghost_atoms', option: 'ghostAtoms', stage: 'setup', flag: 'ghost', defaultText: 'none', description: 'atoms (numbers from 1, e.g. 1,2) made ghosts: basis functions, no nucleus, no electrons, as Gh(X) in the geometry' }),
  row({ key: 'soscf', option: 'soscf', stage: 'control', flag: 'soscf', default: DEFAULT_CONTROLS.soscf, defaultText: 'off', description: "second-order (Newton) steps on the orbital rotation once the orbital gradient is below soscf_start_convergence (Psi4's SOSCF; RHF and UHF)" }),
  row({ key: 'soscf_start_convergence', option: 'soscfStartConvergence', stage: 'control', flag: 'soscf-start-convergence', default: DEFAULT_CONTROLS.soscfStartConvergence, defaultText: String(DEFAULT_CONTROLS.soscfStartConvergence), description: 'SOSCF steps start when the RMS orbital gradient is below this' }),
  row({ key: 'soscf_min_iter', option: 'soscfMinIter', stage: 'control', flag: 'soscf-min-iter', default: DEFAULT_CONTROLS.soscfMinIter, defaultText: String(DEFAULT_CONTROLS.soscfMinIter), description: 'minimum number of SOSCF micro-iterations (Hessian products) per step' }),
  row({ key: 'soscf_max_iter', option: 'soscfMaxIter', stage: 'control', flag: 'soscf-max-iter', default: DEFAULT_CONTROLS.soscfMaxIter, defaultText: String(DEFAULT_CONTROLS.soscfMaxIter), description: 'maximum number of SOSCF micro-iterations (Hessian products, one J/K build each) per step' }),
  row({ key: 'soscf_conv', option: 'soscfConv', stage: 'control', flag: 'soscf-conv', default: DEFAULT_CONTROLS.soscfConv, defaultText: String(DEFAULT_CONTROLS.soscfConv), description: 'SOSCF micro-iterations stop when the Newton residual relative to the gradient is below this' }),
  row({ key: 'scf_initial_accelerator', option: 'accelerator', stage: 'control', flag: 'accelerator', default: DEFAULT_CONTROLS.accelerator, defaultText: 'none (CDIIS alone)', description: 'ADIIS (Hu & Yang 2010) or EDIIS (Kudin, Scuseria & Cancès 2002) while the orbital gradient is large, blended into CDIIS below (Garza & Scuseria 2012)' }),
  row({ key: 'scf_initial_start_diis_transition', option: 'startDiisTransition', stage: 'control', flag: 'start-diis-transition', default: DEFAULT_CONTROLS.startDiisTransition, defaultText: String(DEFAULT_CONTROLS.startDiisTransition), description: 'orbital-gradient RMS above which the accelerator runs alone' }),
  row({ key: 'scf_initial_finish_diis_transition', option: 'finishDiisTransition', stage: 'control', flag: 'finish-diis-transition', default: DEFAULT_CONTROLS.finishDiisTransition, defaultText: String(DEFAULT_CONTROLS.finishDiisTransition), description: 'orbital-gradient RMS at or below which CDIIS runs alone' }),
]);

const BY_KEY = new Map(SCF_PARAMETER_TABLE.map((p) => [p.key, p]));

/**
 * The table row of a data-model key.
 *
 * @example
 * ```ts
 * scfParameter('level_shift').flag; // 'level-shift'
 * ```
 */
export function scfParameter(key: ScfParameterKey): ScfParameterSpec {
  return BY_KEY.get(key)!;
}

/**
 * How a caller names a parameter: the data-model key (`'parameters'`), the typed option
 * (`'options'`) or the command-line flag (`'cli'`).
 *
 * @example
 * ```ts
 * parameterName('max_iteration', 'cli');     // '--max-iterations'
 * parameterName('max_iteration', 'options'); // 'maxIterations'
 * ```
 */
export function parameterName(key: ScfParameterKey, vocabulary: ScfVocabulary): string {
  const p = scfParameter(key);
  return vocabulary === 'cli' ? `--${p.flag}` : vocabulary === 'options' ? p.option : p.key;
}

/**
 * The default of every SCF parameter that has a fixed one (from {@link SCF_PARAMETER_TABLE}).
 *
 * @example
 * ```ts
 * DEFAULT_SCF_PARAMETERS.max_iteration; // 100
 * ```
 */
export const DEFAULT_SCF_PARAMETERS = Object.freeze({
  max_iteration: DEFAULT_CONTROLS.maxIterations,
  use_diis: DEFAULT_CONTROLS.useDiis,
  /** The SAD guess is used when the problem provides atom data (as Psi4's default); otherwise 'core'. */
  guess: 'sad' as GuessKind,
  convergence: DEFAULT_CONTROLS.convergence,
  damping: DEFAULT_CONTROLS.damping,
  level_shift: DEFAULT_CONTROLS.levelShift,
  level_shift_cutoff: DEFAULT_CONTROLS.levelShiftCutoff,
  diis_size: DEFAULT_CONTROLS.diisSize,
  diis_start: DEFAULT_CONTROLS.diisStart,
  s_tolerance: DEFAULT_S_TOLERANCE,
  soscf: DEFAULT_CONTROLS.soscf,
  soscf_start_convergence: DEFAULT_CONTROLS.soscfStartConvergence,
  soscf_min_iter: DEFAULT_CONTROLS.soscfMinIter,
  soscf_max_iter: DEFAULT_CONTROLS.soscfMaxIter,
  soscf_conv: DEFAULT_CONTROLS.soscfConv,
  scf_initial_accelerator: DEFAULT_CONTROLS.accelerator,
  scf_initial_start_diis_transition: DEFAULT_CONTROLS.startDiisTransition,
  scf_initial_finish_diis_transition: DEFAULT_CONTROLS.finishDiisTransition,
});

/**
 * Options of {@link parseScfParameters}.
 *
 * @example
 * ```ts
 * parseScfParameters({ max_iteration: 30 }, { file: 'params.json' }); // errors say "params.json (max_iteration): …"
 * ```
 */
export interface ParseScfParametersOptions {
  /** The file the parameters came from, for error locations (default `'parameters'`). */
  file?: string;
  /**
   * Keys whose values came from command-line flags: an error about one of them names the flag
   * (`--max-iterations: …`) rather than the file and key.
   */
  flagKeys?: readonly ScfParameterKey[];
}

/** Parameter objects {@link parseScfParameters} returned (frozen), so they are not checked twice. */
const validated = new WeakSet<object>();

const TOP_KEYS = [...new Set(SCF_PARAMETER_TABLE.map((p) => p.key.split('.')[0]!))];

/**
 * Validates SCF parameters from JSON (or any object) against {@link SCF_PARAMETER_TABLE} and
 * returns them frozen, with choices in lower case. An unknown key, a wrong type or an
 * out-of-range value is an {@link InvalidInputError} whose `location.field` names the key (or
 * the flag, for keys listed in `flagKeys`). `undefined` and `null` mean no parameters.
 *
 * @example
 * ```ts
 * parseScfParameters({ basis_set: 'STO-3G', max_iteration: 30, use_diis: true });
 * parseScfParameters({ max_iteration: 0 }); // throws InvalidInputError: parameters (max_iteration): must be an integer in [1, 10000], got 0
 * ```
 */
export function parseScfParameters(input: unknown, options: ParseScfParametersOptions = {}): ScfParameters {
  if (input === undefined || input === null) return freeze({});
  if (typeof input === 'object' && validated.has(input)) return input as ScfParameters;
  const file = options.file ?? 'parameters';
  const flags = new Set<string>(options.flagKeys ?? []);
  const where = (key: string): ErrorLocation => {
    const p = BY_KEY.get(key as ScfParameterKey);
    return p !== undefined && flags.has(key) ? { field: `--${p.flag}` } : { file, field: key };
  };
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new InvalidInputError('the parameters must be one object, e.g. {"basis_set": "STO-3G"}', { file, field: '(root)' });
  }
  const source = input as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    if (!TOP_KEYS.includes(key)) {
      throw new InvalidInputError(`unknown parameter ${JSON.stringify(key)} (allowed: ${TOP_KEYS.join(', ')})`, where(key));
    }
  }
  const conv = source['convergence'];
  if (conv !== undefined) {
    if (conv === null || typeof conv !== 'object' || Array.isArray(conv)) {
      throw new InvalidInputError('must be an object like {"energy": 1e-8, "density": 1e-6}', where('convergence'));
    }
    for (const sub of Object.keys(conv)) {
      if (sub !== 'energy' && sub !== 'density') {
        throw new InvalidInputError(`unknown parameter ${JSON.stringify(sub)} (allowed: energy, density)`, where(`convergence.${sub}`));
      }
    }
  }
  const out: Record<string, unknown> = {};
  const convergence: Record<string, unknown> = {};
  for (const p of SCF_PARAMETER_TABLE) {
    const [top, sub] = p.key.split('.') as [string, string | undefined];
    const value = sub === undefined ? source[top] : (conv as Record<string, unknown> | undefined)?.[sub];
    if (value === undefined) continue;
    const checked = checkValue(p.rule, value, where(p.key));
    if (sub === undefined) out[top] = checked;
    else convergence[sub] = checked;
  }
  if (conv !== undefined) out['convergence'] = convergence;
  if (out['df_scf_guess'] === true && out['scf_type'] === 'df') {
    throw new InvalidInputError('df_scf_guess starts an exact SCF from a density-fitted one, so it needs scf_type pk or direct (or unset), not df; drop df_scf_guess or choose an exact scf_type', where('df_scf_guess'));
  }
  if (out['soscf'] === true && out['reference'] === 'rohf') {
    throw new InvalidInputError('SOSCF is implemented for RHF and UHF, not ROHF; use reference "uhf" or turn soscf off', where('soscf'));
  }
  // A Newton step keeps the aufbau occupied space; an occupation method chooses its own.
  const occupationKey = (['occupations', 'mom', 'smearing', 'frac'] as const).find((k) => out[k] !== undefined);
  if (out['soscf'] === true && occupationKey !== undefined) {
    throw new InvalidInputError(`SOSCF keeps the aufbau occupations and cannot be combined with ${occupationKey}; turn soscf off or drop ${occupationKey}`, where('soscf'));
  }
  return freeze(out as ScfParameters);
}

function freeze(p: ScfParameters): ScfParameters {
  if (p.convergence !== undefined) Object.freeze(p.convergence);
  Object.freeze(p);
  validated.add(p);
  return p;
}

/**
 * The SCF driver options ({@link ScfOptions}) for validated parameters, following the table's
 * `option` column. Keys of stage 'setup' (basis_set, puream, charge, multiplicity) are used when
 * the problem is built, not here. Missing keys are left out, so the driver's defaults apply.
 *
 * @example
 * ```ts
 * scfOptionsFromParameters(parseScfParameters({ max_iteration: 30, use_diis: true }));
 * // { maxIterations: 30, useDiis: true }
 * ```
 */
export function scfOptionsFromParameters(parameters: ScfParameters): ScfOptions {
  const p = parseScfParameters(parameters);
  const o: Record<string, unknown> = {};
  for (const spec of SCF_PARAMETER_TABLE) {
    if (spec.stage === 'setup') continue;
    const [top, sub] = spec.key.split('.') as [keyof ScfParameters, string | undefined];
    const value = sub === undefined ? p[top] : (p[top] as Record<string, unknown> | undefined)?.[sub];
    if (value === undefined) continue;
    const [head, tail] = spec.option.split('.') as [string, string | undefined];
    if (tail === undefined) o[head] = value;
    else o[head] = { ...((o[head] as object | undefined) ?? {}), [tail]: value };
  }
  return o as ScfOptions;
}
