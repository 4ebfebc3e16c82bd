import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findJupyter } from '../../src/notebook';
import { runCli } from '../cli/helpers';
import { IN_CI, repoRoot } from './helpers';

/*
 * Kernel ▸ Interrupt in the real roothaan kernel, driven by jupyter_client (Debian's
 * /usr/bin/python3; test/notebook/kernel-interrupt.py): SIGINT stops a watchScf run, a stored job
 * and a synchronous runCalculation within one iteration, the next cell runs, and the interrupted
 * job is `stopped` and resumes.
 * The kernel loads the built package (dist/): run `npm run build` first.
 */

const PYTHON = '/usr/bin/python3';
const hasClient = fs.existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import jupyter_client'], { encoding: 'utf8' }).status === 0;
const jupyter = findJupyter(process.env);
const run = (hasClient && jupyter !== undefined) || IN_CI ? test : test.skip;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-interrupt-'));
const prefix = path.join(tmp, 'prefix');
const kernelName = `roothaan-interrupt-${process.pid}`;
const jupyterEnv = { ...process.env, JUPYTER_PATH: path.join(prefix, 'share', 'jupyter') };

interface CellRun {
  status: string;
  stdout: string;
  stderr: string;
  updates: number;
  interrupted_at: number | null;
  interrupted_epoch_ms: number | null;
  seconds: number;
}

const WATER = '3\\nwater\\nO 0 0 0.117\\nH 0 0.757 -0.467\\nH 0 -0.757 -0.467\\n';
const PARAMS = "{ basis_set: 'cc-pVDZ', use_diis: false, max_iteration: 200 }";

// tslab keeps a cell's declarations only when it succeeds: what the interrupted cells make lives on globalThis.
const CELLS = [
  // 0. Set-up.
  {
    code: [
      "import { scf, geometry, notebook, store } from 'roothaan';",
      'const g: any = globalThis;',
      `const water = geometry.parse('${WATER}', { format: 'xyz' });`,
      "const endless = scf.prepareCalculation(water, scf.parseScfParameters({ basis_set: 'cc-pVDZ', use_diis: false, max_iteration: 10000, convergence: { energy: 1e-300, density: 1e-300 } }), { threads: 1 });",
      'g.__iters = 0;',
    ].join('\n'),
  },
  // 1. A watchScf run that would not end for minutes (thresholds no run can meet), interrupted while its table updates.
  {
    code: [
      "g.__done = notebook.watchScf(endless, { onIteration: (r) => { g.__iters = r.iteration; } }).then(() => { g.__err = 'finished'; }, (e) => { g.__err = e.code + ': ' + e.message; });",
      'await g.__done;',
    ].join('\n'),
    interrupt_after_updates: 5,
  },
  // 2. The next cell runs; the count has stopped.
  {
    code: [
      'const a = g.__iters;',
      'await new Promise((r) => setTimeout(r, 1000));',
      'console.log(JSON.stringify({ a, b: g.__iters, err: g.__err }));',
    ].join('\n'),
  },
  // 3. A stored job (slowed to 30 ms per iteration), interrupted after its third iteration.
  {
    code: [
      "g.__home = require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'roothaan-interrupt-home-'));",
      "g.__s = await store.open({ home: g.__home, user: 'nb@example.org' }, {});",
      `g.__job = store.runJob(g.__s, { geometryText: '${WATER}', filename: 'water.xyz', parameters: ${PARAMS} }, {`,
      '  threads: 1,',
      '  onJob: (job) => { g.__jobId = job.id; },',
      "  onIteration: async (r) => { g.__jobIters = r.iteration; if (r.iteration === 3) console.log('iteration 3'); await new Promise((res) => setTimeout(res, 30)); },",
      '});',
      'await g.__job;',
    ].join('\n'),
    interrupt_on_text: 'iteration 3',
  },
  // 4. The job is stopped and resumes to the energy of an uninterrupted run.
  {
    code: [
      'const first = await g.__job;',
      'const row = await g.__s.jobs.get(g.__jobId);',
      'const stoppedAt = g.__jobIters;',
      'const resumed = await store.resumeJob(g.__s, g.__jobId, { threads: 1 });',
      `const direct = await scf.driveCalculation(water, ${PARAMS}, { threads: 1 });`,
      'await g.__s.close();',
      "require('node:fs').rmSync(g.__home, { recursive: true, force: true });",
      'console.log(JSON.stringify({ first: first.status, row: row.status, stoppedAt, resumed: resumed.status, resumedFrom: resumed.result.history[0].iteration, dE: resumed.result.energy - direct.result.energy }));',
    ].join('\n'),
  },
  // 5. The integrals of caffeine / 6-31G with their progress shown, interrupted part-way.
  {
    code: [
      `const caffeine = geometry.parse(require('node:fs').readFileSync(${JSON.stringify(path.join(repoRoot, 'test', 'reference', 'geometries', 'caffeine.xyz'))}, 'utf8'), { format: 'xyz' });`,
      "g.__prep = notebook.prepareWithProgress(caffeine, { basis_set: '6-31G' }, { threads: 1, intervalMs: 0 }).then(() => { g.__prepErr = 'finished'; }, (e) => { g.__prepErr = e.code + ': ' + e.message; g.__prepAt = Date.now(); });",
      'await g.__prep;',
    ].join('\n'),
    interrupt_after_updates: 5,
  },
  // 6. It stopped between batches.
  { code: 'console.log(JSON.stringify({ err: g.__prepErr, at: g.__prepAt }));' },
  // 7. A synchronous scf.runCalculation (it blocks the event loop; tslab's own break of the cell stops it), interrupted by the clock.
  {
    code: [
      'g.__syncIters = 0;',
      "scf.runCalculation(water, { basis_set: 'cc-pVDZ', use_diis: false, max_iteration: 10000, convergence: { energy: 1e-300, density: 1e-300 } }, {",
      '  threads: 1, onIteration: (r) => { g.__syncIters = r.iteration; g.__syncLast = Date.now(); },',
      '});',
    ].join('\n'),
    interrupt_after_seconds: 4,
  },
  // 8. The count has stopped.
  {
    code: [
      'const c = g.__syncIters;',
      'await new Promise((r) => setTimeout(r, 1000));',
      'console.log(JSON.stringify({ c, d: g.__syncIters, last: g.__syncLast }));',
    ].join('\n'),
  },
];

run('Kernel ▸ Interrupt stops watchScf and a stored job within one iteration; the next cell runs; the job is stopped and resumes', async () => {
  const install = await runCli(['kernel', 'install', '--prefix', prefix, '--name', kernelName], jupyterEnv);
  assert.is(install.code, 0, install.stderr);
  const cellsFile = path.join(tmp, 'cells.json');
  fs.writeFileSync(cellsFile, JSON.stringify(CELLS));
  const driver = spawnSync(PYTHON, [path.join(repoRoot, 'test', 'notebook', 'kernel-interrupt.py'), kernelName, cellsFile], {
    cwd: tmp, env: jupyterEnv, encoding: 'utf8', timeout: 600_000,
  });
  assert.is(driver.status, 0, driver.stderr.slice(-3000));
  const { cells } = JSON.parse(driver.stdout) as { cells: CellRun[] };
  const [setup, watch, after, job, resumed, integrals, integralsAfter, sync, syncAfter] = cells;
  assert.is(setup!.status, 'ok', setup!.stderr);
  // 1: interrupted while running (tslab stops waiting for the cell).
  assert.ok(watch!.interrupted_at !== null, 'the watchScf cell was interrupted');
  assert.is(watch!.status, 'error', watch!.stderr);
  // 2: the next cell ran; no iteration in the second after the interrupt; the run rejected with INTERRUPTED.
  assert.is(after!.status, 'ok', after!.stderr);
  const counts = JSON.parse(after!.stdout) as { a: number; b: number; err: string };
  assert.ok(counts.a >= 5, `the SCF ran (${counts.a} iterations)`);
  assert.is(counts.b, counts.a, 'the iteration count stopped growing');
  assert.match(counts.err, /^INTERRUPTED: the SCF was interrupted after iteration \d+$/);
  assert.is(Number(/iteration (\d+)$/.exec(counts.err)![1]), counts.a);
  // 3–4: the stored job stopped within one iteration of the interrupt, and resumed from there to the same energy.
  assert.ok(job!.interrupted_at !== null, 'the job cell was interrupted');
  assert.is(resumed!.status, 'ok', resumed!.stderr);
  const outcome = JSON.parse(resumed!.stdout) as { first: string; row: string; stoppedAt: number; resumed: string; resumedFrom: number; dE: number };
  assert.is(outcome.first, 'stopped');
  assert.is(outcome.row, 'stopped');
  assert.ok(outcome.stoppedAt >= 3 && outcome.stoppedAt <= 4, `stopped at iteration ${outcome.stoppedAt}`);
  assert.is(outcome.resumed, 'done');
  assert.is(outcome.resumedFrom, outcome.stoppedAt + 1);
  // The same SCF continued: the energy of an uninterrupted run, within the convergence threshold's reach (1e-8 Eh).
  assert.ok(Math.abs(outcome.dE) < 1e-8, `ΔE = ${outcome.dE}`);
  // 5–6: the integrals (with their progress output updating) stopped between two batches, within a second.
  assert.ok(integrals!.interrupted_epoch_ms !== null, 'the integrals cell was interrupted while its progress updated');
  assert.is(integralsAfter!.status, 'ok', integralsAfter!.stderr);
  const prep = JSON.parse(integralsAfter!.stdout) as { err: string; at: number };
  assert.match(prep.err, /^INTERRUPTED: the SCF was interrupted while computing the two-electron integrals \(\d+ % done\)$/);
  const lag = prep.at - integrals!.interrupted_epoch_ms!;
  assert.ok(lag >= 0 && lag < 1000, `stopped ${lag.toFixed(0)} ms after the interrupt`);
  // 7–8: the synchronous runCalculation cell ended in an error at the interrupt, and no iteration ran after it.
  assert.ok(sync!.interrupted_epoch_ms !== null, 'the runCalculation cell was interrupted');
  assert.is(sync!.status, 'error', sync!.stdout + sync!.stderr);
  assert.is(syncAfter!.status, 'ok', syncAfter!.stderr);
  const syncCounts = JSON.parse(syncAfter!.stdout) as { c: number; d: number; last: number };
  assert.ok(syncCounts.c >= 3, `the synchronous SCF ran (${syncCounts.c} iterations)`);
  assert.is(syncCounts.d, syncCounts.c, 'its iteration count stopped growing');
  // Its last iteration ended before the interrupt, or within one iteration's time (water/cc-pVDZ, well under 1 s) after it.
  const syncLag = syncCounts.last - sync!.interrupted_epoch_ms!;
  assert.ok(syncLag < 1000, `last iteration ${syncLag.toFixed(0)} ms after the interrupt`);
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test.run();
