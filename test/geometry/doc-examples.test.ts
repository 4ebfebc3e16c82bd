import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toArray } from '../../src/linalg';
import * as geometry from '../../src/geometry';

// Every value promised by an @example in src/geometry, checked.
const { fromAtoms, parse, parseXyz, parseZmatrix, parseQcschema, detectFormat, elementBySymbol, elementByZ, ELEMENTS, MAX_Z, MIN_DISTANCE_BOHR } = geometry;

test('the examples in the element table docs hold', () => {
  assert.is(elementBySymbol('cl')?.Z, 17);
  assert.is(elementBySymbol('Xx'), undefined);
  assert.is(elementByZ(8)?.symbol, 'O');
  assert.is(ELEMENTS[7]!.symbol, 'O');
  assert.is(elementByZ(MAX_Z)?.symbol, 'Rn');
  assert.is(MIN_DISTANCE_BOHR, 0.18897261254578282);
});

test('the examples in the Molecule docs hold', () => {
  const h2 = fromAtoms([['H', 0, 0, 0], ['H', 0, 0, 1.4]], { units: 'bohr' });
  assert.is(h2.nuclearRepulsionEnergy(), 0.7142857142857143);
  assert.is(h2.distance(0, 1), 1.4);
  assert.equal(toArray(h2.distanceMatrix()), [[0, 1.4], [1.4, 0]]);
  assert.equal(fromAtoms([['H', 0, 0, 0], ['H', 0, 0, 1]], { units: 'bohr' }).centerOfMass(), [0, 0, 0.5]);
  assert.is(fromAtoms([['O', 0, 0, 0], ['H', 0, 0, 0.96], ['H', 0, 0.93, -0.24]]).formula, 'H2O');
  assert.is(
    fromAtoms([['H', 0, 0, 0], ['H', 0, 0, 0.74]]).toXyz(),
    '2\nH2\nH       0.000000000000      0.000000000000      0.000000000000\n' +
      'H       0.000000000000      0.000000000000      0.740000000000\n',
  );
});

test('the examples in the parser docs hold', () => {
  assert.is(parseXyz('2\nhydrogen\nH 0 0 0\nH 0 0 0.74\n').atoms[1]!.position[2], 1.3983973328387929);
  const water = parseZmatrix('0 1\nO\nH 1 r\nH 1 r 2 a\nr = 0.96\na = 104.5\n');
  assert.ok(Math.abs(water.distance(0, 1) * 0.52917721067 - 0.96) < 1e-15);
  assert.is(parseQcschema('{"symbols": ["He"], "geometry": [0, 0, 0]}').electronCount, 2);
  assert.is(detectFormat('', 'water.sdf'), 'molfile');
  assert.is(detectFormat('O\nH 1 0.96\nH 1 0.96 2 104.5'), 'zmat');
  const w = parse('3\nwater\nO 0 0 0.117\nH 0 0.757 -0.467\nH 0 -0.757 -0.467\n');
  assert.is(w.formula, 'H2O');
  assert.is(w.source?.format, 'xyz');
  assert.ok(geometry.GEOMETRY_FORMATS.includes('pdb'));
});

test.run();
