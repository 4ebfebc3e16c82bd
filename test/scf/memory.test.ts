import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkScfMemory, minimumScfBytes, SCF_WORKING_MATRICES } from '../../src/scf/memory';
import { InvalidInputError } from '../../src/errors';

test('the least memory of an SCF is 28 matrices of nbf² doubles', () => {
  assert.is(SCF_WORKING_MATRICES, 28);
  assert.is(minimumScfBytes(1000), 28 * 8 * 1000 * 1000);
});

test('a basis that fits passes; one that does not is refused naming nbf, the memory needed and the memory free', () => {
  checkScfMemory(24, { freeMemoryBytes: 1e9 });
  checkScfMemory(2000, { freeMemoryBytes: minimumScfBytes(2000) }); // exactly enough
  try {
    checkScfMemory(2001, { freeMemoryBytes: minimumScfBytes(2000), totalMemoryBytes: 8e9 }, '--basis');
    assert.unreachable('expected a refusal');
  } catch (error) {
    assert.instance(error, InvalidInputError);
    assert.is((error as Error).message, '--basis: 2001 basis functions need at least 0.897 GB of memory for the SCF (28 matrices of 2001 × 2001 doubles), but 0.896 GB of 8 GB is free; use a smaller basis or molecule');
  }
});

test('no measurement (0 or not finite) checks nothing', () => {
  checkScfMemory(1e6, { freeMemoryBytes: 0 });
  checkScfMemory(1e6, { freeMemoryBytes: Number.NaN });
});

test.run();
