import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { basisForElement, describe, describeBasis, formatGaussian94, load, parseGaussian94, shellLabel, angularMomentumOf, type MoleculeLike } from '../../src/basis';

const water: MoleculeLike = {
  atoms: [
    { symbol: 'O', Z: 8, position: [0, -0.143225816552, 0] },
    { symbol: 'H', Z: 1, position: [1.638036840407, 1.136548822547, 0] },
    { symbol: 'H', Z: 1, position: [-1.638036840407, 1.136548822547, 0] },
  ],
};

test('shell letters run s, p, d, f, g, h, i and back', () => {
  assert.equal([0, 1, 2, 3, 4, 5, 6].map(shellLabel), ['s', 'p', 'd', 'f', 'g', 'h', 'i']);
  assert.equal(['S', 'p', 'D', 'f', 'G', 'h', 'I'].map(angularMomentumOf), [0, 1, 2, 3, 4, 5, 6]);
  assert.is(angularMomentumOf('x'), undefined);
  assert.throws(() => shellLabel(7), /no shell letter/);
});

test('describeBasis summarises water in cc-pVDZ as O 3s2p1d and H 2s1p', () => {
  const d = describeBasis(load('cc-pVDZ', water), water);
  assert.equal(d.atoms.map((a) => a.shells), ['3s2p1d', '2s1p', '2s1p']);
  assert.equal(d.atoms.map((a) => a.nbf), [14, 5, 5]);
  assert.is(d.harmonics, 'spherical');
  assert.is(d.nprim, 32);
  assert.equal(d.lines, [
    'cc-pVDZ: 24 basis functions, 12 shells, 32 primitives, spherical',
    'O: 3s2p1d (14 functions)',
    'H: 2s1p (5 functions)',
  ]);
  assert.is(describe(load('cc-pVDZ', water), water), d.lines.join('\n'));
});

test('describeBasis counts Cartesian functions for a Cartesian basis', () => {
  const d = describeBasis(load('6-31G*', water), water);
  assert.equal(d.atoms.map((a) => `${a.shells}/${a.nbf}`), ['3s2p1d/15', '2s/2', '2s/2']);
  assert.is(d.harmonics, 'cartesian');
});

test('formatGaussian94 writes a block that parses back to the same shells', () => {
  for (const [name, symbol] of [['6-31G*', 'O'], ['cc-pVDZ', 'H'], ['def2-SVP', 'Kr']] as const) {
    const element = basisForElement(name, symbol);
    const text = formatGaussian94(symbol, element);
    assert.match(text, /^\*\*\*\*\n/);
    const shells = parseGaussian94(text).elements.get(symbol)!;
    assert.equal(shells.map((s) => s.L), element.shells.map((s) => s.L));
    shells.forEach((s, i) => {
      const original = element.shells[i]!;
      s.exponents.forEach((a, k) => assert.ok(Math.abs(a / original.exponents[k]! - 1) < 1e-10));
      s.coefficients.forEach((c, k) => assert.ok(Math.abs(c - original.fileCoefficients[k]!) <= 1e-10 * Math.abs(c)));
    });
  }
});

test.run();
