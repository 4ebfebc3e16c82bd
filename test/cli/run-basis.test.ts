import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StoreConflictError } from '../../src/errors';
import * as store from '../../src/store';
import { runCli } from './helpers';

/*
 * `roothaan run --basis-for KEY=BASIS` (repeatable) and `--ghost 1,2`: what they run, what a
 * stored job records, that a resume refuses a changed assignment, and that invalid input is one
 * line naming the flag with nothing stored. The store is the embedded one (SQLite + directory):
 * the flags only become data-model parameters, which every backend stores as the same JSON
 * (test/store covers the backends). Water/STO-3G and cc-pVDZ runs take well under a second.
 */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-run-basis-'));
const waterFile = path.join(tmp, 'water.xyz');
fs.writeFileSync(waterFile, '3\nwater\nO 0 0 0.117\nH 0 0.757 -0.467\nH 0 -0.757 -0.467\n');
const he2File = path.join(tmp, 'he2.xyz');
fs.writeFileSync(he2File, '2\nHe2\nHe 0 0 0\nHe 0 0 3\n');
const env = { ROOTHAAN_HOME: path.join(tmp, 'home'), ROOTHAAN_USER: 'basis@localhost' };
const openStore = (): Promise<store.Store> => store.open({}, env);

async function jobCount(): Promise<number> {
  const s = await openStore();
  try {
    return (await s.jobs.list()).length;
  } finally {
    await s.close();
  }
}

test('--basis is the default and each --basis-for overrides an element or an atom (atom wins), recorded in the job', async () => {
  const run = await runCli(['run', waterFile, '--json', '--threads', '1', '--basis', 'cc-pVDZ', '--basis-for', 'H=sto-3g', '--basis-for', '3=6-31G*'], env);
  assert.is(run.code, 0, run.stderr);
  const json = JSON.parse(run.stdout) as { job_id: string; status: string; nbf: number; basis: string; converged: boolean };
  assert.equal([json.status, json.nbf, json.basis, json.converged], ['done', 14 + 1 + 2, 'cc-pVDZ + STO-3G + 6-31G*', true]);
  const s = await openStore();
  try {
    const job = await s.jobs.get(json.job_id);
    assert.equal(job.parameters, { basis_set: 'cc-pVDZ', basis_assign: { H: 'STO-3G', '3': '6-31G*' } });
    assert.is(job.nbf, 17);
  } finally {
    await s.close();
  }
});

test('--ghost turns input atoms into ghosts: water with O a ghost is H2 in water\'s basis', async () => {
  const run = await runCli(['run', waterFile, '--no-store', '--json', '--threads', '1', '--ghost', '1'], env);
  assert.is(run.code, 0, run.stderr);
  const json = JSON.parse(run.stdout) as { nbf: number; occupations: number[]; nuclear_repulsion: number };
  assert.is(json.nbf, 7);
  assert.is(json.occupations.reduce((a, b) => a + b, 0), 2);
  assert.ok(Math.abs(json.nuclear_repulsion - 0.529177210903 / 1.514) < 1e-9, String(json.nuclear_repulsion)); // 1/R, R = 1.514 Å
});

test('a resume refuses a changed basis assignment; the unchanged one resumes', async () => {
  const run = await runCli(['run', waterFile, '--json', '--threads', '1', '--basis-for', 'H=cc-pVDZ', '--max-iterations', '2'], env);
  assert.is(run.code, 2, run.stderr);
  const { job_id: id } = JSON.parse(run.stdout) as { job_id: string };
  const s = await openStore();
  try {
    const job = await s.jobs.get(id);
    assert.equal(job.parameters['basis_assign'], { H: 'cc-pVDZ' });
    for (const changed of [{ H: 'STO-3G' }, { H: 'cc-pVDZ', 1: 'cc-pVDZ' }]) {
      try {
        await store.resumeJob(s, id, { parameters: { ...job.parameters, basis_assign: changed }, threads: 1 });
        assert.unreachable(JSON.stringify(changed));
      } catch (e) {
        assert.instance(e, StoreConflictError);
        assert.ok((e as Error).message.includes('the parameters differ'), (e as Error).message);
      }
    }
    const resumed = await store.resumeJob(s, id, { parameters: job.parameters, maxIterations: 100, threads: 1 });
    assert.is(resumed.status, 'done');
    assert.is(resumed.calculation?.basis.nbf, 15);
  } finally {
    await s.close();
  }
});

test('a bad --basis-for or --ghost is one line naming the flag (the data-model key once the job validates it), and nothing is stored', async () => {
  const before = await jobCount();
  // Parsing names the flag; what needs the molecule is checked with it, where --no-store names the
  // flag and a stored job (validated as the store validates every job) the parameter's key.
  const cases: [string, string[], RegExp][] = [
    [waterFile, ['--basis-for', 'H=nope'], /^roothaan: --basis-for: H=nope: unknown basis set "nope"/],
    [waterFile, ['--basis-for', 'Q=sto-3g'], /^roothaan: --basis-for: "Q" is neither an element symbol/],
    [waterFile, ['--basis-for', 'H'], /^roothaan: --basis-for: "H" is not KEY=BASIS/],
    [waterFile, ['--ghost', '0'], /^roothaan: --ghost: atom 0 does not exist/],
    [waterFile, ['--basis-for', '4=sto-3g'], /^roothaan: (--basis-for|basis_assign\.4): atom 4 does not exist: the molecule has 3 atoms/],
    [waterFile, ['--ghost', '1,2,3'], /^roothaan: (--ghost|ghost_atoms): that makes all 3 atoms ghosts/],
    [waterFile, ['--ghost', '5'], /^roothaan: (--ghost|ghost_atoms): atom 5 does not exist: the molecule has 3 atoms/],
    // 6-31++G** has no He: found when the basis is placed, before anything is computed or stored.
    [he2File, ['--basis-for', '2=6-31++G**'], /^roothaan: (--basis-for|basis_assign\.2): the basis set 6-31\+\+G\*\* has no functions for He \(atom 2/],
  ];
  for (const [file, args, message] of cases) {
    for (const mode of [['--no-store'], []]) {
      const run = await runCli(['run', file, '--threads', '1', ...mode, ...args], env);
      assert.is(run.code, 1, `${args.join(' ')}: ${run.stdout}`);
      assert.ok(message.test(run.stderr), run.stderr);
      if (mode.length === 1 && message.source.includes('|')) assert.ok(run.stderr.startsWith('roothaan: --'), `--no-store names the flag: ${run.stderr}`);
      assert.is(run.stderr.trim().split('\n').length, 1, run.stderr);
    }
  }
  assert.is(await jobCount(), before);
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test.run();
