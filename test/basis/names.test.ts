import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  basisInfo,
  editDistance,
  listBasisSets,
  normalizeBasisName,
  resolveBasisName,
  suggestBasisNames,
} from '../../src/basis';
import { BasisNotFoundError } from '../../src/errors';

const BUNDLED = [
  'STO-3G', '3-21G',
  '6-31G', '6-31G*', '6-31G**', '6-31+G*', '6-31+G**', '6-31++G**',
  '6-311G', '6-311G**', '6-311+G*', '6-311+G**', '6-311++G**',
  'cc-pVDZ', 'cc-pVTZ', 'cc-pVQZ', 'aug-cc-pVDZ', 'aug-cc-pVTZ',
  'def2-SVP', 'def2-SVPD', 'def2-TZVP', 'def2-TZVPP', 'def2-QZVP',
  'pcseg-1',
];

test('the library lists exactly the bundled basis sets, each resolving to itself', () => {
  assert.equal(listBasisSets().map((b) => b.name), BUNDLED);
  for (const name of BUNDLED) {
    assert.is(resolveBasisName(name), name);
    assert.is(resolveBasisName(name.toLowerCase()), name);
    assert.is(resolveBasisName(name.toUpperCase()), name);
  }
});

test('the density-fitting (JKFIT) sets are listed apart, by role, and resolve like the others', () => {
  assert.equal(listBasisSets({ role: 'jkfit' }).map((b) => b.name), [
    'cc-pVDZ-JKFIT', 'cc-pVTZ-JKFIT', 'cc-pVQZ-JKFIT', 'aug-cc-pVDZ-JKFIT', 'aug-cc-pVTZ-JKFIT',
    'heavy-aug-cc-pVDZ-JKFIT', 'heavy-aug-cc-pVTZ-JKFIT',
    'def2-SVP-JKFIT', 'def2-TZVP-JKFIT', 'def2-TZVPP-JKFIT', 'def2-QZVP-JKFIT', 'def2-QZVPP-JKFIT',
  ]);
  assert.ok(listBasisSets().every((b) => b.role === 'orbital'));
  assert.equal(listBasisSets({ role: 'orbital' }), listBasisSets());
  assert.is(resolveBasisName('cc-pvdz-jkfit'), 'cc-pVDZ-JKFIT');
  assert.is(resolveBasisName('def2_svp_jkfit'), 'def2-SVP-JKFIT');
  const info = basisInfo('aug-cc-pvtz-jkfit');
  assert.is(info.role, 'jkfit');
  assert.match(info.description, /^cc-pVTZ-JKFIT plus one even-tempered diffuse function .*; H, B–Ne, Al–Ar, Ga–Kr; spherical$/);
  assert.is(suggestBasisNames('cc-pvdz-jkfitt')[0], 'cc-pVDZ-JKFIT');
});

test('the spellings people type resolve to the canonical names', () => {
  const variants: Record<string, string> = {
    '6-31g*': '6-31G*',
    '6-31g(d)': '6-31G*',
    '6-31gs': '6-31G*',
    '6-31G(d,p)': '6-31G**',
    '6-31G(d, p)': '6-31G**',
    '6-31gss': '6-31G**',
    '6-31+g(d)': '6-31+G*',
    '6-31pgs': '6-31+G*',
    '6-31+G(d,p)': '6-31+G**',
    '6-31++G(d,p)': '6-31++G**',
    '6-31ppgss': '6-31++G**',
    '6-311gss': '6-311G**',
    '6-311pgs': '6-311+G*',
    '6-311++G(d,p)': '6-311++G**',
    '6-311ppgss': '6-311++G**',
    'cc-pvdz': 'cc-pVDZ',
    'CC-PVDZ': 'cc-pVDZ',
    ccpvdz: 'cc-pVDZ',
    cc_pvtz: 'cc-pVTZ',
    'aug-cc-pvdz': 'aug-cc-pVDZ',
    augccpvtz: 'aug-cc-pVTZ',
    def2svp: 'def2-SVP',
    'def2-tzvpp': 'def2-TZVPP',
    sto3g: 'STO-3G',
    'sto-3g': 'STO-3G',
    ' STO-3G ': 'STO-3G',
    '321g': '3-21G',
    pcseg1: 'pcseg-1',
  };
  for (const [typed, canonical] of Object.entries(variants)) assert.is(resolveBasisName(typed), canonical, typed);
});

test('normalised names drop case and punctuation and read (d) and (d,p) as stars', () => {
  assert.is(normalizeBasisName('6-311++G(d,p)'), '6311++g**');
  assert.is(normalizeBasisName('6-31pgs'), '631+g*');
  assert.is(normalizeBasisName('cc-pVDZ'), 'ccpvdz');
});

test('an unknown name throws BasisNotFoundError suggesting the closest names', () => {
  try {
    resolveBasisName('cc-pvdzz');
    assert.unreachable('should throw');
  } catch (e) {
    assert.instance(e, BasisNotFoundError);
    assert.is((e as BasisNotFoundError).code, 'BASIS_NOT_FOUND');
    assert.match((e as Error).message, /unknown basis set "cc-pvdzz"\. Did you mean cc-pVDZ,/);
  }
  assert.is(suggestBasisNames('6-31G***')[0], '6-31G**');
  assert.is(suggestBasisNames('def2-svpp')[0], 'def2-SVP');
  assert.is(suggestBasisNames('sto-6g')[0], 'STO-3G');
});

test('a name far from every bundled one gets no suggestions but still a useful message', () => {
  assert.equal(suggestBasisNames('this-is-not-a-basis-set'), []);
  assert.throws(() => resolveBasisName('this-is-not-a-basis-set'), /listBasisSets\(\)/);
});

test('edit distance counts insertions, deletions and substitutions', () => {
  assert.is(editDistance('ccpvdz', 'ccpvtz'), 1);
  assert.is(editDistance('', 'abc'), 3);
  assert.is(editDistance('kitten', 'sitting'), 3);
  assert.is(editDistance('same', 'same'), 0);
});

test('descriptions name the elements covered, the harmonics and any ECP elements', () => {
  const info = basisInfo('cc-pvdz');
  assert.is(info.name, 'cc-pVDZ');
  assert.is(info.harmonics, 'spherical');
  assert.match(info.description, /H–Ar/);
  assert.match(info.description, /spherical$/);
  assert.is(basisInfo('6-31g*').harmonics, 'cartesian');
  const def2 = basisInfo('def2-SVP');
  assert.ok(def2.ecpElements.includes('Rb'));
  assert.ok(!def2.ecpElements.includes('Kr'));
  assert.match(def2.description, /ECP \(not supported\) for Rb–La, Hf–Rn/);
});

test.run();
