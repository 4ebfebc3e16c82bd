import type { JKBuilder } from '../integrals/jk';
import type { Matrix } from '../linalg';

/**
 * The spin treatment: restricted closed-shell Hartree–Fock (Roothaan, Szabo & Ostlund §3.4) or
 * unrestricted Hartree–Fock (Pople–Nesbet, §3.8).
 */
export type Reference = 'rhf' | 'uhf' | 'rohf';

/** Initial guess: core Hamiltonian, generalised Wolfsberg–Helmholz, or superposition of atomic densities. */
export type GuessKind = 'core' | 'gwh' | 'sad';

/**
 * Everything the SCF needs, as data: the SCF computes no integrals itself. Build it from a
 * molecule and basis with `scf.setupProblem` (when the integral engine is available), or by hand
 * from any matrices (tests use Psi4's reference matrices).
 *
 * Matrices are nbf×nbf, row-major, in atomic units (hartree for H; S is dimensionless).
 */
export interface ScfProblem {
  /** Overlap matrix S_μν = ⟨μ|ν⟩ (Szabo & Ostlund Eq. 3.136). */
  readonly overlap: Matrix;
  /** Core Hamiltonian H = T + V in hartree (Szabo & Ostlund Eq. 3.153). */
  readonly coreHamiltonian: Matrix;
  /** Coulomb/exchange builder over the same basis (see {@link JKBuilder}). */
  readonly jk: JKBuilder;
  /** Nuclear repulsion energy Σ_{A<B} Z_A Z_B / R_AB in hartree. */
  readonly nuclearRepulsion: number;
  /** Number of α electrons. */
  readonly nalpha: number;
  /** Number of β electrons (≤ nalpha by convention, but not required). */
  readonly nbeta: number;
  /** Data for the SAD guess (needed only for guess 'sad'). */
  readonly sad?: SadProblem;
  /**
   * A density-fitted builder for Psi4's df_scf_guess: a run that starts from a guess (no
   * `start`) first converges with it, then continues with `jk` from the DF density
   * (`scf.iterate` marks the DF iterations `dfGuess: true`).
   */
  readonly dfGuess?: JKBuilder;
}

/** The integrals of one free atom in its own basis subset, for the SAD guess. */
export interface AtomIntegrals {
  /** Atomic overlap matrix (nbf_A × nbf_A). */
  readonly overlap: Matrix;
  /** Atomic core Hamiltonian (kinetic + attraction to this nucleus only), hartree. */
  readonly coreHamiltonian: Matrix;
  /** J/K builder over the atom's basis functions. */
  readonly jk: JKBuilder;
}

/** One atom of the molecule as the SAD guess sees it. */
export interface SadAtom {
  /** Nuclear charge (atomic number) Z. */
  readonly Z: number;
  /** Index of the atom's first basis function in the molecular basis (its functions are consecutive). */
  readonly firstFunction: number;
  /** Number of basis functions on the atom. */
  readonly nbf: number;
  /**
   * Atoms with the same key share one atomic calculation (e.g. `O/cc-pVDZ/pure`): same element,
   * same basis functions. Use a different key for atoms whose basis differs.
   */
  readonly key: string;
}

/**
 * Input of the SAD guess: the atoms, and a function computing one atom's integrals on demand
 * (called once per unique key), so the SCF core stays data-in/data-out. The SAD guess calls
 * the returned builder's `dispose()` when it is done with the atom.
 */
export interface SadProblem {
  readonly atoms: readonly SadAtom[];
  readonly atomIntegrals: (atomIndex: number) => AtomIntegrals;
}
