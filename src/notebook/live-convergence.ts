/**
 * The live convergence figure of {@link watchScf}: the figure of `convergenceFigure`, with a
 * mark where the damping, the level shift, the DIIS/accelerator or the step changed, displayed
 * once and updated in place (by display id) at most every `intervalMs` as iterations arrive.
 *
 * While the SCF runs its final energy is unknown, so the top panel shows E itself and the lower
 * one |ΔE|, RMS ΔD and the DIIS error on a log axis with the thresholds drawn; when it ends the
 * top panel becomes |E − E_final| on a log axis (the error of each iteration's energy).
 *
 * @packageDocumentation
 */
import { convergenceFigure, type ConvergencePoint } from './convergence-figure';
import { displayFigure } from './display-figure';
import { figureBundle } from './figure-html';
import type { PlotlyFigure } from './figure';
import { newDisplayId, resolveSink, type DisplaySink } from './display-sink';

/**
 * An iteration as the live figure reads it: the convergence numbers and, when the record has
 * them (`scf.ScfIteration` does), the controls it ran with.
 *
 * @example
 * ```ts
 * const point: LivePoint = { iteration: 5, energy: -74.9, deltaE: -1e-5, rmsDeltaD: 1e-4, damping: 0.3, levelShift: 0, accelerator: 'cdiis' };
 * ```
 */
export interface LivePoint extends ConvergencePoint {
  /** The damping factor used (0 when off). */
  readonly damping?: number;
  /** The level shift applied, hartree (0 when off or below its cutoff). */
  readonly levelShift?: number;
  /** What extrapolated the Fock matrix ('none', 'cdiis', 'adiis+cdiis', …). */
  readonly accelerator?: string;
  /** 'roothaan', 'diis' or 'soscf'. */
  readonly step?: string;
}

/**
 * A change of controls between two iterations: from `iteration` on, `text` (e.g. "damping 0 → 0.3").
 *
 * @example
 * ```ts
 * const mark: ControlMark = { iteration: 6, text: 'damping 0 → 0.3' };
 * ```
 */
export interface ControlMark {
  readonly iteration: number;
  readonly text: string;
}

const shown = (v: number): string => (v === 0 ? '0' : Number(v.toPrecision(3)).toString());

/**
 * Where the controls changed: damping, level shift (on, off or a new value), the accelerator
 * (DIIS starting, ADIIS/EDIIS handing over to CDIIS) and second-order steps starting or ending.
 * Records without these fields mark nothing.
 *
 * @example
 * ```ts
 * controlChanges([{ iteration: 1, energy: -1, damping: 0 }, { iteration: 2, energy: -1.1, damping: 0.3 }]);
 * // [{ iteration: 2, text: 'damping 0 → 0.3' }]
 * ```
 */
export function controlChanges(records: readonly LivePoint[]): ControlMark[] {
  const marks: ControlMark[] = [];
  for (let k = 1; k < records.length; k++) {
    const a = records[k - 1]!, b = records[k]!;
    const texts: string[] = [];
    if (a.damping !== undefined && b.damping !== undefined && a.damping !== b.damping) texts.push(`damping ${shown(a.damping)} → ${shown(b.damping)}`);
    if (a.levelShift !== undefined && b.levelShift !== undefined && a.levelShift !== b.levelShift) {
      texts.push(b.levelShift === 0 ? 'level shift off' : `level shift ${shown(b.levelShift)} Eh`);
    }
    if (a.accelerator !== undefined && b.accelerator !== undefined && a.accelerator !== b.accelerator) texts.push(`${a.accelerator} → ${b.accelerator}`);
    if (a.step !== undefined && b.step !== undefined && (a.step === 'soscf') !== (b.step === 'soscf')) texts.push(b.step === 'soscf' ? 'SOSCF on' : 'SOSCF off');
    if (texts.length > 0) marks.push({ iteration: b.iteration, text: texts.join(', ') });
  }
  return marks;
}

/**
 * Options of {@link liveConvergenceFigure} and {@link LiveConvergence}.
 *
 * @example
 * ```ts
 * const options: LiveConvergenceOptions = { thresholds: { energy: 1e-10, density: 1e-8 }, intervalMs: 500 };
 * ```
 */
export interface LiveConvergenceOptions {
  /** Figure title (default 'SCF convergence'). */
  title?: string;
  /** The convergence thresholds, drawn as dashed lines (|ΔE| in hartree, RMS ΔD). */
  thresholds?: { energy?: number; density?: number };
  /** Least time between two updates of the figure, ms (default 500; the last one is always drawn). */
  intervalMs?: number;
  /** Where to display (default: the Jupyter kernel). */
  sink?: DisplaySink;
}

/**
 * The convergence figure of `records` with the control changes marked (a dotted line just
 * before the first iteration run with the new controls, labelled at the top). With
 * `finalEnergy` the top panel is |E − E_final| on a log axis; without it, E.
 *
 * @example
 * ```ts
 * const figure = liveConvergenceFigure(records, { thresholds: { energy: 1e-10, density: 1e-8 } }, result.energy);
 * ```
 */
export function liveConvergenceFigure(records: readonly LivePoint[], options: LiveConvergenceOptions = {}, finalEnergy?: number): PlotlyFigure {
  const base = convergenceFigure(records, {
    ...(options.title !== undefined ? { title: options.title } : {}),
    ...(options.thresholds !== undefined ? { thresholds: options.thresholds } : {}),
    ...(finalEnergy !== undefined ? { referenceEnergy: finalEnergy } : {}),
  });
  const marks = controlChanges(records);
  const layout = base.layout as Record<string, unknown>;
  const yaxis = (layout['yaxis'] ?? {}) as Record<string, unknown>;
  const shapes = [
    ...((layout['shapes'] as unknown[] | undefined) ?? []),
    ...marks.map((m) => ({ type: 'line', xref: 'x2', x0: m.iteration - 0.5, x1: m.iteration - 0.5, yref: 'paper', y0: 0, y1: 1, line: { color: '#7f7f7f', dash: 'dot', width: 1 } })),
  ];
  const annotations = marks.map((m) => ({
    xref: 'x2', x: m.iteration - 0.5, yref: 'paper', y: 1, yanchor: 'bottom', xanchor: 'left', showarrow: false, textangle: -30,
    text: m.text, font: { size: 10, color: '#555555' },
  }));
  return {
    data: base.data,
    layout: {
      ...layout,
      ...(finalEnergy !== undefined ? { yaxis: { ...yaxis, title: { text: '|E − E_final| / Eh', standoff: 10 } } } : {}),
      shapes,
      annotations,
      margin: { l: 90, r: 20, t: marks.length > 0 ? 110 : 60, b: 60 },
    },
  };
}

/**
 * A convergence figure that follows a running SCF: {@link add} each record, {@link finish}
 * with the final energy (or {@link flush} when the run was stopped). The figure is displayed at
 * the first record and then updated in place, at most every `intervalMs`.
 *
 * @example
 * ```ts
 * const live = new LiveConvergence({ thresholds: { energy: 1e-10, density: 1e-8 } });
 * for (const r of scf.iterate(prepared)) live.add(r);
 * live.finish(result.energy);
 * ```
 */
export class LiveConvergence {
  /** The records added so far (scalars only). */
  readonly records: LivePoint[] = [];
  /** The Jupyter display id of the figure's output. */
  readonly displayId: string = newDisplayId();
  /** How many times the figure was drawn (the first display and the updates). */
  draws = 0;
  private readonly options: LiveConvergenceOptions;
  private lastDraw = -Infinity;
  private pending = false;
  private finalEnergy: number | undefined;

  constructor(options: LiveConvergenceOptions = {}) {
    this.options = options;
  }

  /** Adds one record; redraws when `intervalMs` has passed since the last draw. */
  add(record: LivePoint): void {
    const { iteration, energy, deltaE, rmsDeltaD, diisError, damping, levelShift, accelerator, step } = record;
    this.records.push({ iteration, energy, deltaE, rmsDeltaD, diisError, damping, levelShift, accelerator, step } as LivePoint);
    this.pending = true;
    if (performance.now() - this.lastDraw >= (this.options.intervalMs ?? 500)) this.draw();
  }

  /** Draws what was added since the last draw (e.g. after an interrupt). */
  flush(): void {
    if (this.pending) this.draw();
  }

  /** Draws the final figure, with |E − E_final| when the final energy is given. */
  finish(finalEnergy?: number): void {
    this.finalEnergy = finalEnergy;
    this.draw();
  }

  /** The figure as it is now. */
  figure(): PlotlyFigure {
    return liveConvergenceFigure(this.records, this.options, this.finalEnergy);
  }

  private draw(): void {
    if (this.records.length === 0) return;
    const sink = resolveSink(this.options.sink);
    const figure = this.figure();
    if (this.draws === 0) {
      // The figure's own loader finds plotly.js (the page's, or the kernel folder's on the server):
      // a live figure never adds a copy of the library to the notebook.
      displayFigure(figure, { sink, displayId: this.displayId, includePlotly: false });
    } else {
      sink.update(figureBundle(figure, { includePlotly: false }), this.displayId);
    }
    this.draws++;
    this.lastDraw = performance.now();
    this.pending = false;
  }
}
