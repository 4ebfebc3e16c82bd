import type { BasisSet } from '../basis/basis-set';
import { cartesianExponents, cartToSph } from './spherical';

/**
 * Values of every basis function at points: φ_μ(r) = Σ_k c_k x^lx y^ly z^lz e^{−α_k |r − A|²}
 * (roothaan's normalised coefficients, Cartesian components in lexicographic order, spherical
 * ones through `cartToSph`), so an orbital is ψ_p(r) = Σ_μ C_μp φ_μ(r).
 *
 * @param points positions in bohr, x, y, z of point i at 3i, 3i+1, 3i+2.
 * @returns npoints × nbf values (bohr^{−3/2}), row-major: point i, function μ at i·nbf + μ.
 * @example
 * ```ts
 * integrals.basisValues(basisSet, Float64Array.of(0, 0, 0)).length; // basisSet.nbf
 * ```
 */
export function basisValues(basis: BasisSet, points: Float64Array): Float64Array {
  const npt = Math.floor(points.length / 3);
  const nbf = basis.nbf;
  const out = new Float64Array(npt * nbf);
  const cart = new Float64Array(((basis.maxL + 1) * (basis.maxL + 2)) / 2);
  for (let s = 0; s < basis.nshell; s++) {
    const L = basis.shellL[s]!;
    const exps = cartesianExponents(L);
    const ncart = exps.length / 3;
    const pure = basis.shellPure[s] === 1;
    const t = pure ? cartToSph(L) : undefined;
    const f0 = basis.shellFirstFunction[s]!;
    const p0 = basis.shellFirstPrim[s]!;
    const np = basis.shellNprim[s]!;
    const ax = basis.shellCenter[3 * s]!, ay = basis.shellCenter[3 * s + 1]!, az = basis.shellCenter[3 * s + 2]!;
    for (let i = 0; i < npt; i++) {
      const x = points[3 * i]! - ax, y = points[3 * i + 1]! - ay, z = points[3 * i + 2]! - az;
      const r2 = x * x + y * y + z * z;
      let radial = 0;
      for (let k = 0; k < np; k++) radial += basis.coefficients[p0 + k]! * Math.exp(-basis.exponents[p0 + k]! * r2);
      if (radial === 0) continue;
      for (let c = 0; c < ncart; c++) cart[c] = radial * x ** exps[3 * c]! * y ** exps[3 * c + 1]! * z ** exps[3 * c + 2]!;
      const row = i * nbf + f0;
      if (t === undefined) for (let c = 0; c < ncart; c++) out[row + c] = cart[c]!;
      else for (let q = 0; q < t.nnz; q++) out[row + t.nzSph[q]!] += t.nzValue[q]! * cart[t.nzCart[q]!]!;
    }
  }
  return out;
}
