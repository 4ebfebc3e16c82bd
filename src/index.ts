/**
 * roothaan: Hartree–Fock SCF workflows.
 *
 * The modules are exported as namespaces, in the order the layers depend on each other:
 * `linalg`, `geometry`, `basis`, `integrals`, then `scf`.
 *
 * @example
 * ```ts
 * import { geometry, basis } from 'roothaan';
 * const mol = geometry.parse('3\nwater\nO 0 0 0.117\nH 0 0.757 -0.467\nH 0 -0.757 -0.467\n', { format: 'xyz' });
 * basis.load('cc-pVDZ', mol).nbf; // 24
 * ```
 */
export * as errors from './errors';
export * as constants from './constants';
export * as linalg from './linalg';
export * as io from './io';
export * as geometry from './geometry';
export * as basis from './basis';
export * as integrals from './integrals';
export * as scf from './scf';
export * as store from './store';
export * as notebook from './notebook';
export * as cluster from './cluster';
export { RoothaanError } from './errors';
export type { Matrix } from './linalg';
