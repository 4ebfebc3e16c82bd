import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseScfParameters, scfOptionsFromParameters, DEFAULT_SCF_PARAMETERS } from '../../src/scf';
import { InvalidInputError } from '../../src/errors';

const fieldOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    if (e instanceof InvalidInputError) return e.location?.field;
    throw e;
  }
  return undefined;
};

test('the data model example is accepted as is', () => {
  assert.equal(parseScfParameters({ basis_set: 'STO-3G', max_iteration: 30, use_diis: true }), {
    basis_set: 'STO-3G',
    max_iteration: 30,
    use_diis: true,
  });
});

test('every documented key is accepted, and choices are case-insensitive', () => {
  const p = parseScfParameters({
    basis_set: 'cc-pVDZ', max_iteration: 50, use_diis: false, reference: 'UHF', charge: 1, multiplicity: 2,
    guess: 'GWH', convergence: { energy: 1e-9, density: 1e-7 }, damping: 0.2, level_shift: 0.5,
    level_shift_cutoff: 1e-3, diis_size: 6, diis_start: 2, puream: false, s_tolerance: 1e-6,
  });
  assert.is(p.reference, 'uhf');
  assert.is(p.guess, 'gwh');
  assert.equal(p.convergence, { energy: 1e-9, density: 1e-7 });
});

test('an empty object, null and undefined are valid (all defaults)', () => {
  assert.equal(parseScfParameters({}), {});
  assert.equal(parseScfParameters(undefined), {});
  assert.equal(parseScfParameters(null), {});
});

test('an unknown key is rejected with the key named', () => {
  assert.is(fieldOf(() => parseScfParameters({ max_iterations: 30 })), 'max_iterations');
  assert.is(fieldOf(() => parseScfParameters({ convergence: { energy: 1e-8, gradient: 1e-6 } })), 'convergence.gradient');
  assert.throws(() => parseScfParameters({ maxiter: 5 }), /unknown parameter "maxiter".*max_iteration/);
});

test('a wrong type is rejected with the key named', () => {
  assert.is(fieldOf(() => parseScfParameters({ use_diis: 'yes' })), 'use_diis');
  assert.is(fieldOf(() => parseScfParameters({ max_iteration: '30' })), 'max_iteration');
  assert.is(fieldOf(() => parseScfParameters({ basis_set: 42 })), 'basis_set');
  assert.is(fieldOf(() => parseScfParameters([1, 2])), '(root)');
});

test('out-of-range values are rejected with the key named', () => {
  assert.is(fieldOf(() => parseScfParameters({ max_iteration: 0 })), 'max_iteration');
  assert.is(fieldOf(() => parseScfParameters({ max_iteration: 2.5 })), 'max_iteration');
  assert.is(fieldOf(() => parseScfParameters({ damping: 1 })), 'damping');
  assert.is(fieldOf(() => parseScfParameters({ level_shift: -0.1 })), 'level_shift');
  assert.is(fieldOf(() => parseScfParameters({ diis_size: 1 })), 'diis_size');
  assert.is(fieldOf(() => parseScfParameters({ multiplicity: 0 })), 'multiplicity');
  assert.is(fieldOf(() => parseScfParameters({ convergence: { energy: 0 } })), 'convergence.energy');
  assert.is(fieldOf(() => parseScfParameters({ reference: 'cuhf' })), 'reference');
  assert.is(fieldOf(() => parseScfParameters({ guess: 'huckel' })), 'guess');
});

test('the defaults reach 1e-8 Eh agreement and follow Psi4 where it has a default', () => {
  assert.is(DEFAULT_SCF_PARAMETERS.max_iteration, 100);
  assert.is(DEFAULT_SCF_PARAMETERS.diis_size, 10);
  assert.is(DEFAULT_SCF_PARAMETERS.s_tolerance, 1e-7);
  assert.ok(DEFAULT_SCF_PARAMETERS.convergence.energy <= 1e-10 && DEFAULT_SCF_PARAMETERS.convergence.density <= 1e-8);
});

test('parameters map to driver options, leaving unset keys to the defaults', () => {
  assert.equal(scfOptionsFromParameters(parseScfParameters({ basis_set: 'STO-3G', max_iteration: 30, use_diis: true })), {
    maxIterations: 30,
    useDiis: true,
  });
  assert.equal(
    scfOptionsFromParameters(parseScfParameters({
      reference: 'uhf', guess: 'gwh', convergence: { energy: 1e-9 }, damping: 0.2, level_shift: 0.5,
      level_shift_cutoff: 1e-3, diis_size: 6, diis_start: 2, s_tolerance: 1e-6,
    })),
    {
      reference: 'uhf', guess: 'gwh', convergence: { energy: 1e-9 }, damping: 0.2, levelShift: 0.5,
      levelShiftCutoff: 1e-3, diisSize: 6, diisStart: 2, orthogonalization: { tolerance: 1e-6 },
    },
  );
});

test.run();
