import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Matrix } from '../../src/linalg';
import { differenceProblem, matrixProblem, ONE_ELECTRON_TOLERANCE, SYMMETRY_TOLERANCE, TRACE_TOLERANCE, traceProblem } from '../../src/scf/start-checks';

const m = (n: number, values: number[]): Matrix => ({ rows: n, cols: n, data: Float64Array.from(values) });
/** An overlap and a density with tr(DS) = 2: S = [[1, s], [s, 1]], D = [[a, a], [a, a]] with a = 1/(1 + s). */
const s = 0.25;
const S = m(2, [1, s, s, 1]);
const a = 1 / (1 + s);
const D = m(2, [a, a, a, a]);

test('matrixProblem: the examples of its docs, shape, non-finite values and asymmetry beyond the tolerance', () => {
  assert.is(matrixProblem(m(2, [1, 0.5, 0.5, 1]), 2), undefined);
  assert.match(matrixProblem(m(2, [1, 0.5, 0.7, 1]), 2)!, /^it is not symmetric: \|A\(1,0\) − A\(0,1\)\| = 2\.00e-1/);
  assert.match(matrixProblem(m(2, [1, 0.5, 0.5, 1]), 3)!, /^it is 2×2, expected 3×3$/);
  assert.match(matrixProblem(m(2, [1, NaN, 0.5, 1]), 2)!, /^element \(0, 1\) is NaN$/);
  assert.match(matrixProblem(m(2, [1, 0.5, 0.5, Infinity]), 2)!, /element \(1, 1\) is Infinity/);
  // Relative to the largest element (here 1000): off by 0.1 × the scaled tolerance passes, by 10 × fails.
  assert.is(matrixProblem(m(2, [1000, 1, 1 + 0.1 * SYMMETRY_TOLERANCE * 1000, 1000]), 2), undefined);
  assert.ok(matrixProblem(m(2, [1000, 1, 1 + 10 * SYMMETRY_TOLERANCE * 1000, 1000]), 2) !== undefined);
});

test('traceProblem: tr(DS) per spin against any acceptable count', () => {
  assert.is(traceProblem([D], S, [[2]]), undefined);
  assert.match(traceProblem([D], S, [[4]])!, /^tr\(DS\) = 2\.00000000000, expected 4 electrons$/);
  // UHF: both spins must fit one of the choices (N_α, N_β), or (a SAD guess) the neutral atoms' share.
  assert.is(traceProblem([D, m(2, [0, 0, 0, 0])], S, [[1, 1], [2, 0]]), undefined);
  assert.ok(traceProblem([D, D], S, [[2, 1]]) !== undefined);
  const off = m(2, Array.from(D.data, (x) => x * (1 + 10 * TRACE_TOLERANCE)));
  assert.ok(traceProblem([off], S, [[2]]) !== undefined, 'scaled by 1 + 1e-7');
  const near = m(2, Array.from(D.data, (x) => x * (1 + 0.1 * TRACE_TOLERANCE)));
  assert.is(traceProblem([near], S, [[2]]), undefined, 'scaled by 1 + 1e-9');
});

test('differenceProblem: the largest element-wise difference against ONE_ELECTRON_TOLERANCE, NaN included', () => {
  assert.is(differenceProblem(S, S), undefined);
  assert.is(differenceProblem(m(2, [1, s + 0.5 * ONE_ELECTRON_TOLERANCE, s, 1]), S), undefined);
  assert.match(differenceProblem(m(2, [1, s, s + 1e-6, 1]), S)!, /differs from the one recomputed from the geometry by 1\.00e-6 at \(1, 0\)$/);
  assert.match(differenceProblem(m(2, [1, s, s, NaN]), S)!, /by NaN at \(1, 1\)/);
});

test.run();
