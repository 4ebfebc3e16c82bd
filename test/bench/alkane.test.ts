import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { alkane, CC_BOND_ANGSTROM, CH_BOND_ANGSTROM, type AtomAngstrom } from '../../bench/alkane';

const dist = (p: AtomAngstrom, q: AtomAngstrom): number => Math.hypot(p[1] - q[1], p[2] - q[2], p[3] - q[3]);
const angle = (a: AtomAngstrom, b: AtomAngstrom, c: AtomAngstrom): number => {
  const u = [a[1] - b[1], a[2] - b[2], a[3] - b[3]];
  const v = [c[1] - b[1], c[2] - b[2], c[3] - b[3]];
  return Math.acos((u[0]! * v[0]! + u[1]! * v[1]! + u[2]! * v[2]!) / (Math.hypot(...u) * Math.hypot(...v)));
};
const TETRAHEDRAL = Math.acos(-1 / 3);
// Built from exact trigonometry: lengths and angles hold to rounding (1e-12 Å, 1e-12 rad).
const EPS = 1e-12;

for (const n of [2, 3, 8, 42]) {
  test(`C${n}H${2 * n + 2} has its formula, standard bond lengths and tetrahedral angles at every carbon`, () => {
    const atoms = alkane(n);
    const carbons = atoms.filter((a) => a[0] === 'C');
    assert.is(carbons.length, n);
    assert.is(atoms.length - n, 2 * n + 2);
    for (const c of carbons) {
      // Each carbon has exactly four neighbours within 1.6 Å: C at 1.54 Å, H at 1.09 Å.
      const bonded = atoms.filter((a) => a !== c && dist(a, c) < 1.6);
      assert.is(bonded.length, 4);
      for (const x of bonded) assert.ok(Math.abs(dist(x, c) - (x[0] === 'C' ? CC_BOND_ANGSTROM : CH_BOND_ANGSTROM)) < EPS);
      for (let i = 0; i < 4; i++) for (let j = 0; j < i; j++) assert.ok(Math.abs(angle(bonded[i]!, c, bonded[j]!) - TETRAHEDRAL) < EPS);
    }
    // Nothing closer than a bond: the nearest non-bonded pair (H···H across a CH₂) is ≥ 1.7 Å.
    for (let i = 0; i < atoms.length; i++) {
      for (let j = 0; j < i; j++) {
        const d = dist(atoms[i]!, atoms[j]!);
        const isBond = (atoms[i]![0] === 'C' || atoms[j]![0] === 'C') && d < 1.6;
        if (!isBond) assert.ok(d >= 1.7, `${atoms[i]![0]}${i}–${atoms[j]![0]}${j} at ${d} Å`);
      }
    }
  });
}

test('fewer than two carbons, or a fraction, is refused', () => {
  assert.throws(() => alkane(1), /n must be an integer ≥ 2/);
  assert.throws(() => alkane(2.5), /n must be an integer ≥ 2/);
});

test.run();
