import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalSymbol, elementRanges } from '../../src/basis/elements';

test('symbols are read in any case and spelled conventionally', () => {
  assert.is(canonicalSymbol('RB'), 'Rb');
  assert.is(canonicalSymbol('cl'), 'Cl');
  assert.is(canonicalSymbol('XE'), 'Xe');
  assert.is(canonicalSymbol('Xx'), undefined);
  assert.is(canonicalSymbol(''), undefined);
});

test('element ranges merge consecutive atomic numbers', () => {
  assert.is(elementRanges(['H', 'He', 'Li', 'C', 'N', 'O']), 'H–Li, C–O');
  assert.is(elementRanges(['O', 'H']), 'H, O');
  assert.is(elementRanges(['Rn', 'At', 'h']), 'H, At–Rn');
  assert.is(elementRanges([]), '');
});

test.run();
