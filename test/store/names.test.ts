import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkGroupName, checkGroupReference, checkListLimit, checkName, jobName, MAX_NAME_LENGTH } from '../../src/store/names';
import { InvalidInputError } from '../../src/errors';

function refused(fn: () => unknown, pattern: RegExp): void {
  try {
    fn();
  } catch (error) {
    assert.instance(error, InvalidInputError);
    assert.match((error as Error).message, pattern);
    assert.not.match((error as Error).message, /\n/);
    return;
  }
  assert.unreachable('expected an InvalidInputError');
}

test('a name of 200 characters (code points, as PostgreSQL counts them) is accepted, 201 is not', () => {
  assert.is(checkName('a'.repeat(MAX_NAME_LENGTH), 'a job name', 'name').length, 200);
  // 200 astral characters are 400 UTF-16 units but 200 characters for varchar(200).
  assert.is([...checkName('🧪'.repeat(200), 'a job name', 'name')].length, 200);
  refused(() => checkName('a'.repeat(201), 'a job name', 'name'), /^name: a job name must be 1–200 characters, got 201$/);
});

test('an empty name, a name with a line break and a UUID-like group name are refused', () => {
  refused(() => checkName('  ', 'a job name', 'name'), /got 0/);
  refused(() => checkName('a\nb', 'a job name', 'name'), /control characters/);
  refused(() => checkGroupName('3f1c2a9e-5b7d-4c1e-9a2b-0c4d6e8f1a2b'), /may not look like a UUID/);
  refused(() => checkGroupReference('g'.repeat(300)), /^group: a group id or name must be 1–200 characters, got 300$/);
});

test('a default job name from a long file name is cut to 200 characters', () => {
  assert.is(jobName(undefined, `dir/${'w'.repeat(250)}.xyz`)!.length, 200);
  assert.is(jobName(undefined, 'runs/water.xyz'), 'water.xyz');
  assert.is(jobName(undefined, undefined), null);
});

test('a listing limit must be a whole number from 1', () => {
  assert.is(checkListLimit(20), 20);
  for (const bad of [-1, 0, 0.5, Number.NaN, Infinity, 1e9]) refused(() => checkListLimit(bad), /^limit: must be a whole number from 1 to 1000000/);
});

test.run();
