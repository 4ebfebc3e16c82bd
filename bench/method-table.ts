/**
 * The shared part of the side-by-side SCF benchmarks (bench/accelerators.ts, bench/methods.ts; dev
 * tools, not tests): the cases and one table of iterations to convergence, a column per
 * guess × method.
 *
 * Cases: the small public cases of test/reference/public-cases.json (final energies checked
 * against Psi4's to 1e-8 Eh: a mark `*` flags a converged run that landed elsewhere) and hard
 * cases where CDIIS from the core guess fails or lands in a higher solution (without a Psi4
 * reference, `*` flags a converged energy more than 1e-8 Eh above the lowest any method reached:
 * another SCF solution). The Cd complex of issue #14 is first: [Cd(imidazole)]²⁺ of Psi4's test
 * tests/aediis-1 (Hu & Yang 2010), with the Psi4 1.3.2 energy of test/scf/hard-cases.json.
 *
 * Cells: iterations to convergence, `NC` when not converged within the cap, `—` when the method
 * does not apply to the case (stability following needs UHF).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as scf from '../src/scf';
import { parse } from '../src/geometry';

const REFERENCE_DIR = path.resolve(__dirname, '../test/reference');
const HARD_CASES_FILE = path.resolve(__dirname, '../test/scf/hard-cases.json');

export interface BenchCase {
  readonly name: string;
  readonly xyz: string;
  readonly parameters: scf.ScfParameters;
  /** Psi4's energy (hartree), when known. */
  readonly reference?: number;
}

/** One column of the table: a label and the scf.run options that make the method. */
export interface BenchMethod {
  readonly label: string;
  readonly options: scf.ScfOptions;
  /** Whether the method applies to a case (default: always). */
  readonly applies?: (c: BenchCase) => boolean;
}

/** The value after `--name` on the command line. */
export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const angle = (104.5 * Math.PI) / 360;
/** Water with both O–H bonds at r Å, H–O–H 104.5°. */
export const water = (r: number): string =>
  `3\nwater, O-H ${r} A\nO 0 0 0\nH 0 ${(r * Math.sin(angle)).toFixed(6)} ${(r * Math.cos(angle)).toFixed(6)}\nH 0 ${(-r * Math.sin(angle)).toFixed(6)} ${(r * Math.cos(angle)).toFixed(6)}\n`;
/** A diatomic along z at r Å. */
export const diatomic = (a: string, b: string, r: number): string => `2\n${a}${b} ${r} A\n${a} 0 0 0\n${b} 0 0 ${r}\n`;

interface HardCase { name: string; basis: string; charge: number; multiplicity: number; atoms_angstrom: [string, number, number, number][]; energy: number }

/** The hard cases with a Psi4 1.3.2 energy (test/scf/hard-cases.json): the Cd complex of issue #14. */
function referencedHardCases(): BenchCase[] {
  const { cases } = JSON.parse(readFileSync(HARD_CASES_FILE, 'utf8')) as { cases: HardCase[] };
  return cases.map((c) => ({
    name: c.name,
    xyz: `${c.atoms_angstrom.length}\n${c.name}\n${c.atoms_angstrom.map((a) => a.join(' ')).join('\n')}\n`,
    parameters: { basis_set: c.basis, charge: c.charge, multiplicity: c.multiplicity },
    reference: c.energy,
  }));
}

/** Hard cases: the Cd complex of issue #14, then our own (no reference) where CDIIS from the core guess fails or lands higher. */
export const HARD_CASES: BenchCase[] = [
  ...referencedHardCases(),
  { name: 'h2o_4.0A_631g', xyz: water(4.0), parameters: { basis_set: '6-31G' } },
  { name: 'h2o_5.0A_631g', xyz: water(5.0), parameters: { basis_set: '6-31G' } },
  { name: 'h2o_4.0A_sto3g', xyz: water(4.0), parameters: { basis_set: 'STO-3G' } },
  { name: 'nio_uhf_321g', xyz: diatomic('Ni', 'O', 1.63), parameters: { basis_set: '3-21G', multiplicity: 3 } },
  { name: 'feo_uhf_321g', xyz: diatomic('Fe', 'O', 1.62), parameters: { basis_set: '3-21G', multiplicity: 5 } },
  { name: 'feco_uhf_sto3g', xyz: '3\nFeCO\nFe 0 0 0\nC 0 0 1.8\nO 0 0 2.95\n', parameters: { basis_set: 'STO-3G', multiplicity: 3 } },
  { name: 'cr2_sto3g', xyz: diatomic('Cr', 'Cr', 1.68), parameters: { basis_set: 'STO-3G' } },
];

interface ReferenceCase { name: string; basis: string; reference: string; charge: number; multiplicity: number; energy: number; nbf: number; puream: boolean; xyz_file: string }

function fromReference(c: ReferenceCase): BenchCase {
  return {
    name: c.name,
    xyz: readFileSync(path.join(REFERENCE_DIR, c.xyz_file), 'utf8'),
    parameters: { basis_set: c.basis, charge: c.charge, multiplicity: c.multiplicity, reference: c.reference as scf.Reference, puream: c.puream },
    reference: c.energy,
  };
}

/** The public cases of public-cases.json with at most 30 basis functions, with Psi4's energies. */
export function publicCases(): BenchCase[] {
  const cases = JSON.parse(readFileSync(path.join(REFERENCE_DIR, 'public-cases.json'), 'utf8')) as ReferenceCase[];
  return cases.filter((c) => c.nbf <= 30).map(fromReference);
}

/** Named cases of methods-cases.json (Psi4's energy of that case's method, e.g. after stability following). */
export function methodsCases(names: readonly string[]): BenchCase[] {
  const cases = JSON.parse(readFileSync(path.join(REFERENCE_DIR, 'methods-cases.json'), 'utf8')) as ReferenceCase[];
  return names.map((n) => {
    const c = cases.find((x) => x.name === n);
    if (c === undefined) throw new Error(`methods-cases.json has no case ${n}`);
    return fromReference(c);
  });
}

/**
 * Runs every method from every guess on every case (one thread) and prints the table, then
 * totals per column: converged runs, their iterations, and the iterations over the cases with a Psi4
 * energy
 * (`+kNC` when k of them did not converge).
 */
export function printMethodTable(cases: readonly BenchCase[], methods: readonly BenchMethod[], guesses: readonly scf.GuessKind[], maxIterations: number): void {
  const columns = guesses.flatMap((g) => methods.map((m) => ({ label: `${g}/${m.label}`, guess: g, method: m })));
  const width = Math.max(13, ...columns.map((c) => c.label.length + 1));
  const pad = (s: string, n: number = width): string => s.padStart(n);
  console.log(`iterations to convergence (cap ${maxIterations}); NC = not converged; * = converged to another energy (see the header); — = does not apply`);
  console.log(['case'.padEnd(24), pad('nbf', 4), ...columns.map((c) => pad(c.label))].join(' '));
  const totals = new Map(columns.map((c) => [c.label, { converged: 0, iterations: 0, publicIterations: 0, publicFailed: 0 }]));
  for (const c of cases) {
    const prepared = scf.prepareCalculation(parse(c.xyz, { format: 'xyz' }), scf.parseScfParameters(c.parameters), { threads: 1 });
    const results = columns.map((col) => ({
      column: col.label,
      result: col.method.applies === undefined || col.method.applies(c)
        ? scf.run(prepared, { ...col.method.options, guess: col.guess, maxIterations })
        : undefined,
    }));
    const converged = results.filter((r) => r.result?.converged === true).map((r) => r.result!.energy);
    const target = c.reference ?? Math.min(...converged);
    const tolerance = 1e-8;
    const cells = results.map(({ column, result }) => {
      if (result === undefined) return '—';
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
    console.log([c.name.padEnd(24), pad(String(prepared.basis.nbf), 4), ...cells.map((x) => pad(x))].join(' '));
    const off = results.filter((r) => r.result?.converged === true && Math.abs(r.result.energy - target) > tolerance);
    if (off.length > 0) {
      console.log(`  ${c.reference !== undefined ? 'Psi4' : 'lowest'} ${target.toFixed(9)}; * ` + off.map((r) => `${r.column} ${r.result!.energy.toFixed(9)}`).join(', '));
    }
    prepared.dispose();
  }
  const row = (label: string, value: (t: { converged: number; iterations: number; publicIterations: number; publicFailed: number }) => string): void =>
    console.log([label.padEnd(24), pad('', 4), ...columns.map((c) => pad(value(totals.get(c.label)!)))].join(' '));
  row('converged', (t) => String(t.converged));
  row('total iterations', (t) => String(t.iterations));
  row('iterations, Psi4 cases', (t) => `${t.publicIterations}${t.publicFailed > 0 ? `+${t.publicFailed}NC` : ''}`);
  console.log(`${cases.length} cases`);
}
