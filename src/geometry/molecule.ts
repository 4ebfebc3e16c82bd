/**
 * The Molecule: nuclei in bohr, a charge and a spin multiplicity, and the text it came from.
 */
import { InvalidInputError } from '../errors';
import { BOHR_IN_ANGSTROM } from '../constants';
import { zeros } from '../linalg';
import type { Matrix } from '../linalg';
import { checkChargeAndMultiplicity, checkCloseContacts, MAX_ATOMS } from './validation';
import type { Atom, LengthUnit, MoleculeSource } from './types';

/** What a {@link Molecule} is made from. */
export interface MoleculeInit {
  /** The nuclei, positions in bohr. */
  atoms: readonly Atom[];
  /** Total charge in units of e (default 0). */
  charge?: number;
  /** Spin multiplicity 2S + 1 (default 1 for an even electron count, 2 for odd). */
  multiplicity?: number;
  /** The text the molecule was read from, kept as-is. */
  source?: MoleculeSource;
}

/** Options of {@link Molecule.toXyz}. */
export interface ToXyzOptions {
  /** Units to write the coordinates in (default `'angstrom'`). Bohr output says `units=bohr` in the comment line. */
  units?: LengthUnit;
  /** The comment (second) line; line breaks are replaced by spaces. Default: the Hill formula. */
  comment?: string;
}

/**
 * An immutable molecule: nuclei (positions in bohr), total charge and spin multiplicity, checked
 * on construction (possible charge/multiplicity, no two nuclei closer than 0.1 Å).
 *
 * @example
 * ```ts
 * const h2 = new Molecule({ atoms: [
 *   { symbol: 'H', Z: 1, mass: 1.00782503223, position: [0, 0, 0] },
 *   { symbol: 'H', Z: 1, mass: 1.00782503223, position: [0, 0, 1.4] },
 * ] });
 * h2.nuclearRepulsionEnergy(); // 0.7142857142857143 Eh (1/1.4)
 * ```
 */
export class Molecule {
  /** The nuclei in input order; positions in bohr. */
  readonly atoms: readonly Atom[];
  /** Total charge in units of e. */
  readonly charge: number;
  /** Spin multiplicity 2S + 1. */
  readonly multiplicity: number;
  /** The text this molecule was parsed from, if any. */
  readonly source?: MoleculeSource;

  /** @throws InvalidInputError for no atoms, an impossible charge/multiplicity or overlapping nuclei. */
  constructor(init: MoleculeInit) {
    const file = init.source?.filename ?? '<input>';
    if (init.atoms.length === 0) {
      throw new InvalidInputError('a molecule needs at least one atom', { file });
    }
    if (init.atoms.length > MAX_ATOMS) {
      throw new InvalidInputError(`${init.atoms.length} atoms is more than the limit of ${MAX_ATOMS}`, { file });
    }
    let nuclearCharge = 0;
    for (const atom of init.atoms) {
      if (!atom.position.every(Number.isFinite)) {
        throw new InvalidInputError(`atom ${atom.symbol} has a non-finite position [${atom.position.join(', ')}]`, {
          file,
          field: 'position',
        });
      }
      nuclearCharge += atom.Z;
    }
    const atoms = init.atoms.map((a) =>
      Object.freeze({
        symbol: a.symbol,
        Z: a.Z,
        mass: a.mass,
        position: Object.freeze([a.position[0], a.position[1], a.position[2]] as const),
      }),
    );
    checkCloseContacts(atoms, undefined, file);
    const checked = checkChargeAndMultiplicity(nuclearCharge, init.charge ?? 0, init.multiplicity, {
      charge: { file, field: 'charge' },
      multiplicity: { file, field: 'multiplicity' },
    });
    this.atoms = Object.freeze(atoms);
    this.charge = checked.charge;
    this.multiplicity = checked.multiplicity;
    if (init.source !== undefined) this.source = Object.freeze({ ...init.source });
    Object.freeze(this);
  }

  /** Number of electrons, ΣZ − charge. */
  get electronCount(): number {
    let n = 0;
    for (const atom of this.atoms) n += atom.Z;
    return n - this.charge;
  }

  /** Number of α electrons, (N + M − 1) / 2 for N electrons and multiplicity M. */
  get nalpha(): number {
    return (this.electronCount + this.multiplicity - 1) / 2;
  }

  /** Number of β electrons, (N − M + 1) / 2 for N electrons and multiplicity M. */
  get nbeta(): number {
    return (this.electronCount - this.multiplicity + 1) / 2;
  }

  /**
   * The molecular formula in Hill order: C first, then H, then the rest alphabetically; without
   * carbon, everything alphabetically (Hill, J. Am. Chem. Soc. 22, 478 (1900),
   * doi:10.1021/ja02046a005).
   *
   * @example
   * ```ts
   * fromAtoms([['O', 0, 0, 0], ['H', 0, 0, 0.96], ['H', 0, 0.93, -0.24]]).formula; // 'H2O'
   * ```
   */
  get formula(): string {
    const counts = new Map<string, number>();
    for (const atom of this.atoms) counts.set(atom.symbol, (counts.get(atom.symbol) ?? 0) + 1);
    const symbols = [...counts.keys()].sort();
    const order = counts.has('C') ? ['C', 'H', ...symbols.filter((s) => s !== 'C' && s !== 'H')] : symbols;
    return order
      .filter((s) => counts.has(s))
      .map((s) => (counts.get(s) === 1 ? s : `${s}${counts.get(s)}`))
      .join('');
  }

  /**
   * The nuclear repulsion energy Σ_{A<B} Z_A Z_B / R_AB in hartree (Szabo & Ostlund, Modern
   * Quantum Chemistry, Eq. 2.10, last term).
   *
   * @example
   * ```ts
   * fromAtoms([['H', 0, 0, 0], ['H', 0, 0, 1.4]], { units: 'bohr' }).nuclearRepulsionEnergy(); // 0.7142857142857143 Eh
   * ```
   */
  nuclearRepulsionEnergy(): number {
    let energy = 0;
    const n = this.atoms.length;
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < a; b++) {
        energy += (this.atoms[a]!.Z * this.atoms[b]!.Z) / this.distance(a, b);
      }
    }
    return energy;
  }

  /**
   * The centre of mass Σ m_A R_A / Σ m_A in bohr, with the atoms' masses (most abundant
   * isotopes, as Psi4).
   *
   * @example
   * ```ts
   * fromAtoms([['H', 0, 0, 0], ['H', 0, 0, 1]], { units: 'bohr' }).centerOfMass(); // [0, 0, 0.5]
   * ```
   */
  centerOfMass(): [number, number, number] {
    let total = 0;
    const com: [number, number, number] = [0, 0, 0];
    for (const atom of this.atoms) {
      total += atom.mass;
      for (let k = 0; k < 3; k++) com[k] += atom.mass * atom.position[k]!;
    }
    return [com[0] / total, com[1] / total, com[2] / total];
  }

  /**
   * The distance between atoms `i` and `j` (0-based) in bohr.
   *
   * @example
   * ```ts
   * fromAtoms([['H', 0, 0, 0], ['H', 0, 0, 1.4]], { units: 'bohr' }).distance(0, 1); // 1.4
   * ```
   */
  distance(i: number, j: number): number {
    const a = this.atoms[i];
    const b = this.atoms[j];
    if (a === undefined || b === undefined) {
      throw new RangeError(`atom indices must be 0 to ${this.atoms.length - 1}, got ${i} and ${j}`);
    }
    return Math.hypot(a.position[0] - b.position[0], a.position[1] - b.position[1], a.position[2] - b.position[2]);
  }

  /**
   * All interatomic distances in bohr as a symmetric n×n {@link Matrix} (row-major, zero diagonal).
   *
   * @example
   * ```ts
   * const h2 = fromAtoms([['H', 0, 0, 0], ['H', 0, 0, 1.4]], { units: 'bohr' });
   * toArray(h2.distanceMatrix()); // [[0, 1.4], [1.4, 0]]
   * ```
   */
  distanceMatrix(): Matrix {
    const n = this.atoms.length;
    const m = zeros(n, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) {
        const r = this.distance(i, j);
        m.data[i * n + j] = r;
        m.data[j * n + i] = r;
      }
    }
    return m;
  }

  /**
   * The molecule as XYZ text: atom count, comment line, then `symbol x y z` with 12 decimals
   * (enough for the XYZ parser to read back the same positions to ~1e-12 bohr). Bohr output puts
   * `units=bohr` at the start of the comment so that the parser reads it back in bohr.
   *
   * @param options.units output units (default `'angstrom'`).
   * @example
   * ```ts
   * fromAtoms([['H', 0, 0, 0], ['H', 0, 0, 0.74]]).toXyz();
   * // '2\nH2\nH       0.000000000000      0.000000000000      0.000000000000\n' +
   * // 'H       0.000000000000      0.000000000000      0.740000000000\n'
   * ```
   */
  toXyz(options: ToXyzOptions = {}): string {
    const units = options.units ?? 'angstrom';
    const scale = units === 'bohr' ? 1 : BOHR_IN_ANGSTROM;
    let comment = (options.comment ?? this.formula).replace(/[\r\n]+/g, ' ');
    // The parser honours the first `units` word of the comment; say the true units first when needed.
    if (units === 'bohr') comment = `units=bohr ${comment}`.trimEnd();
    else if (UNITS_IN_COMMENT.test(comment)) comment = `units=angstrom ${comment}`;
    const lines = [String(this.atoms.length), comment];
    for (const atom of this.atoms) {
      const xyz = atom.position.map((x) => (x * scale).toFixed(12).padStart(20)).join('');
      lines.push(atom.symbol.padEnd(2) + xyz);
    }
    return lines.join('\n') + '\n';
  }
}

/** A units statement in an XYZ comment line: `units=bohr`, `units bohr`, `units: angstrom`. */
export const UNITS_IN_COMMENT = /\bunits?\s*[=:]?\s*(bohr|au|a\.u\.|angstroms?|ang|å)(?![\w.])/i;
