#!/usr/bin/env zx
/**
 * A batch of geometries as one job group, with the `roothaan` command line driven from zx:
 *
 *   npx zx examples/batch-workflow.mjs [--dir examples/batch] [--group NAME] [--resume-iterations 100] [--keep]
 *
 * 1. runs every `*.xyz` in the batch folder as a job in one group (`roothaan run FILE --group NAME
 *    --json`); a `NAME.params.json` next to a geometry gives that job its SCF parameters
 *    (examples/batch/stretched-water.params.json allows a hard case too few iterations, so it fails);
 * 2. resumes every job of the group that failed (`roothaan resume ID --max-iterations N --json`):
 *    it continues from its last stored density, it does not start again;
 * 3. prints the group as a table (`roothaan groups show NAME --json`): name, status, attempts,
 *    iterations, energy.
 *
 * Where the jobs go: the store named by the environment, as for any `roothaan` command
 * (ROOTHAAN_HOME, DATABASE_URL, ROOTHAAN_S3_BUCKET, …). When ROOTHAAN_HOME and DATABASE_URL are
 * both unset, a temporary data directory is used (embedded SQLite + directory object store) and
 * deleted at the end unless --keep is given, so a run leaves nothing in the repository.
 *
 * Uses this checkout's CLI (bin/roothaan.js, built by `npm install` / `npm run build`). Exit code
 * 0 when every job of the batch ends `done`, 1 otherwise.
 */
import { $ } from 'zx';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// zx passes the script's own arguments after its path; ignore zx's and node's.
const scriptIndex = process.argv.findIndex((a) => a.endsWith('batch-workflow.mjs'));
const { values: options } = parseArgs({
  args: process.argv.slice(scriptIndex + 1),
  options: {
    dir: { type: 'string', default: path.join(root, 'examples', 'batch') },
    group: { type: 'string', default: `batch-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-')}` },
    'resume-iterations': { type: 'string', default: '100' },
    keep: { type: 'boolean', default: false },
  },
});

const bin = path.join(root, 'bin', 'roothaan.js');
if (!fs.existsSync(path.join(root, 'dist', 'cli', 'main.js'))) {
  console.error('batch-workflow: build the package first (npm run build)');
  process.exit(1);
}

// The store: the environment's, or a temporary data directory.
const temporary = !process.env.ROOTHAAN_HOME && !process.env.DATABASE_URL;
const home = temporary ? fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-batch-')) : process.env.ROOTHAAN_HOME;
const env = { ...process.env, ...(temporary ? { ROOTHAAN_HOME: home } : {}) };
$.verbose = false;

/** Runs `roothaan ARGS --json` and returns its JSON; exit code 2 (did not converge) is an outcome, not an error. */
async function roothaan(args) {
  const out = await $({ env, nothrow: true })`${process.execPath} ${bin} ${args} --json`;
  if (out.exitCode !== 0 && out.exitCode !== 2) throw new Error(`roothaan ${args.join(' ')} failed (exit ${out.exitCode}): ${out.stderr.trim()}`);
  return JSON.parse(out.stdout);
}

try {
  const files = fs.readdirSync(options.dir).filter((f) => f.endsWith('.xyz')).sort();
  if (files.length === 0) throw new Error(`no .xyz files in ${options.dir}`);
  console.log(`store: ${temporary ? `a temporary data directory, ${home}` : (process.env.DATABASE_URL ? 'DATABASE_URL' : `ROOTHAAN_HOME=${home}`)}`);
  console.log(`group: ${options.group}\n`);

  // 1. The batch, one job per geometry, all in one group.
  for (const file of files) {
    const params = path.join(options.dir, file.replace(/\.xyz$/, '.params.json'));
    const extra = fs.existsSync(params) ? ['--params', params] : [];
    const r = await roothaan(['run', path.join(options.dir, file), '--group', options.group, ...extra]);
    console.log(`run     ${file.padEnd(22)} ${r.status.padEnd(7)} ${String(r.iterations).padStart(3)} iterations${r.error ? `  (${r.error.split(';')[0]})` : ''}`);
  }

  // 2. Resume whatever failed, from its last committed density.
  const before = await roothaan(['groups', 'show', options.group]);
  for (const job of before.jobs.filter((j) => j.status === 'failed')) {
    const r = await roothaan(['resume', job.id, '--max-iterations', options['resume-iterations']]);
    console.log(`resume  ${String(job.name).padEnd(22)} ${r.status.padEnd(7)} ${String(r.iterations).padStart(3)} iterations in all`);
  }

  // 3. The group as the store has it now.
  const after = await roothaan(['groups', 'show', options.group]);
  const rows = after.jobs
    .slice()
    .sort((a, b) => String(a.name).localeCompare(String(b.name)))
    .map((j) => [j.name ?? '', j.formula ?? '', j.status, String(j.attempt), String(j.iterations ?? ''), j.energy === null ? '' : j.energy.toFixed(10)]);
  const header = ['name', 'molecule', 'status', 'attempts', 'iterations', 'energy / Eh'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i >= 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}`);
  const done = after.jobs.filter((j) => j.status === 'done').length;
  console.log(`\n${done} of ${after.jobs.length} jobs done`);
  if (done !== after.jobs.length) process.exitCode = 1;
} finally {
  if (temporary && !options.keep) fs.rmSync(home, { recursive: true, force: true });
  else if (temporary) console.log(`the store is kept in ${home} (ROOTHAAN_HOME=${home} roothaan jobs list)`);
}
