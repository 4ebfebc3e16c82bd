/**
 * Three-index integrals (P|μν) and the two-index Coulomb metric (P|Q) of density fitting, from
 * the four-index engine ({@link createEriEngine}).
 *
 * A three-index class (P|μν) is the four-index class (P U|μν) with U a unit s function
 * (exponent 0, coefficient 1: U(r) = 1), and (P|Q) = (P U|Q U). The engine runs on one combined
 * basis — the unit shell first, then the orbital shells, then the auxiliary shells — so every
 * class uses the same recurrences (and, for the low classes, the same generated primitive
 * loops) as the four-index integrals: the primitive pair of an auxiliary primitive α with the
 * unit one has ζ = α, P = A and K = 1, which the Head-Gordon–Pople recurrences accept as they
 * stand (Obara & Saika, J. Chem. Phys. 84, 3963 (1986), doi:10.1063/1.450106, with b = 0).
 * These are not generated per three-index class: the (L0|ab) class runs the four-index code
 * with lb = 0, so no horizontal recurrence is done on the bra.
 *
 * Layout: the orbital pairs are packed, μ ≥ ν at μ(μ+1)/2 + ν (npair = nbf(nbf+1)/2), and a
 * three-index array is row-major [P][μν], one row of npair values per auxiliary function.
 *
 * @packageDocumentation
 */
import { basisFromShells, type BasisSet, type PlacedShell } from '../basis/basis-set';
import { createEriEngine, eriShellQuartetUnchecked, type EriEngine } from './eri-engine';
import { zeros, type Matrix } from '../linalg';

/**
 * The combined engine of an orbital and an auxiliary basis (see the module documentation).
 *
 * @example
 * ```ts
 * const df = createDfEngine(basis.load('cc-pVDZ', water), basis.load('cc-pVDZ-JKFIT', water));
 * df.naux; // 116
 * ```
 */
export interface DfEngine {
  /** The orbital basis (μ, ν). */
  readonly orbital: BasisSet;
  /** The auxiliary (fitting) basis (P, Q). */
  readonly aux: BasisSet;
  /** Number of auxiliary functions. */
  readonly naux: number;
  /** Number of packed orbital pairs nbf(nbf+1)/2. */
  readonly npair: number;
  /** The four-index engine over [unit s shell, orbital shells, auxiliary shells]. */
  readonly engine: EriEngine;
  /** Scratch for one shell quartet. */
  readonly buffer: Float64Array;
}

/**
 * Builds the combined basis and engine for {@link threeIndexIntegrals} and {@link coulombMetric}.
 *
 * @param orbital the orbital basis (bohr)
 * @param aux the auxiliary basis on the same molecule (bohr)
 * @throws RangeError if a shell has L above the engine's limit (g)
 * @example
 * ```ts
 * const df = createDfEngine(basis.load('cc-pVDZ', water), basis.load('cc-pVDZ-JKFIT', water));
 * ```
 */
export function createDfEngine(orbital: BasisSet, aux: BasisSet): DfEngine {
  const shells: PlacedShell[] = [{ atom: 0, center: [0, 0, 0], L: 0, pure: true, exponents: [0], coefficients: [1] }];
  for (const b of [orbital, aux]) {
    for (let s = 0; s < b.nshell; s++) {
      const f = b.shellFirstPrim[s]!;
      const n = b.shellNprim[s]!;
      shells.push({
        atom: b.shellAtom[s]!,
        center: [b.shellCenter[3 * s]!, b.shellCenter[3 * s + 1]!, b.shellCenter[3 * s + 2]!],
        L: b.shellL[s]!,
        pure: b.shellPure[s] === 1,
        exponents: b.exponents.subarray(f, f + n),
        coefficients: b.coefficients.subarray(f, f + n),
      });
    }
  }
  const engine = createEriEngine(basisFromShells(`${orbital.name}+${aux.name}`, shells));
  return { orbital, aux, naux: aux.nbf, npair: (orbital.nbf * (orbital.nbf + 1)) / 2, engine, buffer: new Float64Array(engine.maxQuartetSize) };
}

function nfunc(b: BasisSet, s: number): number {
  const L = b.shellL[s]!;
  return b.shellPure[s] ? 2 * L + 1 : ((L + 1) * (L + 2)) / 2;
}

/**
 * The three-index integrals (P|μν) in hartree for the auxiliary shells `firstShell …
 * endShell − 1`, as rows [P − P₀][μν] (P₀ the first function of `firstShell`; μν packed, μ ≥ ν).
 *
 * @param df from {@link createDfEngine}
 * @param firstShell first auxiliary shell (default 0)
 * @param endShell one past the last auxiliary shell (default all)
 * @param out receives (functions of the shells) × npair values (allocated when omitted)
 * @returns `out`
 * @example
 * ```ts
 * const df = createDfEngine(basis.load('STO-3G', water), basis.load('def2-SVP-JKFIT', water));
 * const Pmn = threeIndexIntegrals(df); // naux × nbf(nbf+1)/2 = 113 × 28, row-major
 * Pmn[0]; // (P=0|μ=0 ν=0), hartree
 * ```
 */
export function threeIndexIntegrals(df: DfEngine, firstShell = 0, endShell = df.aux.nshell, out?: Float64Array): Float64Array {
  const { orbital, aux, npair, engine, buffer } = df;
  const p0 = firstShell < aux.nshell ? aux.shellFirstFunction[firstShell]! : aux.nbf;
  const p1 = endShell < aux.nshell ? aux.shellFirstFunction[endShell]! : aux.nbf;
  const result = out ?? new Float64Array((p1 - p0) * npair);
  const orbOffset = 1;
  const auxOffset = 1 + orbital.nshell;
  for (let P = firstShell; P < endShell; P++) {
    const nP = nfunc(aux, P);
    const pFirst = aux.shellFirstFunction[P]! - p0;
    for (let M = 0; M < orbital.nshell; M++) {
      const nM = nfunc(orbital, M);
      const mFirst = orbital.shellFirstFunction[M]!;
      for (let N = 0; N <= M; N++) {
        const nN = nfunc(orbital, N);
        const nFirst = orbital.shellFirstFunction[N]!;
        eriShellQuartetUnchecked(engine, auxOffset + P, 0, orbOffset + M, orbOffset + N, buffer);
        // buffer[(p·1 + 0)·nM·nN + m·nN + n]
        for (let p = 0; p < nP; p++) {
          const row = (pFirst + p) * npair;
          const src = p * nM * nN;
          for (let m = 0; m < nM; m++) {
            const mu = mFirst + m;
            const base = row + (mu * (mu + 1)) / 2 + nFirst;
            const nMax = M === N ? m + 1 : nN;
            for (let n = 0; n < nMax; n++) result[base + n] = buffer[src + m * nN + n]!;
          }
        }
      }
    }
  }
  return result;
}

/**
 * The Coulomb metric M_PQ = (P|Q) = ∬ P(r₁) r₁₂⁻¹ Q(r₂) dr₁ dr₂ of the auxiliary basis, in
 * hartree: a symmetric positive (semi)definite naux × naux matrix, row-major.
 *
 * @param df from {@link createDfEngine}
 * @example
 * ```ts
 * const M = coulombMetric(createDfEngine(basis.load('STO-3G', water), basis.load('def2-SVP-JKFIT', water)));
 * M.rows; // 113 (naux)
 * ```
 */
export function coulombMetric(df: DfEngine): Matrix {
  const { orbital, aux, engine, buffer } = df;
  const n = aux.nbf;
  const M = zeros(n, n);
  const d = M.data;
  const off = 1 + orbital.nshell;
  for (let P = 0; P < aux.nshell; P++) {
    const nP = nfunc(aux, P);
    const pF = aux.shellFirstFunction[P]!;
    for (let Q = 0; Q <= P; Q++) {
      const nQ = nfunc(aux, Q);
      const qF = aux.shellFirstFunction[Q]!;
      eriShellQuartetUnchecked(engine, off + P, 0, off + Q, 0, buffer);
      for (let p = 0; p < nP; p++) {
        for (let q = 0; q < nQ; q++) {
          const v = buffer[p * nQ + q]!;
          d[(pF + p) * n + qF + q] = v;
          d[(qF + q) * n + pF + p] = v;
        }
      }
    }
  }
  return M;
}
