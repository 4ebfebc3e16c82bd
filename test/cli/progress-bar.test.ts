import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { progressBar } from '../../src/cli/progress-bar';
import type { CliContext } from '../../src/cli/context';
import { runCli } from './helpers';

/*
 * The integrals' progress bar: drawn with cli-progress on stderr when stderr is a terminal and
 * the output is readable text; never in --json or piped output. `roothaan resume` shows it too.
 */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-progress-'));
const water = path.join(tmp, 'water.xyz');
fs.writeFileSync(water, '3\nwater\nO 0 0 0.117\nH 0 0.757 -0.467\nH 0 -0.757 -0.467\n');
const caffeine = path.join(__dirname, '..', 'reference', 'geometries', 'caffeine.xyz');
const TTY = { isTTY: true, columns: 100 };
/** What a cli-progress bar line looks like: the phase, the bar, the percentage. */
const BAR = /two-electron integrals \|[█░]+\| \d+%/;

function fakeContext(stderrIsTTY: boolean | undefined, isTTY = false): { context: CliContext; err: () => string } {
  let err = '';
  const context: CliContext = { stdout: () => undefined, stderr: (t) => void (err += t), columns: 80, isTTY, ...(stderrIsTTY !== undefined ? { stderrIsTTY } : {}), env: {}, setExitCode: () => undefined };
  return { context, err: () => err };
}

test('a bar only when stderr is a terminal and the output is readable', () => {
  assert.is(progressBar(fakeContext(false, true).context, true), undefined, 'stderr piped, stdout a terminal');
  assert.is(progressBar(fakeContext(undefined, false).context, true), undefined, 'nothing a terminal');
  assert.is(progressBar(fakeContext(true).context, false), undefined, '--json');
  const { context, err } = fakeContext(true);
  const bar = progressBar(context, true)!;
  bar.onProgress({ phase: 'two-electron integrals', fraction: 0 });
  bar.onProgress({ phase: 'two-electron integrals', fraction: 0.5 });
  bar.stop();
  bar.stop();
  assert.match(err(), BAR);
  assert.match(err(), /\x1b\[/, 'drawn in place with terminal escapes');
  const before = err().length;
  bar.onProgress({ phase: 'two-electron integrals', fraction: 1 });
  assert.is(err().length, before, 'nothing after stop');
});

test('roothaan run shows the bar on a terminal, and not with --json or when piped', async () => {
  const args = ['run', water, '--no-store', '--basis', 'cc-pVDZ', '--threads', '1'];
  const terminal = await runCli(args, { NO_COLOR: '1' }, TTY);
  assert.is(terminal.code, 0, terminal.stderr);
  assert.match(terminal.stderr, BAR);
  assert.not.match(terminal.stdout, /integrals \|/, 'the bar is on stderr only');
  const json = await runCli([...args, '--json'], {}, TTY);
  assert.is(json.code, 0, json.stderr);
  assert.is(json.stderr, '');
  JSON.parse(json.stdout);
  const piped = await runCli(args, {});
  assert.is(piped.code, 0, piped.stderr);
  assert.not.match(piped.stderr, /integrals/);
});

test('roothaan run (stored) and roothaan resume show the bar on a terminal', async () => {
  const env = { ROOTHAAN_HOME: path.join(tmp, 'home'), NO_COLOR: '1' };
  // Caffeine/STO-3G (80 functions): its ERIs are over the 16 MiB checkpoint limit, so the resume computes them again.
  const first = await runCli(['run', caffeine, '--basis', 'STO-3G', '--threads', '1', '--max-iterations', '2', '--json'], env, TTY);
  const { job_id: jobId, status } = JSON.parse(first.stdout) as { job_id: string; status: string };
  assert.is(status, 'failed');
  assert.not.match(first.stderr, /integrals \|/, 'none with --json');
  const resumed = await runCli(['resume', jobId, '--threads', '1', '--max-iterations', '3'], env, TTY);
  assert.is(resumed.code, 2, resumed.stderr); // one more iteration: not converged yet
  assert.match(resumed.stderr, BAR);
  assert.not.match(resumed.stderr, /one-electron/, 'S and H come from the checkpoints');
  assert.match(resumed.stdout, /^\s+3\s/m, 'iteration 3 ran after the bar');
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test.run();
