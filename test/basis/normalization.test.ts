import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  basisForElement,
  contractedSelfOverlap,
  doubleFactorial,
  normalizeContraction,
  primitiveNormalization,
  primitivePairOverlap,
} from '../../src/basis';

/**
 * ∫ x^n e^{−p x²} dx over the real line by the composite Simpson rule on [−L, L], independent of
 * the closed forms the module uses.
 */
function gaussianMoment1D(n: number, p: number): number {
  const half = Math.sqrt(60 / p); // e^{−60} is far below double precision
  const steps = 4000;
  const h = (2 * half) / steps;
  let sum = 0;
  for (let k = 0; k <= steps; k++) {
    const x = -half + k * h;
    const weight = k === 0 || k === steps ? 1 : k % 2 === 1 ? 4 : 2;
    sum += weight * x ** n * Math.exp(-p * x * x);
  }
  return (sum * h) / 3;
}

/** ⟨x^L e^{−a r²} | x^L e^{−b r²}⟩ by quadrature: a product of three one-dimensional integrals. */
function pairOverlapByQuadrature(a: number, b: number, L: number): number {
  const p = a + b;
  return gaussianMoment1D(2 * L, p) * gaussianMoment1D(0, p) ** 2;
}

test('the double factorial follows n!! with (−1)!! = 1', () => {
  assert.equal([-1, 0, 1, 2, 3, 5, 7, 8].map(doubleFactorial), [1, 1, 1, 2, 3, 15, 105, 384]);
});

test('the primitive pair overlap formula agrees with numerical quadrature for s to g', () => {
  for (let L = 0; L <= 4; L++) {
    for (const [a, b] of [[0.3, 0.3], [1.7, 0.25], [12, 3]] as const) {
      const exact = primitivePairOverlap(a, b, L);
      const numeric = pairOverlapByQuadrature(a, b, L);
      // Simpson with 4000 panels is accurate to ~1e-12 relative for these smooth integrands.
      assert.ok(Math.abs(exact - numeric) < 1e-10 * Math.abs(exact), `L=${L} a=${a} b=${b}: ${exact} vs ${numeric}`);
    }
  }
});

test('a one-primitive shell normalises to N(α, L), which gives x^L e^{−αr²} unit norm by quadrature', () => {
  for (let L = 0; L <= 6; L++) {
    const alpha = 0.8;
    // Any file coefficient gives the same normalised function.
    const [c] = normalizeContraction([alpha], [0.37], L);
    const expected = (2 * alpha / Math.PI) ** 0.75 * (4 * alpha) ** (L / 2) / Math.sqrt(doubleFactorial(2 * L - 1));
    assert.ok(Math.abs(c! - expected) < 1e-14 * expected, `L=${L}`);
    assert.ok(Math.abs(primitiveNormalization(alpha, L) - expected) < 1e-14 * expected);
    const norm = c! * c! * pairOverlapByQuadrature(alpha, alpha, L);
    assert.ok(Math.abs(norm - 1) < 1e-10, `L=${L}: self-overlap ${norm}`);
  }
});

test('the normalised s function has the known value (2α/π)^{3/4} for α = 1', () => {
  assert.ok(Math.abs(primitiveNormalization(1, 0) - 0.7127054703549902) < 1e-15);
});

test('the STO-3G hydrogen 1s coefficients are d·(2α/π)^{3/4} up to the tiny contraction rescaling', () => {
  const [s] = basisForElement('STO-3G', 'H').shells;
  const alpha = [3.42525091, 0.62391373, 0.1688554];
  const d = [0.15432897, 0.53532814, 0.44463454];
  // STO-3G contractions were fitted as normalised functions, so the rescaling to unit norm
  // changes them by only ~5e-9 relative (the file's 8-digit rounding).
  s!.coefficients.forEach((c, i) => {
    const primitiveOnly = d[i]! * (2 * alpha[i]! / Math.PI) ** 0.75;
    assert.ok(Math.abs(c / primitiveOnly - 1) < 1e-7, `${c} vs ${primitiveOnly}`);
  });
  assert.equal(s!.fileCoefficients, d);
});

test('every contracted s and p shell of cc-pVDZ oxygen and 6-31G* carbon has unit self-overlap', () => {
  for (const [basis, element] of [['cc-pVDZ', 'O'], ['6-31G*', 'C'], ['6-31G*', 'H']] as const) {
    for (const shell of basisForElement(basis, element).shells) {
      const overlap = contractedSelfOverlap(shell.exponents, shell.coefficients, shell.L);
      assert.ok(Math.abs(overlap - 1) < 1e-13, `${basis} ${element} L=${shell.L}: ${overlap}`);
    }
  }
});

test('a contracted p shell has unit self-overlap by quadrature too', () => {
  const p = basisForElement('cc-pVDZ', 'O').shells.find((s) => s.L === 1)!;
  let overlap = 0;
  p.exponents.forEach((a, i) => {
    p.exponents.forEach((b, j) => {
      overlap += p.coefficients[i]! * p.coefficients[j]! * pairOverlapByQuadrature(a, b, 1);
    });
  });
  assert.ok(Math.abs(overlap - 1) < 1e-9, `${overlap}`);
});

test('normalisation rejects mismatched exponent and coefficient lists', () => {
  assert.throws(() => normalizeContraction([1, 2], [1], 0), /2 exponents but 1 coefficients/);
});

test.run();
