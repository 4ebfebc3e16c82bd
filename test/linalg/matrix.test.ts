import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { zeros, identity, fromArray, toArray } from '../../src/linalg';

test('zeros allocates rows × cols elements, all zero', () => {
  const m = zeros(2, 3);
  assert.is(m.rows, 2);
  assert.is(m.cols, 3);
  assert.equal(Array.from(m.data), [0, 0, 0, 0, 0, 0]);
});

test('zeros rejects negative or fractional dimensions', () => {
  assert.throws(() => zeros(-1, 2), /non-negative integers/);
  assert.throws(() => zeros(1.5), /non-negative integers/);
});

test('identity has ones on the diagonal only', () => {
  assert.equal(Array.from(identity(3).data), [1, 0, 0, 0, 1, 0, 0, 0, 1]);
});

test('fromArray and toArray round-trip row-major data', () => {
  const rows = [[1, 2, 3], [4, 5, 6]];
  const m = fromArray(rows);
  assert.equal(Array.from(m.data), [1, 2, 3, 4, 5, 6]);
  assert.equal(toArray(m), rows);
});

test('fromArray rejects ragged rows', () => {
  assert.throws(() => fromArray([[1, 2], [3]]), /row 1 has 1 entries, expected 2/);
});

test.run();
