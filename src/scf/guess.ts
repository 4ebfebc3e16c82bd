import { InvalidInputError } from '../errors';
import { expectSameSquare, orthogonalizer, rmsDifference, zeros, type Matrix } from '../linalg';
import { densityFromOrbitals } from './density';
import { diisExtrapolate, diisPush, emptyDiis } from './diis';
import { rhfFock } from './fock';
import { diagonalizeFock, orbitalGradient } from './orbitals';
import type { AtomIntegrals, SadProblem } from './problem';

/**
 * The core-Hamiltonian guess: the first Fock matrix is H itself (electron–electron repulsion
 * neglected; Szabo & Ostlund §3.5.1, step 5 of the SCF procedure with P = 0).
 *
 * @example
 * ```ts
 * const F0 = coreGuessFock(H); // then diagonalizeFock(F0, X)
 * ```
 */
export function coreGuessFock(H: Matrix): Matrix {
  expectSameSquare('coreGuessFock', { H });
  return { rows: H.rows, cols: H.cols, data: Float64Array.from(H.data) };
}

/**
 * The generalised Wolfsberg–Helmholz guess (Wolfsberg & Helmholz, J. Chem. Phys. 20, 837 (1952),
 * doi:10.1063/1.1700580):
 *
 *   F_μμ = H_μμ,   F_μν = ½ K S_μν (H_μμ + H_νν)  (μ ≠ ν),  K = 1.75
 *
 * (the constant Psi4 and PySCF use).
 *
 * @example
 * ```ts
 * const F0 = gwhGuessFock(H, S); // then diagonalizeFock(F0, X)
 * ```
 */
export function gwhGuessFock(H: Matrix, S: Matrix, K = 1.75): Matrix {
  expectSameSquare('gwhGuessFock', { H, S });
  const n = H.rows;
  const F = zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      F.data[i * n + j] =
        i === j ? H.data[i * n + i]! : 0.5 * K * S.data[i * n + j]! * (H.data[i * n + i]! + H.data[j * n + j]!);
    }
  }
  return F;
}

/** Subshell filling order (n, l) of the ground-state aufbau (Madelung) rule. */
const AUFBAU: ReadonlyArray<readonly [number, number]> = [
  [1, 0], [2, 0], [2, 1], [3, 0], [3, 1], [4, 0], [3, 2], [4, 1], [5, 0], [4, 2], [5, 1], [6, 0], [4, 3], [5, 2],
  [6, 1], [7, 0], [5, 3], [6, 2], [7, 1],
];

/**
 * Spherically averaged orbital occupations of a neutral atom (or an ion with `electrons`
 * electrons) for the SAD guess: subshells filled in aufbau order; each filled subshell's 2l+1
 * orbitals hold 2 electrons; the open subshell's electrons are spread evenly over its 2l+1
 * orbitals. Orbitals are listed in the same order the atomic SCF orders them (by energy), which
 * matches aufbau for the main-group elements.
 *
 * @example
 * ```ts
 * Array.from(sadOccupations(8)); // O 1s² 2s² 2p⁴ → [2, 2, 4/3, 4/3, 4/3]
 * ```
 */
export function sadOccupations(electrons: number): Float64Array {
  if (!Number.isInteger(electrons) || electrons < 0) throw new InvalidInputError(`SAD: invalid electron count ${electrons}`);
  const occ: number[] = [];
  let left = electrons;
  for (const [, l] of AUFBAU) {
    if (left <= 0) break;
    const norb = 2 * l + 1;
    const here = Math.min(left, 2 * norb);
    for (let k = 0; k < norb; k++) occ.push(here / norb);
    left -= here;
  }
  if (left > 0) throw new InvalidInputError(`SAD: ${electrons} electrons exceed the supported aufbau table`);
  // Drop trailing empty orbitals (none are produced, but keep the contract explicit).
  return Float64Array.from(occ);
}

/** Options of the atomic calculations inside {@link sadGuess}. */
export interface SadOptions {
  /** Maximum atomic SCF iterations (default 50). */
  maxIterations?: number;
  /** RMS density change at which an atom counts as converged (default 1e-7). */
  densityTolerance?: number;
}

/**
 * The spin-restricted, fractionally occupied Hartree–Fock density of one atom in its own basis
 * (total density, D = Σ n_i C_i C_iᵀ with {@link sadOccupations}; F = H + J − ½K; DIIS
 * accelerated). Returns the atomic total density (nbf_A × nbf_A).
 *
 * @example
 * ```ts
 * const D_O = atomicDensity(problem.sad.atomIntegrals(0), 8); // water's O: tr(D_O S_O) = 8
 * ```
 */
export function atomicDensity(atom: AtomIntegrals, electrons: number, options: SadOptions = {}): Matrix {
  const maxIterations = options.maxIterations ?? 50;
  const tol = options.densityTolerance ?? 1e-7;
  const S = atom.overlap, H = atom.coreHamiltonian;
  const { X, nmo } = orthogonalizer(S);
  const full = sadOccupations(electrons);
  let total = 0;
  for (const v of full) total += v;
  // If the atom's basis has fewer orbitals than the table needs, put the rest where it fits.
  const occ = new Float64Array(Math.min(full.length, nmo));
  occ.set(full.subarray(0, occ.length));
  let placed = 0;
  for (const v of occ) placed += v;
  if (placed < total && occ.length > 0) {
    const scale = total / placed;
    for (let i = 0; i < occ.length; i++) occ[i] = Math.min(2, occ[i]! * scale);
  }
  let D = densityFromOrbitals(diagonalizeFock(H, X).coefficients, occ);
  let diis = emptyDiis();
  for (let it = 0; it < maxIterations; it++) {
    const { J, K } = atom.jk.computeJK([D]);
    const F = rhfFock(H, J[0]!, K[0]!);
    const half = { rows: D.rows, cols: D.cols, data: D.data.map((v) => 0.5 * v) };
    diis = diisPush(diis, [F], [orbitalGradient(F, half, S, X)], 6);
    const Fext = diisExtrapolate(diis).focks[0]!;
    const Dnew = densityFromOrbitals(diagonalizeFock(Fext, X).coefficients, occ);
    const change = rmsDifference(Dnew, D);
    D = Dnew;
    if (change < tol) break;
  }
  return D;
}

/**
 * Superposition of atomic densities (SAD; Almlöf, Faegri & Korsell, J. Comput. Chem. 3, 385
 * (1982), doi:10.1002/jcc.540030314; Van Lenthe et al., J. Comput. Chem. 27, 926 (2006),
 * doi:10.1002/jcc.20393): the molecular guess density is block-diagonal, each block the
 * spherically averaged density of the free neutral atom ({@link atomicDensity}), computed once per
 * unique atom key. Returns the total density (nbf×nbf). The guess is not idempotent and its
 * trace is the neutral-atom electron count; the first diagonalisation fixes both.
 *
 * @example
 * ```ts
 * const D0 = sadGuess(problem.sad, nbf); // tr(D0 S) = Σ Z_A
 * ```
 */
export function sadGuess(sad: SadProblem, nbf: number, options: SadOptions = {}): Matrix {
  const D = zeros(nbf, nbf);
  const cache = new Map<string, Matrix>();
  sad.atoms.forEach((atom, index) => {
    let Da = cache.get(atom.key);
    if (Da === undefined) {
      if (atom.nbf === 0 || atom.Z === 0) {
        Da = zeros(atom.nbf, atom.nbf); // no functions, or a ghost atom: no electrons
      } else {
        const integrals = sad.atomIntegrals(index);
        try {
          Da = atomicDensity(integrals, atom.Z, options);
        } finally {
          void integrals.jk.dispose?.();
        }
      }
      cache.set(atom.key, Da);
    }
    if (Da.rows !== atom.nbf) throw new RangeError(`SAD: atom ${index} has ${atom.nbf} functions, its density ${Da.rows}`);
    if (atom.firstFunction + atom.nbf > nbf) throw new RangeError(`SAD: atom ${index} functions exceed nbf = ${nbf}`);
    const o = atom.firstFunction, m = atom.nbf;
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) D.data[(o + i) * nbf + o + j] = Da.data[i * m + j]!;
  });
  return D;
}
