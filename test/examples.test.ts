import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

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

test.run();
