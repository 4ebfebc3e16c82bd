export { zeros, identity, fromArray, toArray } from './matrix';
export type { Matrix } from './matrix';
export {
  clone,
  transpose,
  matmul,
  matmulTN,
  matmulNT,
  addProduct,
  addProductTN,
  congruence,
  symmetricProduct,
  traceProduct,
  trace,
  combine,
  add,
  subtract,
  scale,
  axpy,
  frobeniusNorm,
  rms,
  rmsDifference,
  maxAbs,
  symmetrize,
  asymmetry,
  columns,
} from './dense';
export { expectSameSquare, expectSameShape, expectRows, expectCount, shapeText } from './check-shape';
export { eigh } from './eigh';
export { davidson } from './davidson';
export type { DavidsonOptions, DavidsonResult } from './davidson';
export type { SymmetricEigen, EighOptions } from './eigh';
export { solve } from './solve';
export { orthogonalizer, eighGeneralized } from './orthogonalizer';
export type {
  Orthogonalizer,
  OrthogonalizerOptions,
  OrthogonalizationMethod,
  GeneralizedEigen,
} from './orthogonalizer';
