import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { load } from '../../src/basis';
import type { BasisSet } from '../../src/basis/basis-set';
import type { Matrix } from '../../src/linalg';
import {
  overlap,
  kinetic,
  nuclearAttraction,
  dipole,
  basisCartesianToSpherical,
  cartesianExponents,
} from '../../src/integrals';
import { WATER_TILTED, primitiveBasis, cartesianVersion, maxAbsDiff } from './one-electron-fixtures';

// ---------------------------------------------------------------------------------------------
// Independent references for primitive Cartesian Gaussians (coefficient 1, unnormalised):
// the Gaussian product theorem and binomial expansion of (x − A)^i (x − B)^j about the product
// centre (Taketa, Huzinaga & O-ohata, J. Phys. Soc. Jpn. 21, 2313 (1966); HJO §9.2.2), with
// ∫ s^n e^{−q s²} ds = (n−1)!! / (2q)^{n/2} · √(π/q) for even n. No recurrence is shared with
// the implementation.
// ---------------------------------------------------------------------------------------------
function binom(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}
function dfact(n: number): number {
  let r = 1;
  for (let k = n; k > 1; k -= 2) r *= k;
  return r;
}
/** ∫ (x−A)^i (x−B)^j e^{−q (x−Q)²} dx. */
function oneD(i: number, j: number, A: number, B: number, Q: number, q: number): number {
  if (i < 0 || j < 0) return 0;
  let s = 0;
  for (let k = 0; k <= i; k++) {
    for (let l = 0; l <= j; l++) {
      const n = k + l;
      if (n % 2) continue;
      s += binom(i, k) * binom(j, l) * (Q - A) ** (i - k) * (Q - B) ** (j - l) * (dfact(n - 1) / (2 * q) ** (n / 2)) * Math.sqrt(Math.PI / q);
    }
  }
  return s;
}
type V3 = [number, number, number];
/** Overlap of x^a e^{−α r_A²} and x^b e^{−β r_B²} (3D), with an optional third s Gaussian e^{−γ r_C²}. */
function overlap3(a: number[], alpha: number, A: V3, b: number[], beta: number, B: V3, gamma = 0, C: V3 = [0, 0, 0]): number {
  const q = alpha + beta + gamma;
  let v = 1;
  for (let d = 0; d < 3; d++) {
    const Q = (alpha * A[d]! + beta * B[d]! + gamma * C[d]!) / q;
    const kappa = (alpha * beta * (A[d]! - B[d]!) ** 2 + alpha * gamma * (A[d]! - C[d]!) ** 2 + beta * gamma * (B[d]! - C[d]!) ** 2) / q;
    v *= Math.exp(-kappa) * oneD(a[d]!, b[d]!, A[d]!, B[d]!, Q, q);
  }
  return v;
}
/** Kinetic energy ½⟨∇a|∇b⟩ with ∂_x x_A^i e^{−αx_A²} = i x_A^{i−1} e − 2α x_A^{i+1} e (symmetric form). */
function kinetic3(a: number[], alpha: number, A: V3, b: number[], beta: number, B: V3): number {
  let t = 0;
  for (let d = 0; d < 3; d++) {
    const terms: Array<[number, number[]]> = [];
    const am = a.slice(), ap = a.slice();
    am[d]!--;
    ap[d]!++;
    const bm = b.slice(), bp = b.slice();
    bm[d]!--;
    bp[d]!++;
    const da: Array<[number, number[]]> = [[a[d]!, am], [-2 * alpha, ap]];
    const db: Array<[number, number[]]> = [[b[d]!, bm], [-2 * beta, bp]];
    for (const [ca, ea] of da) for (const [cb, eb] of db) if (ca !== 0 && cb !== 0) terms.push([ca * cb, [...ea, ...eb]]);
    for (const [c, e] of terms) t += 0.5 * c * overlap3(e.slice(0, 3), alpha, A, e.slice(3), beta, B);
  }
  return t;
}
/** Gauss–Legendre nodes and weights on [0, 1]. */
function gaussLegendre(n: number): { x: number[]; w: number[] } {
  const x: number[] = [], w: number[] = [];
  for (let i = 1; i <= n; i++) {
    let z = Math.cos((Math.PI * (i - 0.25)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1, p1 = z;
      for (let k = 2; k <= n; k++) [p0, p1] = [p1, ((2 * k - 1) * z * p1 - (k - 1) * p0) / k];
      dp = (n * (z * p1 - p0)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x.push(0.5 * (1 - z));
    w.push(1 / ((1 - z * z) * dp * dp));
  }
  return { x, w };
}
const GL = gaussLegendre(120);
/**
 * ⟨a| 1/|r − C| |b⟩ from 1/r = (2/√π) ∫₀^∞ e^{−u² r²} du (three-centre overlaps), with
 * u = √p·t/√(1 − t²) mapping [0, ∞) to [0, 1) and 120-point Gauss–Legendre quadrature in t.
 */
function coulomb3(a: number[], alpha: number, A: V3, b: number[], beta: number, B: V3, C: V3): number {
  const p = alpha + beta;
  let s = 0;
  for (let k = 0; k < GL.x.length; k++) {
    const t = GL.x[k]!;
    const omt2 = 1 - t * t;
    const u2 = (p * t * t) / omt2;
    const jac = Math.sqrt(p) * omt2 ** -1.5;
    s += GL.w[k]! * jac * overlap3(a, alpha, A, b, beta, B, u2, C);
  }
  return (2 / Math.sqrt(Math.PI)) * s;
}

const A: V3 = [0.3, -0.4, 0.5];
const B: V3 = [-0.6, 0.7, -0.2];
const C: V3 = [0.8, 0.9, -0.7];

function cartBlock(m: Matrix, basis: BasisSet, P: number, Q: number): number[][] {
  const nP = ((basis.shellL[P]! + 1) * (basis.shellL[P]! + 2)) / 2;
  const nQ = ((basis.shellL[Q]! + 1) * (basis.shellL[Q]! + 2)) / 2;
  const out: number[][] = [];
  for (let i = 0; i < nP; i++) {
    const row: number[] = [];
    for (let j = 0; j < nQ; j++) row.push(m.data[(basis.shellFirstFunction[P]! + i) * m.cols + basis.shellFirstFunction[Q]! + j]!);
    out.push(row);
  }
  return out;
}

for (const [La, Lb, alpha, beta] of [[4, 4, 0.8, 1.3], [4, 3, 1.7, 0.6], [2, 4, 0.9, 0.9], [3, 3, 2.1, 0.45], [0, 4, 1.2, 0.7], [1, 4, 0.5, 1.5]] as const) {
  test(`primitive L=${La} and L=${Lb} shells: S, T, V and dipole equal independent closed forms (binomial expansion, Gauss–Legendre)`, () => {
    const basis = primitiveBasis([
      { L: La, alpha, center: A },
      { L: Lb, alpha: beta, center: B },
    ]);
    const nuclei = { atoms: [{ Z: 1.5, position: C }] };
    const S = cartBlock(overlap(basis), basis, 0, 1);
    const T = cartBlock(kinetic(basis), basis, 0, 1);
    const V = cartBlock(nuclearAttraction(basis, nuclei), basis, 0, 1);
    const O: V3 = [0.15, -0.35, 0.45];
    const Md = dipole(basis, O);
    const M = [cartBlock(Md.x, basis, 0, 1), cartBlock(Md.y, basis, 0, 1), cartBlock(Md.z, basis, 0, 1)];
    const ea = cartesianExponents(La), eb = cartesianExponents(Lb);
    let dS = 0, dT = 0, dV = 0, mS = 0, mT = 0, mV = 0, dM = 0, mM = 0;
    for (let i = 0; i < S.length; i++) {
      const a = [ea[3 * i]!, ea[3 * i + 1]!, ea[3 * i + 2]!];
      for (let j = 0; j < S[0]!.length; j++) {
        const b = [eb[3 * j]!, eb[3 * j + 1]!, eb[3 * j + 2]!];
        const s = overlap3(a, alpha, A, b, beta, B);
        const t = kinetic3(a, alpha, A, b, beta, B);
        const v = -1.5 * coulomb3(a, alpha, A, b, beta, B, C);
        dS = Math.max(dS, Math.abs(S[i]![j]! - s));
        dT = Math.max(dT, Math.abs(T[i]![j]! - t));
        dV = Math.max(dV, Math.abs(V[i]![j]! - v));
        mS = Math.max(mS, Math.abs(s));
        mT = Math.max(mT, Math.abs(t));
        mV = Math.max(mV, Math.abs(v));
        for (let d = 0; d < 3; d++) {
          // ⟨a| x − O_x |b⟩ = ⟨a| (x − B_x) |b⟩ + (B_x − O_x) ⟨a|b⟩, the first an overlap with b + 1_x.
          const b1 = b.slice();
          b1[d]!++;
          const m = overlap3(a, alpha, A, b1, beta, B) + (B[d]! - O[d]!) * s;
          dM = Math.max(dM, Math.abs(M[d]![i]![j]! - m));
          mM = Math.max(mM, Math.abs(m));
        }
      }
    }
    // Relative to the block's largest element: double-precision rounding of sums of O(100) terms.
    assert.ok(dS < 1e-13 * mS, `S: ${dS} of ${mS}`);
    assert.ok(dM < 1e-13 * mM, `dipole: ${dM} of ${mM}`);
    assert.ok(dT < 1e-13 * mT, `T: ${dT} of ${mT}`);
    assert.ok(dV < 1e-12 * mV, `V: ${dV} of ${mV}`);
    if (La === 4 && Lb === 4) {
      console.log(`    g|g primitives: max rel. deviation S ${(dS / mS).toExponential(1)}, T ${(dT / mT).toExponential(1)}, V ${(dV / mV).toExponential(1)}`);
    }
  });
}

test('Cartesian f and g self-overlaps are (2a−1)!!(2b−1)!!(2c−1)!!/(2L−1)!! (cc-pVQZ, Cartesian)', () => {
  const basis = load('cc-pVQZ', WATER_TILTED, { pure: false });
  const S = overlap(basis);
  let checked = 0;
  for (let s = 0; s < basis.nshell; s++) {
    const L = basis.shellL[s]!;
    const e = cartesianExponents(L);
    for (let c = 0; c < e.length / 3; c++) {
      const k = basis.shellFirstFunction[s]! + c;
      const expected = (dfact(2 * e[3 * c]! - 1) * dfact(2 * e[3 * c + 1]! - 1) * dfact(2 * e[3 * c + 2]! - 1)) / dfact(2 * L - 1);
      assert.ok(Math.abs(S.data[k * S.cols + k]! - expected) < 1e-13, `shell ${s} L=${L} component ${c}`);
      checked++;
    }
  }
  assert.is(checked, basis.nbf);
  assert.is(basis.maxL, 4);
});

/** C·M·Cᵀ */
function congruenceT(Cm: Matrix, M: Matrix): Float64Array {
  const n = Cm.rows, m = Cm.cols;
  const tmp = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let k = 0; k < m; k++) {
    const c = Cm.data[i * m + k]!;
    if (c === 0) continue;
    for (let j = 0; j < m; j++) tmp[i * m + j]! += c * M.data[k * m + j]!;
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let v = 0;
    for (let k = 0; k < m; k++) v += tmp[i * m + k]! * Cm.data[j * m + k]!;
    out[i * n + j] = v;
  }
  return out;
}

test('spherical S, T, V and dipole equal the Cartesian ones transformed by the cart→sph matrix (cc-pVQZ, up to g)', () => {
  const sph = load('cc-pVQZ', WATER_TILTED, { pure: true });
  const cart = cartesianVersion(sph);
  const C = basisCartesianToSpherical(sph);
  assert.is(C.rows, sph.nbf);
  assert.is(C.cols, sph.ncart);
  const Ms = dipole(sph, [0.2, -0.1, 0.4]);
  const Mc = dipole(cart, [0.2, -0.1, 0.4]);
  const pairs: Array<[string, Matrix, Matrix]> = [
    ['S', overlap(sph), overlap(cart)],
    ['T', kinetic(sph), kinetic(cart)],
    ['V', nuclearAttraction(sph, WATER_TILTED), nuclearAttraction(cart, WATER_TILTED)],
    ['Mx', Ms.x, Mc.x],
    ['My', Ms.y, Mc.y],
    ['Mz', Ms.z, Mc.z],
  ];
  for (const [label, s, c] of pairs) {
    const d = maxAbsDiff(s.data, congruenceT(C, c));
    assert.ok(d < 1e-12, `${label}: ${d}`);
  }
});

test('for an all-Cartesian basis the cart→sph matrix is the identity', () => {
  const basis = load('6-31G*', WATER_TILTED, { pure: false });
  const C = basisCartesianToSpherical(basis);
  assert.is(C.rows, basis.ncart);
  for (let i = 0; i < C.rows; i++) for (let j = 0; j < C.cols; j++) assert.is(C.data[i * C.cols + j], i === j ? 1 : 0);
});

test('the spherical cc-pVQZ overlap has unit diagonal through g functions and is symmetric', () => {
  const basis = load('cc-pVQZ', WATER_TILTED, { pure: true });
  const S = overlap(basis);
  const n = S.rows;
  for (let i = 0; i < n; i++) {
    assert.ok(Math.abs(S.data[i * n + i]! - 1) < 1e-14, `diagonal ${i}`);
    for (let j = 0; j < i; j++) assert.is(S.data[i * n + j], S.data[j * n + i]);
  }
});

test('integrals of i functions (L = 6) agree with the closed forms too', () => {
  const basis = primitiveBasis([
    { L: 6, alpha: 1.1, center: A },
    { L: 5, alpha: 0.7, center: B },
  ]);
  const S = cartBlock(overlap(basis), basis, 0, 1);
  const V = cartBlock(nuclearAttraction(basis, { atoms: [{ Z: 1, position: C }] }), basis, 0, 1);
  const ea = cartesianExponents(6), eb = cartesianExponents(5);
  let dS = 0, dV = 0, mS = 0, mV = 0;
  for (let i = 0; i < S.length; i += 3) {
    for (let j = 0; j < S[0]!.length; j += 2) {
      const a = [ea[3 * i]!, ea[3 * i + 1]!, ea[3 * i + 2]!], b = [eb[3 * j]!, eb[3 * j + 1]!, eb[3 * j + 2]!];
      const s = overlap3(a, 1.1, A, b, 0.7, B);
      const v = -coulomb3(a, 1.1, A, b, 0.7, B, C);
      dS = Math.max(dS, Math.abs(S[i]![j]! - s));
      dV = Math.max(dV, Math.abs(V[i]![j]! - v));
      mS = Math.max(mS, Math.abs(s));
      mV = Math.max(mV, Math.abs(v));
    }
  }
  assert.ok(dS < 1e-12 * mS, `S: ${dS} of ${mS}`);
  assert.ok(dV < 1e-11 * mV, `V: ${dV} of ${mV}`);
});

test.run();
