/**
 * Iterations to convergence for every SCF method, side by side (issue #14; a dev tool, not a
 * test). Run: `npm run bench:methods` or
 * `npx tsx bench/methods.ts [--max-iterations 100] [--cases name,name] [--hard-only] [--guesses core,sad]`.
 *
 * Methods (the same as notebooks/04-when-diis-fails.ipynb): plain Roothaan iterations, damping
 * 0.5 and a 0.5 Eh level shift (both without DIIS, so each is seen on its own), CDIIS (the
 * default), ADIIS+CDIIS and EDIIS+CDIIS (scf_initial_accelerator), SOSCF (Newton steps after
 * DIIS, Psi4's defaults), and for UHF cases CDIIS with stability following
 * (stability_analysis 'follow'; its count includes the iterations after each rotation). Each
 * from the core and the SAD guess, one thread, the library's thresholds.
 *
 * Cases: those of bench/method-table.ts (the small public cases with Psi4's energies, our hard
 * cases), plus the notebook's radicals: H₂ at 2.5 Å (methods-cases.json
 * h2_2.5A_stab_uhf_631gss, whose Psi4 energy is the broken-symmetry one reached by following:
 * every run that stays on the restricted solution is marked `*`) and OH at 2.0 Å (UHF/6-31G*,
 * no reference).
 */
import { HARD_CASES, arg, diatomic, methodsCases, printMethodTable, publicCases, type BenchCase, type BenchMethod } from './method-table';
import type { GuessKind } from '../src/scf';

const isUhf = (c: BenchCase): boolean => c.parameters.reference === 'uhf' || (c.parameters.multiplicity ?? 1) > 1;

const METHODS: BenchMethod[] = [
  { label: 'plain', options: { useDiis: false } },
  { label: 'damp.5', options: { useDiis: false, damping: 0.5 } },
  { label: 'shift.5', options: { useDiis: false, levelShift: 0.5 } },
  { label: 'cdiis', options: {} },
  { label: 'adiis+c', options: { accelerator: 'adiis' } },
  { label: 'ediis+c', options: { accelerator: 'ediis' } },
  { label: 'soscf', options: { soscf: true } },
  { label: 'follow', options: { stabilityAnalysis: 'follow' }, applies: isUhf },
];

const RADICALS: BenchCase[] = [
  ...methodsCases(['h2_2.5A_stab_uhf_631gss']),
  { name: 'oh_2.0A_uhf_631gs', xyz: diatomic('O', 'H', 2.0), parameters: { basis_set: '6-31G*', puream: false, reference: 'uhf', multiplicity: 2 } },
];

const maxIterations = Number(arg('max-iterations') ?? 100);
const only = arg('cases')?.split(',');
const guesses = (arg('guesses')?.split(',') ?? ['core', 'sad']) as GuessKind[];
const cases = [...(process.argv.includes('--hard-only') ? [] : publicCases()), ...HARD_CASES, ...RADICALS].filter((c) => only === undefined || only.includes(c.name));
printMethodTable(cases, METHODS, guesses, maxIterations);
