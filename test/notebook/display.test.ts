import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import {
  PLOTLY_MIME_TYPE,
  figureBundle,
  figureHtml,
  scriptJson,
  inlineScriptSource,
  plotlySource,
  displayFigure,
  loadPlotly,
  resetPlotlyLoaded,
  display,
  setDisplaySink,
  tslabSink,
  IterationTable,
  watchScf,
  moleculeBundle,
  convergenceFigure,
  type IterationRow,
} from '../../src/notebook';
import { RoothaanError } from '../../src/errors';
import { fromAtoms } from '../../src/geometry';
import { externalUrls, recorder, repoRoot } from './helpers';

const figure = convergenceFigure([
  { iteration: 1, energy: -1, deltaE: NaN, rmsDeltaD: 1e-2, diisError: 1e-2 },
  { iteration: 2, energy: -1.1, deltaE: -0.1, rmsDeltaD: 1e-4, diisError: 1e-5 },
]);

test('the figure bundle holds the Plotly JSON, an HTML rendering, a static SVG image and text, with no network script', () => {
  const bundle = figureBundle(figure);
  assert.equal(Object.keys(bundle), [PLOTLY_MIME_TYPE, 'text/html', 'image/svg+xml', 'text/plain']);
  assert.equal(bundle[PLOTLY_MIME_TYPE], JSON.parse(JSON.stringify({ data: figure.data, layout: figure.layout })));
  const html = bundle['text/html'] as string;
  assert.match(html, /<div id="roothaan-plot-[0-9a-f]+" class="roothaan-plot"/);
  assert.match(html, /Plotly\.newPlot/);
  assert.match(html, /if \(!window\.Plotly\)/);
  assert.ok(html.includes(plotlySource()), 'plotly.js is inlined');
  assert.equal(externalUrls(html), []);
  assert.not.match(html, /<script[^>]+src=/i);
  assert.match(bundle['image/svg+xml'] as string, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(bundle['text/plain'] as string, /^Figure: SCF convergence \(4 traces\)\n {2}E \(Eh\): 2 points/);
});

test('the HTML shows the static image and the text summary until the script draws, and the script shares one plotly.js load per page', () => {
  const html = figureHtml(figure, { includePlotly: false, id: 'fig-1', kernelName: 'roothaan-x' });
  assert.ok(html.length < 30_000, `${html.length} bytes`);
  assert.match(html, /getElementById\(id \+ suffix\)/);
  assert.match(html, /var id = "fig-1", kernel = "roothaan-x", file = "plotly-[0-9.]+\.min\.js"/);
  assert.not.match(html, /if \(!window\.Plotly\)/);
  // The plot div starts hidden; the static image (the same SVG as the bundle's) and the summary are visible.
  assert.match(html, /<div id="fig-1" class="roothaan-plot" style="display:none;/);
  const img = /<img src="data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)" alt="([^"]*)"/.exec(html);
  assert.ok(img, 'a data-URI image');
  assert.is(Buffer.from(img![1]!, 'base64').toString('utf8'), figureBundle(figure)['image/svg+xml']);
  assert.match(img![2]!, /^Figure: SCF convergence \(4 traces\); E \(Eh\): 2 points/);
  // One line per trace, kept apart by <br> (an untrusted output loses its styles).
  assert.match(html, /<div id="fig-1-note" class="roothaan-note"[^>]*>Figure: SCF convergence \(4 traces\)<br> {2}E \(Eh\): 2 points/);
  // One plotly.js per page, loaded from the kernel's folder on the Jupyter server.
  assert.match(html, /w\.__roothaanPlotly = new Promise/);
  assert.match(html, /'kernelspecs\/' \+ encodeURIComponent\(name\)/);
});

test('text in figures cannot close the script element', () => {
  assert.is(scriptJson({ t: '</script><script>alert(1)</script>' }).includes('</script'), false);
  assert.equal(JSON.parse(scriptJson({ t: '</script> & <!--' })), { t: '</script> & <!--' });
  assert.equal(JSON.parse(scriptJson({ a: Float64Array.from([1.5, 2]) })), { a: [1.5, 2] });
  const html = figureHtml({ data: [], layout: { title: { text: '</script><b>x</b>' } } }, { includePlotly: false });
  assert.is(html.match(/<\/script>/g)!.length, 1, 'only the element’s own closing tag');
  assert.is(inlineScriptSource('a = "</SCRIPT>"; b = "<!--";'), 'a = "<\\/SCRIPT>"; b = "<\\!--";');
  assert.not.match(plotlySource(), /<\/script/i);
});

test('displayFigure never carries plotly.js unless asked, and loadPlotly sends it on every call (the kernel does not remember pages)', () => {
  const sink = recorder();
  displayFigure(figure, { sink });
  displayFigure(figure, { sink, includePlotly: 'once' });
  displayFigure(figure, { sink, includePlotly: true });
  const sizes = sink.shown.map((s) => (s.bundle['text/html'] as string).length);
  assert.ok(sizes[0]! < 30_000 && sizes[1]! < 30_000 && sizes[2]! > 1_000_000, sizes.join(','));
  assert.ok(sink.shown.every((s) => PLOTLY_MIME_TYPE in s.bundle && 'image/svg+xml' in s.bundle));
  loadPlotly({ sink });
  resetPlotlyLoaded();
  loadPlotly({ sink });
  assert.is(sink.shown.length, 5, 'sent twice');
  for (const s of sink.shown.slice(3)) assert.match(s.bundle['text/html'] as string, /^<script type="text\/javascript">\nif \(!window\.Plotly\)/);
});

test('outside a kernel, displaying without a sink is a RoothaanError that says what to do', () => {
  assert.is(tslabSink(), undefined);
  try {
    display({ 'text/plain': 'x' });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, RoothaanError);
    assert.is((error as RoothaanError).code, 'NO_DISPLAY');
    assert.match((error as Error).message, /roothaan kernel install/);
  }
  const sink = recorder();
  const previous = setDisplaySink(sink);
  display({ 'text/plain': 'via the default sink' });
  setDisplaySink(previous);
  assert.is(sink.shown.length, 1);
});

test('with intervalMs the iteration table holds rows back between refreshes and shows them on flush and finish', () => {
  const sink = recorder();
  const table = new IterationTable({ sink, intervalMs: 60_000 });
  for (let k = 1; k <= 5; k++) table.add({ iteration: k, energy: -1 - k * 1e-3 });
  assert.is(sink.shown.length, 1, 'shown at the first row');
  assert.is(sink.updates.length, 0, 'the next four rows wait for the interval');
  table.flush();
  assert.is(sink.updates.length, 1);
  assert.match(sink.updates[0]!.bundle['text/plain'] as string, /running… \(5 iterations\)/);
  table.flush();
  assert.is(sink.updates.length, 1, 'nothing held back: no refresh');
  table.finish({ converged: true, energy: -1.005, iterations: 5 });
  assert.is(sink.updates.length, 2);
});

test('the iteration table is displayed once and then updated in place under the same display id', () => {
  const sink = recorder();
  const table = new IterationTable({ sink, title: 'water' });
  const rows: IterationRow[] = [
    { iteration: 1, energy: -74.9, deltaE: NaN, rmsDeltaD: 0.1, diisError: 0.2, diisVectors: 0, levelShift: 0, converged: false, timings: { totalMs: 1.25 } },
    { iteration: 2, energy: -74.94, deltaE: -0.04, rmsDeltaD: 1e-3, diisError: 2e-3, diisVectors: 2, levelShift: 0.5, converged: false, timings: { totalMs: 1 } },
    { iteration: 3, energy: -74.942, deltaE: -0.002, rmsDeltaD: 1e-9, diisError: 1e-9, diisVectors: 3, converged: true },
  ];
  for (const r of rows) table.add(r);
  assert.is(sink.shown.length, 1);
  assert.is(sink.shown[0]!.displayId, table.displayId);
  assert.is(sink.updates.length, 2);
  assert.ok(sink.updates.every((u) => u.displayId === table.displayId));
  table.finish({ converged: true, energy: -74.942, iterations: 3 });
  const last = sink.updates[sink.updates.length - 1]!.bundle;
  const text = last['text/plain'] as string;
  assert.is(text.split('\n').filter((l) => /^\s+\d/.test(l)).length, 3);
  assert.match(text, /converged in 3 iterations: E = -74\.942000000000 Eh/);
  assert.match(text, /3 ✓/);
  assert.match(last['text/html'] as string, /<table class="roothaan-table"/);
  assert.match(last['text/html'] as string, /<caption[^>]*>water<\/caption>/);
  assert.match(text, /0\.500/); // the level shift column
});

test('a long run shows the first and the latest rows', () => {
  const table = new IterationTable({ display: false, maxRows: 10 });
  for (let k = 1; k <= 50; k++) table.add({ iteration: k, energy: -1 - k });
  const lines = table.text().split('\n');
  assert.ok(lines.some((l) => /…\s+41 more/.test(l)), table.text());
  assert.ok(lines.some((l) => /^\s+50\s/.test(l)));
  assert.not.ok(lines.some((l) => /^\s+20\s/.test(l)));
  assert.is(table.rows.length, 50);
});

test('watchScf drives a generator, passes control changes back, and shows the outcome', async () => {
  const received: Array<unknown> = [];
  function* fakeScf(): Generator<IterationRow, { converged: boolean; energy: number; iterations: number }, { damping?: number } | undefined> {
    for (let k = 1; k <= 4; k++) {
      const changes = yield { iteration: k, energy: -2 + 10 ** -k, deltaE: -(10 ** -k), rmsDeltaD: 10 ** -k, diisError: 10 ** -k };
      received.push(changes);
    }
    return { converged: false, energy: -1.9999, iterations: 4 };
  }
  const sink = recorder();
  // intervalMs 0: a refresh at every row (watchScf's default is at most every 100 ms; this fake SCF takes microseconds).
  const watched = await watchScf(fakeScf(), { sink, intervalMs: 0, onIteration: (r) => (r.iteration === 2 ? { damping: 0.3 } : undefined) });
  assert.equal(received, [undefined, { damping: 0.3 }, undefined, undefined]);
  assert.is(watched.records.length, 4);
  assert.is(watched.result.iterations, 4);
  assert.is(sink.shown.length, 1);
  assert.is(sink.updates.length, 4, '3 more rows and the outcome');
  assert.match(sink.updates[3]!.bundle['text/plain'] as string, /not converged after 4 iterations/);
});

test('the molecule bundle has HTML and text', () => {
  const h2 = fromAtoms([['H', 0, 0, 0], ['H', 0, 0, 0.74]]);
  const bundle = moleculeBundle(h2);
  assert.equal(Object.keys(bundle), ['text/html', 'text/plain']);
  assert.match(bundle['text/plain'] as string, /H2/);
});

test('loading the notebook module does not load tslab, and the package still loads outside a kernel', () => {
  const script = `
    require('tsx/cjs');
    const nb = require(${JSON.stringify(path.join(repoRoot, 'src', 'notebook'))});
    const loaded = Object.keys(require.cache).filter((f) => /[\\\\/]tslab[\\\\/]/.test(f));
    process.stdout.write(JSON.stringify({ loaded, sink: nb.tslabSink() === undefined, fig: typeof nb.convergenceFigure }));
  `;
  const out = spawnSync(process.execPath, ['-e', script], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
  assert.is(out.status, 0, out.stderr);
  assert.equal(JSON.parse(out.stdout), { loaded: [], sink: true, fig: 'function' });
});

test.run();
