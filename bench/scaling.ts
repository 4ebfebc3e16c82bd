/**
 * Scaling sweep (issue #15; a dev tool, not a test): RHF on straight-chain alkanes CₙH₂ₙ₊₂
 * (bench/alkane.ts, a standard geometry built in code) from ~50 to ~1,000 basis functions,
 * exact and DF, roothaan beside Psi4 and PySCF (bench/programs.ts: whole-process wall time,
 * CPU time and peak RSS from GNU time, every program on the same threads and memory budget).
 *
 * Each run has a timeout (default 600 s); a program that times out at one size is not run at the
 * larger ones, and the table says so. It fits the exponent k of t ≈ A·nbfᵏ (log-log least
 * squares, bench/fit-exponent.ts) over the sizes from --fit-min-nbf (default 150) up, prints
 * the tables and writes a PNG (time and peak memory against nbf, log-log; Plotly drawn in
 * Debian's Chromium, bench/plot-png.ts).
 *
 * Usage: npm run bench:scaling -- [--carbons 2,4,6,8,12,16,24,32,42] [--max-nbf 300] [--min-nbf 0]
 *        [--modes exact,df] [--programs roothaan,psi4,pyscf] [--timeout 600] [--threads 2]
 *        [--reps 1] [--memory-mb 8000] [--basis cc-pvdz] [--fit-min-nbf 150] [--budget-minutes M]
 *        [--png node_modules/.cache/roothaan-bench/scaling.png] [--json out.json] [--no-build]
 * PySCF: ROOTHAAN_PYSCF=/path/to/pyscf, as for npm run bench (skipped with a message when absent).
 * Alternating: at each size every program and mode runs once, then again for --reps > 1 (best kept).
 * Sizes go up in order, so a quick look is `--max-nbf 300`. --budget-minutes bounds the whole
 * sweep: no run starts after it, and a run's timeout is cut to what is left (reported as cut by
 * the budget, not as timed out).
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import { alkane } from './alkane';
import { fitExponent, type PowerLawFit } from './fit-exponent';
import { renderPng } from './plot-png';
import { CACHE, buildLibrary, findPySCF, havePsi4, runPsi4, runPySCF, runRoothaan, type AtomRow, type BenchMolecule, type Mode, type Program, type ProgramRun } from './programs';
import { basis as basisLib, geometry } from '../src';

const ANGSTROM_TO_BOHR = 1 / 0.52917721067; // Psi4 1.3.2's factor (CODATA 2014)

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string): boolean => process.argv.includes(name);
const list = (name: string, fallback: string): string[] => (arg(name) ?? fallback).split(',').map((x) => x.trim()).filter(Boolean);

const f = (x: number, d = 2): string => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const mb = (kb: number): string => (Number.isFinite(kb) ? `${(kb / 1024).toFixed(0)}M` : 'n/a');

interface Size {
  carbons: number;
  molecule: BenchMolecule;
  nbf: number;
}

interface Cell {
  program: Program;
  mode: Mode;
  nbf: number;
  carbons: number;
  /** Best of the runs, or why there is none. */
  run?: ProgramRun;
  status: 'ok' | 'timed out' | 'skipped' | 'failed';
  note?: string;
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((t) => t[i]!.length)));
  const line = (cells: string[]): string => cells.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  for (const t of rows) console.log(line(t));
}

async function main(): Promise<void> {
  const basisName = arg('--basis') ?? 'cc-pvdz';
  const carbons = list('--carbons', '2,4,6,8,12,16,24,32,42').map(Number);
  const maxNbf = Number(arg('--max-nbf') ?? Infinity);
  const minNbf = Number(arg('--min-nbf') ?? 0);
  const modes = list('--modes', 'exact,df') as Mode[];
  const timeoutS = Number(arg('--timeout') ?? 600);
  const threads = Number(arg('--threads') ?? 2);
  const reps = Number(arg('--reps') ?? 1);
  const memoryMb = Number(arg('--memory-mb') ?? 8000);
  const fitMinNbf = Number(arg('--fit-min-nbf') ?? 150);
  const png = path.resolve(arg('--png') ?? path.join(CACHE, 'scaling.png'));
  const wanted = list('--programs', 'roothaan,psi4,pyscf') as Program[];
  const budgetMinutes = arg('--budget-minutes');
  const endAt = budgetMinutes !== undefined ? Date.now() + Number(budgetMinutes) * 60_000 : Infinity;
  const pyscf = wanted.includes('pyscf') ? findPySCF() : { reason: 'not asked for (--programs)' };
  const programs = wanted.filter((p) => (p === 'psi4' ? havePsi4() : p === 'pyscf' ? pyscf.path !== undefined : true));
  if (wanted.includes('pyscf') && !pyscf.path) process.stderr.write(`PySCF skipped: ${pyscf.reason}\n`);
  if (wanted.includes('psi4') && !programs.includes('psi4')) process.stderr.write('Psi4 skipped: no psi4 on the PATH\n');

  const sizes: Size[] = carbons
    .map((n) => {
      const atoms = alkane(n).map(([s, x, y, z]) => [s, x * ANGSTROM_TO_BOHR, y * ANGSTROM_TO_BOHR, z * ANGSTROM_TO_BOHR] as AtomRow);
      const molecule: BenchMolecule = { name: `C${n}H${2 * n + 2}`, atoms, charge: 0, basis: basisName };
      const nbf = basisLib.load(basisName, geometry.fromAtoms(atoms, { units: 'bohr' })).nbf;
      return { carbons: n, molecule, nbf };
    })
    .filter((s) => s.nbf <= maxNbf && s.nbf >= minNbf)
    .sort((a, b) => a.nbf - b.nbf);
  if (!flag('--no-build')) buildLibrary();
  const startLoad = loadavg();
  process.stderr.write(
    `scaling: ${sizes.map((s) => `${s.molecule.name} (${s.nbf})`).join(', ')}; ${modes.join('+')}; ${programs.join(', ')}; ${threads} threads; timeout ${timeoutS} s; memory ${memoryMb} MB; load ${startLoad.map((x) => x.toFixed(2)).join(' ')}\n`,
  );

  const cells: Cell[] = [];
  /** A program and mode that timed out (or failed) is not run at larger sizes. */
  const stopped = new Map<string, string>();
  const dfSet = new Map<number, string>();
  for (const size of sizes) {
    for (const mode of modes) {
      for (const program of programs) {
        const key = `${program}-${mode}`;
        const cell: Cell = { program, mode, nbf: size.nbf, carbons: size.carbons, status: 'ok' };
        cells.push(cell);
        if (stopped.has(key)) {
          cell.status = 'skipped';
          cell.note = stopped.get(key)!;
          continue;
        }
        const dfBasisScf = dfSet.get(size.nbf);
        if (mode === 'df' && program !== 'roothaan' && dfBasisScf === undefined) {
          cell.status = 'skipped';
          cell.note = 'no JKFIT set: roothaan DF did not run at this size';
          continue;
        }
        for (let r = 0; r < reps; r++) {
          const leftS = Math.floor((endAt - Date.now()) / 1000);
          if (leftS < 10) {
            cell.status = 'skipped';
            cell.note = `the sweep's time budget (${budgetMinutes} min) was spent`;
            break;
          }
          const runTimeoutS = Math.min(timeoutS, leftS);
          const options = { threads, timeoutS: runTimeoutS, memoryMb, ...(dfBasisScf !== undefined ? { dfBasisScf } : {}) };
          let run: ProgramRun;
          try {
            run = program === 'roothaan' ? runRoothaan(size.molecule, mode, options) : program === 'psi4' ? runPsi4(size.molecule, mode, options) : runPySCF(size.molecule, mode, { ...options, pyscfPath: pyscf.path! });
          } catch (e) {
            cell.status = 'failed';
            cell.note = String((e as Error).message).split('\n').slice(0, 3).join(' ');
            stopped.set(key, `failed at ${size.nbf} bf`);
            break;
          }
          process.stderr.write(`  ${size.molecule.name} ${size.nbf} bf ${program} ${mode}: ${run.timedOut ? `timed out (${runTimeoutS} s)` : `${f(run.wall)} s, ${f(run.cpu)} s CPU, ${mb(run.rssKb)}, E ${run.energy.toFixed(10)}, ${run.detail}`}\n`);
          if (run.timedOut && runTimeoutS < timeoutS) {
            cell.status = 'skipped';
            cell.note = `cut after ${runTimeoutS} s by the sweep's time budget`;
            break;
          }
          if (run.timedOut) {
            cell.status = 'timed out';
            cell.note = `> ${timeoutS} s`;
            stopped.set(key, `timed out at ${size.nbf} bf`);
            break;
          }
          if (cell.run === undefined || run.wall < cell.run.wall) cell.run = run;
          if (program === 'roothaan' && mode === 'df' && run.dfBasisScf) dfSet.set(size.nbf, run.dfBasisScf);
        }
      }
    }
  }
  const endLoad = loadavg();

  const series = programs.flatMap((program) => modes.map((mode) => ({ program, mode, key: `${program} ${mode === 'df' ? 'DF' : 'exact'}` })));
  const cellOf = (program: Program, mode: Mode, nbf: number): Cell | undefined => cells.find((c) => c.program === program && c.mode === mode && c.nbf === nbf);
  const fits = new Map<string, PowerLawFit | undefined>();
  const cpuFits = new Map<string, PowerLawFit | undefined>();
  for (const s of series) {
    const runs = sizes.map((z) => ({ nbf: z.nbf, run: cellOf(s.program, s.mode, z.nbf)?.run }));
    fits.set(s.key, fitExponent(runs.map((x) => ({ nbf: x.nbf, cost: x.run?.wall ?? NaN })), fitMinNbf));
    cpuFits.set(s.key, fitExponent(runs.map((x) => ({ nbf: x.nbf, cost: x.run?.cpu ?? NaN })), fitMinNbf));
  }

  console.log(`\nScaling on CnH2n+2/${basisName}: whole-process wall time (s), best of ${reps}; ${threads} threads each; memory budget ${memoryMb} MB each; timeout ${timeoutS} s per run.`);
  console.log(`Shared machine: load average ${startLoad.map((x) => x.toFixed(2)).join(' ')} at start, ${endLoad.map((x) => x.toFixed(2)).join(' ')} at end.`);
  // A timed-out run shows its limit in the time tables, "timed out" elsewhere.
  const show = (c: Cell | undefined, value: (r: ProgramRun) => string, timedOut = 'timed out'): string =>
    c === undefined ? 'n/a' : c.run ? value(c.run) : c.status === 'timed out' ? timedOut : c.status === 'skipped' ? '-' : 'failed';
  console.log('\nwall s');
  printTable(['molecule', 'nbf', ...series.map((s) => s.key)], sizes.map((z) => [z.molecule.name, String(z.nbf), ...series.map((s) => show(cellOf(s.program, s.mode, z.nbf), (r) => f(r.wall), `>${timeoutS}`))]));
  console.log('\nCPU s (user + sys, all threads)');
  printTable(['molecule', 'nbf', ...series.map((s) => s.key)], sizes.map((z) => [z.molecule.name, String(z.nbf), ...series.map((s) => show(cellOf(s.program, s.mode, z.nbf), (r) => f(r.cpu), 'timed out'))]));
  console.log('\npeak RSS');
  printTable(['molecule', 'nbf', ...series.map((s) => s.key)], sizes.map((z) => [z.molecule.name, String(z.nbf), ...series.map((s) => show(cellOf(s.program, s.mode, z.nbf), (r) => mb(r.rssKb)))]));
  console.log('\nroothaan: what ran, iterations');
  printTable(
    ['molecule', 'nbf', ...modes.map((m) => `roothaan ${m}`)],
    sizes.map((z) => [z.molecule.name, String(z.nbf), ...modes.map((m) => show(cellOf('roothaan', m, z.nbf), (r) => `${r.detail}, ${r.iterations} it`))]),
  );
  console.log('\nenergies: roothaan (Eh) and |other − roothaan| (Eh), ! above 1e-8 Eh');
  const others = programs.filter((p) => p !== 'roothaan');
  printTable(
    ['molecule', 'nbf', 'mode', 'roothaan E', ...others],
    sizes.flatMap((z) =>
      modes.map((m) => {
        const e = cellOf('roothaan', m, z.nbf)?.run?.energy ?? NaN;
        return [
          z.molecule.name,
          String(z.nbf),
          m,
          f(e, 10),
          ...others.map((p) => {
            const d = (cellOf(p, m, z.nbf)?.run?.energy ?? NaN) - e;
            return Number.isFinite(d) ? `${Math.abs(d).toExponential(1)}${Math.abs(d) > 1e-8 ? '!' : ''}` : 'n/a';
          }),
        ];
      }),
    ),
  );
  console.log(`\nfitted exponent k of cost ≈ A·nbf^k (log-log least squares over the sizes ≥ ${fitMinNbf} bf that finished), from wall time and from CPU time (less sensitive to a loaded machine)`);
  printTable(
    ['series', 'k (wall)', 'r²', 'k (CPU)', 'r²', 'points', 'nbf range'],
    series.map((s) => {
      const fit = fits.get(s.key);
      const cpu = cpuFits.get(s.key);
      return [s.key, fit ? f(fit.exponent) : 'n/a', fit ? f(fit.r2, 3) : 'n/a', cpu ? f(cpu.exponent) : 'n/a', cpu ? f(cpu.r2, 3) : 'n/a', fit ? String(fit.points) : '0', fit ? `${fit.minNbf}–${fit.maxNbf}` : 'n/a'];
    }),
  );
  const notRun = cells.filter((c) => c.status !== 'ok');
  if (notRun.length > 0) {
    console.log('\nnot finished:');
    for (const c of notRun) console.log(`  ${c.program} ${c.mode} at ${c.nbf} bf (C${c.carbons}): ${c.status}${c.note ? ` (${c.note})` : ''}`);
  }

  // The figure: time and peak memory against nbf, log-log, one colour per program, dashed for DF.
  const colour: Record<Program, string> = { roothaan: '#1f77b4', psi4: '#2ca02c', pyscf: '#d62728' };
  const traces = series.flatMap((s) => {
    const done = sizes.map((z) => cellOf(s.program, s.mode, z.nbf)?.run).filter((r): r is ProgramRun => r !== undefined);
    if (done.length === 0) return [];
    const fit = fits.get(s.key);
    const name = `${s.key}${fit ? ` (k = ${fit.exponent.toFixed(2)})` : ''}`;
    const line = { color: colour[s.program], dash: s.mode === 'df' ? 'dash' : 'solid' };
    return [
      { x: done.map((r) => r.nbf), y: done.map((r) => r.wall), name, mode: 'lines+markers', line, legendgroup: s.key, xaxis: 'x', yaxis: 'y' },
      { x: done.map((r) => r.nbf), y: done.map((r) => r.rssKb / 1024), name, mode: 'lines+markers', line, legendgroup: s.key, showlegend: false, xaxis: 'x2', yaxis: 'y2' },
    ];
  });
  const title = `RHF on CnH2n+2/${basisName}: whole-process time and peak memory (${threads} threads, shared machine, load ${startLoad[0]!.toFixed(1)}–${endLoad[0]!.toFixed(1)})`;
  await renderPng(
    {
      data: traces,
      layout: {
        title: { text: title, font: { size: 14 } },
        xaxis: { type: 'log', title: { text: 'basis functions' }, domain: [0, 0.45] },
        yaxis: { type: 'log', title: { text: 'wall time (s)' } },
        xaxis2: { type: 'log', title: { text: 'basis functions' }, domain: [0.55, 1], anchor: 'y2' },
        yaxis2: { type: 'log', title: { text: 'peak RSS (MB)' }, anchor: 'x2' },
        legend: { orientation: 'h', y: -0.2 },
        margin: { t: 60, b: 120 },
      },
    },
    png,
    1100,
    560,
  );
  console.log(`\nplot: ${png}`);
  const out = arg('--json');
  if (out) writeFileSync(out, JSON.stringify({ basis: basisName, threads, memoryMb, timeoutS, reps, load: { start: startLoad, end: endLoad }, cells, fits: Object.fromEntries(fits), cpuFits: Object.fromEntries(cpuFits) }, null, 2));
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
