/**
 * Shared fixtures of the one-electron integral tests: reference cases from ../shared, rotated and
 * translated molecules, and a BasisSet built by hand from single primitives.
 */
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import type { BasisSet } from '../../src/basis/basis-set';

export const SHARED = path.resolve(__dirname, '../../../shared');

const Z_OF: Record<string, number> = { H: 1, C: 6, N: 7, O: 8, S: 16 };

export interface TestAtom {
  symbol: string;
  Z: number;
  position: [number, number, number];
}
export interface TestMolecule {
  atoms: TestAtom[];
}

interface PublicCase {
  name: string;
  basis: string;
  puream: boolean;
  nbf: number;
  atoms_bohr: Array<[string, number, number, number]>;
  energy: number;
  dipole_debye: [number, number, number];
  reference: string;
}

export function publicCase(name: string): PublicCase & { molecule: TestMolecule } {
  const cases = JSON.parse(readFileSync(path.join(SHARED, 'reference/public-cases.json'), 'utf8')) as PublicCase[];
  const c = cases.find((x) => x.name === name);
  if (!c) throw new Error(`no public case ${name}`);
  const molecule = {
    atoms: c.atoms_bohr.map(([symbol, x, y, z]) => ({ symbol, Z: Z_OF[symbol]!, position: [x, y, z] as [number, number, number] })),
  };
  return { ...c, molecule };
}

/** Water at R(OH) = 1.1 Å, ∠HOH = 104° (not on any symmetry plane of the axes, to exercise every component). */
export const WATER_TILTED: TestMolecule = {
  atoms: [
    { symbol: 'O', Z: 8, position: [0.1, -0.2, 0.3] },
    { symbol: 'H', Z: 1, position: [1.5, 1.0, 0.6] },
    { symbol: 'H', Z: 1, position: [-1.3, 0.9, -0.5] },
  ],
};

/** Rotation matrix (row-major 3×3) about a unit axis by an angle (right-handed). */
export function rotation(axis: [number, number, number], angle: number): number[] {
  const n = Math.hypot(...axis);
  const [x, y, z] = axis.map((v) => v / n) as [number, number, number];
  const c = Math.cos(angle), s = Math.sin(angle), t = 1 - c;
  return [t * x * x + c, t * x * y - s * z, t * x * z + s * y, t * x * y + s * z, t * y * y + c, t * y * z - s * x, t * x * z - s * y, t * y * z + s * x, t * z * z + c];
}

export function transform(mol: TestMolecule, R: number[], shift: [number, number, number]): TestMolecule {
  return {
    atoms: mol.atoms.map((a) => {
      const [x, y, z] = a.position;
      return {
        ...a,
        position: [R[0]! * x + R[1]! * y + R[2]! * z + shift[0], R[3]! * x + R[4]! * y + R[5]! * z + shift[1], R[6]! * x + R[7]! * y + R[8]! * z + shift[2]] as [number, number, number],
      };
    }),
  };
}

/** A basis of single, unnormalised primitives (coefficient 1): shells given as {L, alpha, centre, pure}. */
export function primitiveBasis(shells: Array<{ L: number; alpha: number; center: [number, number, number]; pure?: boolean }>): BasisSet {
  const n = shells.length;
  const shellL = new Int32Array(n), shellPure = new Uint8Array(n), shellNprim = new Int32Array(n).fill(1);
  const shellFirstPrim = new Int32Array(n), shellFirstFunction = new Int32Array(n), shellFirstCart = new Int32Array(n);
  const shellAtom = new Int32Array(n), shellCenter = new Float64Array(3 * n);
  const exponents = new Float64Array(n), coefficients = new Float64Array(n).fill(1);
  let nbf = 0, ncart = 0, maxL = 0;
  shells.forEach((s, i) => {
    shellL[i] = s.L;
    shellPure[i] = s.pure ? 1 : 0;
    shellFirstPrim[i] = i;
    shellAtom[i] = i;
    shellCenter.set(s.center, 3 * i);
    exponents[i] = s.alpha;
    shellFirstFunction[i] = nbf;
    shellFirstCart[i] = ncart;
    const nc = ((s.L + 1) * (s.L + 2)) / 2;
    nbf += s.pure ? 2 * s.L + 1 : nc;
    ncart += nc;
    maxL = Math.max(maxL, s.L);
  });
  return { name: 'primitives', nshell: n, nbf, ncart, maxL, shellAtom, shellL, shellPure, shellNprim, shellFirstPrim, shellFirstFunction, shellFirstCart, shellCenter, exponents, coefficients };
}

/** The same basis with every shell Cartesian (pure = 0) and the Cartesian function indices. */
export function cartesianVersion(b: BasisSet): BasisSet {
  return { ...b, nbf: b.ncart, shellPure: new Uint8Array(b.nshell), shellFirstFunction: b.shellFirstCart };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} ≠ ${b.length}`);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}
