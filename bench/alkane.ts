/**
 * Straight-chain alkanes CₙH₂ₙ₊₂ from a standard geometry, for the scaling benchmark
 * (bench/scaling.ts): all-trans (zigzag) carbon backbone in the xy plane, C–C 1.54 Å, C–H
 * 1.09 Å, every angle tetrahedral (cos θ = −1/3, θ ≈ 109.47°), staggered.
 *
 * Carbon i sits at (i·a, (i mod 2)·b, 0) with a = r_CC·sin(θ/2), b = r_CC·cos(θ/2), so each
 * C–C–C angle is θ. Each carbon's two out-of-plane hydrogens lie along u·cos(θ/2) ± ẑ·sin(θ/2),
 * u the in-plane bisector pointing away from its two neighbours; an end carbon takes the chain's
 * next (absent) carbon as its second neighbour and puts its third hydrogen there, at r_CH.
 */

/** `[symbol, x, y, z]`, ångström. */
export type AtomAngstrom = [string, number, number, number];

export const CC_BOND_ANGSTROM = 1.54;
export const CH_BOND_ANGSTROM = 1.09;
const HALF_ANGLE = Math.acos(-1 / 3) / 2;

type Vec = [number, number, number];
const sub = (p: Vec, q: Vec): Vec => [p[0] - q[0], p[1] - q[1], p[2] - q[2]];
const add = (p: Vec, q: Vec): Vec => [p[0] + q[0], p[1] + q[1], p[2] + q[2]];
const scale = (p: Vec, s: number): Vec => [p[0] * s, p[1] * s, p[2] * s];
const unit = (p: Vec): Vec => scale(p, 1 / Math.hypot(...p));

/**
 * The atoms of CₙH₂ₙ₊₂ in ångström: the n carbons first, then the hydrogens.
 *
 * @param n number of carbons, ≥ 2
 * @example
 * ```ts
 * alkane(2).length; // 8 (ethane)
 * ```
 */
export function alkane(n: number): AtomAngstrom[] {
  if (!Number.isInteger(n) || n < 2) throw new Error(`alkane: n must be an integer ≥ 2 (got ${n})`);
  const a = CC_BOND_ANGSTROM * Math.sin(HALF_ANGLE);
  const b = CC_BOND_ANGSTROM * Math.cos(HALF_ANGLE);
  // Index −1 and n are the absent neighbours of the end carbons, on the same zigzag.
  const carbon = (i: number): Vec => [i * a, (((i % 2) + 2) % 2) * b, 0];
  const atoms: AtomAngstrom[] = [];
  for (let i = 0; i < n; i++) atoms.push(['C', ...carbon(i)]);
  for (let i = 0; i < n; i++) {
    const c = carbon(i);
    const u = unit(add(sub(c, carbon(i - 1)), sub(c, carbon(i + 1))));
    for (const sign of [1, -1]) {
      const d = add(scale(u, Math.cos(HALF_ANGLE)), [0, 0, sign * Math.sin(HALF_ANGLE)]);
      atoms.push(['H', ...add(c, scale(d, CH_BOND_ANGSTROM))]);
    }
    for (const end of i === 0 ? [-1] : i === n - 1 ? [n] : []) {
      atoms.push(['H', ...add(c, scale(unit(sub(carbon(end), c)), CH_BOND_ANGSTROM))]);
    }
  }
  return atoms;
}
