import { randomBytes } from 'node:crypto';
import { escapeHtml, scriptJson } from './html';
import { PLOTLY_CONFIG, figureHeight, figureTitle, type PlotlyFigure } from './figure';
import { figureSummary } from './figure-summary';
import { figureSvg } from './figure-svg';
import { PLOTLY_MIME_TYPE, type MimeBundle } from './mime-bundle';
import { plotlyFileName, plotlySource } from './plotly-source';
import { plotlyLoaderScript } from './plotly-loader';

/** Options of {@link figureHtml} and {@link figureBundle}. */
export interface FigureHtmlOptions {
  /**
   * Inline the plotly.js source in this HTML (guarded by `window.Plotly`, so it is evaluated at
   * most once per page). Without it the snippet uses the page's `window.Plotly` or, in a Jupyter
   * page, loads plotly.js once per page from the kernel's folder on the Jupyter server (see
   * {@link plotlyLoaderScript}); where neither works the static image stays. Default true.
   */
  includePlotly?: boolean;
  /** The element id of the plot's div (default: a random one, unique per call). */
  id?: string;
  /**
   * The Jupyter kernel (spec) name whose folder holds plotly.js (default: the environment variable
   * `ROOTHAAN_KERNEL_NAME` that `roothaan kernel install` puts in the kernel spec; a classic
   * Notebook page's running kernel is asked first).
   */
  kernelName?: string;
}

/** The static image as an `<img>` data URI: sanitizers of untrusted outputs keep it, where they drop inline `<svg>`. */
function staticImage(figure: PlotlyFigure, id: string): string {
  const svg = figureSvg(figure);
  const alt = figureSummary(figure).replace(/\s*\n\s*/g, '; ');
  return (
    `<div id="${escapeHtml(id)}-static" class="roothaan-static">` +
    `<img src="data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}" alt="${escapeHtml(alt)}" style="max-width:100%;height:auto">` +
    `<div id="${escapeHtml(id)}-note" class="roothaan-note" style="font:12px monospace;color:#555">` +
    // Lines end in <br>: the sanitizer of untrusted outputs drops the style that keeps newlines.
    `${figureSummary(figure).split('\n').map(escapeHtml).join('<br>')}<br><span id="${escapeHtml(id)}-why">(a static image: the interactive figure needs a trusted notebook, where its script runs)</span></div></div>`
  );
}

/**
 * An HTML snippet that draws a figure with plotly.js, and shows a static SVG image of it with a
 * text summary until it is drawn (or for good, where scripts do not run: an untrusted notebook, a
 * code host's viewer). No external URL is referenced: plotly.js is inlined (see
 * {@link FigureHtmlOptions.includePlotly}) or loaded from the Jupyter server the page came from.
 * Works as JupyterLab's and classic Notebook's `text/html` rendering and inside any HTML page.
 *
 * @example
 * ```ts
 * const html = figureHtml({ data: [{ type: 'scatter', x: [1, 2], y: [3, 4] }], layout: {} });
 * ```
 */
export function figureHtml(figure: PlotlyFigure, options: FigureHtmlOptions = {}): string {
  const id = options.id ?? `roothaan-plot-${randomBytes(6).toString('hex')}`;
  const height = figureHeight(figure);
  const inline = options.includePlotly === false ? '' : `if (!window.Plotly) {\n${plotlySource()}\n}\n`;
  const label = figureTitle(figure);
  const kernel = options.kernelName ?? process.env['ROOTHAAN_KERNEL_NAME'] ?? null;
  return (
    `<div id="${escapeHtml(id)}" class="roothaan-plot" style="display:none;width:100%;min-width:300px;height:${height}px"` +
    (label === undefined ? '' : ` aria-label="${escapeHtml(label)}"`) +
    `></div>\n${staticImage(figure, id)}\n<script type="text/javascript">\n${inline}` +
    plotlyLoaderScript({ id, data: figure.data, layout: figure.layout, config: PLOTLY_CONFIG, kernel, file: plotlyFileName() }) +
    `</script>`
  );
}

/**
 * A figure as a Jupyter MIME bundle: `application/vnd.plotly.v1+json` ({data, layout}, rendered
 * natively where JupyterLab's Plotly renderer is installed), `text/html` ({@link figureHtml}, what
 * JupyterLab without that renderer, classic Notebook and nbconvert's HTML use), `image/svg+xml`
 * (the static drawing, {@link figureSvg}) and `text/plain` ({@link figureSummary}).
 *
 * @example
 * ```ts
 * const bundle = figureBundle(convergenceFigure(history));
 * Object.keys(bundle); // ['application/vnd.plotly.v1+json', 'text/html', 'image/svg+xml', 'text/plain']
 * ```
 */
export function figureBundle(figure: PlotlyFigure, options: FigureHtmlOptions = {}): MimeBundle {
  const json = JSON.parse(scriptJson({ data: figure.data, layout: figure.layout })) as unknown;
  return {
    [PLOTLY_MIME_TYPE]: json,
    'text/html': figureHtml(figure, options),
    'image/svg+xml': figureSvg(figure),
    'text/plain': figureSummary(figure),
  };
}
