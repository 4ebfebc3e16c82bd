import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultJkfitBasis, loadAuxiliaryBasis, PSI4_DEFAULT_JKFIT, UNIVERSAL_JKFIT } from '../../src/basis/auxiliary';
import { listBasisSets } from '../../src/basis/names';
import { BasisNotFoundError } from '../../src/errors';

const water = {
  atoms: [
    { symbol: 'O', Z: 8, position: [0, -0.143225816552, 0] as [number, number, number] },
    { symbol: 'H', Z: 1, position: [1.638036840407, 1.136548822547, 0] as [number, number, number] },
    { symbol: 'H', Z: 1, position: [-1.638036840407, 1.136548822547, 0] as [number, number, number] },
  ],
};

test('every bundled orbital basis has a default JKFIT set, and every default is bundled as a jkfit set', () => {
  const jkfit = new Set(listBasisSets({ role: 'jkfit' }).map((b) => b.name));
  for (const b of listBasisSets()) {
    assert.ok(PSI4_DEFAULT_JKFIT[b.name] !== undefined, `${b.name} has no default`);
    assert.ok(jkfit.has(PSI4_DEFAULT_JKFIT[b.name]!), `${PSI4_DEFAULT_JKFIT[b.name]} is not bundled`);
  }
  assert.ok(jkfit.has(UNIVERSAL_JKFIT));
});

test('the defaults are the ones Psi4 1.3.2 chose (test/reference/README.md), in any spelling of the orbital basis', () => {
  assert.is(defaultJkfitBasis('sto-3g'), 'def2-SVP-JKFIT');
  assert.is(defaultJkfitBasis('3-21G'), 'def2-SVP-JKFIT');
  assert.is(defaultJkfitBasis('6-31g(d)'), 'cc-pVDZ-JKFIT');
  assert.is(defaultJkfitBasis('6-31+G*'), 'heavy-aug-cc-pVDZ-JKFIT');
  assert.is(defaultJkfitBasis('6-31++G**'), 'aug-cc-pVDZ-JKFIT');
  assert.is(defaultJkfitBasis('6-311G**'), 'cc-pVTZ-JKFIT');
  assert.is(defaultJkfitBasis('def2-svpd'), 'def2-SVP-JKFIT');
  assert.is(defaultJkfitBasis('def2-tzvpp'), 'def2-TZVPP-JKFIT');
});

test('the auxiliary basis takes the puream it is given, as Psi4 gives it the orbital basis\'s', () => {
  assert.is(loadAuxiliaryBasis(water, { orbital: '6-31G*', pure: false }).basis.nbf, 131);
  assert.is(loadAuxiliaryBasis(water, { orbital: '6-31G*', pure: true }).basis.nbf, 116);
  const aux = loadAuxiliaryBasis(water, { orbital: 'STO-3G', pure: true });
  assert.is(aux.name, 'def2-SVP-JKFIT');
  assert.is(aux.basis.nbf, 113);
  assert.equal(aux.elementSets, { O: 'def2-SVP-JKFIT', H: 'def2-SVP-JKFIT' });
});

test('an unknown set names the field', () => {
  assert.throws(() => loadAuxiliaryBasis(water, { orbital: 'STO-3G', pure: true, dfBasisScf: 'cc-pVDZ-JKFTI', field: '--df-basis-scf' }), (e: unknown) =>
    e instanceof BasisNotFoundError && e.location?.field === '--df-basis-scf' && e.message.startsWith('--df-basis-scf: '));
});

test.run();
