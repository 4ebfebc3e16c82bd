import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InvalidInputError } from '../../src/errors';
import { decodeNpy, encodeNpy } from '../../src/io';
import { readNpy } from '../helpers/npy';

/** A Python with NumPy: /usr/bin/python3 (Debian's, pulled in by psi4) or python3 on PATH. */
function pythonWithNumpy(): string | undefined {
  for (const py of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(py, ['-c', 'import numpy'], { stdio: 'ignore' });
      return py;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

test('the header is NumPy v1.0 with the data starting at a multiple of 64 bytes', () => {
  for (const shape of [[3], [2, 2], [2, 3, 3], [0], [1, 1]]) {
    const n = shape.reduce((a, b) => a * b, 1);
    const bytes = encodeNpy({ shape, data: Float64Array.from({ length: n }, (_, i) => i + 0.5) });
    assert.equal([...bytes.subarray(0, 8)], [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const headerLen = bytes.readUInt16LE(8);
    assert.is((10 + headerLen) % 64, 0, `shape ${shape}`);
    assert.is(bytes[10 + headerLen - 1], 0x0a, 'header ends with a newline');
    assert.is(bytes.length, 10 + headerLen + 8 * n);
  }
});

test('a 1-D shape is written as a 1-tuple with its trailing comma', () => {
  const header = encodeNpy({ shape: [4], data: new Float64Array(4) }).toString('latin1', 10, 80);
  assert.match(header, /'shape': \(4,\), \}/);
  assert.match(encodeNpy({ shape: [2, 3], data: new Float64Array(6) }).toString('latin1', 10, 80), /'shape': \(2, 3\), \}/);
});

test('decode(encode(x)) returns exactly x, including signed zeros, subnormals and infinities', () => {
  const data = Float64Array.of(-0, 5e-324, Number.MAX_VALUE, -Infinity, Infinity, Math.PI, -1e-300, 0.1);
  const back = decodeNpy(encodeNpy({ shape: [2, 4], data }));
  assert.equal(back.shape, [2, 4]);
  assert.equal([...new Uint8Array(back.data.buffer)], [...new Uint8Array(data.buffer)]);
});

test('the shared test reader reads what the writer writes', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npy-'));
  const file = path.join(dir, 'x.npy');
  fs.writeFileSync(file, encodeNpy({ shape: [2, 2, 2], data: Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8) }));
  const r = readNpy(file);
  assert.equal(r.shape, [2, 2, 2]);
  assert.equal([...r.data], [1, 2, 3, 4, 5, 6, 7, 8]);
  fs.rmSync(dir, { recursive: true });
});

test('a shape that does not match the data is a RangeError', () => {
  assert.throws(() => encodeNpy({ shape: [2, 2], data: new Float64Array(3) }), RangeError);
});

test('truncated, non-float64, Fortran-order and non-npy bytes are InvalidInputErrors naming what was read', () => {
  const good = encodeNpy({ shape: [2, 2], data: Float64Array.of(1, 2, 3, 4) });
  const cases: Array<[Buffer, RegExp]> = [
    [good.subarray(0, good.length - 1), /data bytes/],
    [Buffer.from('hello world, not numpy'), /magic/],
    [Buffer.from(good.toString('latin1').replace("'<f8'", "'<f4'"), 'latin1'), /dtype <f4/],
    [Buffer.from(good.toString('latin1').replace('False', 'True '), 'latin1'), /Fortran/],
  ];
  for (const [bytes, pattern] of cases) {
    assert.throws(() => decodeNpy(bytes, 'x.bin'), (e: unknown) => e instanceof InvalidInputError && pattern.test((e as Error).message));
  }
});

const python = pythonWithNumpy();
test(`numpy.load reads the files exactly (${python ? `with ${python}` : 'SKIPPED: no python with numpy found'})`, () => {
  if (python === undefined) {
    if (process.env.CI === 'true') console.warn('[npy test] no python with numpy: numpy.load check skipped');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npy-'));
  const n = 5;
  const data = Float64Array.from({ length: 2 * n * n }, (_, i) => Math.sin(i) * 10 ** ((i % 7) - 3));
  fs.writeFileSync(path.join(dir, 'uhf.bin'), encodeNpy({ shape: [2, n, n], data }));
  fs.writeFileSync(path.join(dir, 'vec.bin'), encodeNpy({ shape: [3], data: Float64Array.of(1, -2, 3.5) }));
  const script = [
    'import numpy, sys, json',
    'a = numpy.load(sys.argv[1] + "/uhf.bin")',
    'v = numpy.load(sys.argv[1] + "/vec.bin")',
    'print(json.dumps({"shape": list(a.shape), "dtype": str(a.dtype), "c": bool(a.flags["C_CONTIGUOUS"]), "hex": a.tobytes().hex(), "v": v.tolist(), "vshape": list(v.shape)}))',
  ].join('\n');
  const out = JSON.parse(execFileSync(python, ['-c', script, dir], { encoding: 'utf8' })) as Record<string, unknown>;
  assert.equal(out.shape, [2, n, n]);
  assert.is(out.dtype, 'float64');
  assert.is(out.c, true);
  assert.is(out.hex, Buffer.from(data.buffer).toString('hex'), 'bit-identical values');
  assert.equal(out.v, [1, -2, 3.5]);
  assert.equal(out.vshape, [3]);
  fs.rmSync(dir, { recursive: true });
});

test.run();
