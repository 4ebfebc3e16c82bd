import { expectCount, expectSameSquare, zeros, type Matrix } from '../linalg';
import type { JKBuilder } from '../integrals/jk';
import type { Reference } from './problem';

/**
 * Restricted closed-shell Fock matrix from the total density D (D = 2 C_occ C_occᵀ):
 *
 *   F = H + J[D] − ½ K[D]       (Szabo & Ostlund Eq. 3.154, with G_μν = Σ_λσ P_λσ[(μν|σλ) − ½(μλ|σν)])
 *
 * @example
 * ```ts
 * const F = rhfFock(H, J, K); // F = H + J − K/2, element by element
 * ```
 */
export function rhfFock(H: Matrix, J: Matrix, K: Matrix): Matrix {
  expectSameSquare('rhfFock', { H, J, K });
  const F = zeros(H.rows, H.cols);
  const f = F.data, h = H.data, j = J.data, k = K.data;
  for (let i = 0; i < f.length; i++) f[i] = h[i]! + j[i]! - 0.5 * k[i]!;
  return F;
}

/**
 * Unrestricted (Pople–Nesbet) Fock matrices from the spin densities D^α, D^β:
 *
 *   F^α = H + J[D^α] + J[D^β] − K[D^α],   F^β = H + J[D^α] + J[D^β] − K[D^β]
 *
 * (the Pople–Nesbet equations, Szabo & Ostlund §3.8.2; Pople & Nesbet, J. Chem. Phys. 22, 571 (1954),
 * doi:10.1063/1.1740120.)
 *
 * @example
 * ```ts
 * const [Fa, Fb] = uhfFock(H, [Ja, Jb], [Ka, Kb]);
 * ```
 */
export function uhfFock(H: Matrix, J: readonly [Matrix, Matrix], K: readonly [Matrix, Matrix]): [Matrix, Matrix] {
  expectCount('uhfFock', 'J', J, 2, 'UHF (α, β)');
  expectCount('uhfFock', 'K', K, 2, 'UHF (α, β)');
  expectSameSquare('uhfFock', { H, 'J[0]': J[0], 'J[1]': J[1], 'K[0]': K[0], 'K[1]': K[1] });
  const Fa = zeros(H.rows, H.cols), Fb = zeros(H.rows, H.cols);
  const h = H.data, ja = J[0].data, jb = J[1].data, ka = K[0].data, kb = K[1].data;
  const fa = Fa.data, fb = Fb.data;
  for (let i = 0; i < h.length; i++) {
    const common = h[i]! + ja[i]! + jb[i]!;
    fa[i] = common - ka[i]!;
    fb[i] = common - kb[i]!;
  }
  return [Fa, Fb];
}

/**
 * Builds the Fock matrices for a reference from its densities through a {@link JKBuilder}:
 * RHF takes `[D_total]` and returns `[F]`; UHF takes `[D^α, D^β]` and returns `[F^α, F^β]`.
 *
 * @example
 * ```ts
 * const [F] = buildFock('rhf', H, jk, [D]);
 * ```
 */
export function buildFock(reference: Reference, H: Matrix, jk: JKBuilder, densities: readonly Matrix[]): Matrix[] {
  if (reference === 'rhf') {
    expectCount('buildFock', 'densities', densities, 1, 'RHF (the total density)');
    expectSameSquare('buildFock', { H, 'densities[0]': densities[0]! });
    const { J, K } = jk.computeJK(densities);
    return [rhfFock(H, J[0]!, K[0]!)];
  }
  expectCount('buildFock', 'densities', densities, 2, `${reference.toUpperCase()} (α, β)`);
  expectSameSquare('buildFock', { H, 'densities[0]': densities[0]!, 'densities[1]': densities[1]! });
  const { J, K } = jk.computeJK(densities);
  return uhfFock(H, [J[0]!, J[1]!], [K[0]!, K[1]!]);
}
