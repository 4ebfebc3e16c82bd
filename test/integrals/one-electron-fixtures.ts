/**
 * Shared fixtures of the one-electron integral tests: reference cases from test/reference, rotated and
 * translated molecules, and a BasisSet built by hand from single primitives.
 */
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import { basisFromShells, type BasisSet } from '../../src/basis/basis-set';

export const REFERENCE_DIR = path.resolve(__dirname, '../reference');

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
  const cases = JSON.parse(readFileSync(path.join(REFERENCE_DIR, 'public-cases.json'), 'utf8')) as PublicCase[];
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
  return basisFromShells(
    'primitives',
    shells.map((s, i) => ({ atom: i, center: s.center, L: s.L, pure: s.pure ?? false, exponents: [s.alpha], coefficients: [1] })),
  );
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
