import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  standalonePage,
  plotlySource,
  plotlyVersion,
  convergenceFigure,
  compareRunsFigure,
  orbitalLevelsFigure,
  matrixHeatmap,
  moleculeSummary,
  IterationTable,
  type PageBlock,
} from '../../src/notebook';
import { add } from '../../src/linalg';
import { parse } from '../../src/geometry';
import { run, type ScfOptions } from '../../src/scf';
import { readNpy } from '../helpers/npy';
import { fullTensorJK } from '../helpers/full-tensor-jk';
import { CHROMIUM, IN_CI, countRenderedPlots, externalUrls, renderInChromium, referenceDir } from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-page-'));
// Keep the screenshots to look at: ROOTHAAN_SCREENSHOT_DIR=/some/dir.
const shots = process.env['ROOTHAAN_SCREENSHOT_DIR'] ?? tmp;

/** Crawford's water/STO-3G from the reference matrices, run four ways. */
function waterBlocks(): PageBlock[] {
  const dir = path.join(referenceDir, 'matrices', 'h2o_sto3g');
  const m = (name: string) => {
    const a = readNpy(path.join(dir, `${name}.npy`));
    return { rows: a.shape[0]!, cols: a.shape[1]!, data: a.data };
  };
  const water = parse(fs.readFileSync(path.join(referenceDir, 'geometries', 'h2o_crawford.xyz'), 'utf8'), { format: 'xyz' });
  const problem = {
    overlap: m('overlap'),
    coreHamiltonian: add(m('kinetic'), m('potential')),
    jk: fullTensorJK(readNpy(path.join(dir, 'eri.npy')).data, 7),
    nuclearRepulsion: water.nuclearRepulsionEnergy(),
    nalpha: 5,
    nbeta: 5,
  };
  const variants: Array<[string, ScfOptions]> = [
    ['no acceleration', { useDiis: false }],
    ['damping 0.5', { useDiis: false, damping: 0.5 }],
    ['DIIS', {}],
  ];
  const runs = variants.map(([name, options]) => ({ name, result: run(problem, { guess: 'core', maxIterations: 80, ...options }) }));
  const diis = runs[2]!.result;
  const table = new IterationTable({ display: false, title: 'DIIS iterations' });
  diis.history.forEach((r) => table.add(r));
  table.finish(diis);
  return [
    { heading: 'Molecule', html: moleculeSummary(water).html },
    { heading: 'Iterations', html: table.html() },
    { figure: convergenceFigure(diis.history, { thresholds: { energy: 1e-10, density: 1e-8 } }) },
    { figure: compareRunsFigure(runs.map((r) => ({ name: r.name, history: r.result.history }))) },
    { figure: orbitalLevelsFigure(diis, { unit: 'eV' }) },
    { figure: matrixHeatmap(problem.overlap, { title: 'S', labels: ['O 1s', 'O 2s', 'O 2py', 'O 2pz', 'O 2px', 'H1 1s', 'H2 1s'] }) },
    { figure: matrixHeatmap(diis.densities[0]!, { title: 'D' }) },
    { heading: 'Energy', text: `E = ${diis.energy.toFixed(10)} Eh` },
  ];
}

const blocks = waterBlocks();
const figureCount = blocks.filter((b) => 'figure' in b).length;
const page = standalonePage({ title: 'Water / STO-3G <test>', subtitle: 'Crawford geometry', blocks });
const pageFile = path.join(tmp, 'page.html');
fs.writeFileSync(pageFile, page);

test('the standalone page inlines plotly.js once and references no external URL', () => {
  assert.ok(page.startsWith('<!DOCTYPE html>'));
  assert.is(page.split(plotlySource()).length - 1, 1, 'plotly.js inlined exactly once');
  assert.equal(externalUrls(page), []);
  assert.not.match(page, /<script[^>]+\bsrc=/i);
  assert.not.match(page, /<link[^>]+\bhref=/i);
  assert.match(page, new RegExp(`plotly\\.js ${plotlyVersion().replace(/\./g, '\\.')} inlined`));
  assert.is((page.match(/class="roothaan-plot"/g) ?? []).length, figureCount);
  assert.match(page, /<title>Water \/ STO-3G &lt;test&gt;<\/title>/);
  assert.match(page, /<pre>E = -74\.94207992\d\d Eh<\/pre>/);
});

test('a page without figures carries no plotly.js', () => {
  const small = standalonePage({ title: 't', blocks: [{ text: 'x' }] });
  assert.ok(small.length < 5_000);
  assert.not.match(small, /window\.Plotly/);
});

const chromiumTest = CHROMIUM !== undefined || IN_CI ? test : test.skip;

chromiumTest('in headless Chromium, with no network, every figure of the page is drawn', () => {
  const rendered = renderInChromium(pageFile, { screenshot: path.join(shots, 'standalone-page.png'), width: 1200, height: 4600 });
  const { plots, svgs } = countRenderedPlots(rendered.dom);
  assert.is(plots, figureCount, 'every plot div was taken over by Plotly');
  assert.ok(svgs >= figureCount, `${svgs} main-svg elements`);
  // The heatmaps drew their cells and the line plots their traces.
  assert.match(rendered.dom, /class="hm"|class="heatmaplayer/);
  assert.match(rendered.dom, /class="scatterlayer/);
  assert.ok(fs.statSync(rendered.screenshot!).size > 50_000, 'the screenshot is not blank');
});

test.run();
