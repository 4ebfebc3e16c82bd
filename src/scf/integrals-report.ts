/**
 * What a prepared calculation chose for its two-electron integrals: the scf_type, and for density
 * fitting the auxiliary basis, its size and the memory mode.
 *
 * @packageDocumentation
 */
import type { AuxiliaryBasis } from '../basis';
import type { DfJKBuilder, JKBuilder } from '../integrals';

/**
 * The density-fitting choices of a calculation (all measured or chosen, none assumed).
 *
 * @example
 * ```ts
 * prepared.integrals?.densityFitting?.dfBasisScf; // 'cc-pVDZ-JKFIT' for cc-pVDZ with scf_type df
 * ```
 */
export interface DensityFittingReport {
  /** The auxiliary basis (`df_basis_scf`, or Psi4 1.3.2's default for the orbital basis). */
  readonly dfBasisScf: string;
  /** True when no `df_basis_scf` was given and the default was used. */
  readonly isDefault: boolean;
  /** The set each element's fitting functions came from (elements the default lacks fall back to def2-universal-jkfit). */
  readonly elementSets: Readonly<Record<string, string>>;
  /** Number of auxiliary functions. */
  readonly naux: number;
  /** Metric eigenvalues dropped below 1e-10 × the largest (Psi4's DF_FITTING_CONDITION). */
  readonly metricEigenvaluesDropped: number;
  /** Smallest over largest metric eigenvalue. */
  readonly metricMinOverMax: number;
  /** 'core' (fitted tensor held) or 'blocked' (recomputed in blocks of auxiliary shells). */
  readonly mode: 'core' | 'blocked';
  /** Bytes of one (Q|μν) tensor. */
  readonly tensorBytes: number;
  /** Peak bytes of the in-core mode, compared with the memory budget. */
  readonly coreBytes: number;
  /** The memory budget in bytes the mode was chosen against. */
  readonly budgetBytes: number;
  /** Auxiliary shells per block (all of them in core). */
  readonly blockShells: number;
  /** Milliseconds to build the metric, the three-index integrals and the fit. */
  readonly setupMs: number;
}

/**
 * The two-electron integral choices of a prepared calculation.
 *
 * @example
 * ```ts
 * prepared.integrals?.scfType; // 'pk' | 'direct' | 'df'
 * ```
 */
export interface IntegralsReport {
  /** The scf_type run (Psi4's names): pk = stored exact ERIs, direct = exact recomputed, df = density fitting. */
  readonly scfType: 'pk' | 'direct' | 'df';
  /** Set for scf_type df. */
  readonly densityFitting?: DensityFittingReport;
  /** Set for an exact SCF with df_scf_guess: the DF builder of its first stage. */
  readonly dfScfGuess?: DensityFittingReport;
}

/**
 * The report of a J/K builder (and of its auxiliary basis, for density fitting).
 *
 * @param jk the builder the SCF uses
 * @param aux the auxiliary basis, for a DF builder
 * @param budgetBytes the memory budget the DF mode was chosen against
 * @param dfGuess the DF builder and auxiliary basis of df_scf_guess, for an exact builder
 * @example
 * ```ts
 * integralsReport(prepared.problem.jk).scfType; // 'pk' for a stored builder
 * ```
 */
export function integralsReport(jk: JKBuilder, aux?: AuxiliaryBasis, budgetBytes?: number, dfGuess?: { jk: JKBuilder; aux: AuxiliaryBasis }): IntegralsReport {
  if (jk.kind !== 'df') {
    return {
      scfType: jk.kind === 'stored' ? 'pk' : 'direct',
      ...(dfGuess !== undefined ? { dfScfGuess: densityFittingReport(dfGuess.jk as DfJKBuilder, dfGuess.aux, budgetBytes) } : {}),
    };
  }
  return { scfType: 'df', densityFitting: densityFittingReport(jk as DfJKBuilder, aux, budgetBytes) };
}

/**
 * The {@link DensityFittingReport} of a DF builder.
 *
 * @example
 * ```ts
 * densityFittingReport(integrals.createDfJK(basis.load('STO-3G', water), basis.load('def2-SVP-JKFIT', water))).naux; // 113
 * ```
 */
export function densityFittingReport(jk: DfJKBuilder, aux?: AuxiliaryBasis, budgetBytes?: number): DensityFittingReport {
  return {
    dfBasisScf: aux?.name ?? jk.auxName,
    isDefault: aux?.isDefault ?? false,
    elementSets: aux?.elementSets ?? {},
    naux: jk.naux,
    metricEigenvaluesDropped: jk.dropped,
    metricMinOverMax: jk.minOverMax,
    mode: jk.mode,
    tensorBytes: jk.memory.tensorBytes,
    coreBytes: jk.memory.coreBytes,
    budgetBytes: budgetBytes ?? NaN,
    blockShells: jk.blockShells,
    setupMs: jk.setupMs,
  };
}
