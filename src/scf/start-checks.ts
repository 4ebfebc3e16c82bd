/**
 * Whether a matrix restored for a start (an `ScfStart` density, or S and H) fits the problem:
 * right shape, finite, symmetric, tr(DS) = N per spin, S and H equal to the ones recomputed from
 * the geometry. Each check returns the reason it fails (one sentence), or undefined when the
 * matrix passes. Pure numerics; the store's resume (`store/resume.ts`) runs them on checkpoints
 * and falls back past what fails, catching what a checksum cannot (an object rewritten together
 * with its row's SHA-256).
 *
 * @packageDocumentation
 */
import { traceProduct, type Matrix } from '../linalg';

/**
 * Symmetry, relative to the matrix's largest |element|. Densities are built as C n Cᵀ and Fock
 * matrices as H + J − K from symmetric parts, so they are symmetric to rounding (measured over
 * every iteration of water/STO-3G and cc-pVDZ, OH/STO-3G UHF and ethanol/6-31G*: exactly 0);
 * 1e-10 leaves room for other kernels and refuses any edit that touches one triangle only.
 */
export const SYMMETRY_TOLERANCE = 1e-10;

/**
 * |tr(D S) − N| per spin, relative to max(1, N). A density from orthonormal orbitals (CᵀSC = I
 * to rounding) has tr(DS) = Σ n_i to rounding, growing with nbf (measured over every iteration:
 * 1.8e-15 for water/STO-3G, 2.7e-15 for water/cc-pVDZ, 1.3e-14 for ethanol/6-31G*, 57
 * functions); 1e-8 leaves six orders of magnitude for larger bases and refuses a density
 * scaled by 1 + 1e-8 or more.
 */
export const TRACE_TOLERANCE = 1e-8;

/**
 * Stored S and H against the ones recomputed from the geometry, element-wise (S dimensionless,
 * H in hartree). The recomputation runs the same code on the same basis and geometry, so it
 * matches bit for bit (measured: 0); 1e-10 allows for another CPU's libm, and an error of that
 * size changes the energy by at most Σ|D_μν|·1e-10, below the 1e-9 Eh resume tolerance for the
 * small jobs whose S and H are stored densely.
 */
export const ONE_ELECTRON_TOLERANCE = 1e-10;

/**
 * Why a matrix is unfit: not nbf×nbf, a value that is not finite, or not symmetric (see
 * {@link SYMMETRY_TOLERANCE}); undefined when it is fit.
 *
 * @example
 * ```ts
 * matrixProblem({ rows: 2, cols: 2, data: Float64Array.of(1, 0.5, 0.5, 1) }, 2); // undefined
 * matrixProblem({ rows: 2, cols: 2, data: Float64Array.of(1, 0.5, 0.7, 1) }, 2); // 'it is not symmetric: …'
 * ```
 */
export function matrixProblem(m: Matrix, nbf: number): string | undefined {
  if (m.rows !== nbf || m.cols !== nbf || m.data.length !== nbf * nbf) return `it is ${m.rows}×${m.cols}, expected ${nbf}×${nbf}`;
  let largest = 0;
  for (let i = 0; i < m.data.length; i++) {
    const x = m.data[i]!;
    if (!Number.isFinite(x)) return `element (${Math.floor(i / nbf)}, ${i % nbf}) is ${x}`;
    largest = Math.max(largest, Math.abs(x));
  }
  const tol = SYMMETRY_TOLERANCE * Math.max(1, largest);
  for (let i = 0; i < nbf; i++) {
    for (let j = 0; j < i; j++) {
      const d = Math.abs(m.data[i * nbf + j]! - m.data[j * nbf + i]!);
      if (d > tol) return `it is not symmetric: |A(${i},${j}) − A(${j},${i})| = ${d.toExponential(2)} > ${tol.toExponential(0)}`;
    }
  }
  return undefined;
}

/**
 * Why the densities (RHF [D_total], UHF/ROHF [D^α, D^β]) do not hold the electrons they must:
 * `expected` lists acceptable counts per spin (e.g. N_α and N_β; a SAD guess holds the neutral
 * atoms' share instead), each spin within {@link TRACE_TOLERANCE}; undefined when one fits.
 *
 * @example
 * ```ts
 * traceProblem([D], S, [[10]]); // undefined for water's RHF density
 * ```
 */
export function traceProblem(densities: readonly Matrix[], S: Matrix, expected: ReadonlyArray<readonly number[]>): string | undefined {
  // tr(DS) = Σ_μν D_μν S_νμ: the electrons a density holds (Szabo & Ostlund Eq. 3.146).
  const traces = densities.map((D) => traceProduct(D, S));
  const fits = (counts: readonly number[]): boolean => counts.every((N, s) => Math.abs(traces[s]! - N) <= TRACE_TOLERANCE * Math.max(1, N));
  if (expected.some(fits)) return undefined;
  return `tr(DS) = ${traces.map((t) => t.toPrecision(12)).join(', ')}, expected ${expected[0]!.join(', ')} electrons`;
}

/**
 * Why a stored matrix differs from the one recomputed from the geometry (largest element-wise
 * difference above {@link ONE_ELECTRON_TOLERANCE}); undefined when they agree.
 *
 * @example
 * ```ts
 * differenceProblem(storedS, integrals.overlap(basis)); // undefined for an intact overlap
 * ```
 */
export function differenceProblem(stored: Matrix, recomputed: Matrix): string | undefined {
  let worst = 0;
  let at = 0;
  for (let i = 0; i < recomputed.data.length; i++) {
    const d = Math.abs(stored.data[i]! - recomputed.data[i]!);
    if (!(d <= worst)) [worst, at] = [d, i];
  }
  if (worst <= ONE_ELECTRON_TOLERANCE) return undefined;
  const n = recomputed.cols;
  return `it differs from the one recomputed from the geometry by ${worst.toExponential(2)} at (${Math.floor(at / n)}, ${at % n})`;
}
