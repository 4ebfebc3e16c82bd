/**
 * The Molecule: nuclei in bohr, a charge and a spin multiplicity, and the text it came from.
 */
import { InvalidInputError } from '../errors';
import { BOHR_IN_ANGSTROM } from '../constants';
import { zeros } from '../linalg';
import type { Matrix } from '../linalg';
import { checkChargeAndMultiplicity, checkCloseContacts, MAX_ATOMS, MAX_POSITION_BOHR } from './validation';
import { elementBySymbol } from './elements';
import { highSpinMultiplicity, resolveFragments } from './fragments';
import type { FragmentInit, MoleculeFragment } from './fragments';
import type { Atom, LengthUnit, MoleculeSource } from './types';

/** What a {@link Molecule} is made from. */
export interface MoleculeInit {
  /** The nuclei, positions in bohr. A ghost atom (`ghost: true`) is stored with Z = 0. */
  atoms: readonly Atom[];
  /** Total charge in units of e (default 0, or the sum of the fragments' charges). */
  charge?: number;
  /**
   * Spin multiplicity 2S + 1 (default 1 for an even electron count, 2 for odd; with fragments,
   * their high-spin combination 1 + Σ (M_i − 1), as Psi4).
   */
  multiplicity?: number;
  /** Psi4-style fragments (see {@link MoleculeFragment}); they must cover every atom once, in order. */
  fragments?: readonly FragmentInit[];
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
  /**
   * The fragments, when the input had them (Psi4's `--` separators, QCSchema `fragments`):
   * 0-based atom indices and each fragment's charge and multiplicity. See `extractSubsets`.
   */
  readonly fragments?: readonly MoleculeFragment[];

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
    let ghosts = 0;
    init.atoms.forEach((atom, k) => {
      if (!atom.position.every(Number.isFinite)) {
        throw new InvalidInputError(`atom ${atom.symbol} has a non-finite position [${atom.position.join(', ')}]`, {
          file,
          field: 'position',
        });
      }
      if (atom.position.some((x) => Math.abs(x) > MAX_POSITION_BOHR)) {
        throw new InvalidInputError(`atom ${k + 1} (${atom.symbol}) is at [${atom.position.join(', ')}] bohr, beyond the limit of ${MAX_POSITION_BOHR.toFixed(0)} bohr (10,000 Å) from the origin`, { file, field: `atoms[${k}] position` });
      }
      if (atom.ghost === true) {
        ghosts++;
        const element = elementBySymbol(atom.symbol);
        if (element === undefined || (atom.Z !== 0 && atom.Z !== element.Z)) {
          throw new InvalidInputError(`ghost atom ${k + 1} needs an element symbol (its basis functions), got '${atom.symbol}' with Z = ${atom.Z}`, { file, field: `atoms[${k}]` });
        }
      } else {
        nuclearCharge += atom.Z;
      }
      if (!(Number.isFinite(atom.mass) && atom.mass > 0)) {
        throw new InvalidInputError(`atom ${k + 1} (${atom.symbol}) has mass ${atom.mass}; a mass must be a finite positive number of u`, { file, field: `atoms[${k}] mass` });
      }
    });
    if (ghosts === init.atoms.length) {
      throw new InvalidInputError(`all ${ghosts} atoms are ghosts; a molecule needs at least one real atom`, { file, field: 'ghost' });
    }
    const atoms = init.atoms.map((a) =>
      Object.freeze({
        symbol: a.symbol,
        Z: a.ghost === true ? 0 : a.Z,
        mass: a.mass,
        position: Object.freeze([a.position[0], a.position[1], a.position[2]] as const),
        ...(a.ghost === true ? { ghost: true } : {}),
      }),
    );
    checkCloseContacts(atoms, undefined, file);
    const fragments = init.fragments !== undefined ? resolveFragments(atoms, init.fragments, file) : undefined;
    const charge = init.charge ?? fragments?.reduce((q, f) => q + f.charge, 0) ?? 0;
    const multiplicity = init.multiplicity ?? (fragments !== undefined ? highSpinMultiplicity(fragments.map((f) => f.multiplicity)) : undefined);
    const checked = checkChargeAndMultiplicity(nuclearCharge, charge, multiplicity, {
      charge: { file, field: 'charge' },
      multiplicity: { file, field: 'multiplicity' },
    });
    this.atoms = Object.freeze(atoms);
    this.charge = checked.charge;
    this.multiplicity = checked.multiplicity;
    if (init.source !== undefined) this.source = Object.freeze({ ...init.source });
    if (fragments !== undefined) this.fragments = Object.freeze(fragments);
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
   * Ghost atoms follow as ` + Gh(…)`: `'H2O + Gh(H2O)'` for a monomer in the dimer's basis.
   */
  get formula(): string {
    const real = hillFormula(this.atoms.filter((a) => a.ghost !== true));
    const ghosts = this.atoms.filter((a) => a.ghost === true);
    return ghosts.length === 0 ? real : `${real} + Gh(${hillFormula(ghosts)})`;
  }

  /** The number of ghost atoms (basis functions without nucleus or electrons). */
  get ghostCount(): number {
    let n = 0;
    for (const atom of this.atoms) if (atom.ghost === true) n++;
    return n;
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
   * The centre of mass Σ m_A R_A / Σ m_A in bohr, with the atoms' masses: the most abundant
   * isotope's, as Psi4, or the isotope mass the input gave (`H@2.014101778`). Ghost atoms have
   * no nucleus and carry no mass (as PySCF).
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
      if (atom.ghost === true) continue;
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
   * `units=bohr` at the start of the comment so that the parser reads it back in bohr. A ghost
   * atom is written `Gh(O)` and an isotope `H@2.014101778`, as the XYZ reader reads them.
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
      lines.push(atomLabel(atom).padEnd(2) + xyz);
    }
    return lines.join('\n') + '\n';
  }
}

/**
 * An atom's label as the parsers read it back: `Gh(O)` for a ghost, `H@2.014101778` for an
 * isotope mass other than the element's standard one, else the symbol.
 */
function atomLabel(atom: Atom): string {
  const standard = elementBySymbol(atom.symbol)?.mass;
  const symbol = standard !== undefined && atom.mass !== standard ? `${atom.symbol}@${atom.mass}` : atom.symbol;
  return atom.ghost === true ? `Gh(${symbol})` : symbol;
}

/** The Hill formula of some atoms (see {@link Molecule.formula}). */
function hillFormula(atoms: readonly Atom[]): string {
  const counts = new Map<string, number>();
  for (const atom of atoms) counts.set(atom.symbol, (counts.get(atom.symbol) ?? 0) + 1);
  const symbols = [...counts.keys()].sort();
  const order = counts.has('C') ? ['C', 'H', ...symbols.filter((s) => s !== 'C' && s !== 'H')] : symbols;
  return order
    .filter((s) => counts.has(s))
    .map((s) => (counts.get(s) === 1 ? s : `${s}${counts.get(s)}`))
    .join('');
}

/** A units statement in an XYZ comment line: `units=bohr`, `units bohr`, `units: angstrom`. */
export const UNITS_IN_COMMENT = /\bunits?\s*[=:]?\s*(bohr|au|a\.u\.|angstroms?|ang|å)(?![\w.])/i;
