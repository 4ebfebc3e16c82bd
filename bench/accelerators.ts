/**
 * Iterations to convergence for each SCF accelerator, side by side (issue #14; a dev tool, not
 * a test). Run: `npx tsx bench/accelerators.ts [--max-iterations 100] [--cases name,name] [--hard-only]`.
 *
 * Methods: plain Roothaan iterations (no DIIS), CDIIS (the default), ADIIS+CDIIS and
 * EDIIS+CDIIS (scf_initial_accelerator, Psi4's blend between 1e-1 and 1e-4), and two baselines
 * with CDIIS: damping 0.5 and a 0.5 Eh level shift. Each from the core and the SAD guess.
 * The cases and the marks are those of bench/method-table.ts (bench/methods.ts adds SOSCF and
 * stability following).
 */
import { HARD_CASES, arg, printMethodTable, publicCases, type BenchMethod } from './method-table';

const METHODS: BenchMethod[] = [
  { label: 'plain', options: { useDiis: false } },
  { label: 'cdiis', options: {} },
  { label: 'adiis+c', options: { accelerator: 'adiis' } },
  { label: 'ediis+c', options: { accelerator: 'ediis' } },
  { label: 'damp.5', options: { damping: 0.5 } },
  { label: 'shift.5', options: { levelShift: 0.5 } },
];

const maxIterations = Number(arg('max-iterations') ?? 100);
const only = arg('cases')?.split(',');
const cases = [...(process.argv.includes('--hard-only') ? [] : publicCases()), ...HARD_CASES].filter((c) => only === undefined || only.includes(c.name));
printMethodTable(cases, METHODS, ['core', 'sad'], maxIterations);
