/**
 * Orbitals on a grid, written as a Gaussian cube file (VMD, Avogadro, Jmol, IboView read it).
 *
 * Format (Gaussian's `cubegen`; <https://paulbourke.net/dataformats/cube/>): two comment lines;
 * the atom count and the grid origin (bohr); for each axis the point count and step vector
 * (bohr: the count is positive); one line per atom (Z, charge, x, y, z in bohr); then the values,
 * x slowest and z fastest, six per line, each z row starting on a new line.
 *
 * @packageDocumentation
 */
import type { BasisSet } from '../basis/basis-set';
import { InvalidInputError } from '../errors';
import { basisValues } from '../integrals/basis-values';
import type { Matrix } from '../linalg';

/** A regular grid along x, y, z: origin and step in bohr, point counts. */
export interface CubeGrid {
  readonly origin: readonly [number, number, number];
  /** Step along each axis, bohr. */
  readonly spacing: number;
  readonly counts: readonly [number, number, number];
}

/** Atoms as a cube file lists them: atomic number and position in bohr. */
export type CubeAtoms = readonly { readonly Z: number; readonly position: readonly [number, number, number] }[];

/**
 * The grid that covers the atoms with `margin` bohr on every side, at `spacing` bohr.
 * @example `io.cubeGrid(molecule.atoms, 0.2, 5).counts // water (Crawford's geometry): [67, 57, 51]`
 */
export function cubeGrid(atoms: CubeAtoms, spacing: number, margin: number): CubeGrid {
  if (!(spacing > 0) || !Number.isFinite(spacing)) throw new InvalidInputError(`the grid spacing must be a positive number of bohr, got ${spacing}`, { field: '--spacing' });
  if (!(margin >= 0) || !Number.isFinite(margin)) throw new InvalidInputError(`the margin must be a non-negative number of bohr, got ${margin}`, { field: '--margin' });
  const lo = [0, 1, 2].map((k) => Math.min(...atoms.map((a) => a.position[k]!)) - margin);
  const hi = [0, 1, 2].map((k) => Math.max(...atoms.map((a) => a.position[k]!)) + margin);
  const counts = [0, 1, 2].map((k) => Math.floor((hi[k]! - lo[k]!) / spacing) + 1) as [number, number, number];
  if (counts[0] * counts[1] * counts[2] > 5e7) throw new InvalidInputError(`a grid of ${counts.join(' × ')} points is too large; use a larger --spacing`, { field: '--spacing' });
  return { origin: lo as [number, number, number], spacing, counts };
}

/**
 * Orbital `p` (0-based column of C) at every grid point, x slowest, z fastest (bohr^{−3/2}).
 * @example `io.orbitalOnGrid(basisSet, C, 4, io.cubeGrid(molecule.atoms, 0.2, 5))`
 */
export function orbitalOnGrid(basis: BasisSet, C: Matrix, p: number, grid: CubeGrid): Float64Array {
  const nbf = basis.nbf;
  return valuesOnGrid(basis, grid, (phi, q) => {
    let v = 0;
    for (let mu = 0; mu < nbf; mu++) v += phi[q * nbf + mu]! * C.data[mu * C.cols + p]!;
    return v;
  });
}

/**
 * `value(φ, q)` at every grid point q, x slowest, z fastest, where φ holds the basis functions'
 * values at one x-plane of the grid (`basisValues`, nbf per point): the walk that
 * {@link orbitalOnGrid} and {@link densityOnGrid} share.
 */
function valuesOnGrid(basis: BasisSet, grid: CubeGrid, value: (phi: Float64Array, q: number) => number): Float64Array {
  const [nx, ny, nz] = grid.counts;
  const out = new Float64Array(nx * ny * nz);
  const slab = new Float64Array(3 * ny * nz);
  for (let i = 0; i < nx; i++) {
    let k = 0;
    for (let j = 0; j < ny; j++) {
      for (let l = 0; l < nz; l++) {
        slab[k++] = grid.origin[0] + i * grid.spacing;
        slab[k++] = grid.origin[1] + j * grid.spacing;
        slab[k++] = grid.origin[2] + l * grid.spacing;
      }
    }
    const phi = basisValues(basis, slab);
    for (let q = 0; q < ny * nz; q++) out[i * ny * nz + q] = value(phi, q);
  }
  return out;
}

/**
 * The electron density of a density matrix at every grid point, x slowest, z fastest (bohr^{−3}):
 * ρ(r) = Σ_μν D_μν φ_μ(r) φ_ν(r) (Szabo & Ostlund Eq. 3.114, with P = D the total density).
 * A difference of two densities gives the density difference.
 * @example `io.densityOnGrid(basisSet, D, io.cubeGrid(molecule.atoms, 0.3, 4))`
 */
export function densityOnGrid(basis: BasisSet, D: Matrix, grid: CubeGrid): Float64Array {
  const nbf = basis.nbf;
  if (D.rows !== nbf || D.cols !== nbf) throw new InvalidInputError(`D is ${D.rows}×${D.cols}, the basis has ${nbf} functions`, { field: 'D' });
  return valuesOnGrid(basis, grid, (phi, q) => {
    let v = 0;
    for (let mu = 0; mu < nbf; mu++) {
      const pm = phi[q * nbf + mu]!;
      if (pm === 0) continue;
      let row = 0;
      for (let nu = 0; nu < nbf; nu++) row += D.data[mu * nbf + nu]! * phi[q * nbf + nu]!;
      v += pm * row;
    }
    return v;
  });
}

const e = (x: number): string => x.toExponential(5).replace(/e([+-])(\d)$/, 'e$10$2').toUpperCase().padStart(13);

/**
 * A cube file of values on a grid (x slowest, z fastest).
 * @example `io.formatCube({ atoms: molecule.atoms, grid, values: io.orbitalOnGrid(basisSet, C, 4, grid), comment: 'HOMO' })`
 */
export function formatCube(input: { atoms: CubeAtoms; grid: CubeGrid; values: Float64Array; title?: string; comment?: string }): string {
  const { atoms, grid, values } = input;
  const [nx, ny, nz] = grid.counts;
  if (values.length !== nx * ny * nz) throw new InvalidInputError(`${values.length} values for a grid of ${nx * ny * nz} points`, { field: 'values' });
  const f = (x: number): string => x.toFixed(6).padStart(12);
  const lines = [(input.title ?? 'roothaan cube').replace(/\n/g, ' '), (input.comment ?? '').replace(/\n/g, ' ')];
  lines.push(`${String(atoms.length).padStart(5)}${grid.origin.map(f).join('')}`);
  grid.counts.forEach((n, k) => lines.push(`${String(n).padStart(5)}${[0, 1, 2].map((c) => f(c === k ? grid.spacing : 0)).join('')}`));
  for (const a of atoms) lines.push(`${String(a.Z).padStart(5)}${f(a.Z)}${a.position.map(f).join('')}`);
  for (let r = 0; r < nx * ny; r++) {
    for (let l = 0; l < nz; l += 6) {
      let line = '';
      for (let m = l; m < Math.min(l + 6, nz); m++) line += e(values[r * nz + m]!);
      lines.push(line);
    }
  }
  return lines.join('\n') + '\n';
}
