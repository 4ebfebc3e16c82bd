import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { aoLabels, atomLabels, shellComponentLabels, load, type MoleculeLike } from '../../src/basis';
import { basisValues } from '../../src/integrals/basis-values';

const water: MoleculeLike = {
  atoms: [
    { symbol: 'O', Z: 8, position: [0, -0.143225816552, 0] },
    { symbol: 'H', Z: 1, position: [1.638036840407, 1.136548822547, 0] },
    { symbol: 'H', Z: 1, position: [-1.638036840407, 1.136548822547, 0] },
  ],
};

/** Ethane-like C2H2 (positions only matter for the value tests): two of each element. */
const acetylene: MoleculeLike = {
  atoms: [
    { symbol: 'C', Z: 6, position: [0, 0, -1.1] },
    { symbol: 'C', Z: 6, position: [0, 0, 1.1] },
    { symbol: 'H', Z: 1, position: [0, 0, -3.1] },
    { symbol: 'H', Z: 1, position: [0, 0, 3.1] },
  ],
};

test('atoms are named by symbol, numbered within their element only when it repeats', () => {
  assert.equal(atomLabels(water), ['O', 'H1', 'H2']);
  assert.equal(atomLabels(acetylene), ['C1', 'C2', 'H1', 'H2']);
  assert.equal(atomLabels({ atoms: [{ symbol: 'He' }, { symbol: 'He', ghost: true }] }), ['He1', 'Gh(He2)']);
});

test('water in STO-3G is labelled O 1s, O 2s, O 2pz, O 2px, O 2py, H1 1s, H2 1s', () => {
  assert.equal(aoLabels(load('STO-3G', water), water), ['O 1s', 'O 2s', 'O 2pz', 'O 2px', 'O 2py', 'H1 1s', 'H2 1s']);
});

test('cc-pVDZ counts shells of each L on each atom, and names spherical d components by m', () => {
  const labels = aoLabels(load('cc-pVDZ', water), water);
  assert.is(labels.length, 24);
  assert.equal(labels.slice(0, 14), [
    'O 1s', 'O 2s', 'O 3s', 'O 2pz', 'O 2px', 'O 2py', 'O 3pz', 'O 3px', 'O 3py',
    'O 3d0', 'O 3d+1', 'O 3d-1', 'O 3d+2', 'O 3d-2',
  ]);
  assert.equal(labels.slice(14, 19), ['H1 1s', 'H1 2s', 'H1 2pz', 'H1 2px', 'H1 2py']);
  assert.is(new Set(labels).size, 24, 'every label is unique');
});

test('a Cartesian basis (6-31G*) names p and d components by their monomials', () => {
  const labels = aoLabels(load('6-31G*', water), water);
  assert.equal(labels.slice(2, 15), ['O 2px', 'O 2py', 'O 2pz', 'O 3s', 'O 3px', 'O 3py', 'O 3pz', 'O 3dxx', 'O 3dxy', 'O 3dxz', 'O 3dyy', 'O 3dyz', 'O 3dzz']);
  assert.equal(shellComponentLabels(3, true), ['0', '+1', '-1', '+2', '-2', '+3', '-3']);
  assert.is(shellComponentLabels(3, false).length, 10);
});

// The labels must name what the functions are: evaluate each one at points around its atom.
test('each p and d label names the function it labels (values on the axes around the atom)', () => {
  for (const pure of [true, false]) {
    const bs = load('cc-pVDZ', acetylene, { pure });
    const labels = aoLabels(bs, acetylene);
    const c = acetylene.atoms[0]!.position;
    const at = (dx: number, dy: number, dz: number): Float64Array => basisValues(bs, Float64Array.of(c[0] + dx, c[1] + dy, c[2] + dz));
    const h = 0.7;
    const px = at(h, 0, 0), py = at(0, h, 0), pz = at(0, 0, h), xy = at(h, h, 0);
    const index = (label: string): number => {
      const i = labels.indexOf(label);
      assert.ok(i >= 0, `${label} is among the labels (pure: ${pure})`);
      return i;
    };
    for (const [axis, values] of [['x', px], ['y', py], ['z', pz]] as const) {
      const i = index(`C1 2p${axis}`);
      assert.ok(values[i]! > 1e-3, `C1 2p${axis} is positive along +${axis}`);
      for (const other of [px, py, pz]) if (other !== values) assert.ok(Math.abs(other[i]!) < 1e-12, `C1 2p${axis} vanishes off its axis`);
    }
    if (pure) {
      // d0 ∝ 2z² − x² − y², d+2 ∝ x² − y², d−2 ∝ xy (Helgaker, Jørgensen & Olsen §6.4).
      const d0 = index('C1 3d0'), d2 = index('C1 3d+2'), dm2 = index('C1 3d-2');
      assert.ok(pz[d0]! > 0 && px[d0]! < 0 && Math.abs(pz[d0]! + 2 * px[d0]!) < 1e-12);
      assert.ok(px[d2]! > 0 && py[d2]! < 0 && Math.abs(pz[d2]!) < 1e-12);
      assert.ok(xy[dm2]! > 0 && Math.abs(px[dm2]!) < 1e-12 && Math.abs(pz[dm2]!) < 1e-12);
    } else {
      const xx = index('C1 3dxx'), dxy = index('C1 3dxy');
      assert.ok(px[xx]! > 0 && Math.abs(py[xx]!) < 1e-12);
      assert.ok(xy[dxy]! > 0 && Math.abs(px[dxy]!) < 1e-12);
    }
  }
});

test('a basis placed on another molecule is refused with a one-line error', () => {
  const bs = load('STO-3G', water);
  assert.throws(() => aoLabels(bs, { atoms: water.atoms.slice(0, 2) }), /shell 5 of basis STO-3G sits on atom 3, but the molecule has 2 atoms/);
});

test.run();
