import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { atomBasisChoices, load, loadAssigned, parseBasisAssignment } from '../../src/basis';
import { libraryEntries, libraryText } from '../../src/basis/library';
import { BasisNotFoundError, InvalidInputError } from '../../src/errors';
import { fromAtoms } from '../../src/geometry';
import * as scf from '../../src/scf';

/*
 * Per-atom basis sets (basis_assign). No reference program result with a mixed basis is in
 * test/reference, so the checks are properties: the same set on every atom is the plain basis
 * bit for bit; an override changes nbf by the count its shells give; shells sit on their atoms in
 * atom order with each atom's own set's numbers; and the energy equals the one from an
 * independently built basis file holding each element's block of its set (PySCF's dictionary
 * {'O': 'cc-pvdz', 'H': 'sto-3g'} and Psi4's `assign cc-pvdz / assign H sto-3g` describe this
 * same file), to 1e-12 Eh (same numbers, same arithmetic: only summation order could differ).
 */

const geometryAtoms = (atoms: [string, number, number, number][]) => fromAtoms(atoms, { units: 'bohr' });
const water = fromAtoms([['O', 0, -0.143225816552, 0], ['H', 1.638036840407, 1.136548822547, 0], ['H', -1.638036840407, 1.136548822547, 0]], { units: 'bohr' });

/** The Gaussian94 block of one element in a bundled basis file, as the file has it (`****` excluded). */
function elementBlock(basisName: string, symbol: string): string {
  const entry = libraryEntries().find((e) => e.name === basisName)!;
  const blocks = libraryText(entry).split(/^\*\*\*\*\s*$/m);
  const block = blocks.find((b) => new RegExp(`^\\s*${symbol}\\s+0\\s*$`, 'm').test(b.split('\n').find((l) => l.trim() !== '' && !l.startsWith('!')) ?? ''));
  assert.ok(block !== undefined, `${symbol} in ${basisName}`);
  return block!.trim();
}

function sameNumbers(a: ReturnType<typeof load>, b: ReturnType<typeof load>): void {
  assert.is(a.nbf, b.nbf);
  for (const key of ['shellAtom', 'shellL', 'shellPure', 'shellNprim', 'shellFirstFunction', 'shellCenter', 'exponents', 'coefficients'] as const) {
    assert.equal(Array.from(a[key]), Array.from(b[key]), key);
  }
}

test('parseBasisAssignment takes element symbols in any case and atom numbers from 1, and gives canonical basis names', () => {
  assert.equal(parseBasisAssignment({ h: 'sto-3g', 3: '6-31g(d)' }, { field: 'basis_assign' }), { H: 'STO-3G', '3': '6-31G*' });
  assert.equal(parseBasisAssignment(['H=sto-3g', '2 = cc-pvdz'], { field: '--basis-for' }), { H: 'STO-3G', '2': 'cc-pVDZ' });
  assert.equal(parseBasisAssignment('O=def2svp', { field: '--basis-for' }), { O: 'def2-SVP' });
});

test('parseBasisAssignment names the entry (or the flag) of a bad key, value or repeat', () => {
  const cases: [unknown, string, string][] = [
    [{ Xx: 'sto-3g' }, 'basis_assign.Xx', 'neither an element symbol'],
    [{ H: 'nope' }, 'basis_assign.H', 'unknown basis set "nope"'],
    [{ 0: 'sto-3g' }, 'basis_assign.0', 'atoms count from 1'],
    [{ H: 3 }, 'basis_assign.H', "bundled basis set's name"],
    [{ h: 'sto-3g', H: 'cc-pvdz' }, 'basis_assign.H', 'assigned twice'],
    [['H'], 'basis_assign', 'not KEY=BASIS'],
    [42, 'basis_assign', 'must be an object'],
  ];
  for (const [value, field, words] of cases) {
    assert.throws(() => scf.parseScfParameters({ basis_assign: value }), (e: unknown) => e instanceof InvalidInputError || e instanceof BasisNotFoundError);
    try {
      scf.parseScfParameters({ basis_assign: value });
    } catch (e) {
      const error = e as InvalidInputError;
      assert.is(error.location?.field, field, JSON.stringify(value));
      assert.ok(error.message.includes(words), error.message);
    }
  }
  try {
    parseBasisAssignment(['H=nope'], { field: '--basis-for' });
    assert.unreachable();
  } catch (e) {
    assert.is((e as BasisNotFoundError).message.startsWith('--basis-for: H=nope: unknown basis set'), true, (e as Error).message);
  }
});

test('atom > element > default: each atom gets the most specific entry', () => {
  const choices = atomBasisChoices('cc-pVDZ', { H: 'STO-3G', '3': '6-31G*' }, water);
  assert.equal(choices, [{ basis: 'cc-pVDZ' }, { basis: 'STO-3G', key: 'H' }, { basis: '6-31G*', key: '3' }]);
  // An element the molecule lacks is ignored (Psi4 and PySCF do the same).
  assert.equal(atomBasisChoices('STO-3G', { N: 'cc-pVDZ' }, water).map((c) => c.basis), ['STO-3G', 'STO-3G', 'STO-3G']);
});

test('the same set on every atom, by element or by atom number, is the plain basis exactly', () => {
  const plain = load('cc-pVDZ', water);
  const assigned = loadAssigned('cc-pVDZ', { O: 'cc-pvdz', H: 'CC-PVDZ', '2': 'cc-pVDZ' }, water);
  sameNumbers(assigned, plain);
  assert.is(assigned.name, 'cc-pVDZ');
  sameNumbers(loadAssigned('cc-pVDZ', undefined, water), plain);
  sameNumbers(loadAssigned('6-31G*', undefined, water, { pure: true }), load('6-31G*', water, { pure: true }));
});

test('an override changes nbf by its shells: cc-pVDZ water 24; H in STO-3G 16; atom 3 in 6-31G* 17', () => {
  assert.is(load('cc-pVDZ', water).nbf, 24); // O 3s2p1d = 14, H 2s1p = 5
  assert.is(loadAssigned('cc-pVDZ', { H: 'STO-3G' }, water).nbf, 14 + 1 + 1);
  const b = loadAssigned('cc-pVDZ', { H: 'STO-3G', 3: '6-31G*' }, water);
  assert.is(b.nbf, 14 + 1 + 2); // 6-31G* H: 2s
  assert.is(b.name, 'cc-pVDZ + STO-3G + 6-31G*');
});

test('shells run atom by atom, each atom with its own set\'s numbers, centred on the atom', () => {
  const b = loadAssigned('cc-pVDZ', { H: 'STO-3G', 3: '6-31G*' }, water);
  const sets = ['cc-pVDZ', 'STO-3G', '6-31G*'];
  let shell = 0;
  water.atoms.forEach((atom, i) => {
    const alone = load(sets[i]!, { atoms: [atom] }, { pure: true });
    for (let s = 0; s < alone.nshell; s++, shell++) {
      assert.is(b.shellAtom[shell], i);
      assert.is(b.shellL[shell], alone.shellL[s]);
      assert.equal(Array.from(b.shellCenter.subarray(3 * shell, 3 * shell + 3)), [...atom.position]);
      const p = b.shellFirstPrim[shell]!, q = alone.shellFirstPrim[s]!;
      assert.equal(Array.from(b.exponents.subarray(p, p + b.shellNprim[shell]!)), Array.from(alone.exponents.subarray(q, q + alone.shellNprim[s]!)));
    }
  });
  assert.is(shell, b.nshell);
});

test('one spherical/Cartesian choice for all shells: puream, else the default basis file\'s header', () => {
  // cc-pVDZ (spherical) with O in 6-31G* (a Cartesian file): O's d shell is spherical, 3s2p1d = 14.
  const sph = loadAssigned('cc-pVDZ', { O: '6-31G*' }, water);
  assert.ok(sph.shellPure.every((p) => p === 1));
  assert.is(sph.nbf, 14 + 5 + 5);
  // 6-31G* default: Cartesian everywhere, H's cc-pVDZ p shell too (3 functions either way), O 15.
  const cart = loadAssigned('6-31G*', { H: 'cc-pVDZ' }, water);
  assert.ok(cart.shellPure.every((p) => p === 0));
  assert.is(cart.nbf, 15 + 5 + 5);
  assert.is(loadAssigned('6-31G*', { H: 'cc-pVDZ' }, water, { pure: true }).nbf, 14 + 5 + 5);
});

test('an element the chosen set lacks, or an atom number beyond the molecule, names the entry', () => {
  const he2 = fromAtoms([['He', 0, 0, 0], ['He', 0, 0, 3]], { units: 'bohr' }); // 6-31++G** has no He
  assert.throws(() => loadAssigned('STO-3G', { He: '6-31++G**' }, he2), (e: unknown) => e instanceof BasisNotFoundError && e.location?.field === 'basis_assign.He' && /no functions for He \(atom 1/.test(e.message));
  assert.throws(() => loadAssigned('STO-3G', { 2: '6-31++G**' }, he2, { assignField: '--basis-for' }), (e: unknown) => e instanceof BasisNotFoundError && e.location?.field === '--basis-for');
  assert.throws(() => loadAssigned('6-31++G**', { 1: 'STO-3G' }, he2), (e: unknown) => e instanceof BasisNotFoundError && e.location?.field === 'basis_set' && /atom 2/.test(e.message));
  assert.throws(() => loadAssigned('STO-3G', { 4: 'cc-pVDZ' }, water), (e: unknown) => e instanceof InvalidInputError && e.location?.field === 'basis_assign.4' && /has 3 atoms/.test(e.message));
});

test('water with O in cc-pVDZ and H in STO-3G: the energy of a basis file holding those two blocks, to 1e-12 Eh', () => {
  const file = ['spherical', '', '****', elementBlock('cc-pVDZ', 'O'), '****', elementBlock('STO-3G', 'H'), '****', ''].join('\n');
  sameNumbers(load(file, water), loadAssigned('cc-pVDZ', { H: 'STO-3G' }, water));
  const fromFile = scf.runCalculation(water, { basis_set: file }, { threads: 1 });
  const assigned = scf.runCalculation(water, { basis_set: 'cc-pVDZ', basis_assign: { H: 'sto-3g' } }, { threads: 1 });
  assert.ok(fromFile.result.converged && assigned.result.converged);
  assert.is(assigned.basis.nbf, 16);
  assert.equal(assigned.parameters.basis_assign, { H: 'STO-3G' });
  assert.ok(Math.abs(assigned.result.energy - fromFile.result.energy) < 1e-12, `${assigned.result.energy} vs ${fromFile.result.energy}`);
});

test('two He atoms 20 bohr apart, one in cc-pVDZ and one in STO-3G: the sum of the two free atoms\' energies', () => {
  // Neutral closed-shell atoms whose functions do not overlap (smallest exponent 0.30 bohr⁻²:
  // e^(−0.15·400) at 20 bohr) do not interact, so each keeps its own basis's atomic energy.
  // Two atoms of one element in two sets also exercise SAD's per-basis atom data.
  const at = (z: number) => geometryAtoms([['He', 0, 0, z]]);
  const he = (basis: string, z: number) => scf.runCalculation(at(z), { basis_set: basis }, { threads: 1 }).result.energy;
  const pair = scf.runCalculation(geometryAtoms([['He', 0, 0, 0], ['He', 0, 0, 20]]), { basis_set: 'STO-3G', basis_assign: { 1: 'cc-pVDZ' } }, { threads: 1 });
  assert.ok(pair.result.converged);
  assert.is(pair.basis.nbf, 5 + 1);
  const sum = he('cc-pVDZ', 0) + he('STO-3G', 20);
  assert.ok(Math.abs(pair.result.energy - sum) < 1e-10, `${pair.result.energy} vs ${sum} (Δ ${(pair.result.energy - sum).toExponential(2)})`);
});

test.run();
