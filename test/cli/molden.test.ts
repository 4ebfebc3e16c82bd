/**
 * `roothaan molden JOB_ID|FILE`: a stored job's orbitals come from its checkpoints, a geometry
 * file's are computed; both give the same file for the same input. (The file's content — order,
 * normalisation, energy — is proven in test/io/molden.test.ts.)
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli, referenceDir } from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-molden-'));
const env = { ROOTHAAN_HOME: path.join(tmp, 'home') };
const water = path.join(referenceDir, 'geometries', 'h2o_crawford.xyz');
const oh = path.join(referenceDir, 'geometries', 'oh.xyz');
/** The same SCF run twice (different thread counts) agrees to ~1e-12 Eh in orbital energies. */
const ENERGY_TOLERANCE = 1e-9;

const orbitalEnergies = (text: string): number[] => [...text.matchAll(/Ene=\s*(\S+)/g)].map((m) => Number(m[1]));
const section = (text: string, name: string): string => text.slice(text.indexOf(`[${name}]`), text.indexOf('[', text.indexOf(`[${name}]`) + 1));

test("a stored job's orbitals are written from its checkpoints, as the same file FILE computes", async () => {
  const run = await runCli(['run', water, '--basis', '6-31G*', '--cartesian', '--threads', '1', '--json'], env);
  assert.is(run.code, 0, run.stderr);
  const job = JSON.parse(run.stdout);
  const fromJob = path.join(tmp, 'job.molden');
  const a = await runCli(['molden', job.job_id.slice(0, 8), '-o', fromJob], env);
  assert.is(a.code, 0, a.stderr);
  assert.match(a.stdout, /^wrote .*job\.molden \(19 basis functions, 19 orbitals\)\n$/);
  // Without -o: <file>.molden in the current directory. One thread: worker threads started
  // in-process while the directory is changed leave c8 a coverage report that hides the
  // integral engine's coverage from every other test.
  const cwd = process.cwd();
  process.chdir(tmp);
  const b = await runCli(['molden', water, '--basis', '6-31G*', '--cartesian', '--threads', '1'], env).finally(() => process.chdir(cwd));
  assert.is(b.code, 0, b.stderr);
  const fromFile = b.stdout.replace(/^wrote (.*) \(.*\n$/, '$1');
  assert.is(path.basename(fromFile), 'h2o_crawford.molden');
  const [t1, t2] = [fs.readFileSync(fromJob, 'utf8'), fs.readFileSync(fromFile, 'utf8')];
  fs.rmSync(fromFile);
  assert.match(t1, /^\[Molden Format\]\n/);
  assert.not.match(t1, /\[5D/); // 6d: Cartesian
  assert.is(section(t1, 'Atoms'), section(t2, 'Atoms'));
  assert.is(section(t1, 'GTO'), section(t2, 'GTO'));
  const [e1, e2] = [orbitalEnergies(t1), orbitalEnergies(t2)];
  assert.is(e1.length, 19);
  e1.forEach((e, i) => assert.ok(Math.abs(e - e2[i]!) < ENERGY_TOLERANCE, `orbital ${i + 1}: ${e} vs ${e2[i]}`));
  assert.is((t1.match(/Occup= 2\.0+/g) ?? []).length, 5);
});

test('a UHF job is written as α and β orbitals, spherical d flagged [5D]', async () => {
  const run = await runCli(['run', oh, '--basis', '6-31G*', '--spherical', '--threads', '1', '--json'], env);
  assert.is(run.code, 0, run.stderr);
  const out = path.join(tmp, 'oh.molden');
  const r = await runCli(['molden', JSON.parse(run.stdout).job_id, '-o', out], env);
  assert.is(r.code, 0, r.stderr);
  const text = fs.readFileSync(out, 'utf8');
  assert.match(text, /\n\[5D\]\n/);
  assert.is((text.match(/Spin= Alpha/g) ?? []).length, 16);
  assert.is((text.match(/Spin= Beta/g) ?? []).length, 16);
  const occupied = [...text.matchAll(/Occup= (\S+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
  assert.is(occupied, 9);
});

test('an unknown job is a one-line error and exit code 1, and no file is written', async () => {
  const out = path.join(tmp, 'none.molden');
  const r = await runCli(['molden', '0123abcd', '-o', out], env);
  assert.is(r.code, 1);
  assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /0123abcd/);
  assert.not.ok(fs.existsSync(out));
});

test.run();
