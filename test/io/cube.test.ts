/**
 * Cube files of orbitals: read back, Σ ψ² ΔV over the grid must be 1 within the grid error.
 * Measured for water/STO-3G with a 5 bohr margin (7 bohr changes nothing above 2e-5, so the
 * error is the Riemann sum near the oxygen nucleus, not the cut tails): at 0.2 bohr, orbitals
 * 3–7 give 1.00000, 1.00189, 1.00000, 1.00269, 0.99999, but the O 1s (exponent 130 bohr⁻²,
 * ψ² of width ≈ 0.04 bohr, below the spacing) 1.248 and the 2s (with 1s admixed) 1.0123; at 0.1
 * bohr those two give 1.00185 and 1.00010. The bound is 1e-2 for orbitals 3–7 at 0.2 bohr and for
 * orbitals 1–2 at 0.1 bohr.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as geometry from '../../src/geometry';
import { cubeGrid, densityOnGrid, formatCube, orbitalOnGrid } from '../../src/io';
import * as scf from '../../src/scf';

const WATER = fs.readFileSync(path.resolve(__dirname, '../reference/geometries/h2o_crawford.xyz'), 'utf8');
const GRID_ERROR = 1e-2;

function parseCube(text: string): { natoms: number; counts: number[]; spacing: number; values: number[] } {
  const lines = text.split('\n');
  const natoms = Number(lines[2]!.trim().split(/\s+/)[0]);
  const axes = [3, 4, 5].map((i) => lines[i]!.trim().split(/\s+/).map(Number));
  const values = lines.slice(6 + natoms).join(' ').trim().split(/\s+/).map(Number);
  return { natoms, counts: axes.map((a) => a[0]!), spacing: axes[0]![1]!, values };
}

test('a cube of each orbital of water/STO-3G integrates to 1 within the grid error, and HOMO and LUMO are orthogonal on it', () => {
  const molecule = geometry.parse(WATER, { filename: 'water.xyz' });
  const params = { basis_set: 'STO-3G' };
  const { result } = scf.runCalculation(molecule, params, { threads: 1 });
  const prepared = scf.prepareCalculation(molecule, params, { threads: 1 });
  const grid = cubeGrid(molecule.atoms, 0.2, 5);
  const C = result.moCoefficients[0]!;
  const homo = 4;
  const cubes = [2, 3, 4, 5, 6].map((p) => parseCube(formatCube({ atoms: molecule.atoms, grid, values: orbitalOnGrid(prepared.basis, C, p, grid), comment: `orbital ${p + 1}` })));
  const fine = cubeGrid(molecule.atoms, 0.1, 5);
  const core = [0, 1].map((p) => orbitalOnGrid(prepared.basis, C, p, fine).reduce((sum, v) => sum + v * v, 0) * 0.1 ** 3);
  prepared.dispose();
  core.forEach((norm, p) => {
    console.log(`  orbital ${p + 1}: Σψ²ΔV = ${norm.toFixed(6)} at 0.1 bohr on ${fine.counts.join('×')}`);
    assert.ok(Math.abs(norm - 1) < GRID_ERROR, `orbital ${p + 1}: ${norm}`);
  });
  const dV = 0.2 ** 3;
  cubes.forEach((cube, k) => {
    assert.is(cube.natoms, 3);
    assert.equal(cube.counts, [...grid.counts]);
    assert.is(cube.values.length, grid.counts[0] * grid.counts[1] * grid.counts[2]);
    const norm = cube.values.reduce((s, v) => s + v * v, 0) * dV;
    console.log(`  orbital ${k + 3}${k + 2 === homo ? ' (HOMO)' : k + 2 === homo + 1 ? ' (LUMO)' : ''}: Σψ²ΔV = ${norm.toFixed(6)} on ${grid.counts.join('×')}`);
    assert.ok(Math.abs(norm - 1) < GRID_ERROR, `orbital ${k + 3}: ${norm}`);
  });
  const overlap = cubes[homo - 2]!.values.reduce((s, v, i) => s + v * cubes[homo - 1]!.values[i]!, 0) * dV;
  assert.ok(Math.abs(overlap) < GRID_ERROR, `⟨HOMO|LUMO⟩ = ${overlap}`);
});

test('a grid that would be too large, or a bad spacing, is a one-line error naming the flag', () => {
  const atoms = [{ Z: 1, position: [0, 0, 0] as [number, number, number] }];
  assert.throws(() => cubeGrid(atoms, 0, 5), /--spacing: the grid spacing must be a positive number of bohr, got 0/);
  assert.throws(() => cubeGrid(atoms, 0.01, 50), /too large; use a larger --spacing/);
});

test('the density on a grid is Σ_i n_i ψ_i² at every point (water/STO-3G), and a wrong-sized D is refused', () => {
  const molecule = geometry.parse(WATER, { filename: 'water.xyz' });
  const prepared = scf.prepareCalculation(molecule, { basis_set: 'STO-3G' }, { threads: 1 });
  const result = scf.run(prepared);
  const grid = cubeGrid(molecule.atoms, 0.4, 3);
  const rho = densityOnGrid(prepared.basis, result.densities[0]!, grid);
  const fromOrbitals = new Float64Array(rho.length);
  result.occupations[0]!.forEach((n, p) => {
    if (n === 0) return;
    orbitalOnGrid(prepared.basis, result.moCoefficients[0]!, p, grid).forEach((v, i) => (fromOrbitals[i] += n * v * v));
  });
  let worst = 0;
  rho.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - fromOrbitals[i]!))));
  // Two sums of the same products in another order: rounding only (ρ reaches ~300 bohr⁻³ at the O nucleus).
  assert.ok(worst < 1e-10, `max |ρ − Σ n ψ²| = ${worst}`);
  assert.ok(rho.every((v) => v >= -1e-12), 'a density is not negative');
  assert.throws(() => densityOnGrid(prepared.basis, { rows: 2, cols: 2, data: new Float64Array(4) }, grid), /D: D is 2×2, the basis has 7 functions/);
  prepared.dispose();
});

test.run();
