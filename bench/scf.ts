/**
 * Whole-SCF benchmark against Psi4 and PySCF, exact and density-fitted (issues #7 and #15; a dev
 * tool, not a test).
 *
 * For water/cc-pVDZ, benzene/6-31G*, benzene/cc-pVDZ, caffeine/STO-3G, glycine/cc-pVDZ and
 * caffeine/6-31G* it runs, each in a fresh process under `/usr/bin/time` (so wall time, CPU time
 * of all threads and the peak RSS are per case and measured the same way for every program;
 * bench/programs.ts):
 *   - roothaan exact, store off: `scf.prepareCalculation` + `scf.iterate` + `scf.analyze`
 *     (bench/scf-child.cjs; pk when the ERIs fit, else direct);
 *   - roothaan DF: the same with `scf_type: 'df'` and the JKFIT set it picks (Psi4's default for
 *     the orbital basis); Psi4 and PySCF are given that same set explicitly;
 *   - Psi4 (`psi4` on the PATH): `scf_type pk` and `scf_type df` + `df_basis_scf`, guess sad,
 *     e_convergence 1e-10, d_convergence 1e-8 (our defaults), `memory 16 gb`, `-n threads`;
 *   - PySCF (a source tree named by ROOTHAAN_PYSCF, built outside this repository; skipped with
 *     a message when absent): RHF and RHF.density_fit on the same basis files, conv_tol 1e-10,
 *     OMP_NUM_THREADS = threads (bench/pyscf-rhf.py);
 *   - roothaan, store on: `store.runOnce` (what `roothaan run` calls) on an SQLite + directory
 *     store created (untimed) at the start, every checkpoint written; and warm: in one
 *     long-lived process, plain runs and stored jobs alternating on one open store.
 * Alternating (all programs once, then all again, …), best of N (default 3), every program on the
 * same number of threads (default 2). Times are whole-process wall times: ours includes Node's
 * start-up and module loading, Psi4's and PySCF's their Python start-up and imports. Ours runs
 * the library compiled by tsc (into node_modules/.cache/roothaan-bench), not through a
 * TypeScript loader.
 *
 * Energies of all programs are compared, per mode, with each other and with the Psi4 1.3.2
 * reference data (test/reference: public-cases.json exact, df-cases.json DF); a difference
 * above 1e-8 Eh is flagged `!`.
 *
 * "Integrals/s" is the number of unique ERIs (ij|kl) that pass Schwarz screening divided by the
 * time spent computing them: the store build for stored J/K (the whole setup time, S, H and SAD
 * atoms included, so a lower bound), the J/K time of all iterations for direct J/K.
 *
 * Usage: npm run bench -- [--reps N (3)] [--threads N (2)] [--cases h2o_ccpvdz,benzene_631gs,...]
 *        [--modes exact,df] [--no-psi4] [--no-pyscf] [--no-store] [--no-build] [--json out.json]
 * PySCF: ROOTHAAN_PYSCF=/path/to/pyscf (the directory holding pyscf/__init__.py, lib built).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  CHILD,
  LIB,
  ROOT,
  buildLibrary,
  findPySCF,
  havePsi4,
  runPsi4,
  runPySCF,
  runRoothaan,
  timed,
  writeRoothaanCase,
  type AtomRow,
  type Mode,
  type ProgramRun,
} from './programs';

const REFERENCE_DIR = path.resolve(ROOT, 'test/reference');

interface CaseDef {
  name: string;
  label: string;
  basis: string;
  /** Geometry file (ångström) when public-cases.json has no such case: under test/reference/geometries, or a path from the repo root. */
  xyz: string;
}

const CASES: CaseDef[] = [
  { name: 'h2o_ccpvdz', label: 'water/cc-pVDZ', basis: 'cc-pvdz', xyz: 'h2o_psi4numpy.xyz' },
  { name: 'benzene_631gs', label: 'benzene/6-31G*', basis: '6-31g*', xyz: 'benzene.xyz' },
  { name: 'benzene_ccpvdz', label: 'benzene/cc-pVDZ', basis: 'cc-pvdz', xyz: 'benzene.xyz' },
  { name: 'caffeine_sto3g', label: 'caffeine/STO-3G', basis: 'sto-3g', xyz: 'caffeine.xyz' },
  // Not in the reference data: Psi4 1.3.2's mints6 sample glycine (see the file's comment line).
  { name: 'glycine_ccpvdz', label: 'glycine/cc-pVDZ', basis: 'cc-pvdz', xyz: 'bench/geometries/glycine.xyz' },
  { name: 'caffeine_631gs', label: 'caffeine/6-31G*', basis: '6-31g*', xyz: 'caffeine.xyz' },
];

const ANGSTROM_TO_BOHR = 1 / 0.52917721067; // Psi4 1.3.2's factor (CODATA 2014), as the reference data

interface ReferenceCase {
  name: string;
  atoms_bohr: AtomRow[];
  charge: number;
  energy: number;
}

interface Resolved extends CaseDef {
  atoms: AtomRow[];
  charge: number;
  source: string;
  /** Psi4 1.3.2's energies, Eh, when the reference data has the case. */
  referenceEnergy: Partial<Record<Mode, number>>;
}

const readCases = (file: string): ReferenceCase[] => JSON.parse(readFileSync(path.join(REFERENCE_DIR, file), 'utf8')) as ReferenceCase[];

function resolveCase(def: CaseDef): Resolved {
  const exact = readCases('public-cases.json').find((c) => c.name === def.name);
  const df = readCases('df-cases.json').find((c) => c.name === def.name);
  const referenceEnergy: Partial<Record<Mode, number>> = {};
  if (exact) referenceEnergy.exact = exact.energy;
  if (df) referenceEnergy.df = df.energy;
  if (exact) return { ...def, atoms: exact.atoms_bohr, charge: exact.charge, source: 'public-cases.json', referenceEnergy };
  const file = def.xyz.includes('/') ? path.join(ROOT, def.xyz) : path.join(REFERENCE_DIR, 'geometries', def.xyz);
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const n = Number(lines[0]);
  const atoms = lines.slice(2, 2 + n).map((l) => {
    const [s, x, y, z] = l.trim().split(/\s+/);
    return [s!, Number(x) * ANGSTROM_TO_BOHR, Number(y) * ANGSTROM_TO_BOHR, Number(z) * ANGSTROM_TO_BOHR] as AtomRow;
  });
  // A DF reference on other nuclei than these would not compare.
  return { ...def, atoms, charge: 0, source: path.relative(ROOT, file), referenceEnergy: {} };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string): boolean => process.argv.includes(name);

interface StoreRun {
  wall: number;
  cpu: number;
  rss: number;
  scfMs: number;
  storeLoadMs?: number;
}

let benchHome = '';

function runStored(caseFile: string, threads: number): StoreRun {
  const t = timed(process.execPath, [CHILD, caseFile, 'on', String(threads)], ROOT, { ...process.env, ROOTHAAN_BENCH_LIB: LIB, ROOTHAAN_BENCH_HOME: benchHome });
  const j = JSON.parse(t.stdout.trim().split('\n').pop()!) as { scfMs: number; storeLoadMs?: number };
  return { wall: t.wall, cpu: t.cpu, rss: t.maxRssKb, scfMs: j.scfMs, ...(j.storeLoadMs !== undefined ? { storeLoadMs: j.storeLoadMs } : {}) };
}

function runWarm(caseFile: string, threads: number, reps: number): { warmOffMs: number; warmOnMs: number } {
  const out = execFileSync(process.execPath, [CHILD, caseFile, 'warm', String(threads)], {
    env: { ...process.env, ROOTHAAN_BENCH_LIB: LIB, ROOTHAAN_BENCH_HOME: benchHome, ROOTHAAN_BENCH_WARM_REPS: String(reps) },
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

function countIntegrals(caseFile: string): { nbf: number; integrals: number; quartets: number } {
  const out = execFileSync(process.execPath, [CHILD, caseFile, 'count'], { env: { ...process.env, ROOTHAAN_BENCH_LIB: LIB }, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!);
}

const median = (xs: number[]): number => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const best = (xs: number[]): number => (xs.some(Number.isFinite) ? Math.min(...xs.filter(Number.isFinite)) : NaN);

const f = (x: number, d = 2): string => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const mb = (kb: number): string => (Number.isFinite(kb) ? `${(kb / 1024).toFixed(0)}M` : 'n/a');
const de = (x: number): string => (Number.isFinite(x) ? `${Math.abs(x).toExponential(1)}${Math.abs(x) > 1e-8 ? '!' : ''}` : 'n/a');

/** The columns of the tables: a program in a mode. */
const SLOTS = [
  { key: 'roothaan-exact', program: 'roothaan', mode: 'exact', label: 'ours exact' },
  { key: 'psi4-exact', program: 'psi4', mode: 'exact', label: 'Psi4 PK' },
  { key: 'pyscf-exact', program: 'pyscf', mode: 'exact', label: 'PySCF exact' },
  { key: 'roothaan-df', program: 'roothaan', mode: 'df', label: 'ours DF' },
  { key: 'psi4-df', program: 'psi4', mode: 'df', label: 'Psi4 DF' },
  { key: 'pyscf-df', program: 'pyscf', mode: 'df', label: 'PySCF DF' },
] as const;
type SlotKey = (typeof SLOTS)[number]['key'];

interface Summary {
  runs: number;
  bestWall: number;
  cpuOfBest: number;
  rssKb: number;
  energy: number;
  iterations: number;
  converged: boolean;
  detail: string;
  walls: number[];
}

function summarise(runs: ProgramRun[]): Summary | undefined {
  if (runs.length === 0) return undefined;
  const ok = runs.filter((r) => !r.timedOut);
  const b = ok.reduce<ProgramRun | undefined>((a, r) => (a === undefined || r.wall < a.wall ? r : a), undefined);
  return {
    runs: runs.length,
    bestWall: best(ok.map((r) => r.wall)),
    cpuOfBest: b?.cpu ?? NaN,
    rssKb: median(ok.map((r) => r.rssKb)),
    energy: b?.energy ?? NaN,
    iterations: b?.iterations ?? NaN,
    converged: ok.every((r) => r.converged),
    detail: b?.detail ?? 'timed out',
    walls: runs.map((r) => r.wall),
  };
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((t) => t[i]!.length)));
  const line = (cells: string[]): string => cells.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  for (const t of rows) console.log(line(t));
}

function main(): void {
  const reps = Number(arg('--reps') ?? 3);
  const threads = Number(arg('--threads') ?? 2);
  const names = arg('--cases')?.split(',');
  const modes = (arg('--modes')?.split(',') ?? ['exact', 'df']) as Mode[];
  const usePsi4 = !flag('--no-psi4') && havePsi4();
  const pyscf = flag('--no-pyscf') ? { reason: '--no-pyscf' } : findPySCF();
  const useStore = !flag('--no-store') && modes.includes('exact');
  const cases = CASES.filter((c) => !names || names.includes(c.name)).map(resolveCase);
  if (!flag('--no-build')) buildLibrary();
  if (!pyscf.path) process.stderr.write(`PySCF skipped: ${pyscf.reason}\n`);
  const work = mkdtempSync(path.join(tmpdir(), 'roothaan-bench-'));
  benchHome = path.join(work, 'store');
  if (useStore) execFileSync(process.execPath, [CHILD, '-', 'init'], { env: { ...process.env, ROOTHAAN_BENCH_LIB: LIB, ROOTHAAN_BENCH_HOME: benchHome } });
  const startLoad = loadavg();
  process.stderr.write(`load average at start: ${startLoad.map((x) => x.toFixed(2)).join(' ')}; ${threads} threads; best of ${reps}; Psi4 ${usePsi4 ? 'yes' : 'no'}; PySCF ${pyscf.path ?? 'no'}\n`);
  const rows: Array<Record<string, unknown>> = [];
  const summaries: Array<{ c: Resolved; nbf: number; jk: string; s: Partial<Record<SlotKey, Summary>> }> = [];
  try {
    for (const c of cases) {
      const molecule = { name: c.name, atoms: c.atoms, charge: c.charge, basis: c.basis };
      const caseFile = writeRoothaanCase(work, molecule, 'exact');
      const count = countIntegrals(caseFile);
      const runs: Record<SlotKey, ProgramRun[]> = { 'roothaan-exact': [], 'psi4-exact': [], 'pyscf-exact': [], 'roothaan-df': [], 'psi4-df': [], 'pyscf-df': [] };
      const stored: StoreRun[] = [];
      let dfBasisScf: string | undefined;
      const note = (r: ProgramRun): void => void process.stderr.write(`  ${c.label} ${r.program} ${r.mode} ${f(r.wall)} s ${r.detail}\n`);
      for (let rep = 0; rep < reps; rep++) {
        for (const mode of modes) {
          // roothaan first: its DF run names the JKFIT set the others are given.
          const ours = runRoothaan(molecule, mode, { threads });
          runs[`roothaan-${mode}`].push(ours);
          note(ours);
          if (mode === 'df') dfBasisScf ??= ours.dfBasisScf;
          if (usePsi4) {
            runs[`psi4-${mode}`].push(runPsi4(molecule, mode, { threads, ...(dfBasisScf ? { dfBasisScf } : {}) }));
            note(runs[`psi4-${mode}`].at(-1)!);
          }
          if (pyscf.path) {
            runs[`pyscf-${mode}`].push(runPySCF(molecule, mode, { threads, pyscfPath: pyscf.path, ...(dfBasisScf ? { dfBasisScf } : {}) }));
            note(runs[`pyscf-${mode}`].at(-1)!);
          }
        }
        if (useStore) {
          stored.push(runStored(caseFile, threads));
          process.stderr.write(`  ${c.label} roothaan exact, store on ${f(stored.at(-1)!.wall)} s\n`);
        }
      }
      const s: Partial<Record<SlotKey, Summary>> = {};
      for (const k of Object.keys(runs) as SlotKey[]) {
        const sum = summarise(runs[k]);
        if (sum) s[k] = sum;
      }
      const exactRuns = runs['roothaan-exact'];
      const o = exactRuns[0]?.raw as { nbf: number; jk: string; iterations: number; setupMs: number; scfMs: number; fockMs: number; diagMs: number; loadMs: number } | undefined;
      const nbf = exactRuns[0]?.nbf ?? runs['roothaan-df'][0]!.nbf;
      const raws = exactRuns.map((r) => r.raw as typeof o & object);
      // Alternating jobs in one process: more of them for short cases, where noise weighs most.
      const warm = useStore ? runWarm(caseFile, threads, s['roothaan-exact']!.bestWall < 5 ? Math.max(5, 2 * reps + 1) : 3) : undefined;
      if (warm) process.stderr.write(`  ${c.label} warm: plain ${f(warm.warmOffMs / 1000)} s, stored ${f(warm.warmOnMs / 1000)} s\n`);
      const wall = s['roothaan-exact']?.bestWall ?? NaN;
      const eriSeconds = o ? (o.jk === 'direct' ? median(raws.map((x) => x.fockMs)) / 1000 : median(raws.map((x) => x.setupMs)) / 1000) : NaN;
      const eriCount = o ? (o.jk === 'direct' ? count.integrals * o.iterations : count.integrals) : NaN;
      const onWall = best(stored.map((x) => x.wall));
      const row = {
        case: c.label,
        geometry: c.source,
        nbf,
        jk: o?.jk ?? 'n/a',
        dfBasisScf: dfBasisScf ?? null,
        programs: s,
        referenceEnergy: c.referenceEnergy,
        setup: median(raws.map((x) => x.setupMs)) / 1000,
        scf: median(raws.map((x) => x.scfMs)) / 1000,
        fock: median(raws.map((x) => x.fockMs)) / 1000,
        diag: median(raws.map((x) => x.diagMs)) / 1000,
        load: median(raws.map((x) => x.loadMs)) / 1000,
        uniqueEris: count.integrals,
        erisPerS: eriCount / eriSeconds,
        storeOnWall: onWall,
        storeOnRssKb: median(stored.map((x) => x.rss)),
        checkpointOverhead: useStore ? (onWall - wall) / wall : NaN,
        // In the run only: store.runOnce (open, submit, claim, every checkpoint, events, finish,
        // close) against prepareCalculation + iterate + analyze, leaving out loading the store's modules.
        checkpointOverheadInRun: useStore ? (median(stored.map((x) => x.scfMs)) - median(raws.map((x) => x.setupMs + x.scfMs))) / median(raws.map((x) => x.setupMs + x.scfMs)) : NaN,
        warmOff: warm?.warmOffMs ?? NaN,
        warmOn: warm?.warmOnMs ?? NaN,
        checkpointOverheadWarm: warm ? warm.warmOnMs / warm.warmOffMs - 1 : NaN,
        storeLoad: median(stored.map((x) => x.storeLoadMs ?? NaN)) / 1000,
        storeOnWalls: stored.map((x) => x.wall),
      };
      rows.push(row);
      summaries.push({ c, nbf, jk: String(row.jk), s });
      process.stderr.write(`${JSON.stringify(row)}\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  const endLoad = loadavg();
  console.log(
    `\nWhole-process wall time, best of ${reps}, alternating; ${threads} threads for every program (roothaan --threads, Psi4 -n, PySCF OMP_NUM_THREADS); peak RSS from GNU time (median of the runs).`,
  );
  console.log(`Shared machine: load average ${startLoad.map((x) => x.toFixed(2)).join(' ')} at start, ${endLoad.map((x) => x.toFixed(2)).join(' ')} at end.`);
  if (!pyscf.path) console.log(`PySCF skipped: ${pyscf.reason}`);
  if (!usePsi4) console.log('Psi4 skipped (--no-psi4, or no psi4 on the PATH)');
  const ratio = (a: Summary | undefined, b: Summary | undefined): string => f((a?.bestWall ?? NaN) / (b?.bestWall ?? NaN));

  console.log('\nroothaan / other (time ratio; above 1 means roothaan is slower): exact vs exact, DF vs DF');
  printTable(
    ['case', 'nbf', 'vs Psi4 PK', 'vs Psi4 DF', 'vs PySCF exact', 'vs PySCF DF'],
    summaries.map(({ c, nbf, s }) => [
      c.label,
      String(nbf),
      ratio(s['roothaan-exact'], s['psi4-exact']),
      ratio(s['roothaan-df'], s['psi4-df']),
      ratio(s['roothaan-exact'], s['pyscf-exact']),
      ratio(s['roothaan-df'], s['pyscf-df']),
    ]),
  );

  // On a loaded machine wall time includes waiting for a core; CPU time (all threads) does not.
  const cpuRatio = (a: Summary | undefined, b: Summary | undefined): string => f((a?.cpuOfBest ?? NaN) / (b?.cpuOfBest ?? NaN));
  console.log('\nthe same from CPU time (user + sys of all threads, of the best-wall runs): the work done, less sensitive to a shared machine than wall time');
  printTable(
    ['case', 'nbf', 'vs Psi4 PK', 'vs Psi4 DF', 'vs PySCF exact', 'vs PySCF DF'],
    summaries.map(({ c, nbf, s }) => [
      c.label,
      String(nbf),
      cpuRatio(s['roothaan-exact'], s['psi4-exact']),
      cpuRatio(s['roothaan-df'], s['psi4-df']),
      cpuRatio(s['roothaan-exact'], s['pyscf-exact']),
      cpuRatio(s['roothaan-df'], s['pyscf-df']),
    ]),
  );

  console.log('\nwall s (best) / iterations');
  printTable(
    ['case', 'nbf', 'ours jk', ...SLOTS.map((x) => x.label)],
    summaries.map(({ c, nbf, jk, s }) => [c.label, String(nbf), jk, ...SLOTS.map((x) => (s[x.key] ? `${f(s[x.key]!.bestWall)} / ${s[x.key]!.iterations}` : 'n/a'))]),
  );
  console.log('\nCPU s of the best run (user + sys, all threads)');
  printTable(['case', ...SLOTS.map((x) => x.label)], summaries.map(({ c, s }) => [c.label, ...SLOTS.map((x) => f(s[x.key]?.cpuOfBest ?? NaN))]));
  console.log('\npeak RSS');
  printTable(['case', ...SLOTS.map((x) => x.label)], summaries.map(({ c, s }) => [c.label, ...SLOTS.map((x) => mb(s[x.key]?.rssKb ?? NaN))]));

  console.log('\nenergies: roothaan (Eh) and |other − roothaan| (Eh); ref = Psi4 1.3.2 reference data (test/reference); ! above 1e-8 Eh');
  printTable(
    ['case', 'mode', 'aux', 'roothaan E', 'Psi4', 'PySCF', 'ref', 'all converged'],
    summaries.flatMap(({ c, s }) =>
      modes.map((mode) => {
        const ours = s[`roothaan-${mode}`];
        const e = ours?.energy ?? NaN;
        const conv = SLOTS.filter((x) => x.mode === mode && s[x.key]).every((x) => s[x.key]!.converged);
        return [
          c.label,
          mode,
          mode === 'df' ? String(ours?.detail.split(' ')[1] ?? 'n/a') : '',
          f(e, 10),
          de((s[`psi4-${mode}`]?.energy ?? NaN) - e),
          de((s[`pyscf-${mode}`]?.energy ?? NaN) - e),
          de((c.referenceEnergy[mode] ?? NaN) - e),
          conv ? 'yes' : 'NO',
        ];
      }),
    ),
  );
  console.log('\nwhat each ran: ' + summaries.map(({ c, s }) => `${c.label}: ${SLOTS.filter((x) => s[x.key]).map((x) => `${x.label} ${s[x.key]!.detail}`).join('; ')}`).join(' | '));

  if (useStore) {
    console.log('\nroothaan exact with the store: whole process, store.runOnce (as `roothaan run`) on an existing SQLite + directory store (best of the runs); overhead vs store off; in run: runOnce vs prepareCalculation + iterate + analyze (leaves out loading the store modules); warm: per job in one long-lived process, stored job vs plain run, after one of each.');
    printTable(
      ['case', 'store on s', 'RSS', 'ckpt ovh', 'in run', 'warm', 'ERI/s'],
      rows.map((r) => [
        String(r.case),
        f(r.storeOnWall as number),
        mb(r.storeOnRssKb as number),
        Number.isFinite(r.checkpointOverhead) ? `${((r.checkpointOverhead as number) * 100).toFixed(1)}%` : 'n/a',
        Number.isFinite(r.checkpointOverheadInRun) ? `${((r.checkpointOverheadInRun as number) * 100).toFixed(1)}%` : 'n/a',
        Number.isFinite(r.checkpointOverheadWarm) ? `${((r.checkpointOverheadWarm as number) * 100).toFixed(1)}%` : 'n/a',
        Number.isFinite(r.erisPerS) ? `${((r.erisPerS as number) / 1e6).toFixed(1)}M` : 'n/a',
      ]),
    );
  }
  if (modes.includes('exact')) {
    console.log('\nours exact, per phase (s, median): load = module loading, setup = S, H, ERI store / direct set-up and SAD atoms, fock = J/K + Fock over all iterations, diag = DIIS + diagonalisation + density');
    for (const r of rows) {
      console.log(`  ${String(r.case).padEnd(16)} load ${f(r.load as number)}  setup ${f(r.setup as number)}  fock ${f(r.fock as number)}  diag ${f(r.diag as number)}  store load ${f(r.storeLoad as number)}`);
    }
  }
  const out = arg('--json');
  if (out) writeFileSync(out, JSON.stringify(rows, null, 2));
}

main();
