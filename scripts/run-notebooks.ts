/**
 * Executes notebooks headless with the roothaan kernel, as CI does:
 *
 *   npx tsx scripts/run-notebooks.ts [--write] [notebook.ipynb ...]
 *
 * Installs the kernel (this checkout's) into a temporary prefix, then runs
 * `jupyter nbconvert --to notebook --execute` on each notebook (default: notebooks/*.ipynb) with
 * that kernel. Any cell error fails (exit 1). Without --write the executed copies go to a
 * temporary folder; with --write each notebook is replaced by its executed version, outputs
 * included, so committed notebooks read well on a code host.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findJupyter, installKernel, INSTALL_JUPYTER_HINT } from '../src/notebook';

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const write = args.includes('--write');
let files = args.filter((a) => !a.startsWith('--'));
if (files.length === 0) {
  const dir = path.join(root, 'notebooks');
  files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.ipynb')).sort().map((f) => path.join(dir, f)) : [];
}
if (files.length === 0) {
  process.stdout.write('run-notebooks: no notebooks to run\n');
  process.exit(0);
}

const jupyter = findJupyter(process.env);
if (jupyter === undefined) {
  process.stderr.write(`run-notebooks: jupyter not found; ${INSTALL_JUPYTER_HINT}\n`);
  process.exit(1);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-notebooks-'));
const prefix = path.join(tmp, 'prefix');
const name = 'roothaan-run';
installKernel({ prefix, name, jupyter });
const env = { ...process.env, JUPYTER_PATH: path.join(prefix, 'share', 'jupyter') };
const nbconvert = fs.existsSync('/usr/bin/jupyter-nbconvert') ? ['/usr/bin/jupyter-nbconvert'] : [jupyter, 'nbconvert'];

let failed = 0;
for (const file of files) {
  const started = Date.now();
  const outDir = write ? path.dirname(path.resolve(file)) : tmp;
  const run = spawnSync(
    nbconvert[0]!,
    [
      ...nbconvert.slice(1),
      '--to', 'notebook', '--execute',
      `--ExecutePreprocessor.kernel_name=${name}`,
      '--ExecutePreprocessor.timeout=1800',
      '--output-dir', outDir,
      '--output', path.basename(file),
      path.resolve(file),
    ],
    // Cells run in the notebook's own folder, as in Jupyter.
    { cwd: path.dirname(path.resolve(file)), env, encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'] },
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (run.status === 0) {
    process.stdout.write(`ok    ${path.relative(root, path.resolve(file))} (${seconds} s)\n`);
  } else {
    failed++;
    process.stdout.write(`FAIL  ${path.relative(root, path.resolve(file))} (${seconds} s)\n${(run.stderr ?? '').split('\n').slice(-25).join('\n')}\n`);
    // tslab reports compile errors on stderr, not in the error reply: run again keeping errors, and show them.
    const again = path.join(tmp, `errors-${path.basename(file)}`);
    spawnSync(
      nbconvert[0]!,
      [...nbconvert.slice(1), '--to', 'notebook', '--execute', '--allow-errors', `--ExecutePreprocessor.kernel_name=${name}`,
        '--output-dir', tmp, '--output', path.basename(again), path.resolve(file)],
      { cwd: path.dirname(path.resolve(file)), env, encoding: 'utf8' },
    );
    if (fs.existsSync(again)) {
      const cells = (JSON.parse(fs.readFileSync(again, 'utf8')) as { cells: Array<{ outputs?: Array<Record<string, unknown>> }> }).cells;
      cells.forEach((cell, i) => {
        for (const o of cell.outputs ?? []) {
          const text = (v: unknown): string => (Array.isArray(v) ? v.join('') : String(v ?? ''));
          if (o['output_type'] === 'error') process.stdout.write(`  cell ${i + 1}: ${text(o['ename'])}: ${text(o['evalue'])}\n`);
          if (o['output_type'] === 'stream' && o['name'] === 'stderr') process.stdout.write(`  cell ${i + 1} (stderr): ${text(o['text'])}`);
        }
      });
    }
  }
}
if (write) {
  // The installed kernel's name is temporary: leave the notebooks saying 'roothaan'.
  for (const file of files) {
    const nb = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      metadata?: { kernelspec?: Record<string, string> };
      cells?: Array<{ cell_type: string; execution_count?: number | null }>;
    };
    nb.metadata = { ...nb.metadata, kernelspec: { name: 'roothaan', display_name: 'TypeScript (roothaan)', language: 'typescript' } };
    // tslab leaves execution counts empty (nbclient's count is overwritten by the kernel's null):
    // number the code cells in the order they ran, so the prompts read In [1], In [2], … on a code host.
    let count = 0;
    for (const cell of nb.cells ?? []) if (cell.cell_type === 'code') cell.execution_count = ++count;
    fs.writeFileSync(file, JSON.stringify(nb, null, 1) + '\n');
  }
}
fs.rmSync(tmp, { recursive: true, force: true });
process.stdout.write(`${files.length - failed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
