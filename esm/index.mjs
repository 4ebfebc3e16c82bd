// ESM entry: the library is compiled to CommonJS (tslab compiles notebook cells to CommonJS and
// must be able to require it); this file re-exports the same objects for `import` consumers.
import roothaan from '../dist/index.js';

export const { errors, constants, linalg, io, geometry, basis, integrals, scf, store, notebook, RoothaanError } = roothaan;
export const { cluster } = roothaan;
export default roothaan;
