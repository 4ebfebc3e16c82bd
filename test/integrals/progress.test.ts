import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from '../../src/geometry';
import { load } from '../../src/basis';
import { ScfInterruptedError } from '../../src/errors';
import { buildPackedEriStore, createStoredJK, createStoredJKAsync, storeBatches } from '../../src/integrals/jk-stored';
import { runSteps, runStepsAsync, type IntegralProgress, type Steps } from '../../src/integrals/progress';
import { publicCase } from './eri-fixtures';

/*
 * The packed ERI store is computed in batches of about equal work, with progress after each and
 * an abort checked between them; the batched store is the same, bit for bit, as the whole one.
 */

const caffeine = parse(fs.readFileSync(path.join(__dirname, '../reference/geometries/caffeine.xyz'), 'utf8'), { format: 'xyz' });

test('store batches cover every task once, in order, with about equal work', () => {
  for (const ntasks of [1, 2, 7, 300, 3240]) {
    const { bounds, work, total } = storeBatches(ntasks);
    assert.is(bounds[0], 0);
    assert.is(bounds[bounds.length - 1], ntasks);
    assert.ok(bounds.every((b, i) => i === 0 || b > bounds[i - 1]!), 'strictly increasing');
    assert.ok(bounds.length - 1 <= 100, `at most 100 batches, got ${bounds.length - 1}`);
    assert.is(work[work.length - 1], total);
    assert.is(total, (ntasks * (ntasks + 1)) / 2);
    // Each batch but the ones forced by a single large task holds about 1 % of the work.
    if (ntasks >= 3000) {
      const shares = work.slice(1).map((w, i) => (w - work[i]!) / total);
      assert.ok(Math.max(...shares) < 0.02, `largest batch ${Math.max(...shares)}`);
    }
  }
});

test('createStoredJK reports monotone progress ending at 1 and gives the same store on 1 and 2 threads as in one piece', () => {
  const { basis } = publicCase('h2o_ccpvdz');
  const seen: IntegralProgress[] = [];
  const jk1 = createStoredJK(basis, { threads: 1, onProgress: (p) => seen.push(p) });
  const jk2 = createStoredJK(basis, { threads: 2 });
  try {
    assert.ok(seen.length > 10, `${seen.length} reports`);
    assert.ok(seen.every((p) => p.phase === 'two-electron integrals'));
    assert.is(seen[0]!.fraction, 0);
    assert.is(seen[seen.length - 1]!.fraction, 1);
    assert.ok(seen.every((p, i) => i === 0 || p.fraction > seen[i - 1]!.fraction), 'increasing');
    const whole = buildPackedEriStore(basis, { threads: 1 });
    assert.equal(jk1.store.data, whole.data);
    assert.equal(jk2.store.data, whole.data);
    assert.is(jk1.store.quartetsComputed, whole.quartetsComputed);
    assert.is(jk2.store.quartetsComputed, whole.quartetsComputed);
  } finally {
    jk1.dispose();
    jk2.dispose();
  }
});

test('an abort from a progress callback stops the store between batches with an INTERRUPTED error naming the phase', () => {
  const { basis } = publicCase('h2o_ccpvdz');
  const controller = new AbortController();
  let reports = 0;
  try {
    createStoredJK(basis, { threads: 1, signal: controller.signal, onProgress: (p) => { reports++; if (p.fraction > 0.3) controller.abort(); } });
    assert.unreachable('finished despite the abort');
  } catch (e) {
    assert.instance(e, ScfInterruptedError);
    assert.is((e as ScfInterruptedError).code, 'INTERRUPTED');
    assert.match((e as Error).message, /^the SCF was interrupted while computing the two-electron integrals \((3\d) % done\)$/);
  }
  assert.ok(reports < 50, `stopped early: ${reports} reports`);
});

test('createStoredJKAsync lets a timer abort it mid-way (caffeine / 6-31G, 2 threads) and stops within one batch', async () => {
  const basis = load('6-31G', caffeine);
  const controller = new AbortController();
  const seen: number[] = [];
  const started = performance.now();
  let abortedAt = 0;
  setTimeout(() => { abortedAt = performance.now(); controller.abort(); }, 300);
  try {
    await createStoredJKAsync(basis, { threads: 2, signal: controller.signal, onProgress: (p) => seen.push(p.fraction) });
    assert.unreachable('finished despite the abort');
  } catch (e) {
    assert.instance(e, ScfInterruptedError);
  }
  const stopped = performance.now();
  assert.ok(abortedAt > 0, 'the timer ran while the integrals were computed');
  const last = seen[seen.length - 1]!;
  assert.ok(last > 0 && last < 1, `stopped part-way: ${last}`);
  // One batch is ~1 % of the work; a whole caffeine/6-31G store takes seconds here.
  assert.ok(stopped - abortedAt < 500, `stopped ${(stopped - abortedAt).toFixed(0)} ms after the abort (started ${(abortedAt - started).toFixed(0)} ms in)`);
});

test('runSteps and runStepsAsync return the value, and an already-aborted signal stops before the first batch', async () => {
  function* steps(): Steps<number> {
    yield { phase: 'p', fraction: 0.5 };
    yield { phase: 'p', fraction: 1 };
    return 42;
  }
  const seen: number[] = [];
  assert.is(runSteps(steps(), { onProgress: (p) => seen.push(p.fraction) }), 42);
  assert.is(await runStepsAsync(steps()), 42);
  assert.equal(seen, [0.5, 1]);
  const aborted = AbortSignal.abort();
  assert.throws(() => runSteps(steps(), { signal: aborted }), /interrupted before its integrals were computed/);
  try {
    await runStepsAsync(steps(), { signal: aborted });
    assert.unreachable();
  } catch (e) {
    assert.instance(e, ScfInterruptedError);
  }
});

test.run();
