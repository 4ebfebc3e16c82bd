import type { PlotlyFigure } from './figure';
import { figureBundle } from './figure-html';
import { display, resolveSink, type DisplayOptions } from './display-sink';
import { plotlySource } from './plotly-source';
import type { MoleculeLike } from './molecule-summary';
import { moleculeBundle } from './molecule-summary';

/**
 * Sends plotly.js (inlined from the npm package, no CDN) to the notebook page as an HTML output
 * (guarded by `window.Plotly`, so a page evaluates it once). Figures do not need it in a live
 * notebook: each loads plotly.js from the kernel's folder on the Jupyter server when the page has
 * none. Call it once near the top of a notebook that is read without a server (nbconvert's HTML,
 * nbviewer): the saved notebook then carries exactly one copy (~4.8 MB) and every figure below it
 * draws. It is sent on every call: the kernel does not remember what a page has (a reloaded or
 * reopened page has nothing). `force` is accepted for compatibility and changes nothing.
 *
 * @example
 * ```ts
 * loadPlotly();
 * ```
 */
export function loadPlotly(options: DisplayOptions & { force?: boolean } = {}): void {
  const sink = resolveSink(options.sink);
  sink.display({
    'text/html': `<script type="text/javascript">\nif (!window.Plotly) {\n${plotlySource()}\n}\n</script>`,
    'text/plain': '<plotly.js loaded>',
  });
}

/** Options of {@link displayFigure}. */
export interface DisplayFigureOptions extends DisplayOptions {
  /**
   * Put plotly.js in this figure's HTML (~4.8 MB; default false: the figure uses the page's
   * plotly.js, or loads it from the Jupyter server, see {@link figureHtml}). 'once' is accepted
   * for compatibility and means false: the kernel cannot know what a page already has.
   */
  includePlotly?: boolean | 'once';
}

/**
 * Displays a Plotly figure: the Plotly MIME bundle, an HTML rendering that needs no network and
 * shows a static image with a text summary until (or where scripts never) it draws, the SVG image
 * and the text (see {@link figureBundle}). The output can be replaced in place with a `displayId`.
 *
 * @example
 * ```ts
 * displayFigure(convergenceFigure(result.history));
 * ```
 */
export function displayFigure(figure: PlotlyFigure, options: DisplayFigureOptions = {}): void {
  const sink = resolveSink(options.sink);
  const include = options.includePlotly === true;
  display(figureBundle(figure, { includePlotly: include }), { sink, ...(options.displayId === undefined ? {} : { displayId: options.displayId }) });
}

/**
 * Displays a molecule summary (formula, charge, multiplicity, electrons, nuclear repulsion,
 * atoms in ångström and bohr) as an HTML table with a text fallback.
 *
 * @example
 * ```ts
 * displayMolecule(geometry.parse(xyz, { format: 'xyz' }));
 * ```
 */
export function displayMolecule(molecule: MoleculeLike, options: DisplayOptions = {}): void {
  display(moleculeBundle(molecule), options);
}

/**
 * Kept for notebooks written for earlier versions: it does nothing now, since no figure relies on
 * an earlier output having sent plotly.js (see {@link displayFigure}).
 *
 * @example
 * ```ts
 * resetPlotlyLoaded(); // no effect
 * ```
 */
export function resetPlotlyLoaded(): void {
  // Nothing is remembered per kernel any more.
}
