/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Drives classic Notebook 6 pages in Debian's Chromium (`/usr/bin/chromium`, never a downloaded
 * browser) through playwright-core, the way a user does: open a notebook, Cell ▸ Run All, reload
 * the tab, save, reopen, File ▸ Trust, Kernel ▸ Interrupt; then read what the page shows: cell
 * errors, whether every figure has drawn pixels, whether the static fallback of a figure is
 * visible. Every request that does not go to the notebook server is blocked (and recorded), so
 * a page that needs the network fails.
 *
 * One browser serves a whole test file: {@link launchNotebookBrowser} once, {@link NotebookBrowser.open}
 * per notebook.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { NotebookServer } from './notebook-server';

/** The Chromium flags of the project's browser tests (plus a fresh profile folder). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Debian's Chromium, or undefined. */
export const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));

/** One figure output as the page shows it. */
export interface FigureState {
  /** Index of the code cell (0-based among code cells). */
  cell: number;
  /** Plotly drew it: the div is a `js-plotly-plot` with its SVG, and its screenshot has non-background pixels. */
  drawn: boolean;
  /** Pixels of the figure's screenshot that are not the background (white). */
  inkPixels: number;
  /** Milliseconds from the output's script starting to the figure drawn (the loader records it), if drawn. */
  renderMs?: number;
  /** The static fallback image is visible, loaded, and its note has text. */
  fallbackVisible: boolean;
  /** The fallback's note text (summary and why no interactive figure). */
  note: string;
}

/** A cell's execution time, from the front end's execute to finished events. */
export interface CellTiming {
  cell: number;
  ms: number;
}

/** A notebook open in a tab. */
export interface NotebookTab {
  readonly page: Page;
  readonly name: string;
  /** Cell ▸ Run All, through the menu. */
  runAll(): Promise<void>;
  /** Waits until no cell is queued or running and the kernel is idle (default timeout 5 min). */
  waitIdle(timeoutMs?: number): Promise<void>;
  /** Reloads the tab (the kernel keeps running). */
  reload(): Promise<void>;
  /** File ▸ Save and Checkpoint, waiting for the save. */
  save(): Promise<void>;
  /** Closes the tab and opens the notebook again in a new one (the kernel keeps running). */
  reopen(): Promise<void>;
  /** File ▸ Trust Notebook and the dialog's Trust button; waits for the page to reload trusted. */
  trust(): Promise<void>;
  /** Kernel ▸ Interrupt, through the menu. */
  interrupt(): Promise<void>;
  /** Whether the notebook's outputs are trusted. */
  trusted(): Promise<boolean>;
  /** Error outputs (`ename: evalue`) and stderr streams, per code cell. */
  cellErrors(): Promise<string[]>;
  /**
   * Every figure output: Plotly divs (and any `<canvas>` in outputs, e.g. 3Dmol) with whether they
   * drew pixels. Waits up to `timeoutMs` (default 30 s) for figures still loading plotly.js.
   */
  figures(timeoutMs?: number): Promise<FigureState[]>;
  /** Like {@link figures}, true when there is at least one figure and every one is drawn. */
  figuresDrawn(timeoutMs?: number): Promise<boolean>;
  /** Cell timings recorded since the tab was opened. */
  timings(): Promise<CellTiming[]>;
  /** A full-page screenshot into the browser's screenshot folder; returns its path. */
  screenshot(label: string): Promise<string>;
  close(): Promise<void>;
}

/** The browser, for one server. */
export interface NotebookBrowser {
  /** Where screenshots go (a temporary folder, printed when created; never in the repository). */
  readonly screenshotDir: string;
  /** Requests to anything but the server, which were blocked. */
  readonly blocked: string[];
  /** Every request the server was sent (URLs, token included), in order. */
  readonly requested: string[];
  /** Opens `server.root/<name>` in a new tab and waits until the kernel is connected. */
  open(name: string): Promise<NotebookTab>;
  close(): Promise<void>;
}

type Win = {
  Jupyter: {
    notebook: {
      _fully_loaded: boolean;
      trusted: boolean;
      dirty: boolean;
      kernel: { is_connected(): boolean } | null;
      events: { on(e: string, f: (ev: unknown, d: { cell: { cell_type: string } }) => void): void; one(e: string, f: () => void): void };
      get_cells(): Array<{ cell_type: string; element: { hasClass(c: string): boolean }; output_area?: { outputs: Array<{ output_type: string; name?: string; ename?: string; evalue?: string; text?: string }> } }>;
      save_checkpoint(): void;
    };
  };
  __roothaanTimings: CellTiming[];
};

/** Counts the non-white pixels of a PNG in the page (a canvas decodes it; no image library needed). */
async function inkPixels(page: Page, png: Buffer): Promise<number> {
  return await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, img.width, img.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i]! < 235 || d[i + 1]! < 235 || d[i + 2]! < 235) n++;
    return n;
  }, png.toString('base64'));
}

/**
 * Launches Chromium for a notebook server (a persistent context on a fresh profile folder, since
 * the flags include one), blocking every request that is not for the server.
 *
 * @example
 * ```ts
 * const browser = await launchNotebookBrowser(server);
 * const tab = await browser.open('a.ipynb');
 * await tab.runAll(); await tab.waitIdle();
 * ```
 */
export async function launchNotebookBrowser(server: NotebookServer, options: { screenshotDir?: string } = {}): Promise<NotebookBrowser> {
  if (SYSTEM_CHROMIUM === undefined) throw new Error('chromium is not installed (apt-get install chromium)');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-chromium-profile-'));
  const screenshotDir = options.screenshotDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-browser-screenshots-'));
  fs.mkdirSync(screenshotDir, { recursive: true });
  process.stdout.write(`browser screenshots: ${screenshotDir}\n`);
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: SYSTEM_CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 900 },
  });
  const blocked: string[] = [];
  const requested: string[] = [];
  const origin = server.url.replace(/\/$/, '');
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith(origin)) requested.push(url);
    if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) await route.continue();
    else {
      blocked.push(url);
      await route.abort();
    }
  });
  const notebookUrl = (name: string): string => `${server.url}notebooks/${encodeURIComponent(name)}?token=${server.token}`;
  let shots = 0;

  async function waitLoaded(page: Page): Promise<void> {
    await page.waitForFunction(
      () => {
        const nb = (window as unknown as Win).Jupyter?.notebook;
        return nb !== undefined && nb._fully_loaded && nb.kernel !== null && nb.kernel.is_connected();
      },
      undefined,
      { timeout: 60_000, polling: 100 },
    );
    // Cell timings: the front end's execute and finished events.
    await page.evaluate(() => {
      const w = window as unknown as Win & { __roothaanStarts?: Map<unknown, number> };
      if (w.__roothaanTimings !== undefined) return;
      w.__roothaanTimings = [];
      const starts = new Map<unknown, number>();
      const nb = w.Jupyter.notebook;
      // Run All queues every cell at once: a cell's time runs from its execute or the previous
      // cell's end, whichever is later, to its own end.
      let lastEnd = 0;
      nb.events.on('execute.CodeCell', (_e, d) => void starts.set(d.cell, performance.now()));
      nb.events.on('finished_execute.CodeCell', (_e, d) => {
        const t0 = starts.get(d.cell);
        const now = performance.now();
        const codeCells = nb.get_cells().filter((c) => c.cell_type === 'code');
        if (t0 !== undefined) w.__roothaanTimings.push({ cell: codeCells.indexOf(d.cell as never), ms: now - Math.max(t0, lastEnd) });
        lastEnd = now;
      });
    });
  }

  async function menu(page: Page, top: string, item: string): Promise<void> {
    await page.click(top);
    await page.click(`${item} > a`);
  }

  async function open(name: string): Promise<NotebookTab> {
    let page = await context.newPage();
    await page.goto(notebookUrl(name));
    await waitLoaded(page);
    const tab: NotebookTab = {
      get page() {
        return page;
      },
      name,
      runAll: async () => menu(page, '#celllink', '#run_all_cells'),
      waitIdle: async (timeoutMs = 300_000) => {
        await page.waitForFunction(
          () => {
            const nb = (window as unknown as Win).Jupyter.notebook;
            const busy = nb.get_cells().some((c) => c.cell_type === 'code' && c.element.hasClass('running'));
            const idle = document.querySelector('#kernel_indicator_icon')?.classList.contains('kernel_idle_icon') ?? false;
            return !busy && idle;
          },
          undefined,
          { timeout: timeoutMs, polling: 200 },
        );
      },
      reload: async () => {
        await page.reload();
        await waitLoaded(page);
      },
      save: async () => {
        const saved = page.evaluate(() => new Promise<void>((resolve) => (window as unknown as Win).Jupyter.notebook.events.one('notebook_saved.Notebook', resolve)));
        await menu(page, '#filelink', '#save_checkpoint');
        await saved;
      },
      reopen: async () => {
        await page.close();
        page = await context.newPage();
        await page.goto(notebookUrl(name));
        await waitLoaded(page);
      },
      trust: async () => {
        await menu(page, '#filelink', '#trust_notebook');
        // The dialog's Trust button saves if needed, marks the notebook trusted and reloads the page.
        // Notebook 6 may stack the dialog twice for one menu click, one exactly over the other, so a
        // pointer click is refused (the other intercepts it): send the click to the button itself.
        const button = page.locator('.modal.in .modal-footer button.btn-danger', { hasText: 'Trust' }).first();
        await button.waitFor({ state: 'visible', timeout: 30_000 });
        await Promise.all([page.waitForEvent('load', { timeout: 60_000 }), button.dispatchEvent('click')]);
        await waitLoaded(page);
      },
      interrupt: async () => menu(page, '#kernellink', '#int_kernel'),
      trusted: async () => await page.evaluate(() => (window as unknown as Win).Jupyter.notebook.trusted),
      cellErrors: async () =>
        await page.evaluate(() =>
          (window as unknown as Win).Jupyter.notebook
            .get_cells()
            .filter((c) => c.cell_type === 'code')
            .flatMap((c, i) =>
              (c.output_area?.outputs ?? [])
                .filter((o) => o.output_type === 'error' || (o.output_type === 'stream' && o.name === 'stderr'))
                .map((o) => `code cell ${i + 1}: ${o.output_type === 'error' ? `${o.ename}: ${o.evalue}` : String(o.text)}`),
            ),
        ),
      figures: async (timeoutMs = 30_000) => {
        // Wait until every Plotly figure either drew or gave up (its loader wrote why), or time runs out.
        const settled = (): boolean =>
          [...document.querySelectorAll('.output_area .roothaan-plot')].every(
            (el) => el.classList.contains('js-plotly-plot') || !/needs a trusted notebook/.test(document.getElementById(`${el.id}-why`)?.textContent ?? ''),
          );
        await page.waitForFunction(settled, undefined, { timeout: timeoutMs, polling: 200 }).catch(() => undefined);
        const handles = await page.$$('.output_area .roothaan-plot, .output_area canvas');
        const out: FigureState[] = [];
        for (const h of handles) {
          // Plotly's own canvases belong to its figure, which is checked as a whole.
          if (await h.evaluate((el) => el.tagName === 'CANVAS' && el.closest('.js-plotly-plot') !== null)) continue;
          const info = await h.evaluate((el) => {
            const codeCells = [...document.querySelectorAll('.cell.code_cell')];
            const cell = codeCells.indexOf(el.closest('.cell.code_cell') as Element);
            const isPlot = el.classList.contains('roothaan-plot');
            const id = el.id;
            const fallback = isPlot ? document.getElementById(`${id}-static`) : null;
            const img = fallback?.querySelector('img') ?? null;
            const note = isPlot ? (document.getElementById(`${id}-note`)?.textContent ?? '') : '';
            // No named inner functions here: tsx would wrap them in a helper the page does not have.
            const shown = (el as HTMLElement).offsetParent !== null && el.getBoundingClientRect().height > 0;
            const fallbackShown = fallback !== null && fallback.offsetParent !== null && fallback.getBoundingClientRect().height > 0;
            return {
              cell,
              isPlot,
              plotly: !isPlot || (el.classList.contains('js-plotly-plot') && el.querySelector('svg.main-svg') !== null),
              shown,
              fallbackVisible: fallbackShown && img !== null && img.complete && img.naturalWidth > 0 && note.trim().length > 0,
              note,
              renderMs: (el as HTMLElement).dataset['roothaanRenderMs'],
            };
          });
          let ink = 0;
          if (info.shown) ink = await inkPixels(page, await h.screenshot());
          out.push({
            cell: info.cell,
            drawn: info.plotly && info.shown && ink > 200,
            inkPixels: ink,
            ...(info.renderMs === undefined ? {} : { renderMs: Number(info.renderMs) }),
            fallbackVisible: info.fallbackVisible,
            note: info.note,
          });
        }
        return out;
      },
      figuresDrawn: async (timeoutMs) => {
        const figures = await tab.figures(timeoutMs);
        return figures.length > 0 && figures.every((f) => f.drawn);
      },
      timings: async () => await page.evaluate(() => (window as unknown as Win).__roothaanTimings ?? []),
      screenshot: async (label) => {
        const file = path.join(screenshotDir, `${String(++shots).padStart(2, '0')}-${label.replace(/[^A-Za-z0-9._-]+/g, '_')}.png`);
        // Notebook 6 scrolls inside #site: make the window as tall as the notebook for the shot, then restore it.
        const height = await page.evaluate(() => (document.getElementById('notebook')?.scrollHeight ?? 800) + 160);
        await page.setViewportSize({ width: 1280, height: Math.min(height, 16_000) });
        await page.screenshot({ path: file });
        await page.setViewportSize({ width: 1280, height: 900 });
        return file;
      },
      close: async () => {
        await page.close();
      },
    };
    return tab;
  }

  return {
    screenshotDir,
    blocked,
    requested,
    open,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
