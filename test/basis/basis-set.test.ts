import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { basisFromShells } from '../../src/basis';

test('basisFromShells counts functions and Cartesian components per shell in order', () => {
  const b = basisFromShells('hand', [
    { atom: 0, center: [0, 0, 0], L: 0, pure: true, exponents: [2, 1], coefficients: [0.4, 0.6] },
    { atom: 0, center: [0, 0, 0], L: 2, pure: true, exponents: [1], coefficients: [1] },
    { atom: 1, center: [0, 0, 1.4], L: 2, pure: false, exponents: [0.5], coefficients: [1] },
  ]);
  assert.is(b.nshell, 3);
  assert.is(b.nbf, 1 + 5 + 6);
  assert.is(b.ncart, 1 + 6 + 6);
  assert.is(b.maxL, 2);
  assert.equal(Array.from(b.shellFirstFunction), [0, 1, 6]);
  assert.equal(Array.from(b.shellFirstCart), [0, 1, 7]);
  assert.equal(Array.from(b.shellFirstPrim), [0, 2, 3]);
  assert.equal(Array.from(b.shellAtom), [0, 0, 1]);
  assert.equal(Array.from(b.shellPure), [1, 1, 0]);
  assert.equal(Array.from(b.shellCenter.subarray(6, 9)), [0, 0, 1.4]);
  assert.equal(Array.from(b.coefficients), [0.4, 0.6, 1, 1]);
});

test.run();
