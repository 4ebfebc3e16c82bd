import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse, detectFormat, GEOMETRY_FORMATS } from '../../src/geometry';
import { expectInvalid } from './expect-invalid';

const XYZ = '2\nH2\nH 0 0 0\nH 0 0 0.74\n';
const ZMAT = 'H\nH 1 0.74\n';
const QCSCHEMA = '{"symbols": ["H", "H"], "geometry": [0, 0, 0, 0, 0, 1.4]}';

test('the file extension decides the format, in any case', () => {
  assert.is(detectFormat('', 'a.xyz'), 'xyz');
  assert.is(detectFormat('', 'a.XYZ'), 'xyz');
  assert.is(detectFormat('', 'dir.d/a.zmat'), 'zmat');
  assert.is(detectFormat('', 'a.mol'), 'molfile');
  assert.is(detectFormat('', 'a.sdf'), 'molfile');
  assert.is(detectFormat('', 'a.pdb'), 'pdb');
  assert.is(detectFormat('', 'a.ent'), 'pdb');
  assert.is(detectFormat('', 'a.json'), 'qcschema');
});

test('without a known extension the content decides', () => {
  assert.is(detectFormat(XYZ), 'xyz');
  assert.is(detectFormat('H 0 0 0\nH 0 0 0.74\n'), 'xyz');
  assert.is(detectFormat(ZMAT), 'zmat');
  assert.is(detectFormat('0 1\nO\nH 1 r\n'), 'zmat');
  assert.is(detectFormat('0 1\nO 0 0 0\nH 0 0 1\n'), 'zmat');
  assert.is(detectFormat('units bohr\nH\nH 1 1.4\n'), 'zmat');
  assert.is(detectFormat(QCSCHEMA, 'molecule.txt'), 'qcschema');
  assert.is(detectFormat('ATOM      1  N   GLY A   1       0.000   0.000   0.000  1.00  0.00           N\n'), 'pdb');
});

test('content that fits no format is refused with advice to pass format', () => {
  expectInvalid(() => detectFormat('hello world\nthis is prose\n', 'notes.txt'), ['notes.txt:1', '(format)', 'pass format']);
});

test('parse detects the format and keeps the source text as-is', () => {
  for (const [text, format] of [[XYZ, 'xyz'], [ZMAT, 'zmat'], [QCSCHEMA, 'qcschema']] as const) {
    const m = parse(text);
    assert.is(m.source?.format, format);
    assert.is(m.source?.text, text);
    assert.is(m.formula, 'H2');
  }
});

test('the format option forces a format over the extension', () => {
  const m = parse(ZMAT, { filename: 'looks-like.xyz', format: 'zmat' });
  assert.is(m.source?.format, 'zmat');
  assert.is(m.source?.filename, 'looks-like.xyz');
  // Forced to the wrong format, the parser complains about the content.
  expectInvalid(() => parse(ZMAT, { format: 'xyz', filename: 'h2.txt' }), ['h2.txt:1', '(atom count)']);
  expectInvalid(() => parse(XYZ, { format: 'bogus' as never }), ['(format)', "unknown format 'bogus'"]);
});

test('the units option reaches the XYZ and Z-matrix parsers through parse', () => {
  assert.is(parse(XYZ, { units: 'bohr' }).distance(0, 1), 0.74);
  assert.is(parse(ZMAT, { units: 'bohr' }).distance(0, 1), 0.74);
});

test('empty and binary input get the same message whatever the format', () => {
  for (const format of GEOMETRY_FORMATS) {
    expectInvalid(() => parse('', { format, filename: `e.${format}` }), [`e.${format}:1`, 'empty']);
    expectInvalid(() => parse('\n\n\0\0', { format, filename: 'b' }), ['b:3', 'binary']);
  }
});

test.run();
