/**
 * Hints speak the caller's vocabulary (src/cli/vocabulary.ts): the CLI names flags and commands
 * (`--max-iterations 6`, `roothaan basis list`) where the library and the stored job say
 * `"max_iteration": 6` and `listBasisSets()`; a message about a parameters file keeps its keys.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as basis from '../../src/basis';
import { inCliWords, inKeywordWords } from '../../src/cli/vocabulary';
import { referenceDir, runCli } from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-words-'));
const env = { ROOTHAAN_HOME: path.join(tmp, 'home') };
const WATER = path.join(referenceDir, 'geometries', 'h2o_crawford.xyz');

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('parameter keys become flags, library calls become commands', () => {
  assert.is(inCliWords('Allow more iterations ("max_iteration": 6).'), 'Allow more iterations (--max-iterations 6).');
  assert.is(inCliWords('enable DIIS ("use_diis": true)'), 'enable DIIS (--diis)');
  assert.is(inCliWords('("use_diis": false) or ("puream": false)'), '(--no-diis) or (--cartesian)');
  assert.is(inCliWords('a level shift ("level_shift": 0.5 Eh)'), 'a level shift (--level-shift 0.5 Eh)');
  assert.is(inCliWords('only max_iteration may change on resume'), 'only --max-iterations may change on resume');
  assert.is(inCliWords('params.json (max_iteration): must be positive', { keepBareKeys: true }), 'params.json (max_iteration): must be positive');
  assert.is(inCliWords('the charge of the molecule'), 'the charge of the molecule', 'ordinary words stay');
});

test("an AtomicInput's author reads Psi4's keywords: maxiter, diis, damping_percentage", () => {
  assert.is(inKeywordWords('Allow more iterations ("max_iteration": 10).'), 'Allow more iterations ("maxiter": 10).');
  assert.is(inKeywordWords('enable DIIS ("use_diis": true), damping ("damping": 0.5)'), 'enable DIIS ("diis": true), damping ("damping_percentage": 50)');
  assert.is(inKeywordWords('a level shift ("level_shift": 0.5 Eh)'), 'a level shift ("level_shift": 0.5 Eh)', 'same name in both');
});

test('a stored run that did not converge suggests --max-iterations, and the stored job keeps its own words', async () => {
  const run = await runCli(['run', WATER, '--max-iterations', '3', '--threads', '1'], env);
  assert.is(run.code, 2, run.stderr);
  assert.match(run.stdout, /Allow more iterations \(--max-iterations 6\)/);
  assert.not.match(run.stdout, /max_iteration/);
  const id = /job ([0-9a-f-]{36}): failed/.exec(run.stdout)![1]!;
  const show = await runCli(['jobs', 'show', id], env);
  assert.match(show.stdout, /error {6}SCF did not converge.*\(--max-iterations 6\)/);
  // The store and --json keep the job data model's words.
  const json = JSON.parse((await runCli(['jobs', 'show', id, '--json'], env)).stdout) as { error: string };
  assert.match(json.error, /"max_iteration": 6/);
  // resume names its own flag for the cap it refuses.
  const resume = await runCli(['resume', id, '--max-iterations', '2'], env);
  assert.is(resume.code, 1);
  assert.match(resume.stderr, /^roothaan: --max-iterations: job [0-9a-f-]{36} has already run 3 iterations; --max-iterations must be above that\n$/);
});

test('an unknown basis names `roothaan basis list` on the command line and listBasisSets() in the library', async () => {
  const run = await runCli(['run', WATER, '--basis', 'cc-pvdzz', '--no-store'], env);
  assert.is(run.code, 1);
  assert.match(run.stderr, /^roothaan: unknown basis set "cc-pvdzz"\. Did you mean cc-pVDZ.*`roothaan basis list` shows the bundled ones/);
  assert.not.match(run.stderr, /listBasisSets/);
  assert.throws(() => basis.resolveBasisName('cc-pvdzz'), /listBasisSets\(\)/);
});

test('an error about a parameters file keeps the key the file has', async () => {
  const file = path.join(tmp, 'params.json');
  fs.writeFileSync(file, '{"basis_set": "STO-3G", "max_iteration": -1}\n');
  const run = await runCli(['run', WATER, '--params', file, '--no-store'], env);
  assert.is(run.code, 1);
  assert.match(run.stderr, /params\.json \(max_iteration\)/);
});

test.run();
