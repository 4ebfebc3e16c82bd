import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { formatLocation, InvalidInputError, RoothaanError, BasisNotFoundError } from '../../src/errors';

test('a location names the file, the line and the field', () => {
  assert.is(formatLocation({ file: 'water.xyz', line: 4, field: 'element' }), 'water.xyz:4 (element)');
  assert.is(formatLocation({ file: 'water.xyz' }), 'water.xyz');
  assert.is(formatLocation({ line: 3 }), '<input>:3');
});

test('a field alone is named without a file', () => {
  assert.is(formatLocation({ field: 'max_iteration' }), 'max_iteration');
  assert.is(formatLocation(undefined), '');
});

test('errors carry a stable code and their location in the message', () => {
  const e = new InvalidInputError('unknown element Xx', { file: 'a.xyz', line: 3, field: 'element' });
  assert.ok(e instanceof RoothaanError);
  assert.is(e.code, 'INVALID_INPUT');
  assert.is(e.name, 'InvalidInputError');
  assert.is(e.message, 'a.xyz:3 (element): unknown element Xx');
  assert.is(new BasisNotFoundError('no such basis').code, 'BASIS_NOT_FOUND');
});

test('outside the kernel an error keeps its ordinary stack', () => {
  const e = new InvalidInputError('bad', { field: 'x' });
  assert.match(e.stack!, /^InvalidInputError: x: bad\n\s+at /);
  assert.match(e.stack!, /roothaan-error\.test\.ts/, 'the frames are all there');
});

test('in the kernel the stack is the code and message, then only frames outside roothaan and node_modules, even after vm decorates it', () => {
  const flag = Symbol.for('roothaan.kernel');
  const root = path.resolve(__dirname, '..', '..');
  (globalThis as Record<symbol, unknown>)[flag] = { packageRoot: root };
  try {
    // A "cell": code run by vm, as tslab runs it, calling into roothaan's src.
    const context = { make: () => new InvalidInputError('J is 2×2 but H is 1×1', { field: 'rhfFock' }) };
    let thrown: unknown;
    try {
      vm.runInThisContext('(function (make) { throw make(); })')(context.make);
    } catch (e) {
      thrown = e;
    }
    const e = thrown as InvalidInputError;
    const lines = e.stack!.split('\n');
    assert.is(lines[0], 'InvalidInputError [INVALID_INPUT]: rhfFock: J is 2×2 but H is 1×1');
    assert.ok(lines.slice(1).every((l) => /^\s+at /.test(l)), e.stack);
    assert.ok(lines.some((l) => l.includes('evalmachine')), `the cell's frame is kept:\n${e.stack}`);
    assert.not.match(e.stack!, /node_modules|node:|[\\/]src[\\/]errors/, 'no uvu, Node or roothaan frames');
    // vm with displayErrors (tslab's default) prefixes a source excerpt to the stack: the short stack stays.
    const short = e.stack;
    e.stack = 'roothaan-error.js:42\n    throw here\n    ^\n\n' + short;
    assert.is(e.stack, short);
    e.stack = 'replaced';
    assert.is(e.stack, 'replaced', 'any other assignment still replaces it');
  } finally {
    delete (globalThis as Record<symbol, unknown>)[flag];
  }
});

test.run();
