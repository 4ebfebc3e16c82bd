import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  cartToSph,
  cartesianIndex,
  cartesianExponents,
  cartesianToSpherical,
  SPHERICAL_MAX_L,
} from '../../src/integrals/spherical';

/** Deterministic pseudo-random numbers in [−1, 1) (LCG), so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  };
}

/** Value at (x, y, z) of spherical component s of shell L, as a polynomial (normalisation of the basis' x^L). */
function evalSph(L: number, s: number, x: number, y: number, z: number): number {
  const t = cartToSph(L);
  const e = cartesianExponents(L);
  let v = 0;
  for (let c = 0; c < t.ncart; c++) v += t.coef[s * t.ncart + c]! * x ** e[3 * c]! * y ** e[3 * c + 1]! * z ** e[3 * c + 2]!;
  return v;
}

function dfact(n: number): number {
  let r = 1;
  for (let k = n; k > 1; k -= 2) r *= k;
  return r;
}

test('cartesianIndex follows lexicographic order (d: xx, xy, xz, yy, yz, zz)', () => {
  assert.equal(
    [[2, 0, 0], [1, 1, 0], [1, 0, 1], [0, 2, 0], [0, 1, 1], [0, 0, 2]].map(([a, b, c]) => cartesianIndex(a!, b!, c!)),
    [0, 1, 2, 3, 4, 5],
  );
  for (let L = 0; L <= 6; L++) {
    const e = cartesianExponents(L);
    for (let c = 0; c < e.length / 3; c++) assert.is(cartesianIndex(e[3 * c]!, e[3 * c + 1]!, e[3 * c + 2]!), c);
  }
  assert.equal(Array.from(cartesianExponents(1)), [1, 0, 0, 0, 1, 0, 0, 0, 1]);
});

test('s is the identity and p is the permutation (z, x, y)', () => {
  assert.equal(Array.from(cartToSph(0).coef), [1]);
  assert.equal(Array.from(cartToSph(1).coef), [0, 0, 1, 1, 0, 0, 0, 1, 0]);
});

test('d coefficients are the textbook ones: zz − ½(xx+yy), √3 xz, √3 yz, (√3/2)(xx − yy), √3 xy', () => {
  const r3 = Math.sqrt(3);
  const expected = [
    [-0.5, 0, 0, -0.5, 0, 1],
    [0, 0, r3, 0, 0, 0],
    [0, 0, 0, 0, r3, 0],
    [r3 / 2, 0, 0, -r3 / 2, 0, 0],
    [0, r3, 0, 0, 0, 0],
  ];
  const d = cartToSph(2);
  for (let s = 0; s < 5; s++) for (let c = 0; c < 6; c++) assert.ok(Math.abs(d.coef[s * 6 + c]! - expected[s]![c]!) < 1e-15, `s=${s} c=${c}`);
});

test('spherical functions are orthonormal under the Cartesian overlap of the basis convention, L = 0…8', () => {
  for (let L = 0; L <= SPHERICAL_MAX_L; L++) {
    const t = cartToSph(L);
    const e = cartesianExponents(L);
    const n = t.ncart;
    const S = new Float64Array(n * n);
    for (let a = 0; a < n; a++)
      for (let b = 0; b < n; b++) {
        const sx = e[3 * a]! + e[3 * b]!, sy = e[3 * a + 1]! + e[3 * b + 1]!, sz = e[3 * a + 2]! + e[3 * b + 2]!;
        S[a * n + b] = sx % 2 || sy % 2 || sz % 2 ? 0 : (dfact(sx - 1) * dfact(sy - 1) * dfact(sz - 1)) / dfact(2 * L - 1);
      }
    for (let i = 0; i < t.nsph; i++)
      for (let j = 0; j < t.nsph; j++) {
        let v = 0;
        for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) v += t.coef[i * n + a]! * S[a * n + b]! * t.coef[j * n + b]!;
        assert.ok(Math.abs(v - (i === j ? 1 : 0)) < 1e-12, `L=${L} i=${i} j=${j}: ${v}`);
      }
  }
});

test('every spherical function is harmonic (its Laplacian vanishes), L = 0…8', () => {
  for (let L = 2; L <= SPHERICAL_MAX_L; L++) {
    const t = cartToSph(L);
    const e = cartesianExponents(L);
    const lap = new Float64Array(cartesianExponents(L - 2).length / 3);
    for (let s = 0; s < t.nsph; s++) {
      lap.fill(0);
      let scale = 0;
      for (let c = 0; c < t.ncart; c++) {
        const v = t.coef[s * t.ncart + c]!;
        scale = Math.max(scale, Math.abs(v));
        const [a, b, d] = [e[3 * c]!, e[3 * c + 1]!, e[3 * c + 2]!];
        if (a >= 2) lap[cartesianIndex(a - 2, b, d)]! += v * a * (a - 1);
        if (b >= 2) lap[cartesianIndex(a, b - 2, d)]! += v * b * (b - 1);
        if (d >= 2) lap[cartesianIndex(a, b, d - 2)]! += v * d * (d - 1);
      }
      for (const x of lap) assert.ok(Math.abs(x) < 1e-12 * scale * L * L, `L=${L} s=${s}`);
    }
  }
});

test('component m > 0 varies as cos(mφ) and −m as sin(mφ) with equal amplitude; m = 0 is r^L P_L(cos θ)', () => {
  const r = rng(7);
  for (let L = 1; L <= 6; L++) {
    for (let trial = 0; trial < 5; trial++) {
      const rho = 0.3 + Math.abs(r());
      const z = r();
      const phi = Math.PI * r();
      for (let m = 1; m <= L; m++) {
        const a0 = evalSph(L, 2 * m - 1, rho, 0, z);
        const cp = evalSph(L, 2 * m - 1, rho * Math.cos(phi), rho * Math.sin(phi), z);
        const sm = evalSph(L, 2 * m, rho * Math.cos(phi), rho * Math.sin(phi), z);
        assert.ok(Math.abs(cp - a0 * Math.cos(m * phi)) < 1e-12 * (1 + Math.abs(a0)), `L=${L} m=+${m}`);
        assert.ok(Math.abs(sm - a0 * Math.sin(m * phi)) < 1e-12 * (1 + Math.abs(a0)), `L=${L} m=-${m}`);
      }
      // m = 0: proportional to r^L P_L(z/r), positive along +z.
      const x = rho * Math.cos(phi), y = rho * Math.sin(phi);
      const rr = Math.hypot(x, y, z);
      const c = z / rr;
      let p0 = 1, p1 = c;
      for (let l = 1; l < L; l++) [p0, p1] = [p1, ((2 * l + 1) * c * p1 - l * p0) / (l + 1)];
      const ratio = evalSph(L, 0, x, y, z) / (rr ** L * (L === 0 ? 1 : p1));
      assert.ok(Math.abs(ratio - evalSph(L, 0, 0, 0, 1)) < 1e-10, `L=${L} m=0`);
      assert.ok(evalSph(L, 0, 0, 0, 1) > 0);
    }
  }
});

/** Reference transform of a rank-k tensor with explicit dense loops (one index at a time). */
function denseTransform(inp: Float64Array, L: number[], pure: number[]): Float64Array {
  let cur = Float64Array.from(inp);
  const sizes = L.map((l) => ((l + 1) * (l + 2)) / 2);
  for (let i = 0; i < L.length; i++) {
    if (!pure[i]) continue;
    const t = cartToSph(L[i]!);
    const A = sizes.slice(0, i).reduce((p, q) => p * q, 1);
    const B = sizes.slice(i + 1).reduce((p, q) => p * q, 1);
    const next = new Float64Array(A * t.nsph * B);
    for (let a = 0; a < A; a++)
      for (let s = 0; s < t.nsph; s++)
        for (let c = 0; c < t.ncart; c++)
          for (let b = 0; b < B; b++) next[(a * t.nsph + s) * B + b]! += t.coef[s * t.ncart + c]! * cur[(a * t.ncart + c) * B + b]!;
    cur = next;
    sizes[i] = t.nsph;
  }
  return cur;
}

test('cartesianToSpherical matches dense loops for 2- and 4-index blocks, mixed pure/Cartesian, in and out of place', () => {
  const r = rng(11);
  const cases: Array<[number[], number[]]> = [
    [[2, 3], [1, 1]],
    [[4, 1], [1, 0]],
    [[1, 1], [1, 1]],
    [[0, 1], [1, 1]],
    [[2, 2], [0, 0]],
    [[4, 4], [1, 1]],
    [[2, 1, 3, 0], [1, 1, 1, 1]],
    [[1, 1, 1, 1], [1, 0, 1, 0]],
    [[4, 4, 4, 4], [1, 1, 1, 1]],
    [[3, 2, 4, 1], [1, 0, 1, 1]],
  ];
  for (const [L, pure] of cases) {
    const n = L.reduce((p, l) => p * (((l + 1) * (l + 2)) / 2), 1);
    const inp = new Float64Array(n);
    for (let i = 0; i < n; i++) inp[i] = r();
    const expected = denseTransform(inp, L, pure);
    const out = new Float64Array(n);
    const copy = Float64Array.from(inp);
    cartesianToSpherical(inp, L, pure, out);
    assert.equal(Array.from(inp), Array.from(copy), 'input untouched when out of place');
    for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(out[i]! - expected[i]!) < 1e-13, `${L} ${pure} i=${i}`);
    cartesianToSpherical(inp, L, pure, inp);
    for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(inp[i]! - expected[i]!) < 1e-13, `in place ${L} ${pure} i=${i}`);
  }
});

test('cartToSph rejects unsupported angular momenta', () => {
  assert.throws(() => cartToSph(-1), /angular momentum/);
  assert.throws(() => cartToSph(SPHERICAL_MAX_L + 1), /angular momentum/);
  assert.throws(() => cartToSph(1.5), /angular momentum/);
});

test.run();
