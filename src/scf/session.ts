/**
 * An SCF run as an iterable that takes control changes: the `for … of` form of the driver.
 *
 * @packageDocumentation
 */
import type { ScfControlChanges } from './controls';
import { iterate, mergeOptions } from './iterate';
import type { ScfOptions } from './options';
import type { PreparedCalculation } from './prepared';
import type { ScfProblem } from './problem';
import type { ScfIteration, ScfResult } from './records';

/**
 * One SCF run to loop over with `for … of`: each pass is one iteration's record; call
 * {@link ScfSession.change} inside the loop to change controls from the next iteration on
 * (what `next(changes)` does on the generator), and read {@link ScfSession.result} after the
 * loop. A session runs once; `break` leaves it unfinished (`result` stays undefined).
 *
 * @example
 * ```ts
 * const s = scf.session(prepared);
 * for (const it of s) {
 *   if (it.iteration === 5) s.change({ damping: 0.3 });
 * }
 * s.result.converged; // true
 * ```
 */
export interface ScfSession extends Iterable<ScfIteration> {
  /** Changes controls from the next iteration on; several calls before it merge (later ones win). */
  change(changes: ScfControlChanges): void;
  /** The result once the loop has run to the end (undefined before, or after a `break`). */
  readonly result: ScfResult | undefined;
  /** The last record seen (undefined before the first iteration). */
  readonly last: ScfIteration | undefined;
}

/**
 * A {@link ScfSession} over a prepared calculation (with its options) or a bare problem, with
 * optional driver options over those. Compiles and runs in a tslab cell as written: no
 * `IteratorResult` to narrow.
 *
 * @example
 * ```ts
 * const s = scf.session(prepared, { guess: 'core' });
 * for (const it of s) console.log(it.iteration, it.energy);
 * s.result.energy; // hartree
 * ```
 */
export function session(preparedOrProblem: PreparedCalculation | ScfProblem, options: ScfOptions = {}): ScfSession {
  let pending: ScfControlChanges | undefined;
  let result: ScfResult | undefined;
  let last: ScfIteration | undefined;
  let started = false;
  return {
    change(changes) {
      pending = pending === undefined ? { ...changes } : (mergeOptions(pending, changes) as ScfControlChanges);
    },
    get result() {
      return result;
    },
    get last() {
      return last;
    },
    *[Symbol.iterator]() {
      if (started) throw new Error('this SCF session has already run; make a new one with scf.session(...)');
      started = true;
      const generator = iterate(preparedOrProblem, options);
      let step = generator.next();
      while (!step.done) {
        last = step.value;
        yield step.value;
        const changes = pending;
        pending = undefined;
        step = generator.next(changes);
      }
      result = step.value;
    },
  };
}
