import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { boys, boysValue, BOYS_MAX_M, BOYS_TABLE_TMAX } from '../../src/integrals/boys';

// ---------------------------------------------------------------------------------------------
// Independent high-precision reference, in BigInt fixed point with P decimal digits.
// For T ≤ 100: the alternating Maclaurin series F_m(T) = Σ_k (−T)^k / (k! (2m+2k+1)) (term-wise
// integration of e^{−Tt²}; a different formulation from the positive series + recursions that
// boys.ts uses). Its cancellation costs at most log10(e^T) ≈ 44 digits at T = 100; P = 150.
// For T > 100: the closed form F_m(T) = (2m−1)!! √π / (2^{m+1} T^{m+1/2}), whose neglected
// term e^{−T}/(2T)·(1 + O(m/T)) is, relative to F_m, below 1e-22 for m ≤ 20 at T = 100 and
// below 1e-30 for m ≤ 32 at T ≥ 150; π from Machin's formula and an integer square root.
// ---------------------------------------------------------------------------------------------
const P = 150;
const SCALE = 10n ** BigInt(P);

/** Exact rational form N/D of a non-negative double. */
function exactRational(T: number): { N: bigint; D: bigint } {
  let E = 0;
  while (!Number.isInteger(T * 2 ** E)) E++;
  return { N: BigInt(T * 2 ** E), D: 1n << BigInt(E) };
}

/** num/den as a correctly rounded double (num, den > 0). */
function ratioToNumber(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  const K = 25 - (num.toString().length - den.toString().length);
  const q = K >= 0 ? (num * 10n ** BigInt(K)) / den : num / (den * 10n ** BigInt(-K));
  return parseFloat(`${q.toString()}e${-K}`);
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  if (x === 0n) x = 1n;
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x - 1n && y <= x + 1n) {
      let r = y;
      while (r * r > n) r--;
      while ((r + 1n) * (r + 1n) <= n) r++;
      return r;
    }
    x = y;
  }
}

function arctanInv(x: bigint, scale: bigint): bigint {
  let power = scale / x;
  let sum = power;
  const x2 = x * x;
  for (let k = 1n; power !== 0n; k++) {
    power /= x2;
    const t = power / (2n * k + 1n);
    sum += k % 2n === 1n ? -t : t;
  }
  return sum;
}
const PI_FIX = 16n * arctanInv(5n, SCALE) - 4n * arctanInv(239n, SCALE); // π · 10^P

/** Reference F_m(T) for m = 0 … mmax. */
function boysReference(mmax: number, T: number, method: 'auto' | 'series' | 'closed' = 'auto'): number[] {
  const out: number[] = [];
  if (T === 0) {
    for (let m = 0; m <= mmax; m++) out.push(1 / (2 * m + 1));
    return out;
  }
  const { N, D } = exactRational(T);
  if (method === 'closed' || (method === 'auto' && T > 100)) {
    // F_m = (2m−1)!! · √(π D/N) · D^m / (2^{m+1} N^m)
    const X = isqrt((PI_FIX * SCALE * D) / N); // 10^P · √(π/T)
    let dfact = 1n;
    for (let m = 0; m <= mmax; m++) {
      if (m > 0) dfact *= BigInt(2 * m - 1);
      const num = dfact * X * D ** BigInt(m);
      const den = (1n << BigInt(m + 1)) * N ** BigInt(m) * SCALE;
      out.push(ratioToNumber(num, den));
    }
    return out;
  }
  const terms: bigint[] = []; // 10^P · T^k / k!
  let t = SCALE;
  for (let k = 0; t !== 0n; k++) {
    terms.push(t);
    t = (t * N) / (D * BigInt(k + 1));
  }
  for (let m = 0; m <= mmax; m++) {
    let s = 0n;
    for (let k = 0; k < terms.length; k++) {
      const q = terms[k]! / BigInt(2 * m + 2 * k + 1);
      s += k % 2 === 0 ? q : -q;
    }
    out.push(ratioToNumber(s, SCALE));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

test('the reference reproduces known closed forms: F_0(1) = ½√π erf(1) and F_m(0) = 1/(2m+1)', () => {
  // erf(1) = 0.8427007929497148693412206350826... (Abramowitz & Stegun Table 7.1)
  const f0 = boysReference(0, 1)[0]!;
  assert.ok(Math.abs(f0 - 0.5 * Math.sqrt(Math.PI) * 0.8427007929497148693) < 2e-16);
  assert.equal(boysReference(3, 0), [1, 1 / 3, 1 / 5, 1 / 7]);
  // The two reference formulations agree at T = 100 for m ≤ 20 (closed form's neglect < 1e-22).
  const a = boysReference(20, 100, 'series');
  const b = boysReference(20, 100, 'closed');
  for (let m = 0; m <= 20; m++) assert.ok(Math.abs(a[m]! / b[m]! - 1) < 1e-15, `m=${m}`);
});

test('boys gives F_m(0) = 1/(2m+1) exactly for every order', () => {
  const out = new Float64Array(BOYS_MAX_M + 1);
  boys(BOYS_MAX_M, 0, out);
  for (let m = 0; m <= BOYS_MAX_M; m++) assert.ok(Math.abs(out[m]! * (2 * m + 1) - 1) < 1e-15, `m=${m}`);
});

test('boys matches the 150-digit reference to 1e-14 relative error for m = 0…32 over T in [0, 1e4]', () => {
  const Ts: number[] = [0, 1e-14, 1e-12, 1e-10, 1e-8, 1e-6, 1e-5, 1e-4, 1e-3, 0.01];
  // Grid midpoints (worst case of the Taylor step |Δ| = h/2) and points near grid nodes.
  for (const x of [0.03125, 0.09375, 0.1, 0.5, 1, 2.03125, 3.3, 5, 7.96875, 10, 12.5, 15.03125, 20,
    25.5, 30, 33.03125, 35, 37.77, 39.5, 39.96875, 39.99, 39.999999, 40, 40.000001, 40.01, 40.5,
    45, 50, 60, 75, 99.99, 100, 150, 1e3, 1e4]) Ts.push(x);
  for (let i = 1; i <= 60; i++) Ts.push(i * 0.8317); // irregular sweep 0.83 … 49.9
  const mmax = BOYS_MAX_M;
  const out = new Float64Array(mmax + 1);
  let worst = 0;
  let worstAt = '';
  let worst20 = 0;
  for (const T of Ts) {
    const ref = boysReference(mmax, T);
    boys(mmax, T, out);
    for (let m = 0; m <= mmax; m++) {
      const rel = Math.abs(out[m]! - ref[m]!) / ref[m]!;
      if (rel > worst) {
        worst = rel;
        worstAt = `m=${m}, T=${T}`;
      }
      if (m <= 20 && rel > worst20) worst20 = rel;
    }
    // Lower mmax must give the same values (the recursion starts at mmax).
    for (const mm of [0, 1, 4, 16, 20]) {
      const o = new Float64Array(mm + 1);
      boys(mm, T, o);
      for (let m = 0; m <= mm; m++) {
        const rel = Math.abs(o[m]! - ref[m]!) / ref[m]!;
        if (rel > worst) {
          worst = rel;
          worstAt = `mmax=${mm}, m=${m}, T=${T}`;
        }
        if (m <= 20 && rel > worst20) worst20 = rel;
      }
    }
  }
  console.log(`    boys: max relative error ${worst.toExponential(2)} (at ${worstAt}); for m ≤ 20: ${worst20.toExponential(2)}; ${Ts.length} T values`);
  assert.ok(worst <= 1e-14, `max relative error ${worst} at ${worstAt}`);
});

test('boys at the table edge is continuous: values just below and above the switch agree', () => {
  const a = new Float64Array(21);
  const b = new Float64Array(21);
  boys(20, BOYS_TABLE_TMAX - 2 ** -47, a); // the double just below 40
  boys(20, BOYS_TABLE_TMAX, b);
  for (let m = 0; m <= 20; m++) assert.ok(Math.abs(a[m]! / b[m]! - 1) < 1e-14, `m=${m}`);
});

test('the documented examples hold: F(0) = [1, 1/3, 1/5] and F_0(1) = ½√π erf(1)', () => {
  const f = new Float64Array(3);
  boys(2, 0, f);
  assert.equal(Array.from(f), [1, 1 / 3, 1 / 5]);
  boys(0, 1, f);
  // erf(1) = 0.8427007929497148693… (Abramowitz & Stegun Table 7.1): ½√π erf(1) = 0.746824132812427025…
  assert.ok(Math.abs(f[0]! - 0.746824132812427) < 2e-16);
});

test('boysValue checks its arguments and agrees with boys', () => {
  assert.throws(() => boysValue(-1, 1), /order/);
  assert.throws(() => boysValue(BOYS_MAX_M + 1, 1), /order/);
  assert.throws(() => boysValue(0, -1), /argument/);
  assert.throws(() => boysValue(0, NaN), /argument/);
  const out = new Float64Array(6);
  boys(5, 2.7, out);
  assert.is(boysValue(5, 2.7), out[5]);
  assert.is(boysValue(0, 0), 1);
});

test.run();
