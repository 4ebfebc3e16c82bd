import { HARTREE_IN_EV } from '../constants';
import { InvalidInputError } from '../errors';
import type { PlotlyFigure, PlotlyTrace } from './figure';

/**
 * Orbital energies and occupations, one array per spin: RHF [ε] with occupations 2/0, UHF
 * [ε^α, ε^β] with 1/0. `scf.ScfResult` has exactly these two fields.
 */
export interface OrbitalLevels {
  /** Orbital energies in hartree, one array per spin. */
  readonly orbitalEnergies: readonly ArrayLike<number>[];
  /** Occupation numbers, one array per spin, same lengths (default: none occupied). */
  readonly occupations?: readonly ArrayLike<number>[];
}

/** Options of {@link orbitalLevelsFigure}. */
export interface OrbitalLevelsOptions {
  /** Energy unit of the y axis (default 'hartree'). */
  unit?: 'hartree' | 'eV';
  /** Show only orbitals with energies in this window (in `unit`); default all. */
  window?: readonly [number, number];
  /** Figure title (default 'Orbital energies'). */
  title?: string;
  /** Levels closer than this (hartree) are drawn side by side as degenerate (default 1e-4). */
  degeneracyTolerance?: number;
  /** Figure height in pixels (default 550). */
  height?: number;
  /**
   * Levels below this energy (hartree, default −3) are drawn in a small panel of their own under
   * the valence levels, so that deep core orbitals (−20.2 Eh for O 1s) do not squash the valence
   * ones. Only when there are levels on both sides.
   */
  coreCutoff?: number;
}

/** The room an occupation mark (↑↓ at 13 px) takes, in pixels: marks closer than this are left out. */
const MARK_PX = { width: 22, height: 15 };
/** The vertical room of a HOMO/LUMO label (11 px text), in pixels. */
const LABEL_PX = 15;

/** One drawn level: a degenerate group member. */
interface Placed {
  index: number;
  energy: number;
  occupation: number;
  slot: number;
  slots: number;
}

function placeLevels(energies: ArrayLike<number>, occupations: ArrayLike<number> | undefined, tol: number): Placed[] {
  const order = Array.from({ length: energies.length }, (_, i) => i).sort((a, b) => energies[a]! - energies[b]!);
  const out: Placed[] = [];
  let group: number[] = [];
  const flush = (): void => {
    group.forEach((index, slot) =>
      out.push({ index, energy: energies[index]!, occupation: occupations?.[index] ?? 0, slot, slots: group.length }),
    );
    group = [];
  };
  for (const i of order) {
    if (group.length > 0 && Math.abs(energies[i]! - energies[group[0]!]!) > tol) flush();
    group.push(i);
  }
  flush();
  return out;
}

/**
 * An orbital energy level diagram: each molecular orbital a short horizontal line at its energy,
 * degenerate orbitals side by side, occupied levels solid with their occupation marked
 * (↑↓ for 2, ↑ or ↓ for 1; levels a few pixels apart get their marks side by side, and a mark
 * with no room left is left out, the hover text still giving every occupation), virtual levels grey. RHF draws one column; UHF draws α and β
 * columns. HOMO and LUMO (per spin) are labelled right of their column (labels pushed apart so
 * they never overlap) and in the hover text. Core levels (below
 * `coreCutoff`) get a compact panel of their own.
 * Orbital energies are eigenvalues of the Roothaan–Hall equations FC = SCε (Szabo & Ostlund
 * Eq. 3.139).
 *
 * @example
 * ```ts
 * const result = scf.run(problem);
 * orbitalLevelsFigure(result, { unit: 'eV' });
 * ```
 */
export function orbitalLevelsFigure(levels: OrbitalLevels, options: OrbitalLevelsOptions = {}): PlotlyFigure {
  const spins = levels.orbitalEnergies;
  if (spins.length < 1 || spins.length > 2) {
    throw new InvalidInputError(`orbitalEnergies must hold one (RHF) or two (UHF) arrays, got ${spins.length}`, { field: 'orbitalEnergies' });
  }
  if (levels.occupations !== undefined && levels.occupations.length !== spins.length) {
    throw new InvalidInputError('occupations must have one array per spin, like orbitalEnergies', { field: 'occupations' });
  }
  spins.forEach((e, s) => {
    if (levels.occupations?.[s] !== undefined && levels.occupations[s]!.length !== e.length) {
      throw new InvalidInputError(`occupations[${s}] has ${levels.occupations[s]!.length} entries, orbitalEnergies[${s}] ${e.length}`, { field: 'occupations' });
    }
  });
  const unit = options.unit ?? 'hartree';
  const scale = unit === 'eV' ? HARTREE_IN_EV : 1;
  const tol = options.degeneracyTolerance ?? 1e-4;
  const coreCutoff = options.coreCutoff ?? -3;
  const window = options.window;
  const spinNames = spins.length === 1 ? [''] : ['α', 'β'];
  const width = 0.8;
  // Each spin column: its levels on [s·PITCH, s·PITCH + width], its HOMO/LUMO labels to the right.
  const PITCH = 1.6;
  const height = options.height ?? 550;
  const figureWidth = spins.length === 1 ? 560 : 820;
  const margin = { l: 80, r: 20, t: 60, b: 60 };
  // Two panels when deep core levels would squash the valence ones: [valence, core].
  const all = spins.flatMap((e) => Array.from(e));
  const inWindow = (e: number): boolean => window === undefined || (e * scale >= window[0] && e * scale <= window[1]);
  const hasCore = all.some((e) => e < coreCutoff && inWindow(e));
  const split = hasCore && all.some((e) => e >= coreCutoff && inWindow(e));
  const panels = split ? 2 : 1;
  const panelOf = (energy: number): number => (split && energy < coreCutoff ? 1 : 0);
  // Each panel's y range (in `unit`), set explicitly so that label spacing can be worked out in pixels.
  const domains: Array<[number, number]> = split ? [[0.3, 1], [0, 0.2]] : [[0, 1]];
  const ranges = domains.map((_, k) => {
    const ys = all.filter((e) => inWindow(e) && panelOf(e) === k).map((e) => e * scale);
    const lo = Math.min(...ys), hi = Math.max(...ys);
    const pad = hi > lo ? 0.08 * (hi - lo) : Math.max(0.1 * Math.abs(lo), 0.1 * scale);
    return ys.length === 0 ? undefined : ([lo - pad, hi + pad] as [number, number]);
  });
  const xRange: [number, number] = [-0.15, (spins.length - 1) * PITCH + 1.6];
  const pxPerX = (figureWidth - margin.l - margin.r) / (xRange[1] - xRange[0]);
  /** Pixels per `unit` of energy in panel k (the plot area less a legend row, a lower bound). */
  const pxPerY = (k: number): number => {
    const r = ranges[k];
    const [d0, d1] = domains[k]!;
    return r === undefined ? 1 : ((height - margin.t - margin.b - 30) * (d1 - d0)) / (r[1] - r[0]);
  };
  const annotations: Record<string, unknown>[] = [];
  const segs = Array.from({ length: panels }, () => ({
    occ: { x: [] as Array<number | null>, y: [] as Array<number | null>, text: [] as string[] },
    virt: { x: [] as Array<number | null>, y: [] as Array<number | null>, text: [] as string[] },
    mark: { x: [] as number[], y: [] as number[], text: [] as string[] },
  }));
  spins.forEach((energies, s) => {
    const placed = placeLevels(energies, levels.occupations?.[s], tol);
    const occupied = placed.filter((p) => p.occupation > 0);
    const virtuals = placed.filter((p) => p.occupation <= 0);
    const homo = occupied.length > 0 ? occupied.reduce((a, b) => (b.energy > a.energy ? b : a)).index : -1;
    const lumo = virtuals.length > 0 ? virtuals.reduce((a, b) => (b.energy < a.energy ? b : a)).index : -1;
    // Occupation marks already drawn in this column, in pixels, per panel: a mark that would touch one is left out.
    const marks: Array<Array<[number, number]>> = domains.map(() => []);
    const labels: Array<{ k: number; y: number; text: string }> = [];
    for (const p of placed) {
      if (!inWindow(p.energy)) continue;
      const e = p.energy * scale;
      const k = panelOf(p.energy);
      const panel = segs[k]!;
      const w = width / p.slots;
      const x0 = s * PITCH + p.slot * w + 0.06 * w;
      const x1 = s * PITCH + (p.slot + 1) * w - 0.06 * w;
      const tag = p.index === homo ? ' (HOMO)' : p.index === lumo ? ' (LUMO)' : '';
      const label = `MO ${p.index + 1}${spinNames[s] ? ' ' + spinNames[s] : ''}${tag}: ${e.toFixed(unit === 'eV' ? 3 : 6)} ${unit === 'eV' ? 'eV' : 'Eh'}, occupation ${p.occupation}`;
      const target = p.occupation > 0 ? panel.occ : panel.virt;
      target.x.push(x0, x1, null);
      target.y.push(e, e, null);
      target.text.push(label, label, '');
      if (p.occupation > 0) {
        // The mark goes in the middle of its line, or, if it would touch a mark already drawn, as
        // near the middle as it fits (levels a few pixels apart get their marks side by side).
        const yPx = e * pxPerY(k);
        const xMid = (x0 + x1) / 2;
        const step = (MARK_PX.width + 4) / pxPerX;
        const xs = [0, -1, 1, -2, 2, -3, 3].map((j) => xMid + j * step).filter((x) => x - step / 2 >= x0 && x + step / 2 <= x1);
        const x = xs.find((c) => !marks[k]!.some(([mx, my]) => Math.abs(mx - c * pxPerX) < MARK_PX.width && Math.abs(my - yPx) < MARK_PX.height));
        if (x !== undefined) {
          marks[k]!.push([x * pxPerX, yPx]);
          panel.mark.x.push(x);
          panel.mark.y.push(e);
          panel.mark.text.push(p.occupation >= 2 ? '↑↓' : s === 1 ? '↓' : '↑');
        }
      }
      if (tag !== '') labels.push({ k, y: e, text: `${tag.slice(2, -1)}${spinNames[s] ? ' ' + spinNames[s] : ''} ${e.toFixed(unit === 'eV' ? 2 : 4).replace('-', '−')} ${unit === 'eV' ? 'eV' : 'Eh'}` });
    }
    // HOMO and LUMO labels right of the column, pushed apart (upwards) until they clear each other.
    for (let k = 0; k < domains.length; k++) {
      let previous = -Infinity;
      for (const l of labels.filter((q) => q.k === k).sort((a, b) => a.y - b.y)) {
        const want = l.y * pxPerY(k);
        const at = Math.max(want, previous + LABEL_PX);
        previous = at;
        annotations.push({
          x: s * PITCH + width + 0.05, y: l.y, xref: 'x', yref: k === 0 ? 'y' : 'y2', yshift: Math.round(at - want),
          text: l.text, showarrow: false, xanchor: 'left', yanchor: 'middle', font: { size: 11, color: '#333333' },
        });
      }
    }
  });
  const data: PlotlyTrace[] = [];
  segs.forEach((seg, k) => {
    const yaxis = k === 0 ? 'y' : 'y2';
    const first = k === 0;
    data.push(
      { type: 'scatter', mode: 'lines', name: 'occupied', legendgroup: 'occupied', showlegend: first, x: seg.occ.x, y: seg.occ.y, text: seg.occ.text, hoverinfo: 'text', yaxis, line: { color: '#1f77b4', width: 3 } },
      { type: 'scatter', mode: 'lines', name: 'virtual', legendgroup: 'virtual', showlegend: first, x: seg.virt.x, y: seg.virt.y, text: seg.virt.text, hoverinfo: 'text', yaxis, line: { color: '#999999', width: 3 } },
      { type: 'scatter', mode: 'text', name: 'occupation', x: seg.mark.x, y: seg.mark.y, text: seg.mark.text, textposition: 'top center', hoverinfo: 'skip', showlegend: false, yaxis, textfont: { size: 13, color: '#1f77b4' } },
    );
  });
  const tickvals = spins.map((_, s) => s * PITCH + width / 2);
  const yTitle = unit === 'eV' ? 'ε / eV' : 'ε / Eh';
  const range = (k: number): Record<string, unknown> => (ranges[k] === undefined ? {} : { range: ranges[k], autorange: false });
  const layout: Record<string, unknown> = {
    title: { text: options.title ?? 'Orbital energies', x: 0.02, xanchor: 'left' },
    height,
    width: figureWidth,
    xaxis: {
      tickvals, ticktext: spins.length === 1 ? ['MOs'] : ['α', 'β'], range: xRange,
      zeroline: false, showgrid: false, ...(split ? { anchor: 'y2' } : {}),
    },
    yaxis: { title: { text: split ? `${yTitle} (valence)` : yTitle, standoff: 10 }, automargin: true, zeroline: true, ...range(0), ...(split ? { domain: domains[0] } : {}) },
    annotations,
    hovermode: 'closest',
    legend: { orientation: 'h', y: -0.1 },
    margin,
  };
  if (split) {
    layout['yaxis2'] = {
      title: { text: `core (< ${(coreCutoff * scale).toFixed(unit === 'eV' ? 0 : 1)})`, standoff: 10 }, automargin: true, domain: domains[1], zeroline: false, ...range(1),
    };
  }
  return { data, layout };
}
