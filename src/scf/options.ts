/**
 * The options of the SCF driver (`iterate`, `run`, `drive`, `session`).
 *
 * @packageDocumentation
 */
import { InvalidInputError } from '../errors';
import type { OrthogonalizerOptions } from '../linalg';
import { checkControlChanges, checkValue, CONTROL_KEYS, SCF_RULES, type ScfControlChanges } from './controls';
import { parseFrac, parseMom, parseOccupations, parseSmearing, type ExplicitOccupations, type FracOptions, type MomOptions, type SmearingOptions } from './occupation-options';
import type { GuessKind, Reference } from './problem';
import type { StabilityMode } from './stability-report';
import type { ScfStart } from './start';

/**
 * Whose words messages use: `'options'` the library's option names (`maxIterations`),
 * `'parameters'` the data-model keys of a parameters file or a stored job (`max_iteration`),
 * `'cli'` the command-line flags (`--max-iterations`).
 *
 * @example
 * ```ts
 * const vocabulary: ScfVocabulary = 'cli';
 * ```
 */
export type ScfVocabulary = 'options' | 'parameters' | 'cli';

/**
 * Options of `iterate`, `run` and `drive`: the controls ({@link ScfControlChanges}: any missing
 * one takes its default), plus what is fixed for the whole run. A prepared calculation carries
 * the options its parameters give; options passed to the driver override them key by key.
 *
 * @example
 * ```ts
 * const options: ScfOptions = { maxIterations: 30, guess: 'core', convergence: { energy: 1e-8 } };
 * ```
 */
export interface ScfOptions extends ScfControlChanges {
  /** 'rhf', 'uhf' or 'rohf'. Default: RHF when nalpha = nbeta, UHF otherwise. RHF for an open shell is an InvalidInputError. */
  reference?: Reference;
  /** Initial guess when no `start` is given. Default 'sad' when `problem.sad` is given, else 'core'. */
  guess?: GuessKind;
  /** How to build X with XᵀSX = I (default: auto, tolerance 1e-7). */
  orthogonalization?: OrthogonalizerOptions;
  /** Where the run starts (a resume, or a chosen density); without it, from `guess` at iteration 1. */
  start?: ScfStart;
  /** Whose words the diagnosis of a non-converged run uses (default `'options'`; a prepared calculation says `'parameters'`). */
  vocabulary?: ScfVocabulary;
  /** Stability analysis after convergence: 'none' (default), 'check' or 'follow' (UHF only; see `withStability`). */
  stabilityAnalysis?: StabilityMode;
  /** Following rotates by this·π/2·x_ia (default 0.5, Psi4's FOLLOW_STEP_SCALE). */
  followStepScale?: number;
  /** At most this many rotations, each followed by a new SCF (default 1, Psi4's MAX_ATTEMPTS). */
  maxAttempts?: number;
  /** Occupied orbitals per spin held at every iteration, 0-based in energy order (see `ExplicitOccupations`). */
  occupations?: ExplicitOccupations;
  /** An excited state by the maximum overlap method (MOM/IMOM, Psi4's mom_start/mom_occ/mom_vir; see `MomOptions`). */
  mom?: MomOptions;
  /** Fermi–Dirac smearing at a temperature in kelvin (see `SmearingOptions`). */
  smearing?: SmearingOptions;
  /** Psi4's fractional occupation, UHF (frac_start/frac_occ/frac_val; see `FracOptions`). */
  frac?: FracOptions;
  /**
   * Checked before each iteration: once aborted, the next `next()` throws `ScfInterruptedError`
   * (so `run`'s `onIteration` or a loop over `iterate` can stop the run). `scf.drive` also takes
   * one, and defaults to the Jupyter kernel's Interrupt.
   */
  signal?: AbortSignal;
}

const RUN_KEYS = ['reference', 'guess', 'orthogonalization', 'start', 'vocabulary', 'stabilityAnalysis', 'followStepScale', 'maxAttempts', 'occupations', 'mom', 'smearing', 'frac', 'signal'] as const;

/**
 * Checks driver options given by a library caller (spelled as options: `maxIterations`, …) with
 * the rules of `SCF_RULES`, and returns them with choices in lower case. An unknown key or a bad
 * value is an InvalidInputError naming it. The start density is checked against the problem
 * when the run begins; `orthogonalization` is the orthogonaliser's own options (linalg checks
 * them; the data model's `s_tolerance` has the narrower range of its table row).
 *
 * @example
 * ```ts
 * checkScfOptions({ maxIterations: 30, guess: 'core' }); // the same options
 * checkScfOptions({ maxIterations: 0 });                  // throws: maxIterations: must be an integer in [1, 10000], got 0
 * ```
 */
export function checkScfOptions(options: ScfOptions): ScfOptions {
  const controls: Record<string, unknown> = {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if ((RUN_KEYS as readonly string[]).includes(key)) out[key] = value;
    else if (key === 'convergence' || (CONTROL_KEYS as readonly string[]).includes(key)) controls[key] = value;
    else throw new InvalidInputError(`unknown option "${key}" (allowed: ${[...CONTROL_KEYS, 'convergence', ...RUN_KEYS].join(', ')})`, { field: key });
  }
  checkControlChanges(controls as ScfControlChanges);
  if (out['reference'] !== undefined) out['reference'] = checkValue(SCF_RULES.reference, out['reference'], { field: 'reference' });
  if (out['guess'] !== undefined) out['guess'] = checkValue(SCF_RULES.guess, out['guess'], { field: 'guess' });
  for (const key of ['stabilityAnalysis', 'followStepScale', 'maxAttempts'] as const) {
    if (out[key] !== undefined) out[key] = checkValue(SCF_RULES[key], out[key], { field: key });
  }
  if (out['occupations'] !== undefined) out['occupations'] = parseOccupations(out['occupations'], { field: 'occupations' });
  if (out['mom'] !== undefined) out['mom'] = parseMom(out['mom'], { field: 'mom' });
  if (out['smearing'] !== undefined) out['smearing'] = parseSmearing(out['smearing'], { field: 'smearing' });
  if (out['frac'] !== undefined) out['frac'] = parseFrac(out['frac'], { field: 'frac' });
  if (out['signal'] !== undefined && typeof (out['signal'] as AbortSignal).aborted !== 'boolean') {
    throw new InvalidInputError('must be an AbortSignal (e.g. new AbortController().signal)', { field: 'signal' });
  }
  if (out['vocabulary'] !== undefined && !['options', 'parameters', 'cli'].includes(out['vocabulary'] as string)) {
    throw new InvalidInputError(`must be 'options', 'parameters' or 'cli', got ${String(out['vocabulary'])}`, { field: 'vocabulary' });
  }
  return { ...controls, ...out } as ScfOptions;
}
