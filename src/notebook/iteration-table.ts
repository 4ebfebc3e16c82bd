import { escapeHtml, htmlTable, textTable, type TableColumn } from './html';
import type { ConvergencePoint } from './convergence-figure';
import type { MimeBundle } from './mime-bundle';
import { newDisplayId, resolveSink, type DisplaySink } from './display-sink';

/**
 * What the iteration table reads from one SCF iteration: the convergence quantities plus, when
 * present, the DIIS vector count, level shift, convergence flag and timings. `scf.ScfIteration`
 * and `scf.ScfIterationSummary` fit.
 */
export interface IterationRow extends ConvergencePoint {
  /** Number of DIIS vectors used (0 when DIIS was off). */
  readonly diisVectors?: number;
  /** Level shift applied, hartree. */
  readonly levelShift?: number;
  /** Whether this iteration met the thresholds. */
  readonly converged?: boolean;
  /** Wall-clock timings in milliseconds. */
  readonly timings?: { readonly totalMs: number };
}

/** How the run ended, for the table's last line. `scf.ScfResult` fits. */
export interface IterationOutcome {
  readonly converged: boolean;
  /** Final total energy in hartree. */
  readonly energy: number;
  /** Number of the last iteration. */
  readonly iterations: number;
  /** Why it did not converge (the SCF's diagnosis). */
  readonly diagnosis?: { readonly message: string };
}

/** Options of {@link IterationTable}. */
export interface IterationTableOptions {
  /** Where to display (default: the tslab kernel). */
  sink?: DisplaySink;
  /** Caption (default 'SCF iterations'). */
  title?: string;
  /** Show at most this many rows: the first 3 and the latest ones (default 60). */
  maxRows?: number;
  /** Show the table when the first row arrives (default true); false only collects rows. */
  display?: boolean;
  /**
   * Refresh the shown table at most this often, in milliseconds (default 0: at every row). A
   * fast SCF sends tens of rows a second; each refresh is a message through the Jupyter server,
   * and a flood of them delays the user's Interrupt there. Rows held back show at the next
   * refresh, {@link IterationTable.flush} or {@link IterationTable.finish}.
   */
  intervalMs?: number;
}

const COLUMNS: TableColumn[] = [
  { header: 'iter' },
  { header: 'E / Eh' },
  { header: 'ΔE / Eh' },
  { header: 'RMS ΔD' },
  { header: 'DIIS error' },
  { header: 'DIIS n' },
  { header: 'shift / Eh' },
  { header: 'time / ms' },
];

const exp = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '—' : v.toExponential(3));

function rowCells(r: IterationRow): string[] {
  return [
    String(r.iteration) + (r.converged ? ' ✓' : ''),
    r.energy.toFixed(12),
    exp(r.deltaE),
    exp(r.rmsDeltaD),
    exp(r.diisError),
    r.diisVectors === undefined ? '—' : String(r.diisVectors),
    r.levelShift === undefined || r.levelShift === 0 ? '—' : r.levelShift.toFixed(3),
    r.timings === undefined ? '—' : r.timings.totalMs.toFixed(1),
  ];
}

/**
 * A table of SCF iterations that updates in place while the SCF runs: the first {@link add}
 * displays it (a Jupyter output with a display id), every later one replaces that same output
 * (`update_display_data`, which tslab sends and JupyterLab, classic Notebook and nbclient apply),
 * so the cell shows one table, not one per iteration. {@link finish} writes the outcome under it.
 *
 * @example
 * ```ts
 * const table = new IterationTable();
 * const result = scf.run(problem, {}, (record) => table.add(record));
 * table.finish(result);
 * ```
 */
export class IterationTable {
  /** The rows added so far. */
  readonly rows: IterationRow[] = [];
  /** The Jupyter display id of the table's output. */
  readonly displayId: string = newDisplayId();
  private readonly options: IterationTableOptions;
  private shown = false;
  private outcome: IterationOutcome | undefined;
  private lastRefresh = 0;
  private pending = false;

  constructor(options: IterationTableOptions = {}) {
    this.options = options;
  }

  /** Adds one iteration (keeping only the scalar fields) and refreshes the display. */
  add(record: IterationRow): void {
    const { iteration, energy, deltaE, rmsDeltaD, diisError, diisVectors, levelShift, converged, timings } = record;
    const row: IterationRow = {
      iteration, energy,
      ...(deltaE === undefined ? {} : { deltaE }),
      ...(rmsDeltaD === undefined ? {} : { rmsDeltaD }),
      ...(diisError === undefined ? {} : { diisError }),
      ...(diisVectors === undefined ? {} : { diisVectors }),
      ...(levelShift === undefined ? {} : { levelShift }),
      ...(converged === undefined ? {} : { converged }),
      ...(timings === undefined ? {} : { timings: { totalMs: timings.totalMs } }),
    };
    this.rows.push(row);
    const interval = this.options.intervalMs ?? 0;
    if (this.shown && interval > 0 && performance.now() - this.lastRefresh < interval) {
      this.pending = true;
      return;
    }
    this.refresh();
  }

  /** Shows rows held back by `intervalMs` (a run that stopped between two refreshes). */
  flush(): void {
    if (this.pending) this.refresh();
  }

  /** Records how the run ended and refreshes the display. */
  finish(outcome: IterationOutcome): void {
    this.outcome = outcome;
    this.refresh();
  }

  /** The status line under the table. */
  status(): string {
    const o = this.outcome;
    if (o === undefined) return this.rows.length === 0 ? 'waiting for the first iteration…' : `running… (${this.rows.length} iterations)`;
    if (o.converged) return `converged in ${o.iterations} iterations: E = ${o.energy.toFixed(12)} Eh`;
    return `not converged after ${o.iterations} iterations (E = ${o.energy.toFixed(12)} Eh)` + (o.diagnosis ? `: ${o.diagnosis.message}` : '');
  }

  private visibleRows(): Array<string[]> {
    const max = Math.max(4, this.options.maxRows ?? 60);
    const cells = this.rows.map(rowCells);
    if (cells.length <= max) return cells;
    const head = cells.slice(0, 3);
    const tail = cells.slice(cells.length - (max - 4));
    return [...head, ['…', `${cells.length - head.length - tail.length} more`, '', '', '', '', '', ''], ...tail];
  }

  /** The table as HTML. */
  html(): string {
    const o = this.outcome;
    const color = o === undefined ? '#555' : o.converged ? '#2ca02c' : '#d62728';
    return (
      `<div class="roothaan-iterations">` +
      htmlTable(COLUMNS, this.visibleRows(), this.options.title ?? 'SCF iterations') +
      `<div style="font-family:monospace;font-size:12px;padding:4px 8px;color:${color}">${escapeHtml(this.status())}</div></div>`
    );
  }

  /** The table as plain text. */
  text(): string {
    return textTable(COLUMNS, this.visibleRows(), this.options.title ?? 'SCF iterations') + '\n' + this.status();
  }

  /** The table as a MIME bundle (HTML and text). */
  bundle(): MimeBundle {
    return { 'text/html': this.html(), 'text/plain': this.text() };
  }

  private refresh(): void {
    this.pending = false;
    this.lastRefresh = performance.now();
    if (this.options.display === false) return;
    const sink = resolveSink(this.options.sink);
    if (!this.shown) {
      sink.display(this.bundle(), { displayId: this.displayId });
      this.shown = true;
    } else {
      sink.update(this.bundle(), this.displayId);
    }
  }
}
