/**
 * Fixtures of the two-electron tests: reference cases from test/reference, hand-made basis sets with
 * f and g shells, random densities and a naive J/K contraction over the full tensor.
 */
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import { basisFromShells, type BasisSet } from '../../src/basis/basis-set';
import { load } from '../../src/basis/load';
import { normalizeContraction } from '../../src/basis/normalization';
import type { Matrix } from '../../src/linalg';

export const REFERENCE_DIR = path.resolve(__dirname, '../reference');

const Z_OF: Record<string, number> = { H: 1, C: 6, N: 7, O: 8, S: 16 };

export type Vec3 = [number, number, number];

export interface TestMolecule {
  atoms: Array<{ symbol: string; Z: number; position: Vec3 }>;
}

interface PublicCase {
  name: string;
  basis: string;
  puream: boolean;
  nbf: number;
  energy: number;
  atoms_bohr: Array<[string, number, number, number]>;
}

/** A public reference case with its molecule (bohr) and basis set as Psi4 used them. */
export function publicCase(name: string): Omit<PublicCase, 'basis'> & { basisName: string; molecule: TestMolecule; basis: BasisSet } {
  const cases = JSON.parse(readFileSync(path.join(REFERENCE_DIR, 'public-cases.json'), 'utf8')) as PublicCase[];
  const c = cases.find((x) => x.name === name);
  if (!c) throw new Error(`no public case ${name}`);
  const molecule: TestMolecule = {
    atoms: c.atoms_bohr.map(([symbol, x, y, z]) => ({ symbol, Z: Z_OF[symbol]!, position: [x, y, z] as Vec3 })),
  };
  return { ...c, basisName: c.basis, molecule, basis: load(c.basis, molecule, { pure: c.puream }) };
}

/** Path of a reference matrix file. */
export function referenceMatrix(caseName: string, file: string): string {
  return path.join(REFERENCE_DIR, 'matrices', caseName, file);
}

export interface HandShell {
  center: Vec3;
  L: number;
  exponents: number[];
  /** File-style contraction coefficients (normalised here as src/basis does). */
  coefficients: number[];
}

/** A BasisSet built by hand from shells, all pure or all Cartesian (layout of src/basis/basis-set.ts). */
export function handBasis(shells: HandShell[], pure: boolean): BasisSet {
  // Each shell on its own "atom", coefficients normalised as `load` does.
  return basisFromShells(
    'hand-made',
    shells.map((s, i) => ({
      atom: i,
      center: s.center,
      L: s.L,
      pure,
      exponents: s.exponents,
      coefficients: normalizeContraction(s.exponents, s.coefficients, s.L),
    })),
  );
}

/** Shells up to g on three centres (no symmetry), contracted and single-primitive. */
export function highLShells(offset: Vec3 = [0, 0, 0], R: number[] = [1, 0, 0, 0, 1, 0, 0, 0, 1]): HandShell[] {
  const place = (v: Vec3): Vec3 => {
    const r: Vec3 = [
      R[0]! * v[0] + R[1]! * v[1] + R[2]! * v[2],
      R[3]! * v[0] + R[4]! * v[1] + R[5]! * v[2],
      R[6]! * v[0] + R[7]! * v[1] + R[8]! * v[2],
    ];
    return [r[0] + offset[0], r[1] + offset[1], r[2] + offset[2]];
  };
  const A = place([0.1, -0.2, 0.3]);
  const B = place([1.4, 0.9, -0.4]);
  const C = place([-0.8, 1.1, 1.2]);
  return [
    { center: A, L: 4, exponents: [1.1, 0.4], coefficients: [0.6, 0.5] },
    { center: B, L: 3, exponents: [0.9], coefficients: [1] },
    { center: C, L: 2, exponents: [2.0, 0.6], coefficients: [0.3, 0.8] },
    { center: A, L: 1, exponents: [0.7], coefficients: [1] },
    { center: B, L: 0, exponents: [3.0, 0.5], coefficients: [0.4, 0.7] },
    { center: C, L: 4, exponents: [0.8], coefficients: [1] },
  ];
}

/** Deterministic pseudo-random numbers in [−0.5, 0.5) (Park–Miller). */
export function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647 - 0.5;
  };
}

/** A random symmetric nbf×nbf matrix with entries in [−0.5, 0.5). */
export function randomSymmetric(nbf: number, seed: number): Matrix {
  const r = rng(seed);
  const data = new Float64Array(nbf * nbf);
  for (let i = 0; i < nbf; i++) {
    for (let j = 0; j <= i; j++) {
      const v = r();
      data[i * nbf + j] = v;
      data[j * nbf + i] = v;
    }
  }
  return { rows: nbf, cols: nbf, data };
}

/** J_ij = Σ_kl (ij|kl) D_kl and K_ij = Σ_kl (ik|jl) D_kl straight from the full tensor. */
export function naiveJK(eri: Float64Array, D: Matrix): { J: Float64Array; K: Float64Array } {
  const n = D.rows;
  const J = new Float64Array(n * n);
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sj = 0;
      let sk = 0;
      for (let k = 0; k < n; k++) {
        for (let l = 0; l < n; l++) {
          sj += eri[((i * n + j) * n + k) * n + l]! * D.data[k * n + l]!;
          sk += eri[((i * n + k) * n + j) * n + l]! * D.data[k * n + l]!;
        }
      }
      J[i * n + j] = sj;
      K[i * n + j] = sk;
    }
  }
  return { J, K };
}

/** Largest |a − b| over two arrays; NaN anywhere gives Infinity (so a NaN can never pass). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}

/** tr(D(J − ½K)) = Σ_ij D_ij (J_ij − ½ K_ij) (hartree for a density in electrons). */
export function energyLike(D: Matrix, J: Matrix, K: Matrix): number {
  let e = 0;
  for (let i = 0; i < D.data.length; i++) e += D.data[i]! * (J.data[i]! - 0.5 * K.data[i]!);
  return e;
}
