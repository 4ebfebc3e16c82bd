export {
  RoothaanError,
  InvalidInputError,
  BasisNotFoundError,
  LinearDependencyError,
  NotConvergedError,
  StoreConflictError,
  FencedOutError,
  formatLocation,
} from './roothaan-error';
export type { ErrorLocation } from './roothaan-error';
export { ScfInterruptedError } from './scf-interrupted-error';
export type { InterruptedIteration } from './scf-interrupted-error';
