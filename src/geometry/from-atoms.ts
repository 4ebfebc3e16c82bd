/**
 * Making a molecule from a plain list of `[symbol, x, y, z]`, as notebooks and JSON give them.
 */
import { InvalidInputError } from '../errors';
import { Molecule } from './molecule';
import { at, toBohr } from './text-input';
import { readAtomLabel } from './atom-label';
import type { LengthUnit } from './types';

/** Options of {@link fromAtoms}. */
export interface FromAtomsOptions {
  /** Units of the coordinates: `'angstrom'` (the default, as for XYZ files) or `'bohr'`. */
  units?: LengthUnit;
  /** Total charge in units of e (default 0). */
  charge?: number;
  /** Spin multiplicity 2S + 1 (default 1 for an even electron count, 2 for odd). */
  multiplicity?: number;
  /** 0-based indices of atoms to make ghosts (basis functions only), as `Gh(X)` symbols do. */
  ghost?: readonly number[];
}

/**
 * A molecule from `[symbol, x, y, z]` entries. Coordinates are in ångström unless
 * `units: 'bohr'` is given — the same default as XYZ files. Symbols are case-insensitive and may
 * be Psi4 atom labels: `'Gh(O)'` or `'@O'` for a ghost atom, `'H@2.014101778'` for an isotope
 * mass; `options.ghost` makes atoms ghosts by index.
 *
 * @param atoms `[symbol, x, y, z]` per atom, coordinates in `options.units`.
 * @param options `units` (`'angstrom'` default), `charge` (e), `multiplicity`.
 * @throws InvalidInputError for an unknown symbol, a non-finite coordinate, overlapping atoms or
 *   an impossible charge/multiplicity.
 * @example
 * ```ts
 * const h2 = fromAtoms([['H', 0, 0, 0], ['H', 0, 0, 1.4]], { units: 'bohr' });
 * h2.nuclearRepulsionEnergy(); // 0.7142857142857143 Eh
 * ```
 */
export function fromAtoms(
  atoms: ReadonlyArray<readonly [string, number, number, number]>,
  options: FromAtomsOptions = {},
): Molecule {
  const scale = toBohr(options.units ?? 'angstrom');
  for (const g of options.ghost ?? []) {
    if (!Number.isInteger(g) || g < 0 || g >= atoms.length) {
      throw new InvalidInputError(`ghost index ${g} is out of range: the ${atoms.length} atoms are indexed 0 to ${atoms.length - 1}`, at('<input>', undefined, 'ghost'));
    }
  }
  const list = atoms.map((entry, i) => {
    const label = readAtomLabel(String(entry[0]), at('<input>', undefined, `atoms[${i}] symbol`));
    const ghost = label.ghost || (options.ghost?.includes(i) ?? false);
    const position = [1, 2, 3].map((k) => {
      const value = entry[k];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new InvalidInputError(`expected a finite number, got ${String(value)}`, at('<input>', undefined, `atoms[${i}] ${'xyz'[k - 1]} coordinate`));
      }
      return value * scale;
    }) as [number, number, number];
    return { symbol: label.element.symbol, Z: ghost ? 0 : label.element.Z, mass: label.mass, position, ...(ghost ? { ghost: true } : {}) };
  });
  return new Molecule({
    atoms: list,
    ...(options.charge !== undefined ? { charge: options.charge } : {}),
    ...(options.multiplicity !== undefined ? { multiplicity: options.multiplicity } : {}),
  });
}
