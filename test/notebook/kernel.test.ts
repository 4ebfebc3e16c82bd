import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { kernelSpec, kernelDirectory, findJupyter, PLOTLY_MIME_TYPE, plotlyFileName, plotlySource } from '../../src/notebook';
import { parse } from '../../src/geometry';
import { runCli } from '../cli/helpers';
import { CHROMIUM, IN_CI, NBCONVERT, countRenderedPlots, renderInChromium, repoRoot } from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-kernel-'));
const prefix = path.join(tmp, 'prefix');
const kernelName = `roothaan-test-${process.pid}`;
const jupyter = findJupyter(process.env);
const jupyterPath = path.join(prefix, 'share', 'jupyter');
const jupyterEnv = { ...process.env, JUPYTER_PATH: jupyterPath };
const distNotebook = path.join(repoRoot, 'dist', 'notebook', 'index.js');
const distStore = path.join(repoRoot, 'dist', 'store', 'index.js');

// With Jupyter (and in CI, where it must be there) the kernel is installed and run for real.
const withJupyter = jupyter !== undefined || IN_CI ? test : test.skip;
const withNbconvert = NBCONVERT !== undefined || IN_CI ? test : test.skip;

test('the kernel spec starts tslab by absolute path with the roothaan preload, and every path exists', () => {
  const spec = kernelSpec();
  assert.is(spec.argv[0], process.execPath);
  assert.equal(spec.argv.slice(1, 3), ['--require', path.join(repoRoot, 'kernels', 'preload.cjs')]);
  assert.match(spec.argv[3]!, /node_modules[\\/]tslab[\\/]bin[\\/]tslab$/);
  assert.equal(spec.argv.slice(4), ['kernel', '--config-path', '{connection_file}']);
  for (const file of spec.argv.slice(0, 4).filter((a) => path.isAbsolute(a))) assert.ok(fs.existsSync(file), file);
  assert.is(spec.language, 'typescript');
  assert.is(spec.display_name, 'TypeScript (roothaan)');
  assert.not.match(JSON.stringify(spec), /@[A-Z_]+@/, 'every placeholder filled');
  assert.is(kernelSpec({ displayName: 'TS' }).display_name, 'TS');
});

test('kernel folders follow Jupyter\'s rules for --prefix, --user and system-wide', () => {
  assert.is(kernelDirectory('k', { prefix: '/opt/env' }), path.resolve('/opt/env/share/jupyter/kernels/k'));
  if (process.platform === 'linux') {
    assert.is(kernelDirectory('k', { user: true }, { HOME: '/home/me' }), '/home/me/.local/share/jupyter/kernels/k');
    assert.is(kernelDirectory('k', { user: true }, { HOME: '/home/me', XDG_DATA_HOME: '/xdg' }), '/xdg/jupyter/kernels/k');
    assert.is(kernelDirectory('k', {}, {}), '/usr/local/share/jupyter/kernels/k');
  }
  assert.is(kernelDirectory('k', { user: true }, { JUPYTER_DATA_DIR: '/data' }), path.resolve('/data/kernels/k'));
  assert.throws(() => kernelDirectory('bad name', {}), /not allowed/);
});

test('roothaan kernel show prints the spec as JSON', async () => {
  const run = await runCli(['kernel', 'show']);
  assert.is(run.code, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout), kernelSpec());
});

test('roothaan kernel install --direct writes the kernel folder without Jupyter', async () => {
  const dir = path.join(tmp, 'direct');
  const run = await runCli(['kernel', 'install', '--direct', '--prefix', dir, '--name', 'direct-test']);
  assert.is(run.code, 0, run.stderr);
  const file = path.join(dir, 'share', 'jupyter', 'kernels', 'direct-test', 'kernel.json');
  assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')), { ...kernelSpec(), env: { ...kernelSpec().env, ROOTHAAN_KERNEL_NAME: 'direct-test' } });
  assert.match(run.stdout, /Installed the Jupyter kernel 'direct-test'/);
  assert.equal(fs.readdirSync(path.dirname(file)).sort(), ['kernel.json', 'logo-32x32.png', 'logo-64x64.png', 'logo-svg.svg', plotlyFileName()].sort());
  // plotly.js is there for figure outputs to load from the Jupyter server, and the kernel knows its own name.
  assert.ok(fs.readFileSync(path.join(path.dirname(file), plotlyFileName()), 'utf8') === plotlySource(), 'the bundled plotly.js, as inlined elsewhere');
});

test('a bad kernel name or both --user and --prefix are user errors', async () => {
  const bad = await runCli(['kernel', 'install', '--direct', '--prefix', tmp, '--name', 'no spaces']);
  assert.is(bad.code, 1);
  assert.match(bad.stderr, /kernel name 'no spaces' is not allowed/);
  const both = await runCli(['kernel', 'install', '--user', '--prefix', tmp]);
  assert.is(both.code, 1);
  assert.match(both.stderr, /mutually exclusive|user.*prefix/);
});

withJupyter('roothaan kernel install --prefix installs with jupyter, and jupyter kernelspec list shows it', async () => {
  assert.ok(jupyter, 'jupyter is installed (CI installs Debian jupyter-client)');
  const run = await runCli(['kernel', 'install', '--prefix', prefix, '--name', kernelName], jupyterEnv);
  assert.is(run.code, 0, run.stderr);
  const list = spawnSync(jupyter!, ['kernelspec', 'list', '--json'], { env: jupyterEnv, encoding: 'utf8', timeout: 60_000 });
  assert.is(list.status, 0, list.stderr);
  const specs = (JSON.parse(list.stdout) as { kernelspecs: Record<string, { resource_dir: string; spec: { argv: string[]; display_name: string } }> }).kernelspecs;
  const ours = specs[kernelName];
  assert.ok(ours, `listed: ${Object.keys(specs).join(', ')}`);
  assert.is(fs.realpathSync(ours!.resource_dir), fs.realpathSync(path.join(jupyterPath, 'kernels', kernelName)));
  assert.equal(ours!.spec.argv, kernelSpec().argv);
  assert.is(ours!.spec.display_name, 'TypeScript (roothaan)');
});

/** A code cell with cell tags (`raises-exception`: nbclient lets that cell fail). */
interface TaggedCell {
  readonly source: string;
  readonly tags: string[];
}

/** A notebook (nbformat 4.4) with these code cells. */
function notebook(cells: Array<string | TaggedCell>): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 4,
    metadata: { kernelspec: { name: kernelName, display_name: 'TypeScript (roothaan)', language: 'typescript' } },
    cells: cells.map((cell) => {
      const { source, tags } = typeof cell === 'string' ? { source: cell, tags: [] } : cell;
      return { cell_type: 'code', metadata: tags.length > 0 ? { tags } : {}, execution_count: null, outputs: [], source };
    }),
  });
}

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
}

function execute(file: string, extra: string[] = []): { status: number | null; stderr: string; cells: Output[][] } {
  const out = file.replace(/\.ipynb$/, '.out.ipynb');
  const run = spawnSync(
    NBCONVERT!,
    ['--to', 'notebook', '--execute', `--ExecutePreprocessor.kernel_name=${kernelName}`, '--ExecutePreprocessor.timeout=120', '--output', path.basename(out), ...extra, file],
    // The notebook lives outside the repository: roothaan must resolve from anywhere.
    { cwd: path.dirname(file), env: jupyterEnv, encoding: 'utf8', timeout: 240_000 },
  );
  const cells = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as { cells: Array<{ outputs: Output[] }> }).cells.map((c) => c.outputs) : [];
  return { status: run.status, stderr: run.stderr, cells };
}

const text = (o: Output): string => (Array.isArray(o.text) ? o.text.join('') : (o.text ?? ''));
const joined = (v: unknown): string => (Array.isArray(v) ? v.join('') : String(v));

withNbconvert('a notebook runs headless with the installed kernel: require, typed import, the display helpers and a short library error', () => {
  assert.ok(NBCONVERT, 'jupyter-nbconvert is installed (Debian jupyter-nbconvert)');
  assert.ok(fs.existsSync(path.join(jupyterPath, 'kernels', kernelName, 'kernel.json')), 'installed by the previous test');
  const h2 = '2\\nH2\\nH 0 0 0\\nH 0 0 0.74\\n';
  const cells: Array<string | TaggedCell> = [
    `const { geometry } = require('roothaan');\nconst m = geometry.parse('${h2}', { format: 'xyz' });\nconsole.log(m.formula, m.nuclearRepulsionEnergy().toFixed(10));`,
    `import { geometry as g } from 'roothaan';\nconst m2: g.Molecule = g.parse('${h2}', { format: 'xyz' });\nconst n: number = m2.electronCount;\nconsole.log('electrons ' + n);`,
  ];
  const withDisplay = fs.existsSync(distNotebook) || IN_CI;
  if (withDisplay) {
    cells.push(
      `const nb: any = (require('roothaan') as any).notebook ?? require(${JSON.stringify(distNotebook)});\n` +
        `const table = new nb.IterationTable({ title: 'fake SCF' });\n` +
        `for (let i = 1; i <= 4; i++) table.add({ iteration: i, energy: -1 - 1e-3 * (1 - 10 ** -i), deltaE: -(10 ** -i), rmsDeltaD: 10 ** -i, diisError: 10 ** -i });\n` +
        `table.finish({ converged: true, energy: -1.0009999, iterations: 4 });\n` +
        `nb.loadPlotly();\n` +
        `nb.displayFigure(nb.convergenceFigure(table.rows));\n` +
        `nb.displayFigure(nb.matrixHeatmap({ rows: 2, cols: 2, data: Float64Array.from([1, 0.5, 0.5, 1]) }, { title: 'S' }));\n` +
        `nb.displayMolecule(m2);`,
      // Top-level await, and a generator driven with the table updating between iterations.
      `function* fakeScf() { for (let k = 1; k <= 3; k++) yield { iteration: k, energy: -2 - 10 ** -k, deltaE: 10 ** -k, rmsDeltaD: 10 ** -k, diisError: 10 ** -k }; return { converged: true, energy: -2.001, iterations: 3 }; }\n` +
        `const watched = await nb.watchScf(fakeScf());\n` +
        `console.log('watched ' + watched.records.length + ' ' + watched.result.converged);`,
      // A job group watched live while a worker in the kernel runs it: one output, updated in place to the end.
      `const st: any = (require('roothaan') as any).store ?? require(${JSON.stringify(distStore)});\n` +
        `const home = require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'roothaan-watch-'));\n` +
        `const s = await st.open({ home, user: 'nb@example.org' }, {});\n` +
        `await st.submitGroup(s, 'nb scan', st.scanInputs({ geometryText: '${h2}', filename: 'h2.xyz', parameters: { basis_set: 'STO-3G' } }, [st.parseScan('bond 0 1 0.7,0.8')]));\n` +
        `let polls = 0;\n` +
        `const watching = nb.watchGroup(s, 'nb scan', { intervalMs: 50, onProgress: () => void polls++ });\n` +
        `await st.runWorker(s, { group: 'nb scan', threads: 1, onIteration: () => new Promise((r) => setTimeout(r, 100)) });\n` +
        `const final = await watching;\n` +
        `await s.close();\n` +
        `require('node:fs').rmSync(home, { recursive: true, force: true });\n` +
        `console.log('group ' + JSON.stringify(final.counts) + ' ' + final.settled + ' ' + (polls > 2));`,
    );
  }
  // Last: a textbook step given mismatched matrices (tslab prints a thrown error to stderr and fails the cell).
  cells.push({ source: `import { scf, linalg } from 'roothaan';\nconst F7 = scf.rhfFock(linalg.zeros(7), linalg.zeros(24), linalg.zeros(24));`, tags: ['raises-exception'] });
  const file = path.join(tmp, 'smoke.ipynb');
  fs.writeFileSync(file, notebook(cells));
  const run = execute(file);
  assert.is(run.status, 0, run.stderr.slice(-3000));
  const failed = run.cells[cells.length - 1]!;
  assert.equal(failed.map((o) => [o.output_type, o.name]), [['stream', 'stderr']]);
  const shown = text(failed[0]!).split('\n');
  assert.is(shown[0], 'InvalidInputError [INVALID_INPUT]: rhfFock: J is 24×24 but H is 7×7 (all three must be n×n with the same n)');
  const frames = shown.filter((l) => /^\s+at /.test(l));
  assert.ok(frames.length > 0 && frames.every((l) => l.includes('evalmachine')), `only the cell's own frames:\n${shown.join('\n')}`);
  assert.not.match(text(failed[0]!), /node_modules|node:internal|node:vm|[\\/]dist[\\/]|\^/, 'no tslab, Node or roothaan frames, no source excerpt');
  const [first, second, third, fourth, fifth] = run.cells;
  const expected = parse('2\nH2\nH 0 0 0\nH 0 0 0.74\n', { format: 'xyz' }).nuclearRepulsionEnergy().toFixed(10);
  assert.equal(first!.map((o) => [o.output_type, o.name, text(o)]), [['stream', 'stdout', `H2 ${expected}\n`]]);
  assert.equal(second!.map((o) => [o.output_type, o.name, text(o)]), [['stream', 'stdout', 'electrons 2\n']]);
  if (!withDisplay) return;
  // One table (updated in place, not one output per iteration), plotly.js, two figures, one molecule.
  assert.equal(third!.map((o) => o.output_type), ['display_data', 'display_data', 'display_data', 'display_data', 'display_data']);
  const table = third![0]!.data!;
  assert.match(joined(table['text/plain']), /converged in 4 iterations/);
  assert.is(joined(table['text/plain']).split('\n').filter((l) => /^\s+\d/.test(l)).length, 4);
  const [plotly, conv, heat] = [third![1]!.data!, third![2]!.data!, third![3]!.data!];
  assert.ok(PLOTLY_MIME_TYPE in conv && 'text/html' in conv);
  assert.is((conv[PLOTLY_MIME_TYPE] as { data: unknown[] }).data.length, 4);
  assert.match(joined(plotly['text/html']), /if \(!window\.Plotly\)/, 'loadPlotly() carries plotly.js');
  for (const fig of [conv, heat]) {
    assert.not.match(joined(fig['text/html']), /if \(!window\.Plotly\)/, 'a figure does not');
    assert.match(joined(fig['image/svg+xml']), /^<svg /, 'and carries its static image');
  }
  assert.match(joined(third![4]!.data!['text/plain']), /H2/);
  assert.equal(fourth!.map((o) => o.output_type), ['display_data', 'stream']);
  assert.match(joined(fourth![0]!.data!['text/plain']), /converged in 3 iterations/);
  assert.is(text(fourth![1]!), 'watched 3 true\n');
  // The table of the group was shown once and replaced in place (nbclient applies update_display_data) until both jobs were done.
  assert.equal(fifth!.map((o) => o.output_type), ['display_data', 'stream']);
  const group = joined(fifth![0]!.data!['text/plain']);
  assert.is((group.match(/done ✓/g) ?? []).length, 2, group);
  assert.match(group, /2 jobs — 2 done/);
  assert.is(text(fifth![1]!), 'group {"done":2} true true\n');
  fs.copyFileSync(file.replace(/\.ipynb$/, '.out.ipynb'), path.join(tmp, 'executed.ipynb'));
});

withNbconvert('a cell with a type error fails the run, so the types of roothaan really are checked', () => {
  const file = path.join(tmp, 'type-error.ipynb');
  fs.writeFileSync(file, notebook([`import { geometry } from 'roothaan';\nconst wrong: string = geometry.parse('1\\nH\\nH 0 0 0\\n', { format: 'xyz' }).electronCount;`]));
  const run = execute(file);
  assert.is.not(run.status, 0);
  const allowed = execute(file, ['--allow-errors']);
  assert.match(allowed.cells[0]!.map(text).join(''), /Type 'number' is not assignable to type 'string'/);
});

const withBrowser = (NBCONVERT !== undefined && CHROMIUM !== undefined) || IN_CI ? test : test.skip;

withBrowser('the executed notebook exported to HTML (classic template, require.js on the page) draws its figures offline', () => {
  const executed = path.join(tmp, 'executed.ipynb');
  if (!fs.existsSync(executed)) {
    assert.ok(!IN_CI, 'the smoke notebook ran with the display helpers');
    return;
  }
  const run = spawnSync(NBCONVERT!, ['--to', 'html', '--output', 'executed.html', executed], { cwd: tmp, encoding: 'utf8', timeout: 120_000 });
  assert.is(run.status, 0, run.stderr);
  const shots = process.env['ROOTHAAN_SCREENSHOT_DIR'] ?? tmp;
  const page = renderInChromium(path.join(tmp, 'executed.html'), { screenshot: path.join(shots, 'executed-notebook.png'), width: 1100, height: 1800 });
  const { plots, svgs } = countRenderedPlots(page.dom);
  assert.is(plots, 2);
  assert.ok(svgs >= 2);
});

test.run();
