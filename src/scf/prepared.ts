/**
 * A calculation ready to iterate: the problem, what analysis needs, and the options its
 * parameters give.
 *
 * @packageDocumentation
 */
import type { BasisSet } from '../basis';
import type { Molecule } from '../geometry';
import type { ScfOptions } from './options';
import type { ScfParameters } from './parameters';
import type { ScfProblem } from './problem';
import type { IntegralsReport } from './integrals-report';

/**
 * A problem built from a molecule and a basis (by `prepareCalculation` or `setupProblem`),
 * with what analysis needs and the driver options its parameters give. Pass it as a whole to
 * `scf.iterate`, `scf.run`, `scf.drive` or `scf.session`: they run with `options`
 * (`iterate(prepared.problem)` is the problem alone, with the driver's defaults). Call
 * `dispose()` when done.
 *
 * @example
 * ```ts
 * const prepared = scf.prepareCalculation(water, scf.parseScfParameters({ basis_set: 'STO-3G', max_iteration: 30 }));
 * prepared.options.maxIterations; // 30
 * scf.run(prepared).converged;    // true
 * prepared.dispose();
 * ```
 */
export interface PreparedCalculation {
  readonly problem: ScfProblem;
  /** The molecule computed (charge and multiplicity after the parameters' overrides). */
  readonly molecule: Molecule;
  readonly basis: BasisSet;
  /** The atom of each basis function. */
  readonly functionAtom: Int32Array;
  /** The validated parameters the calculation was prepared from. */
  readonly parameters: ScfParameters;
  /** The driver options the parameters give (`scfOptionsFromParameters`, with the vocabulary of messages). */
  readonly options: ScfOptions;
  /** Stops the J/K builder's worker threads. Safe to call twice. */
  dispose(): void;
  /** What the two-electron integrals are (scf_type; for density fitting the auxiliary basis and memory mode). */
  readonly integrals?: IntegralsReport;
}
