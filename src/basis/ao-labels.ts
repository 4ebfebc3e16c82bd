/**
 * Names of basis functions (atomic orbitals) for tables, heatmaps and orbital listings:
 * `O 2px`, `H1 1s`, `C3 3d-2`.
 *
 * ## Convention
 * - **Atom**: the element symbol, followed by its 1-based number among the atoms of that element
 *   when the element occurs more than once (water: `O`, `H1`, `H2`; benzene: `C1`…`C6`,
 *   `H1`…`H6`). A ghost atom is written `Gh(H1)`.
 * - **Shell**: n L with n = L + 1 + the number of earlier shells of the same L on that atom, as
 *   PySCF's `Mole.ao_labels` counts (water/STO-3G: O 1s, O 2s, O 2p; cc-pVDZ's O d shell is 3d).
 *   This is a counter, not a claim about the function's nodal structure.
 * - **Component**, in the order roothaan stores them (that of Psi4, see src/integrals/spherical.ts):
 *   - p: the axis, `2pz 2px 2py` for a spherical shell (m = 0, +1, −1) and `2px 2py 2pz` for a
 *     Cartesian one;
 *   - spherical L ≥ 2: m as a signed number, in the order m = 0, +1, −1, +2, −2, … (Psi4's order):
 *     `3d0 3d+1 3d-1 3d+2 3d-2`;
 *   - Cartesian L ≥ 2: the monomial, lexicographic (`3dxx 3dxy 3dxz 3dyy 3dyz 3dzz`), as PySCF's
 *     Cartesian labels.
 *
 * @packageDocumentation
 */
import { InvalidInputError } from '../errors';
import { shellLabel } from './angular-momentum';
import type { BasisSet } from './basis-set';

/** What {@link aoLabels} and {@link atomLabels} read of a molecule: the atoms' symbols in order. */
export interface LabelledAtoms {
  readonly atoms: ReadonlyArray<{ readonly symbol: string; readonly ghost?: boolean }>;
}

/**
 * A name for each atom: its symbol, numbered among the atoms of its element when there are
 * several (see the file header).
 *
 * @example
 * ```ts
 * atomLabels(water); // ['O', 'H1', 'H2']
 * ```
 */
export function atomLabels(molecule: LabelledAtoms): string[] {
  const total = new Map<string, number>();
  for (const a of molecule.atoms) total.set(a.symbol, (total.get(a.symbol) ?? 0) + 1);
  const seen = new Map<string, number>();
  return molecule.atoms.map((a) => {
    const k = (seen.get(a.symbol) ?? 0) + 1;
    seen.set(a.symbol, k);
    const name = total.get(a.symbol)! > 1 ? `${a.symbol}${k}` : a.symbol;
    return a.ghost ? `Gh(${name})` : name;
  });
}

/**
 * The suffixes of the components of a shell, in roothaan's order (see the file header):
 * `['z', 'x', 'y']` for a spherical p shell, `['0', '+1', '-1', '+2', '-2']` for a spherical d.
 *
 * @example
 * ```ts
 * shellComponentLabels(2, false); // ['xx', 'xy', 'xz', 'yy', 'yz', 'zz']
 * ```
 */
export function shellComponentLabels(L: number, pure: boolean): string[] {
  if (L === 0) return [''];
  if (L === 1) return pure ? ['z', 'x', 'y'] : ['x', 'y', 'z'];
  const out: string[] = [];
  if (pure) {
    out.push('0');
    for (let m = 1; m <= L; m++) out.push(`+${m}`, `-${m}`);
    return out;
  }
  for (let lx = L; lx >= 0; lx--) {
    for (let ly = L - lx; ly >= 0; ly--) out.push('x'.repeat(lx) + 'y'.repeat(ly) + 'z'.repeat(L - lx - ly));
  }
  return out;
}

/**
 * A label for every basis function, in basis order: `'<atom> <n><l><component>'`, e.g.
 * `O 2px`, `H1 1s`, `C3 3d-2` (see the file header for the convention). The molecule must be
 * the one the basis was placed on.
 *
 * @example
 * ```ts
 * aoLabels(basis.load('STO-3G', water), water);
 * // ['O 1s', 'O 2s', 'O 2pz', 'O 2px', 'O 2py', 'H1 1s', 'H2 1s']
 * ```
 */
export function aoLabels(basis: BasisSet, molecule: LabelledAtoms): string[] {
  const atoms = atomLabels(molecule);
  const shellsBefore = new Map<string, number>();
  const out: string[] = [];
  for (let s = 0; s < basis.nshell; s++) {
    const atom = basis.shellAtom[s]!;
    const L = basis.shellL[s]!;
    const name = atoms[atom];
    if (name === undefined) {
      throw new InvalidInputError(`shell ${s + 1} of basis ${basis.name} sits on atom ${atom + 1}, but the molecule has ${atoms.length} atoms: label a basis with the molecule it was placed on`, { field: 'molecule' });
    }
    const key = `${atom}/${L}`;
    const earlier = shellsBefore.get(key) ?? 0;
    shellsBefore.set(key, earlier + 1);
    const n = L + 1 + earlier;
    for (const c of shellComponentLabels(L, basis.shellPure[s] === 1)) out.push(`${name} ${n}${shellLabel(L)}${c}`);
  }
  if (out.length !== basis.nbf) throw new InvalidInputError(`basis ${basis.name} has ${basis.nbf} functions but its shells give ${out.length}`, { field: 'basis' });
  return out;
}
