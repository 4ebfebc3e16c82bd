/**
 * Where the ERI time goes, by angular-momentum class (a dev tool, not a test): for each case it
 * computes every unique shell quartet (PQ|RS) that passes Schwarz screening, grouped by class
 * ((ab|cd) with the higher-L side first, as the engine orders them), and reports per class the
 * quartets, the primitive quartets, the CPU time of this thread (process.cpuUsage, so a busy
 * machine inflates it less than wall time) and the time per primitive quartet. One thread; best
 * of `--reps` passes per class.
 *
 * Only the integral evaluation is timed (VRR, contraction, HRR, spherical transformation), not
 * the packed-store scatter or the J/K contraction.
 *
 * Usage: npx tsx bench/eri-classes.ts [--cases benzene_ccpvdz,benzene_631gs] [--reps 3] [--top 25]
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { load } from '../src/basis/load';
import { fromAtoms } from '../src/geometry';
import { createEriEngine, eriShellQuartetUnchecked } from '../src/integrals/eri-engine';
import { DEFAULT_SCREENING_THRESHOLD, schwarzFactors } from '../src/integrals/schwarz';

const REFERENCE_DIR = path.resolve(__dirname, '../test/reference');
const LETTERS = 'spdfg';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

interface PublicCase {
  name: string;
  basis: string;
  charge: number;
  atoms_bohr: Array<[string, number, number, number]>;
}

interface ClassRow {
  label: string;
  quartets: number;
  primitiveQuartets: number;
  cpuMs: number;
}

function cpuMs(f: () => void): number {
  const t = process.cpuUsage();
  f();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
}

function classRows(c: PublicCase, reps: number): ClassRow[] {
  const basis = load(c.basis, fromAtoms(c.atoms_bohr, { units: 'bohr', charge: c.charge }));
  const engine = createEriEngine(basis);
  const q = schwarzFactors(engine);
  const ns = basis.nshell;
  const L = basis.shellL;
  const nprim = basis.shellNprim;
  const groups = new Map<string, { list: number[]; primitiveQuartets: number }>();
  for (let P = 0; P < ns; P++)
    for (let Q = 0; Q <= P; Q++)
      for (let R = 0; R <= P; R++) {
        const Smax = R === P ? Q : R;
        for (let S = 0; S <= Smax; S++) {
          if (q[P * ns + Q]! * q[R * ns + S]! < DEFAULT_SCREENING_THRESHOLD) continue;
          const bra = [Math.max(L[P]!, L[Q]!), Math.min(L[P]!, L[Q]!)];
          const ket = [Math.max(L[R]!, L[S]!), Math.min(L[R]!, L[S]!)];
          const [x, y] = bra[0]! + bra[1]! >= ket[0]! + ket[1]! ? [bra, ket] : [ket, bra];
          const label = `(${LETTERS[x[0]!]}${LETTERS[x[1]!]}|${LETTERS[y[0]!]}${LETTERS[y[1]!]})`;
          let g = groups.get(label);
          if (!g) groups.set(label, (g = { list: [], primitiveQuartets: 0 }));
          g.list.push(P, Q, R, S);
          g.primitiveQuartets += nprim[P]! * nprim[Q]! * nprim[R]! * nprim[S]!;
        }
      }
  const out = new Float64Array(engine.maxQuartetSize);
  const rows: ClassRow[] = [];
  for (const [label, g] of groups) {
    const l = g.list;
    let best = Infinity;
    for (let r = 0; r < reps; r++) {
      best = Math.min(best, cpuMs(() => {
        for (let i = 0; i < l.length; i += 4) eriShellQuartetUnchecked(engine, l[i]!, l[i + 1]!, l[i + 2]!, l[i + 3]!, out);
      }));
    }
    rows.push({ label, quartets: l.length / 4, primitiveQuartets: g.primitiveQuartets, cpuMs: best });
  }
  return rows.sort((a, b) => b.cpuMs - a.cpuMs);
}

function main(): void {
  const names = (arg('--cases') ?? 'benzene_ccpvdz').split(',');
  const reps = Number(arg('--reps') ?? 3);
  const top = Number(arg('--top') ?? 25);
  const cases = JSON.parse(readFileSync(path.join(REFERENCE_DIR, 'public-cases.json'), 'utf8')) as PublicCase[];
  for (const name of names) {
    const c = cases.find((x) => x.name === name);
    if (!c) throw new Error(`no case ${name} in test/reference/public-cases.json`);
    const rows = classRows(c, reps);
    const total = rows.reduce((a, r) => a + r.cpuMs, 0);
    const withD = rows.filter((r) => /[dfg]/.test(r.label)).reduce((a, r) => a + r.cpuMs, 0);
    console.log(`${name}: ERI evaluation ${total.toFixed(0)} ms CPU on one thread (best of ${reps} per class); classes with d or higher ${withD.toFixed(0)} ms`);
    console.log('class       quartets  prim. quartets   CPU ms  ns/prim. quartet  share');
    for (const r of rows.slice(0, top)) {
      console.log(
        `${r.label.padEnd(10)} ${String(r.quartets).padStart(9)} ${String(r.primitiveQuartets).padStart(15)} ${r.cpuMs.toFixed(1).padStart(8)} ${((1e6 * r.cpuMs) / r.primitiveQuartets).toFixed(1).padStart(17)} ${((100 * r.cpuMs) / total).toFixed(1).padStart(5)} %`,
      );
    }
  }
}

main();
