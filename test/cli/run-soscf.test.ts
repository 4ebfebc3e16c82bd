import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli, referenceDir } from './helpers';

/*
 * `roothaan run --soscf` (issue #14, the second-order solver): the UHF OH radical from the core
 * guess against Psi4 1.3.2 (public-cases.json) to 1e-8 Eh, with each step named in --json and in
 * the stored iteration events; bad SOSCF input refused on one line.
 */

interface Case { name: string; basis: string; energy: number; puream: boolean; multiplicity: number; atoms_bohr: [string, number, number, number][] }
const cases = JSON.parse(fs.readFileSync(path.join(referenceDir, 'public-cases.json'), 'utf8')) as Case[];
const oh = cases.find((c) => c.name === 'oh_uhf_631gs')!;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-soscf-'));
const env = { ROOTHAAN_HOME: path.join(tmp, 'home') };
const ohFile = path.join(tmp, 'oh.xyz');
fs.writeFileSync(ohFile, `${oh.atoms_bohr.length}\n0 ${oh.multiplicity} units=bohr\n${oh.atoms_bohr.map(([s, x, y, z]) => `${s} ${x} ${y} ${z}`).join('\n')}\n`);
const ohArgs = ['run', ohFile, '--basis', oh.basis, oh.puream ? '--spherical' : '--cartesian', '--multiplicity', String(oh.multiplicity), '--guess', 'core', '--threads', '1'];

test('run --soscf converges the OH radical to Psi4, and --json and the stored events say which step ran', async () => {
  const run = await runCli([...ohArgs, '--soscf', '--json'], env);
  assert.is(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout);
  assert.is(out.reference, 'uhf');
  assert.ok(Math.abs(out.energy - oh.energy) < 1e-8, `${out.energy} vs ${oh.energy}`);
  assert.is(out.parameters.soscf, true);
  const history = out.history as { step: string; soscf_micro_iterations?: number; diis_vectors: number }[];
  assert.is(history[0]!.step, 'roothaan');
  assert.ok(history.some((h) => h.step === 'diis'));
  const soscf = history.filter((h) => h.step === 'soscf');
  assert.ok(soscf.length >= 2 && soscf.every((h) => h.soscf_micro_iterations! >= 1 && h.soscf_micro_iterations! <= 5 && h.diis_vectors === 0));
  const shown = JSON.parse((await runCli(['jobs', 'show', out.job_id, '--json'], env)).stdout);
  const iterations = (shown.events as { kind: string; metadata: { step?: string; soscf_micro_iterations?: number } }[]).filter((e) => e.kind === 'iteration');
  assert.equal(iterations.map((e) => e.metadata.step), history.map((h) => h.step));
  assert.equal(iterations.map((e) => e.metadata.soscf_micro_iterations), history.map((h) => h.soscf_micro_iterations));
});

test('run --soscf with ROHF, or with --soscf-max-iter 0, exits 1 with one line naming the setting, storing nothing', async () => {
  const home = { ROOTHAAN_HOME: path.join(tmp, 'refused-home') };
  const rohf = await runCli([...ohArgs, '--soscf', '--reference', 'rohf'], home);
  assert.is(rohf.code, 1);
  assert.is(rohf.stderr.trim().split('\n').length, 1, rohf.stderr);
  assert.match(rohf.stderr, /^roothaan: --soscf: SOSCF is implemented for RHF and UHF, not ROHF/);
  assert.match((await runCli(['jobs', 'list', '--all'], home)).stdout, /no jobs/);
  const bad = await runCli([...ohArgs, '--soscf', '--soscf-max-iter', '0', '--no-store'], env);
  assert.is(bad.code, 1);
  assert.is(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  assert.match(bad.stderr, /--soscf-max-iter/);
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test.run();
