import type { JKBuilder, JKResult } from '../../src/integrals/jk';
import { zeros, type Matrix } from '../../src/linalg';

/**
 * A test-only {@link JKBuilder} over a full nbf⁴ tensor of two-electron integrals in chemists'
 * notation, eri[((μ·n + ν)·n + λ)·n + σ] = (μν|λσ) (the layout of the reference `eri.npy`):
 *
 *   J[μν] = Σ_λσ (μν|λσ) D[λσ],   K[μν] = Σ_λσ (μλ|νσ) D[λσ].
 *
 * No symmetry is exploited: it is the plainest possible definition, for checking the SCF and
 * the real builders against.
 *
 * @example
 * ```ts
 * const jk = fullTensorJK(readNpy(file).data, 7);
 * const { J: [J], K: [K] } = jk.computeJK([D]);
 * ```
 */
export function fullTensorJK(eri: Float64Array, nbf: number): JKBuilder & { calls: number } {
  const n = nbf;
  if (eri.length !== n * n * n * n) throw new RangeError(`eri has ${eri.length} elements, expected ${n}⁴`);
  const builder = {
    nbf: n,
    kind: 'stored' as const,
    calls: 0,
    computeJK(densities: readonly Matrix[], options: { J?: boolean; K?: boolean } = {}): JKResult {
      builder.calls++;
      const wantJ = options.J ?? true, wantK = options.K ?? true;
      const out: JKResult = { J: [], K: [] };
      for (const D of densities) {
        if (D.rows !== n || D.cols !== n) throw new RangeError(`density is ${D.rows}×${D.cols}, expected ${n}×${n}`);
        const d = D.data;
        if (wantJ) {
          const J = zeros(n, n);
          for (let mn = 0; mn < n * n; mn++) {
            let s = 0;
            const base = mn * n * n;
            for (let ls = 0; ls < n * n; ls++) s += eri[base + ls]! * d[ls]!;
            J.data[mn] = s;
          }
          out.J.push(J);
        }
        if (wantK) {
          const K = zeros(n, n);
          for (let m = 0; m < n; m++) for (let l = 0; l < n; l++) {
            const base = (m * n + l) * n * n;
            for (let v = 0; v < n; v++) {
              let s = 0;
              const b2 = base + v * n;
              for (let sg = 0; sg < n; sg++) s += eri[b2 + sg]! * d[l * n + sg]!;
              K.data[m * n + v] += s;
            }
          }
          out.K.push(K);
        }
      }
      return out;
    },
  };
  return builder;
}
