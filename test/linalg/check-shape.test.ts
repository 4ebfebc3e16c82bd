import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InvalidInputError } from '../../src/errors';
import { eighGeneralized, expectCount, expectRows, expectSameShape, expectSameSquare, fromArray, identity, orthogonalizer, zeros } from '../../src/linalg';

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    assert.instance(e, InvalidInputError);
    return (e as Error).message;
  }
  return assert.unreachable('it threw') as never;
}

test('expectSameSquare returns n, and names the first mismatched matrix against the first one', () => {
  assert.is(expectSameSquare('f', { A: zeros(3), B: zeros(3) }), 3);
  assert.is(messageOf(() => expectSameSquare('rhfFock', { H: zeros(7), J: zeros(24), K: zeros(24) })), 'rhfFock: J is 24×24 but H is 7×7 (all three must be n×n with the same n)');
  assert.is(messageOf(() => expectSameSquare('f', { A: zeros(2, 3) })), 'f: A is 2×3 but must be square');
  assert.is(messageOf(() => expectSameSquare('f', { A: zeros(2), B: zeros(2, 3) })), 'f: B is 2×3 but A is 2×2 (both must be n×n with the same n)');
});

test('expectSameShape allows rectangular matrices of one shape', () => {
  expectSameShape('f', { A: zeros(1, 2), B: zeros(1, 2) });
  assert.is(messageOf(() => expectSameShape('f', { A: zeros(1, 2), B: zeros(2, 1) })), 'f: B is 2×1 but A is 1×2 (both must have the same shape)');
});

test('expectRows and expectCount say what was expected', () => {
  expectRows('f', 'X', zeros(4, 2), 4, 'F is 4×4');
  assert.is(messageOf(() => expectRows('f', 'X', zeros(3, 2), 4, 'F is 4×4')), 'f: X is 3×2 but must have 4 rows (F is 4×4)');
  expectCount('f', 'densities', [1, 2], 2, 'UHF');
  assert.is(messageOf(() => expectCount('f', 'densities', [], 1, 'RHF')), 'f: densities has 0 matrices but RHF takes 1');
});

test('orthogonalizer and eighGeneralized check their matrices', () => {
  assert.is(messageOf(() => orthogonalizer(zeros(2, 3))), 'orthogonalizer: S is 2×3 but must be square');
  assert.is(messageOf(() => eighGeneralized(zeros(2), identity(3))), 'eighGeneralized: B is 3×3 but A is 2×2 (both must be n×n with the same n)');
  assert.is(messageOf(() => eighGeneralized(zeros(2), null, { x: identity(3) })), 'eighGeneralized: x is 3×3 but must have 2 rows (A is 2×2)');
  assert.is(messageOf(() => eighGeneralized(zeros(2), null)), 'eighGeneralized: give either the metric B or an orthogonaliser x');
  assert.equal(Array.from(eighGeneralized(fromArray([[2, 0], [0, 8]]), fromArray([[2, 0], [0, 2]])).values, (v) => Math.round(v * 1e12) / 1e12), [1, 4]);
  assert.is(orthogonalizer(identity(2)).nmo, 2);
});

test.run();
