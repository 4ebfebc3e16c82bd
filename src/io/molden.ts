/**
 * Writing orbitals in the Molden format (Avogadro, Jmol, VMD, Molden, IboView read it).
 *
 * Format: G. Schaftenaar & J. H. Noordik, J. Comput.-Aided Mol. Des. 14, 123 (2000),
 * doi:10.1023/A:1008193805436, and <https://www.theochem.ru.nl/molden/molden_format.html>.
 *
 * ## Conventions written (and how roothaan's functions map onto them)
 * - `[Atoms] AU`: positions in bohr. `[GTO]`: per atom, its shells in roothaan's order, with
 *   contraction coefficients for normalised primitives (roothaan's coefficients divided by the
 *   primitive normalisation of x^L e^{−αr²}); the contraction is unit-normalised.
 * - Spherical shells (roothaan pure = 1) are flagged `[5D]` / `[7F]` / `[9G]`; Molden's order of
 *   spherical components, m = 0, +1, −1, +2, −2, …, is roothaan's (Psi4's), so they are written
 *   as they are. p shells are always x, y, z in Molden: a spherical p (roothaan z, x, y) is
 *   reordered.
 * - Cartesian shells are reordered to Molden's order (d: xx, yy, zz, xy, xz, yz; f: xxx, yyy,
 *   zzz, xyy, xxy, xxz, xzz, yzz, yyz, xyz; g: xxxx, yyyy, zzzz, xxxy, xxxz, yyyx, yyyz, zzzx,
 *   zzzy, xxyy, xxzz, yyzz, xxyz, yyxz, zzxy) and their coefficients refer to unit-normalised
 *   Cartesian functions (as PySCF's `tools.molden` writes them): roothaan's xy has self-overlap
 *   1/3 (the normalisation of xx), so its coefficient is multiplied by
 *   √((2lx−1)!!(2ly−1)!!(2lz−1)!!/(2L−1)!!).
 * - `[MO]`: every orbital of every spin set (`Spin= Alpha`, then `Beta` for UHF/ROHF), with
 *   `Ene=` (hartree), `Occup=` and the coefficients of all functions.
 *
 * @packageDocumentation
 */
import type { BasisSet } from '../basis/basis-set';
import { primitiveNormalization } from '../basis/normalization';
import { InvalidInputError } from '../errors';
import type { Matrix } from '../linalg';

/** Molden's order of Cartesian components, as exponent triples [lx, ly, lz], for L = 0 … 4. */
export const MOLDEN_CARTESIAN_ORDER: readonly (readonly (readonly [number, number, number])[])[] = [
  [[0, 0, 0]],
  [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
  [[2, 0, 0], [0, 2, 0], [0, 0, 2], [1, 1, 0], [1, 0, 1], [0, 1, 1]],
  [[3, 0, 0], [0, 3, 0], [0, 0, 3], [1, 2, 0], [2, 1, 0], [2, 0, 1], [1, 0, 2], [0, 1, 2], [0, 2, 1], [1, 1, 1]],
  [[4, 0, 0], [0, 4, 0], [0, 0, 4], [3, 1, 0], [3, 0, 1], [1, 3, 0], [0, 3, 1], [1, 0, 3], [0, 1, 3], [2, 2, 0], [2, 0, 2], [0, 2, 2], [2, 1, 1], [1, 2, 1], [1, 1, 2]],
];

/** The highest angular momentum the Molden format has (g). */
export const MOLDEN_MAX_L = 4;

/** What {@link formatMolden} writes: a molecule, its basis and its orbitals. */
export interface MoldenInput {
  /** Atoms with symbol, atomic number and position in bohr. */
  readonly atoms: readonly { readonly symbol: string; readonly Z: number; readonly position: readonly [number, number, number] }[];
  readonly basis: BasisSet;
  /** MO coefficients (nbf × nmo, row-major, columns are orbitals), one per spin set (RHF one; UHF α, β). */
  readonly coefficients: readonly Matrix[];
  /** Orbital energies (hartree), one array per spin set. */
  readonly energies: readonly ArrayLike<number>[];
  /** Occupation numbers, one array per spin set (RHF 2/0; UHF 1/0). */
  readonly occupations: readonly ArrayLike<number>[];
  /** A title line for `[Title]`. */
  readonly title?: string;
}

const doubleFactorial = (n: number): number => (n <= 1 ? 1 : n * doubleFactorial(n - 2));

/** Position of x^lx y^ly z^lz in roothaan's (lexicographic) order within its shell. */
const roothaanCartesian = (lx: number, ly: number, lz: number): number => ((ly + lz) * (ly + lz + 1)) / 2 + lz;

/**
 * For one shell, Molden's component k is roothaan's function `index[k]` times `scale[k]`.
 * @example `moldenComponents(2, false).index // [0, 3, 5, 1, 2, 4]`
 */
export function moldenComponents(L: number, pure: boolean): { index: number[]; scale: number[] } {
  if (pure && L !== 1) {
    const n = 2 * L + 1;
    return { index: Array.from({ length: n }, (_, k) => k), scale: new Array<number>(n).fill(1) };
  }
  if (pure) return { index: [1, 2, 0], scale: [1, 1, 1] }; // roothaan's spherical p is z, x, y
  const order = MOLDEN_CARTESIAN_ORDER[L]!;
  return {
    index: order.map(([x, y, z]) => roothaanCartesian(x, y, z)),
    scale: order.map(([x, y, z]) => Math.sqrt((doubleFactorial(2 * x - 1) * doubleFactorial(2 * y - 1) * doubleFactorial(2 * z - 1)) / doubleFactorial(2 * L - 1))),
  };
}

/** A number for Molden (Fortran readers take `1.23456789012345E-01`). */
const num = (x: number): string => x.toExponential(14).replace('e', 'E');
const LABELS = ['s', 'p', 'd', 'f', 'g'];

/**
 * A Molden file of a molecule's orbitals (see the module docs for the conventions).
 *
 * @throws InvalidInputError for a shell above g, a basis mixing spherical and Cartesian shells of
 *   one angular momentum (d, f or g), or orbitals that do not fit the basis.
 * @example
 * ```ts
 * const text = io.formatMolden({ atoms: molecule.atoms, basis: prepared.basis, coefficients: result.moCoefficients, energies: result.orbitalEnergies, occupations: result.occupations });
 * text.startsWith('[Molden Format]'); // true
 * ```
 */
export function formatMolden(input: MoldenInput): string {
  const { basis, atoms } = input;
  const pureOf = new Map<number, boolean>();
  for (let s = 0; s < basis.nshell; s++) {
    const L = basis.shellL[s]!;
    if (L > MOLDEN_MAX_L) throw new InvalidInputError(`shell ${s + 1} has L = ${L}; the Molden format stops at g (L = 4)`, { field: 'basis' });
    const pure = basis.shellPure[s] === 1;
    if (L >= 2 && pureOf.has(L) && pureOf.get(L) !== pure) throw new InvalidInputError(`the basis mixes spherical and Cartesian ${LABELS[L]} shells; Molden flags one kind per angular momentum`, { field: 'basis' });
    pureOf.set(L, pure);
  }
  const sets = input.occupations.length;
  if (sets < 1 || input.coefficients.length < 1 || input.energies.length !== sets) throw new InvalidInputError(`expected orbital energies and occupations for the same spin sets, got ${input.energies.length} and ${sets}`, { field: 'orbitals' });
  for (const C of input.coefficients) {
    if (C.rows !== basis.nbf) throw new InvalidInputError(`the MO coefficients have ${C.rows} rows, the basis ${basis.nbf} functions`, { field: 'orbitals' });
  }
  const lines: string[] = ['[Molden Format]'];
  if (input.title !== undefined) lines.push('[Title]', input.title.replace(/\n/g, ' '));
  lines.push('[Atoms] AU');
  atoms.forEach((a, i) => lines.push(`${a.symbol.padEnd(3)} ${String(i + 1).padStart(4)} ${String(a.Z).padStart(4)} ${a.position.map((x) => num(x).padStart(23)).join('')}`));
  lines.push('[GTO]');
  // Molden's function order for the whole basis: (roothaan index, scale) per Molden function.
  const order: { index: number; scale: number }[] = [];
  for (let atom = 0; atom < atoms.length; atom++) {
    lines.push(`${String(atom + 1).padStart(4)} 0`);
    for (let s = 0; s < basis.nshell; s++) {
      if (basis.shellAtom[s] !== atom) continue;
      const L = basis.shellL[s]!;
      const p0 = basis.shellFirstPrim[s]!;
      const nprim = basis.shellNprim[s]!;
      lines.push(` ${LABELS[L]} ${String(nprim).padStart(4)} 1.00`);
      for (let k = 0; k < nprim; k++) {
        const alpha = basis.exponents[p0 + k]!;
        lines.push(`${num(alpha).padStart(24)}${num(basis.coefficients[p0 + k]! / primitiveNormalization(alpha, L)).padStart(24)}`);
      }
      const { index, scale } = moldenComponents(L, basis.shellPure[s] === 1);
      const f0 = basis.shellFirstFunction[s]!;
      index.forEach((i, k) => order.push({ index: f0 + i, scale: scale[k]! }));
    }
    lines.push('');
  }
  if (pureOf.get(2) === true) lines.push(pureOf.get(3) === false ? '[5D10F]' : pureOf.get(3) === true ? '[5D7F]' : '[5D]');
  else if (pureOf.get(3) === true) lines.push('[7F]');
  if (pureOf.get(4) === true) lines.push('[9G]');
  lines.push('[MO]');
  for (let set = 0; set < sets; set++) {
    const C = input.coefficients[Math.min(set, input.coefficients.length - 1)]!;
    const e = input.energies[set]!;
    const occ = input.occupations[set]!;
    const spin = set === 0 ? 'Alpha' : 'Beta';
    for (let p = 0; p < C.cols; p++) {
      lines.push(' Sym= A', ` Ene= ${num(e[p]!)}`, ` Spin= ${spin}`, ` Occup= ${occ[p]!.toFixed(6)}`);
      order.forEach(({ index, scale }, k) => lines.push(`${String(k + 1).padStart(5)} ${num(C.data[index * C.cols + p]! * scale).padStart(23)}`));
    }
  }
  return lines.join('\n') + '\n';
}
