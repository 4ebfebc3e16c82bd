/**
 * The Plotly figure as plain data: what the figure builders return, what the notebook displays
 * and what the standalone page embeds (Plotly's JSON chart schema,
 * https://plotly.com/javascript/reference/).
 */

/** One Plotly trace (`type`, `x`, `y`, `z`, `mode`, `name`, …), as plain JSON. */
export interface PlotlyTrace {
  readonly type: string;
  readonly [key: string]: unknown;
}

/** A Plotly figure: traces and layout, plain JSON (no functions, no typed arrays). */
export interface PlotlyFigure {
  readonly data: readonly PlotlyTrace[];
  readonly layout: Readonly<Record<string, unknown>>;
}

/** Plotly's display options used for every figure: responsive, no Plotly logo, no network. */
export const PLOTLY_CONFIG: Readonly<Record<string, unknown>> = Object.freeze({
  responsive: true,
  displaylogo: false,
  showLink: false,
  // Never typeset with MathJax or fetch map data: figures must work offline.
  typesetMath: false,
});

/**
 * The height of a figure in pixels: its layout's `height`, or Plotly's default 450.
 *
 * @example
 * ```ts
 * figureHeight({ data: [], layout: { height: 600 } }); // 600
 * ```
 */
export function figureHeight(figure: PlotlyFigure): number {
  const h = figure.layout['height'];
  return typeof h === 'number' && h > 0 ? h : 450;
}

/**
 * The figure's title text, if it has one.
 *
 * @example
 * ```ts
 * figureTitle({ data: [], layout: { title: { text: 'Convergence' } } }); // 'Convergence'
 * ```
 */
export function figureTitle(figure: PlotlyFigure): string | undefined {
  const t = figure.layout['title'];
  if (typeof t === 'string') return t;
  if (t !== null && typeof t === 'object' && typeof (t as { text?: unknown }).text === 'string') return (t as { text: string }).text;
  return undefined;
}
