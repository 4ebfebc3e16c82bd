import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as scf from '../../src/scf';
import { fromArray, identity, zeros } from '../../src/linalg';
import { AU_DIPOLE_IN_DEBYE } from '../../src/constants';

test('Mulliken charges: Z minus the gross population (DS)_μμ summed per atom', () => {
  // Two atoms, one function each, S = [[1, s], [s, 1]], a bonding orbital holding two electrons.
  const s = 0.5;
  const S = fromArray([[1, s], [s, 1]]);
  const c = 1 / Math.sqrt(2 + 2 * s);
  const D = fromArray([[2 * c * c, 2 * c * c], [2 * c * c, 2 * c * c]]);
  const q = scf.mullikenCharges(D, S, [0, 1], [1, 1]);
  assert.ok(Math.abs(q[0]!) < 1e-15 && Math.abs(q[1]!) < 1e-15, 'a homonuclear bond shares evenly');
  const qL = scf.lowdinCharges(D, S, [0, 1], [1, 1]);
  assert.ok(Math.abs(qL[0]!) < 1e-15 && Math.abs(qL[1]!) < 1e-15);
  // Two electrons on atom 0 only (orthonormal basis): q = (Z0 − 2, Z1).
  const q2 = scf.mullikenCharges(fromArray([[2, 0], [0, 0]]), identity(2), [0, 1], [1, 1]);
  assert.equal(Array.from(q2), [-1, 1]);
});

test('the dipole moment is Σ Z_A (R_A − O) − tr(D M) in e·bohr and debye', () => {
  // One function centred at x = 0.5 bohr with ⟨x⟩ = 0.5, two electrons; a Z = 2 nucleus at x = 0.5: neutral, no dipole.
  const D = fromArray([[2]]);
  const M = { x: fromArray([[0.5]]), y: zeros(1), z: zeros(1) };
  const mu = scf.dipoleMoment(D, M, [{ Z: 2, position: [0.5, 0, 0] }]);
  assert.ok(Math.abs(mu.au[0]) < 1e-15 && mu.totalDebye < 1e-14);
  // Move the nucleus to x = 1.5: μ_x = 2·1.5 − 2·0.5 = 2 e·bohr.
  const mu2 = scf.dipoleMoment(D, M, [{ Z: 2, position: [1.5, 0, 0] }]);
  assert.is(mu2.au[0], 2);
  assert.ok(Math.abs(mu2.debye[0] - 2 * AU_DIPOLE_IN_DEBYE) < 1e-14 && Math.abs(mu2.totalDebye - 2 * AU_DIPOLE_IN_DEBYE) < 1e-14);
});

test('frontier orbitals over one or two spin channels', () => {
  const f = scf.frontierOrbitals([Float64Array.of(-1, -0.5, 0.2, 0.9)], [Float64Array.of(2, 2, 0, 0)]);
  assert.equal([f.homo, f.lumo], [-0.5, 0.2]);
  assert.ok(Math.abs(f.gap - 0.7) < 1e-15);
  const u = scf.frontierOrbitals(
    [Float64Array.of(-1, -0.4, 0.3), Float64Array.of(-0.9, 0.1, 0.5)],
    [Float64Array.of(1, 1, 0), Float64Array.of(1, 0, 0)],
  );
  assert.equal([u.homo, u.lumo], [-0.4, 0.1]);
  const none = scf.frontierOrbitals([Float64Array.of(1)], [Float64Array.of(0)]);
  assert.ok(Number.isNaN(none.homo) && none.lumo === 1 && Number.isNaN(none.gap));
});

test('functionAtoms expands shell → atom to function → atom', () => {
  // Water/STO-3G: O 1s, 2s, 2p (3 functions), H 1s, H 1s.
  const fa = scf.functionAtoms([0, 0, 0, 1, 2], [0, 1, 2, 5, 6], 7);
  assert.equal(Array.from(fa), [0, 0, 0, 0, 0, 1, 2]);
});

test.run();
