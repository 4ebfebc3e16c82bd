import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { convergenceFigure, figureSummary, matrixHeatmap } from '../../src/notebook';
import { fromArray } from '../../src/linalg';

test('the summary names the figure and gives each trace its points, value range and last point', () => {
  const history = [1, 2, 3].map((k) => ({ iteration: k, energy: -1.5 - 10 ** -k, deltaE: k === 1 ? NaN : 10 ** -k, rmsDeltaD: 10 ** -(k + 1), diisError: 10 ** -k }));
  const lines = figureSummary(convergenceFigure(history)).split('\n');
  assert.is(lines[0], 'Figure: SCF convergence (4 traces)');
  assert.is(lines[1], '  E (Eh): 3 points, y −1.6 … −1.501, last −1.501 at x = 3');
  assert.is(lines[2], '  |ΔE| (Eh): 2 points, y 0.001 … 0.01, last 0.001 at x = 3');
  assert.is(lines[3], '  RMS ΔD: 3 points, y 1.00e−4 … 0.01, last 1.00e−4 at x = 3');
});

test('a heatmap is summarised by its size and value range', () => {
  const text = figureSummary(matrixHeatmap(fromArray([[1, 0.25], [0.25, 1]]), { title: 'S' }));
  assert.is(text, 'Figure: S (1 trace)\n  heatmap 2×2, values 0.25 … 1');
});

test.run();
