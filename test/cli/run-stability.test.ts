import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli, referenceDir } from './helpers';

/*
 * `roothaan run --stability check|follow` against Psi4 1.3.2 (methods-cases.json): H2 at 2.5 Å,
 * 6-31G** (Cartesian, as Psi4's file), converged to 1e-10 as Psi4 was. Energies to 1e-8 Eh;
 * eigenvalues as Psi4 printed them (6 decimals).
 */

interface StabCase { name: string; basis: string; energy: number; atoms_bohr: [string, number, number, number][]; energy_before_following?: number; s2_after?: number }
const cases = JSON.parse(fs.readFileSync(path.join(referenceDir, 'methods-cases.json'), 'utf8')) as StabCase[];
const byName = (name: string): StabCase => cases.find((c) => c.name === name)!;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-stability-'));
const tight = ['--e-convergence', '1e-10', '--d-convergence', '1e-10', '--threads', '1'];

function caseFile(c: StabCase): string {
  const file = path.join(tmp, `${c.name}.xyz`);
  const lines = c.atoms_bohr.map(([s, x, y, z]) => `${s} ${x} ${y} ${z}`);
  fs.writeFileSync(file, `${lines.length}\n${c.name} units=bohr\n${lines.join('\n')}\n`);
  return file;
}

test('run --reference uhf --stability follow reaches Psi4\'s broken-symmetry H2 energy and reports the following in --json', async () => {
  const c = byName('h2_2.5A_stab_uhf_631gss');
  const run = await runCli(['run', caseFile(c), '--basis', c.basis, '--cartesian', '--reference', 'uhf', '--stability', 'follow', '--json', ...tight], { ROOTHAAN_HOME: path.join(tmp, 'home') });
  assert.is(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout);
  assert.is(out.status, 'done');
  assert.ok(Math.abs(out.energy - c.energy) < 1e-8, `${out.energy} vs ${c.energy}`);
  assert.ok(Math.abs(out.stability.energy_before_following - c.energy_before_following!) < 1e-8);
  assert.is(out.stability.n_following_steps, 1);
  assert.equal(out.stability.rotation_step_scales, [0.5]);
  assert.is(out.stability.still_unstable_at_end, false);
  assert.ok(out.stability.lowest_stability_eigenvalue_before < 0 && out.stability.lowest_stability_eigenvalue_after > 0);
  assert.ok(Math.abs(out.s2 - c.s2_after!) < 1e-6, `⟨S²⟩ ${out.s2}`);
  assert.is(out.parameters.stability_analysis, 'follow');
  assert.is(out.history[0].follow_step, 0);
  assert.is(out.history[out.history.length - 1].follow_step, 1);
  // The stored job records the report in its completion event, and follow_step per iteration.
  const shown = await runCli(['jobs', 'show', out.job_id, '--json'], { ROOTHAAN_HOME: path.join(tmp, 'home') });
  assert.is(shown.code, 0, shown.stderr);
  const events = JSON.parse(shown.stdout).events as { kind: string; metadata: Record<string, unknown> }[];
  const complete = events.find((e) => e.kind === 'complete')!;
  assert.equal(complete.metadata['stability'], out.stability);
  const iterations = events.filter((e) => e.kind === 'iteration');
  assert.is(iterations.length, out.history.length);
  assert.is(iterations[iterations.length - 1]!.metadata['follow_step'], 1);
});

test('run --stability check prints the lowest RHF→RHF and RHF→UHF eigenvalues as Psi4 does', async () => {
  const c = byName('h2_2.5A_stab_rhf_631gss');
  const run = await runCli(['run', caseFile(c), '--basis', c.basis, '--cartesian', '--stability', 'check', '--no-store', ...tight]);
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stdout, /stability analysis: UNSTABLE/);
  assert.match(run.stdout, /RHF→RHF \(singlet\)\s+0\.405250 {2}1\.093370 {2}1\.206684 {2}2\.320628 {2}2\.320628 Eh/);
  assert.match(run.stdout, /RHF→UHF \(triplet\)\s+-0\.322461 {2}0\.802105 {2}0\.947581 {2}2\.090240 {2}2\.092547 Eh/);
});

test('run --stability follow on an RHF reference, or with ROHF, exits 1 with one line naming the field, storing nothing', async () => {
  const c = byName('h2_2.5A_stab_rhf_631gss');
  const home = path.join(tmp, 'bad-home');
  const rhf = await runCli(['run', caseFile(c), '--basis', 'sto-3g', '--stability', 'follow'], { ROOTHAAN_HOME: home });
  assert.is(rhf.code, 1);
  assert.match(rhf.stderr, /^roothaan: parameters \(stability_analysis\): "follow" needs reference uhf/);
  assert.is(rhf.stderr.trim().split('\n').length, 1);
  const rohf = await runCli(['run', caseFile(c), '--basis', 'sto-3g', '--reference', 'rohf', '--stability', 'check', '--no-store'], { ROOTHAAN_HOME: home });
  assert.is(rohf.code, 1);
  assert.match(rohf.stderr, /^roothaan: --stability: "check" is not available for reference rohf/);
  const scale = await runCli(['run', caseFile(c), '--basis', 'sto-3g', '--reference', 'uhf', '--stability', 'follow', '--follow-step-scale', '-1'], { ROOTHAAN_HOME: home });
  assert.is(scale.code, 1);
  assert.match(scale.stderr, /--follow-step-scale: must be a number in \(0, 2\], got -1/);
  const jobs = await runCli(['jobs', 'list', '--all', '--json'], { ROOTHAAN_HOME: home });
  assert.equal(JSON.parse(jobs.stdout).jobs, []);
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test.run();
