import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as scf from '../../../src/scf';
import { fromAtoms } from '../../../src/geometry';
import { parametersFromKeywords } from '../../../src/io/qcschema';

/*
 * The Psi4 keywords of the #14 methods, as a QCSchema AtomicInput carries them (QCEngine passes
 * keywords to psi4.set_options): mom_start/mom_occ/mom_vir, frac_start/frac_occ/frac_val,
 * docc/socc and scf_initial_accelerator. The MOM and FRAC cases run with exactly the options
 * Psi4 1.3.2 ran with (test/reference/methods-cases.json, `psi4_options`) and must give Psi4's
 * energy to 1e-8 Eh; ROHF O₂ with docc [7] and socc [2] gives Psi4's ROHF energy.
 */

interface MethodsCase {
  name: string; basis: string; reference: 'rhf' | 'uhf' | 'rohf'; charge: number; multiplicity: number; puream: boolean;
  atoms_bohr: [string, number, number, number][]; energy: number; psi4_options: Record<string, unknown>;
}
const cases = JSON.parse(fs.readFileSync(path.join(__dirname, '../../reference/methods-cases.json'), 'utf8')) as MethodsCase[];
const byName = (name: string): MethodsCase => cases.find((c) => c.name === name)!;

function energyWith(c: MethodsCase, keywords: Record<string, unknown>): number {
  const molecule = fromAtoms(c.atoms_bohr, { units: 'bohr', charge: c.charge, multiplicity: c.multiplicity });
  const parameters = { ...parametersFromKeywords(keywords), basis_set: c.basis, puream: c.puream };
  const { result } = scf.runCalculation(molecule, parameters);
  assert.ok(result.converged, `${c.name} converged`);
  return result.energy;
}

const withoutBasis = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'basis'));

for (const name of ['h2o_mom_uhf_a5to6_631gs', 'h2o_mom_rhf_d5to6_631gs', 'h2o_frac_a5_0.5_631gs', 'h2o_frac_a6_0.5_631gs']) {
  test(`${name}: Psi4's own options as keywords give Psi4's energy`, () => {
    const c = byName(name);
    const e = energyWith(c, withoutBasis(c.psi4_options));
    assert.ok(Math.abs(e - c.energy) < 1e-8, `${e} vs Psi4 ${c.energy} (Δ ${(e - c.energy).toExponential(2)})`);
  });
}

test('MOM and FRAC keywords become one parameter each; a start of 0 is off', () => {
  assert.equal(parametersFromKeywords({ MOM_START: 20, mom_occ: [5], mom_vir: [6] }).mom, { start: 20, occ: [5], vir: [6], type: 'imom' });
  assert.equal(parametersFromKeywords({ frac_start: 5, frac_occ: [-4], frac_val: [0.25] }).frac, { start: 5, occ: [-4], val: [0.25] });
  assert.equal(parametersFromKeywords({ mom_start: 0 }), {});
});

test("docc and socc (C1) hold the lowest docc + socc alpha and docc beta orbitals: UHF O₂ gives Psi4's energy", () => {
  assert.equal(parametersFromKeywords({ docc: [7], socc: [2] }).occupations, { alpha: [0, 1, 2, 3, 4, 5, 6, 7, 8], beta: [0, 1, 2, 3, 4, 5, 6] });
  const c = byName('o2_rohf_631g'); // the same system's UHF energy (Psi4 1.3.2) is recorded with it
  const uhf = (c as unknown as { uhf_energy_same_system: number }).uhf_energy_same_system;
  const e = energyWith(c, { reference: 'uhf', docc: [7], socc: [2] });
  // The recorded UHF energy has 12 decimals: 1e-8 Eh still applies.
  assert.ok(Math.abs(e - uhf) < 1e-8, `${e} vs Psi4 ${uhf}`);
});

test("scf_initial_accelerator takes Psi4's spelling", () => {
  assert.equal(parametersFromKeywords({ SCF_INITIAL_ACCELERATOR: 'ADIIS', scf_initial_start_diis_transition: 0.2, scf_initial_finish_diis_transition: 1e-5 }),
    { scf_initial_accelerator: 'adiis', scf_initial_start_diis_transition: 0.2, scf_initial_finish_diis_transition: 1e-5 });
});

test('incomplete or non-C1 method keywords are refused, naming the keyword', () => {
  const refuses = (keywords: Record<string, unknown>, field: string, words: string): void => {
    try {
      parametersFromKeywords(keywords);
    } catch (e) {
      assert.instance(e, Error);
      assert.match((e as Error).message, field);
      assert.match((e as Error).message, words);
      return;
    }
    assert.unreachable(`accepted ${JSON.stringify(keywords)}`);
  };
  refuses({ mom_occ: [5], mom_vir: [6] }, 'keywords.mom_occ', 'needs mom_start');
  refuses({ mom_start: 20, mom_occ: [5] }, 'keywords.mom_start', 'needs mom_vir');
  refuses({ frac_start: 20, frac_occ: [5] }, 'keywords.frac_start', 'needs frac_val');
  refuses({ docc: [3, 0, 1, 1] }, 'keywords.docc', 'C1');
  refuses({ socc: [-1] }, 'keywords.socc', 'non-negative');
  refuses({ mom_start: 20, mom_occ: [0], mom_vir: [6] }, 'keywords.mom_start', 'occ');
  refuses({ reference: 'rohf', docc: [7], socc: [2] }, 'keywords.docc', 'multiplicity');
});

test.run();
