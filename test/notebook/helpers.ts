import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DisplaySink, MimeBundle } from '../../src/notebook';

export const repoRoot = path.resolve(__dirname, '..', '..');
/** The Psi4 reference data (test/reference). */
export const referenceDir = path.join(repoRoot, 'test', 'reference');

/** Debian's Chromium (no browser download): the path, or undefined when it is not installed. */
export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));

/** Debian's Jupyter tools, or undefined. */
export const NBCONVERT = fs.existsSync('/usr/bin/jupyter-nbconvert') ? '/usr/bin/jupyter-nbconvert' : undefined;

/** CI must run every test: a missing tool there is a failure, not a skip. */
export const IN_CI = process.env['CI'] === 'true';

/** The result of loading a page in headless Chromium. */
export interface RenderedPage {
  /** The DOM after scripts ran (`--dump-dom`). */
  dom: string;
  /** The screenshot file, when asked for. */
  screenshot?: string;
}

function chromiumArgs(profile: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-default-apps',
    `--user-data-dir=${profile}`,
    // Let the page's scripts run (Plotly draws asynchronously) before the DOM is dumped.
    '--virtual-time-budget=20000',
  ];
}

/**
 * Opens a local HTML file in headless Chromium with the network off for everything but the file,
 * returns the DOM after its scripts ran, and optionally takes a screenshot.
 */
export function renderInChromium(file: string, options: { screenshot?: string; width?: number; height?: number } = {}): RenderedPage {
  if (CHROMIUM === undefined) throw new Error('chromium is not installed (apt-get install chromium)');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-chromium-'));
  try {
    const url = 'file://' + path.resolve(file);
    const dump = spawnSync(CHROMIUM, [...chromiumArgs(profile), '--dump-dom', url], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
    if (dump.status !== 0) throw new Error(`chromium --dump-dom failed (${dump.status}): ${dump.stderr.slice(-2000)}`);
    const out: RenderedPage = { dom: dump.stdout };
    if (options.screenshot !== undefined) {
      const shot = spawnSync(
        CHROMIUM,
        [...chromiumArgs(profile), `--window-size=${options.width ?? 1200},${options.height ?? 2000}`, `--screenshot=${options.screenshot}`, url],
        { encoding: 'utf8', timeout: 120_000 },
      );
      if (shot.status !== 0 || !fs.existsSync(options.screenshot)) throw new Error(`chromium --screenshot failed: ${shot.stderr.slice(-2000)}`);
      out.screenshot = options.screenshot;
    }
    return out;
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/** Counts the plots Plotly drew: plot divs that Plotly marked `js-plotly-plot` and that hold an SVG. */
export function countRenderedPlots(dom: string): { plots: number; svgs: number } {
  const plots = (dom.match(/<div[^>]*class="[^"]*\broothaan-plot\b[^"]*\bjs-plotly-plot\b[^"]*"/g) ?? []).length;
  const svgs = (dom.match(/<svg[^>]*class="main-svg"/g) ?? []).length;
  return { plots, svgs };
}

/** The `src`/`href` URLs of a page's elements that point at the network. */
export function externalUrls(html: string): string[] {
  return [...html.matchAll(/<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?((?:https?:)?\/\/[^"'\s>]+)/gi)].map((m) => m[1]!);
}

/** A display sink that records what would have been sent to Jupyter: outputs shown, and updates by display id. */
export function recorder(): DisplaySink & { shown: Array<{ bundle: MimeBundle; displayId?: string }>; updates: Array<{ bundle: MimeBundle; displayId: string }> } {
  const shown: Array<{ bundle: MimeBundle; displayId?: string }> = [];
  const updates: Array<{ bundle: MimeBundle; displayId: string }> = [];
  return {
    shown,
    updates,
    display: (bundle, options) => void shown.push({ bundle, ...(options?.displayId ? { displayId: options.displayId } : {}) }),
    update: (bundle, displayId) => void updates.push({ bundle, displayId }),
  };
}
