/**
 * Basis sets: the bundled library (`data/basis/`, read lazily by `library.ts`), a Gaussian94
 * parser, and placing a basis on a molecule.
 *
 * @example
 * ```ts
 * import { basis } from 'roothaan';
 * basis.resolveBasisName('6-31g(d)'); // '6-31G*'
 * basis.load('cc-pVDZ', water).nbf;    // 24
 * ```
 */
export { cartesianCount, sphericalCount, shellSize, basisFromShells } from './basis-set';
export type { BasisSet, PlacedShell } from './basis-set';
export { shellLabel, angularMomentumOf, doubleFactorial } from './angular-momentum';
export { parseGaussian94 } from './gaussian94';
export { formatGaussian94 } from './format-gaussian94';
export type { Gaussian94Basis, ContractedShell, EffectiveCorePotential, ParseGaussian94Options } from './gaussian94';
export { primitiveNormalization, primitivePairOverlap, contractedSelfOverlap, normalizeContraction } from './normalization';
export { listBasisSets, basisInfo, resolveBasisName, normalizeBasisName, suggestBasisNames, editDistance } from './names';
export type { BasisSetInfo, ListBasisSetsOptions } from './names';
export type { BasisRole } from './library';
export { load, loadPerAtom, basisForElement, basisHeaderPure } from './load';
export { parseBasisAssignment, atomBasisChoices, loadAssigned } from './assignment';
export type { BasisAssignment, AtomBasisChoice, LoadAssignedOptions } from './assignment';
export type { MoleculeLike, LoadOptions, ElementShell, ElementBasis } from './load';
export { describeBasis, describe } from './describe';
export type { BasisDescription, AtomBasisSummary } from './describe';
export { loadAuxiliaryBasis, defaultJkfitBasis, PSI4_DEFAULT_JKFIT, UNIVERSAL_JKFIT } from './auxiliary';
export type { AuxiliaryBasis, AuxiliaryBasisOptions } from './auxiliary';
export { aoLabels, atomLabels, shellComponentLabels } from './ao-labels';
export type { LabelledAtoms } from './ao-labels';
