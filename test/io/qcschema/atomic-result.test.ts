import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAtomicInput, toAtomicResult, toFailedOperation, toQcschemaBasis } from '../../../src/io/qcschema';
import { InvalidInputError } from '../../../src/errors';
import { runCalculation, type CalculationResult } from '../../../src/scf';
import { publicCase, referenceMatrices } from '../../scf/reference-data';
import { hasQcelemental, qcelementalParse } from '../../helpers/qcelemental';

// The reference energies are Psi4's converged to 1e-11 Eh; 1e-8 Eh is the project's agreement target.
const ENERGY_TOLERANCE = 1e-8;
// Orthonormality and the electron count are exact up to rounding: 24 functions, |C| ≲ 2, so 1e-10 is many ulps of margin.
const IDENTITY_TOLERANCE = 1e-10;

function atomicInputText(name: string, basis: string, extra: Record<string, unknown> = {}): string {
  const c = publicCase(name);
  return JSON.stringify({
    schema_name: 'qcschema_input', schema_version: 1, driver: 'energy', model: { method: 'hf', basis },
    molecule: { symbols: c.atoms_bohr.map((a) => a[0]), geometry: c.atoms_bohr.flatMap((a) => a.slice(1) as number[]), molecular_charge: c.charge, molecular_multiplicity: c.multiplicity },
    ...extra,
  });
}

const water = parseAtomicInput(atomicInputText('h2o_ccpvdz', 'cc-pVDZ', { protocols: { wavefunction: 'all' }, id: 'w1', extras: { tag: 'x' } }));
const waterCalc: CalculationResult = runCalculation(water.molecule, water.parameters, { threads: 1 });

test('the AtomicResult of water/cc-pVDZ carries the reference energy and the properties', () => {
  const c = publicCase('h2o_ccpvdz');
  const r = toAtomicResult(waterCalc, { input: water, stdout: 'log' });
  assert.is(r.schema_name, 'qcschema_output');
  assert.is(r.schema_version, 1);
  assert.is(r.id, 'w1');
  assert.ok(r.success);
  assert.ok(Math.abs(r.return_result - c.energy) < ENERGY_TOLERANCE, `${r.return_result} vs ${c.energy}`);
  const p = r.properties;
  assert.is(p.return_energy, r.return_result);
  assert.is(p.scf_total_energy, r.return_result);
  assert.ok(Math.abs(p.nuclear_repulsion_energy - c.nuclear_repulsion) < 1e-10);
  // E = E_nuc + E_1 + E_2, term by term.
  assert.ok(Math.abs(p.nuclear_repulsion_energy + p.scf_one_electron_energy + p.scf_two_electron_energy - p.scf_total_energy) < 1e-10);
  assert.equal([p.calcinfo_nbasis, p.calcinfo_nmo, p.calcinfo_nalpha, p.calcinfo_nbeta, p.calcinfo_natom], [c.nbf, c.nbf, c.nalpha, c.nbeta, 3]);
  assert.ok(p.scf_iterations >= 1 && p.scf_iterations === waterCalc.result.iterations);
  // The dipole in e·a0 (Psi4's is in debye; 1 e·a0 = 2.541746451895 D); 1e-4 D is the project's dipole tolerance.
  p.scf_dipole_moment.forEach((d, i) => assert.ok(Math.abs(d * 2.541746451895 - c.dipole_debye[i]!) < 1e-4));
  assert.equal(r.extras['tag'], 'x');
  assert.is(r.provenance.creator, 'roothaan');
  assert.is(r.stdout, 'log');
});

test('the wavefunction holds orthonormal orbitals (CᵀSC = I) and an α density with tr(DS) = nα', () => {
  const r = toAtomicResult(waterCalc, { input: water });
  const w = r.wavefunction!;
  assert.is(w.restricted, true);
  assert.is(w.basis.nbf, 24);
  const S = referenceMatrices('h2o_ccpvdz').S; // Psi4's overlap, in the same function order
  const n = 24;
  const C = w['scf_orbitals_a'] as number[];
  const D = w['scf_density_a'] as number[];
  assert.is(C.length, n * n);
  let worst = 0;
  for (let p = 0; p < n; p++) {
    for (let q = 0; q < n; q++) {
      let v = 0;
      for (let m = 0; m < n; m++) for (let l = 0; l < n; l++) v += C[m * n + p]! * S.data[m * n + l]! * C[l * n + q]!;
      worst = Math.max(worst, Math.abs(v - (p === q ? 1 : 0)));
    }
  }
  assert.ok(worst < IDENTITY_TOLERANCE, `max |CᵀSC − I| = ${worst}`);
  let trace = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) trace += D[i * n + j]! * S.data[j * n + i]!;
  assert.ok(Math.abs(trace - 5) < IDENTITY_TOLERANCE, `tr(D^α S) = ${trace}`);
  assert.equal((w['scf_occupations_a'] as number[]).reduce((a, b) => a + b, 0), 5);
  assert.equal([w['orbitals_a'], w['eigenvalues_a'], w['density_a'], w['fock_a'], w['occupations_a']], ['scf_orbitals_a', 'scf_eigenvalues_a', 'scf_density_a', 'scf_fock_a', 'scf_occupations_a']);
  // orbitals_and_eigenvalues keeps only those two.
  const small = toAtomicResult(waterCalc, { input: water, wavefunction: 'orbitals_and_eigenvalues' }).wavefunction!;
  assert.equal(Object.keys(small).sort(), ['basis', 'eigenvalues_a', 'orbitals_a', 'restricted', 'scf_eigenvalues_a', 'scf_orbitals_a']);
  assert.is(toAtomicResult(waterCalc, { input: water, wavefunction: 'none' }).wavefunction, undefined);
});

test('the QCSchema basis set counts the functions roothaan computed with, spherical and Cartesian', () => {
  assert.is(toQcschemaBasis('cc-pVDZ', water.molecule).nbf, 24);
  assert.is(toQcschemaBasis('cc-pVDZ', water.molecule, false).nbf, 25);
  const b = toQcschemaBasis('STO-3G', water.molecule);
  assert.equal(b.atom_map, ['sto-3g_o', 'sto-3g_h', 'sto-3g_h']);
  // The basis file's own coefficients (STO-3G H 1s), not the normalised ones.
  assert.equal(b.center_data['sto-3g_h']!.electron_shells[0]!.coefficients, [[0.15432897, 0.53532814, 0.44463454]]);
});


if (hasQcelemental) {
  test('qcelemental validates the AtomicResult (JSON schema and model) with the reference energy and the wavefunction shapes', () => {
    const c = publicCase('h2o_ccpvdz');
    const verdict = qcelementalParse('AtomicResult', JSON.stringify(toAtomicResult(waterCalc, { input: water, stdout: 'the log' })));
    const parsed = verdict.parsed as { return_result: number; properties: { return_energy: number; calcinfo_nbasis: number }; success: boolean; stdout: string };
    assert.ok(Math.abs(parsed.properties.return_energy - c.energy) < ENERGY_TOLERANCE);
    assert.ok(Math.abs(parsed.return_result - c.energy) < ENERGY_TOLERANCE);
    assert.is(parsed.properties.calcinfo_nbasis, 24);
    assert.is(parsed.success, true);
    assert.is(parsed.stdout, 'the log');
    assert.equal(verdict.shapes['scf_orbitals_a'], [24, 24]);
    assert.equal(verdict.shapes['scf_density_a'], [24, 24]);
    assert.equal(verdict.shapes['scf_eigenvalues_a'], [24]);
  });

  test('qcelemental validates a UHF AtomicResult with both spins (OH radical, 6-31G*)', () => {
    const c = publicCase('oh_uhf_631gs');
    const input = parseAtomicInput(atomicInputText('oh_uhf_631gs', '6-31G*', { protocols: { wavefunction: 'orbitals_and_eigenvalues' } }));
    const calc = runCalculation(input.molecule, input.parameters, { threads: 1 });
    const verdict = qcelementalParse('AtomicResult', JSON.stringify(toAtomicResult(calc, { input })));
    const parsed = verdict.parsed as { properties: { return_energy: number; calcinfo_nalpha: number; calcinfo_nbeta: number }; wavefunction: { restricted: boolean } };
    assert.ok(Math.abs(parsed.properties.return_energy - c.energy) < ENERGY_TOLERANCE);
    assert.equal([parsed.properties.calcinfo_nalpha, parsed.properties.calcinfo_nbeta], [5, 4]);
    assert.is(parsed.wavefunction.restricted, false);
    assert.equal(verdict.shapes['scf_orbitals_b'], [c.nbf, c.nbf]);
    assert.equal(verdict.shapes['scf_eigenvalues_b'], [c.nbf]);
  });

  test('qcelemental validates the FailedOperation of a refused input', () => {
    const error = new InvalidInputError('unknown keyword "foo"', { file: 'ai.json', line: 3, field: 'keywords.foo' });
    const failed = toFailedOperation(error, { input: JSON.parse(atomicInputText('h2o_sto3g', 'STO-3G')) });
    const parsed = qcelementalParse('FailedOperation', JSON.stringify(failed)).parsed as { success: boolean; error: { error_type: string; error_message: string } };
    assert.is(parsed.success, false);
    assert.is(parsed.error.error_type, 'input_error');
    assert.is(parsed.error.error_message, 'ai.json:3 (keywords.foo): unknown keyword "foo"');
  });
}

test.run();
