/**
 * Checks every molecule goes through, whichever parser made it: a possible charge and spin
 * multiplicity, and no two nuclei on top of each other.
 */
import { InvalidInputError } from '../errors';
import type { ErrorLocation } from '../errors';
import { BOHR_IN_ANGSTROM } from '../constants';
import type { Atom } from './types';

/**
 * The largest number of atoms a geometry may have: 10,000. Larger inputs are refused before
 * anything is allocated. Hartree–Fock needs at least one basis function per atom, and its
 * working set is some 28 nbf × nbf matrices (see `scf.minimumScfBytes`): at 10,000 atoms even a
 * minimal basis needs 22 GB, beyond a workstation; a larger file is a mistake (or an attack),
 * not a calculation. A protein of 10,000 atoms still parses for `roothaan geometry`.
 *
 * @example
 * ```ts
 * parse('99999\n\nH 0 0 0\n'); // throws InvalidInputError: … more than the limit of 10000 atoms
 * ```
 */
export const MAX_ATOMS = 10000;

/**
 * The largest coordinate a geometry file may give, in absolute value and in the file's own
 * units (Å or bohr): 10,000, a micrometre. Larger values are typos (1e300 squares to Infinity
 * in the nuclear repulsion).
 *
 * @example
 * ```ts
 * MAX_COORDINATE; // 10000
 * ```
 */
export const MAX_COORDINATE = 10000;

/**
 * The largest position a molecule may hold, in bohr: {@link MAX_COORDINATE} ångström.
 *
 * @example
 * ```ts
 * MAX_POSITION_BOHR; // 18897.26…
 * ```
 */
export const MAX_POSITION_BOHR = MAX_COORDINATE / BOHR_IN_ANGSTROM;

/**
 * Two nuclei closer than this (0.1 Å, in bohr) are taken as a mistake in the input.
 *
 * @example
 * ```ts
 * MIN_DISTANCE_BOHR; // 0.18897261254578282 (= 0.1 / 0.52917721067)
 * ```
 */
export const MIN_DISTANCE_BOHR = 0.1 / BOHR_IN_ANGSTROM;

/** Where the charge and the multiplicity came from, for error messages. */
export interface ChargeLocations {
  charge: ErrorLocation;
  multiplicity: ErrorLocation;
}

/** A checked charge and multiplicity. */
export interface ChargeAndMultiplicity {
  /** Total charge in units of e. */
  charge: number;
  /** Spin multiplicity 2S + 1. */
  multiplicity: number;
}

/**
 * Checks a charge and multiplicity against the nuclei and fills in the default multiplicity
 * (1 for an even number of electrons, 2 for odd).
 *
 * With N = ΣZ − charge electrons, a multiplicity M = 2S + 1 needs N ≥ M − 1 (at most N unpaired
 * electrons) and N and M − 1 of the same parity (N_α − N_β = M − 1 and N_α + N_β = N).
 *
 * @param nuclearCharge ΣZ over the atoms, in units of e.
 * @param charge total charge in units of e.
 * @param multiplicity 2S + 1, or `undefined` for the default.
 * @throws InvalidInputError naming the field and line that hold the impossible value.
 * @example
 * ```ts
 * checkChargeAndMultiplicity(9, 0, undefined, where); // { charge: 0, multiplicity: 2 } (OH radical)
 * ```
 */
export function checkChargeAndMultiplicity(
  nuclearCharge: number,
  charge: number,
  multiplicity: number | undefined,
  where: ChargeLocations,
): ChargeAndMultiplicity {
  if (!Number.isInteger(charge)) {
    throw new InvalidInputError(`the charge must be a whole number, got ${charge}`, where.charge);
  }
  const electrons = nuclearCharge - charge;
  if (electrons < 0) {
    throw new InvalidInputError(
      `a charge of ${charge} leaves ${electrons} electrons (the nuclei carry ${nuclearCharge}); ` +
        `the charge can be at most +${nuclearCharge}`,
      where.charge,
    );
  }
  if (multiplicity === undefined) return { charge, multiplicity: electrons % 2 === 0 ? 1 : 2 };
  if (!Number.isInteger(multiplicity) || multiplicity < 1) {
    throw new InvalidInputError(
      `the multiplicity (2S + 1) must be a whole number of at least 1, got ${multiplicity}`,
      where.multiplicity,
    );
  }
  if (multiplicity > electrons + 1) {
    throw new InvalidInputError(
      `multiplicity ${multiplicity} needs at least ${multiplicity - 1} unpaired electrons, ` +
        `but charge ${charge} leaves only ${electrons}; lower the multiplicity or the charge`,
      where.multiplicity,
    );
  }
  if ((electrons - (multiplicity - 1)) % 2 !== 0) {
    const parity = electrons % 2 === 0 ? 'even' : 'odd';
    const allowed = electrons % 2 === 0 ? 'odd (1, 3, 5, …)' : 'even (2, 4, …)';
    throw new InvalidInputError(
      `charge ${charge} and multiplicity ${multiplicity} are impossible together: ` +
        `${electrons} electrons (${parity}) need an ${allowed} multiplicity; ` +
        `change the multiplicity or the charge`,
      where.multiplicity,
    );
  }
  return { charge, multiplicity };
}

/**
 * Refuses two nuclei closer than 0.1 Å: almost always a duplicated line or ångström coordinates
 * read as bohr. Atoms are binned into cubic cells 0.1 Å wide, so only atoms in the same or a
 * neighbouring cell are compared: O(n) for any geometry.
 *
 * @param atoms positions in bohr.
 * @param lines the 1-based line of each atom in the file, where known.
 * @param file the file name for the message.
 * @example
 * ```ts
 * checkCloseContacts(molecule.atoms, [3, 4, 5], 'water.xyz'); // throws if two atoms overlap
 * ```
 */
export function checkCloseContacts(
  atoms: readonly Atom[],
  lines: ReadonlyArray<number | undefined> | undefined,
  file: string | undefined,
): void {
  const cells = new Map<string, number[]>();
  const cellOf = (x: number): number => Math.floor(x / MIN_DISTANCE_BOHR);
  for (let j = 0; j < atoms.length; j++) {
    const q = atoms[j]!.position;
    const [cx, cy, cz] = [cellOf(q[0]), cellOf(q[1]), cellOf(q[2])];
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (let dz = -1; dz <= 1; dz++) {
          for (const i of cells.get(`${cx + dx},${cy + dy},${cz + dz}`) ?? []) {
            const p = atoms[i]!.position;
            const r = Math.hypot(q[0] - p[0], q[1] - p[1], q[2] - p[2]);
            if (r < MIN_DISTANCE_BOHR) tooClose(atoms, i, j, r, lines, file);
          }
        }
      }
    }
    const key = `${cx},${cy},${cz}`;
    const cell = cells.get(key);
    if (cell) cell.push(j);
    else cells.set(key, [j]);
  }
}

function tooClose(
  atoms: readonly Atom[],
  first: number,
  second: number,
  r: number,
  lines: ReadonlyArray<number | undefined> | undefined,
  file: string | undefined,
): never {
  const describe = (k: number): string => {
    const line = lines?.[k];
    return `atom ${k + 1} (${atoms[k]!.symbol}${line !== undefined ? `, line ${line}` : ''})`;
  };
  const location: ErrorLocation = { file: file ?? '<input>', field: 'position' };
  const line = lines?.[second];
  if (line !== undefined) location.line = line;
  throw new InvalidInputError(
    `${describe(first)} and ${describe(second)} are ${(r * BOHR_IN_ANGSTROM).toPrecision(3)} Å apart, ` +
      `closer than 0.1 Å; look for a duplicated line or coordinates in the wrong units`,
    location,
  );
}
