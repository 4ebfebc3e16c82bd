import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

// The README's library example is run as a user would run it: a script importing 'roothaan'
// (resolved to this package by Node's self-reference through package.json "exports", built dist/).
const root = path.resolve(__dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

test('the README library example runs and prints the energy its comment promises', () => {
  const section = readme.slice(readme.indexOf('## The library in ten lines'));
  const code = /```ts\n([\s\S]*?)```/.exec(section)![1]!;
  assert.ok(code.split('\n').filter((l) => l.trim()).length <= 12, 'about ten lines');
  const dir = fs.mkdtempSync(path.join(root, '.readme-example-'));
  try {
    const file = path.join(dir, 'example.ts');
    fs.writeFileSync(file, code);
    const run = spawnSync(process.execPath, ['--import', 'tsx', file], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' }, // uvu forces colours on; the user's terminal would not
    });
    assert.is(run.status, 0, run.stderr);
    const last = run.stdout.trim().split('\n').pop()!;
    assert.match(last, /^true -74\.94207992/, last);
    assert.match(last, /1\.53399/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
