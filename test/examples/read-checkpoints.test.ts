import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as store from '../../src/store';

// examples/read-checkpoints.py is run as the README says, with Debian's python3 and its NumPy,
// on jobs this test stores in a temporary data directory: water/STO-3G RHF (its ERIs split over
// several files) and the OH radical (doublet) UHF.
const root = path.resolve(__dirname, '..', '..');
const script = path.join(root, 'examples', 'read-checkpoints.py');
const PYTHON = '/usr/bin/python3';
const geometry = (name: string): string => fs.readFileSync(path.join(root, 'test', 'reference', 'geometries', name), 'utf8');
/**
 * The script evaluates the same formula as roothaan (½ tr[D(H + F)] + E_nuc, F = H + J − ½K
 * over the same ERIs and the same D) in double precision; only the summation order differs
 * (NumPy's einsum against roothaan's J/K loops), which moves a −75 Eh energy by a few ulps
 * (~1e-14). 1e-10 Eh leaves that margin many times over, yet catches any wrong density,
 * iteration, index or factor (those move the energy by 1e-6 Eh or more).
 */
const TOLERANCE = 1e-10;

const hasNumpy = spawnSync(PYTHON, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
if (!hasNumpy && process.env['CI'] === 'true') throw new Error(`${PYTHON} lacks NumPy; .ci/run installs python3-numpy`);
if (!hasNumpy) console.warn(`skipping examples/read-checkpoints.py: ${PYTHON} with NumPy is not available (apt install python3-numpy)`);

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-pyread-'));
const jobs: Record<'rhf' | 'uhf', { id: string; energy: number }> = { rhf: { id: '', energy: NaN }, uhf: { id: '', energy: NaN } };

test.before(async () => {
  const s = await store.open({ home, user: 'python@example.org' }, {}); // {}: this directory only, whatever DATABASE_URL says
  try {
    // 1 KiB ERI files: water's 406 integrals (3.2 KiB) span several, so the script tiles them.
    const w = await store.runJob(s, { geometryText: geometry('h2o_crawford.xyz'), filename: 'water.xyz', parameters: { basis_set: 'STO-3G' } }, { threads: 1, eriFileBytes: 1024 });
    const oh = await store.runJob(s, { geometryText: geometry('oh.xyz'), filename: 'oh.xyz', parameters: { basis_set: 'STO-3G', reference: 'uhf' } }, { threads: 1 });
    assert.is(w.status, 'done');
    assert.is(oh.status, 'done');
    jobs.rhf = { id: w.jobId, energy: w.result!.energy };
    jobs.uhf = { id: oh.jobId, energy: oh.result!.energy };
  } finally {
    await s.close();
  }
});

test.after(() => fs.rmSync(home, { recursive: true, force: true }));

function run(args: string[]): string {
  const r = spawnSync(PYTHON, [script, '--home', home, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  assert.is(r.status, 0, r.stderr);
  return r.stdout;
}

const number = (out: string, label: RegExp): number => {
  const m = new RegExp(`^${label.source}\\s*(-?[0-9.e+-]+)`, 'm').exec(out);
  assert.ok(m, `no ${label.source} in:\n${out}`);
  return Number(m![1]);
};

for (const reference of ['rhf', 'uhf'] as const) {
  test(`examples/read-checkpoints.py recomputes the ${reference.toUpperCase()} job's last energy from its checkpoints, and the ERIs unpack 8-fold symmetric in PySCF's order`, () => {
    if (!hasNumpy) return;
    const job = jobs[reference];
    const out = run(['--check', job.id.slice(0, 8)]);
    assert.match(out, new RegExp(`^job ${job.id}: ${reference === 'rhf' ? 'H2O' : 'HO'} STO-3G ${reference.toUpperCase()},`, 'm'));
    assert.match(out, /^all checkpoints match their sha256$/m);
    if (reference === 'rhf') assert.match(out, /^ERIs: 4 file\(s\), 406 unique \(ij\|kl\) -> \(ij\|kl\) tensor \[7, 7, 7, 7\]$/m);
    else assert.match(out, /^ERIs: 1 file\(s\), 231 unique \(ij\|kl\) -> \(ij\|kl\) tensor \[6, 6, 6, 6\]$/m);
    const recomputed = number(out, /recomputed energy:/);
    const reported = number(out, /reported energy:/);
    assert.ok(Math.abs(recomputed - job.energy) < TOLERANCE, `recomputed ${recomputed}, job ${job.energy}`);
    assert.ok(Math.abs(reported - job.energy) < 1e-15, `reported ${reported}, job ${job.energy}`); // the event's number, as stored
    assert.ok(Math.abs(number(out, /difference:/)) < TOLERANCE);
    assert.is(number(out, /check: 8-fold symmetry of \(ij\|kl\): max \|difference\| =/), 0);
    assert.match(out, /^check: packed array == PySCF ao2mo\.restore\(8, eri, \d+\) order: yes$/m);
    assert.match(out, /^check: packed\[packed_index\(i, j, k, l\)\] == \(ij\|kl\): yes$/m);
    assert.ok(number(out, /check: max \|F recomputed - fock_matrix_\d+ stored\| =/) < 1e-12);
  });
}

test('examples/read-checkpoints.py reads the newest job without a job id, and refuses a corrupt checkpoint', () => {
  if (!hasNumpy) return;
  assert.match(run([]), new RegExp(`^job ${jobs.uhf.id}:`, 'm'));
  const file = path.join(home, 'objects', jobs.uhf.id, 'overlap.bin');
  const good = fs.readFileSync(file);
  const bad = Buffer.from(good);
  bad[bad.length - 1] ^= 1;
  fs.writeFileSync(file, bad);
  try {
    const r = spawnSync(PYTHON, [script, '--home', home, jobs.uhf.id], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    assert.is.not(r.status, 0);
    assert.match(r.stderr, /overlap\.bin: sha256 [0-9a-f]{64} differs from the database's/);
  } finally {
    fs.writeFileSync(file, good);
  }
});

test.run();
