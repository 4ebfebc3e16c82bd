import { InvalidInputError } from '../errors';
import { iterationAxis, logAxis } from './axes';
import type { PlotlyFigure, PlotlyTrace } from './figure';

/**
 * What the convergence figures read from one iteration. The SCF's iteration records
 * (`scf.ScfIteration`, `scf.ScfIterationSummary`, a stored job's iteration events) have these
 * fields; any object with them will do.
 */
export interface ConvergencePoint {
  /** Iteration number (1-based). */
  readonly iteration: number;
  /** Total energy in hartree. */
  readonly energy: number;
  /** Energy change from the previous iteration in hartree (NaN or missing for the first). */
  readonly deltaE?: number;
  /** RMS change of the density matrix (dimensionless). */
  readonly rmsDeltaD?: number;
  /** RMS orbital gradient / DIIS error (hartree). */
  readonly diisError?: number;
}

/** Options of {@link convergenceFigure}. */
export interface ConvergenceFigureOptions {
  /** Figure title (default 'SCF convergence'). */
  title?: string;
  /** Convergence thresholds drawn as dashed lines: energy in hartree, density dimensionless. */
  thresholds?: { energy?: number; density?: number };
  /** A reference total energy in hartree: the top panel then shows |E − E_ref| on a log scale. */
  referenceEnergy?: number;
  /** Figure height in pixels (default 600). */
  height?: number;
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/**
 * The colour of the `index`-th run (Plotly's D3 palette, repeating after 10).
 *
 * @example
 * ```ts
 * traceColor(0); // '#1f77b4'
 * ```
 */
export function traceColor(index: number): string {
  return COLORS[index % COLORS.length]!;
}

/** |v| when it is a positive finite number, else null (Plotly leaves a gap; a log axis cannot show 0). */
function logValue(v: number | undefined): number | null {
  if (v === undefined || !Number.isFinite(v)) return null;
  const a = Math.abs(v);
  return a > 0 ? a : null;
}

function checkHistory(history: readonly ConvergencePoint[], what: string): void {
  if (!Array.isArray(history) && !(history !== null && typeof history === 'object' && 'length' in history)) {
    throw new InvalidInputError(`${what} must be an array of iteration records`);
  }
  history.forEach((p, i) => {
    if (!Number.isFinite(p.iteration) || !Number.isFinite(p.energy)) {
      throw new InvalidInputError(`${what}[${i}] needs a finite iteration number and energy (hartree)`, { field: what });
    }
  });
}

/**
 * The convergence of one SCF run, as a Plotly figure with two panels sharing the iteration axis:
 * top, the total energy in hartree (or |E − E_ref| on a log scale when `referenceEnergy` is
 * given); bottom, on a log scale, |ΔE| (hartree), RMS ΔD and the DIIS error (RMS of the orbital
 * gradient FDS − SDF, Pulay, Chem. Phys. Lett. 73, 393 (1980), doi:10.1016/0009-2614(80)80396-4).
 * Values that are missing, zero or not finite (the first ΔE) are left as gaps. Thresholds, when
 * given, are dashed horizontal lines.
 *
 * @param history the iteration records in order (e.g. the records `scf.iterate` yields, or `result.history`).
 * @example
 * ```ts
 * const result = scf.run(problem);
 * const figure = convergenceFigure(result.history, { thresholds: { energy: 1e-10, density: 1e-8 } });
 * figure.data.length; // 4: E, |ΔE|, RMS ΔD, DIIS error
 * ```
 */
export function convergenceFigure(history: readonly ConvergencePoint[], options: ConvergenceFigureOptions = {}): PlotlyFigure {
  checkHistory(history, 'history');
  const x = history.map((p) => p.iteration);
  const ref = options.referenceEnergy;
  const top: PlotlyTrace =
    ref === undefined
      ? { type: 'scatter', mode: 'lines+markers', name: 'E (Eh)', x, y: history.map((p) => p.energy), xaxis: 'x', yaxis: 'y', line: { color: '#333333' } }
      : {
          type: 'scatter', mode: 'lines+markers', name: '|E − E_ref| (Eh)', x,
          y: history.map((p) => logValue(p.energy - ref)), xaxis: 'x', yaxis: 'y', line: { color: '#333333' },
        };
  const series: Array<[string, (p: ConvergencePoint) => number | undefined, string]> = [
    ['|ΔE| (Eh)', (p) => p.deltaE, COLORS[0]!],
    ['RMS ΔD', (p) => p.rmsDeltaD, COLORS[1]!],
    ['DIIS error (Eh)', (p) => p.diisError, COLORS[2]!],
  ];
  const bottom: PlotlyTrace[] = series.map(([name, get, color]) => ({
    type: 'scatter', mode: 'lines+markers', name, x, y: history.map((p) => logValue(get(p))), xaxis: 'x2', yaxis: 'y2', line: { color },
  }));
  const shapes: Record<string, unknown>[] = [];
  const thresholdLine = (value: number, color: string): Record<string, unknown> => ({
    type: 'line', xref: 'x2 domain', x0: 0, x1: 1, yref: 'y2', y0: value, y1: value, line: { color, dash: 'dash', width: 1 },
  });
  if (options.thresholds?.energy !== undefined) shapes.push(thresholdLine(options.thresholds.energy, COLORS[0]!));
  if (options.thresholds?.density !== undefined) shapes.push(thresholdLine(options.thresholds.density, COLORS[1]!));
  return {
    data: [top, ...bottom],
    layout: {
      title: { text: options.title ?? 'SCF convergence' },
      height: options.height ?? 600,
      grid: { rows: 2, columns: 1, pattern: 'independent', roworder: 'top to bottom' },
      xaxis: { title: { text: '' }, matches: 'x2', showticklabels: false },
      yaxis: ref === undefined
        ? { title: { text: 'E / Eh', standoff: 10 }, exponentformat: 'none', tickformat: '.6f', automargin: true }
        : logAxis('|E − E_ref| / Eh', top['y'] as Array<number | null>),
      xaxis2: iterationAxis(Math.max(1, ...x)),
      yaxis2: logAxis('error (log scale)', bottom.flatMap((t) => t['y'] as Array<number | null>)),
      legend: { orientation: 'h', y: -0.15 },
      shapes,
      margin: { l: 90, r: 20, t: 60, b: 60 },
    },
  };
}

/** One run in {@link compareRunsFigure}. */
export interface NamedRun {
  /** Legend name, e.g. 'DIIS' or 'damping 0.5'. */
  readonly name: string;
  /** Its iteration records in order. */
  readonly history: readonly ConvergencePoint[];
}

/** Which quantity {@link compareRunsFigure} plots. */
export type ConvergenceMetric = 'energy' | 'deltaE' | 'rmsDeltaD' | 'diisError' | 'energyError';

/** Options of {@link compareRunsFigure}. */
export interface CompareRunsOptions {
  /**
   * Panels, top to bottom (default ['deltaE', 'rmsDeltaD']): 'energy' (E, linear), 'deltaE'
   * (|ΔE|), 'rmsDeltaD', 'diisError', 'energyError' (|E − E_ref|, needs `referenceEnergy`, or
   * uses the lowest final energy of the runs). All but 'energy' are on log scales.
   */
  metrics?: readonly ConvergenceMetric[];
  /** Reference total energy in hartree for 'energyError'. */
  referenceEnergy?: number;
  /** Figure title (default 'SCF convergence: comparison'). */
  title?: string;
  /** Figure height in pixels (default 300 per panel + 150). */
  height?: number;
  /** What the reference energy is called in the 'energyError' axis title (default 'E_ref'): `|E − E_final|`. */
  referenceName?: string;
}

const METRIC_LABEL: Record<ConvergenceMetric, string> = {
  energy: 'E / Eh',
  deltaE: '|ΔE| / Eh',
  rmsDeltaD: 'RMS ΔD',
  diisError: 'DIIS error / Eh',
  energyError: '|E − E_ref| / Eh',
};

/**
 * Several SCF runs overlaid (e.g. no acceleration, damping, DIIS, level shift), one colour per
 * run, one panel per metric, log scales for the error metrics.
 *
 * @example
 * ```ts
 * compareRunsFigure([
 *   { name: 'plain', history: plain.history },
 *   { name: 'DIIS', history: diis.history },
 * ]).data.length; // 4 (2 runs × 2 default metrics)
 * ```
 */
export function compareRunsFigure(runs: readonly NamedRun[], options: CompareRunsOptions = {}): PlotlyFigure {
  if (runs.length === 0) throw new InvalidInputError('compareRunsFigure needs at least one run');
  runs.forEach((r, i) => checkHistory(r.history, `runs[${i}].history`));
  const metrics = options.metrics ?? ['deltaE', 'rmsDeltaD'];
  if (metrics.length === 0) throw new InvalidInputError('metrics must name at least one quantity', { field: 'metrics' });
  let ref = options.referenceEnergy;
  if (ref === undefined && metrics.includes('energyError')) {
    const finals = runs.map((r) => r.history[r.history.length - 1]?.energy).filter((e): e is number => e !== undefined);
    ref = Math.min(...finals);
  }
  const lastIteration = Math.max(1, ...runs.flatMap((r) => r.history.map((p) => p.iteration)));
  const data: PlotlyTrace[] = [];
  const layout: Record<string, unknown> = {
    title: { text: options.title ?? 'SCF convergence: comparison' },
    height: options.height ?? 300 * metrics.length + 150,
    grid: { rows: metrics.length, columns: 1, pattern: 'independent', roworder: 'top to bottom' },
    legend: { orientation: 'h', y: -0.12 },
    margin: { l: 90, r: 20, t: 60, b: 60 },
  };
  metrics.forEach((metric, m) => {
    const axis = m === 0 ? '' : String(m + 1);
    const value = (p: ConvergencePoint): number | null => {
      switch (metric) {
        case 'energy': return p.energy;
        case 'deltaE': return logValue(p.deltaE);
        case 'rmsDeltaD': return logValue(p.rmsDeltaD);
        case 'diisError': return logValue(p.diisError);
        case 'energyError': return logValue(p.energy - ref!);
      }
    };
    runs.forEach((run, r) => {
      data.push({
        type: 'scatter', mode: 'lines+markers', name: run.name, legendgroup: run.name, showlegend: m === 0,
        x: run.history.map((p) => p.iteration), y: run.history.map(value),
        xaxis: `x${axis}`, yaxis: `y${axis}`, line: { color: traceColor(r) }, marker: { size: 5 },
      });
    });
    const label = metric === 'energyError' && options.referenceName !== undefined ? `|E − ${options.referenceName}| / Eh` : METRIC_LABEL[metric];
    layout[`yaxis${axis}`] = metric === 'energy'
      ? { title: { text: label, standoff: 10 }, tickformat: '.6f', automargin: true }
      : logAxis(label, runs.flatMap((run) => run.history.map(value)));
    layout[`xaxis${axis}`] = m === metrics.length - 1 ? iterationAxis(lastIteration) : { matches: `x${metrics.length}`, showticklabels: false };
  });
  return { data, layout };
}
