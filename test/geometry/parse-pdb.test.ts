import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parsePdb, parse } from '../../src/geometry';
import { ANGSTROM_IN_BOHR } from '../../src/constants';
import { expectInvalid } from './expect-invalid';

// Fixed columns as in the wwPDB format v3.3: coordinates 31–54, element 77–78, charge 79–80.
const WATER_AND_SODIUM = [
  'HEADER    WATER AND A SODIUM ION                  21-NOV-26   XXXX',
  'REMARK   1 HAND-WRITTEN TEST STRUCTURE',
  'HETATM    1  O   HOH A   1       5.000   5.000   5.000  1.00  0.00           O  ',
  'HETATM    2  H1  HOH A   1       5.000   5.757   5.586  1.00  0.00           H  ',
  'HETATM    3  H2  HOH A   1       5.000   4.243   5.586  1.00  0.00           H  ',
  'HETATM    4 NA    NA A   2       8.000   5.000   5.000  1.00  0.00          NA1+',
  'CONECT    1    2    3',
  'END',
  '',
].join('\n');

test('HETATM records give the atoms in bohr with elements from columns 77–78', () => {
  const m = parsePdb(WATER_AND_SODIUM, { filename: 'wat.pdb' });
  assert.equal(m.atoms.map((a) => a.symbol), ['O', 'H', 'H', 'Na']);
  assert.equal([...m.atoms[1]!.position], [5 * ANGSTROM_IN_BOHR, 5.757 * ANGSTROM_IN_BOHR, 5.586 * ANGSTROM_IN_BOHR]);
  assert.equal(m.source, { text: WATER_AND_SODIUM, format: 'pdb', filename: 'wat.pdb' });
});

test('the charge is the sum of columns 79–80', () => {
  const m = parsePdb(WATER_AND_SODIUM);
  assert.is(m.charge, 1);
  assert.is(m.electronCount, 20);
  assert.is(parsePdb(WATER_AND_SODIUM, { charge: 0, multiplicity: 2 }).charge, 0);
});

test('the element columns win over the atom name', () => {
  // An atom named like an alpha carbon but marked calcium in columns 77–78.
  const text = 'HETATM    1 CA    CA A   1       0.000   0.000   0.000  1.00  0.00          CA  \n';
  assert.is(parsePdb(text).atoms[0]!.symbol, 'Ca');
});

test('ATOM records and blank element columns fall back to the atom name', () => {
  const glycineBit = [
    'ATOM      1  N   GLY A   1       0.000   0.000   0.000  1.00  0.00',
    'ATOM      2  CA  GLY A   1       1.458   0.000   0.000  1.00  0.00',
    'ATOM      3  C   GLY A   1       2.009   1.420   0.000  1.00  0.00',
    'ATOM      4 1HA  GLY A   1       1.800  -0.500   0.890  1.00  0.00',
    'HETATM    5 FE   HEM A   2       9.000   9.000   9.000  1.00  0.00',
  ].join('\n');
  const m = parsePdb(glycineBit);
  assert.equal(m.atoms.map((a) => a.symbol), ['N', 'C', 'C', 'H', 'Fe']);
});

test('only the first model and the first alternate location are read', () => {
  const text = [
    'MODEL        1',
    'HETATM    1  O   HOH A   1       0.000   0.000   0.000  1.00  0.00           O  ',
    'HETATM    2  H1 AHOH A   1       0.000   0.757   0.586  0.50  0.00           H  ',
    'HETATM    3  H1 BHOH A   1       0.000   0.700   0.600  0.50  0.00           H  ',
    'HETATM    4  H2  HOH A   1       0.000  -0.757   0.586  1.00  0.00           H  ',
    'ENDMDL',
    'MODEL        2',
    'HETATM    1  O   HOH A   1       0.000   0.000   0.100  1.00  0.00           O  ',
    'ENDMDL',
  ].join('\n');
  const m = parsePdb(text);
  assert.is(m.atoms.length, 3);
  assert.is(m.atoms[1]!.position[1], 0.757 * ANGSTROM_IN_BOHR);
});

test('parse recognises .pdb files and ATOM/HETATM content', () => {
  assert.is(parse(WATER_AND_SODIUM, { filename: 'w.pdb' }).source?.format, 'pdb');
  assert.is(parse(WATER_AND_SODIUM).source?.format, 'pdb');
});

test('PDB mistakes name the file, line and field', () => {
  const f = { filename: 'w.pdb' };
  expectInvalid(() => parsePdb(WATER_AND_SODIUM.replace('5.757', '5.7x7'), f), ['w.pdb:4', '(y coordinate)']);
  expectInvalid(() => parsePdb(WATER_AND_SODIUM.replace('          NA1+', '          QQ1+'), f), ['w.pdb:6', '(element)', "'QQ'"]);
  expectInvalid(() => parsePdb(WATER_AND_SODIUM.replace('NA1+', 'NA+X'), f), ['w.pdb:6', '(charge)']);
  expectInvalid(() => parsePdb('HEADER    NOTHING\nEND\n', f), ['w.pdb:1', 'no ATOM or HETATM']);
  expectInvalid(() => parsePdb(WATER_AND_SODIUM, { ...f, multiplicity: 2 }), ['w.pdb', '(multiplicity)', '20 electrons']);
});

test.run();
