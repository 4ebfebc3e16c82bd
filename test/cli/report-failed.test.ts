/**
 * The report of a failed job (water/STO-3G from a core guess with 3 iterations allowed, so the
 * SCF does not converge), checked as text and then rendered once in headless Chromium through
 * playwright-core (Debian's chromium, no download, no network): the banner is visible, Plotly
 * drew every figure, and no tick label, axis title or orbital label overlaps another (bounding
 * boxes from getBoundingClientRect). A screenshot is kept: ROOTHAAN_SCREENSHOT_DIR=/some/dir.
 * Also: the charges of a job whose SCF never finished, from its density checkpoint (checked
 * against a converged job's analysis), in a stopped job's report.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { runCli, referenceDir } from './helpers';
import * as store from '../../src/store';
import { checkpointCharges } from '../../src/store/checkpoint-charges';
import { CHROMIUM, IN_CI } from '../notebook/helpers';

/** The little of the page's DOM that the page.evaluate callbacks use (the tests compile without the DOM library). */
interface PageElement {
  readonly textContent: string | null;
  getBoundingClientRect(): { left: number; right: number; top: number; bottom: number };
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
}
declare const document: PageElement;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-report-failed-'));
const shots = process.env['ROOTHAAN_SCREENSHOT_DIR'] ?? tmp;
const env = { ROOTHAAN_HOME: path.join(tmp, 'home') };
const water = path.join(referenceDir, 'geometries', 'h2o_crawford.xyz');

let jobId = '';
let reportFile = '';
let html = '';

test('a job that ran out of iterations fails, and its report is written', async () => {
  const run = await runCli(['run', water, '--basis', 'STO-3G', '--guess', 'core', '--max-iterations', '3', '--threads', '1', '--json'], env);
  assert.is(run.code, 2, run.stderr);
  const failed = JSON.parse(run.stdout);
  assert.is(failed.status, 'failed');
  jobId = failed.job_id;
  reportFile = path.join(tmp, 'report.html');
  const report = await runCli(['report', jobId, '-o', reportFile], env);
  assert.is(report.code, 0, report.stderr);
  html = fs.readFileSync(reportFile, 'utf8');
});

test('the page starts with the cause and the resume command, and shows the geometry and the (unconverged) charges', () => {
  const banner = /<div class="roothaan-banner"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
  assert.ok(html.indexOf(banner) < html.indexOf('<h2>Job</h2>'), 'the banner comes before the metadata');
  assert.match(banner, /This job failed:/);
  assert.match(banner, /converge/);
  assert.match(banner, new RegExp(`roothaan resume ${jobId}`));
  // Crawford's water (test/reference/geometries/h2o_crawford.xyz): O at the origin, H at z = −1.4934 Å... as stored.
  assert.match(html, /<h2>Geometry<\/h2>/);
  assert.is((html.match(/<td[^>]*>H<\/td><td[^>]*>-?\d+\.\d{6}<\/td>/g) ?? []).length, 2, 'two H rows with positions');
  assert.match(html, /<h2>Atomic charges<\/h2>/);
  assert.match(html, /the SCF did not converge, so these are not final/);
  // The charges of a neutral molecule sum to zero whatever the density's convergence (tr DS = N).
  const mulliken = [...html.matchAll(/<tr><td[^>]*>\d<\/td><td[^>]*>[OH]<\/td><td[^>]*>(-?\d\.\d{4})<\/td><td[^>]*>(-?\d\.\d{4})<\/td><\/tr>/g)];
  assert.is(mulliken.length, 3);
  // Printed to 4 decimals: three roundings of ≤ 5e-5 each.
  assert.ok(Math.abs(mulliken.reduce((t, m) => t + Number(m[1]), 0)) <= 1.5e-4);
  assert.ok(Number(mulliken[0]![1]) < 0, 'oxygen is negative');
});

test("the charges worked out from a converged job's last density checkpoint agree with those its analysis recorded", async () => {
  const s = await store.open({}, env);
  try {
    const outcome = await store.runJob(s, { geometryText: fs.readFileSync(water, 'utf8'), filename: 'h2o_crawford.xyz', parameters: { basis_set: 'STO-3G' } }, { threads: 1 });
    assert.is(outcome.status, 'done');
    const job = await s.jobs.get(outcome.jobId);
    const analysis = (await s.jobs.events(job.id)).find((e) => e.kind === 'analysis')!.metadata!;
    const xyz = (await s.objects.get(store.keys.geometryXyzKey(job.id))).toString('utf8');
    const charges = await checkpointCharges(s, job, xyz);
    assert.ok(charges !== undefined);
    assert.is(charges.iteration, job.iterations);
    // The analysis used the density of the final orbitals, the checkpoint the last iteration's
    // density; at convergence (RMS ΔD below the default 1e-8) they differ by about that much per
    // element, so the charges (sums over ≤ 7 × 7 elements of D·S, |S| ≤ 1) agree to 1e-6 e
    // (measured: 1e-10 e).
    const worst = (a: readonly number[], b: unknown) => Math.max(...a.map((q, i) => Math.abs(q - (b as number[])[i]!)));
    assert.ok(worst(charges.mulliken, analysis.mulliken) < 1e-6, `${charges.mulliken} vs ${String(analysis.mulliken)}`);
    assert.ok(worst(charges.lowdin, analysis.lowdin) < 1e-6, `${charges.lowdin} vs ${String(analysis.lowdin)}`);
  } finally {
    await s.close();
  }
});

test("a stopped job's report has the stop banner and the charges of its last density checkpoint", async () => {
  const s = await store.open({}, env);
  let stoppedId = '';
  try {
    const abort = new AbortController();
    const outcome = await store.runJob(
      s,
      { geometryText: fs.readFileSync(water, 'utf8'), filename: 'h2o_crawford.xyz', parameters: { basis_set: 'STO-3G', guess: 'core' } },
      { threads: 1, signal: abort.signal, onIteration: (r) => void (r.iteration === 2 && abort.abort()) },
    );
    assert.is(outcome.status, 'stopped');
    stoppedId = outcome.jobId;
  } finally {
    await s.close();
  }
  const file = path.join(tmp, 'stopped.html');
  const report = await runCli(['report', stoppedId, '-o', file], env);
  assert.is(report.code, 0, report.stderr);
  const page = fs.readFileSync(file, 'utf8');
  assert.match(page, /This job was stopped:/);
  assert.match(page, new RegExp(`roothaan resume ${stoppedId}`));
  assert.match(page, /<td[^>]*>O<\/td><td[^>]*>-?\d+\.\d{6}<\/td>/, 'the geometry is shown');
  const caption = /from the density of iteration (\d+) \(its checkpoint\)/.exec(page);
  assert.ok(caption !== null, 'charges from the checkpoint');
  assert.ok(Number(caption[1]) >= 2);
  const rows = [...page.matchAll(/<tr><td[^>]*>\d<\/td><td[^>]*>[OH]<\/td><td[^>]*>(-?\d\.\d{4})<\/td><td[^>]*>(-?\d\.\d{4})<\/td><\/tr>/g)];
  assert.is(rows.length, 3);
  // Neutral water: both kinds of charges sum to 0 (tr DS = N for any density the SCF produced), to 3 roundings of 5e-5.
  for (const k of [1, 2]) assert.ok(Math.abs(rows.reduce((t, m) => t + Number(m[k]), 0)) <= 1.5e-4, `column ${k}`);
});

/** Two rectangles overlap when they share more than a pixel in both directions. */
interface Box { left: number; right: number; top: number; bottom: number; text: string }
function overlaps(a: Box, b: Box): boolean {
  return Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
}
function assertApart(boxes: Box[], what: string): void {
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) assert.not.ok(overlaps(boxes[i]!, boxes[j]!), `${what}: '${boxes[i]!.text}' overlaps '${boxes[j]!.text}'`);
  }
}

const withBrowser = CHROMIUM !== undefined || IN_CI ? test : test.skip;

withBrowser('in headless Chromium the banner shows, every plot renders and no label overlaps another', async () => {
  assert.ok(CHROMIUM, 'chromium is installed (apt-get install chromium)');
  const profile = fs.mkdtempSync(path.join(tmp, 'chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1200, height: 900 },
  });
  try {
    // Nothing but the file itself may load.
    const requested: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      requested.push(url);
      return route.abort();
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('file://' + reportFile);
    await page.waitForFunction(() => document.querySelectorAll('.roothaan-plot .main-svg').length >= 3, undefined, { timeout: 30_000 });
    const shot = path.join(shots, 'report-failed.png');
    await page.screenshot({ path: shot, fullPage: true });
    // The two figures at full size, to look at.
    await page.locator('.roothaan-plot').nth(0).screenshot({ path: path.join(shots, 'report-failed-convergence.png') });
    await page.locator('.roothaan-plot').nth(1).screenshot({ path: path.join(shots, 'report-failed-orbitals.png') });
    assert.ok(fs.statSync(shot).size > 50_000, 'the screenshot is not blank');
    assert.equal(requested, []);

    const banner = await page.locator('.roothaan-banner').first();
    assert.ok(await banner.isVisible());
    assert.match(await banner.innerText(), new RegExp(`roothaan resume ${jobId}`));

    const boxes = (plot: number, selector: string): Promise<Box[]> =>
      page.evaluate(([i, sel]) => {
        const root = document.querySelectorAll('.roothaan-plot')[i as number]!;
        return [...root.querySelectorAll(sel as string)].map((e) => {
          const r = e.getBoundingClientRect();
          // Plotly wraps superscripts in zero-width spaces: '10\u200b−6\u200b'.
          return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, text: (e.textContent ?? '').replace(/\u200b/g, '') };
        }).filter((b) => b.right > b.left);
      }, [plot, selector] as const);

    // Convergence (plot 0): four panels, log axes; each axis's tick labels and title apart.
    for (const axis of ['y', 'y2', 'y3', 'y4']) {
      const ticks = await boxes(0, `.${axis}tick text`);
      const title = await boxes(0, `.${axis}title`);
      assert.ok(ticks.length >= 2, `${axis}: ${ticks.length} tick labels`);
      assert.is(title.length, 1, `${axis} has a title`);
      assertApart([...ticks, ...title], `convergence ${axis}`);
      // Powers of ten (1, 2 or 5 times) with a superscript exponent: '10−6', '2×10−3', or '1', '20'.
      for (const t of ticks) assert.match(t.text, /^([125]|[125]0|([25]×)?10−\d+)$/, `${axis} tick '${t.text}'`);
    }
    const iterationTicks = await boxes(0, '.x4tick text');
    assert.ok(iterationTicks.length >= 3, `${iterationTicks.length} iteration ticks`);
    for (const t of iterationTicks) assert.match(t.text, /^\d+$/, `iteration tick '${t.text}' is a whole number`);
    assertApart([...iterationTicks, ...(await boxes(0, '.x4title'))], 'iteration axis');

    // Orbital levels (plot 1): HOMO/LUMO labels and occupation marks, none on another.
    const labels = await boxes(1, '.annotation-text-g text, .annotation text');
    const marks = await boxes(1, '.textpoint text');
    assert.ok(labels.length >= 2, `${labels.length} HOMO/LUMO labels`);
    assert.ok(labels.some((l) => /^HOMO/.test(l.text)) && labels.some((l) => /^LUMO/.test(l.text)));
    assert.is(marks.length, 5, 'five doubly occupied levels, each with its ↑↓');
    assertApart([...new Map([...labels, ...marks].map((b) => [`${b.text}@${b.left},${b.top}`, b])).values()], 'orbital levels');
    assertApart([...(await boxes(1, '.ytick text')), ...(await boxes(1, '.ytitle'))], 'orbital energy axis');

    // Timings (plot 2): whole-number iteration ticks.
    for (const t of await boxes(2, '.xtick text')) assert.match(t.text, /^\d+$/, `timing tick '${t.text}'`);
  } finally {
    await context.close();
  }
});

test.after(() => {
  if (process.env['ROOTHAAN_SCREENSHOT_DIR'] === undefined) fs.rmSync(tmp, { recursive: true, force: true });
});

test.run();
