/**
 * The notebooks in notebooks/: the committed files read well on a code host (executed, outputs
 * kept, no errors, plotly.js inlined once), and each one runs headless with the project's kernel
 * (jupyter nbconvert --execute, as scripts/run-notebooks.ts does) without a cell error. Every
 * notebook ends by checking its own results and throws when a check fails, so a run without
 * errors means its numbers were right too.
 *
 * The runs execute temporary copies outside the repository: the committed files are never
 * rewritten (regenerate them with `npx tsx scripts/run-notebooks.ts --write`).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findJupyter, installKernel, PLOTLY_MIME_TYPE } from '../../src/notebook';
import { CHROMIUM, IN_CI, NBCONVERT, countRenderedPlots, renderInChromium, repoRoot } from '../notebook/helpers';

const notebookDir = path.join(repoRoot, 'notebooks');
const notebooks = fs.existsSync(notebookDir) ? fs.readdirSync(notebookDir).filter((f) => f.endsWith('.ipynb')).sort() : [];

/** A committed notebook larger than this needs attention (plotly.js alone is ~4.8 MB). */
const MAX_NOTEBOOK_BYTES = 6 * 1024 * 1024;
/** What a notebook may take to run headless (each is meant to take well under a minute). */
const RUN_TIMEOUT_MS = 300_000;

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}
interface Cell {
  cell_type: 'code' | 'markdown' | 'raw';
  source: string | string[];
  outputs?: Output[];
}
interface Notebook {
  cells: Cell[];
  metadata: { kernelspec?: { name?: string; language?: string } };
}

const joined = (v: unknown): string => (Array.isArray(v) ? v.join('') : String(v ?? ''));
const read = (file: string): Notebook => JSON.parse(fs.readFileSync(file, 'utf8')) as Notebook;
const codeCells = (nb: Notebook): Cell[] => nb.cells.filter((c) => c.cell_type === 'code');
const errorsOf = (nb: Notebook): string[] =>
  codeCells(nb).flatMap((c, i) =>
    (c.outputs ?? [])
      .filter((o) => o.output_type === 'error' || (o.output_type === 'stream' && o.name === 'stderr'))
      .map((o) => `code cell ${i + 1}: ${o.output_type === 'error' ? `${o.ename}: ${o.evalue}` : joined(o.text)}`),
  );
const figureCount = (nb: Notebook): number =>
  codeCells(nb).reduce((n, c) => n + (c.outputs ?? []).filter((o) => o.data !== undefined && PLOTLY_MIME_TYPE in o.data).length, 0);
/** Outputs that are 3D views (notebook.showMolecule, showOrbital, showDensity). */
const views3d = (nb: Notebook): Output[] =>
  codeCells(nb).flatMap((c) => (c.outputs ?? []).filter((o) => /class="roothaan-3d"/.test(joined(o.data?.['text/html']))));
/** Outputs whose HTML carries plotly.js itself (the guarded inline library). */
const plotlyCopies = (nb: Notebook): number =>
  codeCells(nb).reduce((n, c) => n + (c.outputs ?? []).filter((o) => /if \(!window\.Plotly\)/.test(joined(o.data?.['text/html']))).length, 0);

test('notebook 05 shows the molecule, the HOMO, the LUMO and a density difference in 3D (issue #13)', () => {
  const nb = read(path.join(notebookDir, '05-orbitals-you-can-see.ipynb'));
  assert.equal(views3d(nb).map((o) => joined(o.data?.['text/plain']).split('\n')[0]!.replace(/[:(].*$/, '').trim()), ['H2O', 'HOMO', 'LUMO', 'ρ']);
});

test('notebooks/ holds the numbered notebooks of issue #6', () => {
  assert.ok(notebooks.length >= 2, `found: ${notebooks.join(', ')}`);
  for (const f of notebooks) assert.match(f, /^\d{2}-[a-z0-9-]+\.ipynb$/, `${f} is named NN-kebab-case.ipynb`);
});

for (const name of notebooks) {
  test(`${name} is committed with its outputs: no errors, the self-check's output, plotly.js inlined once, under 6 MB`, () => {
    const file = path.join(notebookDir, name);
    const nb = read(file);
    assert.is(nb.metadata.kernelspec?.name, 'roothaan', 'the kernelspec names the project kernel');
    const cells = codeCells(nb);
    assert.ok(cells.length > 0);
    assert.ok((cells[cells.length - 1]!.outputs ?? []).length > 0, 'the last code cell (the self-check) has its output');
    assert.equal(errorsOf(nb), []);
    const size = fs.statSync(file).size;
    assert.ok(size < MAX_NOTEBOOK_BYTES, `${name} is ${(size / 1e6).toFixed(1)} MB`);
    if (figureCount(nb) > 0) assert.is(plotlyCopies(nb), 1, 'plotly.js is inlined in exactly one output');
    // Every 3D view has a text summary for where scripts do not run.
    for (const v of views3d(nb)) assert.ok(joined(v.data?.['text/plain']).length > 20, 'a 3D view has a text/plain summary');
  });
}

// Running them needs Jupyter's nbconvert and the compiled package (the kernel loads dist/); in CI
// both must be there, so a missing tool fails instead of skipping.
const canRun = (NBCONVERT !== undefined && fs.existsSync(path.join(repoRoot, 'dist', 'index.js'))) || IN_CI;
const withNbconvert = canRun ? test : test.skip;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-notebooks-test-'));
const kernelName = `roothaan-notebooks-${process.pid}`;
const jupyterEnv = { ...process.env, JUPYTER_PATH: path.join(tmp, 'prefix', 'share', 'jupyter') };
let installed = false;

function ensureKernel(): void {
  if (installed) return;
  const jupyter = findJupyter(process.env);
  assert.ok(jupyter, 'jupyter is installed (CI installs Debian jupyter-client)');
  assert.ok(fs.existsSync(path.join(repoRoot, 'dist', 'index.js')), 'the package is built (npm run build), the kernel loads dist/');
  installKernel({ prefix: path.join(tmp, 'prefix'), name: kernelName, jupyter: jupyter! });
  installed = true;
}

for (const name of notebooks) {
  withNbconvert(`${name} runs headless with the project's kernel without a cell error`, () => {
    assert.ok(NBCONVERT, 'jupyter-nbconvert is installed (Debian jupyter-nbconvert)');
    ensureKernel();
    // A copy in a folder of its own, outside the repository: roothaan must resolve from anywhere.
    const dir = fs.mkdtempSync(path.join(tmp, 'run-'));
    const copy = path.join(dir, name);
    const committed = fs.readFileSync(path.join(notebookDir, name));
    fs.writeFileSync(copy, committed);
    const started = Date.now();
    const run = spawnSync(
      NBCONVERT!,
      ['--to', 'notebook', '--execute', `--ExecutePreprocessor.kernel_name=${kernelName}`, '--ExecutePreprocessor.timeout=600',
        '--output', 'executed.ipynb', copy],
      { cwd: dir, env: jupyterEnv, encoding: 'utf8', timeout: RUN_TIMEOUT_MS },
    );
    const seconds = (Date.now() - started) / 1000;
    assert.is(run.status, 0, `nbconvert failed after ${seconds.toFixed(1)} s:\n${(run.stderr ?? '').slice(-4000)}`);
    const executed = read(path.join(dir, 'executed.ipynb'));
    assert.equal(errorsOf(executed), []);
    const cells = codeCells(executed);
    assert.ok((cells[cells.length - 1]!.outputs ?? []).length > 0, 'the last code cell (the self-check) ran and printed');
    // The self-checks print 'ok'/'FAIL' lines; a FAIL also throws, but say which one.
    const failed = codeCells(executed).flatMap((c) => (c.outputs ?? []).map((o) => joined(o.text))).join('').split('\n').filter((l) => l.startsWith('FAIL'));
    assert.equal(failed, []);
    // The run reproduces the committed figures (the same cells display the same number of plots).
    assert.is(figureCount(executed), figureCount(read(path.join(notebookDir, name))));
    assert.is(views3d(executed).length, views3d(read(path.join(notebookDir, name))).length, 'the same number of 3D views');
    assert.ok(fs.readFileSync(path.join(notebookDir, name)).equals(committed), 'the committed file is untouched');
  });
}

const withBrowser = (canRun && CHROMIUM !== undefined) || IN_CI ? test : test.skip;

withBrowser('the committed notebooks, exported to HTML, draw every figure and 3D view offline in Chromium', () => {
  assert.ok(NBCONVERT && CHROMIUM, 'jupyter-nbconvert and chromium are installed');
  for (const name of notebooks) {
    const nb = read(path.join(notebookDir, name));
    const figures = figureCount(nb);
    const views = views3d(nb).length;
    if (figures === 0 && views === 0) continue;
    const dir = fs.mkdtempSync(path.join(tmp, 'html-'));
    const run = spawnSync(NBCONVERT!, ['--to', 'html', '--output-dir', dir, '--output', 'page', path.join(notebookDir, name)], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.is(run.status, 0, run.stderr);
    const page = renderInChromium(path.join(dir, 'page.html'));
    assert.is(countRenderedPlots(page.dom).plots, figures, `${name}: every Plotly figure rendered`);
    // nbconvert's page loads require.js, so this also checks that 3Dmol.js loads beside it.
    assert.is((page.dom.match(/data-roothaan-drawn="1"/g) ?? []).length, views, `${name}: every 3D view drawn`);
  }
});

test.after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

test.run();
