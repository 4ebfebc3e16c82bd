/**
 * The committed notebooks in a real browser (issue #13): a Notebook 6 server with this checkout's
 * kernel, driven through Debian's Chromium as a user would.
 *
 * For each notebook, one tab goes through what used to leave figures blank:
 * 1. opened fresh, untrusted (the committed file is not signed by this server): every figure shows
 *    its static image and text, none is an empty box;
 * 2. File ▸ Trust: the page reloads and the saved figures draw;
 * 3. Cell ▸ Run All: no cell errors, every figure drawn;
 * 4. reload the tab (kernel still running) and Run All again: drawn (the kernel used to think
 *    plotly.js was already on the page);
 * 5. save and reopen: drawn.
 * "Drawn" means Plotly made its SVG and the figure's screenshot has ink (non-white pixels); 3D
 * views (3Dmol's WebGL canvas) count as figures too. A last test interrupts a running watchScf
 * through Kernel ▸ Interrupt.
 * Cell timings and figure render times are printed at the end; screenshots go to a temporary
 * folder (printed).
 *
 * One server and one browser for the whole file.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PLOTLY_MIME_TYPE } from '../../src/notebook';
import { IN_CI, repoRoot } from '../notebook/helpers';
import { NOTEBOOK_PYTHON, startNotebookServer, type NotebookServer } from '../helpers/notebook-server';
import { SYSTEM_CHROMIUM, launchNotebookBrowser, type FigureState, type NotebookBrowser, type NotebookTab } from '../helpers/notebook-browser';

const notebookDir = path.join(repoRoot, 'notebooks');
// ROOTHAAN_NOTEBOOKS=<regex> limits the run to some notebooks (while working on one).
const only = new RegExp(process.env['ROOTHAAN_NOTEBOOKS'] ?? '');
const notebooks = fs.existsSync(notebookDir) ? fs.readdirSync(notebookDir).filter((f) => f.endsWith('.ipynb') && only.test(f)).sort() : [];

const hasNotebookServer = fs.existsSync(NOTEBOOK_PYTHON) && spawnSync(NOTEBOOK_PYTHON, ['-c', 'import notebook'], { encoding: 'utf8' }).status === 0;
const built = fs.existsSync(path.join(repoRoot, 'dist', 'index.js'));
// In CI every tool must be there: a missing one fails instead of skipping.
const canRun = (hasNotebookServer && SYSTEM_CHROMIUM !== undefined && built) || IN_CI;
const withBrowser = canRun ? test : test.skip;

/** Figure outputs (the Plotly MIME type) of a committed notebook. */
function committedFigures(name: string): number {
  const nb = JSON.parse(fs.readFileSync(path.join(notebookDir, name), 'utf8')) as { cells: Array<{ outputs?: Array<{ data?: Record<string, unknown> }> }> };
  return nb.cells.reduce((n, c) => n + (c.outputs ?? []).filter((o) => o.data !== undefined && PLOTLY_MIME_TYPE in o.data).length, 0);
}

let server: NotebookServer | undefined;
let browser: NotebookBrowser | undefined;
const report: string[] = [];
// uvu does not report an error thrown in a hook: keep it and fail every test with it.
let setupError: unknown;

test.before(async () => {
  if (!canRun) return;
  try {
    await setUp();
  } catch (error) {
    setupError = error;
  }
});

async function setUp(): Promise<void> {
  assert.ok(hasNotebookServer, `Debian's notebook is installed (${NOTEBOOK_PYTHON} -m notebook; apt-get install jupyter-notebook)`);
  assert.ok(SYSTEM_CHROMIUM, 'Debian chromium is installed');
  assert.ok(built, 'the package is built (npm run build): the kernel loads dist/');
  server = await startNotebookServer();
  browser = await launchNotebookBrowser(server);
}

test.after(async () => {
  await browser?.close();
  await server?.stop();
  if (report.length > 0) process.stdout.write(`\nbrowser timings (ms):\n${report.join('\n')}\n`);
});

const describe = (figures: FigureState[]): string =>
  figures.map((f) => `cell ${f.cell + 1}: ${f.drawn ? 'drawn' : 'NOT drawn'} (${f.inkPixels} px)${f.drawn ? '' : ` ${f.note.split('\n').pop()}`}`).join('\n');

async function assertDrawn(tab: NotebookTab, expected: number, when: string): Promise<FigureState[]> {
  const figures = await tab.figures();
  const shot = await tab.screenshot(`${tab.name}-${when}`);
  assert.is(figures.filter((f) => !f.drawn).length, 0, `${tab.name} ${when}: every figure drawn (screenshot ${shot}):\n${describe(figures)}`);
  assert.ok(figures.length >= expected, `${tab.name} ${when}: ${figures.length} figures, the committed notebook has ${expected}`);
  return figures;
}

for (const name of notebooks) {
  withBrowser(`${name} in Notebook 6: untrusted it shows static figures, and trusted, run, reloaded and rerun, saved and reopened, every figure draws`, async () => {
    if (setupError !== undefined) throw setupError;
    const expected = committedFigures(name);
    fs.copyFileSync(path.join(notebookDir, name), path.join(server!.root, name));
    const tab = await browser!.open(name);
    try {
      // 1. Untrusted: the committed outputs' scripts do not run; the static image and text show instead.
      assert.is(await tab.trusted(), false, 'a committed notebook is not trusted by a fresh server');
      const untrusted = await tab.figures(1000);
      await tab.screenshot(`${name}-untrusted`);
      assert.is(untrusted.length, expected, 'every committed figure is on the page');
      for (const f of untrusted) {
        assert.ok(f.fallbackVisible, `cell ${f.cell + 1}: the static image and its text are visible`);
        assert.ok(!f.drawn, 'no script ran');
        assert.match(f.note, /^Figure/, 'the text summary');
      }
      // 2. File ▸ Trust reloads the page; the saved figures now draw.
      await tab.trust();
      assert.is(await tab.trusted(), true);
      await assertDrawn(tab, expected, 'trusted');
      // 3. Run All.
      let started = Date.now();
      await tab.runAll();
      await tab.waitIdle();
      const runMs = Date.now() - started;
      assert.equal(await tab.cellErrors(), []);
      const firstRun = await assertDrawn(tab, expected, 'run-all');
      const timings = await tab.timings();
      // 4. Reload the tab with the kernel still running, and run everything again.
      await tab.reload();
      await assertDrawn(tab, expected, 'reloaded');
      started = Date.now();
      await tab.runAll();
      await tab.waitIdle();
      const rerunMs = Date.now() - started;
      assert.equal(await tab.cellErrors(), []);
      const rerun = await assertDrawn(tab, expected, 'reloaded-rerun');
      // 5. Save, close the tab, open it again.
      await tab.save();
      await tab.reopen();
      assert.is(await tab.trusted(), true, 'saved by this server: trusted');
      await assertDrawn(tab, expected, 'reopened');
      assert.equal(browser!.blocked, [], 'no request left the notebook server');
      const render = (fs_: FigureState[]): string => fs_.map((f) => f.renderMs ?? '?').join(', ');
      report.push(
        `${name}: Run All ${runMs}, rerun after reload ${rerunMs}; cells [${timings.map((t) => `${t.cell + 1}: ${Math.round(t.ms)}`).join(', ')}]; ` +
          `figure render after Run All [${render(firstRun)}], after reload [${render(rerun)}]`,
      );
    } finally {
      await tab.close();
    }
  });
}

/** A notebook of code cells for the project kernel, no outputs. */
function notebookJson(cells: string[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'roothaan', display_name: 'TypeScript (roothaan)', language: 'typescript' } },
    cells: cells.map((source, i) => ({ cell_type: 'code', id: `c${i}`, metadata: {}, execution_count: null, outputs: [], source })),
  });
}

withBrowser('without notebook.loadPlotly(), figures load plotly.js from the kernel folder on the server, once per page, and draw again after a reload', async () => {
  if (setupError !== undefined) throw setupError;
  const name = 'no-load-plotly.ipynb';
  const history = '[1, 2, 3, 4].map((k) => ({ iteration: k, energy: -1 - 10 ** -k, deltaE: 10 ** -k, rmsDeltaD: 10 ** -k, diisError: 10 ** -k }))';
  fs.writeFileSync(
    path.join(server!.root, name),
    notebookJson([
      `import { notebook } from 'roothaan';\nnotebook.displayFigure(notebook.convergenceFigure(${history}));`,
      `notebook.displayFigure(notebook.convergenceFigure(${history}, { title: 'again' }));`,
    ]),
  );
  const plotlyRequests = (): string[] => browser!.requested.filter((u) => /\/kernelspecs\/roothaan\/plotly-[0-9.]+\.min\.js/.test(u));
  const before = plotlyRequests().length;
  const tab = await browser!.open(name);
  try {
    await tab.runAll();
    await tab.waitIdle();
    assert.equal(await tab.cellErrors(), []);
    const figures = await assertDrawn(tab, 2, 'from-kernel-folder');
    assert.is(figures.length, 2);
    assert.is(plotlyRequests().length - before, 1, 'one plotly.js request for the two figures of the page');
    await tab.save();
    await tab.reload();
    await assertDrawn(tab, 2, 'from-kernel-folder-reloaded');
    assert.is(plotlyRequests().length - before, 2, 'and one more for the reloaded page');
    assert.equal(browser!.blocked, []);
  } finally {
    await tab.close();
  }
});

/** Runs code cell `index` (0-based among code cells) through the front end, as Shift-Enter on it would. */
async function runCell(tab: NotebookTab, index: number): Promise<void> {
  await tab.page.evaluate((i) => {
    const nb = (window as unknown as { Jupyter: { notebook: { get_cells(): Array<{ cell_type: string }>; execute_cells(ix: number[]): void } } }).Jupyter.notebook;
    const all = nb.get_cells();
    const codeIndex = all.map((c, k) => (c.cell_type === 'code' ? k : -1)).filter((k) => k >= 0)[i]!;
    nb.execute_cells([codeIndex]);
  }, index);
}

/** The stdout text of code cell `index` as the page shows it. */
async function cellStdout(tab: NotebookTab, index: number): Promise<string> {
  return await tab.page.evaluate((i) => {
    const nb = (window as unknown as { Jupyter: { notebook: { get_cells(): Array<{ cell_type: string; output_area?: { outputs: Array<{ output_type: string; name?: string; text?: string }> } }> } } }).Jupyter.notebook;
    const cell = nb.get_cells().filter((c) => c.cell_type === 'code')[i]!;
    return (cell.output_area?.outputs ?? []).filter((o) => o.output_type === 'stream' && o.name === 'stdout').map((o) => String(o.text)).join('');
  }, index);
}

withBrowser('Kernel ▸ Interrupt through the menu stops a running watchScf within a second of reaching the kernel; no iteration a second later; the next cell runs', async () => {
  if (setupError !== undefined) throw setupError;
  const name = 'interrupt.ipynb';
  const water = '3\\nwater\\nO 0 0 0.117\\nH 0 0.757 -0.467\\nH 0 -0.757 -0.467\\n';
  fs.writeFileSync(
    path.join(server!.root, name),
    notebookJson([
      [
        "import { scf, geometry, notebook } from 'roothaan';",
        'const g: any = globalThis;',
        `const water = geometry.parse('${water}', { format: 'xyz' });`,
        // Thresholds no run can meet: it would iterate for minutes.
        "const endless = scf.prepareCalculation(water, scf.parseScfParameters({ basis_set: 'cc-pVDZ', use_diis: false, max_iteration: 10000, convergence: { energy: 1e-300, density: 1e-300 } }), { threads: 1 });",
        'g.__iters = 0;',
      ].join('\n'),
      [
        // Each iteration held to at least 20 ms (water/cc-pVDZ alone takes a few): a run slow enough to want stopping, not a flood of hundreds of table and figure updates a second.
        "g.__done = notebook.watchScf(endless, { onIteration: async (r) => { g.__iters = r.iteration; g.__lastAt = Date.now(); await new Promise((res) => setTimeout(res, 20)); } }).then(() => { g.__err = 'finished'; }, (e) => { g.__err = e.code + ': ' + e.message; });",
        'await g.__done;',
      ].join('\n'),
      [
        'const a = g.__iters;',
        'await new Promise((r) => setTimeout(r, 1000));',
        "console.log(JSON.stringify({ a, b: g.__iters, err: g.__err, lastAt: g.__lastAt, sigintAt: g[Symbol.for('roothaan.kernel')].lastInterruptAt }));",
      ].join('\n'),
    ]),
  );
  const tab = await browser!.open(name);
  try {
    await runCell(tab, 0);
    await tab.waitIdle();
    assert.equal(await tab.cellErrors(), []);
    await runCell(tab, 1);
    // Wait for the live table to show 10 iterations (the SCF is running), then interrupt from the menu.
    await tab.page.waitForFunction(() => (document.querySelectorAll('.code_cell')[1]?.querySelectorAll('.output_area .roothaan-table tbody tr').length ?? 0) >= 10, undefined, { timeout: 120_000, polling: 100 });
    let requestAt = NaN;
    tab.page.on('request', (r) => {
      if (/\/api\/kernels\/[^/]+\/interrupt/.test(r.url()) && Number.isNaN(requestAt)) requestAt = Date.now();
    });
    const clickedAt = Date.now();
    await tab.interrupt();
    const clickDoneAt = Date.now();
    await tab.waitIdle(60_000);
    await tab.screenshot('interrupt-after');
    await runCell(tab, 2);
    await tab.waitIdle(60_000);
    const after = JSON.parse(await cellStdout(tab, 2)) as { a: number; b: number; err: string; lastAt: number; sigintAt: number };
    assert.ok(after.a >= 10, `the SCF ran (${after.a} iterations)`);
    assert.is(after.b, after.a, 'the iteration count stopped growing');
    assert.match(after.err, /^INTERRUPTED: the SCF was interrupted after iteration \d+$/);
    // The SCF stops within a second of the interrupt reaching the kernel (its SIGINT, which the
    // preload records): no iteration ends later than that.
    assert.ok(Number.isFinite(after.sigintAt), 'the kernel got SIGINT');
    assert.ok(after.lastAt - after.sigintAt < 1000, `last iteration ${after.lastAt - after.sigintAt} ms after SIGINT`);
    // From the click on: headless Chromium on a software renderer takes seconds to act on the menu
    // while the live table and figure redraw; the server relays in milliseconds. Bounded, and
    // reported: 18.4 s seen once with both cores of a 2-core machine busy with other work.
    assert.ok(after.lastAt - clickedAt < 30_000, `last iteration ${after.lastAt - clickedAt} ms after the click`);
    const timing = `click ${clickDoneAt - clickedAt} ms, click→request ${requestAt - clickedAt} ms, request→SIGINT ${after.sigintAt - requestAt} ms, SIGINT→last iteration ${after.lastAt - after.sigintAt} ms`;
    report.push(`interrupt: ${after.a} iterations; ${timing}`);
  } finally {
    await tab.close();
  }
});

test.run();
