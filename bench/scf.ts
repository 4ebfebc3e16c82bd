/**
 * Whole-SCF benchmark against Psi4 (issue #7; a dev tool, not a test).
 *
 * For water/cc-pVDZ, benzene/6-31G*, benzene/cc-pVDZ, caffeine/STO-3G and caffeine/6-31G* it
 * runs, each in a fresh process under `/usr/bin/time` (so wall time, CPU time of all threads
 * and the peak RSS are per case and measured the same way for both programs):
 *   - ours, store off: `scf.prepareCalculation` + `scf.iterate` + `scf.analyze` (bench/scf-child.cjs);
 *   - ours, store on: `store.runOnce` (what `roothaan run` calls) on an SQLite + directory store
 *     created (untimed) at the start of the benchmark, as with an existing data directory: every
 *     checkpoint written;
 *   - ours, warm: in one long-lived process (a notebook kernel, a worker loop), plain runs and
 *     stored jobs alternating on one open store, after one of each to warm up;
 *   - Psi4 (when `psi4` is on the PATH): same bohr coordinates (units bohr, no_com,
 *     no_reorient, symmetry c1), scf_type pk, guess sad, e_convergence 1e-10, d_convergence
 *     1e-8 (our defaults, src/scf/parameters.ts), the basis file's puream, `memory 16 gb`
 *     (in-core PK), `-n <threads>`;
 * alternating (ours off, Psi4, ours on, ours off, Psi4, ours on, …) and reports medians.
 *
 * Times are whole-process wall times for both programs: ours includes Node's start-up and
 * module loading, Psi4's includes its Python start-up. Ours runs the library compiled by tsc
 * (into node_modules/.cache/roothaan-bench), not through a TypeScript loader.
 *
 * "Integrals/s" is the number of unique ERIs (ij|kl) that pass Schwarz screening divided by the
 * time spent computing them: the store build for stored J/K (the whole setup time, S, H and SAD
 * atoms included, so a lower bound), the J/K time of all iterations for direct J/K.
 *
 * Usage: npm run bench -- [--reps N] [--threads N (default: ours as the library decides, Psi4 all cores)] [--cases h2o_ccpvdz,benzene_631gs,...]
 *        [--no-psi4] [--no-store] [--no-build] [--json out.json]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const REFERENCE_DIR = path.resolve(ROOT, 'test/reference');
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'roothaan-bench');
const LIB = path.join(CACHE, 'dist');
const CHILD = path.join(__dirname, 'scf-child.cjs');

interface CaseDef {
  name: string;
  label: string;
  basis: string;
  /** Geometry file under reference/geometries when public-cases.json has no such case. */
  xyz: string;
}

const CASES: CaseDef[] = [
  { name: 'h2o_ccpvdz', label: 'water/cc-pVDZ', basis: 'cc-pvdz', xyz: 'h2o_psi4numpy.xyz' },
  { name: 'benzene_631gs', label: 'benzene/6-31G*', basis: '6-31g*', xyz: 'benzene.xyz' },
  { name: 'benzene_ccpvdz', label: 'benzene/cc-pVDZ', basis: 'cc-pvdz', xyz: 'benzene.xyz' },
  { name: 'caffeine_sto3g', label: 'caffeine/STO-3G', basis: 'sto-3g', xyz: 'caffeine.xyz' },
  { name: 'caffeine_631gs', label: 'caffeine/6-31G*', basis: '6-31g*', xyz: 'caffeine.xyz' },
];

const ANGSTROM_TO_BOHR = 1 / 0.52917721067; // Psi4 1.3.2's factor (CODATA 2014), as the reference data

type AtomRow = [string, number, number, number];

interface Resolved extends CaseDef {
  atoms: AtomRow[];
  charge: number;
  source: string;
  referenceEnergy?: number;
}

function resolveCase(def: CaseDef): Resolved {
  const cases = JSON.parse(readFileSync(path.join(REFERENCE_DIR, 'public-cases.json'), 'utf8')) as Array<{
    name: string;
    atoms_bohr: AtomRow[];
    charge: number;
    energy: number;
  }>;
  const hit = cases.find((c) => c.name === def.name);
  if (hit) return { ...def, atoms: hit.atoms_bohr, charge: hit.charge, source: 'public-cases.json', referenceEnergy: hit.energy };
  const lines = readFileSync(path.join(REFERENCE_DIR, 'geometries', def.xyz), 'utf8').trim().split('\n');
  const n = Number(lines[0]);
  const atoms = lines.slice(2, 2 + n).map((l) => {
    const [s, x, y, z] = l.trim().split(/\s+/);
    return [s!, Number(x) * ANGSTROM_TO_BOHR, Number(y) * ANGSTROM_TO_BOHR, Number(z) * ANGSTROM_TO_BOHR] as AtomRow;
  });
  return { ...def, atoms, charge: 0, source: `geometries/${def.xyz}` };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string): boolean => process.argv.includes(name);

interface Timed {
  wall: number;
  cpu: number;
  maxRssKb: number;
  stdout: string;
}

/** Runs a command under GNU time: wall (s), user+sys CPU (s), max RSS (KiB). */
function timed(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Timed {
  const tf = path.join(tmpdir(), `roothaan-bench-time-${process.pid}.txt`);
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', '-o', tf, cmd, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  const [e, u, s, m] = readFileSync(tf, 'utf8').trim().split('\n').pop()!.split(/\s+/).map(Number);
  rmSync(tf, { force: true });
  return { wall: e!, cpu: u! + s!, maxRssKb: m!, stdout: r.stdout };
}

function build(): void {
  mkdirSync(CACHE, { recursive: true });
  // store/database.ts finds the migrations at <lib>/../../migrations: mirror the repo layout.
  // src/basis/library.ts finds the basis files at <lib>/../data/basis: the same for data/.
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

interface OursRun {
  nbf: number;
  jk: string;
  iterations: number;
  converged: boolean;
  energy: number;
  loadMs: number;
  setupMs: number;
  scfMs: number;
  fockMs: number;
  diagMs: number;
  storeLoadMs?: number;
  cpuS: number;
  maxRssKb: number;
  wall: number;
  cpu: number;
  rss: number;
}

let benchHome = '';

function runOurs(caseFile: string, mode: 'off' | 'on', threads: number | undefined): OursRun {
  const t = timed(process.execPath, [CHILD, caseFile, mode, ...(threads !== undefined ? [String(threads)] : [])], ROOT, { ...process.env, ROOTHAAN_BENCH_LIB: LIB, ROOTHAAN_BENCH_HOME: benchHome });
  const j = JSON.parse(t.stdout.trim().split('\n').pop()!) as OursRun;
  return { ...j, wall: t.wall, cpu: t.cpu, rss: t.maxRssKb };
}

function runWarm(caseFile: string, threads: number | undefined, reps: number): { warmOffMs: number; warmOnMs: number } {
  const out = execFileSync(process.execPath, [CHILD, caseFile, 'warm', ...(threads !== undefined ? [String(threads)] : [])], {
    env: { ...process.env, ROOTHAAN_BENCH_LIB: LIB, ROOTHAAN_BENCH_HOME: benchHome, ROOTHAAN_BENCH_WARM_REPS: String(reps) },
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

function countIntegrals(caseFile: string): { nbf: number; integrals: number; quartets: number } {
  const out = execFileSync(process.execPath, [CHILD, caseFile, 'count'], { env: { ...process.env, ROOTHAAN_BENCH_LIB: LIB }, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!);
}

interface Psi4Run {
  wall: number;
  cpu: number;
  rss: number;
  nbf: number;
  iterations: number;
  energy: number;
  algorithm: string;
}

function havePsi4(): boolean {
  try {
    execFileSync('which', ['psi4'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

function runPsi4(c: Resolved, threads: number): Psi4Run {
  const dir = mkdtempSync(path.join(tmpdir(), 'roothaan-bench-psi4-'));
  try {
    const input = [
      'memory 16 gb',
      'molecule {',
      `${c.charge} 1`,
      ...c.atoms.map((a) => `${a[0]} ${a[1].toFixed(12)} ${a[2].toFixed(12)} ${a[3].toFixed(12)}`),
      'units bohr',
      'symmetry c1',
      'no_reorient',
      'no_com',
      '}',
      'set {',
      `  basis ${c.basis}`,
      '  scf_type pk',
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
    const t = timed('psi4', ['-n', String(threads), 'input.dat', '-o', 'output.dat'], dir);
    const out = readFileSync(path.join(dir, 'output.dat'), 'utf8');
    const nbf = Number(/Number of basis function(?:s)?:\s+(\d+)/.exec(out)?.[1] ?? NaN);
    const iters = [...out.matchAll(/@RHF iter\s+(\d+):/g)].map((m) => Number(m[1]));
    const energy = Number(/Total Energy =\s+(-?[\d.]+)/.exec(out)?.[1] ?? NaN);
    const algorithm = /Using ([^\n]*PK algorithm)/.exec(out)?.[1] ?? '?';
    return { wall: t.wall, cpu: t.cpu, rss: t.maxRssKb, nbf, iterations: iters.length > 0 ? Math.max(...iters) : NaN, energy, algorithm };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]): number => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const f = (x: number, d = 2): string => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const gb = (kb: number): string => (Number.isFinite(kb) ? `${(kb / 1024 / 1024).toFixed(2)}G` : 'n/a');

function main(): void {
  const reps = Number(arg('--reps') ?? 2);
  // Ours: the library's default thread count (all cores; one for < 60 basis functions) unless
  // --threads is given; Psi4: -n with the same number, or all cores.
  const threadsArg = arg('--threads');
  const threads = threadsArg !== undefined ? Number(threadsArg) : undefined;
  const psi4Threads = threads ?? availableParallelism();
  const names = arg('--cases')?.split(',');
  const usePsi4 = !flag('--no-psi4') && havePsi4();
  const useStore = !flag('--no-store');
  const cases = CASES.filter((c) => !names || names.includes(c.name)).map(resolveCase);
  if (!flag('--no-build')) build();
  const work = mkdtempSync(path.join(tmpdir(), 'roothaan-bench-'));
  benchHome = path.join(work, 'store');
  if (useStore) execFileSync(process.execPath, [CHILD, '-', 'init'], { env: { ...process.env, ROOTHAAN_BENCH_LIB: LIB, ROOTHAAN_BENCH_HOME: benchHome } });
  const rows: Array<Record<string, unknown>> = [];
  process.stderr.write(`load average at start: ${loadavg().map((x) => x.toFixed(2)).join(' ')}; threads ${threads ?? 'default'}; ${reps} repetitions; Psi4 ${usePsi4 ? 'yes' : 'no'}\n`);
  try {
    for (const c of cases) {
      const caseFile = path.join(work, `${c.name}.json`);
      writeFileSync(caseFile, JSON.stringify({ name: c.name, basis: c.basis, atoms: c.atoms, charge: c.charge }));
      const count = countIntegrals(caseFile);
      const off: OursRun[] = [], on: OursRun[] = [], psi: Psi4Run[] = [];
      for (let r = 0; r < reps; r++) {
        off.push(runOurs(caseFile, 'off', threads));
        process.stderr.write(`  ${c.label} ours(off) ${f(off.at(-1)!.wall)} s\n`);
        if (usePsi4) {
          psi.push(runPsi4(c, psi4Threads));
          process.stderr.write(`  ${c.label} psi4 ${f(psi.at(-1)!.wall)} s\n`);
        }
        if (useStore) {
          on.push(runOurs(caseFile, 'on', threads));
          process.stderr.write(`  ${c.label} ours(on) ${f(on.at(-1)!.wall)} s\n`);
        }
      }
      // Alternating jobs in one process: more of them for short cases, where noise weighs most.
      const warm = useStore ? runWarm(caseFile, threads, off[0]!.wall < 5 ? Math.max(5, 2 * reps + 1) : 3) : undefined;
      if (warm) process.stderr.write(`  ${c.label} warm: plain ${f(warm.warmOffMs / 1000)} s, stored ${f(warm.warmOnMs / 1000)} s\n`);
      const o = off[0]!;
      const wall = median(off.map((x) => x.wall));
      const eriSeconds = o.jk === 'direct' ? median(off.map((x) => x.fockMs)) / 1000 : median(off.map((x) => x.setupMs)) / 1000;
      const eriCount = o.jk === 'direct' ? count.integrals * o.iterations : count.integrals;
      const onWall = median(on.map((x) => x.wall));
      const psiWall = median(psi.map((x) => x.wall));
      const row = {
        case: c.label,
        geometry: c.source,
        nbf: o.nbf,
        jk: o.jk,
        iterations: o.iterations,
        energy: o.energy,
        dE_ref: c.referenceEnergy !== undefined ? o.energy - c.referenceEnergy : NaN,
        wall,
        cpu: median(off.map((x) => x.cpu)),
        setup: median(off.map((x) => x.setupMs)) / 1000,
        scf: median(off.map((x) => x.scfMs)) / 1000,
        fock: median(off.map((x) => x.fockMs)) / 1000,
        diag: median(off.map((x) => x.diagMs)) / 1000,
        load: median(off.map((x) => x.loadMs)) / 1000,
        rssKb: median(off.map((x) => x.rss)),
        uniqueEris: count.integrals,
        erisPerS: eriCount / eriSeconds,
        storeOnWall: onWall,
        checkpointOverhead: useStore ? (onWall - wall) / wall : NaN,
        // In the run only: store.runOnce (open, submit, claim, every checkpoint, events, finish,
        // close) against prepareCalculation + iterate + analyze, leaving out loading the store's modules.
        checkpointOverheadInRun: useStore
          ? (median(on.map((x) => x.scfMs)) - median(off.map((x) => x.setupMs + x.scfMs))) / median(off.map((x) => x.setupMs + x.scfMs))
          : NaN,
        warmOff: warm?.warmOffMs ?? NaN,
        warmOn: warm?.warmOnMs ?? NaN,
        checkpointOverheadWarm: warm ? warm.warmOnMs / warm.warmOffMs - 1 : NaN,
        storeLoad: median(on.map((x) => x.storeLoadMs ?? NaN)) / 1000,
        storeOnRssKb: median(on.map((x) => x.rss)),
        psi4Wall: psiWall,
        psi4Cpu: median(psi.map((x) => x.cpu)),
        psi4RssKb: median(psi.map((x) => x.rss)),
        psi4Iterations: psi[0]?.iterations ?? NaN,
        psi4Nbf: psi[0]?.nbf ?? NaN,
        psi4Energy: psi[0]?.energy ?? NaN,
        psi4Algorithm: psi[0]?.algorithm ?? 'n/a',
        ratio: wall / psiWall,
        walls: off.map((x) => x.wall),
        psi4Walls: psi.map((x) => x.wall),
        storeOnWalls: on.map((x) => x.wall),
      };
      rows.push(row);
      process.stderr.write(`${JSON.stringify(row)}\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  const header = ['case', 'nbf', 'jk', 'it', 'it(Psi4)', 'wall s', 'cpu s', 'Psi4 wall', 'Psi4 cpu', 'ratio', 'RSS', 'Psi4 RSS', 'ERI/s', 'store on', 'ckpt ovh', 'in run', 'warm', '|ΔE| vs Psi4'];
  const table = rows.map((r) => [
    String(r.case),
    String(r.nbf),
    String(r.jk),
    String(r.iterations),
    String(r.psi4Iterations),
    f(r.wall as number),
    f(r.cpu as number),
    f(r.psi4Wall as number),
    f(r.psi4Cpu as number),
    f(r.ratio as number),
    gb(r.rssKb as number),
    gb(r.psi4RssKb as number),
    Number.isFinite(r.erisPerS) ? `${((r.erisPerS as number) / 1e6).toFixed(1)}M` : 'n/a',
    f(r.storeOnWall as number),
    Number.isFinite(r.checkpointOverhead) ? `${((r.checkpointOverhead as number) * 100).toFixed(1)}%` : 'n/a',
    Number.isFinite(r.checkpointOverheadInRun) ? `${((r.checkpointOverheadInRun as number) * 100).toFixed(1)}%` : 'n/a',
    Number.isFinite(r.checkpointOverheadWarm) ? `${((r.checkpointOverheadWarm as number) * 100).toFixed(1)}%` : 'n/a',
    Number.isFinite(r.psi4Energy) ? (Math.abs((r.energy as number) - (r.psi4Energy as number))).toExponential(1) : 'n/a',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i]!.length)));
  const line = (cells: string[]): string => cells.map((x, i) => x.padStart(widths[i]!)).join('  ');
  console.log(
    `\nWhole SCF, ours ${threads !== undefined ? `${threads} threads` : 'default threads (all cores; one below 60 basis functions)'}, Psi4 -n ${psi4Threads}; median of ${reps}; process wall time for both programs (ours includes Node start-up).`,
  );
  console.log(`load average at end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(line(header));
  for (const t of table) console.log(line(t));
  console.log(
    '\nckpt ovh: whole process, store.runOnce (as `roothaan run`) on an existing SQLite + directory store vs store off; in run: runOnce vs prepareCalculation + iterate + analyze (leaves out loading the store modules: "store load" below); warm: per job in one long-lived process (a notebook kernel: store.runJob on an open store), stored job vs plain run, after one of each.',
  );
  console.log('\nours, per phase (s, median): load = module loading, setup = S, H, ERI store / direct set-up and SAD atoms, fock = J/K + Fock over all iterations, diag = DIIS + diagonalisation + density');
  for (const r of rows) {
    console.log(`  ${String(r.case).padEnd(16)} load ${f(r.load as number)}  setup ${f(r.setup as number)}  fock ${f(r.fock as number)}  diag ${f(r.diag as number)}  store load ${f(r.storeLoad as number)}  (Psi4: ${r.psi4Algorithm})`);
  }
  const out = arg('--json');
  if (out) writeFileSync(out, JSON.stringify(rows, null, 2));
}

main();
