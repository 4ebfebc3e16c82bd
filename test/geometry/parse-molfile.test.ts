import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseMolfile, parse } from '../../src/geometry';
import { ANGSTROM_IN_BOHR } from '../../src/constants';
import { expectInvalid } from './expect-invalid';

// Written by hand in the layout PubChem serves (3D SDF, V2000, fixed columns, data items, $$$$).
const WATER_SDF = [
  '962',
  '  -OEChem-11212612473D',
  '',
  '  3  2  0     0  0  0  0  0  0999 V2000',
  '    0.0000    0.0000    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0',
  '    0.2774    0.8929    0.2544 H   0  0  0  0  0  0  0  0  0  0  0  0',
  '    0.6068   -0.2383   -0.7169 H   0  0  0  0  0  0  0  0  0  0  0  0',
  '  1  2  1  0  0  0  0',
  '  1  3  1  0  0  0  0',
  'M  END',
  '> <PUBCHEM_COMPOUND_CID>',
  '962',
  '',
  '$$$$',
  '',
].join('\n');

const AMMONIUM_SDF = [
  '223',
  '  -OEChem-11212612473D',
  '',
  '  5  4  0     0  0  0  0  0  0999 V2000',
  '    0.0000    0.0000    0.0000 N   0  3  0  0  0  0  0  0  0  0  0  0',
  '    0.5951    0.5951    0.5951 H   0  0  0  0  0  0  0  0  0  0  0  0',
  '   -0.5951   -0.5951    0.5951 H   0  0  0  0  0  0  0  0  0  0  0  0',
  '   -0.5951    0.5951   -0.5951 H   0  0  0  0  0  0  0  0  0  0  0  0',
  '    0.5951   -0.5951   -0.5951 H   0  0  0  0  0  0  0  0  0  0  0  0',
  '  1  2  1  0  0  0  0',
  '  1  3  1  0  0  0  0',
  '  1  4  1  0  0  0  0',
  '  1  5  1  0  0  0  0',
  'M  CHG  1   1   1',
  'M  END',
  '$$$$',
].join('\n');

test('a PubChem-style SDF record gives the atoms in bohr', () => {
  const m = parseMolfile(WATER_SDF, { filename: 'water.sdf' });
  assert.equal(m.atoms.map((a) => a.symbol), ['O', 'H', 'H']);
  assert.equal([...m.atoms[2]!.position], [0.6068 * ANGSTROM_IN_BOHR, -0.2383 * ANGSTROM_IN_BOHR, -0.7169 * ANGSTROM_IN_BOHR]);
  assert.is(m.charge, 0);
  assert.is(m.multiplicity, 1);
  assert.equal(m.source, { text: WATER_SDF, format: 'molfile', filename: 'water.sdf' });
});

test('the charge comes from M  CHG lines', () => {
  const m = parseMolfile(AMMONIUM_SDF);
  assert.is(m.charge, 1);
  assert.is(m.electronCount, 10);
  assert.is(m.formula, 'H4N');
});

test('M  CHG lines supersede the atom block charge column, as the CTfile specification says', () => {
  // The atom block says N is +1 (code 3); the M  CHG line says +1 as well; they must not add up.
  assert.is(parseMolfile(AMMONIUM_SDF).charge, 1);
});

test('without M  CHG lines the atom block charge codes are summed', () => {
  const hydroxide = [
    'hydroxide',
    '  hand-written',
    '',
    '  2  1  0  0  0  0  0  0  0  0999 V2000',
    '    0.0000    0.0000    0.0000 O   0  5  0  0  0  0  0  0  0  0  0  0',
    '    0.0000    0.0000    0.9640 H   0  0  0  0  0  0  0  0  0  0  0  0',
    '  1  2  1  0  0  0  0',
    'M  END',
  ].join('\n');
  const m = parseMolfile(hydroxide);
  assert.is(m.charge, -1);
  assert.is(m.multiplicity, 1);
});

test('of an SD file with several records the first is read', () => {
  const m = parseMolfile(WATER_SDF + AMMONIUM_SDF);
  assert.is(m.formula, 'H2O');
});

test('a molfile whose columns are not kept is read by whitespace', () => {
  const sloppy = 'water\n\n\n3 2 0 0 0 0 0 0 0 0 999 V2000\n0 0 0 O 0 0\n0.2774 0.8929 0.2544 h 0 0\n0.6068 -0.2383 -0.7169 H 0 0\nM  END\n';
  const m = parseMolfile(sloppy);
  assert.equal(m.atoms.map((a) => a.symbol), ['O', 'H', 'H']);
});

test('parse recognises .mol and .sdf files and the V2000 counts line', () => {
  assert.is(parse(WATER_SDF, { filename: 'x.sdf' }).source?.format, 'molfile');
  assert.is(parse(WATER_SDF, { filename: 'x.mol' }).source?.format, 'molfile');
  assert.is(parse(WATER_SDF).source?.format, 'molfile');
});

test('molfile mistakes name the file, line and field', () => {
  const f = { filename: 'w.sdf' };
  expectInvalid(() => parseMolfile(WATER_SDF.replace(' O   0', ' Qq  0'), f), ['w.sdf:5', '(element)', "unknown element 'Qq'"]);
  expectInvalid(() => parseMolfile(WATER_SDF.replace('0.2774', '0.2z74'), f), ['w.sdf:6', '(x coordinate)']);
  expectInvalid(() => parseMolfile(WATER_SDF.replace('  3  2  0', '999  2  0'), f), ['w.sdf:4', '(atom count)', 'only']);
  expectInvalid(() => parseMolfile(WATER_SDF.replace(' V2000', ' V3000'), f), ['w.sdf:4', '(counts line)', 'V3000']);
  expectInvalid(() => parseMolfile('water\n\n', f), ['w.sdf', '(counts line)']);
  expectInvalid(() => parseMolfile(AMMONIUM_SDF.replace('M  CHG  1   1   1', 'M  CHG  1   9   1'), f), ['w.sdf:14', '(M  CHG)']);
  expectInvalid(() => parseMolfile(AMMONIUM_SDF, { ...f, multiplicity: 2 }), ['w.sdf', '(multiplicity)', '10 electrons']);
  expectInvalid(() => parseMolfile(AMMONIUM_SDF.replace('M  CHG  1   1   1', 'M  CHG  1   1  13'), f), ['w.sdf:14', '(M  CHG)', 'leaves -2 electrons']);
});

test.run();
