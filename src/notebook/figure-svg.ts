/**
 * A static SVG drawing of the figures this package builds (line/scatter convergence plots on
 * linear or log axes, orbital level diagrams, stacked bars, matrix heatmaps), made in the kernel
 * with no browser and no network. It is what a reader sees where scripts cannot run: an untrusted
 * notebook, nbconvert's HTML without plotly.js, a code host's notebook viewer. It follows the
 * Plotly figure (traces, axes, shapes, annotations) closely enough to read the numbers; it is not a
 * general Plotly renderer (hover, 3D and polar traces are not drawn).
 *
 * @packageDocumentation
 */
import { escapeHtml } from './html';
import { figureHeight, figureTitle, type PlotlyFigure, type PlotlyTrace } from './figure';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const VIRIDIS: Array<[number, string]> = [[0, '#440154'], [0.25, '#3b528b'], [0.5, '#21918c'], [0.75, '#5ec962'], [1, '#fde725']];
const SUPERSCRIPT: Record<string, string> = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '−': '⁻', '-': '⁻' };

/** Plotly's tick/title markup as plain text: `10<sup>−3</sup>` → `10⁻³`, other tags dropped. */
function plainText(text: string): string {
  return text
    .replace(/<sup>([^<]*)<\/sup>/g, (_m, s: string) => [...s].map((c) => SUPERSCRIPT[c] ?? c).join(''))
    .replace(/<br\s*\/?>/g, ' ')
    .replace(/<[^>]*>/g, '');
}

const titleText = (v: unknown): string => (typeof v === 'string' ? v : typeof obj(v)['text'] === 'string' ? (obj(v)['text'] as string) : '');

/** One axis as drawn: its pixel span, data range (log10 units on a log axis) and categories. */
interface Axis {
  key: string;
  spec: Obj;
  log: boolean;
  categories?: string[];
  lo: number;
  hi: number;
  p0: number;
  p1: number;
  reversed: boolean;
}

const axisKey = (ref: unknown, letter: 'x' | 'y'): string => {
  const r = typeof ref === 'string' ? ref.replace(/ domain$/, '') : letter;
  return r === letter || r === `${letter}1` ? `${letter}axis` : `${letter}axis${r.slice(1)}`;
};

/** The axis domain: its `domain`, else its row of a `grid` (top to bottom), else [0, 1]. */
function domainOf(key: string, layout: Obj): [number, number] {
  const d = obj(layout[key])['domain'];
  if (Array.isArray(d) && d.length === 2) return [Number(d[0]), Number(d[1])];
  const grid = obj(layout['grid']);
  const rows = num(grid['rows']) ?? 1;
  if (key.startsWith('y') && rows > 1) {
    const n = Number(key.slice(5) || '1');
    const gap = 0.1 / rows;
    return [1 - n / rows + (n < rows ? gap : 0), 1 - (n - 1) / rows - (n > 1 ? gap : 0)];
  }
  return [0, 1];
}

/** Positions of a trace's values on an axis: numbers, or category indices. */
function coords(values: unknown, axis: Axis): Array<number | null> {
  const list = Array.isArray(values) ? (values as unknown[]) : [];
  return list.map((v) => {
    if (axis.categories !== undefined) {
      const i = axis.categories.indexOf(String(v));
      return i < 0 ? null : i;
    }
    const n = num(v);
    if (n === null) return null;
    if (axis.log) return n > 0 ? Math.log10(n) : null;
    return n;
  });
}

const toPixel = (a: Axis, v: number): number => {
  const t = a.hi === a.lo ? 0.5 : (v - a.lo) / (a.hi - a.lo);
  return a.reversed ? a.p1 + (a.p0 - a.p1) * t : a.p0 + (a.p1 - a.p0) * t;
};

/** About `count` round linear ticks (1, 2 or 5 × 10ᵏ apart) between lo and hi. */
function niceTicks(lo: number, hi: number, count: number): number[] {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

function formatTick(v: number, spec: Obj, step: number): string {
  const f = spec['tickformat'];
  if (f === 'd') return String(Math.round(v));
  const fixed = typeof f === 'string' ? /^\.(\d+)f$/.exec(f) : null;
  if (fixed) return v.toFixed(Number(fixed[1])).replace('-', '−');
  const digits = step > 0 ? Math.max(0, Math.min(10, -Math.floor(Math.log10(step)))) : 2;
  return v.toFixed(digits).replace('-', '−');
}

/** The axis's ticks as [position in axis units, label]. */
function ticksOf(a: Axis): Array<[number, string]> {
  const s = a.spec;
  if (a.categories !== undefined) {
    const every = Math.max(1, Math.ceil(a.categories.length / 25));
    return a.categories.map((c, i) => [i, c] as [number, string]).filter(([i]) => i % every === 0);
  }
  const vals = s['tickvals'];
  if (Array.isArray(vals)) {
    const text = Array.isArray(s['ticktext']) ? (s['ticktext'] as unknown[]) : [];
    return vals
      .map((v, i): [number | null, string] => [num(v) === null ? null : a.log ? Math.log10(v as number) : (v as number), plainText(String(text[i] ?? v))])
      .filter((t): t is [number, string] => t[0] !== null && t[0] >= a.lo - 1e-9 && t[0] <= a.hi + 1e-9);
  }
  if (a.log) {
    const dtick = Math.max(1, Math.round(num(s['dtick']) ?? 1));
    const out: Array<[number, string]> = [];
    for (let k = Math.ceil(a.lo); k <= Math.floor(a.hi); k++) if (k % dtick === 0) out.push([k, plainText(k === 0 ? '1' : k === 1 ? '10' : `10<sup>${k < 0 ? '−' : ''}${Math.abs(k)}</sup>`)]);
    return out;
  }
  const dtick = num(s['dtick']);
  if (s['tickmode'] === 'linear' && dtick !== null && dtick > 0) {
    const tick0 = num(s['tick0']) ?? 0;
    const out: Array<[number, string]> = [];
    for (let v = tick0 + Math.ceil((a.lo - tick0) / dtick) * dtick; v <= a.hi + 1e-9; v += dtick) out.push([v, formatTick(v, s, dtick)]);
    return out;
  }
  // One tick per 40 px or so, at most 6.
  const ticks = niceTicks(a.lo, a.hi, Math.min(6, Math.max(2, Math.abs(a.p1 - a.p0) / 40)));
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : 0;
  return ticks.map((v) => [v, formatTick(v, s, step)]);
}

/** The colour at t ∈ [0, 1] on a Plotly colorscale ([[t, '#rrggbb'], …] or 'Viridis'). */
function colorAt(scale: unknown, t: number): string {
  const stops = Array.isArray(scale) ? (scale as Array<[number, string]>) : VIRIDIS;
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0.5));
  for (let i = 1; i < stops.length; i++) {
    const [t1, c1] = stops[i]!;
    const [t0, c0] = stops[i - 1]!;
    if (x <= t1) {
      const f = t1 > t0 ? (x - t0) / (t1 - t0) : 0;
      const rgb = [1, 3, 5].map((k) => Math.round(parseInt(c0.slice(k, k + 2), 16) * (1 - f) + parseInt(c1.slice(k, k + 2), 16) * f));
      return `rgb(${rgb.join(',')})`;
    }
  }
  return stops[stops.length - 1]?.[1] ?? '#000000';
}

const fmt = (v: number): string => (Math.round(v * 10) / 10).toString();
const text = (x: number, y: number, s: string, attrs = ''): string =>
  `<text x="${fmt(x)}" y="${fmt(y)}"${attrs}>${escapeHtml(plainText(s))}</text>`;

/** The traces' colour: line, then marker, then Plotly's default palette. */
function colorOf(t: PlotlyTrace, i: number): string {
  const c = obj(t['line'])['color'] ?? obj(t['marker'])['color'];
  return typeof c === 'string' ? c : PALETTE[i % PALETTE.length]!;
}

/**
 * Draws a figure as a standalone SVG document (a string): title, axes with their ticks and titles,
 * the traces, dashed threshold shapes, annotations and a legend row. Width is the layout's
 * `width` (default 700 px), height {@link figureHeight}.
 *
 * @example
 * ```ts
 * const svg = figureSvg(convergenceFigure(result.history));
 * svg.startsWith('<svg'); // true
 * ```
 */
export function figureSvg(figure: PlotlyFigure): string {
  const layout = figure.layout as Obj;
  const W = num(layout['width']) ?? 700;
  const H = figureHeight(figure);
  const m = obj(layout['margin']);
  const legendNames = figure.data.filter((t) => t['showlegend'] !== false && typeof t['name'] === 'string' && t.type !== 'heatmap');
  const L = num(m['l']) ?? 80, R = num(m['r']) ?? 20, T = num(m['t']) ?? 60;
  const B = Math.max(num(m['b']) ?? 60, 50) + (legendNames.length > 0 ? 20 : 0);
  const hasHeatmap = figure.data.some((t) => t.type === 'heatmap');
  const right = W - R - (hasHeatmap ? 50 : 0);
  const out: string[] = [];
  // Axes used by the traces, with their data ranges.
  const axes = new Map<string, Axis>();
  const getAxis = (key: string, letter: 'x' | 'y'): Axis => {
    let a = axes.get(key);
    if (a === undefined) {
      const spec = obj(layout[key]);
      const [d0, d1] = domainOf(key, layout);
      const p0 = letter === 'x' ? L + (right - L) * d0 : H - B - (H - B - T) * d0;
      const p1 = letter === 'x' ? L + (right - L) * d1 : H - B - (H - B - T) * d1;
      a = { key, spec, log: spec['type'] === 'log', lo: Infinity, hi: -Infinity, p0, p1, reversed: spec['autorange'] === 'reversed' };
      if (spec['type'] === 'category') a.categories = [];
      axes.set(key, a);
    }
    return a;
  };
  const pairs = figure.data.map((t) => {
    const x = getAxis(axisKey(t['xaxis'], 'x'), 'x');
    const y = getAxis(axisKey(t['yaxis'], 'y'), 'y');
    if (t.type === 'heatmap') {
      const z = Array.isArray(t['z']) ? (t['z'] as unknown[][]) : [];
      x.categories ??= [];
      y.categories ??= [];
      const xs = Array.isArray(t['x']) ? (t['x'] as unknown[]).map(String) : (z[0] ?? []).map((_, j) => String(j));
      const ys = Array.isArray(t['y']) ? (t['y'] as unknown[]).map(String) : z.map((_, i) => String(i));
      x.categories.push(...xs.filter((c) => !x.categories!.includes(c)));
      y.categories.push(...ys.filter((c) => !y.categories!.includes(c)));
    }
    return { t, x, y };
  });
  // Bars stack (layout.barmode 'stack') or sit side by side.
  const bars = figure.data.filter((t) => t.type === 'bar');
  const stack = layout['barmode'] === 'stack';
  const stacked = new Map<number, number>();
  for (const { t, x, y } of pairs) {
    if (x.categories !== undefined && t.type !== 'heatmap') {
      for (const v of Array.isArray(t['x']) ? (t['x'] as unknown[]) : []) if (!x.categories.includes(String(v))) x.categories.push(String(v));
    }
    const xs = coords(t['x'], x);
    const ys = coords(t['y'], y);
    const grow = (a: Axis, v: number | null): void => {
      if (v === null) return;
      a.lo = Math.min(a.lo, v);
      a.hi = Math.max(a.hi, v);
    };
    if (t.type === 'heatmap') continue;
    xs.forEach((v) => grow(x, v));
    if (t.type === 'bar') {
      grow(y, 0);
      xs.forEach((xv, i) => {
        if (xv === null || ys[i] === null || ys[i] === undefined) return;
        const base = stack ? (stacked.get(xv) ?? 0) : 0;
        if (stack) stacked.set(xv, base + ys[i]!);
        grow(y, base + ys[i]!);
      });
      grow(x, Math.min(...xs.filter((v): v is number => v !== null)) - 0.5);
      grow(x, Math.max(...xs.filter((v): v is number => v !== null)) + 0.5);
    } else ys.forEach((v) => grow(y, v));
  }
  for (const a of axes.values()) {
    const range = a.spec['range'];
    if (a.categories !== undefined) {
      a.lo = -0.5;
      a.hi = a.categories.length - 0.5;
    } else if (Array.isArray(range) && num(range[0]) !== null && num(range[1]) !== null) {
      a.lo = range[0] as number;
      a.hi = range[1] as number;
    } else if (!Number.isFinite(a.lo)) {
      a.lo = 0;
      a.hi = 1;
    } else {
      const pad = a.hi > a.lo ? 0.05 * (a.hi - a.lo) : a.log ? 0.5 : Math.max(0.5, 0.1 * Math.abs(a.lo));
      if (!(a.spec['rangemode'] === 'tozero' && a.lo === 0)) a.lo -= pad;
      a.hi += pad;
    }
  }
  out.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);
  const title = figureTitle(figure);
  if (title !== undefined) out.push(text(L, 28, title, ' font-size="16" fill="#222222"'));
  // Axis lines, ticks, grid lines and titles.
  for (const a of axes.values()) {
    const isX = a.key.startsWith('x');
    const other = [...axes.values()].find((b) => b.key.startsWith(isX ? 'y' : 'x') && pairs.some((p) => (isX ? p.x === a && p.y === b : p.y === a && p.x === b)));
    const showLabels = a.spec['showticklabels'] !== false;
    const top = isX && a.spec['side'] === 'top';
    const at = other === undefined ? (isX ? H - B : L) : isX ? (top ? Math.min(other.p0, other.p1) : Math.max(other.p0, other.p1)) : Math.min(other.p0, other.p1);
    const span = other === undefined ? [T, H - B] : [Math.min(other.p0, other.p1), Math.max(other.p0, other.p1)];
    out.push(isX ? `<line x1="${fmt(a.p0)}" y1="${fmt(at)}" x2="${fmt(a.p1)}" y2="${fmt(at)}" stroke="#444444"/>` : `<line x1="${fmt(at)}" y1="${fmt(a.p0)}" x2="${fmt(at)}" y2="${fmt(a.p1)}" stroke="#444444"/>`);
    for (const [v, label] of ticksOf(a)) {
      const p = toPixel(a, v);
      if (isX) {
        if (a.categories === undefined && a.spec['showgrid'] !== false) out.push(`<line x1="${fmt(p)}" y1="${fmt(span[0]!)}" x2="${fmt(p)}" y2="${fmt(span[1]!)}" stroke="#eeeeee"/>`);
        if (showLabels) {
          out.push(a.categories !== undefined
            ? text(p, top ? at - 6 : at + 12, label, ` font-size="10" text-anchor="${top ? 'start' : 'end'}" transform="rotate(-45 ${fmt(p)} ${fmt(top ? at - 6 : at + 12)})"`)
            : text(p, top ? at - 6 : at + 15, label, ' font-size="11" text-anchor="middle"'));
        }
      } else {
        if (a.categories === undefined && a.spec['showgrid'] !== false) out.push(`<line x1="${fmt(span[0]!)}" y1="${fmt(p)}" x2="${fmt(span[1]!)}" y2="${fmt(p)}" stroke="#eeeeee"/>`);
        if (showLabels) out.push(text(at - 6, p + 4, label, ` font-size="${a.categories === undefined ? 11 : 10}" text-anchor="end"`));
      }
    }
    const axisTitle = titleText(a.spec['title']);
    if (axisTitle !== '') {
      if (isX) out.push(text((a.p0 + a.p1) / 2, at + 34, axisTitle, ' font-size="12" text-anchor="middle"'));
      else {
        const x = Math.max(14, at - 62), y = (a.p0 + a.p1) / 2;
        out.push(text(x, y, axisTitle, ` font-size="12" text-anchor="middle" transform="rotate(-90 ${fmt(x)} ${fmt(y)})"`));
      }
    }
  }
  // Traces.
  const barWidth = bars.length > 0 ? 0.8 / (stack ? 1 : bars.length) : 0;
  const barBase = new Map<number, number>();
  pairs.forEach(({ t, x, y }, i) => {
    const color = colorOf(t, i);
    if (t.type === 'heatmap') {
      const z = Array.isArray(t['z']) ? (t['z'] as unknown[][]) : [];
      const flat = z.flat().map(num).filter((v): v is number => v !== null);
      const zmin = num(t['zmin']) ?? Math.min(...flat), zmax = num(t['zmax']) ?? Math.max(...flat);
      const w = Math.abs(toPixel(x, 1) - toPixel(x, 0)), h = Math.abs(toPixel(y, 1) - toPixel(y, 0));
      z.forEach((row, r) => row.forEach((v, c) => {
        const value = num(v);
        if (value === null) return;
        const px = toPixel(x, c) - w / 2, py = Math.min(toPixel(y, r - 0.5), toPixel(y, r + 0.5));
        out.push(`<rect x="${fmt(px)}" y="${fmt(py)}" width="${fmt(w + 0.3)}" height="${fmt(h + 0.3)}" fill="${colorAt(t['colorscale'], (value - zmin) / (zmax - zmin))}"/>`);
      }));
      // Colour bar with its end values.
      const cx = right + 15, y0 = T, y1 = H - B;
      for (let k = 0; k < 20; k++) out.push(`<rect x="${cx}" y="${fmt(y1 - ((k + 1) * (y1 - y0)) / 20)}" width="14" height="${fmt((y1 - y0) / 20 + 0.5)}" fill="${colorAt(t['colorscale'], (k + 0.5) / 20)}"/>`);
      out.push(text(cx + 7, y0 - 4, zmax.toPrecision(3), ' font-size="10" text-anchor="middle"'), text(cx + 7, y1 + 12, zmin.toPrecision(3), ' font-size="10" text-anchor="middle"'));
      return;
    }
    const xs = coords(t['x'], x), ys = coords(t['y'], y);
    if (t.type === 'bar') {
      const k = bars.indexOf(t);
      xs.forEach((xv, j) => {
        const yv = ys[j];
        if (xv === null || yv === null || yv === undefined) return;
        const base = stack ? (barBase.get(xv) ?? 0) : 0;
        if (stack) barBase.set(xv, base + yv);
        const cx = xv - 0.4 + (stack ? 0 : k * barWidth);
        const px0 = toPixel(x, cx), px1 = toPixel(x, cx + barWidth), py0 = toPixel(y, base), py1 = toPixel(y, base + yv);
        out.push(`<rect x="${fmt(Math.min(px0, px1))}" y="${fmt(Math.min(py0, py1))}" width="${fmt(Math.abs(px1 - px0))}" height="${fmt(Math.abs(py1 - py0))}" fill="${color}"/>`);
      });
      return;
    }
    const mode = typeof t['mode'] === 'string' ? (t['mode'] as string) : 'lines+markers';
    const points = xs.map((xv, j) => (xv === null || ys[j] === null || ys[j] === undefined ? null : [toPixel(x, xv), toPixel(y, ys[j]!)] as [number, number]));
    if (mode.includes('lines')) {
      const width = num(obj(t['line'])['width']) ?? 2;
      let run: string[] = [];
      const flush = (): void => {
        if (run.length > 1) out.push(`<polyline fill="none" stroke="${color}" stroke-width="${width}" points="${run.join(' ')}"/>`);
        run = [];
      };
      for (const p of points) {
        if (p === null) flush();
        else run.push(`${fmt(p[0])},${fmt(p[1])}`);
      }
      flush();
    }
    if (mode.includes('markers')) for (const p of points) if (p !== null) out.push(`<circle cx="${fmt(p[0])}" cy="${fmt(p[1])}" r="3" fill="${color}"/>`);
    if (mode.includes('text')) {
      const labels = Array.isArray(t['text']) ? (t['text'] as unknown[]) : [];
      const c = obj(t['textfont'])['color'];
      points.forEach((p, j) => {
        if (p !== null) out.push(text(p[0], p[1] - 3, String(labels[j] ?? ''), ` font-size="12" text-anchor="middle" fill="${typeof c === 'string' ? c : color}"`));
      });
    }
  });
  // Shapes (threshold lines) and annotations.
  for (const s of Array.isArray(layout['shapes']) ? (layout['shapes'] as unknown[]).map(obj) : []) {
    if (s['type'] !== 'line') continue;
    const x = axes.get(axisKey(s['xref'], 'x')), y = axes.get(axisKey(s['yref'], 'y'));
    if (x === undefined || y === undefined) continue;
    const px = (v: unknown): number => (String(s['xref']).endsWith('domain') ? x.p0 + (x.p1 - x.p0) * Number(v) : toPixel(x, coords([v], x)[0] ?? x.lo));
    const py = (v: unknown): number => (String(s['yref']).endsWith('domain') ? y.p0 + (y.p1 - y.p0) * Number(v) : toPixel(y, coords([v], y)[0] ?? y.lo));
    const line = obj(s['line']);
    out.push(`<line x1="${fmt(px(s['x0']))}" y1="${fmt(py(s['y0']))}" x2="${fmt(px(s['x1']))}" y2="${fmt(py(s['y1']))}" stroke="${typeof line['color'] === 'string' ? line['color'] : '#444444'}" stroke-width="1"${line['dash'] ? ' stroke-dasharray="5,4"' : ''}/>`);
  }
  for (const a of Array.isArray(layout['annotations']) ? (layout['annotations'] as unknown[]).map(obj) : []) {
    const x = axes.get(axisKey(a['xref'], 'x')), y = axes.get(axisKey(a['yref'], 'y'));
    const vx = x === undefined ? null : coords([a['x']], x)[0], vy = y === undefined ? null : coords([a['y']], y)[0];
    if (x === undefined || y === undefined || vx === null || vx === undefined || vy === null || vy === undefined) continue;
    const anchor = a['xanchor'] === 'left' ? 'start' : a['xanchor'] === 'right' ? 'end' : 'middle';
    out.push(text(toPixel(x, vx), toPixel(y, vy) + 4 - (num(a['yshift']) ?? 0), String(a['text'] ?? ''), ` font-size="11" text-anchor="${anchor}"`));
  }
  // Legend: one row under the plot.
  let lx = L;
  const seen = new Set<string>();
  legendNames.forEach((t) => {
    const name = t['name'] as string;
    if (seen.has(name)) return;
    seen.add(name);
    const color = colorOf(t, figure.data.indexOf(t));
    out.push(`<rect x="${fmt(lx)}" y="${H - 18}" width="14" height="4" fill="${color}"/>`, text(lx + 18, H - 12, name, ' font-size="11"'));
    lx += 30 + 6.5 * plainText(name).length;
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" fill="#222222">` +
    (title === undefined ? '' : `<title>${escapeHtml(plainText(title))}</title>`) +
    out.join('') +
    '</svg>'
  );
}
