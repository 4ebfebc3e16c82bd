/**
 * A human-readable summary of a basis set on a molecule, for `roothaan basis show` and notebooks.
 */
import { shellLabel } from './angular-momentum';
import type { BasisSet } from './basis-set';
import { shellSize } from './basis-set';
import type { MoleculeLike } from './load';

/** The shells on one atom. */
export interface AtomBasisSummary {
  /** Atom index (0-based) in the molecule. */
  readonly atom: number;
  /** Element symbol as the molecule gives it. */
  readonly symbol: string;
  /** Contracted shells by angular momentum in the usual notation: `3s2p1d`. */
  readonly shells: string;
  /** Number of basis functions on the atom. */
  readonly nbf: number;
}

/** A basis set on a molecule, summarised. */
export interface BasisDescription {
  readonly name: string;
  readonly nbf: number;
  readonly nshell: number;
  /** Number of primitive Gaussians. */
  readonly nprim: number;
  readonly maxL: number;
  /** `spherical`, `cartesian`, or `mixed` if shells differ. */
  readonly harmonics: 'spherical' | 'cartesian' | 'mixed';
  readonly atoms: readonly AtomBasisSummary[];
  /** Readable lines: a header, then one line per distinct element (`O: 3s2p1d (14 functions)`). */
  readonly lines: readonly string[];
}

/**
 * The per-atom shell summary of a basis set on a molecule.
 *
 * @example
 * ```ts
 * const d = describeBasis(load('cc-pVDZ', water), water);
 * d.lines; // ['cc-pVDZ: 24 basis functions, 12 shells, 32 primitives, spherical', 'O: 3s2p1d (14 functions)', 'H: 2s1p (5 functions)']
 * ```
 */
export function describeBasis(basis: BasisSet, molecule: MoleculeLike): BasisDescription {
  const atoms: AtomBasisSummary[] = molecule.atoms.map((atom, index) => {
    const counts: number[] = [];
    let nbf = 0;
    for (let s = 0; s < basis.nshell; s++) {
      if (basis.shellAtom[s] !== index) continue;
      const L = basis.shellL[s]!;
      counts[L] = (counts[L] ?? 0) + 1;
      nbf += shellSize(basis, s);
    }
    let shells = '';
    counts.forEach((n, L) => {
      if (n) shells += `${n}${shellLabel(L)}`;
    });
    return { atom: index, symbol: atom.symbol, shells, nbf };
  });

  let npure = 0;
  for (let s = 0; s < basis.nshell; s++) npure += basis.shellPure[s]!;
  const harmonics = npure === basis.nshell ? 'spherical' : npure === 0 ? 'cartesian' : 'mixed';
  let nprim = 0;
  for (let s = 0; s < basis.nshell; s++) nprim += basis.shellNprim[s]!;

  const lines = [`${basis.name}: ${basis.nbf} basis functions, ${basis.nshell} shells, ${nprim} primitives, ${harmonics}`];
  const seen = new Set<string>();
  for (const a of atoms) {
    const line = `${a.symbol}: ${a.shells} (${a.nbf} functions)`;
    if (!seen.has(line)) lines.push(line);
    seen.add(line);
  }
  return { name: basis.name, nbf: basis.nbf, nshell: basis.nshell, nprim, maxL: basis.maxL, harmonics, atoms, lines };
}

/**
 * {@link describeBasis} as text: a header line, then one line per distinct element.
 *
 * @example
 * ```ts
 * describe(load('cc-pVDZ', water), water);
 * // 'cc-pVDZ: 24 basis functions, 12 shells, 32 primitives, spherical\nO: 3s2p1d (14 functions)\nH: 2s1p (5 functions)'
 * ```
 */
export function describe(basis: BasisSet, molecule: MoleculeLike): string {
  return describeBasis(basis, molecule).lines.join('\n');
}
