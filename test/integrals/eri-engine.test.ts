import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { BasisSet } from '../../src/basis/basis-set';
import { createEriEngine, eriShellQuartet, ERI_MAX_L } from '../../src/integrals/eri-engine';
import { eriTensor } from '../../src/integrals/eri-tensor';
import { boys } from '../../src/integrals/boys';
import { basisCartesianToSpherical } from '../../src/integrals/spherical';
import { readNpy } from '../helpers/npy';
import { handBasis, highLShells, maxAbsDiff, publicCase, referenceMatrix, type HandShell, type Vec3 } from './eri-fixtures';

/** Full tensor from every *ordered* shell quartet (no symmetry used), so symmetry can be tested. */
function tensorFromAllQuartets(basis: BasisSet, generated = true): Float64Array {
  const engine = createEriEngine(basis, { generated });
  const n = basis.nbf;
  const out = new Float64Array(n ** 4);
  const buf = new Float64Array(engine.maxQuartetSize);
  const size = (s: number): number => (basis.shellPure[s] ? 2 * basis.shellL[s]! + 1 : ((basis.shellL[s]! + 1) * (basis.shellL[s]! + 2)) / 2);
  const f = basis.shellFirstFunction;
  for (let P = 0; P < basis.nshell; P++)
    for (let Q = 0; Q < basis.nshell; Q++)
      for (let R = 0; R < basis.nshell; R++)
        for (let S = 0; S < basis.nshell; S++) {
          eriShellQuartet(engine, P, Q, R, S, buf);
          let o = 0;
          for (let p = 0; p < size(P); p++)
            for (let q = 0; q < size(Q); q++)
              for (let r = 0; r < size(R); r++)
                for (let s = 0; s < size(S); s++) out[(((f[P]! + p) * n + f[Q]! + q) * n + f[R]! + r) * n + f[S]! + s] = buf[o++]!;
        }
  return out;
}

/** Largest violation of the 8-fold permutational symmetry of a full tensor. */
function symmetryError(eri: Float64Array, n: number): number {
  let m = 0;
  const at = (i: number, j: number, k: number, l: number): number => eri[((i * n + j) * n + k) * n + l]!;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      for (let k = 0; k < n; k++)
        for (let l = 0; l < n; l++) {
          const v = at(i, j, k, l);
          for (const w of [at(j, i, k, l), at(i, j, l, k), at(j, i, l, k), at(k, l, i, j), at(l, k, i, j), at(k, l, j, i), at(l, k, j, i)]) {
            const d = Math.abs(v - w);
            if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
          }
        }
  return m;
}

/** eri transformed on every index by C (nbf × ncart): Σ C_ia C_jb C_kc C_ld (ab|cd). */
function transform4(eri: Float64Array, C: { rows: number; cols: number; data: Float64Array }): Float64Array {
  let cur = eri;
  const m = C.rows;
  const nc = C.cols;
  // Rotate index order each pass: (a b c d) → (b c d i), four times.
  let dims = [nc, nc, nc, nc];
  for (let pass = 0; pass < 4; pass++) {
    const [d0, d1, d2, d3] = dims as [number, number, number, number];
    const rest = d1 * d2 * d3;
    const next = new Float64Array(rest * m);
    for (let a = 0; a < d0; a++)
      for (let r = 0; r < rest; r++) {
        const v = cur[a * rest + r]!;
        if (v === 0) continue;
        for (let i = 0; i < m; i++) next[r * m + i] += C.data[i * nc + a]! * v;
      }
    cur = next;
    dims = [d1, d2, d3, m];
  }
  return cur;
}

function sumOfSquares(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v * v;
  return s;
}

test("Crawford's water / STO-3G (11|11) is 4.785065404705506", () => {
  const { basis } = publicCase('h2o_sto3g');
  const engine = createEriEngine(basis);
  const out = new Float64Array(engine.maxQuartetSize);
  assert.is(eriShellQuartet(engine, 0, 0, 0, 0, out), 1);
  // Literature value to 16 digits; both are double-precision sums, so 1e-13 leaves room for rounding only.
  assert.ok(Math.abs(out[0]! - 4.785065404705506) < 1e-13, `got ${out[0]}`);
});

for (const name of ['h2o_sto3g', 'h2o_631gs', 'h2o_ccpvdz']) {
  test(`the full ERI tensor of ${name} equals Psi4's element by element (|Δ| < 1e-12)`, () => {
    const { basis, nbf } = publicCase(name);
    assert.is(basis.nbf, nbf);
    const ref = readNpy(referenceMatrix(name, 'eri.npy'));
    assert.equal(ref.shape, [nbf, nbf, nbf, nbf]);
    const eri = eriTensor(basis);
    const d = maxAbsDiff(eri, ref.data);
    // Psi4 (libint) and this engine are both exact to rounding; integrals are O(1–5) Eh, so
    // 1e-12 is ~1000 ulps. Measured: ≤ 8e-15.
    assert.ok(d < 1e-12, `max |Δ| = ${d}`);
  });
}

test('the full tensor has 8-fold permutational symmetry with shells up to g computed in every orientation', () => {
  for (const pure of [true, false]) {
    const basis = handBasis(highLShells(), pure);
    const eri = tensorFromAllQuartets(basis);
    const err = symmetryError(eri, basis.nbf);
    // (PQ|RS) and (RS|PQ) run through different recurrence paths (bra vs ket VRR, bra vs ket
    // HRR), so they agree only to rounding: the HRR for (gg|..) sums terms up to |AB|⁴ times
    // larger intermediates, and the integrals here are up to 1.1 Eh. Measured: 1.4e-13.
    assert.ok(err < 1e-12, `pure=${pure}: symmetry error ${err}`);
  }
});

test('eriTensor (unique quartets, copied to permutations) equals the tensor from all ordered quartets', () => {
  const basis = handBasis(highLShells(), true);
  const d = maxAbsDiff(eriTensor(basis), tensorFromAllQuartets(basis));
  assert.ok(d < 1e-12, `max |Δ| = ${d}`);
});

test('the generated unrolled loops (L ≤ 2 per centre, L ≤ 4 on the bra pair and 3 on the ket pair) equal the generic VRR for every orientation', () => {
  const shells: HandShell[] = [
    { center: [0.1, -0.2, 0.3], L: 2, exponents: [1.7, 0.5], coefficients: [0.5, 0.6] },
    { center: [1.4, 0.9, -0.4], L: 1, exponents: [2.2, 0.6, 0.2], coefficients: [0.3, 0.5, 0.4] },
    { center: [-0.8, 1.1, 1.2], L: 0, exponents: [4.0, 0.9], coefficients: [0.4, 0.7] },
    { center: [1.4, 0.9, -0.4], L: 2, exponents: [0.8], coefficients: [1] },
    { center: [-0.8, 1.1, 1.2], L: 1, exponents: [1.1], coefficients: [1] },
  ];
  for (const pure of [true, false]) {
    const basis = handBasis(shells, pure);
    const d = maxAbsDiff(tensorFromAllQuartets(basis, true), tensorFromAllQuartets(basis, false));
    assert.ok(d < 1e-14, `pure=${pure}: max |Δ| = ${d}`);
  }
});

test('spherical integrals equal the Cartesian ones transformed by the cart→sph matrix (shells up to g)', () => {
  const shells = highLShells();
  const sph = eriTensor(handBasis(shells, true));
  const cart = eriTensor(handBasis(shells, false));
  const C = basisCartesianToSpherical(handBasis(shells, true));
  const d = maxAbsDiff(transform4(cart, C), sph);
  assert.ok(d < 1e-12, `max |Δ| = ${d}`);
});

test('spherical = transformed Cartesian for water / cc-pVDZ as loaded from the library', () => {
  const c = publicCase('h2o_ccpvdz');
  const { load } = require('../../src/basis/load') as typeof import('../../src/basis/load');
  const cartBasis = load('cc-pvdz', c.molecule, { pure: false });
  const C = basisCartesianToSpherical(c.basis);
  assert.ok(maxAbsDiff(transform4(eriTensor(cartBasis), C), eriTensor(c.basis)) < 1e-12);
});

test('the sum of squares of all ERIs is unchanged by rotating and translating the molecule (shells up to g)', () => {
  const R = rotationMatrix([0.3, -0.5, 0.8], 1.1);
  const s0 = sumOfSquares(eriTensor(handBasis(highLShells(), true)));
  const s1 = sumOfSquares(eriTensor(handBasis(highLShells([1.7, -2.3, 0.4], R), true)));
  assert.ok(Math.abs(s1 - s0) < 1e-10 * s0, `${s0} vs ${s1}`);
});

test('a translated molecule gives the same ERIs element by element (Cartesian shells up to g)', () => {
  const a = eriTensor(handBasis(highLShells(), false));
  const b = eriTensor(handBasis(highLShells([-3.1, 0.7, 2.2]), false));
  assert.ok(maxAbsDiff(a, b) < 1e-12);
});

test('primitive (gf|ss) and (ss|gf) integrals equal a 3-D Gauss–Hermite quadrature of the bra against the ket potential', () => {
  // Independent check of a high-L class. For an s-type ket the potential of the ket charge
  // e^{-γ|r-C|²} e^{-δ|r-D|²} = K_CD e^{-q|r-Q|²} is V(r) = K_CD (2π/q) F₀(q|r−Q|²) (the
  // Coulomb potential of a Gaussian, erf(√q s)/s = (2/√π) F₀(q s²)), so
  // (ab|cd) = ∫ x_A^a x_B^b e^{-α r_A²} e^{-β r_B²} V(r) d³r: a smooth function times a
  // Gaussian centred at P, integrated by a 60-point Gauss–Hermite product rule per axis. With
  // q ≪ p the potential varies slowly on the Gaussian's width and the rule converges to ~1e-14.
  const A: Vec3 = [0.2, -0.1, 0.3];
  const B: Vec3 = [0.9, 0.4, -0.2];
  const Cc: Vec3 = [-0.5, 0.8, 0.6];
  const Dc: Vec3 = [0.3, -0.7, 1.0];
  const alpha = 1.3;
  const beta = 1.0;
  const gamma = 0.2;
  const delta = 0.15;
  const raw = (center: Vec3, L: number, a: number): HandShell => ({ center, L, exponents: [a], coefficients: [1] });
  const basis = rawBasis([raw(A, 4, alpha), raw(B, 3, beta), raw(Cc, 0, gamma), raw(Dc, 0, delta)]);
  const engine = createEriEngine(basis);
  const out = new Float64Array(engine.maxQuartetSize);
  const out2 = new Float64Array(engine.maxQuartetSize);
  eriShellQuartet(engine, 0, 1, 2, 3, out);
  eriShellQuartet(engine, 2, 3, 0, 1, out2);

  const p = alpha + beta;
  const q = gamma + delta;
  const P = A.map((a, i) => (alpha * a + beta * B[i]!) / p) as Vec3;
  const Q = Cc.map((c, i) => (gamma * c + delta * Dc[i]!) / q) as Vec3;
  const dist2 = (u: Vec3, v: Vec3): number => (u[0] - v[0]) ** 2 + (u[1] - v[1]) ** 2 + (u[2] - v[2]) ** 2;
  const Kab = Math.exp((-alpha * beta * dist2(A, B)) / p);
  const Kcd = Math.exp((-gamma * delta * dist2(Cc, Dc)) / q);
  const { x: t, w } = gaussHermite(60);
  const n = t.length;
  const s = 1 / Math.sqrt(p);
  const comps = (L: number): number[][] => {
    const r: number[][] = [];
    for (let lx = L; lx >= 0; lx--) for (let ly = L - lx; ly >= 0; ly--) r.push([lx, ly, L - lx - ly]);
    return r;
  };
  const ca = comps(4);
  const cb = comps(3);
  const ref = new Float64Array(ca.length * cb.length);
  const F = new Float64Array(1);
  for (let i = 0; i < n; i++) {
    const x = P[0] + t[i]! * s;
    for (let j = 0; j < n; j++) {
      const y = P[1] + t[j]! * s;
      for (let k = 0; k < n; k++) {
        const z = P[2] + t[k]! * s;
        const wt = w[i]! * w[j]! * w[k]!;
        if (wt < 1e-300) continue;
        boys(0, q * ((x - Q[0]) ** 2 + (y - Q[1]) ** 2 + (z - Q[2]) ** 2), F);
        const V = wt * F[0]!;
        const ra = [x - A[0], y - A[1], z - A[2]];
        const rb = [x - B[0], y - B[1], z - B[2]];
        let o = 0;
        for (const ea of ca) {
          const pa = ra[0]! ** ea[0]! * ra[1]! ** ea[1]! * ra[2]! ** ea[2]!;
          for (const eb of cb) ref[o++] += V * pa * rb[0]! ** eb[0]! * rb[1]! ** eb[1]! * rb[2]! ** eb[2]!;
        }
      }
    }
  }
  const scale = Kab * Kcd * ((2 * Math.PI) / q) * s ** 3;
  for (let i = 0; i < ref.length; i++) ref[i] *= scale;
  const engineBlock = out.subarray(0, ref.length);
  let max = 0;
  for (const v of ref) max = Math.max(max, Math.abs(v));
  const d1 = maxAbsDiff(engineBlock, ref);
  const d2 = maxAbsDiff(out2.subarray(0, ref.length), ref);
  assert.ok(max > 1e-3, 'the check must not compare zeros');
  assert.ok(d1 < 1e-11 * max, `(gf|ss): max |Δ| = ${d1} (largest integral ${max})`);
  assert.ok(d2 < 1e-11 * max, `(ss|gf): max |Δ| = ${d2} (largest integral ${max})`);
});

test(`the engine refuses shells above L = ${ERI_MAX_L}`, () => {
  const basis = rawBasis([{ center: [0, 0, 0], L: 5, exponents: [1], coefficients: [1] }]);
  assert.throws(() => createEriEngine(basis), RangeError);
});

test('eriShellQuartet checks its shell indices and the size of the output buffer', () => {
  const { basis } = publicCase('h2o_sto3g');
  const engine = createEriEngine(basis);
  assert.throws(() => eriShellQuartet(engine, 0, 0, 0, basis.nshell, new Float64Array(81)), RangeError);
  assert.throws(() => eriShellQuartet(engine, 2, 2, 2, 2, new Float64Array(80)), /needs 81/);
  assert.is(eriShellQuartet(engine, 2, 2, 2, 2, new Float64Array(81)), 81);
});

/** Basis of shells with the given coefficients taken as they are (no normalisation). */
function rawBasis(shells: HandShell[]): BasisSet {
  const b = handBasis(shells, false);
  return { ...b, coefficients: new Float64Array(shells.flatMap((s) => s.coefficients)) };
}

function rotationMatrix(axis: Vec3, angle: number): number[] {
  const len = Math.hypot(...axis);
  const [x, y, z] = axis.map((v) => v / len) as Vec3;
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const t = 1 - c;
  return [t * x * x + c, t * x * y - s * z, t * x * z + s * y, t * x * y + s * z, t * y * y + c, t * y * z - s * x, t * x * z - s * y, t * y * z + s * x, t * z * z + c];
}

/** Gauss–Hermite nodes and weights for ∫ f(x) e^{−x²} dx (Newton on the orthonormal recurrence; Numerical Recipes §4.6). */
function gaussHermite(n: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  const pim4 = Math.pow(Math.PI, -0.25);
  const m = Math.floor((n + 1) / 2);
  let z = 0;
  for (let i = 0; i < m; i++) {
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * Math.pow(2 * n + 1, -0.16667);
    else if (i === 1) z -= (1.14 * Math.pow(n, 0.426)) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * x[0]!;
    else if (i === 3) z = 1.91 * z - 0.91 * x[1]!;
    else z = 2 * z - x[i - 2]!;
    let pp = 0;
    for (let it = 0; it < 100; it++) {
      let p1 = pim4;
      let p2 = 0;
      for (let j = 0; j < n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / (j + 1)) * p2 - Math.sqrt(j / (j + 1)) * p3;
      }
      pp = Math.sqrt(2 * n) * p2;
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-15) break;
    }
    x[i] = z;
    x[n - 1 - i] = -z;
    w[i] = 2 / (pp * pp);
    w[n - 1 - i] = w[i]!;
  }
  return { x, w };
}

test.run();
