import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as scf from '../../src/scf';
import { parse } from '../../src/geometry';
import { ScfInterruptedError } from '../../src/errors';
import { watchScf } from '../../src/notebook';

/* watchScf over a prepared calculation runs through scf.drive: the prepared options, control changes and an abort signal. */

const water = parse('3\nwater\nO 0 0 0.117\nH 0 0.757 -0.467\nH 0 -0.757 -0.467\n', { format: 'xyz' });

test('watchScf runs a prepared calculation with its options and passes control changes on', async () => {
  const prepared = scf.prepareCalculation(water, scf.parseScfParameters({ basis_set: 'STO-3G', guess: 'core', max_iteration: 40 }), { threads: 1 });
  try {
    const watched = await watchScf(prepared, { display: false, onIteration: (r) => (r.iteration === 2 ? { damping: 0.4 } : undefined) });
    assert.ok(watched.result.converged);
    assert.is(watched.records[0]!.damping, 0);
    assert.is(watched.records[2]!.damping, 0.4);
    assert.is(watched.records.length, watched.result.iterations);
    const direct = scf.run(prepared, { maxIterations: 1 });
    assert.is(watched.records[0]!.energy, direct.history[0]!.energy, 'the core guess of the parameters was used');
  } finally {
    prepared.dispose();
  }
});

test('watchScf stops on an abort, for a prepared calculation and for a generator', async () => {
  const prepared = scf.prepareCalculation(water, scf.parseScfParameters({ basis_set: 'STO-3G' }), { threads: 1 });
  try {
    for (const source of [() => prepared, () => scf.iterate(prepared)] as const) {
      const controller = new AbortController();
      let error: unknown;
      try {
        await watchScf(source() as scf.PreparedCalculation, {
          display: false,
          signal: controller.signal,
          onIteration: (r) => {
            if (r.iteration === 3) controller.abort();
          },
        });
      } catch (e) {
        error = e;
      }
      assert.instance(error, ScfInterruptedError);
      assert.is((error as ScfInterruptedError).lastIteration?.iteration, 3);
    }
  } finally {
    prepared.dispose();
  }
});

test.run();
