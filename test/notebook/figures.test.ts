import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import {
  convergenceFigure,
  compareRunsFigure,
  orbitalLevelsFigure,
  matrixHeatmap,
  moleculeSummary,
  iterationAxis,
  logAxis,
  type ConvergencePoint,
  type OrbitalLevels,
  type PlotlyTrace,
} from '../../src/notebook';
import { fromArray, add } from '../../src/linalg';
import { parse } from '../../src/geometry';
import { run, type ScfIteration, type ScfResult } from '../../src/scf';
import { HARTREE_IN_EV } from '../../src/constants';
import { readNpy } from '../helpers/npy';
import { fullTensorJK } from '../helpers/full-tensor-jk';
import { referenceDir } from './helpers';

/** A made-up but SCF-like history: geometric convergence, first ΔE undefined (NaN). */
function history(n: number): ConvergencePoint[] {
  const out: ConvergencePoint[] = [];
  let previous = NaN;
  for (let k = 1; k <= n; k++) {
    const energy = -1.1 + 0.1 * 10 ** -k;
    out.push({ iteration: k, energy, deltaE: energy - previous, rmsDeltaD: 3 * 10 ** -k, diisError: 10 ** -k });
    previous = energy;
  }
  return out;
}

const trace = (fig: { data: readonly PlotlyTrace[] }, name: string): PlotlyTrace => {
  const t = fig.data.find((d) => d['name'] === name);
  assert.ok(t, `trace ${name}`);
  return t!;
};

test('the convergence figure has the energy trace and three log-scale error traces, one point per iteration', () => {
  const h = history(8);
  const fig = convergenceFigure(h);
  assert.is(fig.data.length, 4);
  for (const t of fig.data) {
    assert.is(t.type, 'scatter');
    assert.equal(t['x'], [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.is((t['y'] as unknown[]).length, 8);
  }
  assert.equal(trace(fig, 'E (Eh)')['y'], h.map((p) => p.energy));
  assert.is((fig.layout['yaxis2'] as { type: string }).type, 'log');
  assert.is.not((fig.layout['yaxis'] as { type?: string }).type, 'log');
  for (const name of ['|ΔE| (Eh)', 'RMS ΔD', 'DIIS error (Eh)']) assert.is(trace(fig, name)['yaxis'], 'y2');
});

test('the first ΔE (NaN) and zero errors are gaps on the log axis, and negative ΔE is plotted as |ΔE|', () => {
  const h = history(4);
  const withZero = [...h, { iteration: 5, energy: h[3]!.energy, deltaE: 0, rmsDeltaD: 0, diisError: 1e-9 }];
  const fig = convergenceFigure(withZero);
  const dE = trace(fig, '|ΔE| (Eh)')['y'] as Array<number | null>;
  assert.is(dE[0], null);
  assert.is(dE[4], null);
  assert.ok(Math.abs(dE[1]! - Math.abs(h[1]!.deltaE!)) < 1e-18 && dE[1]! > 0);
  assert.is((trace(fig, 'RMS ΔD')['y'] as Array<number | null>)[4], null);
  // JSON round trip keeps the gaps (NaN would become null anyway, but must not be a string).
  assert.ok(!JSON.stringify(fig).includes('NaN'));
});

test('thresholds are dashed lines on the error axis, and a reference energy switches the top panel to |E − E_ref| on a log scale', () => {
  const h = history(5);
  const fig = convergenceFigure(h, { thresholds: { energy: 1e-10, density: 1e-8 }, referenceEnergy: -1.1 });
  const shapes = fig.layout['shapes'] as Array<{ y0: number; yref: string; line: { dash: string } }>;
  assert.equal(shapes.map((s) => s.y0), [1e-10, 1e-8]);
  assert.ok(shapes.every((s) => s.yref === 'y2' && s.line.dash === 'dash'));
  assert.is((fig.layout['yaxis'] as { type: string }).type, 'log');
  const top = fig.data[0]!['y'] as number[];
  h.forEach((p, i) => assert.ok(Math.abs(top[i]! - Math.abs(p.energy + 1.1)) < 1e-15));
});

test('several runs overlay with one trace per run and metric, one colour per run and the legend shown once', () => {
  const runs = [
    { name: 'plain', history: history(12) },
    { name: 'DIIS', history: history(6) },
    { name: 'damping', history: history(9) },
  ];
  const fig = compareRunsFigure(runs, { metrics: ['energyError', 'deltaE', 'rmsDeltaD'] });
  assert.is(fig.data.length, 9);
  for (const [m, axis] of [['', 'y'], ['2', 'y2'], ['3', 'y3']] as const) {
    const onAxis = fig.data.filter((t) => t['yaxis'] === axis);
    assert.equal(onAxis.map((t) => t['name']), ['plain', 'DIIS', 'damping']);
    assert.equal(onAxis.map((t) => (t['x'] as number[]).length), [12, 6, 9]);
    assert.is((fig.layout[`yaxis${m}`] as { type: string }).type, 'log');
  }
  assert.is(fig.data.filter((t) => t['showlegend'] === true).length, 3);
  const colours = new Set(fig.data.map((t) => (t['line'] as { color: string }).color));
  assert.is(colours.size, 3);
  // energyError without a reference uses the lowest final energy of the runs.
  const lowest = Math.min(...runs.map((r) => r.history[r.history.length - 1]!.energy));
  const first = fig.data[0]!['y'] as Array<number | null>;
  assert.ok(Math.abs(first[0]! - Math.abs(runs[0]!.history[0]!.energy - lowest)) < 1e-15);
});

test('compareRunsFigure refuses no runs and unusable records', () => {
  assert.throws(() => compareRunsFigure([]), /at least one run/);
  assert.throws(() => compareRunsFigure([{ name: 'x', history: [{ iteration: 1, energy: NaN }] }]), /runs\[0\]\.history\[0\]/);
});

test('the orbital level diagram draws every occupied and virtual level, degenerate levels side by side', () => {
  // Two degenerate occupied levels (−0.5), one lower occupied, two virtuals.
  const levels: OrbitalLevels = {
    orbitalEnergies: [Float64Array.from([-1.2, -0.5, -0.5 + 1e-6, 0.3, 0.7])],
    occupations: [Float64Array.from([2, 2, 2, 0, 0])],
  };
  const fig = orbitalLevelsFigure(levels);
  const occ = trace(fig, 'occupied'), virt = trace(fig, 'virtual');
  // Each level is a segment x0, x1 plus a null separator.
  assert.is((occ['x'] as unknown[]).length, 3 * 3);
  assert.is((virt['x'] as unknown[]).length, 2 * 3);
  const ox = occ['x'] as Array<number | null>, oy = occ['y'] as Array<number | null>;
  // The degenerate pair: same height (within tolerance), disjoint x ranges.
  const seg = (i: number): [number, number, number] => [ox[3 * i]!, ox[3 * i + 1]!, oy[3 * i]!];
  const [a0, a1, ay] = seg(1), [b0, b1, by] = seg(2);
  assert.ok(Math.abs(ay - by) < 1e-5);
  assert.ok(a1 <= b0 || b1 <= a0, 'degenerate levels do not overlap');
  assert.equal((trace(fig, 'occupation')['text'] as string[]), ['↑↓', '↑↓', '↑↓']);
  const hover = (occ['text'] as string[]).join(' ') + (virt['text'] as string[]).join(' ');
  assert.match(hover, /MO 3.*\(HOMO\)/);
  assert.match(hover, /MO 4 \(LUMO\)/);
});

test('UHF levels get α and β columns with single arrows, and eV and a window apply', () => {
  const fig = orbitalLevelsFigure(
    { orbitalEnergies: [[-0.6, -0.4, 0.2], [-0.55, 0.1, 0.25]], occupations: [[1, 1, 0], [1, 0, 0]] },
    { unit: 'eV', window: [-20, 10] },
  );
  assert.equal((fig.layout['xaxis'] as { ticktext: string[] }).ticktext, ['α', 'β']);
  assert.equal(trace(fig, 'occupation')['text'], ['↑', '↑', '↓']);
  const vy = (trace(fig, 'virtual')['y'] as Array<number | null>).filter((v): v is number => v !== null);
  // 0.25 Eh = 6.8 eV is inside the window; the α 0.2 Eh and β 0.1 Eh too: 3 virtual levels × 2 points.
  assert.is(vy.length, 6);
  assert.ok(vy.some((v) => Math.abs(v - 0.25 * HARTREE_IN_EV) < 1e-9));
  const narrow = orbitalLevelsFigure({ orbitalEnergies: [[-0.6, -0.4, 0.2]], occupations: [[1, 1, 0]] }, { unit: 'eV', window: [-12, 0] });
  assert.is((trace(narrow, 'occupied')['y'] as Array<number | null>).filter((v) => v !== null).length, 2, 'only −0.4 Eh = −10.9 eV is inside');
  assert.throws(() => orbitalLevelsFigure({ orbitalEnergies: [[1], [2], [3]] }), /one \(RHF\) or two \(UHF\)/);
  assert.throws(() => orbitalLevelsFigure({ orbitalEnergies: [[1, 2]], occupations: [[2]] }), /occupations\[0\]/);
});

test('deep core levels get a panel of their own under the valence levels', () => {
  const fig = orbitalLevelsFigure({ orbitalEnergies: [[-20.2, -1.25, -0.5, 0.6]], occupations: [[2, 2, 2, 0]] });
  assert.equal((fig.layout['yaxis'] as { domain: number[] }).domain, [0.3, 1]);
  assert.equal((fig.layout['yaxis2'] as { domain: number[] }).domain, [0, 0.2]);
  const core = fig.data.filter((t) => t['yaxis'] === 'y2' && t['name'] === 'occupied')[0]!;
  assert.equal((core['y'] as Array<number | null>).filter((v) => v !== null), [-20.2, -20.2]);
  const noSplit = orbitalLevelsFigure({ orbitalEnergies: [[-20.2, -1.25]], occupations: [[2, 2]] }, { coreCutoff: -30 });
  assert.is(noSplit.layout['yaxis2'], undefined);
});

test('iteration axes tick at whole iterations only: every one for short runs, a 1-2-5 step for long ones', () => {
  for (const [last, step] of [[1, 1], [3, 1], [10, 1], [11, 2], [42, 5], [120, 20], [400, 50]] as const) {
    const axis = iterationAxis(last);
    assert.equal([axis['tickmode'], axis['tick0'], axis['dtick'], axis['tickformat']], ['linear', 0, step, 'd'], `last iteration ${last}`);
  }
  // A 3-iteration convergence figure and comparison: ticks 0, 1, 2, 3 (no 1.5).
  assert.is((convergenceFigure(history(3)).layout['xaxis2'] as Record<string, unknown>)['dtick'], 1);
  assert.is((compareRunsFigure([{ name: 'a', history: history(3) }]).layout['xaxis2'] as Record<string, unknown>)['tickformat'], 'd');
});

test('log axes label powers of ten, at most about six of them, with the title clear of the tick labels', () => {
  assert.equal(logAxis('RMS ΔD', [1e-1, 1e-5]), { title: { text: 'RMS ΔD', standoff: 10 }, type: 'log', exponentformat: 'power', dtick: 1, automargin: true });
  // 1e-1 … 1e-13: 12 decades, a label every 2; zeros and gaps are ignored.
  assert.is(logAxis('x', [1e-1, null, 0, 1e-13])['dtick'], 2);
  const fig = compareRunsFigure([{ name: 'a', history: history(12) }], { metrics: ['energyError', 'deltaE'], referenceName: 'E_final' });
  const y = fig.layout['yaxis'] as { title: { text: string; standoff: number }; automargin: boolean; exponentformat: string };
  assert.is(y.title.text, '|E − E_final| / Eh');
  assert.ok(y.automargin && y.title.standoff > 0 && y.exponentformat === 'power');
  // The linear energy axis of convergenceFigure no longer prints 8 decimals.
  assert.is((convergenceFigure(history(3)).layout['yaxis'] as Record<string, unknown>)['tickformat'], '.6f');
});

test('HOMO and LUMO are labelled beside their column and close labels and marks are pushed apart, not stacked', () => {
  // Four occupied levels 0.01 Eh apart (a pixel or two at this scale) and a LUMO just above.
  const fig = orbitalLevelsFigure({ orbitalEnergies: [[-1.2, -0.43, -0.42, -0.41, -0.40, -0.39, 0.5]], occupations: [[2, 2, 2, 2, 2, 2, 0]] });
  const notes = fig.layout['annotations'] as Array<{ text: string; y: number; yshift: number; xanchor: string; x: number }>;
  assert.equal(notes.map((a) => a.text), ['HOMO −0.3900 Eh', 'LUMO 0.5000 Eh']);
  assert.ok(notes.every((a) => a.xanchor === 'left' && a.x > 0.8), 'right of the level lines (x 0 … 0.8)');
  // Pixel positions (Plotly's yshift is in pixels, up): no two labels within 15 px.
  const range = (fig.layout['yaxis'] as { range: [number, number] }).range;
  const pxPerEh = (550 - 150) / (range[1] - range[0]);
  const at = notes.map((a) => a.y * pxPerEh + a.yshift).sort((a, b) => a - b);
  for (let i = 1; i < at.length; i++) assert.ok(at[i]! - at[i - 1]! >= 15, `labels ${at[i - 1]} and ${at[i]} px`);
  // Every occupied level keeps its ↑↓ mark; the close ones sit side by side.
  const marks = trace(fig, 'occupation');
  const mx = marks['x'] as number[];
  assert.is(mx.length, 6);
  assert.ok(new Set(mx.slice(1).map((x) => x.toFixed(3))).size === 5, `x positions ${mx}`);
  // A UHF diagram labels each spin: α HOMO/LUMO and β HOMO/LUMO.
  const uhf = orbitalLevelsFigure({ orbitalEnergies: [[-0.6, -0.4, 0.2], [-0.55, 0.1, 0.25]], occupations: [[1, 1, 0], [1, 0, 0]] });
  assert.equal((uhf.layout['annotations'] as Array<{ text: string }>).map((a) => a.text.split(' ').slice(0, 2).join(' ')), ['HOMO α', 'LUMO α', 'HOMO β', 'LUMO β']);
});

test('a matrix heatmap keeps every element in row-major order with row 0 at the top and a colour scale centred on zero', () => {
  const M = fromArray([
    [1, -2, 3],
    [-2, 5, 0.5],
    [3, 0.5, -9],
  ]);
  const fig = matrixHeatmap(M, { title: 'F', unit: 'Eh', labels: ['O 1s', 'O 2s', 'H 1s'] });
  const h = fig.data[0]!;
  assert.is(h.type, 'heatmap');
  assert.equal(h['z'], [[1, -2, 3], [-2, 5, 0.5], [3, 0.5, -9]]);
  assert.equal(h['y'], ['O 1s', 'O 2s', 'H 1s']);
  assert.is(h['zmin'], -9);
  assert.is(h['zmax'], 9);
  assert.is(h['zmid'], 0);
  assert.is((fig.layout['yaxis'] as { autorange: string }).autorange, 'reversed');
  const rect = matrixHeatmap({ rows: 2, cols: 3, data: Float64Array.from([1, 2, 3, 4, 5, 6]) }, { scale: 'sequential' });
  assert.equal(rect.data[0]!['z'], [[1, 2, 3], [4, 5, 6]]);
  assert.equal(rect.data[0]!['x'], ['0', '1', '2']);
  assert.is(rect.data[0]!['zmid'], undefined);
  // Repeated labels (two 'H 1s') stay distinct rows.
  const dup = matrixHeatmap(fromArray([[1, 0], [0, 1]]), { labels: ['H 1s', 'H 1s'] });
  assert.equal(dup.data[0]!['y'], ['H 1s [0]', 'H 1s [1]']);
  assert.throws(() => matrixHeatmap({ rows: 2, cols: 2, data: new Float64Array(3) }), /not a matrix/);
  assert.throws(() => matrixHeatmap(M, { labels: ['a'] }), /labels has 1 entries for 3 rows/);
});

test('the molecule summary gives formula, electrons, nuclear repulsion and positions in ångström and bohr', () => {
  const water = parse('3\nwater\nO 0 0 0.117\nH 0 0.757 -0.467\nH 0 -0.757 -0.467\n', { format: 'xyz' });
  const s = moleculeSummary(water);
  assert.is(s.formula, 'H2O');
  assert.is(s.electrons, 10);
  assert.is(s.nalpha, 5);
  assert.is(s.nuclearRepulsion, water.nuclearRepulsionEnergy());
  assert.match(s.html, /<table/);
  assert.match(s.html, /0\.757000/); // ångström, as written
  assert.match(s.text, new RegExp((0.757 / 0.52917721067).toFixed(6))); // bohr
  assert.match(s.text, new RegExp(water.nuclearRepulsionEnergy().toFixed(10)));
});

test('the builders accept the SCF module\'s records and result as they are (Crawford water/STO-3G)', () => {
  const dir = path.join(referenceDir, 'matrices', 'h2o_sto3g');
  const m = (name: string) => {
    const a = readNpy(path.join(dir, `${name}.npy`));
    return { rows: a.shape[0]!, cols: a.shape[1]!, data: a.data };
  };
  const S = m('overlap');
  const eri = readNpy(path.join(dir, 'eri.npy'));
  const records: ScfIteration[] = [];
  const result: ScfResult = run(
    { overlap: S, coreHamiltonian: add(m('kinetic'), m('potential')), jk: fullTensorJK(eri.data, 7), nuclearRepulsion: 8.00236706181077, nalpha: 5, nbeta: 5 },
    { guess: 'core' },
    (r) => void records.push(r),
  );
  assert.ok(result.converged);
  const conv = convergenceFigure(records);
  assert.is((conv.data[0]!['y'] as number[]).length, result.iterations);
  const orbitals = orbitalLevelsFigure(result);
  // O 1s (−20.2 Eh) goes to the core panel; the four valence pairs stay on top.
  const marks = orbitals.data.filter((t) => t['name'] === 'occupation');
  assert.equal(marks.map((t) => [t['yaxis'], (t['text'] as string[]).length]), [['y', 4], ['y2', 1]]);
  const valence = orbitals.data.filter((t) => t['yaxis'] === 'y' && t['name'] === 'virtual')[0]!;
  assert.is((valence['y'] as Array<number | null>).filter((v) => v !== null).length, 2 * 2, 'two virtual orbitals');
  const heat = matrixHeatmap(records[records.length - 1]!.fock[0]!, { title: 'F' });
  assert.is((heat.data[0]!['z'] as number[][]).length, 7);
  // Plain JSON all the way: no typed arrays or functions survive into the figures.
  for (const fig of [conv, orbitals, heat]) assert.equal(JSON.parse(JSON.stringify(fig)), fig);
});

test.run();
