import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { atomicNumber, canonicalSymbol, elementRanges, ELEMENT_SYMBOLS } from '../../src/basis/elements';

test('the element table runs from H (1) to Og (118)', () => {
  assert.is(ELEMENT_SYMBOLS.length, 119);
  assert.is(ELEMENT_SYMBOLS[1], 'H');
  assert.is(ELEMENT_SYMBOLS[37], 'Rb');
  assert.is(ELEMENT_SYMBOLS[118], 'Og');
});

test('symbols are read in any case', () => {
  assert.is(atomicNumber('RB'), 37);
  assert.is(atomicNumber('cl'), 17);
  assert.is(canonicalSymbol('XE'), 'Xe');
  assert.is(atomicNumber('Xx'), undefined);
  assert.is(atomicNumber(''), undefined);
});

test('element ranges merge consecutive atomic numbers', () => {
  assert.is(elementRanges(['H', 'He', 'Li', 'C', 'N', 'O']), 'H–Li, C–O');
  assert.is(elementRanges(['O', 'H']), 'H, O');
  assert.is(elementRanges([]), '');
});

test.run();
