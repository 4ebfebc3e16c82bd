/**
 * Iterations to convergence, DIIS against DIIS + SOSCF (issue #14, the second-order solver; a
 * dev tool, not a test).
 *
 * For small public cases (test/reference/public-cases.json) and the hard ones (stretched N2 and
 * H2 of methods-cases.json, a stretched water and a stretched OH radical of our own), from the
 * core and the SAD guesses, it runs the SCF (one thread, default thresholds |ΔE| < 1e-10 Eh,
 * RMS ΔD < 1e-8) with DIIS alone and with `soscf: true` (Psi4's defaults: start at RMS gradient
 * 1e-2, 1–5 micro-iterations, relative residual 5e-3) and prints macro-iterations, SOSCF
 * micro-iterations, J/K builds (one per macro-iteration plus one per micro-iteration), the wall
 * time of the iterations (setup excluded, the median of `--reps` runs) and the energy against
 * Psi4's (or, without a reference, against the DIIS run from the same guess).
 *
 * Usage: npx tsx bench/soscf.ts [--reps N (default 3)] [--cases name,name,...]
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as scf from '../src/scf';
import { fromAtoms, type Molecule } from '../src/geometry';

interface Case {
  name: string; basis: string; reference: 'rhf' | 'uhf'; charge: number; multiplicity: number; puream: boolean;
  atoms_bohr: [string, number, number, number][]; energy?: number;
}

const REF = path.resolve(__dirname, '../test/reference');
const load = (file: string): Case[] => JSON.parse(readFileSync(path.join(REF, file), 'utf8')) as Case[];
const publicCases = load('public-cases.json');
const methodsCases = load('methods-cases.json');
const ANGSTROM = 1 / 0.52917721067;

/** Our own hard cases (no Psi4 reference): O–H stretched to 2.0 Å. */
const OWN: Case[] = [
  {
    name: 'h2o_oh2.0A_631g (own)', basis: '6-31g', reference: 'rhf', charge: 0, multiplicity: 1, puream: false,
    atoms_bohr: [['O', 0, 0, 0], ['H', 0, 0, 2.0 * ANGSTROM], ['H', 0, 0.96 * ANGSTROM * Math.sin((104.5 * Math.PI) / 180), 0.96 * ANGSTROM * Math.cos((104.5 * Math.PI) / 180)]],
  },
  { name: 'oh_2.0A_uhf_631gs (own)', basis: '6-31g*', reference: 'uhf', charge: 0, multiplicity: 2, puream: false, atoms_bohr: [['O', 0, 0, 0], ['H', 0, 0, 2.0 * ANGSTROM]] },
];

const PUBLIC = ['h2o_sto3g', 'h2o_ccpvdz', 'h2o_631gs', 'ch4_sto3g', 'nh4_631gs', 'ohm_631pgs', 'h2s_321g', 'ethanol_631gs', 'oh_uhf_631gs', 'ch2_uhf_ccpvdz', 'o2_uhf_631g'];
const HARD = ['n2_2.0A_stab_rhf_631gs', 'n2_2.0A_stab_uhf_631gs', 'h2_2.5A_stab_uhf_631gss'];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const reps = Number(arg('reps') ?? 3);
const only = arg('cases')?.split(',');

const cases: { c: Case; hard: boolean }[] = [
  ...PUBLIC.map((n) => ({ c: publicCases.find((c) => c.name === n)!, hard: false })),
  ...HARD.map((n) => ({ c: methodsCases.find((c) => c.name === n)!, hard: true })),
  ...OWN.map((c) => ({ c, hard: true })),
].filter(({ c }) => only === undefined || only.includes(c.name));

interface Run { converged: boolean; iterations: number; micro: number; jk: number; ms: number; energy: number }

function runOnce(molecule: Molecule, c: Case, guess: 'core' | 'sad', soscf: boolean): Run {
  const prepared = scf.prepareCalculation(molecule, scf.parseScfParameters({ basis_set: c.basis, puream: c.puream, reference: c.reference, guess, soscf }), { threads: 1 });
  try {
    const times: number[] = [];
    let result: scf.ScfResult | undefined;
    for (let k = 0; k < reps; k++) {
      const t0 = performance.now();
      result = scf.run(prepared);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const r = result!;
    const micro = r.history.reduce((a, h) => a + (h.soscf?.microIterations ?? 0), 0);
    return { converged: r.converged, iterations: r.iterations, micro, jk: r.iterations + micro, ms: times[Math.floor(times.length / 2)]!, energy: r.energy };
  } finally {
    prepared.dispose();
  }
}

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
const header = `${pad('case', 30)} ${pad('guess', 5)} | ${lpad('DIIS it', 7)} ${lpad('ms', 7)} ${lpad('E−ref', 9)} | ${lpad('SOSCF it', 8)} ${lpad('micro', 5)} ${lpad('J/K', 4)} ${lpad('ms', 7)} ${lpad('E−ref', 9)} ${lpad('E−E(DIIS)', 9)}`;
console.log(`DIIS vs DIIS + SOSCF (Psi4 defaults), ${reps} rep(s), 1 thread; E−ref in Eh against Psi4 ('—' none; * = not converged)`);
console.log(header);
console.log('-'.repeat(header.length));
let lastHard = false;
for (const { c, hard } of cases) {
  if (hard && !lastHard) console.log(`${'-'.repeat(30)} hard cases`);
  lastHard = hard;
  const molecule = fromAtoms(c.atoms_bohr, { units: 'bohr', charge: c.charge, multiplicity: c.multiplicity });
  for (const guess of ['core', 'sad'] as const) {
    const d = runOnce(molecule, c, guess, false);
    const s = runOnce(molecule, c, guess, true);
    const vsRef = (r: Run): string => (c.energy === undefined ? '—' : (r.energy - c.energy).toExponential(1));
    const it = (r: Run): string => `${r.iterations}${r.converged ? '' : '*'}`;
    console.log(
      `${pad(c.name, 30)} ${pad(guess, 5)} | ${lpad(it(d), 7)} ${lpad(d.ms.toFixed(0), 7)} ${lpad(vsRef(d), 9)} | ` +
        `${lpad(it(s), 8)} ${lpad(String(s.micro), 5)} ${lpad(String(s.jk), 4)} ${lpad(s.ms.toFixed(0), 7)} ${lpad(vsRef(s), 9)} ${lpad((s.energy - d.energy).toExponential(1), 9)}`,
    );
  }
}
