/**
 * Tables fit the terminal (src/cli/table.ts): at 80 columns no line of the iteration table, of
 * `jobs list` (also with --all), `groups list` or `groups show` is longer than 80 characters;
 * ids are short (8 hex digits) and unique among the printed rows; piped output is laid out for
 * 80 columns whatever the terminal.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as store from '../../src/store';
import { renderTable, shortIdLength, shortIds, tableWidth } from '../../src/cli/table';
import { referenceDir, runCli } from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-table-'));
const env = { ROOTHAAN_HOME: path.join(tmp, 'home'), ROOTHAAN_USER: 'a.very.long.user.name@chemistry.example.org' };
const WATER = path.join(referenceDir, 'geometries', 'h2o_crawford.xyz');
const TTY80 = { isTTY: true, columns: 80 };

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** What a terminal shows: the text without its colour escape codes. */
// eslint-disable-next-line no-control-regex
const visible = (text: string): string => text.replace(/\x1b\[[0-9;]*m/g, '');
const longest = (text: string): number => Math.max(...visible(text).split('\n').map((l) => l.length));

test('short ids are 8 characters, longer only when two printed ids share their first 8', () => {
  const a = '7d3e9096-aaaa-4000-8000-000000000000';
  const b = '7d3e9096-abbb-4000-8000-000000000000';
  const c = '1f2e3d4c-0000-4000-8000-000000000000';
  assert.equal(shortIds([a, c]), ['7d3e9096', '1f2e3d4c']);
  // a and b agree on '7d3e9096-a': 11 characters tell them apart.
  assert.is(shortIdLength([a, b, c]), 11);
  assert.equal(new Set(shortIds([a, b, c])).size, 3);
});

test('a table too wide for its width drops the ranked columns first, then cuts the shrinkable ones', () => {
  const columns = [{ header: 'id' }, { header: 'name', minWidth: 6 }, { header: 'extra', drop: 1 }];
  const rows = [['2d22ded6', 'a rather long job name', 'xxxxxxxxxxxxxxxxxxxx']];
  const wide = renderTable(columns, rows, 80);
  assert.match(wide, /extra/);
  const narrow = renderTable(columns, rows, 20);
  assert.not.match(narrow, /extra|xxxx/);
  assert.is(narrow, 'id        name\n2d22ded6  a rather…\n');
  assert.ok(longest(narrow) <= 20);
});

test('tables are laid out for the terminal width on a terminal (at least 80) and for 80 columns when piped', () => {
  assert.is(tableWidth({ isTTY: true, columns: 132 }), 132);
  assert.is(tableWidth({ isTTY: true, columns: 40 }), 80);
  assert.is(tableWidth({ isTTY: false, columns: 200 }), 80);
});

test('at 80 columns every line of the iteration table fits', async () => {
  const run = await runCli(['run', WATER, '--no-store', '--threads', '1'], env, TTY80);
  assert.is(run.code, 0, run.stderr);
  const table = visible(run.stdout).split('\n\n')[0]!.split('\n');
  assert.match(table[0]!, /iter\s+total energy \(Eh\)\s+ΔE \(Eh\)\s+RMS ΔD\s+DIIS error\s+time \(ms\)/);
  assert.ok(table.length >= 8, `${table.length} lines`);
  for (const line of table) assert.ok(line.length <= 80, `${line.length}: ${line}`);
  // The columns line up: each row's energy ends where the header's energy label ends.
  const end = table[0]!.indexOf('total energy (Eh)') + 'total energy (Eh)'.length;
  assert.match(table[1]!.slice(0, end), /-74\.\d{12}$/);
});

test('at 80 columns jobs list, jobs list --all, groups list, groups show and the events of jobs show fit, with short unique ids', async () => {
  const s = await store.open({}, env);
  const geometryText = fs.readFileSync(WATER, 'utf8');
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const j = await s.jobs.submit({ geometryText, filename: 'water.xyz', parameters: { basis_set: '6-311++G**' }, name: `a long descriptive job name number ${i}`, group: 'a group with a long name too' });
    ids.push(j.id);
  }
  await s.close();
  for (const argv of [['jobs', 'list'], ['jobs', 'list', '--all'], ['groups', 'list'], ['groups', 'show', 'a group with a long name too']]) {
    for (const terminal of [TTY80, { isTTY: false, columns: 200 }]) {
      const out = await runCli(argv, env, terminal);
      assert.is(out.code, 0, out.stderr);
      assert.ok(longest(out.stdout) <= 80, `${argv.join(' ')} (tty ${terminal.isTTY}): ${longest(out.stdout)} columns\n${out.stdout}`);
    }
  }
  // The events table of jobs show (the lines above it are a key/value list, whose JSON parameters may wrap).
  const events = visible((await runCli(['jobs', 'show', ids[0]!.slice(0, 8), '--events'], env, TTY80)).stdout).split('\n\n')[1]!;
  assert.match(events, /^attempt\s+kind\s+name\s+time \(UTC\)\s+metadata\n\s+0\s+submit/);
  assert.ok(longest(events) <= 80, events);
  const list = visible((await runCli(['jobs', 'list', '--all'], env, TTY80)).stdout).trim().split('\n');
  assert.match(list[0]!, /^id\s+status\s+name/);
  assert.match(list[0]!, /user/, '--all keeps the user column');
  const shown = list.slice(1).map((l) => l.split(/\s+/)[0]!);
  assert.equal(shown.sort(), ids.map((id) => id.slice(0, 8)).sort());
  // A wide terminal shows what 80 columns had to leave out.
  const wide = (await runCli(['jobs', 'list'], env, { isTTY: true, columns: 160 })).stdout;
  assert.match(wide, /submitted \(UTC\)/);
  assert.match(wide, /a long descriptive job name number 2/);
});

test.run();
