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

/** 10ᵏ times `m` as Plotly tick text: '1', '20', '5×10<sup>−3</sup>'. */
function powerText(m: number, k: number): string {
  if (k === 0 || k === 1) return String(m * 10 ** k);
  return `${m === 1 ? '' : `${m}×`}10<sup>${k < 0 ? '−' : ''}${Math.abs(k)}</sup>`;
}

/**
 * A log axis for positive values (errors, |E − E_final|): ticks at powers of ten written 10ⁿ, one
 * every `dtick` decades so that at most about 6 labels show; when the values span less than two
 * decades, at 1, 2 and 5 × 10ⁿ so that the axis still has a few labels. The title is kept clear of
 * the labels.
 *
 * @param values the values drawn on the axis (zero, negative and missing ones are ignored).
 * @example
 * ```ts
 * logAxis('RMS ΔD', [1e-1, 1e-9]).dtick; // 2 (8 decades)
 * logAxis('RMS ΔD', [1e-3, 4e-3]).ticktext; // ['10<sup>−3</sup>', '2×10<sup>−3</sup>', '5×10<sup>−3</sup>']
 * ```
 */
export function logAxis(title: string, values: ReadonlyArray<number | null | undefined>): Record<string, unknown> {
  const logs = values.filter((v): v is number => typeof v === 'number' && v > 0 && Number.isFinite(v)).map(Math.log10);
  const lo = Math.min(...logs), hi = Math.max(...logs);
  const decades = logs.length === 0 ? 0 : hi - lo;
  const axis = { title: { text: title, standoff: 10 }, type: 'log', exponentformat: 'power', automargin: true };
  if (logs.length === 0 || decades >= 2) return { ...axis, dtick: Math.max(1, Math.ceil(decades / 6)) };
  // Less than two decades: 1, 2, 5 × 10ᵏ from just below the smallest value to just above the largest.
  const tickvals: number[] = [], ticktext: string[] = [];
  for (let k = Math.floor(lo) ; k <= Math.ceil(hi); k++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** k;
      if (Math.log10(v) >= lo - 0.35 && Math.log10(v) <= hi + 0.35) {
        tickvals.push(Number(v.toPrecision(1)));
        ticktext.push(powerText(m, k));
      }
    }
  }
  return { ...axis, tickmode: 'array', tickvals, ticktext };
}
