/**
 * Making a molecule from a plain list of `[symbol, x, y, z]`, as notebooks and JSON give them.
 */
import { InvalidInputError } from '../errors';
import { Molecule } from './molecule';
import { at, readElement, toBohr } from './text-input';
import type { LengthUnit } from './types';

/** Options of {@link fromAtoms}. */
export interface FromAtomsOptions {
  /** Units of the coordinates: `'angstrom'` (the default, as for XYZ files) or `'bohr'`. */
  units?: LengthUnit;
  /** Total charge in units of e (default 0). */
  charge?: number;
  /** Spin multiplicity 2S + 1 (default 1 for an even electron count, 2 for odd). */
  multiplicity?: number;
}

/**
 * A molecule from `[symbol, x, y, z]` entries. Coordinates are in ångström unless
 * `units: 'bohr'` is given — the same default as XYZ files. Symbols are case-insensitive.
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
  const list = atoms.map((entry, i) => {
    const element = readElement(String(entry[0]), at('<input>', undefined, `atoms[${i}] symbol`));
    const position = [1, 2, 3].map((k) => {
      const value = entry[k];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new InvalidInputError(`expected a finite number, got ${String(value)}`, at('<input>', undefined, `atoms[${i}] ${'xyz'[k - 1]} coordinate`));
      }
      return value * scale;
    }) as [number, number, number];
    return { symbol: element.symbol, Z: element.Z, mass: element.mass, position };
  });
  return new Molecule({
    atoms: list,
    ...(options.charge !== undefined ? { charge: options.charge } : {}),
    ...(options.multiplicity !== undefined ? { multiplicity: options.multiplicity } : {}),
  });
}
