import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as geometry from '../../src/geometry';
import * as scf from '../../src/scf';
import { orbitalIndex, orbitalVolume, orbitalViewBundle, densityViewBundle, threeDmolGzipBase64, type OrbitalSelector, type OrbitalSource } from '../../src/notebook';
import { subtract } from '../../src/linalg';
import type { CheckpointOrbitals } from '../../src/store';

// A stored job's orbitals (store.checkpointOrbitals) are an OrbitalSource as they come: a type check.
const fromStore = (o: CheckpointOrbitals): OrbitalSource => o;

const WATER = fs.readFileSync(path.resolve(__dirname, '../reference/geometries/h2o_crawford.xyz'), 'utf8');
const molecule = geometry.parse(WATER, { filename: 'water.xyz' });
const prepared = scf.prepareCalculation(molecule, { basis_set: 'STO-3G' }, { threads: 1 });
const result = scf.run(prepared);
const source = { molecule: prepared.molecule, basis: prepared.basis, result };

test('orbitals are chosen by HOMO, LUMO, HOMO-k, LUMO+k or a 0-based index; anything else is a one-line error', () => {
  const occ = Float64Array.of(2, 2, 2, 2, 2, 0, 0);
  assert.equal(['HOMO', 'LUMO', 'HOMO-1', 'LUMO+1', 'homo-4', 3].map((o) => orbitalIndex(o as OrbitalSelector, occ)), [4, 5, 3, 6, 0, 3]);
  assert.throws(() => orbitalIndex('LUMO+2', occ), /orbital: orbital 'LUMO\+2' is index 7, outside 0…6/);
  assert.throws(() => orbitalIndex('HOMO-5', occ), /is index -1/);
  assert.throws(() => orbitalIndex('SOMO' as 'HOMO', occ), /orbital: expected 'HOMO', 'LUMO', 'HOMO-k', 'LUMO\+k' or a 0-based orbital index, got 'SOMO'/);
  assert.throws(() => orbitalIndex('LUMO', Float64Array.of(2, 2)), /every orbital is occupied: there is no LUMO/);
});

test('the HOMO of water on the grid is ψ_5 = Σ C_μ4 φ_μ: the out-of-plane 1b1, odd under z → −z, with its energy in the summary', () => {
  const v = orbitalVolume(source, 'HOMO', { gridSpacing: 0.25, margin: 4 });
  assert.is(v.index, 4);
  assert.is(v.name, 'HOMO');
  assert.is(v.energy, result.orbitalEnergies[0]![4]!);
  assert.ok(v.energy < 0 && v.energy > result.orbitalEnergies[0]![3]!, 'the highest of the five occupied levels');
  const [nx, ny, nz] = v.grid.counts;
  assert.is(v.values.length, nx * ny * nz);
  // The molecule lies in z = 0 and the grid (8 bohr = 32 steps of 0.25 along z) is symmetric about it: ψ(x, y, −z) = −ψ(x, y, z).
  let worst = 0, largest = 0;
  for (let i = 0; i < nx; i++) for (let j = 0; j < ny; j++) for (let l = 0; l < nz; l++) {
    const a = v.values[(i * ny + j) * nz + l]!, b = v.values[(i * ny + j) * nz + (nz - 1 - l)]!;
    worst = Math.max(worst, Math.abs(a + b));
    largest = Math.max(largest, Math.abs(a));
  }
  assert.ok(largest > 0.1 && worst < 1e-12, `antisymmetry ${worst}, max |ψ| ${largest}`);
  // Normalised on the grid within the Riemann-sum error (test/io/cube.test.ts: 1e-2 at 0.2 bohr; 2e-2 at 0.25).
  const norm = v.values.reduce((s, x) => s + x * x, 0) * 0.25 ** 3;
  assert.ok(Math.abs(norm - 1) < 2e-2, `Σψ²ΔV = ${norm}`);
  assert.match(v.summary, /^HOMO \(orbital 4 of 7, 0-based\): ε = -0\.3\d+ Eh \(-10\.\d+ eV\), occupation 2\n/);
  assert.match(v.summary, /isosurfaces at \+0\.05 \(orange\) and −0\.05 \(purple\)/);
  assert.match(v.summary, /\nO\s+0\.000000\s+-0\.075792\s+0\.000000\n/);
  assert.throws(() => orbitalVolume(source, 'HOMO', { spin: 'beta' }), /spin: the result is restricted/);
  assert.throws(() => orbitalVolume(source, 'HOMO', { isovalue: -1 }), /isovalue: the isovalue must be a positive number/);
});

test('an orbital bundle is HTML that carries 3Dmol.js and the volume, with no external URL, and the summary as text', () => {
  const b = orbitalViewBundle(source, 'LUMO', { gridSpacing: 0.4 });
  assert.equal(Object.keys(b), ['text/html', 'text/plain']);
  const html = b['text/html'] as string;
  assert.is(html.split(threeDmolGzipBase64()).length - 1, 1, '3Dmol.js once');
  assert.not.match(html, /https?:\/\//);
  assert.match(html, /<pre class="roothaan-3d-fallback"[^>]*>LUMO \(orbital 5 of 7/);
  assert.match(b['text/plain'] as string, /^LUMO \(orbital 5 of 7, 0-based\): ε = 0\.\d+ Eh/);
  const without = orbitalViewBundle(source, 5, { gridSpacing: 0.4, include3Dmol: false })['text/html'] as string;
  assert.not.ok(without.includes(threeDmolGzipBase64()));
  assert.ok(without.length < 200_000, `${without.length} characters without the library`);
});

test('a density difference bundle reports where the difference is positive and negative', () => {
  const core = (scf.iterate(prepared.problem, { guess: 'core' }).next().value as scf.ScfIteration).initialDensity![0]!;
  const sad = (scf.iterate(prepared.problem, { guess: 'sad' }).next().value as scf.ScfIteration).initialDensity![0]!;
  const b = densityViewBundle({ molecule: prepared.molecule, basis: prepared.basis }, subtract(sad, core), { title: 'ρ(SAD) − ρ(core)', gridSpacing: 0.4 });
  const m = /^ρ\(SAD\) − ρ\(core\): from (\S+) to (\S+) bohr\^-3/.exec(b['text/plain'] as string);
  assert.ok(m, b['text/plain'] as string);
  assert.ok(Number(m![1]) < -1e-3 && Number(m![2]) > 1e-3, `the two guesses put electrons in different places: ${m![1]} … ${m![2]}`);
});

test('stored orbitals (coefficients, energies, occupations) give the same volume as the result they came from', () => {
  const stored = fromStore({ molecule: prepared.molecule, basis: prepared.basis, coefficients: result.moCoefficients, energies: result.orbitalEnergies, occupations: result.occupations });
  const a = orbitalVolume(source, 'HOMO-1', { gridSpacing: 0.5 });
  const b = orbitalVolume(stored, 'HOMO-1', { gridSpacing: 0.5 });
  assert.is(a.index, 3);
  assert.is(b.name, 'HOMO-1');
  assert.equal(Array.from(b.values), Array.from(a.values));
});

test('a UHF result shows its β orbitals with spin: beta (OH radical: the β HOMO is orbital 3, the α one orbital 4)', () => {
  const oh = geometry.parse('2\nOH\nO 0 0 0\nH 0 0 0.97\n', { format: 'xyz' });
  const p = scf.prepareCalculation(oh, { basis_set: 'STO-3G', reference: 'uhf' }, { threads: 1 });
  try {
    const r = scf.run(p);
    const src = { molecule: p.molecule, basis: p.basis, result: r };
    const alpha = orbitalVolume(src, 'HOMO', { gridSpacing: 0.5 });
    const beta = orbitalVolume(src, 'HOMO', { gridSpacing: 0.5, spin: 'beta' });
    assert.is(alpha.index, oh.nalpha - 1);
    assert.is(beta.index, oh.nbeta - 1);
    assert.is(beta.energy, r.orbitalEnergies[1]![oh.nbeta - 1]!);
    assert.match(beta.summary, /^HOMO \(orbital 3 of 6, 0-based, β\)/);
    assert.not.equal(Array.from(beta.values), Array.from(alpha.values));
  } finally {
    p.dispose();
  }
});

test.after(() => prepared.dispose());
test.run();
