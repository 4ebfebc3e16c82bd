/**
 * The occupation step of an SCF iteration: which orbitals the new density occupies. Each method
 * is its own step function — aufbau, fixed (explicit occupations), MOM/IMOM, Fermi smearing —
 * and {@link occupationStepper} composes the one the options choose for the iterator, keeping
 * what it needs between iterations (the MOM reference) and describing each step in an
 * {@link OccupationRecord}.
 *
 * @packageDocumentation
 */
import type { Matrix } from '../linalg';
import { aufbauOccupations, densityFromOrbitals } from './density';
import { maxOverlapOccupations, swappedOccupations } from './mom';
import { BOLTZMANN_HARTREE_PER_KELVIN, type ExplicitOccupations, type FracOptions, type MomOptions, type SmearingOptions } from './occupation-options';
import type { Orbitals } from './orbitals';
import { fermiOccupations } from './smearing';

/**
 * Which occupation step ran: 'aufbau' (lowest orbitals), 'fixed' (explicit occupations),
 * 'mom' / 'imom' (maximum overlap with the previous / the initial excited orbitals), 'fermi',
 * 'frac' (Psi4's fractional occupation of chosen orbitals).
 *
 * @example
 * ```ts
 * const method: OccupationMethod = record.occupation.method;
 * ```
 */
export type OccupationMethod = 'aufbau' | 'fixed' | 'mom' | 'imom' | 'fermi' | 'frac';

/**
 * What the occupation step of one iteration did, in every iteration record.
 *
 * @example
 * ```ts
 * record.occupation; // { method: 'imom', occupied: [[0, 1, 2, 3, 5]], minOverlap: 0.99 }
 * ```
 */
export interface OccupationRecord {
  readonly method: OccupationMethod;
  /** Occupied orbitals (occupation > 1e-8), 0-based in this iteration's energy order, one list per spin (RHF: one). */
  readonly occupied: readonly (readonly number[])[];
  /** MOM: this is the iteration that swapped the orbitals (`mom.start`); DIIS restarted after it. */
  readonly swapped?: boolean;
  /** MOM/IMOM after the swap: the smallest projection p_j of a chosen orbital onto the reference (1 = fully inside). */
  readonly minOverlap?: number;
  /** Fermi: the Fermi level μ per spin, hartree. */
  readonly fermiLevel?: readonly number[];
  /** Fermi: the entropy −Σ[f ln f + (1−f) ln(1−f)] summed over spins (units of k_B); −kT·entropy is the Mermin free-energy term. */
  readonly entropy?: number;
}

/** The occupation options the stepper follows (at most one; checked before). */
export interface OccupationChoice {
  readonly occupations?: ExplicitOccupations;
  readonly mom?: MomOptions;
  readonly smearing?: SmearingOptions;
  readonly frac?: FracOptions;
}

/** One occupation step: the occupations per spin and the record. */
export interface OccupationStep {
  readonly occupations: Float64Array[];
  readonly record: OccupationRecord;
  /** MOM swap: restart DIIS (its history pulls towards the ground state). */
  readonly restartDiis: boolean;
}

function occupiedOf(occ: Float64Array): number[] {
  const out: number[] = [];
  occ.forEach((v, i) => { if (v > 1e-8) out.push(i); });
  return out;
}

/**
 * The aufbau step: the lowest N_σ orbitals of each spin.
 *
 * @example
 * ```ts
 * aufbauStep(7, [5], 2).record.occupied; // [[0, 1, 2, 3, 4]]
 * ```
 */
export function aufbauStep(nmo: number, counts: readonly number[], value: number): OccupationStep {
  const occupations = counts.map((n) => aufbauOccupations(nmo, n, value));
  return { occupations, record: { method: 'aufbau', occupied: occupations.map(occupiedOf) }, restartDiis: false };
}

/**
 * The fixed step: the explicitly chosen orbitals (0-based, energy order) of each spin.
 *
 * @example
 * ```ts
 * fixedStep(7, [[0, 1, 2, 3, 5]], 2).record.occupied; // [[0, 1, 2, 3, 5]]
 * ```
 */
export function fixedStep(nmo: number, lists: readonly (readonly number[])[], value: number): OccupationStep {
  const occupations = lists.map((list) => {
    const occ = new Float64Array(nmo);
    for (const i of list) occ[i] = value;
    return occ;
  });
  return { occupations, record: { method: 'fixed', occupied: lists.map((l) => [...l]) }, restartDiis: false };
}

/**
 * The MOM step after the swap: per spin, the N_σ orbitals of largest projection onto the
 * reference spin densities (see {@link maxOverlapOccupations}).
 *
 * @example
 * ```ts
 * const step = momStep('imom', [scf.diagonalizeFock(F, X)], S, [D], [5], 2); // D: the reference spin density
 * ```
 */
export function momStep(method: 'mom' | 'imom', orbitals: readonly Orbitals[], S: Matrix, references: readonly Matrix[], counts: readonly number[], value: number): OccupationStep {
  const chosen = orbitals.map((o, s) => maxOverlapOccupations(o.coefficients, S, references[s]!, counts[s]!, value));
  const minOverlap = Math.min(...chosen.flatMap((c) => c.overlaps), 1);
  return { occupations: chosen.map((c) => c.occupations), record: { method, occupied: chosen.map((c) => c.occupied), minOverlap }, restartDiis: false };
}

/**
 * The Fermi step: Fermi–Dirac occupations of each spin at `temperature` kelvin (see
 * {@link fermiOccupations}).
 *
 * @example
 * ```ts
 * fermiStep([scf.diagonalizeFock(F, X)], [5], 2, 5000).record.fermiLevel; // [μ in hartree]
 * ```
 */
export function fermiStep(orbitals: readonly Orbitals[], counts: readonly number[], value: number, temperature: number): OccupationStep {
  const kT = BOLTZMANN_HARTREE_PER_KELVIN * temperature;
  const f = orbitals.map((o, s) => fermiOccupations(o.energies, counts[s]!, kT, value));
  const occupations = f.map((x) => x.occupations);
  return {
    occupations,
    record: { method: 'fermi', occupied: occupations.map(occupiedOf), fermiLevel: f.map((x) => x.fermiLevel), entropy: f.reduce((a, x) => a + x.entropy, 0) },
    restartDiis: false,
  };
}

/**
 * The FRAC step (UHF): aufbau with orbital |occ[k]| of its spin (1-based, + alpha, − beta) holding
 * `val[k]`; an orbital just above the aufbau count is added with its fraction.
 *
 * @example
 * ```ts
 * Array.from(fracStep(7, [5, 5], { start: 1, occ: [6], val: [0.5] }).occupations[0]); // [1, 1, 1, 1, 1, 0.5, 0]
 * ```
 */
export function fracStep(nmo: number, counts: readonly number[], frac: FracOptions): OccupationStep {
  const occupations = counts.map((n) => aufbauOccupations(nmo, n, 1));
  frac.occ.forEach((o, k) => { occupations[o > 0 ? 0 : 1]![Math.abs(o) - 1] = frac.val[k]!; });
  return { occupations, record: { method: 'frac', occupied: occupations.map(occupiedOf) }, restartDiis: false };
}

/** The occupation state an iterator keeps, and its steps. */
export interface OccupationStepper {
  /** The occupations of iteration `iteration`'s new density from its orbitals. */
  step(iteration: number, orbitals: readonly Orbitals[]): OccupationStep;
  /** The occupations of the final canonical orbitals (MOM: by overlap with the last density's occupied space). */
  final(orbitals: readonly Orbitals[]): Float64Array[];
  /** False while a MOM run has not reached its swap: the ground state must not end the run. */
  mayConverge(iteration: number): boolean;
}

/**
 * Composes the occupation step the options choose. `nspin` 1 (RHF: occupation 2) or 2 (UHF).
 * A run resumed after a MOM swap (`resumeAfter` ≥ `mom.start`) takes the resumed spin densities
 * as its reference (for IMOM the reference then restarts there).
 *
 * @example
 * ```ts
 * const stepper = occupationStepper({ mom: { start: 20, occ: [5], vir: [6] } }, 2, 19, [5, 5], S);
 * ```
 */
export function occupationStepper(
  choice: OccupationChoice,
  nspin: 1 | 2,
  nmo: number,
  counts: readonly number[],
  S: Matrix,
  resume?: { readonly iteration: number; readonly spinDensities: readonly Matrix[] },
): OccupationStepper {
  const value = nspin === 1 ? 2 : 1;
  const { occupations: fixed, mom, smearing, frac } = choice;
  let references: Matrix[] | undefined;
  if (mom !== undefined && resume !== undefined && resume.iteration > mom.start) references = [...resume.spinDensities];
  const spinDensitiesOf = (orbitals: readonly Orbitals[], occ: readonly Float64Array[]): Matrix[] =>
    orbitals.map((o, s) => densityFromOrbitals(o.coefficients, occ[s]!.map((v) => v / value)));
  const step = (iteration: number, orbitals: readonly Orbitals[]): OccupationStep => {
    if (fixed !== undefined) {
      const lists = nspin === 1 ? [fixed.alpha] : [fixed.alpha, fixed.beta ?? fixed.alpha];
      return fixedStep(nmo, lists, value);
    }
    if (smearing !== undefined) return fermiStep(orbitals, counts, value, smearing.temperature);
    if (frac !== undefined && !(iteration < frac.start)) return fracStep(nmo, counts, frac);
    if (mom !== undefined && iteration === mom.start) {
      const occupations = counts.map((n, s) => {
        const pairs = mom.occ.map((o, k) => [o, mom.vir[k]!] as const).filter(([o]) => nspin === 1 || (s === 0 ? o > 0 : o < 0));
        return swappedOccupations(nmo, n, value, pairs.map(([o]) => Math.abs(o) - 1), pairs.map(([, a]) => Math.abs(a) - 1));
      });
      references = spinDensitiesOf(orbitals, occupations);
      return { occupations, record: { method: mom.type ?? 'imom', occupied: occupations.map(occupiedOf), swapped: true }, restartDiis: true };
    }
    if (mom !== undefined && references !== undefined && iteration > mom.start) {
      const s = momStep(mom.type ?? 'imom', orbitals, S, references, counts, value);
      if (mom.type === 'mom') references = spinDensitiesOf(orbitals, s.occupations);
      return s;
    }
    return aufbauStep(nmo, counts, value);
  };
  let lastSpinDensities: Matrix[] | undefined;
  let lastWasFrac = false;
  return {
    step(iteration, orbitals) {
      const out = step(iteration, orbitals);
      // MOM: the occupied space of this new density, which the final canonical orbitals must span.
      lastWasFrac = out.record.method === 'frac';
      lastSpinDensities = mom !== undefined && out.record.method !== 'aufbau' ? spinDensitiesOf(orbitals, out.occupations) : undefined;
      return out;
    },
    final(orbitals) {
      if (fixed !== undefined || smearing !== undefined || (frac !== undefined && lastWasFrac)) return step(Number.NaN, orbitals).occupations;
      if (lastSpinDensities !== undefined) return momStep('mom', orbitals, S, lastSpinDensities, counts, value).occupations;
      return aufbauStep(nmo, counts, value).occupations;
    },
    mayConverge(iteration) {
      return (mom === undefined || iteration > mom.start) && (frac === undefined || iteration > frac.start);
    },
  };
}

/**
 * An occupation record with snake_case keys, as `roothaan run --json` and the stored iteration
 * events carry it.
 *
 * @example
 * ```ts
 * occupationJson({ method: 'imom', occupied: [[0, 1, 2, 3, 5]], minOverlap: 0.97 });
 * // { method: 'imom', occupied: [[0, 1, 2, 3, 5]], min_overlap: 0.97 }
 * ```
 */
export function occupationJson(r: OccupationRecord): Record<string, unknown> {
  return {
    method: r.method,
    occupied: r.occupied.map((l) => [...l]),
    ...(r.swapped !== undefined && { swapped: r.swapped }),
    ...(r.minOverlap !== undefined && { min_overlap: r.minOverlap }),
    ...(r.fermiLevel !== undefined && { fermi_level: [...r.fermiLevel] }),
    ...(r.entropy !== undefined && { entropy: r.entropy }),
  };
}
