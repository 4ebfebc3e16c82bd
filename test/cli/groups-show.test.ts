import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CliContext } from '../../src/cli/context';
import { main } from '../../src/cli/main';
import { geometryText } from '../store/backends';
import { runCli } from './helpers';

/* `roothaan groups show` on the embedded store: the progress rows (status, iteration, energy, host) as a table, as JSON, and with --watch. */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-groups-show-'));
const env = { ROOTHAAN_HOME: path.join(tmp, 'home'), ROOTHAAN_USER: 'alice@example.org' };
const h2 = path.join(tmp, 'h2.xyz');
fs.writeFileSync(h2, geometryText('h2.xyz'));
const water = path.join(tmp, 'water.xyz');
fs.writeFileSync(water, geometryText('h2o_crawford.xyz'));

interface Shown {
  id: string; name: string; settled: boolean; counts: Record<string, number>;
  rows: Array<{ id: string; name: string; status: string; iteration: number | null; energy: number | null; host: string | null; attempt: number; live: boolean; updated: string }>;
  jobs: Array<{ id: string; energy: number | null; iterations: number | null; status: string }>;
}

async function show(group: string): Promise<Shown> {
  const r = await runCli(['groups', 'show', group, '--json'], env);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout.trim().split('\n').length, 1, 'one JSON object');
  return JSON.parse(r.stdout) as Shown;
}

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/**
 * Submits water/STO-3G without DIIS (~17 iterations) to `group`, starts `groups show GROUP --watch`
 * (in this process, on a terminal or not), and once it has printed its first table runs a worker.
 * Returns what the watch printed.
 */
async function watchWhileWorking(group: string, flags: string[], isTTY: boolean): Promise<string> {
  const submitted = await runCli(['submit', water, '--basis', 'sto-3g', '--no-diis', '--group', group, '--json'], env);
  assert.is(submitted.code, 0, submitted.stderr);
  let stdout = '';
  let printed!: () => void;
  const first = new Promise<void>((resolve) => (printed = resolve));
  const context: CliContext = { stdout: (t) => { stdout += t; printed(); }, stderr: (t) => void (stdout += t), columns: 120, isTTY, env, setExitCode: () => undefined };
  const watching = main(['groups', 'show', group, '--watch', '--interval', '0.05', ...flags], context);
  await first;
  const worker = await runCli(['worker', '--group', group, '--threads', '1'], env);
  assert.is(worker.code, 0, worker.stderr);
  assert.is(await watching, 0, stdout);
  return stdout;
}

test('groups show prints each job’s status, iteration, energy and host, before and after a worker runs them', async () => {
  const submitted = await runCli(['submit', h2, '--basis', 'sto-3g', '--scan', 'bond 0 1 0.7,0.8', '--group', 'scan', '--json'], env);
  assert.is(submitted.code, 0, submitted.stderr);
  const ids = (JSON.parse(submitted.stdout) as { jobs: Array<{ id: string }> }).jobs.map((j) => j.id);

  const before = await show('scan');
  assert.equal([before.name, before.settled, before.counts], ['scan', false, { submitted: 2 }]);
  assert.equal(before.rows.map((r) => r.id).sort(), [...ids].sort());
  assert.ok(before.rows.every((r) => r.status === 'submitted' && r.iteration === null && r.energy === null && r.host === null && r.attempt === 0));
  assert.equal(before.jobs.map((j) => j.id).sort(), [...ids].sort(), 'the job rows stay in the JSON');
  // The content at a wide terminal (at 80 columns the name may be cut: test/cli/table.test.ts).
  const wide = { isTTY: true, columns: 160 };
  const plainEnv = { ...env, NO_COLOR: '1' };
  const text = await runCli(['groups', 'show', 'scan'], plainEnv, wide);
  assert.is(text.code, 0, text.stderr);
  const lines = text.stdout.trimEnd().split('\n');
  assert.match(lines[0]!, new RegExp(`^group  scan \\(${before.id.slice(0, 8)}\\)$`));
  assert.is(lines[1], 'owner  alice@example.org');
  assert.match(lines[3]!, /^job\s+name\s+status\s+iter\s+E \/ Eh\s+host\s+updated \(UTC\)$/);
  assert.is(lines.at(-1), '2 jobs — 2 submitted (in progress)');

  const worker = await runCli(['worker', '--group', 'scan', '--threads', '1'], env);
  assert.is(worker.code, 0, worker.stderr);
  const after = await show('scan');
  assert.equal([after.settled, after.counts], [true, { done: 2 }]);
  for (const r of after.rows) {
    const job = after.jobs.find((j) => j.id === r.id)!;
    assert.equal([r.status, r.iteration, r.energy, r.host, r.attempt, r.live], ['done', job.iterations, job.energy, os.hostname(), 1, false]);
    assert.ok(r.energy! < -1 && r.iteration! > 0, `${r.energy} after ${r.iteration} iterations`);
  }
  const done = (await runCli(['groups', 'show', 'scan'], plainEnv, wide)).stdout;
  for (const r of after.rows) {
    assert.match(done, new RegExp(`^${r.id.slice(0, 8)}\\s+${r.name.replace(/[().]/g, '\\$&')}\\s+done ✓\\s+${r.iteration}\\s+${r.energy!.toFixed(10)}\\s+${os.hostname()}\\s+${r.updated.slice(0, 19).replace('T', ' ')}$`, 'm'));
  }
  assert.match(done, /\n2 jobs — 2 done\n$/);
  // A settled group: --watch prints it once and returns.
  const watchedDone = await runCli(['groups', 'show', 'scan', '--watch', '--interval', '0.05'], plainEnv, wide);
  assert.is(watchedDone.stdout, done);
});

test('groups show --watch reprints the table as a worker runs the group, until every job has ended', async () => {
  const snapshots = (await watchWhileWorking('watched', ['--json'], false)).trim().split('\n').map((l) => JSON.parse(l) as Shown);
  assert.ok(snapshots.length >= 2, `${snapshots.length} snapshots`);
  assert.equal(snapshots[0]!.counts, { submitted: 1 });
  const last = snapshots.at(-1)!;
  assert.equal([last.settled, last.counts, last.rows[0]!.iteration], [true, { done: 1 }, last.jobs[0]!.iterations]);
  assert.ok(snapshots.slice(0, -1).every((s) => !s.settled), 'it stopped at the first settled reading');
});

test('on a terminal, groups show --watch redraws the table in place', async () => {
  const stdout = await watchWhileWorking('tty', [], true);
  // Each redraw moves the cursor up over the previous table's lines and clears below.
  const parts = stdout.split(/\x1b\[(\d+)A\x1b\[J/);
  assert.ok(parts.length >= 3, `${(parts.length - 1) / 2} redraws`);
  for (let k = 1; k < parts.length; k += 2) assert.is(Number(parts[k]), parts[k - 1]!.split('\n').length - 1, 'up by the lines of the table before');
  assert.match(parts[0]!, /1 job — 1 submitted \(in progress\)\n$/);
  assert.match(parts.at(-1)!, /done ✓[\s\S]*\n1 job — 1 done\n$/);
});

test('groups show refuses an unknown group and a bad interval with one line', async () => {
  for (const [argv, pattern] of [
    [['groups', 'show', 'nope'], /alice@example\.org has no group named 'nope'/],
    [['groups', 'show', 'scan', '--watch', '--interval', '0'], /--interval must be a number of seconds > 0, got 0/],
  ] as const) {
    const r = await runCli([...argv], env);
    assert.is(r.code, 1, r.stdout);
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, pattern);
    assert.is(r.stdout, '');
  }
});

test.run();
