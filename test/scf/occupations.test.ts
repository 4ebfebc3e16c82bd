import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as scf from '../../src/scf';
import * as geometry from '../../src/geometry';
import { InvalidInputError } from '../../src/errors';
import { REFERENCE_DIR } from './reference-data';

/*
 * Explicit occupations (the fixed step of src/scf/occupations.ts, options in
 * occupation-options.ts). Tier 3 against Psi4 1.3.2 on water 6-31G* (methods-cases.json, the MOM
 * cases' nuclei): occupying orbitals 0–4 reproduces the ground state, and holding 0,1,2,3,5 by
 * index reproduces the RHF double excitation 5→6 that Psi4's MOM converged to (its final
 * occupied orbitals are 1,2,3,4,6 in energy order), both to 1e-8 Eh; then the boundary checks.
 */

interface MomCase { name: string; basis: string; energy: number; ground_state_energy: number; atoms_bohr: [string, number, number, number][] }
const cases = JSON.parse(readFileSync(path.join(REFERENCE_DIR, 'methods-cases.json'), 'utf8')) as MomCase[];
const excited = cases.find((c) => c.name === 'h2o_mom_rhf_d5to6_631gs')!;
const water = geometry.fromAtoms(excited.atoms_bohr, { units: 'bohr' });
const tight = { energy: 1e-10, density: 1e-10 };

test('occupying orbitals 0-4 explicitly gives Psi4 ground state, every record says fixed', () => {
  const { result } = scf.runCalculation(water, { basis_set: '6-31G*', puream: false, occupations: '0-4', convergence: tight }, { threads: 1 });
  assert.ok(result.converged);
  assert.ok(Math.abs(result.energy - excited.ground_state_energy) < 1e-8, `${result.energy - excited.ground_state_energy}`);
  assert.ok(result.history.every((h) => h.occupation.method === 'fixed' && h.occupation.occupied[0]!.join() === '0,1,2,3,4'));
});

test('holding orbitals 0,1,2,3,5 by index reaches Psi4 RHF double excitation 5→6 to 1e-8 Eh', () => {
  const { result } = scf.runCalculation(water, { basis_set: '6-31G*', puream: false, occupations: { alpha: [0, 1, 2, 3, 5] }, convergence: tight }, { threads: 1 });
  assert.ok(result.converged);
  assert.ok(Math.abs(result.energy - excited.energy) < 1e-8, `${result.energy} vs ${excited.energy}`);
  assert.equal(Array.from(result.occupations[0]!).slice(0, 7), [2, 2, 2, 2, 0, 2, 0]);
  assert.ok(result.history.every((h) => h.occupation.occupied[0]!.join() === '0,1,2,3,5'), 'held at every iteration, not aufbau');
  // The forced state lies above the ground state; orbital 4 (empty) is below orbital 5 (occupied).
  assert.ok(result.orbitalEnergies[0]![4]! < result.orbitalEnergies[0]![5]!);
});

test('the text form of --occupations reads ranges per spin', () => {
  assert.equal(scf.parseOccupations('alpha:0-3,5;beta:0-4', { field: 'occupations' }), { alpha: [0, 1, 2, 3, 5], beta: [0, 1, 2, 3, 4] });
  assert.equal(scf.parseOccupations('5,0-3', { field: 'occupations' }), { alpha: [0, 1, 2, 3, 5] });
  assert.equal(scf.parseOccupations('{"alpha": [1, 0], "beta": [0]}', { field: 'occupations' }), { alpha: [0, 1], beta: [0] });
});

function refused(parameters: Record<string, unknown>, field: RegExp, message: RegExp): void {
  try {
    scf.runCalculation(water, { basis_set: 'STO-3G', ...parameters }, { threads: 1 });
  } catch (error) {
    assert.instance(error, InvalidInputError);
    const e = error as InvalidInputError;
    assert.match(e.location?.field ?? '', field, e.message);
    assert.match(e.message, message);
    assert.is(e.message.split('\n').length, 1);
    return;
  }
  assert.unreachable(`accepted ${JSON.stringify(parameters)}`);
}

test('occupations that do not add up to the electron count are refused naming the spin', () => {
  refused({ occupations: '0-3' }, /^occupations\.alpha$/, /lists 4 occupied orbitals, but this system has 5 alpha electrons/);
  refused({ reference: 'uhf', occupations: 'alpha:0-4;beta:0-5' }, /^occupations\.beta$/, /lists 6 .* 5 beta electrons/);
  refused({ charge: 1, occupations: 'alpha:0-4;beta:0-4' }, /^occupations\.beta$/, /N_α=5, N_β=4/);
});

test('occupations out of range, listed twice, or different per spin under RHF are refused', () => {
  refused({ occupations: '0-3,7' }, /^occupations\.alpha$/, /orbital 7 is out of range: there are 7 orbitals, 0-based 0…6/);
  refused({ occupations: { alpha: [0, 1, 2, 3, 3] } }, /^occupations\.alpha$/, /orbital 3 is listed twice/);
  refused({ occupations: { alpha: [0, 1, 2, 3, -1] } }, /^occupations\.alpha$/, /0-based and non-negative/);
  refused({ occupations: 'alpha:0-4;beta:0-3,5' }, /^occupations\.beta$/, /RHF occupies the same orbitals/);
  refused({ reference: 'uhf', occupations: 'alpha:0-4' }, /^occupations\.beta$/, /UHF needs the beta/);
  refused({ occupations: { alpha: [0, 1, 2, 3, 4], gamma: [0] } }, /^occupations\.gamma$/, /unknown spin/);
  refused({ occupations: 'alpha=0-4' }, /^occupations$/, /cannot read/);
});

test('one occupation method at a time, and none with ROHF', () => {
  refused({ occupations: '0-4', smearing: 'fermi:1000' }, /^occupations$/, /cannot be combined with smearing/);
  refused({ multiplicity: 3, reference: 'rohf', smearing: 'fermi:1000' }, /^smearing$/, /ROHF/);
});

test('the driver options check occupations against the orbitals too', () => {
  const prepared = scf.prepareCalculation(water, scf.parseScfParameters({ basis_set: 'STO-3G' }), { threads: 1 });
  try {
    const it = scf.iterate(prepared, { occupations: { alpha: [0, 1, 2, 3] } });
    assert.throws(() => it.next(), (e: Error) => e instanceof InvalidInputError && /occupations\.alpha: lists 4/.test(e.message));
    const fixed = scf.run(prepared, { occupations: { alpha: [0, 1, 2, 3, 5] }, maxIterations: 3 });
    assert.equal(fixed.history.map((h) => h.occupation.method), ['fixed', 'fixed', 'fixed']);
  } finally {
    prepared.dispose();
  }
});

test.run();
