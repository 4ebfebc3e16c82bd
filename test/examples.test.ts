import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { spawnSync } from 'node:child_process';
import * as store from '../src/store';
import { runCli } from './cli/helpers';

// Each TypeScript example runs with one command, as examples/README.md says (`npx tsx examples/X.ts`),
// against the built package. What each prints is checked against what it promises.
const root = path.resolve(__dirname, '..');
const expectations: Record<string, RegExp[]> = {
  'rhf-water.ts': [/RHF\/cc-pVDZ energy: -75\.98979578\d\d Eh \(converged/],
  'basis-convergence.ts': [/^STO-3G\s+7\s/m, /^cc-pVTZ\s+58\s.*-76\.01792/m],
  'oh-radical.ts': [/UHF energy -75\.38214265\d\d Eh/, /<S\^2> = 0\.75\d+ \(exact 0\.75\)/],
};

test('every TypeScript example has its expectations listed here', () => {
  const scripts = fs.readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.ts')).sort();
  assert.equal(scripts, Object.keys(expectations).sort());
});

for (const [script, patterns] of Object.entries(expectations)) {
  test(`examples/${script} runs with one command and prints what it promises`, () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join('examples', script)], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    assert.is(run.status, 0, run.stderr);
    for (const pattern of patterns) assert.match(run.stdout, pattern);
  });
}

// The zx workflows run with `npx zx examples/X.mjs` (zx is a dev dependency; this runs its CLI
// directly) against the built CLI, bin/roothaan.js.
const zxCli = path.join(root, 'node_modules', 'zx', 'build', 'cli.js');
const workflows = ['batch-workflow.mjs'];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-examples-'));

function runWorkflow(script: string, args: string[], env: Record<string, string | undefined>): { status: number | null; stdout: string; stderr: string } {
  const clean: Record<string, string | undefined> = { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' };
  delete clean['ROOTHAAN_HOME'];
  delete clean['DATABASE_URL'];
  delete clean['ROOTHAAN_S3_BUCKET'];
  delete clean['AWS_ENDPOINT_URL_S3'];
  return spawnSync(process.execPath, [zxCli, path.join('examples', script), ...args], { cwd: root, encoding: 'utf8', timeout: 300_000, env: { ...clean, ...env } });
}

test('every zx workflow in examples/ is run here', () => {
  assert.equal(fs.readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.mjs')).sort(), workflows);
});

test('examples/batch-workflow.mjs runs the batch as one group, resumes the failed job, and every job ends done', async () => {
  const home = path.join(tmp, 'home');
  const run = runWorkflow('batch-workflow.mjs', ['--group', 'examples-test'], { ROOTHAAN_HOME: home });
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, /^run {5}stretched-water\.xyz +failed +10 iterations/m);
  assert.match(run.stdout, /^resume {2}stretched-water\.xyz +done /m);
  assert.match(run.stdout, /^4 of 4 jobs done$/m);
  // The printed table: name, molecule, status, attempts, iterations, energy.
  const row = (name: string): string[] => (new RegExp(`^${name.replace('.', '\\.')} .*$`, 'm').exec(run.stdout)?.[0] ?? '').trim().split(/\s+/);
  assert.equal(row('water.xyz').slice(1, 4), ['H2O', 'done', '1']);
  assert.equal(row('stretched-water.xyz').slice(1, 4), ['H2O', 'done', '2']);
  // Psi4 reference energies (public-cases.json h2o_sto3g, ch4_sto3g); the table prints 10 decimals.
  assert.ok(Math.abs(Number(row('water.xyz')[5]) - -74.94207992819226) < 1e-9);
  assert.ok(Math.abs(Number(row('methane.xyz')[5]) - -39.726581866291085) < 1e-9);

  // The store agrees: one group of four jobs, all done, only the stretched one resumed (attempt 2).
  const s = await store.open({ home }, {});
  try {
    const jobs = await s.groups.jobs('examples-test');
    assert.equal(jobs.map((j) => [j.name, j.status, j.attempt]).sort(), [
      ['ammonia.xyz', 'done', 1], ['methane.xyz', 'done', 1], ['stretched-water.xyz', 'done', 2], ['water.xyz', 'done', 1],
    ]);
    // The resumed job matches the same input run without a cap: a resume continues, it does not restart.
    const resumed = jobs.find((j) => j.attempt === 2)!;
    const plain = await runCli(['run', path.join(root, 'examples', 'batch', 'stretched-water.xyz'), '--no-store', '--json'], {});
    assert.is(plain.code, 0, plain.stderr);
    const uninterrupted = JSON.parse(plain.stdout);
    assert.ok(Math.abs(resumed.energy! - uninterrupted.energy) < 1e-9, `${resumed.energy} vs ${uninterrupted.energy}`);
    assert.is(resumed.iterations, uninterrupted.iterations);
  } finally {
    await s.close();
  }
});

test('without ROOTHAAN_HOME the workflow uses a temporary store and leaves nothing behind', () => {
  const scratch = fs.mkdtempSync(path.join(tmp, 'scratch-'));
  const run = runWorkflow('batch-workflow.mjs', [], { TMPDIR: scratch });
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, /^store: a temporary data directory, /m);
  assert.match(run.stdout, /^group: batch-\d{8}-\d{6}$/m);
  assert.equal(fs.readdirSync(scratch), []);
});

test.after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

test.run();
