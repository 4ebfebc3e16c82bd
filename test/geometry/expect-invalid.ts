import * as assert from 'uvu/assert';
import { InvalidInputError } from '../../src/errors';

/**
 * Runs `fn`, asserts it throws an InvalidInputError whose message contains every one of `parts`
 * (file name, `:line`, field, …), and returns the error for further checks.
 */
export function expectInvalid(fn: () => unknown, parts: readonly string[]): InvalidInputError {
  try {
    fn();
  } catch (e) {
    assert.instance(e, InvalidInputError);
    const error = e as InvalidInputError;
    for (const part of parts) assert.ok(error.message.includes(part), `message ${JSON.stringify(error.message)} should contain ${JSON.stringify(part)}`);
    assert.is(error.code, 'INVALID_INPUT');
    return error;
  }
  assert.unreachable(`expected an InvalidInputError containing ${parts.join(', ')}`);
  throw new Error('unreachable');
}
