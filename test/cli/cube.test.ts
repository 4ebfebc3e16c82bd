/**
 * `roothaan cube JOB_ID --orbital …`: a stored job's orbital on a grid, from its checkpoints. The
 * file is read back and ψ² integrated (grid error at 0.2 bohr: see test/io/cube.test.ts; water's
 * HOMO, a pure O 2p, integrates to 1.000000 there, LUMO to 1.0027).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli, referenceDir } from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-cube-'));
const env = { ROOTHAAN_HOME: path.join(tmp, 'home') };
const water = path.join(referenceDir, 'geometries', 'h2o_crawford.xyz');
const GRID_ERROR = 1e-2;
let jobId = '';

function integral(text: string): { norm: number; comment: string } {
  const lines = text.split('\n');
  const natoms = Number(lines[2]!.trim().split(/\s+/)[0]);
  const h = Number(lines[3]!.trim().split(/\s+/)[1]);
  const values = lines.slice(6 + natoms).join(' ').trim().split(/\s+/).map(Number);
  return { norm: values.reduce((s, v) => s + v * v, 0) * h ** 3, comment: lines[1]! };
}

test("a stored job's HOMO and LUMO are written as cube files that integrate to 1", async () => {
  const run = await runCli(['run', water, '--basis', 'STO-3G', '--threads', '1', '--json'], env);
  assert.is(run.code, 0, run.stderr);
  jobId = JSON.parse(run.stdout).job_id;
  const out = path.join(tmp, 'homo.cube');
  const homo = await runCli(['cube', jobId.slice(0, 8), '--orbital', 'HOMO', '-o', out], env);
  assert.is(homo.code, 0, homo.stderr);
  const h = integral(fs.readFileSync(out, 'utf8'));
  assert.match(h.comment, /^orbital 5 \(alpha\) E = -0\.\d+ Eh occupation 2$/);
  assert.ok(Math.abs(h.norm - 1) < GRID_ERROR, `HOMO: ${h.norm}`);
  const cwd = process.cwd();
  process.chdir(tmp);
  const lumo = await runCli(['cube', jobId, '--orbital', 'lumo'], env).finally(() => process.chdir(cwd));
  assert.is(lumo.code, 0, lumo.stderr);
  const l = integral(fs.readFileSync(path.join(tmp, `${jobId}-lumo.cube`), 'utf8'));
  assert.match(l.comment, /^orbital 6 \(alpha\)/);
  assert.ok(Math.abs(l.norm - 1) < GRID_ERROR, `LUMO: ${l.norm}`);
});

test('a bad orbital or spin is a one-line error naming the flag, exit code 1, and no file', async () => {
  for (const [argv, pattern] of [
    [['--orbital', '8'], /--orbital: expected HOMO, LUMO or an orbital number 1…7, got '8'/],
    [['--orbital', 'HOMO', '--spin', 'beta'], /--spin: job .* is restricted/],
    [['--orbital', 'HOMO', '--spacing', '-1'], /--spacing: the grid spacing must be a positive number of bohr, got -1/],
  ] as const) {
    const out = path.join(tmp, 'bad.cube');
    const r = await runCli(['cube', jobId, ...argv, '-o', out], env);
    assert.is(r.code, 1, argv.join(' '));
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, pattern);
    assert.not.ok(fs.existsSync(out));
  }
});

test.run();
