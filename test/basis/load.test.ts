import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { basisForElement, listBasisSets, load, type MoleculeLike } from '../../src/basis';
import { BasisNotFoundError, InvalidInputError } from '../../src/errors';
import { parseXyz } from '../../src/geometry';

const referenceDir = path.resolve(__dirname, '../reference');
const dataBasis = path.resolve(__dirname, '../../data/basis');

interface PublicCase {
  name: string;
  basis: string;
  puream: boolean;
  nbf: number;
  atoms_bohr: Array<[string, number, number, number]>;
}
const cases: PublicCase[] = JSON.parse(fs.readFileSync(path.join(referenceDir, 'public-cases.json'), 'utf8'));

const Z: Record<string, number> = { H: 1, C: 6, N: 7, O: 8, S: 16, Kr: 36, Rb: 37, Xe: 54 };

function molecule(atoms: Array<[string, number, number, number]>): MoleculeLike {
  return { atoms: atoms.map(([symbol, x, y, z]) => ({ symbol, Z: Z[symbol]!, position: [x, y, z] as const })) };
}

const water = molecule([
  ['O', 0, -0.143225816552, 0],
  ['H', 1.638036840407, 1.136548822547, 0],
  ['H', -1.638036840407, 1.136548822547, 0],
]);

test('nbf matches Psi4 for every public reference case, with its puream setting', () => {
  assert.ok(cases.length >= 17);
  for (const c of cases) {
    assert.is(load(c.basis, molecule(c.atoms_bohr), { pure: c.puream }).nbf, c.nbf, c.name);
  }
});

test('without an override the file header decides, as in Psi4 (only the _cart case overrides it)', () => {
  for (const c of cases) {
    const nbf = load(c.basis, molecule(c.atoms_bohr)).nbf;
    if (c.name === 'h2o_pyscf_ccpvdz_cart') assert.is(nbf, 24, 'cc-pVDZ is spherical by its header');
    else assert.is(nbf, c.nbf, c.name);
  }
});

test('water in cc-pVDZ has its shells in atom order and file order, with Psi4 function offsets', () => {
  const b = load('cc-pVDZ', water);
  assert.is(b.name, 'cc-pVDZ');
  assert.is(b.nshell, 12);
  assert.is(b.nbf, 24);
  assert.is(b.ncart, 25);
  assert.is(b.maxL, 2);
  assert.equal(Array.from(b.shellAtom), [0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2]);
  assert.equal(Array.from(b.shellL), [0, 0, 0, 1, 1, 2, 0, 0, 1, 0, 0, 1]);
  assert.equal(Array.from(b.shellFirstFunction), [0, 1, 2, 3, 6, 9, 14, 15, 16, 19, 20, 21]);
  assert.equal(Array.from(b.shellFirstCart), [0, 1, 2, 3, 6, 9, 15, 16, 17, 20, 21, 22]);
  // Primitive counts as in cc-pvdz.gbs: O 8, 8, 1 (s), 3, 1 (p), 1 (d); H 3, 1 (s), 1 (p).
  assert.equal(Array.from(b.shellNprim), [8, 8, 1, 3, 1, 1, 3, 1, 1, 3, 1, 1]);
  assert.equal(Array.from(b.shellFirstPrim), [0, 8, 16, 17, 20, 21, 22, 25, 26, 27, 30, 31]);
  assert.ok(b.shellPure.every((p) => p === 1));
  assert.equal(Array.from(b.shellCenter.slice(3 * 6, 3 * 6 + 3)), [1.638036840407, 1.136548822547, 0]);
  assert.is(b.exponents.length, 32);
  assert.is(b.exponents[0], 11720);
});

test('pure: false gives Cartesian shells everywhere and changes only counts and offsets', () => {
  const sph = load('cc-pVDZ', water);
  const cart = load('cc-pVDZ', water, { pure: false });
  assert.is(cart.nbf, 25);
  assert.is(cart.ncart, 25);
  assert.ok(cart.shellPure.every((p) => p === 0));
  assert.equal(cart.shellFirstFunction, cart.shellFirstCart);
  assert.equal(cart.coefficients, sph.coefficients);
  assert.equal(cart.exponents, sph.exponents);
  const pure631 = load('6-31G*', water, { pure: true });
  assert.is(pure631.nbf, 18);
});

test('SP shells of 6-31G* become S then P shells sharing exponents', () => {
  const b = load('6-31G*', water);
  const oxygen = Array.from(b.shellL).slice(0, 6);
  assert.equal(oxygen, [0, 0, 1, 0, 1, 2]);
  const s = b.shellFirstPrim[1]!;
  const p = b.shellFirstPrim[2]!;
  assert.equal(b.exponents.slice(s, s + 3), b.exponents.slice(p, p + 3));
});

test('every bundled basis set loads on water', () => {
  for (const { name } of listBasisSets()) {
    const b = load(name, water);
    assert.ok(b.nbf >= 7, name);
    assert.is(b.name, name);
    for (let i = 0; i < b.coefficients.length; i++) assert.ok(Number.isFinite(b.coefficients[i]!), name);
  }
});

test('a density-fitting (JKFIT) set loads by name through the same library, though not listed as an orbital set', () => {
  assert.not.ok(listBasisSets().some((b) => b.name === 'cc-pVDZ-JKFIT'));
  const aux = load('cc-pVDZ-JKFIT', water);
  assert.is(aux.name, 'cc-pVDZ-JKFIT');
  // O: 10 s, 7 p, 5 d, 2 f = 10 + 21 + 25 + 14 = 70; H: 4 s, 3 p, 2 d = 4 + 9 + 10 = 23 (Psi4: 116).
  assert.is(aux.nbf, 70 + 2 * 23);
  assert.is(load('def2-tzvp-jkfit', water).nbf, load('def2-QZVP-JKFIT', water).nbf, 'the def2 JKFIT files hold one universal set');
});

test('an element the basis does not cover is a BasisNotFoundError naming element, basis and atom', () => {
  const mol = molecule([['H', 0, 0, 0], ['Xe', 0, 0, 3]]);
  try {
    load('6-31G*', mol);
    assert.unreachable('should throw');
  } catch (e) {
    assert.instance(e, BasisNotFoundError);
    assert.match((e as Error).message, /6-31G\* has no functions for Xe \(atom 2, counting from 1\); it covers H–Kr/);
  }
});

test('an element carrying an ECP in def2 is refused with a clear message', () => {
  try {
    load('def2-SVP', molecule([['Rb', 0, 0, 0], ['H', 0, 0, 3]]));
    assert.unreachable('should throw');
  } catch (e) {
    assert.instance(e, InvalidInputError);
    assert.match((e as Error).message, /^def2-SVP uses an effective core potential for Rb \(atom 1, counting from 1\); ECPs are not supported/);
  }
  // Krypton has an all-electron def2 basis and loads.
  assert.ok(load('def2-SVP', molecule([['Kr', 0, 0, 0]])).nbf > 0);
});

test("a user's file whose molecule needs an ECP is refused the same way", () => {
  const text = fs.readFileSync(path.join(dataBasis, 'def2-svp.gbs'), 'utf8');
  assert.throws(
    () => load(text, molecule([['Rb', 0, 0, 0]]), { filename: 'my-def2.gbs' }),
    /my-def2\.gbs uses an effective core potential for Rb/,
  );
});

test("a user's text of a bundled file gives the same basis set as the bundled name", () => {
  for (const [file, name] of [['cc-pvdz.gbs', 'cc-pVDZ'], ['6-31gs.gbs', '6-31G*']] as const) {
    const text = fs.readFileSync(path.join(dataBasis, file), 'utf8');
    const mine = load(text, water, { filename: file });
    const bundled = load(name, water);
    assert.is(mine.name, file);
    assert.is(mine.nbf, bundled.nbf);
    assert.equal(mine.shellL, bundled.shellL);
    assert.equal(mine.shellPure, bundled.shellPure);
    assert.equal(mine.shellFirstFunction, bundled.shellFirstFunction);
    assert.equal(mine.exponents, bundled.exponents);
    assert.equal(mine.coefficients, bundled.coefficients);
  }
});

test("a user's text is named custom by default, or by the name option, and follows its own header", () => {
  const text = 'cartesian\n****\nH 0\nS 1 1.00\n 0.5 1.0\nD 1 1.00\n 1.0 1.0\n****\n';
  const h2 = molecule([['H', 0, 0, 0], ['H', 0, 0, 1.4]]);
  assert.is(load(text, h2).name, 'custom');
  assert.is(load(text, h2, { name: 'mine' }).name, 'mine');
  assert.is(load('cc-pvdz', h2, { name: 'cc-pvdz' }).name, 'cc-pVDZ', 'bundled sets keep their canonical name');
  assert.is(load(text, h2).nbf, 14);
  assert.is(load(text, h2, { pure: true }).nbf, 12);
  assert.is(load(text.replace('cartesian\n', ''), h2).nbf, 12, 'no header means spherical');
});

test("a malformed user's file reports its name and line", () => {
  const text = '****\nH 0\nS 2 1.00\n 0.5 1.0\n****\n';
  assert.throws(() => load(text, water, { filename: 'h.gbs' }), /^h\.gbs:5: expected primitive 2 of 2/);
});

test('an unknown basis name passed to load is a BasisNotFoundError', () => {
  assert.throws(() => load('cc-pvdzz', water), (e: unknown) => e instanceof BasisNotFoundError);
});

test('basisForElement returns normalised shells with the file coefficients alongside', () => {
  const o = basisForElement('cc-pvdz', 'o');
  assert.is(o.basis, 'cc-pVDZ');
  assert.is(o.symbol, 'O');
  assert.is(o.pure, true);
  assert.equal(o.shells.map((s) => s.L), [0, 0, 0, 1, 1, 2]);
  assert.is(o.shells[0]!.fileCoefficients[0], 0.00071);
  const b = load('cc-pVDZ', water);
  assert.equal(Array.from(b.coefficients.slice(0, 8)), o.shells[0]!.coefficients);
  assert.throws(() => basisForElement('cc-pvdz', 'Qq'), /not an element symbol/);
  assert.throws(() => basisForElement('def2-svp', 'Cs'), /effective core potential for Cs/);
});

test('a ghost atom carries its element’s functions (counted in nbf), and a ghost the basis lacks is named as one', () => {
  const water = parseXyz('3\n\nO 0 0 0.117\nH 0 0.757 -0.467\nH 0 -0.757 -0.467\n');
  const withGhost = parseXyz('4\n\nO 0 0 0.117\nH 0 0.757 -0.467\nH 0 -0.757 -0.467\nGh(O) 0 0 3.5\n');
  const lone = parseXyz('1\n\nO 0 0 3.5\n');
  assert.is(load('cc-pVDZ', withGhost).nbf, load('cc-pVDZ', water).nbf + load('cc-pVDZ', lone).nbf);
  assert.is(load('cc-pVDZ', withGhost).nbf, 38);
  const ghostK = parseXyz('4\n\nO 0 0 0.117\nH 0 0.757 -0.467\nH 0 -0.757 -0.467\n@K 0 0 4\n');
  try {
    load('cc-pVDZ', ghostK);
    assert.unreachable('cc-pVDZ has no K');
  } catch (e) {
    assert.instance(e, BasisNotFoundError);
    assert.match((e as Error).message, /no functions for K \(atom 4, counting from 1, a ghost atom\)/);
  }
});

test.run();
