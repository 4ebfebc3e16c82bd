/**
 * Density-fitting SCF benchmark (issue #15; a dev tool, not a test).
 *
 * For each case it runs, each in a fresh process under `/usr/bin/time` (wall, CPU of all
 * threads, peak RSS), alternating:
 *   - `roothaan run <xyz> --basis B --scf-type df --no-store` (the whole CLI process: Node start,
 *     module loading, integrals, SCF, report);
 *   - bench/df-child.cjs, the same calculation through the library, which also prints where the
 *     time went (metric + fitting factor, three-index integrals, fit, J, K, the rest);
 *   - PySCF when ROOTHAAN_PYSCF names a PySCF tree (built outside the repo, issue #15; run by
 *     bench/pyscf-rhf.py, or ROOTHAAN_PYSCF_DRIVER): whole process, density fitting with the
 *     same orbital and auxiliary basis files, conv_tol 1e-10; skipped when unset.
 * and reports the best of N for each (the machine is shared: the best run is the least disturbed).
 *
 * With `--baseline DIR` (another checkout, built: e.g. `git worktree add DIR main && npm run build`
 * there) each repetition also runs DIR's CLI right after ours, for an alternating A/B.
 *
 * With `--guess` it instead compares exact SCF (`--guess-type direct`, the default, as Psi4
 * offers df_scf_guess for DIRECT; or pk) with and without `df_scf_guess`: iterations (DF then
 * exact) and whole-process time.
 *
 * Usage: npm run build && npm run bench:df -- [--reps N] [--threads N] [--cases water,benzene_631gs,...]
 *        [--no-cli] [--no-phases] [--guess [--guess-type direct|pk]] [--baseline DIR] [--json out.json]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const GEOMETRIES = path.join(ROOT, 'test/reference/geometries');

interface CaseDef {
  name: string;
  label: string;
  basis: string;
  xyz: string;
  /** The auxiliary set Psi4 picks (and roothaan by default), as a data/basis file name. */
  aux: string;
  cart: boolean;
}

const CASES: CaseDef[] = [
  { name: 'water', label: 'water/cc-pVDZ', basis: 'cc-pvdz', xyz: path.join(GEOMETRIES, 'h2o_psi4numpy.xyz'), aux: 'cc-pvdz-jkfit', cart: false },
  { name: 'benzene_631gs', label: 'benzene/6-31G*', basis: '6-31g*', xyz: path.join(GEOMETRIES, 'benzene.xyz'), aux: 'cc-pvdz-jkfit', cart: true },
  { name: 'benzene_ccpvdz', label: 'benzene/cc-pVDZ', basis: 'cc-pvdz', xyz: path.join(GEOMETRIES, 'benzene.xyz'), aux: 'cc-pvdz-jkfit', cart: false },
  { name: 'caffeine_sto3g', label: 'caffeine/STO-3G', basis: 'sto-3g', xyz: path.join(GEOMETRIES, 'caffeine.xyz'), aux: 'def2-svp-jkfit', cart: false },
  { name: 'glycine_ccpvdz', label: 'glycine/cc-pVDZ', basis: 'cc-pvdz', xyz: path.join(__dirname, 'geometries/glycine.xyz'), aux: 'cc-pvdz-jkfit', cart: false },
  { name: 'caffeine_631gs', label: 'caffeine/6-31G*', basis: '6-31g*', xyz: path.join(GEOMETRIES, 'caffeine.xyz'), aux: 'cc-pvdz-jkfit', cart: true },
];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string): boolean => process.argv.includes(name);

interface Timed {
  wall: number;
  cpu: number;
  rssMb: number;
  stdout: string;
}

/** Runs a command under GNU time: wall (s), user+sys CPU (s), max RSS (MiB). */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Timed {
  const tf = path.join(tmpdir(), `roothaan-bench-df-time-${process.pid}.txt`);
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', '-o', tf, cmd, ...args], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}\n${r.stdout.slice(-2000)}`);
  const [e, u, s, m] = readFileSync(tf, 'utf8').trim().split('\n').pop()!.split(/\s+/).map(Number);
  rmSync(tf, { force: true });
  return { wall: e!, cpu: u! + s!, rssMb: m! / 1024, stdout: r.stdout };
}

const threadArgs = (threads: string | undefined): string[] => (threads !== undefined ? ['--threads', threads] : []);

function runCli(c: CaseDef, extra: string[], threads: string | undefined, root = ROOT): Timed & { energy: number; iterations: string } {
  const t = timed(process.execPath, [path.join(root, 'bin/roothaan.js'), 'run', c.xyz, '--basis', c.basis, '--no-store', '--no-color', ...threadArgs(threads), ...extra]);
  const energy = Number(/total energy\s+(-?[\d.]+) Eh/.exec(t.stdout)?.[1] ?? NaN);
  const iterations = /converged in ([^\n]*)/.exec(t.stdout)?.[1] ?? '?';
  return { ...t, energy, iterations };
}

interface ChildOut {
  nbf: number;
  naux: number;
  iterations: number;
  energy: number;
  loadMs: number;
  setupMs: number;
  scfMs: number;
  df: { metricMs: number; integralsMs: number; fitMs: number; jMs: number; kMs: number } | null;
}

function runChild(c: CaseDef, params: object, threads: string | undefined): Timed & { out: ChildOut } {
  const t = timed(process.execPath, [path.join(__dirname, 'df-child.cjs'), c.xyz, c.basis, JSON.stringify(params), ...(threads !== undefined ? [threads] : [])]);
  return { ...t, out: JSON.parse(t.stdout.trim().split('\n').pop()!) as ChildOut };
}

/**
 * PySCF's whole process on the same basis files (data/basis/*.gbs) through the PySCF driver
 * bench/pyscf-rhf.py (from the bench15 branch; ROOTHAAN_PYSCF_DRIVER names another copy), with
 * PYTHONPATH = ROOTHAAN_PYSCF (a PySCF tree built outside the repository, issue #15).
 */
function runPyscf(pyscfPath: string, driver: string, c: CaseDef, threads: string | undefined): Timed & { energy: number; kernel: number } {
  const env = { ...process.env, PYTHONPATH: pyscfPath, OMP_NUM_THREADS: threads ?? '2' };
  const file = (name: string): string => path.join(ROOT, 'data/basis', `${name.replace('*', 's')}.gbs`);
  const t = timed('/usr/bin/python3', [driver, '--xyz', c.xyz, '--basis', file(c.basis), '--aux', file(c.aux), ...(c.cart ? ['--cart'] : [])], env);
  const j = JSON.parse(t.stdout.trim().split('\n').pop()!) as { energy: number; scfS: number };
  return { ...t, energy: j.energy, kernel: j.scfS };
}

const best = <T extends { wall: number }>(xs: T[]): T => xs.reduce((a, b) => (b.wall < a.wall ? b : a));
const f = (x: number | undefined, d = 2): string => (x !== undefined && Number.isFinite(x) ? x.toFixed(d) : 'n/a');

function main(): void {
  const reps = Number(arg('--reps') ?? 3);
  const threads = arg('--threads');
  const names = arg('--cases')?.split(',');
  const cases = CASES.filter((c) => !names || names.includes(c.name));
  const python = process.env.ROOTHAAN_PYSCF;
  const driver = process.env.ROOTHAAN_PYSCF_DRIVER ?? path.join(__dirname, 'pyscf-rhf.py');
  if (python !== undefined && !existsSync(driver)) throw new Error(`ROOTHAAN_PYSCF is set but the PySCF driver ${driver} is missing (set ROOTHAAN_PYSCF_DRIVER)`);
  const work = mkdtempSync(path.join(tmpdir(), 'roothaan-bench-df-'));
  const rows: Array<Record<string, unknown>> = [];
  process.stderr.write(`load average at start: ${loadavg().map((x) => x.toFixed(2)).join(' ')}; threads ${threads ?? 'default'}; best of ${reps}; PySCF ${python ?? 'no (set ROOTHAAN_PYSCF)'}\n`);
  try {
    for (const c of cases) {
      if (flag('--guess')) {
        const exact: ReturnType<typeof runCli>[] = [], guessed: ReturnType<typeof runCli>[] = [];
        for (let r = 0; r < reps; r++) {
          const type = arg('--guess-type') ?? 'direct';
          exact.push(runCli(c, ['--scf-type', type], threads));
          guessed.push(runCli(c, ['--scf-type', type, '--df-scf-guess'], threads));
          process.stderr.write(`  ${c.label} ${type} ${f(exact.at(-1)!.wall)} s, ${type} + DF guess ${f(guessed.at(-1)!.wall)} s\n`);
        }
        const e = best(exact), g = best(guessed);
        rows.push({ case: c.label, exactWall: e.wall, exactIterations: e.iterations, exactEnergy: e.energy, guessWall: g.wall, guessIterations: g.iterations, guessEnergy: g.energy, dE: g.energy - e.energy, exactRss: e.rssMb, guessRss: g.rssMb });
        continue;
      }
      const baseline = arg('--baseline');
      const base: ReturnType<typeof runCli>[] = [];
      const cli: ReturnType<typeof runCli>[] = [], child: ReturnType<typeof runChild>[] = [], py: ReturnType<typeof runPyscf>[] = [];
      for (let r = 0; r < reps; r++) {
        if (!flag('--no-cli')) cli.push(runCli(c, ['--scf-type', 'df'], threads));
        if (!flag('--no-phases')) child.push(runChild(c, { scf_type: 'df' }, threads));
        if (baseline !== undefined) base.push(runCli(c, ['--scf-type', 'df'], threads, path.resolve(baseline)));
        if (python) py.push(runPyscf(python, driver, c, threads));
        process.stderr.write(`  ${c.label}: cli ${f(cli.at(-1)?.wall)} s, library ${f(child.at(-1)?.wall)} s${baseline !== undefined ? `, baseline cli ${f(base.at(-1)?.wall)} s` : ''}${python ? `, PySCF ${f(py.at(-1)?.wall)} s` : ''}\n`);
      }
      const bb = base.length ? best(base) : undefined;
      const bc = cli.length ? best(cli) : undefined, bl = child.length ? best(child) : undefined, bp = py.length ? best(py) : undefined;
      const o = bl?.out;
      rows.push({
        case: c.label,
        nbf: o?.nbf,
        naux: o?.naux,
        iterations: o?.iterations,
        cliWall: bc?.wall,
        cliCpu: bc?.cpu,
        cliRss: bc?.rssMb,
        libWall: bl?.wall,
        libRss: bl?.rssMb,
        load: o ? o.loadMs / 1000 : undefined,
        metric: o?.df ? o.df.metricMs / 1000 : undefined,
        ints: o?.df ? o.df.integralsMs / 1000 : undefined,
        fit: o?.df ? o.df.fitMs / 1000 : undefined,
        j: o?.df ? o.df.jMs / 1000 : undefined,
        k: o?.df ? o.df.kMs / 1000 : undefined,
        // set-up besides the DF builder (S, H, SAD atoms) and the SCF besides J and K (DIIS, eigh, guess)
        otherSetup: o?.df ? (o.setupMs - o.df.metricMs - o.df.integralsMs - o.df.fitMs) / 1000 : undefined,
        otherScf: o?.df ? (o.scfMs - o.df.jMs - o.df.kMs) / 1000 : undefined,
        energy: o?.energy ?? bc?.energy,
        baselineWall: bb?.wall,
        baselineCpu: bb?.cpu,
        baselineRss: bb?.rssMb,
        baselineEnergy: bb?.energy,
        baselineWalls: base.map((x) => x.wall),
        pyscfWall: bp?.wall,
        pyscfCpu: bp?.cpu,
        pyscfKernel: bp?.kernel,
        pyscfRss: bp?.rssMb,
        pyscfEnergy: bp?.energy,
        cliWalls: cli.map((x) => x.wall),
        libWalls: child.map((x) => x.wall),
        pyscfWalls: py.map((x) => x.wall),
      });
      process.stderr.write(`${JSON.stringify(rows.at(-1))}\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`\nload average at end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}; best of ${reps}; threads ${threads ?? 'default'}`);
  if (flag('--guess')) {
    console.log(`case               ${(arg('--guess-type') ?? 'direct').padEnd(6)} wall  iterations   + DF guess wall  iterations                       ΔE (Eh)`);
    for (const r of rows) {
      console.log(`${String(r.case).padEnd(18)} ${f(r.exactWall as number).padStart(7)}  ${String(r.exactIterations).padEnd(16)}  ${f(r.guessWall as number).padStart(7)}  ${String(r.guessIterations).padEnd(34)} ${(r.dE as number).toExponential(1)}`);
    }
  } else {
    console.log('whole process (s, MiB) and, from the library run, seconds per phase: load = modules, metric = (P|Q) + eigh + W, ints = (P|μν), fit = W·(P|μν), J and K over all iterations, setup* = S, H, SAD, scf* = DIIS, eigh, density');
    console.log('case              nbf naux  it   cli s  cli cpu  cli MiB | lib s  load metric  ints   fit     J     K setup* scf* | PySCF s    cpu kernel MiB');
    if (arg('--baseline') !== undefined) {
      console.log(`baseline ${arg('--baseline')}: cli wall s / cpu s / MiB (ours: cli s, cpu, MiB above), |ΔE|`);
      for (const r of rows) console.log(`  ${String(r.case).padEnd(16)} ${f(r.baselineWall as number)} / ${f(r.baselineCpu as number)} / ${f(r.baselineRss as number, 0)}  vs ${f(r.cliWall as number)} / ${f(r.cliCpu as number)} / ${f(r.cliRss as number, 0)}  |ΔE| ${Math.abs((r.energy as number) - (r.baselineEnergy as number)).toExponential(1)}`);
    }
    for (const r of rows) {
      const n = (k: string, w = 5, d = 2): string => f(r[k] as number, d).padStart(w);
      console.log(
        `${String(r.case).padEnd(16)} ${String(r.nbf).padStart(4)} ${String(r.naux).padStart(4)} ${String(r.iterations).padStart(3)} ${n('cliWall', 7)} ${n('cliCpu', 8)} ${n('cliRss', 8, 0)} | ${n('libWall')} ${n('load')} ${n('metric', 6)} ${n('ints')} ${n('fit')} ${n("j")} ${n('k')} ${n('otherSetup', 6)} ${n('otherScf')} | ${n('pyscfWall', 7)} ${n('pyscfCpu', 6)} ${n('pyscfKernel', 6)} ${n('pyscfRss', 4, 0)}`,
      );
    }
  }
  const out = arg('--json');
  if (out) writeFileSync(out, JSON.stringify(rows, null, 2));
}

main();
