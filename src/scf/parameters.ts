import { z } from 'zod';
import { InvalidInputError } from '../errors';
import type { ScfOptions } from './iterate';

/**
 * The SCF parameters as the job data model stores them (JSON, snake_case keys), e.g.
 * `{"basis_set": "STO-3G", "max_iteration": 30, "use_diis": true}`. Strings naming a choice
 * (reference, guess) are case-insensitive. Unknown keys are rejected.
 */
const convergenceSchema = z.strictObject({
  /** |ΔE| threshold in hartree. */
  energy: z.number().positive().max(1).optional(),
  /** RMS density-change threshold (dimensionless). */
  density: z.number().positive().max(1).optional(),
});

const lower = (v: unknown): unknown => (typeof v === 'string' ? v.toLowerCase() : v);

export const scfParametersSchema = z.strictObject({
  basis_set: z.string().min(1).optional(),
  max_iteration: z.number().int().min(1).max(10000).optional(),
  use_diis: z.boolean().optional(),
  reference: z.preprocess(lower, z.enum(['rhf', 'uhf'])).optional(),
  charge: z.number().int().min(-100).max(200).optional(),
  multiplicity: z.number().int().min(1).max(100).optional(),
  guess: z.preprocess(lower, z.enum(['core', 'gwh', 'sad'])).optional(),
  convergence: convergenceSchema.optional(),
  damping: z.number().min(0).lt(1).optional(),
  level_shift: z.number().min(0).max(100).optional(),
  level_shift_cutoff: z.number().min(0).optional(),
  diis_size: z.number().int().min(2).max(100).optional(),
  diis_start: z.number().int().min(1).optional(),
  puream: z.boolean().optional(),
  s_tolerance: z.number().positive().max(1e-2).optional(),
});

/**
 * SCF parameters (data-model JSON). Every key is optional; {@link DEFAULT_SCF_PARAMETERS} fills
 * the numerical ones. `charge` and `multiplicity` override the molecule's; `reference` defaults
 * to RHF for a singlet and UHF otherwise; `puream` overrides the basis file's default.
 */
export type ScfParameters = z.infer<typeof scfParametersSchema>;

/** The default of every SCF parameter that has one. */
export const DEFAULT_SCF_PARAMETERS = {
  /** Psi4's MAXITER default. */
  max_iteration: 100,
  use_diis: true,
  /** The SAD guess is used when the problem provides atom data (as Psi4's default); otherwise 'core'. */
  guess: 'sad',
  /** Reaches 1e-8 Eh agreement with Psi4 comfortably (measured: see test/scf). */
  convergence: { energy: 1e-10, density: 1e-8 },
  damping: 0,
  level_shift: 0,
  /** Psi4's LEVEL_SHIFT_CUTOFF: the shift is applied only while the orbital gradient is above this. */
  level_shift_cutoff: 1e-2,
  /**
   * Psi4's DIIS_MAX_VECS default (10) — the reference program for our test energies; PySCF uses 8.
   * Ten vectors cost 10·nbf² doubles per spin, nothing next to the integrals.
   */
  diis_size: 10,
  /** DIIS from the first iteration (Psi4 DIIS_START 1, PySCF diis_start_cycle 1). */
  diis_start: 1,
  /** Psi4's S_TOLERANCE. */
  s_tolerance: 1e-7,
} as const;

/**
 * Validates SCF parameters from JSON (or any object). An unknown key, a wrong type or an
 * out-of-range value is an {@link InvalidInputError} whose `location.field` names the key.
 *
 * @example
 * ```ts
 * parseScfParameters({ basis_set: 'STO-3G', max_iteration: 30, use_diis: true });
 * parseScfParameters({ max_iteration: 0 }); // throws InvalidInputError: parameters (max_iteration): …
 * ```
 */
export function parseScfParameters(input: unknown): ScfParameters {
  const parsed = scfParametersSchema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  let field = issue.path.map(String).join('.');
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue as { keys: string[] }).keys;
    field = [...issue.path.map(String), keys[0]!].join('.');
    message = `unknown parameter ${keys.map((k) => JSON.stringify(k)).join(', ')} (allowed: ${Object.keys(
      issue.path.length === 0 ? scfParametersSchema.shape : convergenceSchema.shape,
    ).join(', ')})`;
  }
  throw new InvalidInputError(message, { file: 'parameters', field: field || '(root)' });
}

/**
 * The SCF driver options ({@link ScfOptions}) for validated parameters. Keys that concern the
 * molecule and basis (basis_set, puream, charge, multiplicity) are used when the problem is
 * built, not here. Missing keys are left out, so the driver's defaults apply.
 *
 * @example
 * ```ts
 * scfOptionsFromParameters(parseScfParameters({ max_iteration: 30, use_diis: true }));
 * // { maxIterations: 30, useDiis: true }
 * ```
 */
export function scfOptionsFromParameters(p: ScfParameters): ScfOptions {
  const o: ScfOptions = {};
  if (p.max_iteration !== undefined) o.maxIterations = p.max_iteration;
  if (p.use_diis !== undefined) o.useDiis = p.use_diis;
  if (p.reference !== undefined) o.reference = p.reference;
  if (p.guess !== undefined) o.guess = p.guess;
  if (p.convergence !== undefined) {
    const c: { energy?: number; density?: number } = {};
    if (p.convergence.energy !== undefined) c.energy = p.convergence.energy;
    if (p.convergence.density !== undefined) c.density = p.convergence.density;
    o.convergence = c;
  }
  if (p.damping !== undefined) o.damping = p.damping;
  if (p.level_shift !== undefined) o.levelShift = p.level_shift;
  if (p.level_shift_cutoff !== undefined) o.levelShiftCutoff = p.level_shift_cutoff;
  if (p.diis_size !== undefined) o.diisSize = p.diis_size;
  if (p.diis_start !== undefined) o.diisStart = p.diis_start;
  if (p.s_tolerance !== undefined) o.orthogonalization = { tolerance: p.s_tolerance };
  return o;
}
