import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, parseXyz, fromAtoms } from '../../src/geometry';

// Reference data computed with Psi4 1.3.2 (see test/reference/README.md).
const reference = path.resolve(__dirname, '../reference');
interface Case {
  name: string;
  xyz_file: string;
  charge: number;
  multiplicity: number;
  nuclear_repulsion: number;
  nalpha: number;
  nbeta: number;
  atoms_bohr: [string, number, number, number][];
}
const cases: Case[] = JSON.parse(fs.readFileSync(path.join(reference, 'public-cases.json'), 'utf8'));
const read = (file: string): string => fs.readFileSync(path.join(reference, file), 'utf8');

test('every reference geometry file parses as XYZ by its extension', () => {
  const files = fs.readdirSync(path.join(reference, 'geometries')).filter((f) => f.endsWith('.xyz'));
  assert.ok(files.length >= 10);
  for (const f of files) {
    const molecule = parse(read(`geometries/${f}`), { filename: f });
    assert.is(molecule.source?.format, 'xyz');
    assert.is(molecule.source?.filename, f);
    assert.ok(molecule.atoms.length >= 2, f);
  }
});

test('the ångström reference files give Psi4’s bohr coordinates to 1e-10 bohr', () => {
  // atoms_bohr are Psi4's own conversions (CODATA 2014 bohr radius) printed to 1e-12 bohr; we
  // measure at most 5e-13. The brief asks for 1e-6; 1e-10 also catches a wrong bohr radius
  // (CODATA 2010's 0.52917721092 Å moves a 10-bohr coordinate by ~5e-9 bohr).
  let worst = 0;
  for (const c of cases) {
    if (c.xyz_file.endsWith('h2o_crawford.xyz')) continue;
    const molecule = parseXyz(read(c.xyz_file), { filename: c.xyz_file, charge: c.charge, multiplicity: c.multiplicity });
    assert.is(molecule.atoms.length, c.atoms_bohr.length, c.name);
    c.atoms_bohr.forEach(([symbol, ...xyz], i) => {
      assert.is(molecule.atoms[i]!.symbol, symbol);
      for (let k = 0; k < 3; k++) worst = Math.max(worst, Math.abs(molecule.atoms[i]!.position[k]! - xyz[k]!));
    });
  }
  assert.ok(worst < 1e-10, `largest deviation ${worst} bohr`);
});

test('the Crawford water file, whose comment says units=bohr, gives exactly the bohr coordinates', () => {
  const c = cases.find((x) => x.name === 'h2o_sto3g')!;
  const molecule = parse(read(c.xyz_file), { filename: 'h2o_crawford.xyz' });
  c.atoms_bohr.forEach(([symbol, x, y, z], i) => {
    assert.is(molecule.atoms[i]!.symbol, symbol);
    assert.equal([...molecule.atoms[i]!.position], [x, y, z]);
  });
});

test('the nuclear repulsion energy on Psi4’s bohr coordinates matches Psi4 to 1e-8 Eh', () => {
  for (const c of cases) {
    const molecule = fromAtoms(c.atoms_bohr, { units: 'bohr', charge: c.charge, multiplicity: c.multiplicity });
    const e = molecule.nuclearRepulsionEnergy();
    assert.ok(Math.abs(e - c.nuclear_repulsion) < 1e-8, `${c.name}: ${e} vs ${c.nuclear_repulsion}`);
  }
});

test('the nuclear repulsion energy from the XYZ files matches Psi4 to 1e-9 Eh', () => {
  // Psi4 read these same files, so only rounding separates us: measured at most 4e-11 Eh
  // (caffeine, E_nn ≈ 931 Eh). The brief asks for ~1e-6; 1e-9 still leaves a wide margin.
  for (const c of cases) {
    const molecule = parse(read(c.xyz_file), { filename: c.xyz_file, charge: c.charge, multiplicity: c.multiplicity });
    const e = molecule.nuclearRepulsionEnergy();
    assert.ok(Math.abs(e - c.nuclear_repulsion) < 1e-9, `${c.name}: ${e} vs ${c.nuclear_repulsion}`);
  }
});

test('electron counts and nalpha/nbeta agree with Psi4 for every case', () => {
  for (const c of cases) {
    const molecule = fromAtoms(c.atoms_bohr, { units: 'bohr', charge: c.charge, multiplicity: c.multiplicity });
    assert.is(molecule.nalpha, c.nalpha, c.name);
    assert.is(molecule.nbeta, c.nbeta, c.name);
    assert.is(molecule.electronCount, c.nalpha + c.nbeta, c.name);
  }
});

test('the default multiplicity is 1 for an even electron count and 2 for odd, as in the open-shell cases', () => {
  assert.is(parse(read('geometries/oh.xyz'), { filename: 'oh.xyz' }).multiplicity, 2);
  assert.is(parse(read('geometries/ohm.xyz'), { filename: 'ohm.xyz', charge: -1 }).multiplicity, 1);
  assert.is(parse(read('geometries/nh4.xyz'), { filename: 'nh4.xyz', charge: 1 }).multiplicity, 1);
  assert.is(parse(read('geometries/nh4.xyz'), { filename: 'nh4.xyz' }).multiplicity, 2);
});

test('the formula of caffeine is C8H10N4O2 in Hill order', () => {
  assert.is(parse(read('geometries/caffeine.xyz'), { filename: 'caffeine.xyz' }).formula, 'C8H10N4O2');
});

test.run();
