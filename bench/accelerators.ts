/**
 * Iterations to convergence for each SCF accelerator, side by side (issue #14; a dev tool, not
 * a test). Run: `npx tsx bench/accelerators.ts [--max-iterations 100] [--cases name,name] [--hard-only]`.
 *
 * Methods: plain Roothaan iterations (no DIIS), CDIIS (the default), ADIIS+CDIIS and
 * EDIIS+CDIIS (scf_initial_accelerator, Psi4's blend between 1e-1 and 1e-4), and two baselines
 * with CDIIS: damping 0.5 and a 0.5 Eh level shift. Each from the core and the SAD guess.
 *
 * Cases: the small public cases of test/reference/public-cases.json (final energies checked
 * against Psi4's to 1e-8 Eh: a mark `*` flags a converged run that landed elsewhere) and hard
 * cases where CDIIS from the core guess fails or lands in a higher solution (no reference: `*`
 * flags a converged energy more than 1e-8 Eh above the lowest any method reached, another SCF
 * solution). The Cd complex
 * named in the issue is not in the public material this was built from, so it is not here.
 *
 * Cells: iterations to convergence, `NC` when not converged within the cap.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as scf from '../src/scf';
import { parse } from '../src/geometry';

const REFERENCE_DIR = path.resolve(__dirname, '../test/reference');

interface Case {
  readonly name: string;
  readonly xyz: string;
  readonly parameters: scf.ScfParameters;
  /** Psi4's energy (hartree), when known. */
  readonly reference?: number;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const maxIterations = Number(arg('max-iterations') ?? 100);
const only = arg('cases')?.split(',');

const angle = (104.5 * Math.PI) / 360;
const water = (r: number): string =>
  `3\nwater, O-H ${r} A\nO 0 0 0\nH 0 ${(r * Math.sin(angle)).toFixed(6)} ${(r * Math.cos(angle)).toFixed(6)}\nH 0 ${(-r * Math.sin(angle)).toFixed(6)} ${(r * Math.cos(angle)).toFixed(6)}\n`;
const diatomic = (a: string, b: string, r: number): string => `2\n${a}${b} ${r} A\n${a} 0 0 0\n${b} 0 0 ${r}\n`;

const HARD: Case[] = [
  { name: 'h2o_4.0A_631g', xyz: water(4.0), parameters: { basis_set: '6-31G' } },
  { name: 'h2o_5.0A_631g', xyz: water(5.0), parameters: { basis_set: '6-31G' } },
  { name: 'h2o_4.0A_sto3g', xyz: water(4.0), parameters: { basis_set: 'STO-3G' } },
  { name: 'nio_uhf_321g', xyz: diatomic('Ni', 'O', 1.63), parameters: { basis_set: '3-21G', multiplicity: 3 } },
  { name: 'feo_uhf_321g', xyz: diatomic('Fe', 'O', 1.62), parameters: { basis_set: '3-21G', multiplicity: 5 } },
  { name: 'feco_uhf_sto3g', xyz: '3\nFeCO\nFe 0 0 0\nC 0 0 1.8\nO 0 0 2.95\n', parameters: { basis_set: 'STO-3G', multiplicity: 3 } },
  { name: 'cr2_sto3g', xyz: diatomic('Cr', 'Cr', 1.68), parameters: { basis_set: 'STO-3G' } },
];

interface PublicCase { name: string; basis: string; reference: string; charge: number; multiplicity: number; energy: number; nbf: number; puream: boolean; xyz_file: string }

function publicCases(): Case[] {
  const cases = JSON.parse(readFileSync(path.join(REFERENCE_DIR, 'public-cases.json'), 'utf8')) as PublicCase[];
  return cases
    .filter((c) => c.nbf <= 30)
    .map((c) => ({
      name: c.name,
      xyz: readFileSync(path.join(REFERENCE_DIR, c.xyz_file), 'utf8'),
      parameters: { basis_set: c.basis, charge: c.charge, multiplicity: c.multiplicity, reference: c.reference as scf.Reference, puream: c.puream },
      reference: c.energy,
    }));
}

const METHODS: { label: string; options: scf.ScfOptions }[] = [
  { label: 'plain', options: { useDiis: false } },
  { label: 'cdiis', options: {} },
  { label: 'adiis+c', options: { accelerator: 'adiis' } },
  { label: 'ediis+c', options: { accelerator: 'ediis' } },
  { label: 'damp.5', options: { damping: 0.5 } },
  { label: 'shift.5', options: { levelShift: 0.5 } },
];
const GUESSES = ['core', 'sad'] as const;

const cases = [...(process.argv.includes('--hard-only') ? [] : publicCases()), ...HARD].filter((c) => only === undefined || only.includes(c.name));
const columns = GUESSES.flatMap((g) => METHODS.map((m) => `${g}/${m.label}`));
const pad = (s: string, n: number): string => s.padStart(n);
console.log(`iterations to convergence (cap ${maxIterations}); * = converged to another energy (see the header)`);
console.log(['case'.padEnd(18), pad('nbf', 4), ...columns.map((c) => pad(c, 13))].join(' '));
const totals = new Map<string, { converged: number; iterations: number; publicIterations: number; publicFailed: number }>(
  columns.map((c) => [c, { converged: 0, iterations: 0, publicIterations: 0, publicFailed: 0 }]),
);
for (const c of cases) {
  const prepared = scf.prepareCalculation(parse(c.xyz, { format: 'xyz' }), scf.parseScfParameters(c.parameters), { threads: 1 });
  const results: { column: string; result: scf.ScfResult }[] = [];
  for (const guess of GUESSES) {
    for (const m of METHODS) results.push({ column: `${guess}/${m.label}`, result: scf.run(prepared, { ...m.options, guess, maxIterations }) });
  }
  const lowest = Math.min(...results.filter((r) => r.result.converged).map((r) => r.result.energy));
  const target = c.reference ?? lowest;
  const tolerance = 1e-8;
  const cells = results.map(({ column, result }) => {
    const t = totals.get(column)!;
    if (c.reference !== undefined) {
      if (result.converged) t.publicIterations += result.iterations;
      else t.publicFailed++;
    }
    if (!result.converged) return 'NC';
    t.converged++;
    t.iterations += result.iterations;
    return `${result.iterations}${Math.abs(result.energy - target) > tolerance ? '*' : ''}`;
  });
  console.log([c.name.padEnd(18), pad(String(prepared.basis.nbf), 4), ...cells.map((x) => pad(x, 13))].join(' '));
  const off = results.filter((r) => r.result.converged && Math.abs(r.result.energy - target) > tolerance);
  if (off.length > 0) {
    console.log(`  ${c.reference !== undefined ? 'Psi4' : 'lowest'} ${target.toFixed(9)}; * ` + off.map((r) => `${r.column} ${r.result.energy.toFixed(9)}`).join(', '));
  }
  prepared.dispose();
}
console.log(['converged'.padEnd(18), pad('', 4), ...columns.map((c) => pad(String(totals.get(c)!.converged), 13))].join(' '));
console.log(['total iterations'.padEnd(18), pad('', 4), ...columns.map((c) => pad(String(totals.get(c)!.iterations), 13))].join(' '));
const publicTotal = (c: string): string => `${totals.get(c)!.publicIterations}${totals.get(c)!.publicFailed > 0 ? `+${totals.get(c)!.publicFailed}NC` : ''}`;
console.log(['public iterations'.padEnd(18), pad('', 4), ...columns.map((c) => pad(publicTotal(c), 13))].join(' '));
console.log(`${cases.length} cases`);
