import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { referenceDir, runBinary, runCli } from './helpers';
import { publicCase } from '../scf/reference-data';
import { hasQcelemental, qcelementalParse } from '../helpers/qcelemental';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-qcschema-'));
// The embedded store (SQLite + directory tree) lives in a temporary data directory.
const env = { ROOTHAAN_HOME: path.join(tmp, 'home') };
// Psi4's reference energies are converged to 1e-11 Eh; 1e-8 Eh is the project's agreement target.
const ENERGY_TOLERANCE = 1e-8;
// The same molecule, basis and parameters through two outputs of the same code on one thread: only the last bits may differ.
const SAME_RUN_TOLERANCE = 1e-10;

const water = publicCase('h2o_ccpvdz'); // Psi4 1.3.2, RHF/cc-pVDZ, 24 functions

/** Writes water (bohr) as a QCSchema AtomicInput with the given model, keywords and more. */
function atomicInput(name: string, fields: Record<string, unknown>): string {
  const file = path.join(tmp, name);
  const doc = {
    schema_name: 'qcschema_input',
    schema_version: 1,
    driver: 'energy',
    model: { method: 'hf', basis: 'cc-pVDZ' },
    molecule: { symbols: water.atoms_bohr.map((a) => a[0]), geometry: water.atoms_bohr.flatMap((a) => a.slice(1) as number[]) },
    ...fields,
  };
  fs.writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}

/** How many jobs the store holds. */
async function jobCount(): Promise<number> {
  const list = await runCli(['jobs', 'list', '--json'], env);
  assert.is(list.code, 0, list.stderr);
  return (JSON.parse(list.stdout) as { jobs: unknown[] }).jobs.length;
}

test('run honours the AtomicInput of the issue: cc-pVDZ and maxiter 5 (water does not converge in 5 and says so)', async () => {
  const file = atomicInput('issue.json', { keywords: { maxiter: 5 } });
  const qcschemaOut = path.join(tmp, 'issue-result.json');
  const run = await runCli(['run', file, '--json', '--qcschema-out', qcschemaOut, '--threads', '1'], env);
  assert.is(run.code, 2, 'not converged is exit code 2');
  const out = JSON.parse(run.stdout);
  assert.is(out.basis, 'cc-pVDZ');
  assert.is(out.nbf, water.nbf);
  assert.is(out.iterations, 5);
  assert.is(out.converged, false);
  assert.is(out.status, 'failed');
  assert.equal(out.parameters, { basis_set: 'cc-pVDZ', max_iteration: 5 });
  // The stored job has the same parameters (it can be resumed with more iterations).
  const shown = JSON.parse((await runCli(['jobs', 'show', out.job_id, '--json'], env)).stdout);
  assert.equal(shown.parameters, { basis_set: 'cc-pVDZ', max_iteration: 5 });
  // --qcschema-out holds QCEngine's answer to a non-converged SCF, naming the job.
  const failed = JSON.parse(fs.readFileSync(qcschemaOut, 'utf8'));
  assert.is(failed.success, false);
  assert.is(failed.error.error_type, 'convergence_error');
  assert.is(failed.error.extras.roothaan.job_id, out.job_id);
  assert.is(failed.error.extras.roothaan.status, 'failed');
});

test('run --to qcschema prints an AtomicResult that qcelemental accepts, with the energy of the plain run and Psi4', async () => {
  const file = atomicInput('water.json', { keywords: { e_convergence: 10 }, id: 'w-1', extras: { tag: 'x' } });
  const run = await runCli(['run', file, '--to', 'qcschema', '--threads', '1'], env);
  assert.is(run.code, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  assert.is(lines.length, 1, 'stdout is one JSON document');
  const result = JSON.parse(lines[0]!);
  assert.is(result.schema_name, 'qcschema_output');
  assert.is(result.success, true);
  assert.is(result.id, 'w-1');
  assert.equal(result.model, { method: 'hf', basis: 'cc-pVDZ' });
  assert.equal(result.keywords, { e_convergence: 10 });
  assert.is(result.extras.tag, 'x');
  assert.match(result.extras.roothaan.job_id, /^[0-9a-f-]{36}$/);
  assert.is(result.provenance.creator, 'roothaan');
  assert.is(result.provenance.routine, 'roothaan run');
  assert.is(result.properties.calcinfo_nbasis, water.nbf);
  assert.is(result.return_result, result.properties.return_energy);
  assert.ok(Math.abs(result.return_result - water.energy) < ENERGY_TOLERANCE, `${result.return_result} vs Psi4 ${water.energy}`);
  assert.is(result.wavefunction, undefined, 'protocols.wavefunction defaults to none');
  assert.match(result.stdout, /RHF\/cc-pVDZ on H2O/, 'the log is the AtomicResult stdout');
  // The same molecule as XYZ through the plain run, same basis and threshold.
  const xyz = path.join(tmp, 'water.xyz');
  fs.writeFileSync(xyz, `3\nwater units=bohr\n${water.atoms_bohr.map((a) => a.join(' ')).join('\n')}\n`);
  const plain = JSON.parse((await runCli(['run', xyz, '--basis', 'cc-pVDZ', '--e-convergence', '1e-10', '--json', '--no-store', '--threads', '1'], env)).stdout);
  assert.ok(Math.abs(result.return_result - plain.energy) < SAME_RUN_TOLERANCE, `${result.return_result} vs ${plain.energy}`);
  if (hasQcelemental) {
    const verdict = qcelementalParse('AtomicResult', lines[0]!);
    assert.is(verdict.parsed['return_result'], result.return_result);
  }
});

test('protocols.wavefunction orbitals_and_eigenvalues returns nbf × nmo orbitals and nmo eigenvalues, nothing else', async () => {
  const file = atomicInput('orbitals.json', { protocols: { wavefunction: 'orbitals_and_eigenvalues' } });
  const out = path.join(tmp, 'orbitals-result.json');
  const run = await runCli(['run', file, '--qcschema-out', out, '--no-store', '--threads', '1'], env);
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stdout, /total energy/, 'stdout keeps the readable summary');
  const text = fs.readFileSync(out, 'utf8');
  const w = JSON.parse(text).wavefunction;
  const n = water.nbf;
  assert.is(w.restricted, true);
  assert.is(w.basis.nbf, n);
  assert.is(w.scf_orbitals_a.length, n * n);
  assert.is(w.scf_eigenvalues_a.length, n);
  assert.equal(Object.keys(w).sort(), ['basis', 'eigenvalues_a', 'orbitals_a', 'restricted', 'scf_eigenvalues_a', 'scf_orbitals_a']);
  if (hasQcelemental) {
    const verdict = qcelementalParse('AtomicResult', text);
    assert.equal(verdict.shapes['scf_orbitals_a'], [n, n]);
    assert.equal(verdict.shapes['scf_eigenvalues_a'], [n]);
  }
});

test('a non-converged SCF is a FailedOperation with error_type convergence_error, as QCEngine returns', async () => {
  const file = atomicInput('short.json', { keywords: { maxiter: 5 } });
  const run = await runCli(['run', file, '--to', 'qcschema', '--no-store', '--threads', '1'], env);
  assert.is(run.code, 2);
  const failed = JSON.parse(run.stdout);
  assert.is(failed.success, false);
  assert.is(failed.error.error_type, 'convergence_error');
  assert.match(failed.error.error_message, /did not converge/);
  // The hint speaks the AtomicInput's keywords, not roothaan's parameter names or CLI flags.
  assert.match(failed.error.error_message, /\("maxiter": 10\)/);
  assert.not.match(failed.error.error_message, /max_iteration|--max-iterations/);
  assert.is(failed.error.extras.roothaan.iterations, 5);
  assert.equal(failed.input_data.keywords, { maxiter: 5 });
  if (hasQcelemental) qcelementalParse('FailedOperation', run.stdout.trim());
});

test('an unknown keyword is refused with its file, line and field, and nothing is stored', async () => {
  const before = await jobCount();
  const file = atomicInput('unknown.json', { keywords: { maxiterations: 5 } });
  const run = await runCli(['run', file], env);
  assert.is(run.code, 1);
  assert.is(run.stdout, '');
  const lineOfKey = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('"maxiterations"')) + 1;
  assert.match(run.stderr, new RegExp(`^roothaan: ${file.replace(/[.]/g, '\\.')}:${lineOfKey} \\(keywords\\.maxiterations\\): unknown keyword "maxiterations"`));
  assert.is(run.stderr.trim().split('\n').length, 1, 'one line');
  // roothaan qcschema run says it as a FailedOperation (input_error) on stdout.
  const q = await runCli(['qcschema', 'run', file], env);
  assert.is(q.code, 1);
  const failed = JSON.parse(q.stdout);
  assert.is(failed.error.error_type, 'input_error');
  assert.is(failed.error.extras.roothaan.field, 'keywords.maxiterations');
  if (hasQcelemental) qcelementalParse('FailedOperation', q.stdout.trim());
  assert.is(await jobCount(), before, 'no job was recorded');
});

test('a method other than hf or scf is refused, and nothing is stored', async () => {
  const before = await jobCount();
  const file = atomicInput('mp2.json', { model: { method: 'mp2', basis: 'cc-pVDZ' } });
  const run = await runCli(['run', file], env);
  assert.is(run.code, 1);
  assert.match(run.stderr, /\(model\.method\): method "mp2" is not supported: roothaan computes Hartree–Fock \(method "hf" or "scf"\)/);
  assert.is(await jobCount(), before);
});

test('a flag that contradicts the AtomicInput is an error; a flag for what it leaves unset is applied', async () => {
  const file = atomicInput('flags.json', { keywords: { maxiter: 5 } });
  const basis = await runCli(['run', file, '--basis', 'STO-3G', '--no-store'], env);
  assert.is(basis.code, 1);
  assert.match(basis.stderr, /\(model\.basis\): --basis "STO-3G" contradicts the AtomicInput's "cc-pVDZ"/);
  const maxiter = await runCli(['run', file, '--max-iterations', '50', '--no-store'], env);
  assert.is(maxiter.code, 1);
  assert.match(maxiter.stderr, /\(keywords\.maxiter\): --max-iterations 50 contradicts the AtomicInput's 5/);
  // Agreeing flags and unset parameters are fine: --max-iterations 3 on an input without maxiter stops after 3.
  const open = atomicInput('open.json', {});
  const capped = JSON.parse((await runCli(['run', open, '--max-iterations', '3', '--basis', 'cc-pvdz', '--json', '--no-store', '--threads', '1'], env)).stdout);
  assert.is(capped.iterations, 3);
  assert.is(capped.converged, false);
});

test('keywords scf_type df gives the density-fitted energy of Psi4 1.3.2 (water/6-31G*, cc-pVDZ-JKFIT)', async () => {
  interface DfCase { name: string; basis: string; energy: number; atoms_bohr: Array<[string, number, number, number]> }
  const df = (JSON.parse(fs.readFileSync(path.join(referenceDir, 'df-cases.json'), 'utf8')) as DfCase[]).find((x) => x.name === 'h2o_631gs')!;
  const file = atomicInput('df.json', {
    model: { method: 'scf', basis: df.basis },
    keywords: { scf_type: 'df' },
    molecule: { symbols: df.atoms_bohr.map((a) => a[0]), geometry: df.atoms_bohr.flatMap((a) => a.slice(1) as number[]) },
  });
  const run = await runCli(['qcschema', 'run', file, '--no-store', '--threads', '1'], env);
  assert.is(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout);
  assert.is(result.extras.roothaan.parameters.scf_type, 'df');
  assert.ok(Math.abs(result.return_result - df.energy) < ENERGY_TOLERANCE, `${result.return_result} vs Psi4 DF ${df.energy}`);
});

test('roothaan qcschema run reads standard input and prints one AtomicResult (the built binary)', () => {
  const text = fs.readFileSync(atomicInput('stdin.json', {}), 'utf8');
  const run = runBinary(['qcschema', 'run', '-', '--no-store', '--threads', '1'], { input: text });
  assert.is(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout);
  assert.is(result.provenance.routine, 'roothaan qcschema run');
  assert.ok(Math.abs(result.return_result - water.energy) < ENERGY_TOLERANCE, `${result.return_result} vs Psi4 ${water.energy}`);
  // A bare molecule is not an AtomicInput.
  const bare = runBinary(['qcschema', 'run', '-', '--no-store'], { input: JSON.stringify({ symbols: ['He'], geometry: [0, 0, 0] }) });
  assert.is(bare.code, 1);
  assert.match(bare.stderr, /not a QCSchema AtomicInput/);
});

test.run();
