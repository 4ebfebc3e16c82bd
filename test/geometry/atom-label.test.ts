import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isAtomLabel, readAtomLabel, parseXyz, fromAtoms, elementBySymbol } from '../../src/geometry';
import { expectInvalid } from './expect-invalid';

const O = elementBySymbol('O')!;

test('a plain symbol, an atomic number and Psi4 labels (O1, H_a) read as the element with its standard mass', () => {
  for (const [token, symbol] of [['O', 'O'], ['o', 'O'], ['8', 'O'], ['O1', 'O'], ['H_a', 'H'], ['He2', 'He'], ['Cl', 'Cl']] as const) {
    const l = readAtomLabel(token, {});
    assert.is(l.element.symbol, symbol, token);
    assert.is(l.ghost, false, token);
    assert.is(l.isotope, false, token);
    assert.is(l.mass, l.element.mass, token);
  }
});

test('Gh(X), @X and ghost-X mark ghost atoms of element X', () => {
  for (const token of ['Gh(O)', 'gh(o)', '@O', 'ghost-O', 'GHOST:O', 'Gh(O1)', '@O_b']) {
    const l = readAtomLabel(token, {});
    assert.is(l.element.symbol, 'O', token);
    assert.ok(l.ghost, token);
    assert.is(l.mass, O.mass, token);
  }
});

test('X@mass gives an isotope mass, also inside or after a ghost marker', () => {
  assert.is(readAtomLabel('O@15.99491461956', {}).mass, 15.99491461956);
  const d = readAtomLabel('H@2.014101778', {});
  assert.is(d.element.symbol, 'H');
  assert.is(d.mass, 2.014101778);
  assert.ok(d.isotope);
  for (const token of ['Gh(H@2.014101778)', 'Gh(H)@2.014101778', '@H@2.014101778']) {
    const l = readAtomLabel(token, {});
    assert.ok(l.ghost && l.isotope && l.mass === 2.014101778, token);
  }
});

test('an isotope mass that is not a finite positive number is refused with its file, line and field', () => {
  for (const bad of ['H@0', 'H@-2', 'H@abc', 'H@', 'H@1e999']) {
    expectInvalid(() => readAtomLabel(bad, { file: 'mol.xyz', line: 4, field: 'element' }), ['mol.xyz:4', 'element', 'finite positive number']);
  }
  expectInvalid(() => readAtomLabel('Gh(H@2)@2', { file: 'f' }), ['gives the mass twice']);
});

test('an unknown element inside a ghost marker is named', () => {
  expectInvalid(() => readAtomLabel('Gh(Qq)', { file: 'a.zmat', line: 2 }), ['a.zmat:2', "unknown element 'Qq'"]);
  expectInvalid(() => readAtomLabel('Zz', { file: 'a.zmat', line: 3 }), ['a.zmat:3', "unknown element 'Zz'"]);
  assert.is(isAtomLabel('r'), false);
  assert.is(isAtomLabel('Gh(He)'), true);
});

test('the XYZ reader takes ghost and isotope labels, and toXyz writes them back', () => {
  const m = parseXyz('3\n\nO 0 0 0\nGh(H) 0 0 1.8\nH@2.014101778 0 1.8 0\n', { units: 'bohr' });
  assert.equal(m.atoms.map((a) => [a.symbol, a.Z, a.ghost === true]), [['O', 8, false], ['H', 0, true], ['H', 1, false]]);
  assert.is(m.atoms[2]!.mass, 2.014101778);
  assert.is(m.electronCount, 9);
  const back = parseXyz(m.toXyz());
  assert.equal(back.atoms.map((a) => [a.symbol, a.Z, a.ghost === true, a.mass]), m.atoms.map((a) => [a.symbol, a.Z, a.ghost === true, a.mass]));
});

test('fromAtoms takes the same labels and ghost indices, checking them', () => {
  const m = fromAtoms([['He', 0, 0, 0], ['@He', 0, 0, 3], ['He', 0, 0, 6]], { units: 'bohr', ghost: [2] });
  assert.equal(m.atoms.map((a) => a.ghost === true), [false, true, true]);
  assert.is(m.nuclearRepulsionEnergy(), 0);
  expectInvalid(() => fromAtoms([['He', 0, 0, 0]], { ghost: [1] }), ['ghost', 'out of range']);
  expectInvalid(() => fromAtoms([['He', 0, 0, 0]], { ghost: [0] }), ['all 1 atoms are ghosts']);
});

test.run();
