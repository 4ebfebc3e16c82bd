import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as scf from '../../src/scf';
import { fromAtoms } from '../../src/geometry';

/*
 * Cases of our own, not in test/reference, so the tests are not tuned to it: atoms, cations,
 * radicals, diffuse and polarised Pople sets, def2, pcseg, f functions (cc-pVTZ) and g functions
 * (cc-pVQZ on F). Reference energies were computed with Psi4 1.3.2 by own-cases.py beside this
 * file (its provenance is recorded in own-cases.json). Tolerance: 1e-8 Eh, the project's target.
 */

interface OwnCase {
  name: string; basis: string; reference: 'rhf' | 'uhf'; charge: number; multiplicity: number;
  atoms_bohr: [string, number, number, number][]; energy: number; nbf: number; puream: boolean;
}
const data = JSON.parse(fs.readFileSync(path.join(__dirname, 'own-cases.json'), 'utf8')) as { provenance: string; cases: OwnCase[] };

test('the own-case reference energies say where they come from', () => {
  assert.match(data.provenance, /Psi4 1\.3\.2/);
  assert.ok(data.cases.length >= 10);
});

for (const c of data.cases) {
  test(`${c.name}: ${c.reference.toUpperCase()}/${c.basis} matches Psi4 to 1e-8 Eh`, () => {
    const molecule = fromAtoms(c.atoms_bohr, { units: 'bohr', charge: c.charge, multiplicity: c.multiplicity });
    const { result, basis } = scf.runCalculation(molecule, { basis_set: c.basis, reference: c.reference });
    assert.is(basis.nbf, c.nbf);
    assert.ok(result.converged, `${c.name} converged`);
    assert.ok(Math.abs(result.energy - c.energy) < 1e-8, `${c.name}: ${result.energy} vs Psi4 ${c.energy} (Δ ${(result.energy - c.energy).toExponential(2)})`);
  });
}

test.run();
