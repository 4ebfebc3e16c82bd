import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli, runBinary, referenceDir, basisDir } from './helpers';

const cases = JSON.parse(fs.readFileSync(path.join(referenceDir, 'public-cases.json'), 'utf8')) as Array<{
  name: string; nuclear_repulsion: number; nbf: number; basis: string; xyz_file: string; puream: boolean;
}>;
const water = cases.find((c) => c.name === 'h2o_sto3g')!;
const crawford = path.join(referenceDir, water.xyz_file);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-cli-'));

test('geometry --to json prints one JSON object with the nuclear repulsion energy', async () => {
  const run = await runCli(['geometry', crawford, '--to', 'json']);
  assert.is(run.code, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  assert.is(lines.length, 1);
  const out = JSON.parse(lines[0]!);
  assert.is(out.formula, 'H2O');
  assert.is(out.electrons, 10);
  assert.is(out.atoms.length, 3);
  // The Crawford file is in bohr, so this is the reference value to rounding of the file's digits.
  assert.ok(Math.abs(out.nuclear_repulsion - water.nuclear_repulsion) < 1e-8, `${out.nuclear_repulsion}`);
  assert.not.ok('nbf' in out);
});

test('geometry --basis adds nbf, following the basis file header unless overridden', async () => {
  const pyscf = cases.find((c) => c.name === 'h2o_pyscf_ccpvdz')!;
  const file = path.join(referenceDir, pyscf.xyz_file);
  const spherical = JSON.parse((await runCli(['geometry', file, '--basis', 'cc-pVDZ', '--to', 'json'])).stdout);
  assert.is(spherical.nbf, 24);
  assert.is(spherical.puream, true);
  const cartesian = JSON.parse((await runCli(['geometry', file, '--basis', 'cc-pvdz', '--cartesian', '--to', 'json'])).stdout);
  assert.is(cartesian.nbf, 25);
  assert.is(cartesian.puream, false);
});

test('geometry --basis-for and --ghost show the per-atom basis and the ghosts, as roothaan run would use them', async () => {
  const run = await runCli(['geometry', crawford, '--basis', 'cc-pVDZ', '--basis-for', 'H=sto-3g', '--basis-for', '3=6-31G*', '--ghost', '2', '--to', 'json']);
  assert.is(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout);
  assert.equal([out.basis, out.nbf, out.puream, out.electrons], ['cc-pVDZ + STO-3G + 6-31G*', 14 + 1 + 2, true, 9]);
  const bad = await runCli(['geometry', crawford, '--basis', 'sto-3g', '--basis-for', '5=sto-3g']);
  assert.is(bad.code, 1);
  assert.is(bad.stderr, 'roothaan: --basis-for: atom 5 does not exist: the molecule has 3 atoms (counting from 1)\n');
  const alone = await runCli(['geometry', crawford, '--basis-for', 'H=sto-3g']);
  assert.is(alone.code, 1);
  assert.match(alone.stderr, /basis-for -> basis/);
});

test('geometry --basis accepts the path of a Gaussian94 file', async () => {
  const file = path.join(referenceDir, water.xyz_file);
  const run = await runCli(['geometry', file, '--basis', path.join(basisDir, 'sto-3g.gbs'), '--to', 'json']);
  assert.is(run.code, 0, run.stderr);
  assert.is(JSON.parse(run.stdout).nbf, 7);
});

test('geometry --to xyz writes an XYZ file that parses back to the same molecule', async () => {
  const xyz = (await runCli(['geometry', crawford, '--to', 'xyz'])).stdout;
  const file = path.join(tmp, 'round-trip.xyz');
  fs.writeFileSync(file, xyz);
  const back = JSON.parse((await runCli(['geometry', file, '--to', 'json'])).stdout);
  assert.ok(Math.abs(back.nuclear_repulsion - water.nuclear_repulsion) < 1e-8);
});

test('geometry prints a readable summary by default', async () => {
  const run = await runCli(['geometry', crawford, '--basis', 'sto-3g']);
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stdout, /H2O/);
  assert.match(run.stdout, /nuclear repulsion energy\s+8\.0023670618/);
  assert.match(run.stdout, /7 functions/);
});

test('a missing file is a user error: exit 1, one line on stderr, no stack trace', async () => {
  const run = await runCli(['geometry', path.join(tmp, 'nope.xyz')]);
  assert.is(run.code, 1);
  assert.is(run.stderr.trim().split('\n').length, 1);
  assert.match(run.stderr, /nope\.xyz/);
  assert.not.match(run.stderr, /\bat .*\.ts:\d+/);
});

test('a malformed geometry names the file and the line', async () => {
  const file = path.join(tmp, 'bad.xyz');
  fs.writeFileSync(file, '2\ncomment\nO 0 0 0\nXx 0 0 1\n');
  const run = await runCli(['geometry', file]);
  assert.is(run.code, 1);
  assert.match(run.stderr, /bad\.xyz:4/);
  assert.match(run.stderr, /Xx/);
});

test('an unknown basis set name suggests the closest names', async () => {
  const run = await runCli(['geometry', crawford, '--basis', 'cc-pvdx']);
  assert.is(run.code, 1);
  assert.match(run.stderr, /cc-pVDZ/);
});

test('an unknown option is a usage error with exit code 1', async () => {
  const run = await runCli(['geometry', crawford, '--frobnicate']);
  assert.is(run.code, 1);
  assert.match(run.stderr, /frobnicate/);
});

test('basis list names every bundled basis set', async () => {
  const run = await runCli(['basis', 'list']);
  assert.is(run.code, 0);
  for (const name of ['STO-3G', '6-31G*', '6-311++G**', 'cc-pVQZ', 'aug-cc-pVTZ', 'def2-QZVP', 'pcseg-1']) {
    assert.ok(run.stdout.split('\n').some((l) => l.startsWith(name + ' ')), `${name} listed`);
  }
  const json = JSON.parse((await runCli(['basis', 'list', '--json'])).stdout) as Array<{ name: string }>;
  assert.is(json.length, 24);
});

test('basis show --element prints the shells of one element in Gaussian94 format', async () => {
  const run = await runCli(['basis', 'show', '6-31g(d)', '--element', 'o']);
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stdout, /^O\s+0/m);
  assert.match(run.stdout, /^D\s+1\s/m);
  const all = await runCli(['basis', 'show', 'cc-pvdz']);
  assert.match(all.stdout, /cc-pVDZ/);
  assert.match(all.stdout, /\bKr\b|\bAr\b/);
});

test('the roothaan binary reads standard input and exits 1 on a user error', () => {
  const ok = runBinary(['geometry', '-', '--format', 'xyz', '--to', 'json'], { input: '2\nH2\nH 0 0 0\nH 0 0 0.74\n' });
  assert.is(ok.code, 0, ok.stderr);
  assert.is(JSON.parse(ok.stdout).formula, 'H2');
  const bad = runBinary(['geometry', '-', '--format', 'xyz'], { input: '' });
  assert.is(bad.code, 1);
  assert.match(bad.stderr, /^roothaan: .*empty/);
  assert.is(bad.stderr.trim().split('\n').length, 1);
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
test.run();
