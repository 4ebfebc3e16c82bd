import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fitExponent } from '../../bench/fit-exponent';

// Exact power laws are recovered to rounding: 1e-12 relative is far above the double-precision
// error of a few logs and sums, far below any exponent difference that matters (0.01).
const close = (a: number, b: number, rel = 1e-12): boolean => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));

test('an exact power law gives back its exponent and prefactor', () => {
  const data = [150, 300, 600, 1200].map((nbf) => ({ nbf, cost: 2e-9 * nbf ** 3.2 }));
  const fit = fitExponent(data)!;
  assert.ok(close(fit.exponent, 3.2), String(fit.exponent));
  assert.ok(close(fit.prefactor, 2e-9), String(fit.prefactor));
  assert.ok(close(fit.r2, 1), String(fit.r2));
  assert.is(fit.points, 4);
});

test('the TSDoc example: 8 s at 200 functions and 64 s at 400 is cubic', () => {
  assert.ok(close(fitExponent([{ nbf: 200, cost: 8 }, { nbf: 400, cost: 64 }])!.exponent, 3));
});

test('sizes below minNbf are left out of the fit', () => {
  // Start-up makes the small sizes flat (1 s); above 150 the cost is quadratic.
  const data = [{ nbf: 50, cost: 1 }, { nbf: 100, cost: 1 }, ...[200, 400, 800].map((nbf) => ({ nbf, cost: 1e-4 * nbf ** 2 }))];
  const fit = fitExponent(data, 150)!;
  assert.ok(close(fit.exponent, 2), String(fit.exponent));
  assert.is(fit.points, 3);
  assert.is(fit.minNbf, 200);
  assert.is(fit.maxNbf, 800);
  assert.ok(fitExponent(data)!.exponent < 2, 'with the flat points the slope is lower');
});

test('the least-squares slope of noisy points lies between the pairwise slopes, and r² drops below 1', () => {
  const data = [{ nbf: 100, cost: 1 }, { nbf: 200, cost: 9 }, { nbf: 400, cost: 50 }];
  const fit = fitExponent(data)!;
  const s1 = Math.log(9 / 1) / Math.log(2);
  const s2 = Math.log(50 / 9) / Math.log(2);
  assert.ok(fit.exponent > Math.min(s1, s2) && fit.exponent < Math.max(s1, s2), String(fit.exponent));
  // By hand: x = ln(100, 200, 400), y = ln(1, 9, 50); slope = Σ(x−x̄)(y−ȳ)/Σ(x−x̄)² = ln(50)/(2 ln 2).
  assert.ok(close(fit.exponent, Math.log(50) / (2 * Math.log(2))), String(fit.exponent));
  assert.ok(fit.r2 < 1 && fit.r2 > 0.9, String(fit.r2));
});

test('fewer than two usable sizes give no fit; timed-out (NaN) and zero costs are skipped', () => {
  assert.is(fitExponent([]), undefined);
  assert.is(fitExponent([{ nbf: 300, cost: 5 }]), undefined);
  assert.is(fitExponent([{ nbf: 300, cost: 5 }, { nbf: 300, cost: 6 }]), undefined);
  assert.is(fitExponent([{ nbf: 300, cost: 5 }, { nbf: 600, cost: NaN }, { nbf: 900, cost: 0 }]), undefined);
  assert.is(fitExponent([{ nbf: 300, cost: 5 }, { nbf: 600, cost: NaN }, { nbf: 900, cost: 45 }])!.points, 2);
});

test.run();
