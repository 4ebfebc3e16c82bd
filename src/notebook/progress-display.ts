/**
 * Progress of a long step in a notebook: one output (an HTML progress bar and a text line),
 * displayed at the first report and updated in place by its display id.
 *
 * @packageDocumentation
 */
import { escapeHtml } from './html';
import { newDisplayId, resolveSink, type DisplaySink } from './display-sink';
import type { MimeBundle } from './mime-bundle';
import * as scf from '../scf';

/**
 * Options of {@link ProgressDisplay}.
 *
 * @example
 * ```ts
 * const options: ProgressDisplayOptions = { title: 'caffeine / 6-31G*', intervalMs: 200 };
 * ```
 */
export interface ProgressDisplayOptions {
  /** A line above the bar (default none). */
  title?: string;
  /** Least time between two updates, ms (default 200; a new phase and the end are always shown). */
  intervalMs?: number;
  /** Where to display (default: the Jupyter kernel). */
  sink?: DisplaySink;
}

/**
 * An updating progress output: pass {@link ProgressDisplay.onProgress} as `onProgress` to
 * `scf.prepareCalculationAsync`, `scf.driveCalculation` or a store run, and call
 * {@link ProgressDisplay.done} at the end.
 *
 * @example
 * ```ts
 * const progress = new ProgressDisplay({ title: 'integrals' });
 * const prepared = await scf.prepareCalculationAsync(molecule, scf.parseScfParameters({ basis_set: '6-31G*' }), { onProgress: progress.onProgress });
 * progress.done();
 * ```
 */
export class ProgressDisplay {
  /** The Jupyter display id of the output. */
  readonly displayId: string = newDisplayId();
  /** How many times the output was drawn. */
  draws = 0;
  private readonly options: ProgressDisplayOptions;
  private last: scf.IntegralProgress | undefined;
  private lastDraw = -Infinity;
  private finished: string | undefined;

  constructor(options: ProgressDisplayOptions = {}) {
    this.options = options;
  }

  /** Shows a report (bound: pass it as a callback). */
  readonly onProgress = (progress: scf.IntegralProgress): void => {
    const newPhase = this.last?.phase !== progress.phase;
    this.last = progress;
    if (newPhase || progress.fraction >= 1 || performance.now() - this.lastDraw >= (this.options.intervalMs ?? 200)) this.draw();
  };

  /** Marks the step done (with a closing text, default "done") and draws it. */
  done(text = 'done'): void {
    this.finished = text;
    if (this.draws > 0) this.draw();
  }

  /** The output as HTML and text. */
  bundle(): MimeBundle {
    const p = this.last;
    const percent = p === undefined ? 0 : Math.floor(100 * p.fraction);
    const phase = p?.phase ?? 'starting';
    const status = this.finished ?? `${phase}: ${percent} %`;
    const cells = 30, filled = Math.round((cells * percent) / 100);
    const title = this.options.title !== undefined ? `${this.options.title}\n` : '';
    return {
      'text/html':
        `<div class="roothaan-progress" style="font-family:monospace;font-size:12px">` +
        (this.options.title !== undefined ? `<div>${escapeHtml(this.options.title)}</div>` : '') +
        `<progress max="100" value="${this.finished !== undefined ? 100 : percent}" style="width:300px"></progress> ${escapeHtml(status)}</div>`,
      'text/plain': `${title}[${'#'.repeat(filled)}${'.'.repeat(cells - filled)}] ${status}`,
    };
  }

  private draw(): void {
    const sink = resolveSink(this.options.sink);
    if (this.draws === 0) sink.display(this.bundle(), { displayId: this.displayId });
    else sink.update(this.bundle(), this.displayId);
    this.draws++;
    this.lastDraw = performance.now();
  }
}

/**
 * `scf.prepareCalculationAsync` with its progress shown in the notebook (a
 * {@link ProgressDisplay} updated in place while the integrals are computed). Kernel ▸ Interrupt
 * stops it between batches (rejecting with `ScfInterruptedError`).
 *
 * @example
 * ```ts
 * const prepared = await notebook.prepareWithProgress(molecule, { basis_set: '6-31G*' });
 * const { result } = await notebook.watchScf(prepared);
 * ```
 */
export async function prepareWithProgress(
  molecule: Parameters<typeof scf.prepareCalculationAsync>[0],
  parameters: unknown,
  options: scf.PrepareOptions & ProgressDisplayOptions = {},
): Promise<scf.PreparedCalculation> {
  const { title, intervalMs, sink, ...prepare } = options;
  const progress = new ProgressDisplay({ ...(title !== undefined ? { title } : {}), ...(intervalMs !== undefined ? { intervalMs } : {}), ...(sink !== undefined ? { sink } : {}) });
  const own = prepare.onProgress;
  try {
    const prepared = await scf.prepareCalculationAsync(molecule, scf.parseScfParameters(parameters), {
      ...prepare,
      onProgress: (p) => {
        progress.onProgress(p);
        own?.(p);
      },
    });
    progress.done(`integrals done (${prepared.basis.nbf} basis functions)`);
    return prepared;
  } catch (error) {
    progress.done(error instanceof Error ? `stopped: ${error.message}` : 'stopped');
    throw error;
  }
}
