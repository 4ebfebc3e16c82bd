import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as scf from '../../src/scf';
import { parse } from '../../src/geometry';
import { ScfInterruptedError } from '../../src/errors';
import { controlChanges, liveConvergenceFigure, LiveConvergence, watchScf, PLOTLY_MIME_TYPE, resetPlotlyLoaded } from '../../src/notebook';
import { recorder } from './helpers';

/*
 * The live convergence figure: control changes marked, thresholds drawn, integer iteration
 * ticks, |E − E_final| on a log axis at the end; in watchScf shown once and updated in place,
 * throttled.
 */

const water = parse('3\nwater\nO 0 0 0.117\nH 0 0.757 -0.467\nH 0 -0.757 -0.467\n', { format: 'xyz' });

type Layout = { shapes: Array<{ x0: number; yref: string; y0: number; line: { dash: string } }>; annotations: Array<{ text: string; x: number }>; yaxis: { type?: string; title: { text: string } }; xaxis2: { tickformat: string; tickmode: string } };

test('controlChanges marks damping, level shift, accelerator and SOSCF changes, and nothing for bare records', () => {
  const base = { energy: -1, damping: 0, levelShift: 0.5, accelerator: 'none', step: 'roothaan' };
  const marks = controlChanges([
    { iteration: 1, ...base },
    { iteration: 2, ...base, accelerator: 'cdiis', step: 'diis' },
    { iteration: 3, ...base, accelerator: 'cdiis', step: 'diis', damping: 0.3 },
    { iteration: 4, ...base, accelerator: 'cdiis', step: 'diis', damping: 0.3, levelShift: 0 },
    { iteration: 5, ...base, accelerator: 'none', step: 'soscf', damping: 0, levelShift: 0 },
  ]);
  assert.equal(marks, [
    { iteration: 2, text: 'none → cdiis' },
    { iteration: 3, text: 'damping 0 → 0.3' },
    { iteration: 4, text: 'level shift off' },
    { iteration: 5, text: 'damping 0.3 → 0, cdiis → none, SOSCF on' },
  ]);
  assert.equal(controlChanges([{ iteration: 1, energy: -1 }, { iteration: 2, energy: -2 }]), []);
});

test('a real run with damping changed mid-run: the mark sits before that iteration, thresholds drawn, integer ticks, |E − E_final| on a log axis', () => {
  const prepared = scf.prepareCalculation(water, scf.parseScfParameters({ basis_set: 'STO-3G', use_diis: false }), { threads: 1 });
  try {
    const records: scf.ScfIteration[] = [];
    const result = scf.run(prepared, {}, (r) => { records.push(r); return r.iteration === 4 ? { damping: 0.3 } : undefined; });
    assert.is(records[3]!.damping, 0);
    assert.is(records[4]!.damping, 0.3, 'the record carries the damping used');
    const thresholds = { energy: 1e-10, density: 1e-8 };
    const running = liveConvergenceFigure(records, { thresholds }).layout as unknown as Layout;
    const marks = running.shapes.filter((s) => s.yref === 'paper');
    assert.equal(marks.map((s) => s.x0), [4.5]);
    assert.equal(running.annotations.map((a) => a.text), ['damping 0 → 0.3']);
    assert.equal(running.shapes.filter((s) => s.yref === 'y2').map((s) => s.y0), [1e-10, 1e-8], 'both thresholds');
    assert.is(running.xaxis2.tickformat, 'd');
    assert.is(running.yaxis.title.text, 'E / Eh', 'E itself while the final energy is unknown');
    const done = liveConvergenceFigure(records, { thresholds }, result.energy);
    const layout = done.layout as unknown as Layout;
    assert.is(layout.yaxis.type, 'log');
    assert.is(layout.yaxis.title.text, '|E − E_final| / Eh');
    const top = done.data[0]!['y'] as Array<number | null>;
    records.forEach((r, k) => {
      const expected = Math.abs(r.energy - result.energy);
      if (expected === 0) assert.is(top[k], null);
      else assert.is(top[k], expected);
    });
  } finally {
    prepared.dispose();
  }
});

test('LiveConvergence draws at the first record, then at most every intervalMs, and always at the end', () => {
  resetPlotlyLoaded();
  const sink = recorder();
  const live = new LiveConvergence({ sink, intervalMs: 60_000 });
  for (let k = 1; k <= 20; k++) live.add({ iteration: k, energy: -1 - 1e-3 * (1 - 2 ** -k), deltaE: -(2 ** -k), rmsDeltaD: 2 ** -k });
  assert.is(live.draws, 1, 'throttled');
  live.finish(-1.001);
  assert.is(live.draws, 2);
  // One output, the figure, shown and updated by one display id; never a copy of plotly.js (its
  // loader finds the page's or the kernel folder's), so a notebook with live figures stays small.
  assert.is(sink.shown.length, 1);
  const figureOut = sink.shown[0]!;
  assert.not.match(figureOut.bundle['text/html'] as string, /if \(!window\.Plotly\)/);
  assert.is(figureOut.displayId, live.displayId);
  assert.ok(PLOTLY_MIME_TYPE in figureOut.bundle);
  assert.is(sink.updates.length, 1);
  assert.is(sink.updates[0]!.displayId, live.displayId);
  assert.not.match(sink.updates[0]!.bundle['text/html'] as string, /if \(!window\.Plotly\)/);
  const final = sink.updates[0]!.bundle[PLOTLY_MIME_TYPE] as { data: Array<{ x: number[] }> };
  assert.is(final.data[0]!.x.length, 20);
});

test('watchScf on a prepared calculation shows the live figure by default, updated in place; an interrupt draws what ran', async () => {
  resetPlotlyLoaded();
  const prepared = scf.prepareCalculation(water, scf.parseScfParameters({ basis_set: 'STO-3G', convergence: { energy: 1e-9 } }), { threads: 1 });
  try {
    const sink = recorder();
    const watched = await watchScf(prepared, { sink, figure: { intervalMs: 0 } });
    assert.ok(watched.figure, 'a figure was shown');
    const n = watched.records.length;
    assert.is(watched.figure!.draws, n + 1, 'every record (interval 0) and the end');
    const updates = sink.updates.filter((u) => u.displayId === watched.figure!.displayId);
    assert.is(updates.length, n);
    const last = updates[n - 1]!.bundle[PLOTLY_MIME_TYPE] as { layout: { shapes: Array<{ y0: number; yref: string }> } };
    assert.equal(last.layout.shapes.filter((s) => s.yref === 'y2').map((s) => s.y0), [1e-9, 1e-8], 'the prepared thresholds (energy from the parameters, density the default)');
    // A generator: no figure unless asked for.
    const plain = await watchScf(scf.iterate(prepared), { sink: recorder() });
    assert.is(plain.figure, undefined);
    // Interrupted: the figure shows the iterations that ran.
    const controller = new AbortController();
    const stopped = recorder();
    let error: unknown;
    try {
      await watchScf(prepared, { sink: stopped, signal: controller.signal, figure: { intervalMs: 60_000 }, onIteration: (r) => { if (r.iteration === 3) controller.abort(); } });
    } catch (e) {
      error = e;
    }
    assert.instance(error, ScfInterruptedError);
    const figureUpdates = stopped.updates.filter((u) => PLOTLY_MIME_TYPE in u.bundle);
    assert.is(figureUpdates.length, 1, 'one flush after the interrupt');
    assert.is((figureUpdates[0]!.bundle[PLOTLY_MIME_TYPE] as { data: Array<{ x: number[] }> }).data[0]!.x.length, 3);
  } finally {
    prepared.dispose();
  }
});

test.run();
