import { randomBytes } from 'node:crypto';
import { escapeHtml, scriptJson } from './html';
import { PLOTLY_CONFIG, figureHeight, figureTitle, type PlotlyFigure } from './figure';
import { PLOTLY_MIME_TYPE, type MimeBundle } from './mime-bundle';
import { plotlySource } from './plotly-source';

/** Options of {@link figureHtml} and {@link figureBundle}. */
export interface FigureHtmlOptions {
  /**
   * Inline the plotly.js source in this HTML (guarded by `window.Plotly`, so it is evaluated at
   * most once per page). Without it the snippet waits up to 30 s for `window.Plotly` to appear
   * (from an earlier output, or the standalone page's head). Default true.
   */
  includePlotly?: boolean;
  /** The element id of the plot's div (default: a random one, unique per call). */
  id?: string;
}

/**
 * An HTML snippet that draws a figure with plotly.js: a `<div>` and an inline `<script>` calling
 * `Plotly.newPlot`. No external URL is referenced: plotly.js is inlined (see
 * {@link FigureHtmlOptions.includePlotly}). Works as JupyterLab's and classic Notebook's
 * `text/html` rendering (trusted outputs run their scripts) and inside any HTML page.
 *
 * @example
 * ```ts
 * const html = figureHtml({ data: [{ type: 'scatter', x: [1, 2], y: [3, 4] }], layout: {} });
 * ```
 */
export function figureHtml(figure: PlotlyFigure, options: FigureHtmlOptions = {}): string {
  const id = options.id ?? `roothaan-plot-${randomBytes(6).toString('hex')}`;
  const height = figureHeight(figure);
  const loader = options.includePlotly === false ? '' : `if (!window.Plotly) {\n${plotlySource()}\n}\n`;
  const label = figureTitle(figure);
  return (
    `<div id="${escapeHtml(id)}" class="roothaan-plot" style="width:100%;min-width:300px;height:${height}px"` +
    (label === undefined ? '' : ` aria-label="${escapeHtml(label)}"`) +
    `></div>\n<script type="text/javascript">\n${loader}` +
    `(function () {\n` +
    `  var figure = ${scriptJson({ data: figure.data, layout: figure.layout })};\n` +
    `  var config = ${scriptJson(PLOTLY_CONFIG)};\n` +
    `  var tries = 0;\n` +
    `  function draw() {\n` +
    `    var el = document.getElementById(${scriptJson(id)});\n` +
    `    if (window.Plotly && el) { window.Plotly.newPlot(el, figure.data, figure.layout, config); return; }\n` +
    `    if (++tries < 600) { setTimeout(draw, 50); return; }\n` +
    `    if (el) el.textContent = 'plotly.js is not loaded on this page: run notebook.loadPlotly({ force: true }) and show the figure again.';\n` +
    `  }\n` +
    `  draw();\n` +
    `})();\n</script>`
  );
}

/**
 * A figure as a Jupyter MIME bundle: `application/vnd.plotly.v1+json` ({data, layout}, rendered
 * natively where JupyterLab's Plotly renderer is installed), `text/html` ({@link figureHtml}, what
 * JupyterLab without that renderer, classic Notebook and nbconvert's HTML use) and `text/plain`.
 *
 * @example
 * ```ts
 * const bundle = figureBundle(convergenceFigure(history));
 * Object.keys(bundle); // ['application/vnd.plotly.v1+json', 'text/html', 'text/plain']
 * ```
 */
export function figureBundle(figure: PlotlyFigure, options: FigureHtmlOptions = {}): MimeBundle {
  const json = JSON.parse(scriptJson({ data: figure.data, layout: figure.layout })) as unknown;
  const title = figureTitle(figure);
  return {
    [PLOTLY_MIME_TYPE]: json,
    'text/html': figureHtml(figure, options),
    'text/plain': `<Plotly figure${title === undefined ? '' : `: ${title}`} (${figure.data.length} trace${figure.data.length === 1 ? '' : 's'})>`,
  };
}
