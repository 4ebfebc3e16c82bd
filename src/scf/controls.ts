/**
 * The SCF controls (what may change between iterations), their defaults, and the value rules
 * every entry point checks them with: the parameter table ({@link SCF_PARAMETER_TABLE}), the
 * driver's options and the generator's `next(changes)` all apply {@link checkValue} with the rules
 * here, so each range is written once.
 *
 * @packageDocumentation
 */
import { InvalidInputError, type ErrorLocation } from '../errors';
import { parseFrac, parseMom, parseOccupations, parseSmearing } from './occupation-options';
import { parseBasisAssignment } from '../basis/assignment';
import { parseGhostAtoms } from './ghost-parameter';
import type { ScfAccelerator } from './accelerate';

/**
 * Options that may change between iterations: pass a partial object to the generator's
 * `next(changes)` (see `iterate`). Thresholds in hartree (energy) or dimensionless (density).
 *
 * @example
 * ```ts
 * const controls: ScfControls = { ...DEFAULT_CONTROLS, damping: 0.3 };
 * ```
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
  /**
   * Second-order steps (Psi4's SOSCF, see `soscfStep`) once the orbital gradient is below
   * `soscfStartConvergence`, RHF and UHF (ROHF with it is refused at the start; turned on later
   * through `next(changes)` it has no effect on ROHF). Default false.
   */
  soscf: boolean;
  /** SOSCF starts when the RMS orbital gradient (`diisError`) is below this (Psi4's SOSCF_START_CONVERGENCE, default 1e-2). */
  soscfStartConvergence: number;
  /** At least this many SOSCF micro-iterations per step (Psi4's SOSCF_MIN_ITER, default 1). */
  soscfMinIter: number;
  /** At most this many SOSCF micro-iterations (Hessian products) per step (Psi4's SOSCF_MAX_ITER, default 5). */
  soscfMaxIter: number;
  /** SOSCF micro-iterations stop at this residual relative to the gradient (Psi4's SOSCF_CONV, default 5e-3). */
  soscfConv: number;
  /** ADIIS or EDIIS far from convergence, blended into CDIIS (see `extrapolateFock`); 'none' is CDIIS alone. Default 'none'. */
  accelerator: ScfAccelerator;
  /** Orbital-gradient RMS above which the accelerator runs alone. Default 0.1 (Psi4's SCF_INITIAL_START_DIIS_TRANSITION). */
  startDiisTransition: number;
  /** Orbital-gradient RMS at or below which CDIIS runs alone. Default 1e-4 (Psi4's SCF_INITIAL_FINISH_DIIS_TRANSITION). */
  finishDiisTransition: number;
}

/**
 * Changes to {@link ScfControls} passed to the generator's `next()` (missing keys keep their values).
 *
 * @example
 * ```ts
 * const changes: ScfControlChanges = { damping: 0.3, convergence: { energy: 1e-8 } };
 * ```
 */
export interface ScfControlChanges {
  maxIterations?: number;
  convergence?: { energy?: number; density?: number };
  useDiis?: boolean;
  diisSize?: number;
  diisStart?: number;
  damping?: number;
  levelShift?: number;
  levelShiftCutoff?: number;
  soscf?: boolean;
  soscfStartConvergence?: number;
  soscfMinIter?: number;
  soscfMaxIter?: number;
  soscfConv?: number;
  accelerator?: ScfAccelerator;
  startDiisTransition?: number;
  finishDiisTransition?: number;
}

/**
 * A value rule: the type and range a setting must have. `min`/`max` are inclusive unless
 * `minExclusive`/`maxExclusive`; `choices` are matched case-insensitively and given back in
 * lower case. 'basis-assignment' and 'atom-list' (the per-atom basis and the ghost atoms) are
 * checked by `parseBasisAssignment` and `parseGhostAtoms`.
 *
 * @example
 * ```ts
 * const rule: ValueRule = { type: 'integer', min: 1, max: 10000 };
 * ```
 */
export interface ValueRule {
  readonly type: 'integer' | 'number' | 'boolean' | 'string' | 'choice' | 'object' | 'basis-assignment' | 'atom-list';
  readonly min?: number;
  readonly max?: number;
  readonly minExclusive?: boolean;
  readonly maxExclusive?: boolean;
  /** For 'choice': the allowed values (lower case). */
  readonly choices?: readonly string[];
  /** The unit, for messages ('hartree'). */
  readonly unit?: string;
  /** For 'object' (a structured value, or its text form on the command line): checks it and returns it parsed. */
  readonly check?: (value: unknown, location: ErrorLocation) => unknown;
}

/**
 * The rule of every control, and of the settings fixed for a run: the one place their ranges are
 * written. Keys are the typed option names (`maxIterations`, `convergence.energy`, …).
 *
 * @example
 * ```ts
 * SCF_RULES.maxIterations; // { type: 'integer', min: 1, max: 10000 }
 * ```
 */
export const SCF_RULES = {
  basis: { type: 'string', min: 1 },
  maxIterations: { type: 'integer', min: 1, max: 10000 },
  useDiis: { type: 'boolean' },
  reference: { type: 'choice', choices: ['rhf', 'uhf', 'rohf'] },
  charge: { type: 'integer', min: -100, max: 200 },
  multiplicity: { type: 'integer', min: 1, max: 100 },
  guess: { type: 'choice', choices: ['core', 'gwh', 'sad'] },
  'convergence.energy': { type: 'number', min: 0, minExclusive: true, max: 1, unit: 'hartree' },
  'convergence.density': { type: 'number', min: 0, minExclusive: true, max: 1 },
  damping: { type: 'number', min: 0, max: 1, maxExclusive: true },
  levelShift: { type: 'number', min: 0, max: 100, unit: 'hartree' },
  levelShiftCutoff: { type: 'number', min: 0 },
  diisSize: { type: 'integer', min: 2, max: 100 },
  diisStart: { type: 'integer', min: 1 },
  pure: { type: 'boolean' },
  'orthogonalization.tolerance': { type: 'number', min: 0, minExclusive: true, max: 1e-2 },
  scfType: { type: 'choice', choices: ['pk', 'direct', 'df'] },
  dfBasisScf: { type: 'string', min: 1 },
  dfScfGuess: { type: 'boolean' },
  stabilityAnalysis: { type: 'choice', choices: ['none', 'check', 'follow'] },
  followStepScale: { type: 'number', min: 0, minExclusive: true, max: 2 },
  maxAttempts: { type: 'integer', min: 1, max: 100 },
  occupations: { type: 'object', check: parseOccupations },
  mom: { type: 'object', check: parseMom },
  smearing: { type: 'object', check: parseSmearing, unit: 'kelvin' },
  frac: { type: 'object', check: parseFrac },
  basisAssign: { type: 'basis-assignment' },
  ghostAtoms: { type: 'atom-list' },
  soscf: { type: 'boolean' },
  soscfStartConvergence: { type: 'number', min: 0, minExclusive: true, max: 10 },
  soscfMinIter: { type: 'integer', min: 1, max: 1000 },
  soscfMaxIter: { type: 'integer', min: 1, max: 1000 },
  soscfConv: { type: 'number', min: 0, minExclusive: true, max: 1 },
  accelerator: { type: 'choice', choices: ['none', 'adiis', 'ediis'] },
  startDiisTransition: { type: 'number', min: 0 },
  finishDiisTransition: { type: 'number', min: 0 },
} as const satisfies Record<string, ValueRule>;

/**
 * The name of a rule in {@link SCF_RULES}.
 *
 * @example
 * ```ts
 * const name: ScfRuleName = 'maxIterations';
 * ```
 */
export type ScfRuleName = keyof typeof SCF_RULES;

/**
 * The default controls. Convergence thresholds reach 1e-8 Eh agreement with Psi4 comfortably
 * (measured: see test/scf); the iteration cap, DIIS size and level-shift cutoff are Psi4's
 * defaults (MAXITER 100, DIIS_MAX_VECS 10 — PySCF uses 8 — and LEVEL_SHIFT_CUTOFF 1e-2); DIIS
 * starts at the first iteration (Psi4 DIIS_START 1, PySCF diis_start_cycle 1).
 *
 * @example
 * ```ts
 * DEFAULT_CONTROLS.maxIterations; // 100
 * ```
 */
export const DEFAULT_CONTROLS: Readonly<ScfControls> = Object.freeze({
  maxIterations: 100,
  convergence: Object.freeze({ energy: 1e-10, density: 1e-8 }),
  useDiis: true,
  diisSize: 10,
  diisStart: 1,
  damping: 0,
  levelShift: 0,
  levelShiftCutoff: 1e-2,
  soscf: false,
  soscfStartConvergence: 1e-2,
  soscfMinIter: 1,
  soscfMaxIter: 5,
  soscfConv: 5e-3,
  accelerator: 'none',
  startDiisTransition: 1e-1,
  finishDiisTransition: 1e-4,
});

/**
 * The orthogonaliser's default linear-dependency tolerance (Psi4's S_TOLERANCE).
 *
 * @example
 * ```ts
 * DEFAULT_S_TOLERANCE; // 1e-7
 * ```
 */
export const DEFAULT_S_TOLERANCE = 1e-7;

function describeRule(rule: ValueRule): string {
  const unit = rule.unit ? ` ${rule.unit}` : '';
  if (rule.type === 'boolean') return 'must be true or false';
  if (rule.type === 'choice') return `must be one of ${rule.choices!.map((c) => JSON.stringify(c)).join(', ')}`;
  if (rule.type === 'string') return 'must be a non-empty string';
  const what = rule.type === 'integer' ? 'an integer' : 'a number';
  const lo = rule.min === undefined ? undefined : `${rule.minExclusive ? '>' : '≥'} ${rule.min}`;
  const hi = rule.max === undefined ? undefined : `${rule.maxExclusive ? '<' : '≤'} ${rule.max}`;
  if (rule.min !== undefined && rule.max !== undefined) {
    return `must be ${what} in ${rule.minExclusive ? '(' : '['}${rule.min}, ${rule.max}${rule.maxExclusive ? ')' : ']'}${unit}`;
  }
  return `must be ${what}${lo ? ` ${lo}` : ''}${hi ? ` ${hi}` : ''}${unit}`;
}

function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  return Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : typeof value;
}

/**
 * Checks one value against a rule and returns it (choices in lower case). A wrong type or an
 * out-of-range value is an InvalidInputError at `location`, whose field is the spelling the
 * caller used (`max_iteration` in a parameters file, `--max-iterations` on the command line,
 * `maxIterations` in library options).
 *
 * @example
 * ```ts
 * checkValue(SCF_RULES.maxIterations, 30, { field: 'maxIterations' }); // 30
 * checkValue(SCF_RULES.maxIterations, 0, { field: '--max-iterations' }); // throws: --max-iterations: must be an integer in [1, 10000], got 0
 * ```
 */
export function checkValue(rule: ValueRule, value: unknown, location: ErrorLocation): unknown {
  const fail = (): never => {
    throw new InvalidInputError(`${describeRule(rule)}, got ${shown(value)}`, location);
  };
  switch (rule.type) {
    case 'object':
      return rule.check!(value, location);
    case 'boolean':
      if (typeof value !== 'boolean') fail();
      return value;
    case 'string':
      if (typeof value !== 'string' || value.length < (rule.min ?? 0)) fail();
      return value;
    case 'basis-assignment':
      return parseBasisAssignment(value, location);
    case 'atom-list':
      return parseGhostAtoms(value, location);
    case 'choice': {
      const v = typeof value === 'string' ? value.toLowerCase() : undefined;
      if (v === undefined || !rule.choices!.includes(v)) fail();
      return v;
    }
    default: {
      if (typeof value !== 'number' || !Number.isFinite(value)) fail();
      const v = value as number;
      if (rule.type === 'integer' && !Number.isInteger(v)) fail();
      if (rule.min !== undefined && (rule.minExclusive ? !(v > rule.min) : !(v >= rule.min))) fail();
      if (rule.max !== undefined && (rule.maxExclusive ? !(v < rule.max) : !(v <= rule.max))) fail();
      return v;
    }
  }
}

/**
 * The names of the controls (the keys of {@link ScfControls} but `convergence`).
 *
 * @example
 * ```ts
 * CONTROL_KEYS.includes('damping'); // true
 * ```
 */
export const CONTROL_KEYS = [
  'maxIterations', 'useDiis', 'diisSize', 'diisStart', 'damping', 'levelShift', 'levelShiftCutoff',
  'soscf', 'soscfStartConvergence', 'soscfMinIter', 'soscfMaxIter', 'soscfConv',
  'accelerator', 'startDiisTransition', 'finishDiisTransition',
] as const;

/**
 * Checks control changes (library spelling: `maxIterations`, `convergence.energy`, …) with the
 * rules of {@link SCF_RULES}: an unknown key or a bad value is an InvalidInputError naming it.
 * Undefined values are allowed (they keep the current value).
 *
 * @example
 * ```ts
 * checkControlChanges({ damping: 0.3 });        // fine
 * checkControlChanges({ maxIterations: 0 });    // throws: maxIterations: must be an integer in [1, 10000], got 0
 * ```
 */
export function checkControlChanges(changes: ScfControlChanges, prefix = ''): void {
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (key === 'convergence') {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new InvalidInputError(`must be an object like { energy: 1e-8, density: 1e-6 }, got ${shown(value)}`, { field: `${prefix}convergence` });
      }
      for (const [sub, v] of Object.entries(value as Record<string, unknown>)) {
        if (sub !== 'energy' && sub !== 'density') {
          throw new InvalidInputError(`unknown threshold "${sub}" (allowed: energy, density)`, { field: `${prefix}convergence.${sub}` });
        }
        if (v !== undefined) checkValue(SCF_RULES[`convergence.${sub}`], v, { field: `${prefix}convergence.${sub}` });
      }
      continue;
    }
    if (!(CONTROL_KEYS as readonly string[]).includes(key)) {
      throw new InvalidInputError(`unknown control "${key}" (allowed: ${[...CONTROL_KEYS, 'convergence'].join(', ')})`, { field: `${prefix}${key}` });
    }
    checkValue(SCF_RULES[key as (typeof CONTROL_KEYS)[number]], value, { field: `${prefix}${key}` });
  }
}

/**
 * The controls with changes applied (undefined values keep the current ones). The changes must
 * have been checked ({@link checkControlChanges}).
 *
 * @example
 * ```ts
 * applyControlChanges(DEFAULT_CONTROLS, { damping: 0.3 }).damping; // 0.3
 * ```
 */
export function applyControlChanges(controls: Readonly<ScfControls>, changes: ScfControlChanges): ScfControls {
  const { convergence, ...rest } = changes;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  const conv = Object.fromEntries(Object.entries(convergence ?? {}).filter(([, v]) => v !== undefined));
  return { ...controls, ...defined, convergence: { ...controls.convergence, ...conv } } as ScfControls;
}
