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
export { overlap, kinetic, overlapShellBlock, kineticShellBlock } from './overlap-kinetic';
export { nuclearAttraction, nuclearAttractionShellBlock } from './nuclear-attraction';
export type { NucleiLike } from './nuclear-attraction';
export { coreHamiltonian } from './core-hamiltonian';
export { dipole, dipoleShellBlock } from './multipole';
export type { DipoleMatrices } from './multipole';
export { ONE_ELECTRON_MAX_L } from './obara-saika-1e';
export type { JKBuilder, JKResult } from './jk';
