/**
 * `roothaan slurm submit` refusals and `--dry-run`, without Slurm: a bad option, a foreign or
 * empty group or the embedded SQLite store write no script and submit nothing.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as store from '../../src/store';
import { PG_URL, closeStores, dropSchema, geometryText, openStore, postgresAvailable, startS3, uniqueSchema, type S3Server } from '../store/backends';
import { runCli } from './helpers';

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-slurm-submit-'));
const schema = uniqueSchema('slurmsub');
let pg = false;
let s3: S3Server | undefined;
const pgEnv = (user: string): Record<string, string> => ({
  ROOTHAAN_HOME: home, DATABASE_URL: PG_URL, ROOTHAAN_DB_SCHEMA: schema, ROOTHAAN_USER: user,
  ROOTHAAN_S3_BUCKET: 'ubcc3', AWS_ENDPOINT_URL_S3: s3!.endpoint, AWS_REGION: 'us-east-1', ROOTHAAN_S3_FORCE_PATH_STYLE: '1', AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER',
});
const scriptDir = path.join(home, 'slurm');

test.before(async () => {
  pg = await postgresAvailable();
  if (pg) s3 = await startS3();
});

test.after(async () => {
  await closeStores();
  if (pg) await dropSchema(schema);
  await s3?.stop();
  fs.rmSync(home, { recursive: true, force: true });
});

test('with the embedded SQLite store nothing is written: array tasks on other nodes cannot share it', async () => {
  const r = await runCli(['slurm', 'submit', '--group', 'g', '--array', '2'], { ROOTHAAN_HOME: home, ROOTHAAN_USER: 'alice@example.org' });
  assert.is(r.code, 1);
  assert.match(r.stderr, /not the embedded SQLite file .*DATABASE_URL/);
  assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.not.ok(fs.existsSync(scriptDir));
});

test('a bad option, an unknown, foreign or empty group writes no script; --dry-run writes one that exports the store but no secret', async () => {
  if (!pg) return;
  const s = await openStore({}, pgEnv('alice@example.org'));
  await store.submitGroup(s, 'mine', [{ geometryText: geometryText('h2.xyz'), filename: 'h2.xyz', parameters: { basis_set: 'STO-3G' } }]);
  const group = await s.groups.get('mine');
  await s.groups.create('empty');
  await s.close();
  const refusals: Array<[string[], string, RegExp]> = [
    [['--group', 'mine', '--time', '1h'], 'alice@example.org', /--time '1h' is not a Slurm time/],
    [['--group', 'mine', '--array', '0'], 'alice@example.org', /--array must be a whole number ≥ 1/],
    [['--group', 'nope'], 'alice@example.org', /has no group named 'nope'/],
    [['--group', group.id], 'bob@example.org', /belongs to alice@example.org; only its owner may submit it/],
    [['--group', 'empty'], 'alice@example.org', /nothing to run/],
  ];
  for (const [args, user, message] of refusals) {
    const r = await runCli(['slurm', 'submit', ...args], pgEnv(user));
    assert.is(r.code, 1, args.join(' '));
    assert.match(r.stderr, message);
    assert.not.ok(fs.existsSync(scriptDir), `${args.join(' ')}: no script`);
  }
  const r = await runCli(['slurm', 'submit', '--group', 'mine', '--array', '4', '--time', '1-00:00', '--dry-run', '--json'], pgEnv('alice@example.org'));
  assert.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { script: string; slurm_job_id: string | null; jobs: number };
  assert.equal([out.slurm_job_id, out.jobs, path.dirname(out.script)], [null, 1, scriptDir]);
  const text = fs.readFileSync(out.script, 'utf8');
  for (const line of ['#SBATCH --array=0-3', '#SBATCH --time=1-00:00', `export DATABASE_URL='${PG_URL}'`, `export ROOTHAAN_DB_SCHEMA='${schema}'`, "export ROOTHAAN_S3_BUCKET='ubcc3'", `export AWS_ENDPOINT_URL_S3='${s3!.endpoint}'`]) {
    assert.ok(text.split('\n').includes(line), line);
  }
  assert.match(text, new RegExp(`worker --group '${group.id}'`));
  assert.not.match(text, /S3RVER/, 'credentials stay in the environment sbatch passes on');
  // Where sbatch cannot run, the error says so and where the script is.
  const noSlurm = await runCli(['slurm', 'submit', '--group', 'mine'], { ...pgEnv('alice@example.org'), PATH: '/nonexistent' });
  assert.is(noSlurm.code, 1);
  assert.match(noSlurm.stderr, /sbatch not found.*nothing submitted; the script is .*\.sbatch/);
  // Nothing has run: status shows the job as the store has it, and no Slurm ids.
  const status = await runCli(['slurm', 'status', '--group', 'mine'], { ...pgEnv('alice@example.org'), PATH: process.env.PATH });
  assert.is(status.code, 0, status.stderr);
  const row = status.stdout.split('\n').find((l) => l.startsWith(group.id.slice(0, 8)) || l.includes('h2.xyz'));
  assert.ok(row !== undefined && /\bsubmitted\b/.test(row), status.stdout);
  assert.match(status.stdout, /Slurm task\(s\) listed, 0 pending or running/);
});

test.run();
