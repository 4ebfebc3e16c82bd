import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseXyz } from '../../src/geometry';
import { ANGSTROM_IN_BOHR } from '../../src/constants';
import { expectInvalid } from './expect-invalid';

const WATER = '3\nwater\nO 0.000 0.000 0.117\nH 0.000 0.757 -0.467\nH 0.000 -0.757 -0.467\n';

test('an XYZ file is read in ångström and stored in bohr', () => {
  const m = parseXyz(WATER);
  assert.is(m.atoms.length, 3);
  assert.equal(m.atoms.map((a) => a.symbol), ['O', 'H', 'H']);
  assert.equal([...m.atoms[1]!.position], [0, 0.757 * ANGSTROM_IN_BOHR, -0.467 * ANGSTROM_IN_BOHR]);
  assert.is(m.atoms[0]!.Z, 8);
  assert.is(m.charge, 0);
  assert.is(m.multiplicity, 1);
  assert.equal(m.source, { text: WATER, format: 'xyz' });
});

test('the units option reads the coordinates as bohr', () => {
  const m = parseXyz(WATER, { units: 'bohr' });
  assert.equal([...m.atoms[1]!.position], [0, 0.757, -0.467]);
});

test('a units=bohr or units bohr comment is honoured unless the units option says otherwise', () => {
  for (const comment of ['units=bohr water', 'water, units bohr', 'Units: Bohr']) {
    const m = parseXyz(WATER.replace('water', comment));
    assert.is(m.atoms[1]!.position[1], 0.757, comment);
  }
  const forced = parseXyz(WATER.replace('water', 'units=bohr'), { units: 'angstrom' });
  assert.is(forced.atoms[1]!.position[1], 0.757 * ANGSTROM_IN_BOHR);
  assert.is(parseXyz(WATER.replace('water', 'units=angstrom')).atoms[1]!.position[1], 0.757 * ANGSTROM_IN_BOHR);
});

test('a comment that merely mentions bohr is free text', () => {
  const m = parseXyz(WATER.replace('water', 'Niels Bohr would approve'));
  assert.is(m.atoms[1]!.position[1], 0.757 * ANGSTROM_IN_BOHR);
});

test('element symbols are case-insensitive and atomic numbers are accepted', () => {
  const m = parseXyz('3\n\no 0 0 0\nh 0 0 1\n1 0 1 0\n');
  assert.equal(m.atoms.map((a) => a.symbol), ['O', 'H', 'H']);
  assert.is(parseXyz('1\n\nHE 0 0 0\n').atoms[0]!.symbol, 'He');
});

test('of a multi-frame file the first frame is read', () => {
  const text = '2\nframe 1\nH 0 0 0\nH 0 0 0.74\n2\nframe 2\nH 0 0 0\nH 0 0 0.80\n';
  const m = parseXyz(text);
  assert.is(m.atoms.length, 2);
  assert.ok(Math.abs(m.distance(0, 1) - 0.74 * ANGSTROM_IN_BOHR) < 1e-14);
});

test('extra columns, tabs, CRLF line ends, Fortran exponents and blank leading lines are accepted', () => {
  const m = parseXyz('\r\n2\r\ncomment\r\nH\t0 0 0 0.1 extra\r\nH 0 0 7.4D-1\r\n');
  assert.ok(Math.abs(m.distance(0, 1) - 0.74 * ANGSTROM_IN_BOHR) < 1e-14);
  assert.equal(m.atoms.map((a) => a.symbol), ['H', 'H']);
});

test('a bare list of symbol x y z lines without count and comment is read too', () => {
  const m = parseXyz('O 0.000 0.000 0.117\nH 0.000 0.757 -0.467\n\nH 0.000 -0.757 -0.467\n');
  assert.is(m.atoms.length, 3);
  assert.is(m.formula, 'H2O');
});

test('charge and multiplicity options set the state', () => {
  const m = parseXyz('2\n\nO 0 0 0\nH 0 0 0.97\n', { charge: -1 });
  assert.is(m.charge, -1);
  assert.is(m.multiplicity, 1);
  const t = parseXyz('2\n\nO 0 0 0\nO 0 0 1.208\n', { multiplicity: 3 });
  assert.is(t.multiplicity, 3);
});

test('an unknown element names the file, line and field', () => {
  expectInvalid(() => parseXyz('2\n\nH 0 0 0\nQq 0 0 1\n', { filename: 'bad.xyz' }), ['bad.xyz:4', '(element)', "unknown element 'Qq'"]);
});

test('a non-numeric, NaN or infinite coordinate names the file, line and field', () => {
  expectInvalid(() => parseXyz('2\n\nH 0 0 0\nH abc 0 1\n', { filename: 'bad.xyz' }), ['bad.xyz:4', '(x coordinate)', "'abc' is not a number"]);
  expectInvalid(() => parseXyz('2\n\nH 0 NaN 0\nH 0 0 1\n', { filename: 'bad.xyz' }), ['bad.xyz:3', '(y coordinate)']);
  expectInvalid(() => parseXyz('2\n\nH 0 0 Infinity\nH 0 0 1\n', { filename: 'bad.xyz' }), ['bad.xyz:3', '(z coordinate)']);
  expectInvalid(() => parseXyz('2\n\nH 0 0 1e999\nH 0 0 1\n', { filename: 'bad.xyz' }), ['bad.xyz:3', '(z coordinate)', 'not a finite number']);
  expectInvalid(() => parseXyz('2\n\nH 0 0\nH 0 0 1\n', { filename: 'bad.xyz' }), ['bad.xyz:3', '(z coordinate)', 'missing']);
});

test('an atom count that disagrees with the atoms names the file, line and field', () => {
  // Too many atoms announced: the block ends early at a blank line.
  expectInvalid(() => parseXyz('3\n\nH 0 0 0\nH 0 0 1\n\n\n', { filename: 'count.xyz' }), ['count.xyz:5', '(atom count)', 'says 3 atoms but only 2']);
  // Too few announced: another atom follows the block.
  expectInvalid(() => parseXyz('1\n\nH 0 0 0\nH 0 0 1\n', { filename: 'count.xyz' }), ['count.xyz:4', '(atom count)', 'says 1 atoms', 'another atom']);
  // More atoms announced than there are lines in the file.
  expectInvalid(() => parseXyz('5\n\nH 0 0 0\nH 0 0 1\n', { filename: 'count.xyz' }), ['count.xyz:1', '(atom count)', 'only 3 lines follow']);
});

test('a missing comment line is pointed out', () => {
  expectInvalid(() => parseXyz('2\nH 0 0 0\nH 0 0 0.74\n', { filename: 'h2.xyz' }), ['h2.xyz:4', '(atom count)', 'comment line missing']);
});

test('a byte order mark at the start is ignored', () => {
  assert.is(parseXyz('\uFEFF2\n\nH 0 0 0\nH 0 0 0.74\n').atoms.length, 2);
});

test('an absurd atom count is refused at once, without allocating', () => {
  const start = Date.now();
  expectInvalid(() => parseXyz('99999999999\n\nH 0 0 0\n', { filename: 'huge.xyz' }), ['huge.xyz:1', '(atom count)', 'limit of 10000 atoms']);
  expectInvalid(() => parseXyz('100001\n\nH 0 0 0\n', { filename: 'huge.xyz' }), ['huge.xyz:1', '(atom count)', 'limit of 10000 atoms']);
  expectInvalid(() => parseXyz('0\n\n', { filename: 'zero.xyz' }), ['zero.xyz:1', '(atom count)', 'at least one atom']);
  expectInvalid(() => parseXyz('-2\n\nH 0 0 0\n', { filename: 'neg.xyz' }), ['neg.xyz:1', '(atom count)']);
  assert.ok(Date.now() - start < 1000);
});

test('a first line that is neither a count nor an atom names the atom count field', () => {
  expectInvalid(() => parseXyz('water\nH 0 0 0\n', { filename: 'w.xyz' }), ['w.xyz:1', '(atom count)']);
});

test('two atoms closer than 0.1 Å are refused, naming both atoms and their lines', () => {
  const e = expectInvalid(() => parseXyz('3\n\nO 0 0 0\nH 0 0 1\nH 0 0 1.05\n', { filename: 'close.xyz' }), [
    'close.xyz:5',
    '(position)',
    'atom 2 (H, line 4)',
    'atom 3 (H, line 5)',
    '0.0500 Å',
  ]);
  assert.is(e.location?.line, 5);
  // Just over 0.1 Å is allowed.
  parseXyz('2\n\nH 0 0 0\nH 0 0 0.1001\n');
});

test('an impossible charge or multiplicity is refused, naming the field', () => {
  expectInvalid(() => parseXyz('2\n\nO 0 0 0\nH 0 0 0.97\n', { filename: 'oh.xyz', multiplicity: 1 }), ['oh.xyz', '(multiplicity)', '9 electrons (odd)', 'even']);
  expectInvalid(() => parseXyz('2\n\nO 0 0 0\nO 0 0 1.2\n', { filename: 'o2.xyz', multiplicity: 2 }), ['o2.xyz', '(multiplicity)', '16 electrons (even)']);
  expectInvalid(() => parseXyz('2\n\nH 0 0 0\nH 0 0 0.74\n', { filename: 'h2.xyz', multiplicity: 5 }), ['h2.xyz', '(multiplicity)', 'at least 4 unpaired']);
  expectInvalid(() => parseXyz('2\n\nH 0 0 0\nH 0 0 0.74\n', { filename: 'h2.xyz', multiplicity: 0 }), ['h2.xyz', '(multiplicity)', 'at least 1']);
  expectInvalid(() => parseXyz('2\n\nH 0 0 0\nH 0 0 0.74\n', { filename: 'h2.xyz', charge: 3 }), ['h2.xyz', '(charge)', '-1 electrons']);
  expectInvalid(() => parseXyz('2\n\nH 0 0 0\nH 0 0 0.74\n', { filename: 'h2.xyz', charge: 0.5 }), ['h2.xyz', '(charge)', 'whole number']);
});

test('an empty file is refused, naming the file and line 1', () => {
  for (const text of ['', '  \n\n \t\n']) expectInvalid(() => parseXyz(text, { filename: 'empty.xyz' }), ['empty.xyz:1', 'empty']);
  expectInvalid(() => parseXyz(''), ['<input>:1', 'empty']);
});

test('a binary file is refused, naming the file and the line of the first odd byte', () => {
  expectInvalid(() => parseXyz('3\nwater\nO\0\0\0\x01', { filename: 'bin.xyz' }), ['bin.xyz:3', 'binary']);
  const noise = Array.from({ length: 400 }, (_, i) => String.fromCharCode((i * 37) % 32)).join('').replace(/\0/g, '\x01');
  expectInvalid(() => parseXyz(noise, { filename: 'noise.xyz' }), ['noise.xyz', 'binary']);
});

test.run();

test('a coordinate beyond 10,000 (Å or bohr) is refused with its line and field', () => {
  expectInvalid(() => parseXyz('2\n\nH 0 0 0\nH 0 0 1e300\n', { filename: 'far.xyz' }), ['far.xyz:4', '(z coordinate)', '1e300 is out of range']);
  expectInvalid(() => parseXyz('2\n\nH 0 0 0\nH -10001 0 0\n', { filename: 'far.xyz', units: 'bohr' }), ['far.xyz:4', '(x coordinate)', 'at most 10000']);
  assert.equal(parseXyz('2\n\nH 0 0 0\nH 9999 0 0\n').atoms.length, 2);
});

test('99,999 atoms are more than the limit of 10,000', () => {
  expectInvalid(() => parseXyz('99999\n\n' + 'H 0 0 0\n'.repeat(99999), { filename: 'many.xyz' }), ['many.xyz:1', '(atom count)', 'limit of 10000 atoms']);
});
