/**
 * Fragment subsets of a molecule, as Psi4's `Molecule.extract_subsets`: some fragments real,
 * others as ghosts, the rest left out. The counterpoise correction is built from these.
 */
import { InvalidInputError } from '../errors';
import { Molecule } from './molecule';
import type { Atom } from './types';

/**
 * The molecule made of the `real` fragments, with the `ghost` fragments as ghost atoms (basis
 * functions only) and every other fragment left out, as Psi4's `extract_subsets(real, ghost)`.
 * Fragments are numbered from 1, as in Psi4. The result's charge is the sum of the real
 * fragments' charges and its multiplicity their high-spin combination; atoms keep their order.
 *
 * @param molecule a molecule with fragments (Psi4's `--` separators).
 * @param real fragment number(s), from 1.
 * @param ghost fragment number(s), from 1, to keep as ghosts (default none).
 * @throws InvalidInputError when the molecule has no fragments, a number is out of range, or a
 *   fragment is both real and ghost.
 * @example
 * ```ts
 * const dimer = parseZmatrix('He 0 0 0\n--\nHe 0 0 3\nunits bohr\n');
 * extractSubsets(dimer, 1, 2).formula; // 'He + Gh(He)' (monomer 1 in the dimer's basis)
 * extractSubsets(dimer, 2).atoms.length; // 1
 * ```
 */
export function extractSubsets(molecule: Molecule, real: number | readonly number[], ghost: number | readonly number[] = []): Molecule {
  const fragments = molecule.fragments;
  if (fragments === undefined) {
    throw new InvalidInputError("the molecule has no fragments; separate them with '--' lines (Psi4 style)", { field: 'fragments' });
  }
  const reals = typeof real === 'number' ? [real] : [...real];
  const ghosts = typeof ghost === 'number' ? [ghost] : [...ghost];
  for (const f of [...reals, ...ghosts]) {
    if (!Number.isInteger(f) || f < 1 || f > fragments.length) {
      throw new InvalidInputError(`fragment ${f} does not exist: the molecule has fragments 1 to ${fragments.length}`, { field: 'fragments' });
    }
  }
  if (reals.length === 0) throw new InvalidInputError('at least one fragment must be real', { field: 'fragments' });
  const both = reals.find((f) => ghosts.includes(f));
  if (both !== undefined) throw new InvalidInputError(`fragment ${both} cannot be both real and ghost`, { field: 'fragments' });

  const atoms: Atom[] = [];
  const init: { atoms: number[]; charge: number; multiplicity: number }[] = [];
  fragments.forEach((f, k) => {
    const isReal = reals.includes(k + 1);
    if (!isReal && !ghosts.includes(k + 1)) return;
    const start = atoms.length;
    for (const i of f.atoms) {
      const a = molecule.atoms[i]!;
      atoms.push(isReal ? a : { ...a, Z: 0, ghost: true });
    }
    init.push({
      atoms: f.atoms.map((_, j) => start + j),
      charge: isReal ? f.charge : 0,
      multiplicity: isReal ? f.multiplicity : 1,
    });
  });
  return new Molecule({ atoms, fragments: init, ...(molecule.source !== undefined ? { source: molecule.source } : {}) });
}

/**
 * The molecules of a counterpoise-corrected interaction energy (Boys & Bernardi, Mol. Phys. 19,
 * 553 (1970), doi:10.1080/00268977000101561): for a molecule of n fragments, the whole complex,
 * each fragment alone in its own basis, and each fragment in the complex's basis (the other
 * fragments as ghosts). Then E_int(CP) = E(complex) − Σ_i E(i in complex basis), E_int =
 * E(complex) − Σ_i E(i), and the BSSE is their difference.
 *
 * @param molecule a molecule with at least two fragments.
 * @example
 * ```ts
 * const cp = counterpoiseSubsets(dimer);
 * cp.monomersInComplexBasis[0]!.formula; // 'H2O + Gh(H2O)'
 * ```
 */
export function counterpoiseSubsets(molecule: Molecule): CounterpoiseSubsets {
  const n = molecule.fragments?.length ?? 0;
  if (n < 2) {
    throw new InvalidInputError(`a counterpoise correction needs at least two fragments, the molecule has ${n}; separate them with '--' lines`, { field: 'fragments' });
  }
  const all = Array.from({ length: n }, (_, k) => k + 1);
  return {
    complex: molecule,
    monomers: all.map((f) => extractSubsets(molecule, f)),
    monomersInComplexBasis: all.map((f) => extractSubsets(molecule, f, all.filter((g) => g !== f))),
  };
}

/**
 * The molecules {@link counterpoiseSubsets} gives, fragment i at index i − 1.
 *
 * @example
 * ```ts
 * const { complex, monomers, monomersInComplexBasis } = counterpoiseSubsets(dimer);
 * ```
 */
export interface CounterpoiseSubsets {
  /** The whole molecule. */
  readonly complex: Molecule;
  /** Each fragment alone, in its own basis. */
  readonly monomers: readonly Molecule[];
  /** Each fragment with every other fragment as ghost atoms. */
  readonly monomersInComplexBasis: readonly Molecule[];
}
