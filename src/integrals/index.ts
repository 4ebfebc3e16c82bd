export { boys, boysValue, BOYS_MAX_M, BOYS_TABLE_TMAX } from './boys';
export {
  cartToSph,
  cartesianIndex,
  cartesianExponents,
  cartesianToSpherical,
  basisCartesianToSpherical,
  SPHERICAL_MAX_L,
} from './spherical';
export type { CartToSph } from './spherical';
export { basisValues } from './basis-values';
export { overlap, kinetic, overlapShellBlock, kineticShellBlock } from './overlap-kinetic';
export { nuclearAttraction, nuclearAttractionShellBlock } from './nuclear-attraction';
export type { NucleiLike } from './nuclear-attraction';
export { coreHamiltonian } from './core-hamiltonian';
export { dipole, dipoleShellBlock } from './multipole';
export type { DipoleMatrices } from './multipole';
export { ONE_ELECTRON_MAX_L } from './obara-saika-1e';
export type { JKBuilder, JKResult } from './jk';
export { createEriEngine, eriShellQuartet, ERI_MAX_L, PRIMITIVE_PAIR_CUTOFF } from './eri-engine';
export type { EriEngine } from './eri-engine';
export { eriTensor, ERI_TENSOR_MAX_NBF } from './eri-tensor';
export { schwarzFactors, DEFAULT_SCREENING_THRESHOLD } from './schwarz';
export { estimatePackedEriBytes, packedEriLength, packedEriIndex } from './eri-store';
export type { PackedEriStore } from './eri-store';
export { buildPackedEriStore, createStoredJK, createStoredJKAsync, createStoredJKFromPacked } from './jk-stored';
export type { StoredJKBuilder } from './jk-stored';
export { createDirectJK } from './jk-direct';
export type { DirectJKBuilder } from './jk-direct';
export type { EriOptions } from './jk-options';
export { defaultThreadCount } from './eri-worker-pool';
export { createDfEngine, threeIndexIntegrals, coulombMetric } from './df-integrals';
export type { DfEngine } from './df-integrals';
export { metricFittingFactor, DF_FITTING_CONDITION } from './df-metric';
export type { MetricFittingFactor } from './df-metric';
export { createDfJK, dfMemoryEstimate } from './jk-df';
export type { DfJKBuilder, DfJKOptions, DfMemoryEstimate } from './jk-df';
export { interruptedDuring, runSteps, runStepsAsync } from './progress';
export type { IntegralProgress, ProgressOptions, Steps } from './progress';
