/**
 * What went wrong in an SCF that did not converge, in the caller's words.
 *
 * @packageDocumentation
 */
import type { ScfControls } from './controls';
import type { ScfVocabulary } from './options';
import { parameterName, type ScfParameterKey } from './parameters';
import type { ScfDiagnosis, ScfIterationSummary } from './records';

/** A setting with an example value, as the caller would write it. */
function setting(key: ScfParameterKey, value: number | boolean, vocabulary: ScfVocabulary): string {
  const name = parameterName(key, vocabulary);
  if (vocabulary === 'cli') return value === true ? name : `${name} ${value}`;
  return vocabulary === 'parameters' ? `"${name}": ${value}` : `${name}: ${value}`;
}

/**
 * Reads a non-converged history and says what happened and what to try, naming each setting as
 * the caller spells it: `vocabulary` `'cli'` says `--max-iterations 200`, `'parameters'` (a
 * parameters file, a stored job) `"max_iteration": 200`, `'options'` (the library, default)
 * `maxIterations: 200`. It suggests only what the run did not already use.
 *
 * @example
 * ```ts
 * diagnose(result.history, controls).kind; // 'oscillating'
 * diagnose(result.history, controls, 'cli').message; // '… Try --damping 0.5, --level-shift 0.5 or another guess.'
 * ```
 */
export function diagnose(history: readonly ScfIterationSummary[], controls: ScfControls, vocabulary: ScfVocabulary = 'options'): ScfDiagnosis {
  const last = history[history.length - 1];
  const tail = history.slice(-10);
  const dE = tail.map((h) => h.deltaE).filter((v) => Number.isFinite(v));
  let signChanges = 0;
  for (let i = 1; i < dE.length; i++) if (Math.sign(dE[i]!) !== Math.sign(dE[i - 1]!) && dE[i] !== 0) signChanges++;
  const status = last
    ? `after ${last.iteration} iterations ΔE = ${last.deltaE.toExponential(2)} Eh and RMS ΔD = ${last.rmsDeltaD.toExponential(2)} ` +
      `(thresholds ${controls.convergence.energy} Eh, ${controls.convergence.density})`
    : 'no iteration ran';
  // Suggest only what the run did not already use.
  const damping = controls.damping === 0 ? [`damping (${setting('damping', 0.5, vocabulary)})`] : [];
  const shift = controls.levelShift === 0 ? [`a level shift (${setting('level_shift', 0.5, vocabulary)} Eh)`] : [];
  const diis = controls.useDiis ? [] : [`DIIS (${setting('use_diis', true, vocabulary)})`];
  const tryThese = (options: string[]): string => {
    const list = [...options, 'another guess'];
    return `Try ${list.length > 1 ? `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}` : list[0]}.`;
  };
  if (dE.length >= 4 && signChanges >= Math.floor(dE.length / 2)) {
    return {
      kind: 'oscillating',
      message: `SCF did not converge: the energy oscillates; ${status}. ${tryThese([...diis, ...damping, ...shift])}`,
    };
  }
  if (dE.length >= 3 && dE.slice(-3).every((v) => v > controls.convergence.energy)) {
    return {
      kind: 'diverging',
      message: `SCF did not converge: the energy is rising; ${status}. ${tryThese([...shift, ...damping])}`,
    };
  }
  const first = tail[0], end = tail[tail.length - 1];
  if (first && end && end.rmsDeltaD < 0.5 * first.rmsDeltaD) {
    const more = setting('max_iteration', 2 * controls.maxIterations, vocabulary);
    return {
      kind: 'slow',
      message:
        `SCF did not converge: it is still converging, slowly; ${status}. Allow more iterations (${more})` +
        `${diis.length ? ` or enable DIIS (${setting('use_diis', true, vocabulary)})` : ''}.`,
    };
  }
  return {
    kind: 'stalled',
    message: `SCF did not converge: the density stopped improving; ${status}. ${tryThese([...diis, ...shift, ...damping])}`,
  };
}
