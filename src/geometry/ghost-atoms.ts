/**
 * Making some atoms of a molecule ghosts (basis functions at their positions, no nucleus, no
 * electrons), as the counterpoise correction needs.
 */
import { InvalidInputError } from '../errors';
import type { ErrorLocation } from '../errors';
import { Molecule } from './molecule';

/**
 * The molecule with the atoms at `indices` (0-based) made ghosts: Z = 0, no electrons, their
 * basis functions kept (Boys & Bernardi, Mol. Phys. 19, 553 (1970),
 * doi:10.1080/00268977000101561). Atoms already ghosts stay so.
 *
 * Charge and multiplicity: when the ghosts are exactly whole fragments (see
 * `Molecule.fragments`), the result has the charge of the remaining fragments and their
 * high-spin multiplicity, as Psi4's `extract_subsets` gives; the ghost fragments become neutral
 * singlets. Otherwise the molecule keeps its charge, and its multiplicity if the new electron
 * count allows it (else the default: 1 for an even count, 2 for odd); fragments are dropped.
 *
 * @param molecule the molecule.
 * @param indices 0-based atom indices (the CLI's `--ghost` and the `ghost_atoms` parameter count
 *   from 1 and convert before calling this).
 * @param where the field to name in messages (default `ghost`).
 * @throws InvalidInputError for an index out of range, or when no real atom would remain.
 * @example
 * ```ts
 * const dimer = fromAtoms([['He', 0, 0, 0], ['He', 0, 0, 3]], { units: 'bohr' });
 * const a = withGhostAtoms(dimer, [1]);
 * a.electronCount;            // 2
 * a.nuclearRepulsionEnergy(); // 0
 * ```
 */
export function withGhostAtoms(molecule: Molecule, indices: readonly number[], where: ErrorLocation = { field: 'ghost' }): Molecule {
  const n = molecule.atoms.length;
  for (const i of indices) {
    if (!Number.isInteger(i) || i < 0 || i >= n) {
      throw new InvalidInputError(`atom index ${i} is out of range: the molecule has ${n} atoms (indices 0 to ${n - 1})`, where);
    }
  }
  const ghost = new Set(indices);
  molecule.atoms.forEach((a, i) => {
    if (a.ghost === true) ghost.add(i);
  });
  if (ghost.size === n) {
    throw new InvalidInputError(`that makes all ${n} atoms ghosts; at least one real atom must remain`, where);
  }
  const atoms = molecule.atoms.map((a, i) => (ghost.has(i) ? { ...a, Z: 0, ghost: true } : a));
  const source = molecule.source !== undefined ? { source: molecule.source } : {};
  const fragments = molecule.fragments;
  if (fragments !== undefined && fragments.every((f) => f.atoms.every((i) => ghost.has(i)) || f.atoms.every((i) => !ghost.has(i)))) {
    const init = fragments.map((f) => (f.atoms.every((i) => ghost.has(i)) ? { atoms: f.atoms, charge: 0, multiplicity: 1 } : f));
    return new Molecule({ atoms, fragments: init, ...source });
  }
  let electrons = -molecule.charge;
  for (const a of atoms) electrons += a.Z;
  const keeps = electrons >= molecule.multiplicity - 1 && (electrons - molecule.multiplicity + 1) % 2 === 0;
  return new Molecule({ atoms, charge: molecule.charge, ...(keeps ? { multiplicity: molecule.multiplicity } : {}), ...source });
}
