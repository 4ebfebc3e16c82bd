/**
 * Readable Plotly axes shared by the figures: whole-number iteration ticks, log axes with one
 * label per decade (or per few decades) in 10ⁿ form, and titles that never sit on their ticks
 * (`automargin` grows the margin to fit the tick labels, `standoff` keeps the title clear of them;
 * https://plotly.com/javascript/reference/layout/xaxis/#layout-xaxis-title-standoff).
 *
 * @packageDocumentation
 */

/** The step 1, 2 or 5 × 10ᵏ (an integer ≥ 1) closest above `raw`. */
function niceIntegerStep(raw: number): number {
  if (!(raw > 1)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

/**
 * An iteration axis: linear ticks at whole iterations only (`tickformat: 'd'`), every iteration
 * up to 10 iterations, else every 2, 5, 10, … so that about 10 ticks show.
 *
 * @param lastIteration the highest iteration number on the axis.
 * @example
 * ```ts
 * iterationAxis(3).dtick; // 1
 * iterationAxis(42).dtick; // 5
 * ```
 */
export function iterationAxis(lastIteration: number, title = 'iteration'): Record<string, unknown> {
  return {
    title: { text: title, standoff: 8 },
    tickmode: 'linear',
    tick0: 0,
    dtick: niceIntegerStep(lastIteration / 10),
    tickformat: 'd',
    automargin: true,
  };
}

/**
 * A log axis for positive values (errors, |E − E_final|): ticks at powers of ten written 10ⁿ, one
 * every `dtick` decades so that at most about 6 labels show, the title clear of the labels.
 *
 * @param values the values drawn on the axis (zero, negative and missing ones are ignored).
 * @example
 * ```ts
 * logAxis('RMS ΔD', [1e-1, 1e-9]).dtick; // 2 (8 decades)
 * ```
 */
export function logAxis(title: string, values: ReadonlyArray<number | null | undefined>): Record<string, unknown> {
  const logs = values.filter((v): v is number => typeof v === 'number' && v > 0 && Number.isFinite(v)).map(Math.log10);
  const decades = logs.length === 0 ? 0 : Math.max(...logs) - Math.min(...logs);
  return {
    title: { text: title, standoff: 10 },
    type: 'log',
    exponentformat: 'power',
    dtick: Math.max(1, Math.ceil(decades / 6)),
    automargin: true,
  };
}
