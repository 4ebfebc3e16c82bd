/**
 * The full nbf⁴ tensor of two-electron integrals, for small systems, tests and notebooks.
 *
 * @packageDocumentation
 */
import type { BasisSet } from '../basis/basis-set';
import { InvalidInputError } from '../errors';
import { createEriEngine, eriShellQuartetUnchecked, type EriEngine } from './eri-engine';

/**
 * Largest nbf for which {@link eriTensor} agrees to build the nbf⁴ tensor (8·nbf⁴ bytes: 100 → 800 MB).
 *
 * @example
 * ```ts
 * if (basisSet.nbf <= ERI_TENSOR_MAX_NBF) eriTensor(basisSet);
 * ```
 */
export const ERI_TENSOR_MAX_NBF = 100;

/**
 * All two-electron integrals (ij|kl) in hartree as one row-major nbf⁴ array:
 * `eri[((i·nbf + j)·nbf + k)·nbf + l] = (ij|kl)` (chemists' notation, Psi4's ordering of
 * functions). Each unique shell quartet is computed once and copied to its eight permutations.
 *
 * @param basis the basis set (bohr)
 * @param engine an engine for that basis (built if omitted)
 * @throws InvalidInputError if nbf > {@link ERI_TENSOR_MAX_NBF}
 * @example
 * ```ts
 * const eri = eriTensor(basisSet); // water / STO-3G: eri[0] ≈ 4.785065404705506
 * ```
 */
export function eriTensor(basis: BasisSet, engine: EriEngine = createEriEngine(basis)): Float64Array {
  const nbf = basis.nbf;
  if (nbf > ERI_TENSOR_MAX_NBF) {
    throw new InvalidInputError(
      `the full ERI tensor of ${nbf} functions would take ${(8 * nbf ** 4 / 1e9).toFixed(1)} GB; ` +
        `use the packed store or a JK builder for nbf > ${ERI_TENSOR_MAX_NBF}`,
    );
  }
  const out = new Float64Array(nbf ** 4);
  const buf = new Float64Array(engine.maxQuartetSize);
  const ns = basis.nshell;
  const first = basis.shellFirstFunction;
  const n2 = nbf * nbf;
  const n3 = n2 * nbf;
  for (let P = 0; P < ns; P++) {
    for (let Q = 0; Q <= P; Q++) {
      for (let R = 0; R <= P; R++) {
        const Smax = R === P ? Q : R;
        for (let S = 0; S <= Smax; S++) {
          eriShellQuartetUnchecked(engine, P, Q, R, S, buf);
          const nP = sizeOf(basis, P);
          const nQ = sizeOf(basis, Q);
          const nR = sizeOf(basis, R);
          const nS = sizeOf(basis, S);
          let o = 0;
          for (let p = 0; p < nP; p++) {
            const i = first[P]! + p;
            for (let q = 0; q < nQ; q++) {
              const j = first[Q]! + q;
              for (let r = 0; r < nR; r++) {
                const k = first[R]! + r;
                for (let s = 0; s < nS; s++) {
                  const l = first[S]! + s;
                  const v = buf[o++]!;
                  out[i * n3 + j * n2 + k * nbf + l] = v;
                  out[j * n3 + i * n2 + k * nbf + l] = v;
                  out[i * n3 + j * n2 + l * nbf + k] = v;
                  out[j * n3 + i * n2 + l * nbf + k] = v;
                  out[k * n3 + l * n2 + i * nbf + j] = v;
                  out[l * n3 + k * n2 + i * nbf + j] = v;
                  out[k * n3 + l * n2 + j * nbf + i] = v;
                  out[l * n3 + k * n2 + j * nbf + i] = v;
                }
              }
            }
          }
        }
      }
    }
  }
  return out;
}

function sizeOf(basis: BasisSet, shell: number): number {
  const L = basis.shellL[shell]!;
  return basis.shellPure[shell] ? 2 * L + 1 : ((L + 1) * (L + 2)) / 2;
}
