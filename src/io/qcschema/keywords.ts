/**
 * The `keywords` of a QCSchema AtomicInput, read with Psi4's option names (as QCEngine's psi4
 * harness passes them to `psi4.set_options`) and mapped onto roothaan's SCF parameters through
 * the one parameter table (`scf.SCF_PARAMETER_TABLE`), so each value is checked by the same rule
 * as the `--params` file and the CLI flags.
 *
 * Reference: Psi4 1.3.2 manual, "SCF" options (MAXITER, E_CONVERGENCE, D_CONVERGENCE, REFERENCE,
 * GUESS, DIIS, DIIS_MAX_VECS, DIIS_START, DAMPING_PERCENTAGE, LEVEL_SHIFT, LEVEL_SHIFT_CUTOFF,
 * PUREAM, S_TOLERANCE, SCF_TYPE, DF_BASIS_SCF), https://psicode.org/psi4manual/1.3.2/autodir_options_c/module__scf.html
 *
 * @packageDocumentation
 */
import { InvalidInputError, type ErrorLocation } from '../../errors';
import { checkValue, parseScfParameters, scfParameter, type ScfParameterKey, type ScfParameters } from '../../scf';

/**
 * One Psi4 keyword roothaan understands: the SCF parameter it sets, and how its value becomes
 * the parameter's value.
 *
 * @example
 * ```ts
 * const row = PSI4_KEYWORD_TABLE.find((k) => k.keyword === 'maxiter');
 * row.parameter; // 'max_iteration'
 * ```
 */
export interface Psi4KeywordSpec {
  /** Psi4's option name, lower case (Psi4 itself is case-insensitive). */
  readonly keyword: string;
  /** The roothaan SCF parameter it sets (a key of `scf.SCF_PARAMETER_TABLE`). */
  readonly parameter: ScfParameterKey;
  /** How the meaning differs from Psi4's, when it does. */
  readonly note?: string;
}

/**
 * The Psi4 keywords roothaan maps to its SCF parameters. `e_convergence` and `d_convergence`
 * also take Psi4's integer shorthand (8 means 1e-8); `damping_percentage` is a percentage
 * (roothaan's `damping` = percentage / 100); `scf_type` takes Psi4's values (see
 * {@link EXACT_SCF_TYPES} and {@link DF_SCF_TYPES}). Any other keyword is refused.
 *
 * | keyword | parameter |
 * | --- | --- |
 * | maxiter | max_iteration |
 * | e_convergence | convergence.energy |
 * | d_convergence | convergence.density |
 * | reference | reference |
 * | guess | guess |
 * | diis | use_diis |
 * | diis_max_vecs | diis_size |
 * | diis_start | diis_start |
 * | damping_percentage | damping |
 * | level_shift | level_shift |
 * | level_shift_cutoff | level_shift_cutoff |
 * | puream | puream |
 * | s_tolerance | s_tolerance |
 * | scf_type | scf_type |
 * | df_basis_scf | df_basis_scf |
 * | df_scf_guess | df_scf_guess |
 * | stability_analysis | stability_analysis |
 * | follow_step_scale | follow_step_scale |
 * | max_attempts | max_attempts |
 * | soscf, soscf_start_convergence, soscf_min_iter, soscf_max_iter, soscf_conv | the same names |
 * | scf_initial_accelerator, scf_initial_start_diis_transition, scf_initial_finish_diis_transition | the same names |
 * | mom_start, mom_occ, mom_vir | mom (`{ start, occ, vir }`) |
 * | frac_start, frac_occ, frac_val | frac (`{ start, occ, val }`) |
 * | docc, socc (C1: one number each) | occupations (alpha: docc + socc orbitals, beta: docc) |
 *
 * @example
 * ```ts
 * PSI4_KEYWORD_TABLE.map((k) => `${k.keyword} → ${k.parameter}`);
 * ```
 */
export const PSI4_KEYWORD_TABLE: readonly Psi4KeywordSpec[] = Object.freeze(([
  { keyword: 'maxiter', parameter: 'max_iteration' },
  { keyword: 'e_convergence', parameter: 'convergence.energy' },
  {
    keyword: 'd_convergence',
    parameter: 'convergence.density',
    note: "Psi4 tests the orbital gradient against it; roothaan tests the RMS density change (both must fall below the threshold, so roothaan's test is at least as strict at convergence)",
  },
  { keyword: 'reference', parameter: 'reference' },
  { keyword: 'guess', parameter: 'guess' },
  { keyword: 'diis', parameter: 'use_diis' },
  { keyword: 'diis_max_vecs', parameter: 'diis_size' },
  { keyword: 'diis_start', parameter: 'diis_start', note: 'Psi4 starts storing vectors at this iteration; roothaan starts extrapolating' },
  { keyword: 'damping_percentage', parameter: 'damping', note: 'a percentage: damping = damping_percentage / 100, applied at every iteration (roothaan has no DAMPING_CONVERGENCE)' },
  { keyword: 'level_shift', parameter: 'level_shift' },
  { keyword: 'level_shift_cutoff', parameter: 'level_shift_cutoff' },
  { keyword: 'puream', parameter: 'puream' },
  { keyword: 's_tolerance', parameter: 's_tolerance' },
  {
    keyword: 'scf_type',
    parameter: 'scf_type',
    note: "pk and direct are roothaan's; df, mem_df and disk_df are density fitting (roothaan keeps the fitted tensor in memory or in blocks by its budget); out_of_core and conv are exact integrals, stored or direct as roothaan chooses",
  },
  { keyword: 'df_basis_scf', parameter: 'df_basis_scf' },
  { keyword: 'df_scf_guess', parameter: 'df_scf_guess', note: "Psi4 applies it to scf_type direct only, and by default; roothaan to pk and direct, when asked" },
  { keyword: 'stability_analysis', parameter: 'stability_analysis', note: "Psi4 refuses follow except for UHF, as roothaan does" },
  { keyword: 'follow_step_scale', parameter: 'follow_step_scale' },
  { keyword: 'max_attempts', parameter: 'max_attempts' },
  { keyword: 'soscf', parameter: 'soscf' },
  { keyword: 'soscf_start_convergence', parameter: 'soscf_start_convergence' },
  { keyword: 'soscf_min_iter', parameter: 'soscf_min_iter' },
  { keyword: 'soscf_max_iter', parameter: 'soscf_max_iter' },
  { keyword: 'soscf_conv', parameter: 'soscf_conv' },
  { keyword: 'scf_initial_accelerator', parameter: 'scf_initial_accelerator', note: "Psi4 1.4's name; Psi4's default is adiis, roothaan's none (CDIIS alone)" },
  { keyword: 'scf_initial_start_diis_transition', parameter: 'scf_initial_start_diis_transition' },
  { keyword: 'scf_initial_finish_diis_transition', parameter: 'scf_initial_finish_diis_transition' },
  { keyword: 'mom_start', parameter: 'mom', note: 'with mom_occ and mom_vir, one mom parameter; 0 (Psi4\'s default) is off' },
  { keyword: 'mom_occ', parameter: 'mom' },
  { keyword: 'mom_vir', parameter: 'mom' },
  { keyword: 'frac_start', parameter: 'frac', note: 'with frac_occ and frac_val, one frac parameter; 0 (Psi4\'s default) is off' },
  { keyword: 'frac_occ', parameter: 'frac' },
  { keyword: 'frac_val', parameter: 'frac' },
  { keyword: 'docc', parameter: 'occupations', note: 'roothaan runs in C1: one number, the doubly occupied orbitals; with socc, the occupations held every iteration (RHF, UHF; ROHF takes them from the charge and multiplicity)' },
  { keyword: 'socc', parameter: 'occupations', note: 'roothaan runs in C1: one number, the singly occupied (alpha) orbitals above docc' },
] satisfies Psi4KeywordSpec[]).map((k) => Object.freeze(k)));

/** The keywords that together make one parameter, with the name of their part in it. */
const GROUPED: Readonly<Record<string, { parameter: 'mom' | 'frac' | 'occupations'; part: string }>> = {
  mom_start: { parameter: 'mom', part: 'start' },
  mom_occ: { parameter: 'mom', part: 'occ' },
  mom_vir: { parameter: 'mom', part: 'vir' },
  frac_start: { parameter: 'frac', part: 'start' },
  frac_occ: { parameter: 'frac', part: 'occ' },
  frac_val: { parameter: 'frac', part: 'val' },
  docc: { parameter: 'occupations', part: 'docc' },
  socc: { parameter: 'occupations', part: 'socc' },
};

/**
 * Values of Psi4's `scf_type` that mean exact (not density-fitted) four-index integrals: `pk`
 * and `direct` set roothaan's `scf_type` of the same name; `out_of_core` and `conv` leave it to
 * roothaan (stored when the integrals fit in memory, else direct).
 *
 * @example
 * ```ts
 * EXACT_SCF_TYPES.includes('pk'); // true
 * ```
 */
export const EXACT_SCF_TYPES: readonly string[] = Object.freeze(['pk', 'direct', 'out_of_core', 'conv']);

/**
 * Values of Psi4's `scf_type` that mean density fitting with the Coulomb metric: all set
 * roothaan's `scf_type: 'df'`. Cholesky (`cd`) and the others are refused.
 *
 * @example
 * ```ts
 * DF_SCF_TYPES.includes('mem_df'); // true
 * ```
 */
export const DF_SCF_TYPES: readonly string[] = Object.freeze(['df', 'mem_df', 'disk_df']);

const BY_KEYWORD = new Map(PSI4_KEYWORD_TABLE.map((k) => [k.keyword, k]));

/**
 * Where a keyword stands, for messages: the file, its line and the field path `keywords.<name>`.
 *
 * @example
 * ```ts
 * const where: KeywordLocator = (name) => ({ file: 'ai.json', field: `keywords.${name}` });
 * ```
 */
export type KeywordLocator = (name: string) => ErrorLocation;

/**
 * SCF parameters from AtomicInput keywords (Psi4 names, case-insensitive). Each value is checked
 * with its parameter's rule, and an error names the keyword as written (`keywords.MAXITER`). An
 * unknown keyword, the same keyword twice (in two cases) or an unsupported `scf_type` is an
 * {@link InvalidInputError}.
 *
 * @param keywords the `keywords` object of an AtomicInput.
 * @param where where a keyword stands (default: field `keywords.<name>` alone).
 * @returns the parameters they set (not yet merged with the model's basis).
 * @example
 * ```ts
 * parametersFromKeywords({ maxiter: 5, e_convergence: 8, damping_percentage: 20 });
 * // { max_iteration: 5, convergence: { energy: 1e-8 }, damping: 0.2 }
 * ```
 */
export function parametersFromKeywords(keywords: Readonly<Record<string, unknown>>, where: KeywordLocator = (name) => ({ field: `keywords.${name}` })): ScfParameters {
  const out: Record<string, unknown> = {};
  const convergence: Record<string, unknown> = {};
  const seen = new Map<string, string>();
  const groups: Partial<Record<'mom' | 'frac' | 'occupations', KeywordGroup>> = {};
  for (const [name, value] of Object.entries(keywords)) {
    const keyword = name.toLowerCase();
    const earlier = seen.get(keyword);
    if (earlier !== undefined) throw new InvalidInputError(`the keyword is given twice (also as ${JSON.stringify(earlier)})`, where(name));
    seen.set(keyword, name);
    const spec = BY_KEYWORD.get(keyword);
    if (spec === undefined) {
      const hint = keyword === 'basis' ? '; give the basis set as model.basis' : '';
      throw new InvalidInputError(
        `unknown keyword ${JSON.stringify(name)}${hint} (roothaan understands the Psi4 keywords ${[...BY_KEYWORD.keys()].join(', ')})`,
        where(name),
      );
    }
    const location = where(name);
    const grouped = GROUPED[keyword];
    if (grouped !== undefined) {
      const group = (groups[grouped.parameter] ??= { parts: {}, location });
      group.parts[grouped.part] = { value, location };
      continue;
    }
    let given = value;
    if (keyword === 'scf_initial_accelerator' && typeof value === 'string') given = value.toLowerCase();
    if ((keyword === 'e_convergence' || keyword === 'd_convergence') && typeof value === 'number' && Number.isInteger(value) && value >= 1) {
      given = 10 ** -value; // Psi4's shorthand: an integer n means 10^-n
    }
    if (keyword === 'damping_percentage') {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value >= 100) {
        throw new InvalidInputError(`must be a percentage in [0, 100), got ${JSON.stringify(value)}`, location);
      }
      given = value / 100;
    }
    if (keyword === 'scf_type') {
      const type = typeof value === 'string' ? value.toLowerCase() : undefined;
      if (type === undefined || ![...EXACT_SCF_TYPES, ...DF_SCF_TYPES].includes(type)) {
        throw new InvalidInputError(
          `scf_type ${JSON.stringify(value)} is not supported: roothaan computes exact integrals (scf_type ${EXACT_SCF_TYPES.join(', ')}) or density fitting (${DF_SCF_TYPES.join(', ')})`,
          location,
        );
      }
      if (type === 'out_of_core' || type === 'conv') continue; // exact: roothaan's own choice of pk or direct
      given = DF_SCF_TYPES.includes(type) ? 'df' : type;
    }
    const checked = checkValue(scfParameter(spec.parameter).rule, given, location);
    const [top, sub] = spec.parameter.split('.') as [string, string | undefined];
    if (sub === undefined) out[top] = checked;
    else convergence[sub] = checked;
  }
  if (Object.keys(convergence).length > 0) out['convergence'] = convergence;
  for (const parameter of ['mom', 'frac'] as const) {
    const group = groups[parameter];
    if (group === undefined) continue;
    const value = startedGroup(parameter, group);
    if (value !== undefined) out[parameter] = checkValue(scfParameter(parameter).rule, value, group.location);
  }
  if (groups.occupations !== undefined) {
    const { parts, location } = groups.occupations;
    if (out['reference'] === 'rohf') {
      throw new InvalidInputError('docc/socc with reference rohf: roothaan\'s ROHF occupies N_beta doubly and N_alpha - N_beta singly, from the charge and multiplicity; give those instead', location);
    }
    out['occupations'] = checkValue(scfParameter('occupations').rule, occupationsFromDoccSocc(parts), location);
  }
  return parseScfParameters(out);
}

/** The keywords of one grouped parameter, each with where it stands. */
interface KeywordGroup {
  parts: Record<string, { value: unknown; location: ErrorLocation }>;
  location: ErrorLocation;
}

/**
 * Psi4's mom_start/mom_occ/mom_vir or frac_start/frac_occ/frac_val as one value: undefined when
 * the start is 0 or absent with nothing else given (Psi4's default: off).
 */
function startedGroup(parameter: 'mom' | 'frac', group: KeywordGroup): Record<string, unknown> | undefined {
  const names = parameter === 'mom' ? ['start', 'occ', 'vir'] : ['start', 'occ', 'val'];
  const start = group.parts['start'];
  if (start === undefined || start.value === 0) {
    const other = names.slice(1).find((n) => group.parts[n] !== undefined);
    if (other === undefined) return undefined;
    throw new InvalidInputError(`${parameter}_${other} needs ${parameter}_start, the iteration where ${parameter === 'mom' ? 'MOM' : 'FRAC'} begins (1 or more)`, group.parts[other]!.location);
  }
  const missing = names.find((n) => group.parts[n] === undefined);
  if (missing !== undefined) throw new InvalidInputError(`${parameter}_start needs ${parameter}_${missing} too`, start.location);
  return Object.fromEntries(names.map((n) => [n, group.parts[n]!.value]));
}

/** One number of docc or socc: roothaan runs in C1, so Psi4's per-irrep list has one entry. */
function c1Count(part: { value: unknown; location: ErrorLocation } | undefined, name: string): number {
  if (part === undefined) return 0;
  const list = Array.isArray(part.value) ? part.value : [part.value];
  const n = list[0];
  if (list.length !== 1 || typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new InvalidInputError(`${name} must be one non-negative integer (roothaan runs without symmetry, in C1, which has one irrep), got ${JSON.stringify(part.value)}`, part.location);
  }
  return n;
}

/** Psi4's docc/socc in C1: alpha occupies the lowest docc + socc orbitals, beta the lowest docc. */
function occupationsFromDoccSocc(parts: KeywordGroup['parts']): { alpha: number[]; beta: number[] } {
  const docc = c1Count(parts['docc'], 'docc');
  const socc = c1Count(parts['socc'], 'socc');
  const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
  return { alpha: range(docc + socc), beta: range(docc) };
}
