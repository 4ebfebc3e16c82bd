import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { elementBySymbol, elementByZ, ELEMENTS, MAX_Z } from '../../src/geometry';

test('symbols are found in any capitalisation', () => {
  for (const s of ['he', 'HE', 'He', 'hE', ' He ']) assert.is(elementBySymbol(s)?.Z, 2, s);
  assert.is(elementBySymbol('cl')?.symbol, 'Cl');
  assert.is(elementBySymbol('KR')?.Z, 36);
});

test('unknown symbols and atomic numbers give undefined', () => {
  assert.is(elementBySymbol('Xx'), undefined);
  assert.is(elementBySymbol(''), undefined);
  assert.is(elementByZ(0), undefined);
  assert.is(elementByZ(87), undefined);
  assert.is(elementByZ(1.5), undefined);
});

test('the table runs from H to Rn in order of atomic number', () => {
  assert.is(MAX_Z, 86);
  assert.is(ELEMENTS.length, 86);
  ELEMENTS.forEach((e, i) => {
    assert.is(e.Z, i + 1);
    assert.is(elementByZ(e.Z), e);
    assert.is(elementBySymbol(e.symbol), e);
  });
  assert.is(elementByZ(86)?.symbol, 'Rn');
});

test('masses are the most-abundant-isotope masses Psi4 uses', () => {
  // Values from QCElemental (qcel.periodictable.to_mass), which Psi4 1.3.2 uses.
  assert.is(elementBySymbol('H')?.mass, 1.00782503223);
  assert.is(elementBySymbol('C')?.mass, 12);
  assert.is(elementBySymbol('N')?.mass, 14.00307400443);
  assert.is(elementBySymbol('O')?.mass, 15.99491461957);
  assert.is(elementBySymbol('S')?.mass, 31.9720711744);
  assert.is(elementBySymbol('Cl')?.mass, 34.968852682);
});

test('masses grow roughly with atomic number and are close to the mass number scale', () => {
  for (const e of ELEMENTS) {
    assert.ok(e.mass > e.Z && e.mass < 3 * e.Z + 2, `${e.symbol}: ${e.mass}`);
  }
});

test.run();
