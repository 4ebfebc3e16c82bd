import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { convergenceFigure, figureSvg, matrixHeatmap, orbitalLevelsFigure, timingsFigure, type PlotlyFigure } from '../../src/notebook';
import { fromArray } from '../../src/linalg';

const polylines = (svg: string): Array<Array<[number, number]>> =>
  [...svg.matchAll(/<polyline [^>]*points="([^"]*)"/g)].map((m) => m[1]!.split(' ').map((p) => p.split(',').map(Number) as [number, number]));
const texts = (svg: string): string[] => [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);

test('a line trace is drawn through its points in order: x grows to the right, y upwards, on a linear axis', () => {
  const svg = figureSvg({ data: [{ type: 'scatter', mode: 'lines', x: [1, 2, 3], y: [10, 20, 40] }], layout: { title: { text: 't' } } });
  const [line] = polylines(svg);
  assert.is(line!.length, 3);
  const [a, b, c] = line!;
  assert.ok(a![0] < b![0] && b![0] < c![0], 'x to the right');
  assert.ok(a![1] > b![1] && b![1] > c![1], 'y upwards (SVG y grows downwards)');
  // Linear: equal x steps are equal pixel steps, and y steps in proportion 10 : 20.
  assert.ok(Math.abs(b![0] - a![0] - (c![0] - b![0])) < 0.2);
  assert.ok(Math.abs((c![1] - b![1]) / (b![1] - a![1]) - 2) < 0.02);
});

test('on a log axis, decades are equal pixel steps, ticks read 10⁻ⁿ, and missing values (null, the first ΔE) break the line', () => {
  const history = [1, 2, 3, 4, 5].map((k) => ({ iteration: k, energy: -1 - 10 ** -k, deltaE: k === 1 ? NaN : 10 ** -(2 * k), rmsDeltaD: 10 ** -k, diisError: 10 ** -k }));
  const svg = figureSvg(convergenceFigure(history, { thresholds: { density: 1e-3 } }));
  const lines = polylines(svg);
  assert.is(lines.length, 4, 'E, |ΔE|, RMS ΔD, DIIS error');
  const dE = lines[1]!;
  assert.is(dE.length, 4, 'the first |ΔE| (NaN) is a gap');
  const rms = lines[2]!;
  const steps = rms.slice(1).map((p, i) => p[1] - rms[i]![1]);
  for (const s of steps) assert.ok(Math.abs(s - steps[0]!) < 0.2, `equal decade steps: ${steps.join(', ')}`);
  assert.ok(texts(svg).includes('10⁻⁴'), texts(svg).join(' | '));
  // The dashed threshold at RMS ΔD = 1e-3 lies at the height of the third RMS ΔD point.
  const dashed = /<line x1="[^"]*" y1="([^"]*)" x2="[^"]*" y2="([^"]*)" stroke="[^"]*" stroke-width="1" stroke-dasharray/.exec(svg);
  assert.ok(dashed);
  assert.ok(Math.abs(Number(dashed![1]) - rms[2]![1]) < 0.2);
  assert.ok(texts(svg).includes('SCF convergence') && texts(svg).includes('iteration'));
});

test('a heatmap has one cell per matrix element, coloured by value on its scale, and a colour bar with its end values', () => {
  const fig = matrixHeatmap(fromArray([[1, 0, -1], [0.5, 0, -0.5]]), { title: 'M' });
  const svg = figureSvg(fig);
  const rects = [...svg.matchAll(/<rect x="([^"]*)" y="([^"]*)" width="([^"]*)" height="([^"]*)" fill="([^"]*)"/g)];
  // background + 6 cells + 20 colour-bar steps
  assert.is(rects.length, 1 + 6 + 20);
  const cells = rects.slice(1, 7);
  assert.is(cells[0]![5], 'rgb(178,24,43)', 'the largest value has the top colour (#b2182b)');
  assert.is(cells[2]![5], 'rgb(33,102,172)', 'the most negative the bottom colour (#2166ac)');
  assert.is(cells[1]![5], 'rgb(247,247,247)', 'zero the middle');
  // Rows go down the page (autorange 'reversed'): row 1 is below row 0.
  assert.ok(Number(cells[3]![2]) > Number(cells[0]![2]));
  assert.ok(texts(svg).includes('1.00') && texts(svg).includes('-1.00'));
});

test('an orbital level diagram draws every level as a line with its HOMO and LUMO labels; stacked bars stack', () => {
  const levels = orbitalLevelsFigure({ orbitalEnergies: [Float64Array.from([-1.2, -0.5, 0.3, 0.9])], occupations: [Float64Array.from([2, 2, 0, 0])] });
  const svg = figureSvg(levels);
  const segments = polylines(svg).flat().length;
  assert.is(segments, 8, 'four levels, two ends each');
  const t = texts(svg);
  assert.ok(t.some((s) => s.startsWith('HOMO')) && t.some((s) => s.startsWith('LUMO')), t.join(' | '));
  assert.is(t.filter((s) => s === '↑↓').length, 2, 'two doubly occupied levels');
  const bars = figureSvg(timingsFigure([{ iteration: 1, attempt: 1, energy: -1, fockMs: 3, diagMs: 1 }, { iteration: 2, attempt: 1, energy: -1.1, fockMs: 6, diagMs: 2 }]));
  const r = [...bars.matchAll(/<rect x="([^"]*)" y="([^"]*)" width="([^"]*)" height="([^"]*)" fill="#(1f77b4|d62728)"/g)].filter((m) => Number(m[3]) > 20);
  assert.is(r.length, 4);
  // Iteration 2: the Fock bar (6 ms) is twice as tall as iteration 1's (3 ms), and the DIIS bar sits on top of it.
  const [f1, f2, d1] = [r[0]!, r[1]!, r[2]!];
  assert.ok(Math.abs(Number(f2[4]) / Number(f1[4]) - 2) < 0.02);
  assert.ok(Math.abs(Number(d1[2]) + Number(d1[4]) - Number(f1[2])) < 0.2, 'stacked');
});

test('text in a figure is escaped in the SVG, and markup tags in it are dropped', () => {
  const fig: PlotlyFigure = { data: [{ type: 'scatter', x: [1], y: [1], name: 'a < b & "c"' }], layout: { title: { text: '</svg><script>x' } } };
  const svg = figureSvg(fig);
  assert.not.match(svg, /<script/);
  assert.ok(texts(svg).includes('a &lt; b &amp; &quot;c&quot;'), texts(svg).join(' | '));
  assert.ok(svg.endsWith('</svg>') && (svg.match(/<\/svg>/g) ?? []).length === 1);
});

test.run();
