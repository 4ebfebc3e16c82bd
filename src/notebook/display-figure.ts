import type { PlotlyFigure } from './figure';
import { figureBundle } from './figure-html';
import { display, resolveSink, type DisplayOptions } from './display-sink';
import { plotlySource } from './plotly-source';
import type { MoleculeLike } from './molecule-summary';
import { moleculeBundle } from './molecule-summary';

/** Whether plotly.js has been sent to the front end by this process (the kernel) already. */
let plotlySent = false;

/**
 * Sends plotly.js (inlined from the npm package, no CDN) to the notebook page as an HTML output,
 * once; later figures then only carry their data. {@link displayFigure} calls this by itself for
 * the first figure, so a notebook needs it only to re-load Plotly after that first output was
 * cleared. Pass `force` to send it again.
 *
 * @example
 * ```ts
 * loadPlotly({ force: true });
 * ```
 */
export function loadPlotly(options: DisplayOptions & { force?: boolean } = {}): void {
  if (plotlySent && !options.force) return;
  const sink = resolveSink(options.sink);
  sink.display({
    'text/html': `<script type="text/javascript">\nif (!window.Plotly) {\n${plotlySource()}\n}\n</script>`,
    'text/plain': '<plotly.js loaded>',
  });
  plotlySent = true;
}

/** Options of {@link displayFigure}. */
export interface DisplayFigureOptions extends DisplayOptions {
  /**
   * Put plotly.js in this figure's HTML: 'once' (default) for the first figure this kernel shows,
   * true for every figure (each output then stands alone, ~4.8 MB each), false never (call
   * {@link loadPlotly} first).
   */
  includePlotly?: boolean | 'once';
}

/**
 * Displays a Plotly figure: the Plotly MIME bundle with an HTML fallback that needs no network
 * (see {@link figureBundle}). The output can be replaced in place with a `displayId`.
 *
 * @example
 * ```ts
 * displayFigure(convergenceFigure(result.history));
 * ```
 */
export function displayFigure(figure: PlotlyFigure, options: DisplayFigureOptions = {}): void {
  const sink = resolveSink(options.sink);
  const mode = options.includePlotly ?? 'once';
  const include = mode === 'once' ? !plotlySent : mode;
  display(figureBundle(figure, { includePlotly: include }), { sink, ...(options.displayId === undefined ? {} : { displayId: options.displayId }) });
  if (include) plotlySent = true;
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
 * Forgets that plotly.js was sent, so the next figure carries it again (for tests, or after the
 * output that carried it was cleared).
 *
 * @example
 * ```ts
 * resetPlotlyLoaded();
 * displayFigure(figure); // includes plotly.js
 * ```
 */
export function resetPlotlyLoaded(): void {
  plotlySent = false;
}
