import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli, referenceDir } from './helpers';

interface DfCase { name: string; basis: string; energy: number; naux: number; df_basis_scf: string; atoms_bohr: Array<[string, number, number, number]> }
const cases = JSON.parse(fs.readFileSync(path.join(referenceDir, 'df-cases.json'), 'utf8')) as DfCase[];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-run-df-'));
const env = { ROOTHAAN_HOME: path.join(tmp, 'home') };

function caseFile(c: DfCase): string {
  const file = path.join(tmp, `${c.name}.xyz`);
  const lines = c.atoms_bohr.map(([s, x, y, z]) => `${s} ${x} ${y} ${z}`);
  fs.writeFileSync(file, `${lines.length}\n${c.name} units=bohr\n${lines.join('\n')}\n`);
  return file;
}

test('run --scf-type df reports the default auxiliary basis and matches Psi4 1.3.2 within 1e-8 Eh', async () => {
  const c = cases.find((x) => x.name === 'h2o_631gs')!;
  const run = await runCli(['run', caseFile(c), '--basis', c.basis, '--scf-type', 'df', '--json', '--no-store', '--threads', '1'], env);
  assert.is(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout);
  assert.is(out.scf_type, 'df');
  assert.is(out.density_fitting.df_basis_scf, 'cc-pVDZ-JKFIT');
  assert.is(out.density_fitting.df_basis_scf_default, true);
  assert.is(out.density_fitting.naux, c.naux);
  assert.is(out.density_fitting.mode, 'core');
  assert.ok(Math.abs(out.energy - c.energy) < 1e-8, `${out.energy} vs ${c.energy}`);
  const text = await runCli(['run', caseFile(c), '--basis', c.basis, '--scf-type', 'df', '--no-store', '--threads', '1'], env);
  assert.match(text.stdout, /scf_type df, df_basis_scf cc-pVDZ-JKFIT \(default for this basis\), naux 131, 1 metric eigenvalue\(s\) dropped, in core/);
});

test('run --df-basis-scf with an unknown set or a missing element exits 1 with one line naming the flag\'s parameter, storing nothing', async () => {
  const c = cases.find((x) => x.name === 'h2o_sto3g')!;
  const home = path.join(tmp, 'bad-home');
  const bad = await runCli(['run', caseFile(c), '--scf-type', 'df', '--df-basis-scf', 'nope-jkfit'], { ROOTHAAN_HOME: home });
  assert.is(bad.code, 1);
  assert.match(bad.stderr, /^roothaan: df_basis_scf: unknown basis set "nope-jkfit"/);
  assert.is(bad.stderr.trim().split('\n').length, 1);
  const hene = path.join(tmp, 'hene.xyz');
  fs.writeFileSync(hene, '2\nHeNe\nHe 0 0 0\nNe 0 0 1.5\n');
  const missing = await runCli(['run', hene, '--basis', 'cc-pVDZ', '--scf-type', 'df', '--df-basis-scf', 'cc-pVDZ-JKFIT'], { ROOTHAAN_HOME: home });
  assert.is(missing.code, 1);
  assert.match(missing.stderr, /df_basis_scf: the auxiliary basis cc-pVDZ-JKFIT has no functions for He/);
  const jobs = await runCli(['jobs', 'list', '--all', '--json'], { ROOTHAAN_HOME: home });
  assert.equal(JSON.parse(jobs.stdout).jobs, []);
});

test.run();
