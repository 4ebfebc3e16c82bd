/**
 * The three programs of the benchmarks (bench/scf.ts, bench/scaling.ts), each run once, in a
 * fresh process under `/usr/bin/time`, on the same nuclei (bohr) and the same basis files
 * (data/basis/*.gbs); a dev tool, not a test.
 *
 * - roothaan: bench/scf-child.cjs on the library compiled by tsc (no TypeScript loader in the
 *   timed process); exact = the library's choice (pk when the ERIs fit, else direct), df =
 *   `scf_type: 'df'` with the JKFIT set it picks (or the one given).
 * - Psi4 (`psi4` on the PATH): `scf_type pk` or `scf_type df` with `df_basis_scf` set
 *   explicitly, guess sad, e_convergence 1e-10, d_convergence 1e-8 (roothaan's defaults),
 *   `memory 16 gb` (or the budget given), `-n threads`.
 * - PySCF (a source tree named by `ROOTHAAN_PYSCF`, built outside this repository): RHF, or RHF
 *   with density_fit on the same auxiliary set, through bench/pyscf-rhf.py with Debian's
 *   /usr/bin/python3 and OMP_NUM_THREADS = threads.
 *
 * Times are whole-process wall times (start-up and imports included) from GNU time, as are the
 * user+sys CPU time of all threads and the peak RSS. A run past its timeout is killed
 * (`timeout`) and reported as timed out, not as a time.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');
export const CACHE = path.join(ROOT, 'node_modules', '.cache', 'roothaan-bench');
export const LIB = path.join(CACHE, 'dist');
export const CHILD = path.join(__dirname, 'scf-child.cjs');
const PYSCF_DRIVER = path.join(__dirname, 'pyscf-rhf.py');

/** `[symbol, x, y, z]`, coordinates in bohr. */
export type AtomRow = [string, number, number, number];

/** A molecule and its orbital basis, as every program receives it. */
export interface BenchMolecule {
  readonly name: string;
  /** Nuclei in bohr. */
  readonly atoms: AtomRow[];
  readonly charge: number;
  /** Orbital basis name of data/basis/manifest.json (`cc-pvdz`, `6-31g*`). */
  readonly basis: string;
}

export type Mode = 'exact' | 'df';
export type Program = 'roothaan' | 'psi4' | 'pyscf';

/** One whole-process run. `timedOut` runs have no energy. */
export interface ProgramRun {
  readonly program: Program;
  readonly mode: Mode;
  /** Wall time of the whole process, s. */
  readonly wall: number;
  /** User + system CPU time of all threads, s. */
  readonly cpu: number;
  /** Peak resident set size, KiB. */
  readonly rssKb: number;
  readonly timedOut: boolean;
  /** Total energy, Eh. */
  readonly energy: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly nbf: number;
  /** What the program said it ran (J/K kind, DF algorithm). */
  readonly detail: string;
  /** The JKFIT set run (df). */
  readonly dfBasisScf?: string;
  /** roothaan's own record of the run (bench/scf-child.cjs output). */
  readonly raw?: Record<string, unknown>;
}

export interface RunOptions {
  readonly threads: number;
  /** Kill the run after this many seconds (default: no limit). */
  readonly timeoutS?: number;
  /** The JKFIT set for df (roothaan: its default when absent; Psi4 and PySCF need it). */
  readonly dfBasisScf?: string;
  /**
   * One memory budget for all, MiB: Psi4 `memory`, PySCF `max_memory`, roothaan told this much
   * free memory (it stores the ERIs when they fit in half). Default: Psi4 16 GB, PySCF 16000 MB,
   * roothaan the machine's free memory, as `roothaan run`.
   */
  readonly memoryMb?: number;
}

interface Timed {
  wall: number;
  cpu: number;
  maxRssKb: number;
  stdout: string;
  timedOut: boolean;
}

/** Runs a command under GNU time (and `timeout` when a limit is given): wall, user+sys CPU (s), max RSS (KiB). */
export function timed(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutS?: number): Timed {
  const tf = path.join(tmpdir(), `roothaan-bench-time-${process.pid}.txt`);
  const inner = timeoutS !== undefined ? ['timeout', '--kill-after=10', String(timeoutS), cmd, ...args] : [cmd, ...args];
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', '-o', tf, ...inner], { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const [e, u, s, m] = readFileSync(tf, 'utf8').trim().split('\n').pop()!.split(/\s+/).map(Number);
  rmSync(tf, { force: true });
  // timeout exits 124 when it stopped the command (137 when it had to kill it).
  const timedOut = timeoutS !== undefined && (r.status === 124 || r.status === 137);
  if (r.status !== 0 && !timedOut) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return { wall: e!, cpu: u! + s!, maxRssKb: m!, stdout: r.stdout, timedOut };
}

/** Compiles the library with tsc into the benchmark's cache (so no transpiler runs in a timed process). */
export function buildLibrary(): void {
  mkdirSync(CACHE, { recursive: true });
  // store/database.ts finds the migrations at <lib>/../../migrations, basis/library.ts the basis
  // files at <lib>/../data/basis: mirror the repo layout.
  for (const dir of ['migrations', 'data']) {
    const link = path.join(CACHE, dir);
    if (!existsSync(link)) symlinkSync(path.join(ROOT, dir), link);
  }
  try {
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.json'), '--outDir', LIB, '--declaration', 'false', '--declarationMap', 'false', '--sourceMap', 'false'],
      { cwd: ROOT, stdio: 'pipe' },
    );
  } catch (e) {
    // Type errors elsewhere (work in progress) do not stop tsc from emitting; missing output does.
    const out = String((e as { stdout?: Buffer }).stdout ?? '');
    if (!existsSync(path.join(LIB, 'scf', 'index.js'))) throw new Error(`tsc failed:\n${out}`);
    process.stderr.write(`note: tsc reported type errors (output emitted anyway):\n${out.split('\n').slice(0, 5).join('\n')}\n`);
  }
}

interface ManifestEntry {
  name: string;
  aliases: string[];
  file: string;
  harmonics: 'spherical' | 'cartesian';
}

const manifest = (): ManifestEntry[] =>
  (JSON.parse(readFileSync(path.join(ROOT, 'data/basis/manifest.json'), 'utf8')) as { basisSets: ManifestEntry[] }).basisSets;

/** The bundled Gaussian94 file of a basis set name (any case, or an alias) and its harmonics. */
export function basisFile(name: string): { file: string; cartesian: boolean } {
  const key = name.toLowerCase();
  const hit = manifest().find((e) => e.name.toLowerCase() === key || e.aliases.some((a) => a.toLowerCase() === key));
  if (!hit) throw new Error(`basis ${name} is not in data/basis/manifest.json`);
  return { file: path.join(ROOT, 'data/basis', hit.file), cartesian: hit.harmonics === 'cartesian' };
}

/** True when `psi4` is on the PATH. */
export function havePsi4(): boolean {
  try {
    execFileSync('which', ['psi4'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** The PySCF source tree named by ROOTHAAN_PYSCF (checked to hold pyscf/__init__.py and a built lib), or a reason it is absent. */
export function findPySCF(): { path?: string; reason?: string } {
  const p = process.env.ROOTHAAN_PYSCF;
  if (!p) return { reason: 'ROOTHAAN_PYSCF is not set (the path of a PySCF source tree with its lib built)' };
  if (!existsSync(path.join(p, 'pyscf', '__init__.py'))) return { reason: `ROOTHAAN_PYSCF=${p} holds no pyscf/__init__.py` };
  if (!existsSync(path.join(p, 'pyscf', 'lib', 'libcvhf.so'))) return { reason: `ROOTHAAN_PYSCF=${p}: pyscf/lib/libcvhf.so is not built` };
  return { path: p };
}

function withTempDir<T>(prefix: string, f: (dir: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  try {
    return f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const notRun = (program: Program, mode: Mode, t: Timed, extra: Partial<ProgramRun> = {}): ProgramRun => ({
  program,
  mode,
  wall: t.wall,
  cpu: t.cpu,
  rssKb: t.maxRssKb,
  timedOut: true,
  energy: NaN,
  iterations: NaN,
  converged: false,
  nbf: NaN,
  detail: 'timed out',
  ...extra,
});

/** Writes the case file bench/scf-child.cjs reads: nuclei, charge and the SCF parameters of the mode. */
export function writeRoothaanCase(dir: string, m: BenchMolecule, mode: Mode, dfBasisScf?: string): string {
  const params: Record<string, unknown> = { basis_set: m.basis };
  if (mode === 'df') {
    params.scf_type = 'df';
    if (dfBasisScf !== undefined) params.df_basis_scf = dfBasisScf;
  }
  const file = path.join(dir, `${m.name}-${mode}.json`);
  writeFileSync(file, JSON.stringify({ name: m.name, basis: m.basis, atoms: m.atoms, charge: m.charge, params }));
  return file;
}

/** roothaan, store off (bench/scf-child.cjs `off`: prepareCalculation + iterate + analyze). */
export function runRoothaan(m: BenchMolecule, mode: Mode, o: RunOptions): ProgramRun {
  return withTempDir('roothaan-bench-', (dir) => {
    const caseFile = writeRoothaanCase(dir, m, mode, o.dfBasisScf);
    const env = { ...process.env, ROOTHAAN_BENCH_LIB: LIB, ...(o.memoryMb !== undefined ? { ROOTHAAN_BENCH_FREE_MEMORY_MB: String(o.memoryMb) } : {}) };
    const t = timed(process.execPath, [CHILD, caseFile, 'off', String(o.threads)], ROOT, env, o.timeoutS);
    if (t.timedOut) return notRun('roothaan', mode, t);
    const j = JSON.parse(t.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    const df = j.densityFitting as { dfBasisScf: string; naux: number; mode: string; elementSets: Record<string, string> } | undefined;
    return {
      program: 'roothaan',
      mode,
      wall: t.wall,
      cpu: t.cpu,
      rssKb: t.maxRssKb,
      timedOut: false,
      energy: j.energy as number,
      iterations: j.iterations as number,
      converged: j.converged as boolean,
      nbf: j.nbf as number,
      detail: df ? `df ${df.dfBasisScf} naux ${df.naux} ${df.mode}` : String(j.jk),
      ...(df ? { dfBasisScf: df.dfBasisScf } : {}),
      raw: j,
    };
  });
}

/** Psi4, `scf_type pk` or `df` (with `df_basis_scf`). */
export function runPsi4(m: BenchMolecule, mode: Mode, o: RunOptions): ProgramRun {
  if (mode === 'df' && o.dfBasisScf === undefined) throw new Error('Psi4 DF needs the JKFIT set (dfBasisScf)');
  return withTempDir('roothaan-bench-psi4-', (dir) => {
    const input = [
      o.memoryMb !== undefined ? `memory ${o.memoryMb} mb` : 'memory 16 gb',
      'molecule {',
      `${m.charge} 1`,
      ...m.atoms.map((a) => `${a[0]} ${a[1].toFixed(12)} ${a[2].toFixed(12)} ${a[3].toFixed(12)}`),
      'units bohr',
      'symmetry c1',
      'no_reorient',
      'no_com',
      '}',
      'set {',
      `  basis ${m.basis}`,
      `  scf_type ${mode === 'df' ? 'df' : 'pk'}`,
      ...(mode === 'df' ? [`  df_basis_scf ${o.dfBasisScf!.toLowerCase()}`] : []),
      '  reference rhf',
      '  guess sad',
      '  e_convergence 1e-10',
      '  d_convergence 1e-8',
      '  maxiter 100',
      '}',
      "energy('scf')",
      '',
    ].join('\n');
    writeFileSync(path.join(dir, 'input.dat'), input);
    const t = timed('psi4', ['-n', String(o.threads), 'input.dat', '-o', 'output.dat'], dir, process.env, o.timeoutS);
    if (t.timedOut) return notRun('psi4', mode, t);
    const out = readFileSync(path.join(dir, 'output.dat'), 'utf8');
    const iters = [...out.matchAll(/@(?:DF-)?RHF iter\s+(\d+):/g)].map((x) => Number(x[1]));
    const algorithm = mode === 'df' ? (/Algorithm:\s+(\S+)/.exec(out)?.[1] ?? 'DF') : (/Using ([^\n]*PK algorithm)/.exec(out)?.[1] ?? 'PK');
    return {
      program: 'psi4',
      mode,
      wall: t.wall,
      cpu: t.cpu,
      rssKb: t.maxRssKb,
      timedOut: false,
      energy: Number(/Total Energy =\s+(-?[\d.]+)/.exec(out)?.[1] ?? NaN),
      iterations: iters.length > 0 ? Math.max(...iters) : NaN,
      converged: /Energy (?:and wave function )?converged/.test(out),
      nbf: Number(/Number of basis function(?:s)?:\s+(\d+)/.exec(out)?.[1] ?? NaN),
      detail: algorithm,
      ...(mode === 'df' ? { dfBasisScf: o.dfBasisScf! } : {}),
    };
  });
}

/** PySCF RHF, exact or density-fitted, through bench/pyscf-rhf.py (ROOTHAAN_PYSCF names the tree). */
export function runPySCF(m: BenchMolecule, mode: Mode, o: RunOptions & { pyscfPath: string }): ProgramRun {
  if (mode === 'df' && o.dfBasisScf === undefined) throw new Error('PySCF DF needs the JKFIT set (dfBasisScf)');
  return withTempDir('roothaan-bench-pyscf-', (dir) => {
    const caseFile = path.join(dir, 'case.json');
    writeFileSync(caseFile, JSON.stringify({ atoms: m.atoms, charge: m.charge }));
    const orbital = basisFile(m.basis);
    const args = [PYSCF_DRIVER, '--case', caseFile, '--basis', orbital.file];
    if (orbital.cartesian) args.push('--cart');
    if (mode === 'df') args.push('--aux', basisFile(o.dfBasisScf!).file);
    if (o.memoryMb !== undefined) args.push('--max-memory', String(o.memoryMb));
    const env = { ...process.env, PYTHONPATH: o.pyscfPath, OMP_NUM_THREADS: String(o.threads) };
    const t = timed('/usr/bin/python3', args, dir, env, o.timeoutS);
    if (t.timedOut) return notRun('pyscf', mode, t);
    const j = JSON.parse(t.stdout.trim().split('\n').pop()!) as { nbf: number; naux: number | null; energy: number; iterations: number | null; converged: boolean };
    return {
      program: 'pyscf',
      mode,
      wall: t.wall,
      cpu: t.cpu,
      rssKb: t.maxRssKb,
      timedOut: false,
      energy: j.energy,
      iterations: j.iterations ?? NaN,
      converged: j.converged,
      nbf: j.nbf,
      detail: mode === 'df' ? `density_fit naux ${j.naux}` : 'RHF',
      ...(mode === 'df' ? { dfBasisScf: o.dfBasisScf! } : {}),
    };
  });
}
