import { expectCount, expectSameSquare, traceProduct, type Matrix } from '../linalg';
import type { Reference } from './problem';

/** The parts of a Hartree–Fock total energy, in hartree. */
export interface EnergyComponents {
  /** Nuclear repulsion Σ_{A<B} Z_A Z_B / R_AB. */
  readonly nuclear: number;
  /** One-electron energy tr(D_total·H). */
  readonly oneElectron: number;
  /** Two-electron (Coulomb + exchange) energy E_electronic − tr(D_total·H). */
  readonly twoElectron: number;
  /** Electronic energy (one- plus two-electron). */
  readonly electronic: number;
  /** Total energy: electronic + nuclear. */
  readonly total: number;
}

/**
 * The electronic Hartree–Fock energy in hartree.
 *
 * RHF, with the total density D: E₀ = ½ Σ_μν D_νμ (H_μν + F_μν) (Szabo & Ostlund Eq. 3.184).
 * UHF, with spin densities: E₀ = ½ Σ_μν [(D^α + D^β)_νμ H_μν + D^α_νμ F^α_μν + D^β_νμ F^β_μν]
 * (the UHF form of the same expression, Szabo & Ostlund §3.8.2).
 *
 * @example
 * ```ts
 * electronicEnergy('rhf', H, [D], [F]); // e.g. −82.944446990003 for Crawford's water/STO-3G
 * ```
 */
export function electronicEnergy(
  reference: Reference,
  H: Matrix,
  densities: readonly Matrix[],
  focks: readonly Matrix[],
): number {
  checkEnergyArguments('electronicEnergy', reference, H, densities, focks);
  if (reference === 'rhf') {
    const D = densities[0]!, F = focks[0]!;
    return 0.5 * (traceProduct(D, H) + traceProduct(D, F));
  }
  const Da = densities[0]!, Db = densities[1]!;
  return 0.5 * (traceProduct(Da, H) + traceProduct(Db, H) + traceProduct(Da, focks[0]!) + traceProduct(Db, focks[1]!));
}

/**
 * Splits the energy into nuclear, one-electron and two-electron parts (hartree).
 *
 * @example
 * ```ts
 * const c = energyComponents('rhf', H, [D], [F], 8.002367);
 * c.total === c.electronic + c.nuclear; // true
 * ```
 */
export function energyComponents(
  reference: Reference,
  H: Matrix,
  densities: readonly Matrix[],
  focks: readonly Matrix[],
  nuclearRepulsion: number,
): EnergyComponents {
  checkEnergyArguments('energyComponents', reference, H, densities, focks);
  const electronic = electronicEnergy(reference, H, densities, focks);
  let oneElectron = 0;
  for (const D of densities) oneElectron += traceProduct(D, H);
  return {
    nuclear: nuclearRepulsion,
    oneElectron,
    twoElectron: electronic - oneElectron,
    electronic,
    total: electronic + nuclearRepulsion,
  };
}

/** One density and one Fock matrix per spin (RHF one each, UHF and ROHF two), all n×n like H. O(1). */
function checkEnergyArguments(fn: string, reference: Reference, H: Matrix, densities: readonly Matrix[], focks: readonly Matrix[]): void {
  const count = reference === 'rhf' ? 1 : 2;
  const who = reference === 'rhf' ? 'RHF (the total density)' : `${reference.toUpperCase()} (α, β)`;
  expectCount(fn, 'densities', densities, count, who);
  expectCount(fn, 'focks', focks, count, who);
  if (count === 1) expectSameSquare(fn, { H, 'densities[0]': densities[0]!, 'focks[0]': focks[0]! });
  else expectSameSquare(fn, { H, 'densities[0]': densities[0]!, 'densities[1]': densities[1]!, 'focks[0]': focks[0]!, 'focks[1]': focks[1]! });
}
