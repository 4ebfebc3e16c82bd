import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as scf from '../../src/scf';
import { parse } from '../../src/geometry';
import { runCli } from './helpers';

/* `roothaan run --accelerator` and the two transition flags: the run, its --json history, and bad values. */

const xyz = '3\nwater, O-H 4.0 A\nO 0 0 0\nH 0 3.162758 2.448869\nH 0 -3.162758 2.448869\n';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-accelerator-'));
const file = path.join(tmp, 'water-4A.xyz');
fs.writeFileSync(file, xyz);

test('run --accelerator adiis converges stretched water from the core guess and says what ran in each iteration', async () => {
  const run = await runCli(['run', file, '--basis', '6-31G', '--guess', 'core', '--accelerator', 'adiis', '--no-store', '--json', '--threads', '1']);
  assert.is(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout) as { converged: boolean; energy: number; history: { accelerator: string; diis_error: number }[]; parameters: Record<string, unknown> };
  assert.ok(out.converged);
  const library = scf.runCalculation(parse(xyz, { format: 'xyz' }), { basis_set: '6-31G', guess: 'core', scf_initial_accelerator: 'adiis' }, { threads: 1 }).result;
  assert.ok(Math.abs(out.energy - library.energy) < 1e-10, `${out.energy} vs ${library.energy}`);
  assert.equal(out.history.map((h) => h.accelerator), library.history.map((h) => h.accelerator));
  assert.is(out.history[1]!.accelerator, 'adiis+cdiis'); // diis_error between 1e-4 and 0.1: the blend
  assert.is(out.history[out.history.length - 1]!.accelerator, 'cdiis');
  assert.is(out.parameters['scf_initial_accelerator'], 'adiis');
});

test('a bad --accelerator or transition value is a one-line error naming the flag, and nothing runs', async () => {
  const bad = await runCli(['run', file, '--accelerator', 'bdiis', '--no-store', '--threads', '1']);
  assert.is.not(bad.code, 0);
  assert.match(bad.stderr, /accelerator/);
  const negative = await runCli(['run', file, '--start-diis-transition', '-1', '--no-store', '--threads', '1']);
  assert.is.not(negative.code, 0);
  assert.match(negative.stderr, /--start-diis-transition: must be a number ≥ 0, got -1/);
  assert.is(negative.stdout, '');
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test.run();
