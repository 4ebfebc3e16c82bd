/**
 * Stability-analysis benchmark and check on the large rhf_stability_check cases (a dev tool,
 * not a test: minutes of CPU): benzene/6-31G*, benzene/cc-pVDZ and caffeine/STO-3G, whose RHF
 * solutions are unstable towards UHF (a triplet instability of the π system). For each it
 * times the SCF and the analysis, and prints the five lowest singlet and triplet eigenvalues
 * with their largest deviation from Psi4 1.3.2's printed (6-decimal) values; rounding allows
 * 5e-7 Eh.
 *
 * Usage: npx tsx bench/stability.ts [--threads N] [--cases benzene_631gs_stab_rhf,...]
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fromAtoms } from '../src/geometry';
import * as scf from '../src/scf';

const REFERENCE_DIR = path.resolve(__dirname, '../test/reference');

interface StabCase {
  name: string; basis: string; puream: boolean; charge: number; multiplicity: number; energy: number; nbf: number;
  atoms_bohr: [string, number, number, number][];
  singlet_rhf_to_rhf_eigenvalues_printed: number[]; triplet_rhf_to_uhf_eigenvalues_printed: number[]; psi4_wall_s: number;
}

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const threads = flag('threads') !== undefined ? Number(flag('threads')) : undefined;
const names = (flag('cases') ?? 'benzene_631gs_stab_rhf,benzene_ccpvdz_stab_rhf,caffeine_sto3g_stab_rhf').split(',');
const cases = JSON.parse(readFileSync(path.join(REFERENCE_DIR, 'methods-cases.json'), 'utf8')) as StabCase[];

for (const name of names) {
  const c = cases.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no case ${name} in methods-cases.json`);
  const molecule = fromAtoms(c.atoms_bohr, { units: 'bohr', charge: c.charge, multiplicity: c.multiplicity });
  const t0 = performance.now();
  const prepared = scf.prepareCalculation(molecule, scf.parseScfParameters({ basis_set: c.basis, puream: c.puream, convergence: { energy: 1e-10, density: 1e-10 } }), threads !== undefined ? { threads } : {});
  try {
    const result = scf.run(prepared);
    const t1 = performance.now();
    const analysis = scf.rhfStability(prepared.problem.jk, result, prepared.problem.nalpha);
    const t2 = performance.now();
    const [singlet, triplet] = analysis.eigenvalues as [scf.StabilityEigenvalues, scf.StabilityEigenvalues];
    const dev = Math.max(
      ...c.singlet_rhf_to_rhf_eigenvalues_printed.map((v, k) => Math.abs(singlet.values[k]! - v)),
      ...c.triplet_rhf_to_uhf_eigenvalues_printed.map((v, k) => Math.abs(triplet.values[k]! - v)),
    );
    console.log(`${name} (nbf ${c.nbf}): E − Psi4 = ${(result.energy - c.energy).toExponential(2)} Eh; setup + SCF ${((t1 - t0) / 1000).toFixed(1)} s, analysis ${((t2 - t1) / 1000).toFixed(1)} s (Psi4 whole run ${c.psi4_wall_s} s)`);
    console.log(`  singlet ${singlet.values.map((v) => v.toFixed(6)).join(' ')}  (Psi4 ${c.singlet_rhf_to_rhf_eigenvalues_printed.join(' ')})`);
    console.log(`  triplet ${triplet.values.map((v) => v.toFixed(6)).join(' ')}  (Psi4 ${c.triplet_rhf_to_uhf_eigenvalues_printed.join(' ')})`);
    console.log(`  worst deviation ${dev.toExponential(2)} Eh ${dev <= 5e-7 + 1e-9 ? '(rounds to Psi4)' : 'EXCEEDS ROUNDING'}; unstable: ${analysis.unstable}`);
  } finally {
    prepared.dispose();
  }
}
