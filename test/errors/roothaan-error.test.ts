import { test } from 'uvu';
import * as assert from 'uvu/assert';
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

test.run();
