/**
 * The 3D views in a real browser: a standalone page built from the output bundles of
 * showMolecule and showOrbital, opened in Debian's Chromium through playwright-core (no browser
 * download, no network). WebGL runs headless on SwiftShader with the usual flags (ANGLE picks its
 * Vulkan SwiftShader device; no --use-angle or --enable-unsafe-swiftshader was needed with
 * Chromium 1xx on Debian). The page defines an AMD `define` first, as require.js does in classic
 * Notebook, so 3Dmol.js must load without registering itself as a module.
 *
 * The pixel check: the HOMO view's screenshot has pixels of both lobe colours (orange ψ > 0,
 * purple ψ < 0; hue within 20° of each, saturation above 0.35), which no atom colour (CPK red O,
 * white H) falls into; and with scripts off (an untrusted notebook) the text summary shows.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import * as geometry from '../../src/geometry';
import * as scf from '../../src/scf';
import { LOBE_COLORS, moleculeViewBundle, orbitalViewBundle } from '../../src/notebook';
import { CHROMIUM, IN_CI, referenceDir } from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-3d-'));
const shots = process.env['ROOTHAAN_SCREENSHOT_DIR'] ?? tmp;

const water = geometry.parse(fs.readFileSync(path.join(referenceDir, 'geometries', 'h2o_crawford.xyz'), 'utf8'), { filename: 'water.xyz' });
const prepared = scf.prepareCalculation(water, { basis_set: 'STO-3G' }, { threads: 1 });
const result = scf.run(prepared);
const source = { molecule: prepared.molecule, basis: prepared.basis, result };
const moleculeHtml = moleculeViewBundle(prepared.molecule)['text/html'] as string;
const homo = orbitalViewBundle(source, 'HOMO', { isovalue: 0.05, gridSpacing: 0.3 });
prepared.dispose();

const page =
  '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>3D views</title>\n' +
  // What require.js leaves on a classic Notebook page.
  '<script>window.define = function () { window.amdDefineCalled = true; }; window.define.amd = {};</script>\n' +
  `</head><body>\n<div id="molecule">${moleculeHtml}</div>\n<div id="homo">${homo['text/html'] as string}</div>\n</body></html>\n`;
const pageFile = path.join(tmp, 'views.html');
fs.writeFileSync(pageFile, page);

/** Hue (degrees), saturation and value of an RGB colour (0–255). */
function hsv(r: number, g: number, b: number): [number, number, number] {
  const max = Math.max(r, g, b), min = Math.min(r, g, b), d = max - min;
  let h = 0;
  if (d > 0) h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return [(h * 60 + 360) % 360, max === 0 ? 0 : d / max, max / 255];
}
const hueOf = (hex: string): number => hsv(parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16))[0];
const near = (h: number, target: number): boolean => Math.min(Math.abs(h - target), 360 - Math.abs(h - target)) <= 20;

async function launch(options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; requested: string[] }> {
  const profile = fs.mkdtempSync(path.join(tmp, 'chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM!,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 900, height: 1000 },
    ...options,
  });
  const requested: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    requested.push(url);
    return route.abort();
  });
  return { context, requested };
}

const withBrowser = CHROMIUM !== undefined || IN_CI ? test : test.skip;

withBrowser('in headless Chromium the molecule and the HOMO draw offline, with pixels of both lobe colours', async () => {
  assert.ok(CHROMIUM, 'chromium is installed (apt-get install chromium)');
  const { context, requested } = await launch();
  try {
    const tab = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    const started = Date.now();
    await tab.goto('file://' + pageFile);
    await tab.waitForFunction("document.querySelectorAll('[data-roothaan-drawn]').length === 2", undefined, { timeout: 60_000 });
    await tab.waitForTimeout(300);
    const drawnMs = Date.now() - started;
    console.log(`  both views drawn ${drawnMs} ms after navigation`);
    assert.equal(errors, []);
    assert.equal(requested, []);
    assert.is(await tab.evaluate('window.amdDefineCalled === true'), false, '3Dmol.js did not register as an AMD module');
    assert.is(await tab.locator('.roothaan-3d-fallback').count(), 0, 'the text fallbacks are replaced by the views');
    assert.is(await tab.locator('.roothaan-3d canvas').count(), 2);

    const shot = await tab.locator('#homo .roothaan-3d').screenshot({ path: path.join(shots, 'homo-3d.png') });
    await tab.locator('#molecule .roothaan-3d').screenshot({ path: path.join(shots, 'molecule-3d.png') });
    // Decode the PNG in the page (2D canvas) and return its RGBA bytes.
    // (Page code as strings: the tests compile without the DOM library.)
    const rgba = (await tab.evaluate(`(async () => {
      const img = new Image();
      img.src = 'data:image/png;base64,${shot.toString('base64')}';
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d');
      ctx.drawImage(img, 0, 0);
      return Array.from(ctx.getImageData(0, 0, img.width, img.height).data);
    })()`)) as number[];
    const counts = { positive: 0, negative: 0, background: 0, total: rgba.length / 4 };
    const hues = { positive: hueOf(LOBE_COLORS.positive), negative: hueOf(LOBE_COLORS.negative) };
    for (let i = 0; i < rgba.length; i += 4) {
      const [h, s, v] = hsv(rgba[i]!, rgba[i + 1]!, rgba[i + 2]!);
      if (s < 0.1 && v > 0.95) counts.background++;
      else if (s > 0.35 && near(h, hues.positive)) counts.positive++;
      else if (s > 0.35 && near(h, hues.negative)) counts.negative++;
    }
    console.log(`  HOMO view: ${counts.total} pixels, ${counts.background} background, ${counts.positive} orange (ψ > 0), ${counts.negative} purple (ψ < 0)`);
    assert.ok(counts.positive > 0.01 * counts.total, `orange pixels: ${counts.positive}`);
    assert.ok(counts.negative > 0.01 * counts.total, `purple pixels: ${counts.negative}`);
    assert.ok(counts.background < 0.97 * counts.total, 'the view is not blank');
  } finally {
    await context.close();
  }
});

withBrowser('with scripts off (an untrusted notebook) the views show their text summaries instead of a blank box', async () => {
  const { context } = await launch({ javaScriptEnabled: false });
  try {
    const tab = context.pages()[0] ?? (await context.newPage());
    await tab.goto('file://' + pageFile);
    const texts = await tab.locator('.roothaan-3d-fallback').allInnerTexts();
    assert.is(texts.length, 2);
    assert.match(texts[0]!, /^H2O: 3 atoms \(positions in Å\)\nO\s/);
    assert.match(texts[1]!, /^HOMO \(orbital 4 of 7, 0-based\): ε = -0\.\d+ Eh/);
    assert.ok(await tab.locator('.roothaan-3d-fallback').first().isVisible());
  } finally {
    await context.close();
  }
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
test.run();
