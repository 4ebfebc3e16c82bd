import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import { readNpy } from '../helpers/npy';
import { fullTensorJK } from '../helpers/full-tensor-jk';
import { add, type Matrix } from '../../src/linalg';
import type { ScfProblem } from '../../src/scf';

/** The Psi4 reference data (see test/reference/README.md). */
export const REFERENCE_DIR = path.resolve(__dirname, '../reference');

export interface PublicCase {
  name: string;
  basis: string;
  reference: 'rhf' | 'uhf';
  charge: number;
  multiplicity: number;
  energy: number;
  nuclear_repulsion: number;
  nbf: number;
  puream: boolean;
  nalpha: number;
  nbeta: number;
  dipole_debye: [number, number, number];
  mulliken: number[];
  atoms_bohr: [string, number, number, number][];
  xyz_file: string;
}

export function publicCases(): PublicCase[] {
  return JSON.parse(readFileSync(path.join(REFERENCE_DIR, 'public-cases.json'), 'utf8')) as PublicCase[];
}

export function publicCase(name: string): PublicCase {
  const c = publicCases().find((p) => p.name === name);
  if (!c) throw new Error(`no public case ${name}`);
  return c;
}

function matrix(file: string): Matrix {
  const { shape, data } = readNpy(file);
  if (shape.length !== 2) throw new Error(`${file}: expected a matrix, got shape ${shape}`);
  return { rows: shape[0]!, cols: shape[1]!, data };
}

export interface ReferenceMatrices {
  S: Matrix;
  T: Matrix;
  V: Matrix;
  H: Matrix;
  eri: Float64Array;
  densityAlpha: Matrix;
  orbitalEnergiesAlpha: Float64Array;
  nbf: number;
}

const cache = new Map<string, ReferenceMatrices>();

/** Psi4's matrices for h2o_sto3g, h2o_631gs or h2o_ccpvdz. */
export function referenceMatrices(name: string): ReferenceMatrices {
  const hit = cache.get(name);
  if (hit) return hit;
  const dir = path.join(REFERENCE_DIR, 'matrices', name);
  const S = matrix(path.join(dir, 'overlap.npy'));
  const T = matrix(path.join(dir, 'kinetic.npy'));
  const V = matrix(path.join(dir, 'potential.npy'));
  const eri = readNpy(path.join(dir, 'eri.npy')).data;
  const out: ReferenceMatrices = {
    S, T, V, H: add(T, V), eri,
    densityAlpha: matrix(path.join(dir, 'density_alpha.npy')),
    orbitalEnergiesAlpha: readNpy(path.join(dir, 'orbital_energies_alpha.npy')).data,
    nbf: S.rows,
  };
  cache.set(name, out);
  return out;
}

/** An SCF problem from Psi4's matrices, with the case's nuclear repulsion and electron counts (or overrides). */
export function referenceProblem(name: string, electrons?: { nalpha: number; nbeta: number }): ScfProblem {
  const m = referenceMatrices(name);
  const c = publicCase(name);
  return {
    overlap: m.S,
    coreHamiltonian: m.H,
    jk: fullTensorJK(m.eri, m.nbf),
    nuclearRepulsion: c.nuclear_repulsion,
    nalpha: electrons?.nalpha ?? c.nalpha,
    nbeta: electrons?.nbeta ?? c.nbeta,
  };
}
