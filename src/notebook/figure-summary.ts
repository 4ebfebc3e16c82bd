/**
 * A figure in words: what a reader gets where neither scripts nor images show (a terminal, a
 * screen reader, a text-only viewer), and the `text/plain` of every displayed figure.
 *
 * @packageDocumentation
 */
import { figureTitle, type PlotlyFigure, type PlotlyTrace } from './figure';

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const short = (v: number): string => (v === 0 ? '0' : Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5 ? v.toExponential(2) : String(Number(v.toPrecision(6)))).replace('-', '−');
const range = (values: readonly number[]): string => {
  if (values.length === 0) return 'no values';
  const lo = Math.min(...values), hi = Math.max(...values);
  return lo === hi ? short(lo) : `${short(lo)} … ${short(hi)}`;
};

function traceLine(t: PlotlyTrace, i: number): string {
  const name = typeof t['name'] === 'string' ? t['name'] : `trace ${i + 1}`;
  if (t.type === 'heatmap') {
    const z = Array.isArray(t['z']) ? (t['z'] as unknown[][]) : [];
    const values = z.flat().filter(finite);
    return `heatmap ${z.length}×${z[0]?.length ?? 0}, values ${range(values)}`;
  }
  const xs = Array.isArray(t['x']) ? (t['x'] as unknown[]) : [];
  const ys = Array.isArray(t['y']) ? (t['y'] as unknown[]) : [];
  const ok = ys.map((y, j) => [xs[j], y] as const).filter(([, y]) => finite(y));
  const last = ok[ok.length - 1];
  const lastText = last === undefined || !finite(last[0]) ? '' : `, last ${short(last[1] as number)} at x = ${short(last[0])}`;
  return `${name}: ${ok.length} point${ok.length === 1 ? '' : 's'}, y ${range(ok.map(([, y]) => y as number))}${lastText}`;
}

/**
 * The figure as a few lines of text: its title and, per trace, the number of points, the range of
 * its values and its last point (heatmaps: size and value range). Text traces (occupation marks)
 * are left out.
 *
 * @example
 * ```ts
 * figureSummary(convergenceFigure(result.history)).split('\n')[0]; // 'Figure: SCF convergence (4 traces)'
 * ```
 */
export function figureSummary(figure: PlotlyFigure): string {
  const title = figureTitle(figure);
  const traces = figure.data.filter((t) => t['mode'] !== 'text');
  const head = `Figure${title === undefined ? '' : `: ${title}`} (${figure.data.length} trace${figure.data.length === 1 ? '' : 's'})`;
  return [head, ...traces.map((t, i) => `  ${traceLine(t, i)}`)].join('\n');
}
