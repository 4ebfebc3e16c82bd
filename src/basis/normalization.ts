/**
 * Normalisation of contracted Cartesian Gaussian shells, Psi4's convention.
 *
 * A primitive of angular momentum L is normalised for its axis-aligned component
 * x^L e^{−αr²}; the contraction is then rescaled so that the contracted x^L function has unit
 * self-overlap. Mixed components (xy, xyz, …) are then not unit-normalised; spherical
 * combinations built from these are.
 *
 * Reference: T. Helgaker, P. Jørgensen, J. Olsen, *Molecular Electronic-Structure Theory*
 * (Wiley, 2000), §6.6.2–6.6.3 (Eqs. 6.6.13, 6.6.17, 6.6.25); the Gaussian integral
 * ∫ x^{2L} e^{−p x²} dx = (2L−1)!! / (2p)^L · √(π/p).
 */
import { doubleFactorial } from './angular-momentum';

/**
 * Normalisation constant of the Cartesian primitive x^L e^{−αr²} (exponent α in bohr⁻²):
 * N(α, L) = (2α/π)^{3/4} (4α)^{L/2} / √((2L−1)!!), so that N² ∫ x^{2L} e^{−2αr²} d³r = 1.
 *
 * @example
 * ```ts
 * primitiveNormalization(1, 0); // (2/π)^{3/4} ≈ 0.712705
 * ```
 */
export function primitiveNormalization(alpha: number, L: number): number {
  return Math.pow((2 * alpha) / Math.PI, 0.75) * Math.pow(4 * alpha, L / 2) / Math.sqrt(doubleFactorial(2 * L - 1));
}

/**
 * Overlap of two unnormalised primitives x^L e^{−a r²} and x^L e^{−b r²} on the same centre:
 * (π/p)^{3/2} (2L−1)!! / (2p)^L with p = a + b (exponents in bohr⁻²).
 *
 * @example
 * ```ts
 * primitivePairOverlap(0.5, 0.5, 0); // π^{3/2} ≈ 5.568328
 * ```
 */
export function primitivePairOverlap(a: number, b: number, L: number): number {
  const p = a + b;
  return Math.pow(Math.PI / p, 1.5) * doubleFactorial(2 * L - 1) / Math.pow(2 * p, L);
}

/**
 * Self-overlap of the contracted function Σᵢ cᵢ x^L e^{−αᵢ r²} with coefficients `c` applied to
 * unnormalised primitives: Σᵢⱼ cᵢ cⱼ S(αᵢ, αⱼ, L).
 *
 * @example
 * ```ts
 * contractedSelfOverlap([0.5], [primitiveNormalization(0.5, 1)], 1); // 1
 * ```
 */
export function contractedSelfOverlap(exponents: readonly number[], c: ArrayLike<number>, L: number): number {
  let sum = 0;
  for (let i = 0; i < exponents.length; i++) {
    for (let j = 0; j < exponents.length; j++) {
      sum += c[i]! * c[j]! * primitivePairOverlap(exponents[i]!, exponents[j]!, L);
    }
  }
  return sum;
}

/**
 * The coefficients roothaan stores for a shell: each file coefficient dᵢ times the primitive's
 * normalisation N(αᵢ, L), all divided by √S where S is the self-overlap of the resulting
 * contracted x^L function, so that it has unit norm (Psi4's convention).
 *
 * @example
 * ```ts
 * normalizeContraction([3.42525091, 0.62391373, 0.16885540], [0.15432897, 0.53532814, 0.44463454], 0);
 * // the STO-3G hydrogen 1s: [0.2769343, 0.2678388, 0.0834737]
 * ```
 */
export function normalizeContraction(exponents: readonly number[], coefficients: readonly number[], L: number): number[] {
  if (exponents.length !== coefficients.length) {
    throw new RangeError(`${exponents.length} exponents but ${coefficients.length} coefficients`);
  }
  const c = exponents.map((alpha, i) => coefficients[i]! * primitiveNormalization(alpha, L));
  const norm = Math.sqrt(contractedSelfOverlap(exponents, c, L));
  return c.map((x) => x / norm);
}
