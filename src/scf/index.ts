/**
 * scf: Hartree–Fock self-consistent field as separate textbook steps (orthogonaliser in linalg,
 * guesses, Fock build, energy, DIIS, diagonalisation, density) and one driver that composes
 * them as a generator of typed iteration records.
 *
 * Conventions: matrices are nbf×nbf row-major (linalg `Matrix`), atomic units. RHF carries
 * the total density D = 2·C_occ·C_occᵀ (PySCF's convention; Szabo & Ostlund's P, Eq. 3.145);
 * UHF carries the spin densities [D^α, D^β]. The core takes its integrals as data
 * ({@link ScfProblem}); {@link setupProblem} builds them from a molecule and a basis.
 *
 * @example
 * ```ts
 * import { scf } from 'roothaan';
 * const { result, analysis } = scf.runCalculation(water, { basis_set: 'STO-3G' });
 * result.energy;          // −74.942079928192 Eh (Crawford's geometry)
 * analysis.dipole.debye;  // [0, 1.534, 0]
 * ```
 */
export type { Reference, GuessKind, ScfProblem, AtomIntegrals, SadAtom, SadProblem } from './problem';
export { densityFromOrbitals, aufbauOccupations } from './density';
export { rhfFock, uhfFock, buildFock } from './fock';
export { electronicEnergy, energyComponents } from './energy';
export type { EnergyComponents } from './energy';
export { diagonalizeFock, orbitalGradient } from './orbitals';
export type { Orbitals } from './orbitals';
export { emptyDiis, diisPush, diisExtrapolate } from './diis';
export type { DiisState, DiisExtrapolation } from './diis';
export { coreGuessFock, gwhGuessFock, sadOccupations, atomicDensity, sadGuess } from './guess';
export type { SadOptions } from './guess';
export { spinExpectation } from './spin';
export type { SpinExpectation } from './spin';
export { mullikenCharges, lowdinCharges, dipoleMoment, frontierOrbitals, functionAtoms } from './analysis';
export type { DipoleMoment, PointCharge, FrontierOrbitals } from './analysis';
export { scfParametersSchema, DEFAULT_SCF_PARAMETERS, parseScfParameters, scfOptionsFromParameters } from './parameters';
export type { ScfParameters } from './parameters';
export { iterate, run, isIteration, diagnose, initialDensities, resolveReference } from './iterate';
export { drive } from './drive';
export type { DriveOptions } from './drive';
export { diisFromHistory } from './start';
export type { ScfStart, DiisHistoryStep } from './start';
export { ScfInterruptedError } from '../errors';
export type {
  ScfControls,
  ScfControlChanges,
  ScfOptions,
  ScfIteration,
  ScfIterationSummary,
  IterationTimings,
  ScfDiagnosis,
  ScfResult,
} from './iterate';
export { setupProblem, chooseJK, prepareCalculation, withChargeAndMultiplicity, analyze, runCalculation } from './setup';
export type { SetupOptions, PrepareOptions, PreparedCalculation, ScfAnalysis, CalculationResult, RunCalculationOptions } from './setup';
