import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseGaussian94 } from '../../src/basis';
import { InvalidInputError } from '../../src/errors';

/** The error a parse throws, asserting that it throws an InvalidInputError. */
function parseError(text: string, filename = 'bad.gbs'): InvalidInputError {
  try {
    parseGaussian94(text, { filename });
  } catch (e) {
    assert.instance(e, InvalidInputError);
    return e as InvalidInputError;
  }
  return assert.unreachable('expected parseGaussian94 to throw') as never;
}

const WATER_631GS = `cartesian
! a comment line
****
O     0
S   2   1.00
   5484.67170              0.00183110
    825.234950             0.01395010
SP   2   1.00
     15.9396960            -0.1107775             0.0708743
      3.5609260            -0.1480263             0.3397528
D   1   1.00
      0.8000000              1.0000000
****
H     0 
S   1   1.00
      0.1612778              1.0000000   ! trailing comment
****
`;

test('a small file parses into elements and shells in file order', () => {
  const basis = parseGaussian94(WATER_631GS, { filename: 'w.gbs' });
  assert.equal([...basis.elements.keys()], ['O', 'H']);
  assert.equal(basis.elements.get('O')!.map((s) => s.L), [0, 0, 1, 2]);
  assert.equal(basis.elements.get('H')![0]!.exponents, [0.1612778]);
  assert.is(basis.filename, 'w.gbs');
  assert.is(basis.ecp.size, 0);
});

test('an SP shell becomes an S shell then a P shell with the same exponents', () => {
  const [, s, p] = parseGaussian94(WATER_631GS).elements.get('O')!;
  assert.equal(s!.L, 0);
  assert.equal(p!.L, 1);
  assert.equal(s!.exponents, [15.939696, 3.560926]);
  assert.equal(p!.exponents, s!.exponents);
  assert.equal(s!.coefficients, [-0.1107775, -0.1480263]);
  assert.equal(p!.coefficients, [0.0708743, 0.3397528]);
});

test('the cartesian or spherical header sets the default, and its absence means spherical', () => {
  const cart = parseGaussian94(WATER_631GS);
  assert.is(cart.harmonics, 'cartesian');
  assert.is(cart.pure, false);
  const sph = parseGaussian94(WATER_631GS.replace('cartesian', 'SPHERICAL'));
  assert.is(sph.harmonics, 'spherical');
  assert.is(sph.pure, true);
  const none = parseGaussian94(WATER_631GS.replace('cartesian\n', ''));
  assert.is(none.harmonics, undefined);
  assert.is(none.pure, true);
});

test('a scale factor multiplies every exponent of its shell by its square', () => {
  const basis = parseGaussian94('****\nH 0\nS 2 1.20\n 2.0 0.5\n 0.5 0.5\n****\n');
  const [shell] = basis.elements.get('H')!;
  assert.ok(Math.abs(shell!.exponents[0]! - 2.0 * 1.44) < 1e-15);
  assert.ok(Math.abs(shell!.exponents[1]! - 0.5 * 1.44) < 1e-15);
  assert.equal(shell!.coefficients, [0.5, 0.5]);
});

test('Fortran D exponents, leading-dot numbers and E exponents are read', () => {
  const basis = parseGaussian94('****\nc 0\nS 3 1.00\n 6.4150D+04 0.290250D-03\n .58171262989 -.67740090428\n 0.32E-01 1.0e0\n****\n');
  const [shell] = basis.elements.get('C')!;
  assert.equal(shell!.exponents, [64150, 0.58171262989, 0.032]);
  assert.equal(shell!.coefficients, [0.00029025, -0.67740090428, 1]);
});

test('element symbols are read in any case and stored in conventional spelling', () => {
  const basis = parseGaussian94('****\nCL 0\nS 1 1.00\n 1.0 1.0\n****\nna 0\nP 1 1.00\n 1.0 1.0\n****\n');
  assert.equal([...basis.elements.keys()], ['Cl', 'Na']);
});

test('G, H and I shells are read with L = 4, 5, 6', () => {
  const basis = parseGaussian94('****\nKr 0\nG 1 1.00\n 1.0 1.0\nH 1 1.00\n 1.0 1.0\nI 1 1.00\n 1.0 1.0\n****\n');
  assert.equal(basis.elements.get('Kr')!.map((s) => s.L), [4, 5, 6]);
});

test('a one-primitive shell written with its exponent alone gets coefficient 1', () => {
  const basis = parseGaussian94('****\nRb 0\nF 1 1.00\n   .85245  \n****\n');
  assert.equal(basis.elements.get('Rb')![0]!.coefficients, [1]);
  assert.equal(basis.elements.get('Rb')![0]!.exponents, [0.85245]);
});

test('an ECP section is recognised and its element, core electrons and highest L recorded', () => {
  const text = `spherical
****
Rb     0
S   1   1.00
      0.5              1.0
****

RB     0
RB-ECP     2     28
d-ul potential
  1
2      3.8431140            -12.3169000
s-ul potential
  2
2      5.0365510             89.5001980
2      1.9708490              0.4937610
p-ul potential
  1
2      4.2583410             58.5689740
SR     0
SR-ECP     0     28
s-ul potential
  1
2      7.4000740            135.4794300
`;
  const basis = parseGaussian94(text);
  assert.equal([...basis.ecp.keys()], ['Rb', 'Sr']);
  assert.is(basis.ecp.get('Rb')!.coreElectrons, 28);
  assert.is(basis.ecp.get('Rb')!.maxL, 2);
  assert.is(basis.ecp.get('Rb')!.line, 9);
  assert.equal([...basis.elements.keys()], ['Rb']);
});

test('a title line between two separators is skipped', () => {
  const basis = parseGaussian94('****\nH 0\nS 1 1.00\n 1.0 1.0\n****\ndef2-QZVP Basis set for Kr in Gaussian-format\n\n****\nKr 0\nS 1 1.00\n 1.0 1.0\n****\n');
  assert.equal([...basis.elements.keys()], ['H', 'Kr']);
});

test('Windows line endings are accepted', () => {
  const basis = parseGaussian94(WATER_631GS.replace(/\n/g, '\r\n'));
  assert.equal(basis.elements.get('O')!.length, 4);
});

test('an unknown shell type is reported with the file and its 1-based line', () => {
  const e = parseError('****\nH 0\nS 1 1.00\n 1.0 1.0\nX 1 1.00\n 1.0 1.0\n****\n');
  assert.equal(e.location, { file: 'bad.gbs', line: 5 });
  assert.match(e.message, /^bad\.gbs:5: unknown shell type "X"/);
});

test('too few primitive lines are reported at the line that should have been a primitive', () => {
  const e = parseError('****\nH 0\nS 3 1.00\n 1.0 0.5\n 0.5 0.5\n****\n');
  assert.is(e.location!.line, 6);
  assert.match(e.message, /primitive 3 of 3 of the S shell on line 3/);
});

test('too many primitive lines are reported at the extra line', () => {
  const e = parseError('****\nH 0\nS 1 1.00\n 1.0 0.5\n 0.5 0.5\n****\n');
  assert.is(e.location!.line, 5);
  assert.match(e.message, /too few primitives/);
});

test('a non-numeric exponent is reported at its line', () => {
  const e = parseError('cartesian\n****\nH 0\nS 2 1.00\n 1.0 0.5\n 0.5x 0.5\n****\n');
  assert.is(e.location!.line, 6);
  assert.match(e.message, /0\.5x/);
});

test('a non-numeric coefficient is reported at its line', () => {
  const e = parseError('****\nH 0\nS 1 1.00\n 1.0 abc\n****\n');
  assert.is(e.location!.line, 4);
  assert.match(e.message, /coefficient "abc" is not a number/);
});

test('an SP shell needs two coefficient columns', () => {
  const e = parseError('****\nC 0\nSP 1 1.00\n 1.0 0.5\n****\n');
  assert.is(e.location!.line, 4);
  assert.match(e.message, /EXPONENT S-COEFFICIENT P-COEFFICIENT/);
});

test('a missing element header is reported at the first shell line', () => {
  const e = parseError('****\nS 2 1.00\n 1.0 0.5\n 0.5 0.5\n****\n');
  assert.is(e.location!.line, 2);
  assert.match(e.message, /expected an element header such as "O 0", found "S 2 1.00"/);
});

test('an unknown element symbol is reported', () => {
  const e = parseError('****\nXx 0\nS 1 1.00\n 1.0 1.0\n****\n');
  assert.is(e.location!.line, 2);
});

test('a missing separator before the next element is reported at the element line', () => {
  const e = parseError('****\nH 0\nS 1 1.00\n 1.0 1.0\nC 0\nS 1 1.00\n 1.0 1.0\n****\n');
  assert.is(e.location!.line, 5);
});

test('a non-integer primitive count and a non-positive scale factor are reported', () => {
  assert.match(parseError('****\nH 0\nS 1.5 1.00\n 1.0 1.0\n****\n').message, /bad\.gbs:3: the number of primitives "1\.5"/);
  assert.match(parseError('****\nH 0\nS 1 0.00\n 1.0 1.0\n****\n').message, /bad\.gbs:3: the scale factor must be positive/);
});

test('a negative exponent is reported', () => {
  assert.match(parseError('****\nH 0\nS 1 1.00\n -1.0 1.0\n****\n').message, /bad\.gbs:4 \(exponent\): exponent -1\.0 must be positive/);
});

test('a file that ends inside a shell is reported', () => {
  const e = parseError('****\nH 0\nS 2 1.00\n 1.0 0.5\n');
  assert.match(e.message, /ends before primitive 2 of 2/);
});

test('an element given twice is reported', () => {
  const e = parseError('****\nH 0\nS 1 1.00\n 1.0 1.0\n****\nH 0\nS 1 1.00\n 2.0 1.0\n****\n');
  assert.is(e.location!.line, 6);
});

test('a malformed ECP block is reported at its line', () => {
  const e = parseError('****\nRB 0\nRB-ECP 1 28\nf-ul potential\n  1\n2 3.84 -12.3\ns-ul potential\n  two\n');
  assert.is(e.location!.line, 8);
  assert.match(e.message, /number of terms/);
});

test('text with no element blocks is an error, and without a filename the location says <input>', () => {
  try {
    parseGaussian94('spherical\n! only comments\n');
    assert.unreachable('should throw');
  } catch (e) {
    assert.instance(e, InvalidInputError);
    assert.match((e as Error).message, /^<input>:1: no element blocks found/);
  }
});

test.run();

test('an exponent or coefficient that is not finite, or out of range, is reported with its line and field', () => {
  assert.match(parseError('****\nH 0\nS 1 1.00\n 1e400 1.0\n****\n').message, /bad\.gbs:4 \(exponent\): exponent 1e400 is not a finite number/);
  assert.match(parseError('****\nH 0\nS 1 1.00\n 1e11 1.0\n****\n').message, /bad\.gbs:4 \(exponent\): exponent 1e11 is out of range \(at most 10000000000/);
  assert.match(parseError('****\nH 0\nS 1 1.00\n 0.5 1D400\n****\n').message, /bad\.gbs:4 \(coefficient\): coefficient 1D400 is not a finite number/);
  assert.match(parseError('****\nH 0\nS 1 1.00\n NaN 1.0\n****\n').message, /bad\.gbs:4/);
  // 1e9 × 10² passes the exponent's own check; the scaled exponent does not.
  assert.match(parseError('****\nH 0\nS 1 10.0\n 1e9 1.0\n****\n').message, /bad\.gbs:4 \(exponent\): the exponent 1e9 times the shell's scale factor squared is 100000000000/);
});
