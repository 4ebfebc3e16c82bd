/**
 * The `ghost_atoms` parameter (`--ghost` on the command line): atoms of the input made ghosts —
 * their basis functions kept, no nucleus, no electrons — as writing `Gh(X)` in the geometry does.
 * Atoms count from 1 in the geometry's order. The counterpoise correction's monomer-in-dimer
 * basis (Boys & Bernardi, Mol. Phys. 19, 553 (1970), doi:10.1080/00268977000101561) is then one
 * flag on the dimer's file.
 *
 * @packageDocumentation
 */
import { InvalidInputError, type ErrorLocation } from '../errors';
import { withGhostAtoms, type Molecule } from '../geometry';

/**
 * Checks a `ghost_atoms` value and returns it frozen, sorted and without repeats: a list of atom
 * numbers counting from 1 (`[1, 2]`), one number, or the command line's comma-separated text
 * (`'1,2'`). A wrong entry is an {@link InvalidInputError} at `location`.
 *
 * @param value - the parameter's value
 * @param location - where it came from (`{ file, field: 'ghost_atoms' }`, or `{ field: '--ghost' }`)
 * @example
 * ```ts
 * parseGhostAtoms('3,1', { field: '--ghost' });        // [1, 3]
 * parseGhostAtoms([0], { field: 'ghost_atoms' });      // throws: ghost_atoms: atom 0 does not exist: atoms count from 1
 * ```
 */
export function parseGhostAtoms(value: unknown, location: ErrorLocation): readonly number[] {
  let list: unknown[];
  // The command line gives text, or a list of texts when --ghost is repeated.
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) value = value.join(',');
  if (typeof value === 'number') value = [value]; // one atom (a scan's `ghost_atoms=1,2` gives one number per point)
  if (typeof value === 'string') {
    list = value.split(',').map((t) => (/^\s*\d+\s*$/.test(t) ? Number(t) : t.trim()));
  } else if (Array.isArray(value)) {
    list = value;
  } else {
    throw new InvalidInputError('must be a list of atom numbers counting from 1, e.g. [1, 2] (on the command line --ghost 1,2)', location);
  }
  if (list.length === 0) throw new InvalidInputError('names no atom; give atom numbers counting from 1, e.g. [1, 2]', location);
  for (const n of list) {
    if (typeof n !== 'number' || !Number.isInteger(n)) {
      throw new InvalidInputError(`${JSON.stringify(n)} is not an atom number; atoms count from 1, e.g. [1, 2]`, location);
    }
    if (n < 1) throw new InvalidInputError(`atom ${n} does not exist: atoms count from 1`, location);
  }
  return Object.freeze([...new Set(list as number[])].sort((a, b) => a - b));
}

/**
 * The molecule with the atoms `ghosts` (numbers from 1) made ghosts, as `Gh(X)` in the geometry
 * would (see `geometry.withGhostAtoms` for the charge and multiplicity that result: whole
 * fragments give the remaining fragments' charge and high-spin multiplicity, as Psi4's
 * `extract_subsets`). Undefined `ghosts` returns the molecule. An atom beyond the molecule, or
 * making every atom a ghost, is an {@link InvalidInputError} at `location`.
 *
 * @example
 * ```ts
 * withGhostParameter(water, [1]).electronCount; // 2 (the two H; O keeps its functions)
 * ```
 */
export function withGhostParameter(molecule: Molecule, ghosts: readonly number[] | undefined, location: ErrorLocation = { field: 'ghost_atoms' }): Molecule {
  if (ghosts === undefined) return molecule;
  const n = molecule.atoms.length;
  const beyond = ghosts.find((g) => g > n);
  if (beyond !== undefined) {
    throw new InvalidInputError(`atom ${beyond} does not exist: the molecule has ${n} atoms (counting from 1)`, location);
  }
  return withGhostAtoms(molecule, ghosts.map((g) => g - 1), location);
}
