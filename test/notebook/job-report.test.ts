import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { jobIterations, jobReportBlocks, jobReportPage, timingsFigure, type JobReportEvent, type JobReportJob } from '../../src/notebook';

const at = new Date('2026-11-21T08:00:00Z');
const job = (over: Partial<JobReportJob> = {}): JobReportJob => ({
  id: '0b7c6f1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e', name: 'oh.xyz', username: 'a@b.c', status: 'done', attempt: 1,
  parameters: { basis_set: 'STO-3G' }, formula: 'HO', geometry_filename: 'oh.xyz', basis_name: 'STO-3G', nbf: 6, reference: 'uhf',
  submitted_at: at, started_at: at, finished_at: at, error: null, energy: -74.36, iterations: 2, converged: true,
  wall_time_s: 0.5, cpu_time_s: 0.4, peak_memory_bytes: 2 * 1024 ** 2, ...over,
});
const ev = (attempt: number, kind: string, name: string, metadata: Record<string, unknown> | null = null): JobReportEvent => ({ attempt, kind, name, metadata, created_at: at }) as JobReportEvent;
const iteration = (attempt: number, n: number, energy: number, deltaE: unknown) =>
  ev(attempt, 'iteration', `iteration ${n}`, { energy, delta_e: deltaE, rms_delta_d: 1e-3 / n, diis_error: 1e-4 / n, diis_vectors: n, timings_ms: { fockMs: 2, diagMs: 1, totalMs: 3 } });

test('jobIterations reads the iteration events in order, with the store\'s "NaN" strings as missing values', () => {
  const points = jobIterations([ev(1, 'start', 'started'), iteration(1, 1, -74.1, 'NaN'), iteration(2, 2, -74.3, -0.2), ev(2, 'complete', 'done', {})]);
  assert.equal(points.map((p) => [p.iteration, p.attempt, p.energy]), [[1, 1, -74.1], [2, 2, -74.3]]);
  assert.is(points[0]!.deltaE, undefined);
  assert.is(points[1]!.deltaE, -0.2);
  assert.is(points[1]!.diisVectors, 2);
  assert.equal([points[1]!.fockMs, points[1]!.diagMs, points[1]!.totalMs], [2, 1, 3]);
});

test('a job without iterations gets text in place of empty figures', () => {
  const blocks = jobReportBlocks({ job: job({ status: 'failed', energy: null, iterations: null, converged: null, error: 'boom' }), events: [ev(0, 'submit', 'submitted')] });
  assert.is(blocks.filter((b) => 'figure' in b).length, 0);
  const texts = blocks.filter((b): b is { text: string } => 'text' in b).map((b) => b.text).join('\n');
  assert.match(texts, /No SCF iteration was recorded/);
  assert.match(texts, /No orbital energies were recorded/);
});

test('a UHF job gets α and β orbital columns, a level diagram, and one convergence trace per attempt and metric', () => {
  const events = [
    ev(1, 'start', 'started'), iteration(1, 1, -74.1, 'NaN'), ev(1, 'complete', 'failed', { converged: false }),
    ev(2, 'resume', 'resumed', { from_iteration: 1 }), iteration(2, 2, -74.3, -0.2),
    ev(2, 'complete', 'done', { converged: true, energy: -74.3, orbital_energies: [[-20, -1, 0.5], [-20, -0.9, 0.6]], occupations: [[1, 1, 0], [1, 0, 0]] }),
  ];
  const blocks = jobReportBlocks({ job: job({ attempt: 2 }), events });
  const figures = blocks.flatMap((b) => ('figure' in b ? [b.figure] : []));
  assert.is(figures.length, 3);
  assert.is(figures[0]!.data.length, 2 * 4, 'two attempts × energy, ΔE, RMS ΔD, DIIS error');
  const html = blocks.filter((b): b is { html: string } => 'html' in b).map((b) => b.html).join('\n');
  assert.match(html, /εα \/ Eh.*εβ \/ Eh/);
  assert.match(html, /resumed after iteration 1/);
  assert.match(html, /2\.0 MiB/);
});

test('the page escapes what users typed (job name, error) and names the job in its title', () => {
  const page = jobReportPage({ job: job({ name: '<script>alert(1)</script>', error: '<b>x</b>' }), events: [] }, { generatedAt: at });
  assert.not.match(page, /<script>alert/);
  assert.match(page, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(page, /&lt;b&gt;x&lt;\/b&gt;/);
  assert.match(page, /report generated 2026-11-21 08:00:00 UTC/);
});

test('timingsFigure stacks the Fock build and the diagonalisation step per iteration', () => {
  const f = timingsFigure(jobIterations([iteration(1, 1, -1, 'NaN'), iteration(1, 2, -1.1, -0.1)]));
  assert.is(f.layout['barmode'], 'stack');
  assert.equal(f.data.map((t) => t['y']), [[2, 2], [1, 1]]);
});

test.run();
