import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as scf from '../../src/scf';
import * as geometry from '../../src/geometry';
import { matmul } from '../../src/linalg';
import { InvalidInputError } from '../../src/errors';
import { REFERENCE_DIR } from './reference-data';

/*
 * Fermi–Dirac smearing (src/scf/smearing.ts, the Fermi step of occupations.ts). Psi4 1.3.2 has
 * no smearing (reference README), so these are properties: the bisection conserves N to 1e-12;
 * T → 0 reproduces the aufbau (Psi4) energy of water 6-31G* to 1e-10 Eh; at a high temperature
 * the density still holds N electrons (tr DS) but is no longer idempotent, and its energy is the
 * ordinary HF energy of that fractional density (above the ground state).
 */

const cases = JSON.parse(readFileSync(path.join(REFERENCE_DIR, 'methods-cases.json'), 'utf8')) as { name: string; ground_state_energy: number; atoms_bohr: [string, number, number, number][] }[];
const ref = cases.find((c) => c.name === 'h2o_mom_rhf_d5to6_631gs')!;
const water = geometry.fromAtoms(ref.atoms_bohr, { units: 'bohr' });
const tight = { energy: 1e-10, density: 1e-10 };

test('the Fermi level found by bisection conserves the electron count to 1e-12', () => {
  let seed = 7;
  const random = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  for (let trial = 0; trial < 40; trial++) {
    const m = 5 + (trial % 20);
    const energies = Float64Array.from({ length: m }, () => -2 + 4 * random()).sort();
    const count = 1 + (trial % (m - 1));
    for (const kT of [1e-5, 1e-3, 0.05, 1]) {
      for (const value of [1, 2]) {
        const { occupations, fermiLevel } = scf.fermiOccupations(energies, count, kT, value);
        const sum = occupations.reduce((a, b) => a + b, 0);
        assert.ok(Math.abs(sum - value * count) < 1e-12, `trial ${trial}, kT ${kT}: Σn = ${sum}, expected ${value * count}`);
        assert.ok(occupations.every((n, i) => n >= 0 && n <= value && (i === 0 || n <= occupations[i - 1]! + 1e-15)), 'in [0, value], non-increasing');
        assert.ok(Number.isFinite(fermiLevel));
      }
    }
  }
});

test('T → 0 reproduces the aufbau energy of water 6-31G* (Psi4) to 1e-10 Eh', () => {
  const { result } = scf.runCalculation(water, { basis_set: '6-31G*', puream: false, smearing: 'fermi:1', convergence: tight }, { threads: 1 });
  assert.ok(result.converged);
  assert.ok(Math.abs(result.energy - ref.ground_state_energy) < 1e-10, `${result.energy - ref.ground_state_energy}`);
  const h = result.history[result.history.length - 1]!;
  assert.is(h.occupation.method, 'fermi');
  const eps = result.orbitalEnergies[0]!;
  assert.ok(h.occupation.fermiLevel![0]! > eps[4]! && h.occupation.fermiLevel![0]! < eps[5]!, 'μ in the HOMO–LUMO gap');
});

test('at 50000 K the density holds N electrons, is not idempotent, and lies above the ground state', () => {
  const { result } = scf.runCalculation(water, { basis_set: '6-31G*', puream: false, smearing: { method: 'fermi', temperature: 50000 }, convergence: tight }, { threads: 1 });
  assert.ok(result.converged);
  const D = result.densities[0]!;
  const prepared = scf.prepareCalculation(water, scf.parseScfParameters({ basis_set: '6-31G*', puream: false }), { threads: 1 });
  try {
    const overlap = prepared.problem.overlap;
    const DS = matmul(D, overlap);
    let trace = 0;
    for (let i = 0; i < DS.rows; i++) trace += DS.data[i * DS.cols + i]!;
    assert.ok(Math.abs(trace - 10) < 1e-10, `tr DS = ${trace}`);
    // Idempotency of the spin density P = D/2: P S P = P only for integer occupations.
    const PSP = matmul(matmul(D, overlap), D);
    let dev = 0;
    for (let i = 0; i < D.data.length; i++) dev = Math.max(dev, Math.abs(PSP.data[i]! / 4 - D.data[i]! / 2));
    assert.ok(dev > 1e-2, `max |PSP − P| = ${dev}`);
  } finally {
    prepared.dispose();
  }
  const occ = Array.from(result.occupations[0]!);
  assert.ok(occ.some((n) => n > 0.01 && n < 1.99), 'fractional occupations');
  assert.ok(result.energy > ref.ground_state_energy + 1e-3, `${result.energy}`);
  assert.ok(result.history[result.history.length - 1]!.occupation.entropy! > 0);
});

test('UHF smearing keeps N_α and N_β separately', () => {
  const { result } = scf.runCalculation(water, { basis_set: 'STO-3G', charge: 1, smearing: 'fermi:80000', convergence: { energy: 1e-9, density: 1e-7 } }, { threads: 1 });
  const sums = result.occupations.map((o) => o.reduce((a, b) => a + b, 0));
  assert.ok(Math.abs(sums[0]! - 5) < 1e-12 && Math.abs(sums[1]! - 4) < 1e-12, `${sums}`);
  assert.is(result.history[0]!.occupation.fermiLevel!.length, 2);
});

test('smearing options are checked naming the field', () => {
  const bad = (value: unknown, field: RegExp, message: RegExp): void => {
    assert.throws(() => scf.parseScfParameters({ smearing: value }), (e: Error) => e instanceof InvalidInputError && field.test(e.location?.field ?? '') && message.test(e.message));
  };
  bad('fermi:-5', /^smearing\.temperature$/, /\(0, 1e6\] kelvin/);
  bad('gauss:1000', /^smearing\.method$/, /"fermi"/);
  bad({ method: 'fermi' }, /^smearing\.temperature$/, /kelvin/);
  bad('hot', /^smearing$/, /fermi:<temperature in kelvin>/);
  assert.equal(scf.parseScfParameters({ smearing: 'fermi:5000' }).smearing, { method: 'fermi', temperature: 5000 });
});

test.run();
