import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from '../../src/geometry';
import { ScfInterruptedError } from '../../src/errors';
import { ProgressDisplay, prepareWithProgress } from '../../src/notebook';
import { recorder } from './helpers';

/* A long step's progress in a notebook: one output, displayed once and updated in place by its display id. */

const water = parse('3\nwater\nO 0 0 0.117\nH 0 0.757 -0.467\nH 0 -0.757 -0.467\n', { format: 'xyz' });

test('a ProgressDisplay shows the phase and percentage, throttled, with every phase change and the end drawn', () => {
  const sink = recorder();
  const progress = new ProgressDisplay({ sink, intervalMs: 60_000, title: 'water' });
  progress.onProgress({ phase: 'one-electron integrals', fraction: 0 });
  progress.onProgress({ phase: 'one-electron integrals', fraction: 0.5 }); // throttled
  progress.onProgress({ phase: 'two-electron integrals', fraction: 0 });
  progress.onProgress({ phase: 'two-electron integrals', fraction: 0.42 }); // throttled
  progress.onProgress({ phase: 'two-electron integrals', fraction: 1 });
  progress.done();
  assert.is(sink.shown.length, 1);
  assert.is(sink.shown[0]!.displayId, progress.displayId);
  assert.equal(sink.updates.map((u) => u.displayId), [progress.displayId, progress.displayId, progress.displayId]);
  assert.equal(sink.updates.map((u) => (u.bundle['text/plain'] as string).split('\n')[1]!.replace(/^\[[#.]+\] /, '')), ['two-electron integrals: 0 %', 'two-electron integrals: 100 %', 'done']);
  assert.match(sink.shown[0]!.bundle['text/html'] as string, /<progress max="100" value="0"/);
});

test('prepareWithProgress shows the integrals as they are computed and ends with what was built', async () => {
  const sink = recorder();
  const prepared = await prepareWithProgress(water, { basis_set: 'cc-pVDZ' }, { threads: 1, sink, intervalMs: 0 });
  try {
    assert.is(sink.shown.length, 1);
    const texts = sink.updates.map((u) => u.bundle['text/plain'] as string);
    assert.ok(texts.some((t) => /two-electron integrals: [1-9]\d? %/.test(t)), 'part-way reports');
    assert.match(texts[texts.length - 1]!, /integrals done \(24 basis functions\)$/);
  } finally {
    prepared.dispose();
  }
  const controller = new AbortController();
  const stopped = recorder();
  try {
    await prepareWithProgress(water, { basis_set: 'cc-pVDZ' }, { threads: 1, sink: stopped, signal: controller.signal, onProgress: (p) => { if (p.phase === 'two-electron integrals' && p.fraction > 0.5) controller.abort(); } });
    assert.unreachable('finished despite the abort');
  } catch (e) {
    assert.instance(e, ScfInterruptedError);
  }
  const last = stopped.updates[stopped.updates.length - 1]!.bundle['text/plain'] as string;
  assert.match(last, /stopped: the SCF was interrupted while computing the two-electron integrals/);
});

test.run();
