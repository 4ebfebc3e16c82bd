/**
 * The occupation options of an SCF — explicit occupations, MOM/IMOM and Fermi smearing — their
 * shapes, their compact text forms (`--occupations`, `--mom`, `--smearing`) and their checks:
 * the shape when parameters are parsed, the electron counts and orbital ranges once the molecule
 * and basis are known ({@link checkOccupationChoice}).
 *
 * @packageDocumentation
 */
import { InvalidInputError, type ErrorLocation } from '../errors';
import type { Reference } from './problem';

/**
 * Occupied orbitals per spin, by **0-based** index in orbital-energy order (as PySCF's `mo_occ`
 * positions): held at every iteration, whatever the orbital energies do. RHF: `alpha` (and
 * `beta`, if given, the same set) are the doubly occupied orbitals. Text form:
 * `alpha:0-3,5;beta:0-4` (or just `0-3,5` for both spins).
 *
 * @example
 * ```ts
 * const occ: ExplicitOccupations = { alpha: [0, 1, 2, 3, 5], beta: [0, 1, 2, 3, 4] };
 * ```
 */
export interface ExplicitOccupations {
  readonly alpha: readonly number[];
  readonly beta?: readonly number[];
}

/**
 * The maximum overlap method (Gilbert, Besley & Gill, J. Phys. Chem. A 112, 13164 (2008),
 * doi:10.1021/jp801738f) with Psi4's option names: the ground state iterates with aufbau
 * occupations up to iteration `start` (Psi4 `mom_start`); there occupied orbital `occ[k]` and
 * virtual `vir[k]` swap (Psi4 `mom_occ`/`mom_vir`: **1-based** in energy order, positive alpha,
 * negative beta; RHF moves both electrons), DIIS restarts, and from then on each spin occupies the
 * orbitals of largest projection onto a reference occupied space. `type` 'imom' (default): the
 * reference is fixed at the orbitals right after the swap; 'mom': the previous iteration's.
 * Text form: `start=20;occ=5;vir=6;type=imom`.
 *
 * @example
 * ```ts
 * const mom: MomOptions = { start: 20, occ: [5], vir: [6] };
 * ```
 */
export interface MomOptions {
  readonly start: number;
  readonly occ: readonly number[];
  readonly vir: readonly number[];
  readonly type?: 'mom' | 'imom';
}

/**
 * Fermi–Dirac smearing: n_i = 1/(1 + exp((ε_i − μ)/k_B T)) per spin (RHF: twice that), μ such
 * that Σ n_i = N_σ. `temperature` in **kelvin** (k_B = 3.1668115634556e-6 Eh/K). Text form:
 * `fermi:5000`.
 *
 * @example
 * ```ts
 * const smearing: SmearingOptions = { method: 'fermi', temperature: 5000 };
 * ```
 */
export interface SmearingOptions {
  readonly method: 'fermi';
  readonly temperature: number;
}

const fail = (message: string, location: ErrorLocation): never => {
  throw new InvalidInputError(message, location);
};

function sub(location: ErrorLocation, name: string): ErrorLocation {
  return { ...location, field: `${location.field ?? ''}.${name}` };
}

function parseJsonText(text: string, location: ErrorLocation): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fail(`is not valid JSON: ${text}`, location);
  }
}

function integerList(value: unknown, location: ErrorLocation, what: string): number[] {
  if (!Array.isArray(value)) return fail(`must be an array of ${what}, got ${typeof value}`, location);
  for (const v of value) {
    if (typeof v !== 'number' || !Number.isInteger(v)) fail(`must be an array of ${what}, got ${JSON.stringify(v)}`, location);
  }
  return [...(value as number[])];
}

/** `0-3,5` → [0, 1, 2, 3, 5]. */
function parseRanges(text: string, location: ErrorLocation): number[] {
  const out: number[] = [];
  for (const part of text.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (m === null) return fail(`cannot read ${JSON.stringify(part)}: use indices and ranges like 0-3,5`, location);
    const lo = Number(m[1]), hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo) fail(`range ${part} runs backwards`, location);
    for (let i = lo; i <= hi; i++) out.push(i);
  }
  return out;
}

function checkIndexSet(list: number[], location: ErrorLocation): number[] {
  const seen = new Set<number>();
  for (const i of list) {
    if (i < 0) fail(`orbital indices are 0-based and non-negative, got ${i}`, location);
    if (seen.has(i)) fail(`orbital ${i} is listed twice`, location);
    seen.add(i);
  }
  return [...list].sort((a, b) => a - b);
}

/**
 * Checks the shape of explicit occupations (an object or its text form) and returns them with
 * sorted index lists. Counts and ranges need the molecule: {@link checkOccupationChoice}.
 *
 * @example
 * ```ts
 * parseOccupations('alpha:0-3,5;beta:0-4', { field: 'occupations' }); // { alpha: [0, 1, 2, 3, 5], beta: [0, 1, 2, 3, 4] }
 * ```
 */
export function parseOccupations(value: unknown, location: ErrorLocation): ExplicitOccupations {
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('{')) return parseOccupations(parseJsonText(text, location), location);
    const parts = text.split(';').map((s) => s.trim()).filter((s) => s !== '');
    const spins: Record<string, number[]> = {};
    for (const part of parts) {
      const m = /^(alpha|beta)\s*:(.*)$/i.exec(part);
      if (m === null && parts.length === 1) return parseOccupations({ alpha: parseRanges(part, location) }, location);
      if (m === null) return fail(`cannot read ${JSON.stringify(part)}: use alpha:0-3,5;beta:0-4`, location);
      spins[m[1]!.toLowerCase()] = parseRanges(m[2]!, sub(location, m[1]!.toLowerCase()));
    }
    return parseOccupations(spins, location);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail('must be an object like {"alpha": [0, 1, 2, 3, 5], "beta": [0, 1, 2, 3, 4]} or text like alpha:0-3,5;beta:0-4', location);
  }
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) if (key !== 'alpha' && key !== 'beta') fail(`unknown spin ${JSON.stringify(key)} (allowed: alpha, beta)`, sub(location, key));
  if (v['alpha'] === undefined) fail('needs the alpha occupied orbitals (0-based indices)', sub(location, 'alpha'));
  const alpha = checkIndexSet(integerList(v['alpha'], sub(location, 'alpha'), 'orbital indices'), sub(location, 'alpha'));
  if (v['beta'] === undefined) return Object.freeze({ alpha });
  const beta = checkIndexSet(integerList(v['beta'], sub(location, 'beta'), 'orbital indices'), sub(location, 'beta'));
  return Object.freeze({ alpha, beta });
}

/**
 * Checks the shape of MOM options (an object or its text form) and returns them.
 *
 * @example
 * ```ts
 * parseMom('start=20;occ=5;vir=6', { field: 'mom' }); // { start: 20, occ: [5], vir: [6], type: 'imom' }
 * ```
 */
export function parseMom(value: unknown, location: ErrorLocation): MomOptions {
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('{')) return parseMom(parseJsonText(text, location), location);
    const out: Record<string, unknown> = {};
    for (const part of text.split(';').map((s) => s.trim()).filter((s) => s !== '')) {
      const m = /^(\w+)\s*=\s*(.*)$/.exec(part);
      if (m === null) return fail(`cannot read ${JSON.stringify(part)}: use start=20;occ=5;vir=6;type=imom`, location);
      const key = m[1]!.toLowerCase(), val = m[2]!.trim();
      if (key === 'occ' || key === 'vir') {
        out[key] = val.split(',').map((s) => (/^[+-]?\d+$/.test(s.trim()) ? Number(s.trim()) : fail(`cannot read ${JSON.stringify(s)} as a signed orbital number`, sub(location, key))));
      } else if (key === 'start') out[key] = /^\d+$/.test(val) ? Number(val) : val;
      else out[key] = val;
    }
    return parseMom(out, location);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail('must be an object like {"start": 20, "occ": [5], "vir": [6]} or text like start=20;occ=5;vir=6', location);
  }
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) if (!['start', 'occ', 'vir', 'type'].includes(key)) fail(`unknown MOM option ${JSON.stringify(key)} (allowed: start, occ, vir, type)`, sub(location, key));
  const start = v['start'];
  if (typeof start !== 'number' || !Number.isInteger(start) || start < 1 || start > 10000) {
    fail(`must be an integer in [1, 10000] (the iteration of the swap, Psi4's mom_start), got ${JSON.stringify(start)}`, sub(location, 'start'));
  }
  const occ = integerList(v['occ'], sub(location, 'occ'), '1-based signed orbital numbers (Psi4 mom_occ)');
  const vir = integerList(v['vir'], sub(location, 'vir'), '1-based signed orbital numbers (Psi4 mom_vir)');
  if (occ.length === 0) fail('needs at least one orbital to excite from', sub(location, 'occ'));
  if (occ.length !== vir.length) fail(`lists ${vir.length} orbitals but occ lists ${occ.length}; they pair up one to one`, sub(location, 'vir'));
  for (const [name, list] of [['occ', occ], ['vir', vir]] as const) {
    if (list.includes(0)) fail('orbital numbers are 1-based (positive alpha, negative beta); 0 is none', sub(location, name));
    if (new Set(list).size !== list.length) fail('lists an orbital twice', sub(location, name));
  }
  occ.forEach((o, k) => {
    if (Math.sign(o) !== Math.sign(vir[k]!)) fail(`pair ${k + 1} moves an electron between spins (${o} → ${vir[k]}); both must be alpha (+) or beta (−)`, sub(location, 'vir'));
  });
  const type = v['type'] ?? 'imom';
  if (type !== 'mom' && type !== 'imom') fail(`must be "mom" or "imom", got ${JSON.stringify(type)}`, sub(location, 'type'));
  return Object.freeze({ start: start as number, occ, vir, type: type as 'mom' | 'imom' });
}

/**
 * Psi4's fractional occupation (FRAC, UHF): from iteration `start` on (Psi4 `frac_start`), orbital
 * |occ[k]| (Psi4 `frac_occ`: **1-based** in energy order, positive alpha, negative beta) holds
 * `val[k]` electrons (Psi4 `frac_val`, in [0, 1]) and the other aufbau orbitals one each. An
 * orbital just above the aufbau count (N_σ + 1) is added with its fraction. Text form:
 * `start=20;occ=5;val=0.5`.
 *
 * @example
 * ```ts
 * const frac: FracOptions = { start: 20, occ: [5], val: [0.5] };
 * ```
 */
export interface FracOptions {
  readonly start: number;
  readonly occ: readonly number[];
  readonly val: readonly number[];
}

/**
 * Checks the shape of FRAC options (an object or its text form) and returns them.
 *
 * @example
 * ```ts
 * parseFrac('start=20;occ=5;val=0.5', { field: 'frac' }); // { start: 20, occ: [5], val: [0.5] }
 * ```
 */
export function parseFrac(value: unknown, location: ErrorLocation): FracOptions {
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('{')) return parseFrac(parseJsonText(text, location), location);
    const out: Record<string, unknown> = {};
    for (const part of text.split(';').map((s) => s.trim()).filter((s) => s !== '')) {
      const m = /^(\w+)\s*=\s*(.*)$/.exec(part);
      if (m === null) return fail(`cannot read ${JSON.stringify(part)}: use start=20;occ=5;val=0.5`, location);
      const key = m[1]!.toLowerCase(), val = m[2]!.trim();
      const num = (s: string): unknown => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s);
      out[key] = key === 'occ' || key === 'val' ? val.split(',').map(num) : num(val);
    }
    return parseFrac(out, location);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail('must be an object like {"start": 20, "occ": [5], "val": [0.5]} or text like start=20;occ=5;val=0.5', location);
  }
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) if (!['start', 'occ', 'val'].includes(key)) fail(`unknown FRAC option ${JSON.stringify(key)} (allowed: start, occ, val)`, sub(location, key));
  const start = v['start'];
  if (typeof start !== 'number' || !Number.isInteger(start) || start < 1 || start > 10000) {
    fail(`must be an integer in [1, 10000] (the first fractional iteration, Psi4's frac_start), got ${JSON.stringify(start)}`, sub(location, 'start'));
  }
  const occ = integerList(v['occ'], sub(location, 'occ'), '1-based signed orbital numbers (Psi4 frac_occ)');
  if (occ.length === 0) fail('needs at least one orbital', sub(location, 'occ'));
  if (occ.includes(0)) fail('orbital numbers are 1-based (positive alpha, negative beta); 0 is none', sub(location, 'occ'));
  if (new Set(occ).size !== occ.length) fail('lists an orbital twice', sub(location, 'occ'));
  const val = v['val'];
  if (!Array.isArray(val) || val.length !== occ.length || val.some((x) => typeof x !== 'number' || !(x >= 0 && x <= 1))) {
    fail(`must be ${occ.length} occupation${occ.length === 1 ? '' : 's'} in [0, 1] (one per frac_occ orbital), got ${JSON.stringify(val)}`, sub(location, 'val'));
  }
  return Object.freeze({ start: start as number, occ, val: [...(val as number[])] });
}

/** Boltzmann's constant in hartree per kelvin (CODATA 2018: 3.1668115634556e-6 Eh/K). */
export const BOLTZMANN_HARTREE_PER_KELVIN = 3.1668115634556e-6;

/**
 * Checks the shape of smearing options (an object or `fermi:<kelvin>`) and returns them.
 *
 * @example
 * ```ts
 * parseSmearing('fermi:5000', { field: 'smearing' }); // { method: 'fermi', temperature: 5000 }
 * ```
 */
export function parseSmearing(value: unknown, location: ErrorLocation): SmearingOptions {
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('{')) return parseSmearing(parseJsonText(text, location), location);
    const m = /^(\w+)\s*:\s*(.*)$/.exec(text);
    if (m === null) return fail(`cannot read ${JSON.stringify(text)}: use fermi:<temperature in kelvin>, e.g. fermi:5000`, location);
    const t = Number(m[2]);
    return parseSmearing({ method: m[1]!.toLowerCase(), temperature: m[2]!.trim() === '' || Number.isNaN(t) ? m[2] : t }, location);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail('must be an object like {"method": "fermi", "temperature": 5000} (kelvin) or text like fermi:5000', location);
  }
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) if (key !== 'method' && key !== 'temperature') fail(`unknown smearing option ${JSON.stringify(key)} (allowed: method, temperature)`, sub(location, key));
  if (v['method'] !== 'fermi') fail(`must be "fermi" (Fermi–Dirac occupations), got ${JSON.stringify(v['method'])}`, sub(location, 'method'));
  const t = v['temperature'];
  if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0 || t > 1e6) {
    fail(`must be a number in (0, 1e6] kelvin, got ${JSON.stringify(t)}`, sub(location, 'temperature'));
  }
  return Object.freeze({ method: 'fermi', temperature: t as number });
}

/**
 * The occupation keys of checked parameters or options (their values already parsed).
 *
 * @example
 * ```ts
 * const choice: OccupationChoiceInput = { mom: { start: 20, occ: [5], vir: [6] } };
 * ```
 */
export interface OccupationChoiceInput {
  readonly occupations?: ExplicitOccupations;
  readonly mom?: MomOptions;
  readonly smearing?: SmearingOptions;
  readonly frac?: FracOptions;
}

/** What {@link checkOccupationChoice} checks against. */
export interface OccupationSystem {
  readonly reference: Reference;
  readonly nalpha: number;
  readonly nbeta: number;
  /** Orbitals available (basis functions, or orbitals kept by the orthogonaliser). */
  readonly nmo: number;
}

/**
 * Checks occupation options against the system: at most one of `occupations`, `mom`,
 * `smearing`; not with ROHF; explicit occupations count N_α and N_β electrons, lie below `nmo`,
 * and are the same for both spins under RHF; MOM swaps move an electron from an occupied
 * (aufbau) orbital to a virtual one within range, positive only for RHF. `fields` names the
 * spelling the caller used for each key. Throws an InvalidInputError naming the field.
 *
 * @example
 * ```ts
 * checkOccupationChoice({ occupations: { alpha: [0, 1, 2, 3, 5] } }, { reference: 'rhf', nalpha: 5, nbeta: 5, nmo: 7 }); // fine
 * ```
 */
export function checkOccupationChoice(
  choice: OccupationChoiceInput,
  system: OccupationSystem,
  fields: (key: 'occupations' | 'mom' | 'smearing' | 'frac') => ErrorLocation = (key) => ({ field: key }),
): void {
  const given = (['occupations', 'mom', 'smearing', 'frac'] as const).filter((k) => choice[k] !== undefined);
  if (given.length === 0) return;
  if (given.length > 1) fail(`cannot be combined with ${given.slice(1).join(' and ')}: choose one occupation method`, fields(given[0]!));
  const key = given[0]!;
  const { reference, nalpha, nbeta, nmo } = system;
  if (reference === 'rohf') fail('applies to RHF and UHF; ROHF fixes its own docc/socc occupations', fields(key));
  const occ = choice.occupations;
  if (occ !== undefined) {
    const at = (spin: string): ErrorLocation => sub(fields('occupations'), spin);
    const beta = occ.beta ?? (reference === 'rhf' ? occ.alpha : undefined);
    if (beta === undefined) fail('UHF needs the beta occupied orbitals too', at('beta'));
    for (const [spin, list, n] of [['alpha', occ.alpha, nalpha], ['beta', beta!, nbeta]] as const) {
      if (list.length !== n) {
        fail(`lists ${list.length} occupied orbitals, but this system has ${n} ${spin} electrons (charge and multiplicity give N_α=${nalpha}, N_β=${nbeta})`, at(spin));
      }
      const out = list.find((i) => i >= nmo);
      if (out !== undefined) fail(`orbital ${out} is out of range: there are ${nmo} orbitals, 0-based 0…${nmo - 1}`, at(spin));
    }
    if (reference === 'rhf' && occ.alpha.some((v, i) => v !== beta![i])) {
      fail('RHF occupies the same orbitals for both spins; give equal alpha and beta lists or use reference uhf', at('beta'));
    }
  }
  const mom = choice.mom;
  if (mom !== undefined) {
    const at = (name: string): ErrorLocation => sub(fields('mom'), name);
    mom.occ.forEach((o, k) => {
      const a = mom.vir[k]!;
      if (reference === 'rhf' && o < 0) fail('RHF excites both spins at once; give positive orbital numbers (or use reference uhf)', at('occ'));
      const n = o > 0 ? nalpha : nbeta;
      const spin = o > 0 ? 'alpha' : 'beta';
      if (Math.abs(o) > n) fail(`orbital ${o} is not occupied: the ground state occupies ${spin} orbitals 1…${n}`, at('occ'));
      if (Math.abs(a) <= n || Math.abs(a) > nmo) fail(`orbital ${a} is not virtual: ${spin} virtuals are ${n + 1}…${nmo}`, at('vir'));
    });
  }
  const frac = choice.frac;
  if (frac !== undefined) {
    const at = sub(fields('frac'), 'occ');
    if (reference !== 'uhf') fail('fractional occupation (as Psi4 1.3.2) needs reference uhf', fields('frac'));
    for (const o of frac.occ) {
      const n = o > 0 ? nalpha : nbeta;
      if (Math.abs(o) > Math.min(n + 1, nmo)) fail(`orbital ${o} is neither occupied nor the next one up: ${o > 0 ? 'alpha' : 'beta'} orbitals 1…${Math.min(n + 1, nmo)} may be fractional`, at);
    }
  }
}
