/**
 * Renders a Plotly figure to a PNG file in Debian's Chromium (`/usr/bin/chromium`, through
 * playwright-core; no browser is downloaded), with the bundled plotly.js-dist-min and no
 * network: a dev tool of the benchmarks, not part of the library.
 */
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** A Plotly figure: traces and layout as Plotly.newPlot takes them. */
export interface PlotlyFigure {
  readonly data: unknown[];
  readonly layout: Record<string, unknown>;
}

/**
 * Draws `figure` and writes it as a PNG of width × height CSS pixels (scale 2) to `file`.
 *
 * @example
 * ```ts
 * await renderPng({ data: [{ x: [1, 2], y: [1, 4] }], layout: {} }, '/tmp/plot.png', 800, 500);
 * ```
 */
export async function renderPng(figure: PlotlyFigure, file: string, width: number, height: number): Promise<void> {
  if (CHROMIUM === undefined) throw new Error('no /usr/bin/chromium (apt-get install chromium): cannot render the PNG');
  const profile = mkdtempSync(path.join(tmpdir(), 'roothaan-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
  try {
    const page = await context.newPage();
    await page.setContent('<!doctype html><html><body><div id="plot"></div></body></html>');
    await page.addScriptTag({ path: require.resolve('plotly.js-dist-min') });
    const dataUrl = await page.evaluate(
      async ({ fig, w, h }) => {
        const P = (globalThis as unknown as { Plotly: { newPlot: (...a: unknown[]) => Promise<unknown>; toImage: (...a: unknown[]) => Promise<string> } }).Plotly;
        const gd = await P.newPlot('plot', fig.data, { ...fig.layout, width: w, height: h });
        return P.toImage(gd, { format: 'png', width: w, height: h, scale: 2 });
      },
      { fig: figure, w: width, h: height },
    );
    writeFileSync(file, Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
