/**
 * A basis set on a molecule, as flat typed arrays (struct of arrays), after libcint's `bas`/`env`
 * layout: one slot per shell in each array, primitives in shared pools.
 *
 * ## Function ordering (the one convention every matrix in roothaan follows)
 * - Shells are in the order the atoms appear in the molecule and, within an atom, in the order
 *   of the basis file. An SP shell of a file becomes an S shell followed by a P shell.
 * - A shell's functions occupy `nfunc(shell)` consecutive indices starting at
 *   `shellFirstFunction[shell]`.
 * - Cartesian components (pure = 0) are in lexicographic order, x before y before z:
 *   p: x, y, z; d: xx, xy, xz, yy, yz, zz; f: xxx, xxy, xxz, xyy, xyz, xzz, yyy, yyz, yzz, zzz;
 *   in general, for lx from L down to 0, ly from L − lx down to 0, lz = L − lx − ly.
 * - Spherical (real solid harmonic) components (pure = 1) are ordered m = 0, +1, −1, +2, −2, …,
 *   +L, −L. For p this means z, x, y.
 * This is Psi4's ordering, so matrices compare element by element with Psi4's.
 *
 * ## Normalisation
 * `coefficients` already include each primitive's normalisation constant for the axis-aligned
 * Cartesian component (x^L e^{−αr²}), and are scaled so the contracted axis-aligned component
 * has unit norm. Mixed Cartesian components (xy, …) are then not unit-normalised (xy has
 * self-overlap 1/3), as in Psi4; spherical components built from these are unit-normalised.
 */
export interface BasisSet {
  /** The basis set's name as given (`cc-pVDZ`), or `custom` for a user's text. */
  readonly name: string;
  /** Number of shells. */
  readonly nshell: number;
  /** Number of basis functions (each shell counts 2L+1 if pure, (L+1)(L+2)/2 if Cartesian). */
  readonly nbf: number;
  /** Number of Cartesian functions, whatever the pure flags (integral engines work in these first). */
  readonly ncart: number;
  /** Highest angular momentum of any shell. */
  readonly maxL: number;
  /** Index of the atom each shell sits on. */
  readonly shellAtom: Int32Array;
  /** Angular momentum L of each shell (0 = s, 1 = p, …, 4 = g). */
  readonly shellL: Int32Array;
  /** 1 if the shell uses spherical (pure) functions, 0 if Cartesian. */
  readonly shellPure: Uint8Array;
  /** Number of primitives of each shell. */
  readonly shellNprim: Int32Array;
  /** Offset of each shell's first primitive in `exponents` and `coefficients`. */
  readonly shellFirstPrim: Int32Array;
  /** Index of each shell's first basis function. */
  readonly shellFirstFunction: Int32Array;
  /** Index of each shell's first Cartesian function (in the ncart-long Cartesian list). */
  readonly shellFirstCart: Int32Array;
  /** Centre of each shell in bohr: x, y, z of shell s at 3s, 3s+1, 3s+2. */
  readonly shellCenter: Float64Array;
  /** Primitive exponents α in bohr⁻². */
  readonly exponents: Float64Array;
  /** Contraction coefficients including primitive normalisation (see above). */
  readonly coefficients: Float64Array;
}

/** Number of Cartesian components of a shell of angular momentum L: (L+1)(L+2)/2. */
export function cartesianCount(L: number): number {
  return ((L + 1) * (L + 2)) / 2;
}

/** Number of spherical components of a shell of angular momentum L: 2L+1. */
export function sphericalCount(L: number): number {
  return 2 * L + 1;
}

/** Number of functions of a shell as the basis set uses it (spherical or Cartesian). */
export function shellSize(basis: BasisSet, shell: number): number {
  const L = basis.shellL[shell]!;
  return basis.shellPure[shell] ? 2 * L + 1 : ((L + 1) * (L + 2)) / 2;
}

/** One shell placed on a centre, as {@link basisFromShells} takes it. */
export interface PlacedShell {
  /** Index of the atom the shell sits on. */
  readonly atom: number;
  /** Centre in bohr. */
  readonly center: readonly [number, number, number];
  /** Angular momentum. */
  readonly L: number;
  /** Spherical (true) or Cartesian (false) functions. */
  readonly pure: boolean;
  /** Primitive exponents in bohr⁻². */
  readonly exponents: ArrayLike<number>;
  /** Contraction coefficients, used as given (normalise them first: see `normalizeContraction`). */
  readonly coefficients: ArrayLike<number>;
}

/**
 * Lays shells out as a flat {@link BasisSet}: shells in the order given, function and Cartesian
 * indices counted as documented above. {@link load} builds every basis through this; tests and
 * notebooks use it for hand-made shells.
 *
 * @example
 * ```ts
 * const b = basisFromShells('one p', [{ atom: 0, center: [0, 0, 0], L: 1, pure: false, exponents: [1], coefficients: [1] }]);
 * b.nbf; // 3
 * ```
 */
export function basisFromShells(name: string, shells: readonly PlacedShell[]): BasisSet {
  const nshell = shells.length;
  const nprimTotal = shells.reduce((sum, s) => sum + s.exponents.length, 0);
  const shellAtom = new Int32Array(nshell);
  const shellL = new Int32Array(nshell);
  const shellPure = new Uint8Array(nshell);
  const shellNprim = new Int32Array(nshell);
  const shellFirstPrim = new Int32Array(nshell);
  const shellFirstFunction = new Int32Array(nshell);
  const shellFirstCart = new Int32Array(nshell);
  const shellCenter = new Float64Array(3 * nshell);
  const exponents = new Float64Array(nprimTotal);
  const coefficients = new Float64Array(nprimTotal);
  let prim = 0;
  let nbf = 0;
  let ncart = 0;
  let maxL = 0;
  shells.forEach((shell, s) => {
    const L = shell.L;
    shellAtom[s] = shell.atom;
    shellL[s] = L;
    shellPure[s] = shell.pure ? 1 : 0;
    shellNprim[s] = shell.exponents.length;
    shellFirstPrim[s] = prim;
    shellFirstFunction[s] = nbf;
    shellFirstCart[s] = ncart;
    shellCenter.set(shell.center, 3 * s);
    exponents.set(shell.exponents, prim);
    coefficients.set(shell.coefficients, prim);
    prim += shell.exponents.length;
    nbf += shell.pure ? sphericalCount(L) : cartesianCount(L);
    ncart += cartesianCount(L);
    maxL = Math.max(maxL, L);
  });
  return {
    name,
    nshell,
    nbf,
    ncart,
    maxL,
    shellAtom,
    shellL,
    shellPure,
    shellNprim,
    shellFirstPrim,
    shellFirstFunction,
    shellFirstCart,
    shellCenter,
    exponents,
    coefficients,
  };
}
