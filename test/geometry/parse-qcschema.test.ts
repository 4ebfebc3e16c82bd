import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseQcschema, parse } from '../../src/geometry';
import { expectInvalid } from './expect-invalid';

const reference = path.resolve(__dirname, '../reference');
const cases: { name: string; charge: number; multiplicity: number; nuclear_repulsion: number; atoms_bohr: [string, number, number, number][] }[] =
  JSON.parse(fs.readFileSync(path.join(reference, 'public-cases.json'), 'utf8'));

/** A QCSchema molecule for a reference case, coordinates in bohr. */
function qcschema(name: string): Record<string, unknown> {
  const c = cases.find((x) => x.name === name)!;
  return {
    schema_name: 'qcschema_molecule',
    schema_version: 2,
    symbols: c.atoms_bohr.map((a) => a[0]),
    geometry: c.atoms_bohr.flatMap((a) => a.slice(1)),
    molecular_charge: c.charge,
    molecular_multiplicity: c.multiplicity,
  };
}

test('a QCSchema molecule is read in bohr, exactly', () => {
  const c = cases.find((x) => x.name === 'oh_uhf_631gs')!;
  const m = parseQcschema(JSON.stringify(qcschema('oh_uhf_631gs'), null, 2));
  c.atoms_bohr.forEach(([symbol, x, y, z], i) => {
    assert.is(m.atoms[i]!.symbol, symbol);
    assert.equal([...m.atoms[i]!.position], [x, y, z]);
  });
  assert.is(m.multiplicity, 2);
  assert.ok(Math.abs(m.nuclearRepulsionEnergy() - c.nuclear_repulsion) < 1e-8);
});

test('molecular_charge and molecular_multiplicity set the state', () => {
  const m = parseQcschema(JSON.stringify(qcschema('nh4_631gs')));
  assert.is(m.charge, 1);
  assert.is(m.multiplicity, 1);
  const t = parseQcschema(JSON.stringify(qcschema('o2_uhf_631g')));
  assert.is(t.multiplicity, 3);
  assert.is(t.nalpha - t.nbeta, 2);
});

test('a full AtomicInput with a molecule key is accepted', () => {
  const input = { schema_name: 'qcschema_input', driver: 'energy', model: { method: 'hf', basis: 'sto-3g' }, molecule: qcschema('h2o_sto3g') };
  const m = parseQcschema(JSON.stringify(input));
  assert.is(m.formula, 'H2O');
});

test('symbols are case-insensitive, nested geometry and given masses are accepted', () => {
  const m = parseQcschema('{"symbols": ["he", "HE"], "geometry": [[0, 0, 0], [0, 0, 3]], "masses": [3.016, 4.0026]}');
  assert.equal(m.atoms.map((a) => a.symbol), ['He', 'He']);
  assert.is(m.atoms[0]!.mass, 3.016);
  assert.ok(Math.abs(m.centerOfMass()[2] - (3 * 4.0026) / (3.016 + 4.0026)) < 1e-14);
});

test('a byte order mark before the JSON is ignored', () => {
  assert.is(parseQcschema('\uFEFF{"symbols": ["He"], "geometry": [0, 0, 0]}').atoms.length, 1);
});

test('parse recognises .json files and JSON content', () => {
  const text = JSON.stringify(qcschema('h2_sto3g'));
  assert.is(parse(text, { filename: 'h2.json' }).source?.format, 'qcschema');
  assert.is(parse(text).source?.format, 'qcschema');
});

test('QCSchema mistakes name the file, the line of the key and the field', () => {
  const f = { filename: 'm.json' };
  const pretty = (o: unknown) => JSON.stringify(o, null, 2);
  expectInvalid(() => parseQcschema(pretty({ ...qcschema('h2o_sto3g'), molecular_multiplicity: 2 }), f), ['m.json:', '(molecular_multiplicity)', '10 electrons']);
  expectInvalid(() => parseQcschema(pretty({ ...qcschema('h2o_sto3g'), molecular_charge: 11 }), f), ['m.json:', '(molecular_charge)']);
  expectInvalid(() => parseQcschema(pretty({ ...qcschema('h2o_sto3g'), molecular_charge: '0' }), f), ['m.json:', '(molecular_charge)', 'must be a number']);
  expectInvalid(() => parseQcschema(pretty({ ...qcschema('h2o_sto3g'), symbols: ['O', 'H', 'Qq'] }), f), ['m.json:4', '(symbols[2])', "unknown element 'Qq'"]);
  expectInvalid(() => parseQcschema(pretty({ symbols: ['H', 'H'], geometry: [0, 0, 0, 0, 0] }), f), ['m.json:6', '(geometry)', '6 for the 2 symbols', 'got 5']);
  expectInvalid(() => parseQcschema(pretty({ symbols: ['H', 'H'], geometry: [0, 0, 0, 0, 'x', 1] }), f), ['m.json:6', '(geometry[4])']);
  expectInvalid(() => parseQcschema(pretty({ symbols: ['H', 'H'], geometry: [0, 0, 0, 0, 0, 0.01] }), f), ['m.json', '(position)', '0.1 Å']);
  expectInvalid(() => parseQcschema(pretty({ geometry: [0, 0, 0] }), f), ['m.json:1', '(symbols)']);
  expectInvalid(() => parseQcschema('{\n"symbols": ["H"],\n"geometry": [0, 0, 0\n}', f), ['m.json', '(JSON)', 'not valid JSON']);
  expectInvalid(() => parseQcschema('[1, 2]', f), ['m.json:1', '(JSON)']);
  expectInvalid(() => parseQcschema(pretty({ ...qcschema('h2_sto3g'), real: [true, false] }), f), ['m.json', '(real)', 'ghost']);
});

test.run();

test('a QCSchema coordinate beyond 10,000 bohr is refused, naming the geometry entry', () => {
  const text = JSON.stringify({ symbols: ['H', 'H'], geometry: [0, 0, 0, 0, 0, 1e300] });
  expectInvalid(() => parseQcschema(text, { filename: 'far.json' }), ['far.json:1', '(geometry[5])', 'out of range']);
});
