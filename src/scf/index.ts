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
export type { DiisState, DiisExtrapolation, DiisDensityStep } from './diis';
export { adiisModel, adiisCoefficients, densityFockTraces } from './adiis';
export type { CoefficientModel, AugmentedCoefficients } from './adiis';
export { ediisModel, ediisCoefficients } from './ediis';
export { minimizeOnSimplex, quadraticValue, MAX_SIMPLEX_VARIABLES } from './simplex-qp';
export type { SimplexMinimum } from './simplex-qp';
export { extrapolateFock, augmentedWeight } from './accelerate';
export type { ScfAccelerator, AcceleratorUsed, AcceleratorSettings, FockExtrapolation } from './accelerate';
export { coreGuessFock, gwhGuessFock, sadOccupations, atomicDensity, sadGuess } from './guess';
export type { SadOptions } from './guess';
export { spinExpectation } from './spin';
export type { SpinExpectation } from './spin';
export { mullikenCharges, lowdinCharges, dipoleMoment, frontierOrbitals, functionAtoms } from './analysis';
export type { DipoleMoment, PointCharge, FrontierOrbitals } from './analysis';
export { SCF_PARAMETER_TABLE, DEFAULT_SCF_PARAMETERS, parseScfParameters, scfOptionsFromParameters, scfParameter, parameterName } from './parameters';
export type { ScfParameters, ScfParameterKey, ScfParameterSpec, ParseScfParametersOptions } from './parameters';
export { DEFAULT_CONTROLS, DEFAULT_S_TOLERANCE, SCF_RULES, checkValue, checkControlChanges, applyControlChanges } from './controls';
export type { ScfControls, ScfControlChanges, ValueRule, ScfRuleName } from './controls';
export { checkScfOptions } from './options';
export type { ScfOptions, ScfVocabulary } from './options';
export type { ScfIteration, ScfIterationSummary, IterationTimings, ScfDiagnosis, ScfResult } from './records';
export { diagnose } from './diagnose';
export { iterate, run, isIteration, mergeOptions, initialDensities, resolveReference } from './iterate';
export { session } from './session';
export type { ScfSession } from './session';
export { drive } from './drive';
export type { DriveOptions } from './drive';
export { diisFromHistory } from './start';
export type { ScfStart, DiisHistoryStep } from './start';
export { ScfInterruptedError } from '../errors';
export type { InterruptedIteration } from '../errors';
export type { PreparedCalculation } from './prepared';
export { setupProblem, chooseJK, prepareCalculation, withChargeAndMultiplicity, analyze, runCalculation, driveCalculation } from './setup';
export type { SetupOptions, PrepareOptions, ScfAnalysis, CalculationResult, RunCalculationOptions, DriveCalculationOptions } from './setup';
export { parseGhostAtoms, withGhostParameter } from './ghost-parameter';
export { spinDensities } from './density';
export { aufbauStep, fixedStep, momStep, fermiStep, fracStep, occupationStepper, occupationJson } from './occupations';
export type { OccupationMethod, OccupationRecord, OccupationChoice, OccupationStep, OccupationStepper } from './occupations';
export { parseOccupations, parseMom, parseSmearing, parseFrac, checkOccupationChoice, BOLTZMANN_HARTREE_PER_KELVIN } from './occupation-options';
export type { ExplicitOccupations, MomOptions, SmearingOptions, FracOptions, OccupationChoiceInput, OccupationSystem } from './occupation-options';
export { maxOverlapOccupations, swappedOccupations } from './mom';
export type { MaxOverlapChoice } from './mom';
export { fermiOccupations } from './smearing';
export type { FermiOccupations } from './smearing';
export { rohfEffectiveFock, rohfOrbitals, rohfStartOrbitals } from './rohf-fock';
export type { RohfEffectiveFock } from './rohf-fock';
export { integralsReport, densityFittingReport } from './integrals-report';
export type { IntegralsReport, DensityFittingReport } from './integrals-report';
export { orbitalHessian } from './orbital-hessian';
export type { HessianKind, OrbitalHessian } from './orbital-hessian';
export { rhfStability, uhfStability, INSTABILITY_THRESHOLD } from './stability';
export type { StabilityAnalysis, StabilityEigenvalues, UhfStabilityOutcome } from './stability';
export { withStability, rotateAlongInstability, checkStabilityReference, STABILITY_DEFAULTS } from './stability-follow';
export type { StabilityMode, StabilityReport } from './stability-follow';
export { stabilityJson, stabilityText } from './stability-json';
export { soscfStep, solveNewton, MAX_ROTATION, IDEMPOTENCY_TOLERANCE } from './soscf';
export type { SoscfSettings, SoscfStep } from './soscf';
export { orbitalSpaces, rotateOrbitals } from './orbital-rotation';
export type { OrbitalSpaces, RotatedOrbitals } from './orbital-rotation';
export { rotationGradient, rotationHessianDiagonal, orbitalHessianProduct } from './orbital-hessian-product';
export { SCF_WORKING_MATRICES, minimumScfBytes, checkScfMemory } from './memory';
export type { MemoryBudget } from './memory';
export { prepareCalculationAsync } from './setup';
export { kernelSignal, defaultSignal } from './kernel-signal';
export type { IntegralProgress, ProgressOptions } from '../integrals/progress';
