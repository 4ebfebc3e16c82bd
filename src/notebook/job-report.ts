import { BOHR_IN_ANGSTROM, HARTREE_IN_EV } from '../constants';
import { InvalidInputError } from '../errors';
import type { JobEventMetadata, JobEventRecord, RecordedMetadata } from '../store';
import { iterationAxis } from './axes';
import { compareRunsFigure, traceColor, type ConvergencePoint } from './convergence-figure';
import type { PlotlyFigure, PlotlyTrace } from './figure';
import { escapeHtml, htmlTable, type TableColumn } from './html';
import { orbitalLevelsFigure } from './orbital-levels-figure';
import { standalonePage, type PageBlock } from './standalone-page';

/**
 * The job fields a report shows. A stored job row (`store.JobRow`) has all of them; any object
 * with these fields will do (the report reads plain data, not the store).
 */
export interface JobReportJob {
  readonly id: string;
  readonly name: string | null;
  readonly username: string;
  readonly status: string;
  readonly attempt: number;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly formula: string | null;
  readonly geometry_filename: string | null;
  /** The length unit the geometry was read in when one was forced (`'bohr'`, `'angstrom'`), else null. */
  readonly geometry_units?: string | null;
  readonly basis_name: string | null;
  readonly nbf: number | null;
  readonly reference: string | null;
  readonly submitted_at: Date;
  readonly started_at: Date | null;
  readonly finished_at: Date | null;
  readonly error: string | null;
  /** Total energy in hartree. */
  readonly energy: number | null;
  readonly iterations: number | null;
  readonly converged: boolean | null;
  /** Wall time of the last attempt in seconds. */
  readonly wall_time_s: number | null;
  /** CPU time (all threads) of the last attempt in seconds. */
  readonly cpu_time_s: number | null;
  /** Peak resident memory of the process that ran the last attempt, bytes. */
  readonly peak_memory_bytes: number | null;
}

/**
 * One job event: the store's typed event record (`store.JobEventRecord`; a `store.JobEvent` from
 * `jobs.events` is one), the same type the store writes. The report reads `start`/`resume` (an
 * attempt began), `integrals` (its `ms`), `iteration`, `analysis`, `complete`, `error` and `stop`;
 * the other kinds are listed but not interpreted. Metadata recorded by older versions may lack
 * fields, a number that is not finite reads back as null (or, from versions before #18, as the
 * string 'NaN'): every number is checked.
 */
export type JobReportEvent = JobEventRecord;

/**
 * The job's molecule as the report shows it: the atoms with positions in bohr (a `geometry.Molecule`
 * is one; `roothaan report` parses the stored `<job-id>/geometry.xyz`).
 */
export interface JobReportGeometry {
  readonly atoms: readonly { readonly symbol: string; readonly position: ArrayLike<number> }[];
}

/** What {@link jobReportPage} reports on. */
export interface JobReportData {
  readonly job: JobReportJob;
  /** The job's events in the order they were recorded. */
  readonly events: readonly JobReportEvent[];
  /** The groups the job is in. */
  readonly groups?: readonly { readonly name: string; readonly username: string }[];
  /** The job's molecule (positions in bohr); without it the geometry section says it was not available. */
  readonly geometry?: JobReportGeometry;
  /**
   * Charges (e) worked out from the last committed density of a job whose SCF never finished
   * (`store` `checkpointCharges`); used only when the events hold no `analysis`.
   */
  readonly charges?: { readonly iteration: number; readonly mulliken: readonly number[]; readonly lowdin: readonly number[] };
}

/** Options of {@link jobReportPage}. */
export interface JobReportOptions {
  /** When the report was made (shown under the title; default now). */
  generatedAt?: Date;
}

/** One iteration of a job, read from its `iteration` event. */
export interface JobIterationPoint extends ConvergencePoint {
  /** The attempt that ran it. */
  readonly attempt: number;
  /** DIIS vectors used. */
  readonly diisVectors?: number;
  /** Fock build (J/K), diagonalisation step and whole iteration, milliseconds. */
  readonly fockMs?: number;
  readonly diagMs?: number;
  readonly totalMs?: number;
}

/** A finite number, or undefined (the store writes NaN and ±Infinity as null; older versions as strings). */
function finite(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function numberArrays(v: unknown): number[][] | undefined {
  if (!Array.isArray(v) || v.length === 0 || !v.every((a) => Array.isArray(a) && a.every((x) => typeof x === 'number'))) return undefined;
  return v as number[][];
}

/**
 * The SCF iterations of a job from its `iteration` events, in the order recorded (a resumed job
 * continues its iteration numbers in the next attempt).
 *
 * @example
 * ```ts
 * jobIterations(await s.jobs.events(id)).map((p) => p.energy);
 * ```
 */
export function jobIterations(events: readonly JobReportEvent[]): JobIterationPoint[] {
  const out: JobIterationPoint[] = [];
  for (const e of events) {
    if (e.kind !== 'iteration' || e.metadata === null) continue;
    const m = e.metadata;
    const iteration = Number(/(\d+)\s*$/.exec(e.name)?.[1] ?? NaN);
    const energy = finite(m.energy);
    if (!Number.isFinite(iteration) || energy === undefined) continue;
    const t: Readonly<Record<string, unknown>> = m.timings_ms ?? {};
    const p: Record<string, unknown> = { iteration, energy, attempt: e.attempt };
    const set = (key: string, value: number | undefined): void => void (value !== undefined && (p[key] = value));
    set('deltaE', finite(m.delta_e));
    set('rmsDeltaD', finite(m.rms_delta_d));
    set('diisError', finite(m.diis_error));
    set('diisVectors', finite(m.diis_vectors));
    set('fockMs', finite(t['fockMs']));
    set('diagMs', finite(t['diagMs']));
    set('totalMs', finite(t['totalMs']));
    out.push(p as unknown as JobIterationPoint);
  }
  return out;
}

const text = (v: unknown): string => {
  if (v === null || v === undefined) return '—';
  if (v instanceof Date) return v.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
};
const exp = (v: number | undefined, digits = 3): string => (v === undefined ? '—' : v.toExponential(digits));
const fixed = (v: number | undefined | null, digits: number): string => (v === undefined || v === null || !Number.isFinite(v) ? '—' : v.toFixed(digits));
const LEFT = (header: string): TableColumn => ({ header, numeric: false });

function bytesText(b: number | null | undefined): string {
  if (b === null || b === undefined || !Number.isFinite(b)) return '—';
  if (b >= 1024 ** 3) return `${(b / 1024 ** 3).toFixed(2)} GiB`;
  if (b >= 1024 ** 2) return `${(b / 1024 ** 2).toFixed(1)} MiB`;
  if (b >= 1024) return `${(b / 1024).toFixed(1)} KiB`;
  return `${b} B`;
}

/** A summary of each attempt: how it began, its iterations, how it ended and what it cost. */
interface AttemptSummary {
  attempt: number;
  began: string;
  first?: number;
  last?: number;
  outcome: string;
  energy?: number;
  wall?: number;
  cpu?: number;
  peak?: number;
  integralsMs?: number;
  checkpointMs?: number;
}

/** What a resume's fallback skipped, in a few words: '1 checkpoint skipped, DIIS restarted, eri recomputed'. */
function fallbackText(m: RecordedMetadata<JobEventMetadata['resume_fallback']> | null): string {
  const n = Array.isArray(m?.skipped) ? m.skipped.length : 0;
  const parts = [`${n} checkpoint${n === 1 ? '' : 's'} skipped`];
  if (m?.fresh_start === true) parts.push('fresh start');
  if (m?.diis_restarted === true) parts.push('DIIS restarted');
  if (Array.isArray(m?.rebuilt) && m.rebuilt.length > 0) parts.push(`${m.rebuilt.join(', ')} recomputed`);
  return parts.join(', ');
}

function attemptSummaries(events: readonly JobReportEvent[], iterations: readonly JobIterationPoint[]): AttemptSummary[] {
  const byAttempt = new Map<number, AttemptSummary>();
  const get = (a: number): AttemptSummary => {
    let s = byAttempt.get(a);
    if (s === undefined) byAttempt.set(a, (s = { attempt: a, began: '—', outcome: 'no outcome recorded (still running, or the process died)' }));
    return s;
  };
  for (const e of events) {
    if (e.attempt < 1) continue;
    const s = get(e.attempt);
    if (e.kind === 'start') s.began = `started ${text(e.created_at)}`;
    else if (e.kind === 'resume') s.began = `resumed after iteration ${text(e.metadata?.from_iteration)} ${text(e.created_at)}`;
    else if (e.kind === 'resume_fallback') s.began += ` (${fallbackText(e.metadata)})`;
    else if (e.kind === 'integrals') s.integralsMs = finite(e.metadata?.ms);
    else if (e.kind === 'complete') {
      const m = e.metadata ?? {};
      s.outcome = m.converged === true ? 'converged' : 'not converged';
      s.energy = finite(m.energy);
      s.wall = finite(m.wall_time_s);
      s.cpu = finite(m.cpu_time_s);
      s.peak = finite(m.peak_memory_bytes);
      s.checkpointMs = finite(m.checkpoint_busy_ms);
    } else if (e.kind === 'error') s.outcome = `error: ${text(e.metadata?.message ?? e.name)}`;
    else if (e.kind === 'stop') s.outcome = `stopped by ${text(e.metadata?.by)}${e.metadata?.reason === 'aborted' ? ' (aborted)' : ''}`;
  }
  for (const p of iterations) {
    const s = get(p.attempt);
    s.first = s.first === undefined ? p.iteration : Math.min(s.first, p.iteration);
    s.last = s.last === undefined ? p.iteration : Math.max(s.last, p.iteration);
  }
  return [...byAttempt.values()].sort((a, b) => a.attempt - b.attempt);
}

/** The last event of a kind, or undefined. */
function lastEvent<K extends JobReportEvent['kind']>(events: readonly JobReportEvent[], kind: K): Extract<JobReportEvent, { kind: K }> | undefined {
  for (let i = events.length - 1; i >= 0; i--) if (events[i]!.kind === kind) return events[i] as Extract<JobReportEvent, { kind: K }>;
  return undefined;
}

/**
 * Per-iteration timings as stacked bars: the Fock build (J/K and assembly) and the step after it
 * (DIIS, diagonalisation, new density), one colour each, one bar per iteration.
 *
 * @example
 * ```ts
 * timingsFigure(jobIterations(events)).data.length; // 2
 * ```
 */
export function timingsFigure(iterations: readonly JobIterationPoint[], title = 'Time per SCF iteration'): PlotlyFigure {
  const x = iterations.map((p) => p.iteration);
  const attemptOf = iterations.map((p) => p.attempt);
  const traces: PlotlyTrace[] = [
    { type: 'bar', name: 'Fock build (J/K)', x, y: iterations.map((p) => p.fockMs ?? null), customdata: attemptOf, marker: { color: traceColor(0) },
      hovertemplate: 'iteration %{x} (attempt %{customdata}): %{y:.2f} ms<extra>Fock build</extra>' },
    { type: 'bar', name: 'DIIS + diagonalisation', x, y: iterations.map((p) => p.diagMs ?? (p.totalMs !== undefined && p.fockMs !== undefined ? p.totalMs - p.fockMs : null)),
      customdata: attemptOf, marker: { color: traceColor(1) }, hovertemplate: 'iteration %{x} (attempt %{customdata}): %{y:.2f} ms<extra>DIIS + diagonalisation</extra>' },
  ];
  return {
    data: traces,
    layout: {
      title: { text: title },
      barmode: 'stack',
      height: 380,
      xaxis: iterationAxis(Math.max(1, ...x)),
      yaxis: { title: { text: 'time / ms', standoff: 10 }, rangemode: 'tozero', automargin: true },
      legend: { orientation: 'h', y: -0.25 },
      margin: { l: 70, r: 20, t: 60, b: 60 },
    },
  };
}

/** The command that resumes a job (`roothaan resume`, see the README's job store section). */
const resumeCommand = (jobId: string): string => `roothaan resume ${jobId}`;

/**
 * The banner a failed, stopped or not converged job's report starts with: what happened, its
 * cause (the job's error, else its last `error` or `stop` event) and the command that resumes it.
 * Undefined for a job that needs none (done and converged, submitted, running).
 *
 * @example
 * ```ts
 * jobReportBanner(job, events); // '<div class="roothaan-banner" …>… roothaan resume 0b7c…</div>'
 * ```
 */
export function jobReportBanner(job: JobReportJob, events: readonly JobReportEvent[]): string | undefined {
  const stopped = job.status === 'stopped';
  if (job.status !== 'failed' && !stopped && job.converged !== false) return undefined;
  const stop = lastEvent(events, 'stop')?.metadata;
  const error = lastEvent(events, 'error')?.metadata;
  const cause = job.error
    ?? (typeof error?.message === 'string' ? error.message : undefined)
    ?? (stopped && stop !== null && stop !== undefined ? `stopped by ${text(stop.by)}` : undefined)
    ?? (job.converged === false ? 'the SCF did not converge' : 'no cause was recorded');
  const what = stopped ? 'This job was stopped' : job.status === 'failed' ? 'This job failed' : 'This job did not converge';
  const hint = job.converged === false ? ' (add <code>--max-iterations N</code> to allow more iterations)' : '';
  return (
    '<div class="roothaan-banner" role="alert" style="border:2px solid #c0392b;background:#fdecea;color:#611a15;padding:12px 16px;margin:16px 0;border-radius:6px">' +
    `<p style="margin:0 0 6px 0;font-size:1.1em"><strong>${what}:</strong> <span class="roothaan-banner-cause">${escapeHtml(cause)}</span></p>` +
    `<p style="margin:0">Resume it from its last checkpoint with <code class="roothaan-resume" style="background:#fff;padding:2px 6px;border:1px solid #e0b4b0;user-select:all">${escapeHtml(resumeCommand(job.id))}</code>${hint}</p>` +
    '</div>'
  );
}

/** The geometry table (positions in Å and bohr) and the charges table, or text saying what is missing. */
function moleculeBlocks(data: JobReportData, analysis: Readonly<Record<string, unknown>> | undefined): PageBlock[] {
  const { job, geometry, charges } = data;
  const blocks: PageBlock[] = [];
  if (geometry === undefined || geometry.atoms.length === 0) {
    blocks.push({ heading: 'Geometry', text: 'The geometry of this job is not available (its geometry.xyz object was not found in the object store).' });
  } else {
    const rows = geometry.atoms.map((a, i) => [
      String(i + 1), a.symbol,
      ...Array.from(a.position, (x) => (x * BOHR_IN_ANGSTROM).toFixed(6)),
      ...Array.from(a.position, (x) => x.toFixed(6)),
    ]);
    const given = job.geometry_units === 'bohr' ? 'bohr' : 'Å';
    blocks.push({
      heading: 'Geometry',
      html: htmlTable(
        [{ header: '#' }, LEFT('element'), { header: 'x / Å' }, { header: 'y / Å' }, { header: 'z / Å' }, { header: 'x / bohr' }, { header: 'y / bohr' }, { header: 'z / bohr' }],
        rows,
        `${geometry.atoms.length} atom${geometry.atoms.length === 1 ? '' : 's'}; positions in ångström (Å) and bohr, as the SCF used them (the input was read in ${given})`,
      ),
    });
  }
  let mulliken = Array.isArray(analysis?.['mulliken']) ? (analysis?.['mulliken'] as unknown[]) : undefined;
  let lowdin = Array.isArray(analysis?.['lowdin']) ? (analysis?.['lowdin'] as unknown[]) : undefined;
  let from = job.converged === true ? 'from the converged density' : 'from the density of the last iteration — the SCF did not converge, so these are not final';
  if (mulliken === undefined && lowdin === undefined && charges !== undefined) {
    mulliken = [...charges.mulliken];
    lowdin = [...charges.lowdin];
    from = `from the density of iteration ${charges.iteration} (its checkpoint) — the SCF did not finish, so these are not final`;
  }
  if (mulliken === undefined && lowdin === undefined) {
    blocks.push({ heading: 'Atomic charges', text: 'No atomic charges: no converged density (no attempt of this job finished its SCF, and no density checkpoint was found).' });
    return blocks;
  }
  const n = Math.max(mulliken?.length ?? 0, lowdin?.length ?? 0);
  const q = (v: unknown): string => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(4) : '—');
  const rows = Array.from({ length: n }, (_, i) => [String(i + 1), geometry?.atoms[i]?.symbol ?? '?', q(mulliken?.[i]), q(lowdin?.[i])]);
  blocks.push({
    heading: 'Atomic charges',
    html: htmlTable([{ header: '#' }, LEFT('element'), { header: 'Mulliken q / e' }, { header: 'Löwdin q / e' }], rows, `Charges in units of e, ${from}`),
  });
  return blocks;
}

/**
 * The blocks of a job report, in order: a banner for a failed or stopped job, metadata, geometry
 * and atomic charges, attempts, convergence (a figure across
 * attempts and the iteration table), orbital energies (level diagram and table, from the last
 * `complete` event) and timings (per-iteration bars and per-attempt wall/CPU/memory). Sections
 * without data say so instead of showing an empty figure.
 *
 * @example
 * ```ts
 * const blocks = jobReportBlocks({ job, events });
 * ```
 */
export function jobReportBlocks(data: JobReportData): PageBlock[] {
  const { job, events } = data;
  if (job === null || typeof job !== 'object' || typeof job.id !== 'string') throw new InvalidInputError('a job report needs the job row', { field: 'job' });
  if (!Array.isArray(events)) throw new InvalidInputError('a job report needs the job events as an array', { field: 'events' });
  const blocks: PageBlock[] = [];
  const iterations = jobIterations(events);
  const attempts = attemptSummaries(events, iterations);
  const analysis = lastEvent(events, 'analysis')?.metadata ?? undefined;
  const banner = jobReportBanner(job, events);
  if (banner !== undefined) blocks.push({ html: banner });

  // Metadata.
  const molecule = [job.formula ?? '?', job.geometry_filename !== null ? `(${job.geometry_filename})` : ''].join(' ').trim();
  const basis = [job.basis_name ?? '?', job.nbf !== null ? `${job.nbf} basis functions` : '', job.reference !== null ? job.reference.toUpperCase() : '']
    .filter((s) => s !== '').join(', ');
  const meta: string[][] = [
    ['job id', job.id],
    ['name', text(job.name)],
    ['user', job.username],
    ['status', job.status],
    ['molecule', molecule],
    ['basis', basis],
    ['parameters', text(job.parameters)],
    ['attempts', String(job.attempt)],
    ['groups', data.groups === undefined || data.groups.length === 0 ? '—' : data.groups.map((g) => `${g.name} (${g.username})`).join(', ')],
    ['submitted', text(job.submitted_at)],
    ['started', text(job.started_at)],
    ['finished', text(job.finished_at)],
    ['energy / Eh', fixed(job.energy, 12)],
    ['converged', text(job.converged)],
    ['iterations', text(job.iterations)],
    ['error', text(job.error)],
  ];
  if (analysis !== undefined) {
    const homo = finite(analysis.homo), lumo = finite(analysis.lumo);
    if (homo !== undefined) meta.push(['HOMO / Eh', `${homo.toFixed(6)} (${(homo * HARTREE_IN_EV).toFixed(3)} eV)`]);
    if (lumo !== undefined) meta.push(['LUMO / Eh', `${lumo.toFixed(6)} (${(lumo * HARTREE_IN_EV).toFixed(3)} eV)`]);
    const dipole = analysis.dipole_debye;
    if (Array.isArray(dipole) && dipole.length === 3 && dipole.every((d) => typeof d === 'number')) {
      const [x, y, z] = dipole as number[];
      meta.push(['dipole / D', `(${x!.toFixed(4)}, ${y!.toFixed(4)}, ${z!.toFixed(4)}), |μ| = ${Math.hypot(x!, y!, z!).toFixed(4)}`]);
    }
  }
  blocks.push({ heading: 'Job', html: htmlTable([LEFT('field'), LEFT('value')], meta) });
  blocks.push(...moleculeBlocks(data, analysis));

  if (attempts.length > 0) {
    const rows = attempts.map((a) => [
      String(a.attempt), a.began, a.first === undefined ? '—' : `${a.first}–${a.last}`, a.outcome, fixed(a.energy, 10),
    ]);
    blocks.push({ heading: 'Attempts', html: htmlTable([{ header: 'attempt' }, LEFT('began'), { header: 'iterations' }, LEFT('outcome'), { header: 'E / Eh' }], rows) });
  }

  // Convergence.
  if (iterations.length > 0) {
    const byAttempt = [...new Set(iterations.map((p) => p.attempt))].map((a) => ({
      name: `attempt ${a}`,
      history: iterations.filter((p) => p.attempt === a),
    }));
    // The energy as its distance from the final one (the last iteration's when not converged), on a log axis.
    const last = iterations[iterations.length - 1]!.energy;
    const final = job.converged === true && job.energy !== null && Number.isFinite(job.energy) ? job.energy : last;
    blocks.push({
      heading: 'Convergence',
      figure: compareRunsFigure(byAttempt, {
        metrics: ['energyError', 'deltaE', 'rmsDeltaD', 'diisError'], referenceEnergy: final, referenceName: job.converged === true ? 'E_final' : 'E_last',
        title: `SCF convergence (${iterations.length} iterations, ${byAttempt.length} attempt${byAttempt.length === 1 ? '' : 's'})`,
      }),
    });
    const rows = iterations.map((p) => [
      String(p.iteration), String(p.attempt), p.energy.toFixed(12), exp(p.deltaE), exp(p.rmsDeltaD), exp(p.diisError),
      p.diisVectors === undefined ? '—' : String(p.diisVectors), fixed(p.fockMs, 2), fixed(p.diagMs, 2), fixed(p.totalMs, 2),
    ]);
    blocks.push({
      html: htmlTable(
        [{ header: 'iter' }, { header: 'attempt' }, { header: 'E / Eh' }, { header: 'ΔE / Eh' }, { header: 'RMS ΔD' }, { header: 'DIIS error / Eh' },
          { header: 'DIIS n' }, { header: 'Fock / ms' }, { header: 'diag / ms' }, { header: 'total / ms' }],
        rows,
        'Iterations',
      ),
    });
  } else {
    blocks.push({ heading: 'Convergence', text: 'No SCF iteration was recorded for this job.' });
  }

  // Orbital energies, from the last attempt that finished its SCF.
  const complete = lastEvent(events, 'complete')?.metadata ?? undefined;
  const energies = numberArrays(complete?.orbital_energies);
  const occupations = numberArrays(complete?.occupations);
  if (energies !== undefined) {
    const spins = energies.length === 2 ? ['α', 'β'] : [''];
    const levels = occupations !== undefined && occupations.length === energies.length ? { orbitalEnergies: energies, occupations } : { orbitalEnergies: energies };
    blocks.push({ heading: 'Orbital energies', figure: orbitalLevelsFigure(levels, { unit: 'eV', title: `Orbital energies (${job.reference?.toUpperCase() ?? 'SCF'}${job.converged ? '' : ', not converged'})` }) });
    const rows: string[][] = [];
    energies[0]!.forEach((_, i) => {
      const row = [String(i + 1)];
      energies.forEach((eps, s) => row.push(eps[i]!.toFixed(6), (eps[i]! * HARTREE_IN_EV).toFixed(3), text(occupations?.[s]?.[i])));
      rows.push(row);
    });
    const columns: TableColumn[] = [{ header: 'orbital' }];
    for (const s of spins) columns.push({ header: `ε${s} / Eh` }, { header: `ε${s} / eV` }, { header: `occupation${s === '' ? '' : ' ' + s}` });
    blocks.push({ html: htmlTable(columns, rows) });
  } else {
    blocks.push({ heading: 'Orbital energies', text: 'No orbital energies were recorded: no attempt of this job finished its SCF (or it ran before they were recorded).' });
  }

  // Timings.
  const timed = iterations.filter((p) => p.fockMs !== undefined || p.totalMs !== undefined);
  if (timed.length > 0) blocks.push({ heading: 'Timings', figure: timingsFigure(timed) });
  const timingRows = attempts.map((a) => [
    String(a.attempt), fixed(a.integralsMs, 1),
    fixed(iterations.filter((p) => p.attempt === a.attempt).reduce((t, p) => t + (p.totalMs ?? 0), 0), 1),
    fixed(a.checkpointMs, 1), fixed(a.wall, 3), fixed(a.cpu, 3), bytesText(a.peak),
  ]);
  timingRows.push(['job', '', '', '', fixed(job.wall_time_s, 3), fixed(job.cpu_time_s, 3), bytesText(job.peak_memory_bytes)]);
  blocks.push({
    ...(timed.length > 0 ? {} : { heading: 'Timings' }),
    html: htmlTable(
      [{ header: 'attempt' }, { header: 'integrals / ms' }, { header: 'SCF iterations / ms' }, { header: 'checkpoint writes / ms' },
        { header: 'wall / s' }, { header: 'CPU / s' }, { header: 'peak memory' }],
      timingRows,
      'Per attempt (the job row holds the last attempt\'s wall time, CPU time and peak memory; checkpoints are written in the background)',
    ),
  });

  // Every event, for the record.
  const eventRows = events.map((e) => [String(e.attempt), text(e.created_at), e.kind, e.name]);
  blocks.push({ heading: `Events (${events.length})`, html: htmlTable([{ header: 'attempt' }, LEFT('time'), LEFT('kind'), LEFT('name')], eventRows) });
  return blocks;
}

/**
 * A job report: one self-contained HTML page (plotly.js inlined, no external URL; see
 * {@link standalonePage}) with the job's metadata, its convergence across attempts, its orbital
 * energies and its timings. `roothaan report JOB_ID` writes one.
 *
 * @example
 * ```ts
 * const details = await s.jobs.show(id);
 * fs.writeFileSync('report.html', jobReportPage({ job: details.job, events: await s.jobs.events(id), groups: details.groups }));
 * ```
 */
export function jobReportPage(data: JobReportData, options: JobReportOptions = {}): string {
  const blocks = jobReportBlocks(data);
  const { job } = data;
  const title = `${job.name ?? job.formula ?? 'Job'}: ${job.formula ?? ''}${job.basis_name !== null ? ` / ${job.basis_name}` : ''} — ${job.status}`;
  return standalonePage({
    title,
    subtitle: `job ${job.id} · ${job.username} · report generated ${text(options.generatedAt ?? new Date())} by roothaan`,
    blocks,
  });
}
