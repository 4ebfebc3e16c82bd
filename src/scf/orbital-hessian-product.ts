/**
 * The orbital-rotation gradient of the Hartree–Fock energy and exact products of its Hessian
 * with a trial rotation, from one J/K build each (no MO integrals).
 *
 * @packageDocumentation
 */
import type { JKBuilder } from '../integrals/jk';
import { matmul, matmulNT, matmulTN, zeros, type Matrix } from '../linalg';
import type { OrbitalSpaces } from './orbital-rotation';

/**
 * dE/dκ per unit of F_ai: 4 for RHF (two electrons per orbital, and κ_ai enters D twice), 2 for
 * UHF (per spin).
 */
function scaleOf(reference: 'rhf' | 'uhf'): number {
  return reference === 'rhf' ? 4 : 2;
}

/**
 * The gradient of the energy with respect to the rotation κ_ai of `rotateOrbitals`, one nvir×nocc
 * matrix per spin: g_ai = 4·F_ai (RHF) or g^σ_ai = 2·F^σ_ai (UHF), with F_ai = (C_vᵀ F C_o)_ai
 * (Helgaker, Jørgensen & Olsen, *Molecular Electronic-Structure Theory* Eq. 10.8.34). It
 * vanishes at self-consistency.
 *
 * @example
 * ```ts
 * const [g] = rotationGradient('rhf', [F], [orbitalSpaces(F, Dspin, S, X, 5)]); // nvir×5, 0 at convergence
 * ```
 */
export function rotationGradient(reference: 'rhf' | 'uhf', fock: readonly Matrix[], spaces: readonly OrbitalSpaces[]): Matrix[] {
  const c = scaleOf(reference);
  return spaces.map((sp, s) => {
    const g = matmulTN(sp.virtual, matmul(fock[s]!, sp.occupied));
    for (let i = 0; i < g.data.length; i++) g.data[i] = c * g.data[i]!;
    return g;
  });
}

/**
 * The diagonal of the one-electron part of the orbital Hessian, scale·(ε_a − ε_i) per spin
 * (nvir×nocc): the preconditioner of the Newton equations.
 *
 * @example
 * ```ts
 * const [d] = rotationHessianDiagonal('rhf', [orbitalSpaces(F, Dspin, S, X, 5)]); // 4(ε_a − ε_i)
 * ```
 */
export function rotationHessianDiagonal(reference: 'rhf' | 'uhf', spaces: readonly OrbitalSpaces[]): Matrix[] {
  const c = scaleOf(reference);
  return spaces.map((sp) => {
    const no = sp.occupied.cols, nv = sp.virtual.cols;
    const d = zeros(nv, no);
    for (let a = 0; a < nv; a++) for (let i = 0; i < no; i++) d.data[a * no + i] = c * (sp.virtualEnergies[a]! - sp.occupiedEnergies[i]!);
    return d;
  });
}

/**
 * The product of the exact orbital Hessian with a trial rotation κ (one nvir×nocc matrix per
 * spin), in semicanonical orbitals ({@link OrbitalSpaces}):
 *
 *   RHF: (Hκ)_ai = 4[(ε_a − ε_i)κ_ai + (C_vᵀ(2J[D̃] − K[D̃])C_o)_ai]
 *   UHF: (Hκ)^σ_ai = 2[(ε_a − ε_i)κ^σ_ai + (C^σ_vᵀ(J[D̃^α] + J[D̃^β] − K[D̃^σ])C^σ_o)_ai]
 *
 * with the symmetrised trial density D̃^σ = C_v κ^σ C_oᵀ + C_o κ^σᵀ C_vᵀ, so the two-electron
 * part Σ_bj [4(ai|bj) − (ab|ij) − (aj|bi)]κ_bj (RHF) is one J/K build in the AO basis (as
 * PySCF's `newton_ah` and Psi4's SOSCF do; Helgaker, Jørgensen & Olsen Eq. 10.8.53). This is the
 * derivative of {@link rotationGradient} along κ at κ = 0, which is what Newton's method needs.
 *
 * @example
 * ```ts
 * const spaces = orbitalSpaces(F, Dspin, S, X, 5);
const [Hg] = orbitalHessianProduct('rhf', jk, [spaces], rotationGradient('rhf', [F], [spaces])); // H·g
 * ```
 */
export function orbitalHessianProduct(
  reference: 'rhf' | 'uhf',
  jk: JKBuilder,
  spaces: readonly OrbitalSpaces[],
  kappa: readonly Matrix[],
): Matrix[] {
  const c = scaleOf(reference);
  const trial = spaces.map((sp, s) => {
    const half = matmulNT(matmul(sp.virtual, kappa[s]!), sp.occupied); // C_v κ C_oᵀ
    const n = half.rows;
    const D = zeros(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) D.data[i * n + j] = half.data[i * n + j]! + half.data[j * n + i]!;
    return D;
  });
  const { J, K } = jk.computeJK(trial);
  return spaces.map((sp, s) => {
    const n = trial[0]!.rows;
    const G = zeros(n, n);
    for (let i = 0; i < G.data.length; i++) {
      G.data[i] = reference === 'rhf'
        ? 2 * J[0]!.data[i]! - K[0]!.data[i]!
        : J[0]!.data[i]! + J[1]!.data[i]! - K[s]!.data[i]!;
    }
    const out = matmulTN(sp.virtual, matmul(G, sp.occupied));
    const no = sp.occupied.cols, nv = sp.virtual.cols, k = kappa[s]!.data;
    for (let a = 0; a < nv; a++) {
      for (let i = 0; i < no; i++) {
        const ai = a * no + i;
        out.data[ai] = c * ((sp.virtualEnergies[a]! - sp.occupiedEnergies[i]!) * k[ai]! + out.data[ai]!);
      }
    }
    return out;
  });
}
