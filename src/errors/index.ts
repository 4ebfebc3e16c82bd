export {
  RoothaanError,
  InvalidInputError,
  BasisNotFoundError,
  LinearDependencyError,
  NotConvergedError,
  StoreConflictError,
  formatLocation,
} from './roothaan-error';
export type { ErrorLocation } from './roothaan-error';
