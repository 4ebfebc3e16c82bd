/**
 * Fragments of a molecule, as Psi4 writes them (`--` between fragments, each with its own
 * optional `charge multiplicity` line), and the rule that combines their charges and
 * multiplicities into the molecule's.
 */
import { InvalidInputError } from '../errors';
import type { ErrorLocation } from '../errors';
import { checkChargeAndMultiplicity } from './validation';
import type { Atom } from './types';

/**
 * One fragment of a molecule: which atoms (0-based indices, consecutive, in order), and its own
 * charge and multiplicity.
 *
 * @example
 * ```ts
 * const donor: MoleculeFragment = { atoms: [0, 1, 2], charge: 0, multiplicity: 1 };
 * ```
 */
export interface MoleculeFragment {
  /** The atoms of the fragment, 0-based indices into the molecule's atoms, consecutive and ascending. */
  readonly atoms: readonly number[];
  /** The fragment's charge in units of e. */
  readonly charge: number;
  /** The fragment's spin multiplicity 2S + 1. */
  readonly multiplicity: number;
}

/**
 * A fragment as given: its atoms and, optionally, its charge (default 0) and multiplicity
 * (default 1 for an even number of electrons, 2 for odd).
 *
 * @example
 * ```ts
 * const f: FragmentInit = { atoms: [3, 4, 5] };
 * ```
 */
export interface FragmentInit {
  /** 0-based atom indices, consecutive and ascending; the fragments together cover every atom once, in order. */
  readonly atoms: readonly number[];
  /** Charge in units of e (default 0). */
  readonly charge?: number;
  /** Spin multiplicity 2S + 1 (default by parity). */
  readonly multiplicity?: number;
  /** Where the fragment's `charge multiplicity` line was, for messages. */
  readonly where?: { readonly charge: ErrorLocation; readonly multiplicity: ErrorLocation };
}

/**
 * The multiplicity of fragments combined high-spin, as Psi4 (QCDB's `validate_and_fill_chgmult`)
 * does when the molecule's own is not given: every fragment's unpaired electrons parallel,
 * S = Σ S_i, so M = 2S + 1 = 1 + Σ (M_i − 1).
 *
 * @example
 * ```ts
 * highSpinMultiplicity([2, 2]); // 3 (two doublet radicals → a triplet)
 * ```
 */
export function highSpinMultiplicity(multiplicities: readonly number[]): number {
  let m = 1;
  for (const mi of multiplicities) m += mi - 1;
  return m;
}

/**
 * Checks fragments against the atoms (they must cover every atom once, in order, each fragment a
 * consecutive run) and fills in each fragment's charge and multiplicity. Ghost atoms (Z = 0)
 * bring no electrons to their fragment.
 *
 * @param atoms the molecule's atoms (Z = 0 for ghosts).
 * @param fragments the fragments as given.
 * @param file the file name for messages.
 * @throws InvalidInputError for fragments that do not partition the atoms, or an impossible
 *   fragment charge or multiplicity.
 * @example
 * ```ts
 * resolveFragments(atoms, [{ atoms: [0, 1, 2] }, { atoms: [3, 4, 5] }], 'dimer.zmat'); // two neutral singlets
 * ```
 */
export function resolveFragments(atoms: readonly Atom[], fragments: readonly FragmentInit[], file: string): MoleculeFragment[] {
  let next = 0;
  const resolved = fragments.map((f, k) => {
    const where = (field: string): ErrorLocation => ({ file, field: `fragment ${k + 1} ${field}` });
    if (f.atoms.length === 0) throw new InvalidInputError('a fragment needs at least one atom', where('atoms'));
    f.atoms.forEach((a, i) => {
      if (a !== next + i) {
        throw new InvalidInputError(
          `fragments must list the atoms in order, each fragment a consecutive run; expected atom index ${next + i}, got ${a}`,
          where('atoms'),
        );
      }
    });
    next += f.atoms.length;
    let nuclearCharge = 0;
    for (const a of f.atoms) nuclearCharge += atoms[a]?.Z ?? 0;
    const checked = checkChargeAndMultiplicity(nuclearCharge, f.charge ?? 0, f.multiplicity, f.where ?? { charge: where('charge'), multiplicity: where('multiplicity') });
    return Object.freeze({ atoms: Object.freeze([...f.atoms]), charge: checked.charge, multiplicity: checked.multiplicity });
  });
  if (next !== atoms.length) {
    throw new InvalidInputError(`the fragments cover ${next} of the ${atoms.length} atoms; every atom must be in one fragment`, { file, field: 'fragments' });
  }
  return resolved;
}
