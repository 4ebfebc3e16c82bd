import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { jobIterations, jobReportBanner, jobReportBlocks, jobReportPage, timingsFigure, type JobReportEvent, type JobReportGeometry, type JobReportJob } from '../../src/notebook';

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

test('an attempt that fell back says what its resume skipped and recomputed', () => {
  const skipped = [{ what: 'density', key: 'x/densities/density_4.bin', iteration: 4, reason: 'corrupted' }, { what: 'eri', key: 'x/two-electron/ERI_0_0_0_0_0_0_0_0.bin', reason: 'tampered' }];
  const events = [
    ev(1, 'start', 'started'), iteration(1, 1, -74.1, 'NaN'), ev(1, 'complete', 'failed', { converged: false }),
    ev(2, 'resume', 'resumed', { from_iteration: 3 }),
    ev(2, 'resume_fallback', 'fallback', { from_iteration: 3, newest_iteration: 4, diis_restarted: false, rebuilt: ['eri'], fresh_start: false, skipped }),
    iteration(2, 4, -74.3, -0.2),
  ];
  const html = jobReportBlocks({ job: job({ attempt: 2 }), events }).filter((b): b is { html: string } => 'html' in b).map((b) => b.html).join('\n');
  assert.match(html, /resumed after iteration 3 [^<]* \(2 checkpoints skipped, eri recomputed\)/);
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

/** OH at the positions the report is given (bohr). */
const oh: JobReportGeometry = { atoms: [{ symbol: 'O', position: [0, 0, 0] }, { symbol: 'H', position: [0, 0, 1.8324] }] };
const htmlOf = (blocks: ReturnType<typeof jobReportBlocks>): string => blocks.map((b) => ('html' in b ? b.html : 'text' in b ? b.text : '')).join('\n');

test('a failed job starts with a banner giving its cause and the exact resume command; a done job has none', () => {
  const failed = job({ status: 'failed', converged: false, error: 'SCF did not converge in 3 iterations' });
  const blocks = jobReportBlocks({ job: failed, events: [iteration(1, 1, -74.1, 'NaN')] });
  const first = blocks[0]!;
  assert.ok('html' in first && first.heading === undefined, 'the banner is the first block, before the metadata');
  const banner = (first as { html: string }).html;
  assert.match(banner, /class="roothaan-banner"/);
  assert.match(banner, /This job failed:.*SCF did not converge in 3 iterations/);
  assert.match(banner, /<code class="roothaan-resume"[^>]*>roothaan resume 0b7c6f1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e<\/code>/);
  assert.match(banner, /--max-iterations/);
  assert.is(jobReportBanner(job(), []), undefined);
  assert.not.match(jobReportPage({ job: job(), events: [] }), /roothaan-banner/);
});

test('a stopped job gets a banner with the stop event as its cause when the row has no error', () => {
  const stopped = job({ status: 'stopped', converged: null, energy: null, error: null });
  const banner = jobReportBanner(stopped, [ev(1, 'stop', 'stopped', { by: 'a@b.c', reason: 'aborted', iteration: 2 })]) ?? '';
  assert.match(banner, /This job was stopped:.*stopped by a@b\.c/);
  assert.match(banner, /roothaan resume 0b7c6f1e/);
  assert.not.match(banner, /--max-iterations/, 'a stopped job needs no more iterations, only a resume');
  // What the user typed is escaped in the banner too.
  assert.match(jobReportBanner(job({ status: 'failed', error: '<i>x</i>' }), []) ?? '', /&lt;i&gt;x&lt;\/i&gt;/);
});

test('the geometry is shown in Å and bohr and the charges from the analysis event, with their units', () => {
  const events = [iteration(1, 1, -74.1, 'NaN'), ev(1, 'analysis', 'charges and dipole', { mulliken: [-0.2345, 0.2345], lowdin: [-0.1, 0.1], dipole_debye: [0, 0, 1.2], homo: -0.4, lumo: 0.5 })];
  const html = htmlOf(jobReportBlocks({ job: job(), events, geometry: oh }));
  // 1.8324 bohr × 0.529177210903 Å/bohr = 0.969664 Å.
  assert.match(html, /<th[^>]*>x \/ Å<\/th>.*<th[^>]*>z \/ bohr<\/th>/s);
  assert.match(html, /<td[^>]*>H<\/td>(<td[^>]*>0\.000000<\/td>){2}<td[^>]*>0\.969664<\/td>(<td[^>]*>0\.000000<\/td>){2}<td[^>]*>1\.832400<\/td>/);
  assert.match(html, /input was read in Å/);
  assert.match(html, /Mulliken q \/ e.*Löwdin q \/ e/s);
  assert.match(html, /<td[^>]*>O<\/td><td[^>]*>-0\.2345<\/td><td[^>]*>-0\.1000<\/td>/);
  assert.match(html, /from the converged density/);
});

test('a stopped job without a finished SCF still shows its geometry, and says there is no converged density', () => {
  const stopped = job({ status: 'stopped', converged: null, energy: null, error: 'stopped: interrupted' });
  const html = htmlOf(jobReportBlocks({ job: stopped, events: [iteration(1, 1, -74.1, 'NaN')], geometry: oh }));
  assert.match(html, /<td[^>]*>H<\/td>/);
  assert.match(html, /No atomic charges: no converged density/);
  assert.not.match(html, /Mulliken/);
  assert.match(htmlOf(jobReportBlocks({ job: stopped, events: [] })), /geometry of this job is not available/);
  // With charges worked out from its density checkpoint, those are shown and said to be not final.
  const withCharges = htmlOf(jobReportBlocks({ job: stopped, events: [], geometry: oh, charges: { iteration: 2, mulliken: [-0.3, 0.3], lowdin: [-0.2, 0.2] } }));
  assert.match(withCharges, /<td[^>]*>H<\/td><td[^>]*>0\.3000<\/td><td[^>]*>0\.2000<\/td>/);
  assert.match(withCharges, /from the density of iteration 2 \(its checkpoint\).*not final/);
});

test('the report plots |E − E_final| on a log axis with power-of-ten ticks and whole-number iteration ticks', () => {
  const events = [iteration(1, 1, -74.1, 'NaN'), iteration(1, 2, -74.3, -0.2), iteration(1, 3, -74.3001, -1e-4)];
  const figure = jobReportBlocks({ job: job({ energy: -74.3001 }), events }).flatMap((b) => ('figure' in b ? [b.figure] : []))[0]!;
  const y = figure.layout['yaxis'] as Record<string, unknown>;
  assert.is(y['type'], 'log');
  assert.is(y['exponentformat'], 'power');
  assert.is((y['title'] as { text: string }).text, '|E − E_final| / Eh');
  assert.is(y['automargin'], true);
  assert.ok(Number.isInteger(y['dtick']) && (y['dtick'] as number) >= 1, 'ticks at whole decades');
  // |E − E_final| per iteration: 0.2001, 1e-4 and 0 (a gap on a log axis).
  const ys = figure.data[0]!['y'] as Array<number | null>;
  assert.ok(Math.abs(ys[0]! - 0.2001) < 1e-12 && Math.abs(ys[1]! - 1e-4) < 1e-12 && ys[2] === null, JSON.stringify(ys));
  const x = figure.layout['xaxis4'] as Record<string, unknown>;
  assert.equal([x['tickformat'], x['dtick'], x['tick0']], ['d', 1, 0]);
  // Not converged: the distance from the last energy, named so.
  const unconverged = jobReportBlocks({ job: job({ status: 'failed', converged: false, energy: -74.3001 }), events }).flatMap((b) => ('figure' in b ? [b.figure] : []))[0]!;
  assert.is(((unconverged.layout['yaxis'] as Record<string, unknown>)['title'] as { text: string }).text, '|E − E_last| / Eh');
});

test.run();
