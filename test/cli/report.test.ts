/**
 * `roothaan report JOB_ID`: a stored job (failed, then resumed) written as a self-contained HTML
 * page, checked as text (metadata, energies, orbital energies, no network URL) and opened in
 * headless Chromium (Debian's chromium, no download), where every Plotly figure must render.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli, referenceDir } from './helpers';
import { CHROMIUM, IN_CI, countRenderedPlots, externalUrls, renderInChromium } from '../notebook/helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-report-'));
const env = { ROOTHAAN_HOME: path.join(tmp, 'home') };
const water = path.join(referenceDir, 'geometries', 'h2o_crawford.xyz');
// Crawford's project #3 / Psi4 (public-cases.json h2o_sto3g); 1e-8 Eh is the project's agreement target.
const CRAWFORD_ENERGY = -74.942079928192;

let jobId = '';
let reportFile = '';
let html = '';

/** The text of a table cell following a field cell in the report's metadata table. */
function field(page: string, name: string): string | undefined {
  const m = new RegExp(`<td[^>]*>${name.replace(/[/()]/g, '\\$&')}</td><td[^>]*>([^<]*)</td>`).exec(page);
  return m?.[1];
}

test('a job that failed for lack of iterations and was resumed is reported to the file given with -o', async () => {
  const run = await runCli(['run', water, '--basis', 'STO-3G', '--guess', 'core', '--max-iterations', '4', '--threads', '1', '--json'], env);
  assert.is(run.code, 2, run.stderr);
  const failed = JSON.parse(run.stdout);
  assert.is(failed.status, 'failed');
  jobId = failed.job_id;
  const resumed = await runCli(['resume', jobId, '--max-iterations', '40', '--threads', '1', '--json'], env);
  assert.is(resumed.code, 0, resumed.stderr);
  assert.is(JSON.parse(resumed.stdout).status, 'done');

  reportFile = path.join(tmp, 'report.html');
  const report = await runCli(['report', jobId, '-o', reportFile], env);
  assert.is(report.code, 0, report.stderr);
  assert.match(report.stdout, /^wrote .*report\.html \(\d+\.\d MB, opens offline\)\n$/);
  html = fs.readFileSync(reportFile, 'utf8');
  assert.match(html, /^<!DOCTYPE html>/);
});

test('the report is self-contained: plotly.js inlined, no http(s) script, link or image source', () => {
  assert.equal(externalUrls(html), []);
  assert.not.match(html, /<script[^>]+src=/i);
  assert.not.match(html, /<link[^>]+href=["']?(https?:)?\/\//i);
  assert.match(html, /<meta name="generator" content="roothaan; plotly\.js [\d.]+ inlined">/);
  // Convergence, orbital energies and timings.
  assert.match(html, /<meta name="roothaan-figures" content="3">/);
});

test("the report shows the job's metadata, both attempts and its final energy", () => {
  assert.is(field(html, 'job id'), jobId);
  assert.is(field(html, 'status'), 'done');
  assert.is(field(html, 'attempts'), '2');
  assert.match(field(html, 'molecule') ?? '', /^H2O \(.*h2o_crawford\.xyz\)$/);
  assert.is(field(html, 'basis'), 'STO-3G, 7 basis functions, RHF');
  assert.is(field(html, 'converged'), 'true');
  const energy = Number(field(html, 'energy / Eh'));
  assert.ok(Math.abs(energy - CRAWFORD_ENERGY) < 1e-8, `${energy}`);
  assert.match(field(html, 'parameters') ?? '', /&quot;max_iteration&quot;:40/);
  assert.match(html, /resumed after iteration 4/);
  assert.match(html, /SCF convergence \(\d+ iterations, 2 attempts\)/);
  assert.match(html, /<h2>Timings<\/h2>/);
});

test('the orbital energies in the report are those of the same calculation run without the store', async () => {
  const plain = await runCli(['run', water, '--basis', 'STO-3G', '--no-store', '--json', '--threads', '1'], env);
  assert.is(plain.code, 0, plain.stderr);
  const expected = JSON.parse(plain.stdout).orbital_energies as number[];
  assert.is(expected.length, 7);
  // Rows of the orbital table: index, ε / Eh (6 decimals), ε / eV, occupation.
  const rows = [...html.matchAll(/<tr><td[^>]*>(\d)<\/td><td[^>]*>(-?\d+\.\d{6})<\/td><td[^>]*>(-?\d+\.\d{3})<\/td><td[^>]*>([02])<\/td><\/tr>/g)];
  assert.is(rows.length, 7);
  rows.forEach((r, i) => {
    assert.is(Number(r[1]), i + 1);
    // Printed to 6 decimals: agreement to 5e-7 Eh (plus round-off) is all the text can show.
    assert.ok(Math.abs(Number(r[2]) - expected[i]!) <= 5.1e-7, `orbital ${i + 1}: ${r[2]} vs ${expected[i]}`);
    assert.is(r[4], i < 5 ? '2' : '0');
  });
});

test('without -o the report goes to report-<job-id>.html in the current directory (the whole id, also when given a prefix)', async () => {
  const dir = fs.mkdtempSync(path.join(tmp, 'cwd-'));
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const report = await runCli(['report', jobId.slice(0, 8)], env);
    assert.is(report.code, 0, report.stderr);
  } finally {
    process.chdir(cwd);
  }
  assert.ok(fs.existsSync(path.join(dir, `report-${jobId}.html`)));
});

test('an unknown job id exits 1 with one clear line and writes nothing', async () => {
  const file = path.join(tmp, 'missing.html');
  const unknown = '0b7c6f1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e';
  const report = await runCli(['report', unknown, '-o', file], env);
  assert.is(report.code, 1);
  assert.is(report.stderr, `roothaan: no job ${unknown} in the store (see \`roothaan jobs list\`)\n`);
  assert.not.ok(fs.existsSync(file));
  const malformed = await runCli(['report', 'not-a-job', '-o', file], env);
  assert.is(malformed.code, 1);
  assert.match(malformed.stderr, /^roothaan: .*malformed job id 'not-a-job'.*\n$/);
});

test('report --help documents -o and the default file name', async () => {
  // yargs prints help with console.log, outside the CLI context: capture it here.
  let printed = '';
  const log = console.log;
  console.log = (...args: unknown[]) => void (printed += args.join(' ') + '\n');
  let code: number;
  try {
    code = (await runCli(['report', '--help'], env)).code;
  } finally {
    console.log = log;
  }
  assert.is(code, 0);
  assert.match(printed, /-o, --output/);
  assert.match(printed, /report-<job-id>\.html/);
});

// CI installs Debian's chromium; there a missing browser fails instead of skipping.
const withBrowser = CHROMIUM !== undefined || IN_CI ? test : test.skip;

withBrowser('the report opens offline in headless Chromium and every plot renders', () => {
  assert.ok(CHROMIUM, 'chromium is installed (apt-get install chromium)');
  const page = renderInChromium(reportFile);
  const rendered = countRenderedPlots(page.dom);
  assert.is(rendered.plots, 3, 'convergence, orbital energies and timings were drawn by Plotly');
  assert.ok(rendered.svgs >= 3, `${rendered.svgs} main-svg elements`);
  // Plotly drew the convergence panels' traces: one line per attempt in each of the 4 panels.
  assert.ok((page.dom.match(/class="scatterlayer/g) ?? []).length >= 2);
  assert.ok((page.dom.match(/class="trace bars"/g) ?? []).length >= 1, 'the timing bars were drawn');
});

test.after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

test.run();
