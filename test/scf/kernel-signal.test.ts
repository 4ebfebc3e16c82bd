import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as scf from '../../src/scf';
import { parse } from '../../src/geometry';
import { ScfInterruptedError } from '../../src/errors';
import { watchScf } from '../../src/notebook/watch-scf';

/*
 * In the roothaan kernel the preload keeps an AbortController under Symbol.for('roothaan.kernel');
 * the SCF entry points given no signal obey it. Here a test plays the preload.
 */

const KERNEL = Symbol.for('roothaan.kernel');
const water = parse('3\nwater\nO 0 0 0.117\nH 0 0.757 -0.467\nH 0 -0.757 -0.467\n', { format: 'xyz' });
const caffeine = parse(fs.readFileSync(path.join(__dirname, '../reference/geometries/caffeine.xyz'), 'utf8'), { format: 'xyz' });
const g = globalThis as Record<symbol, unknown>;

/** Plays the preload: a current controller, replaced on each "interrupt". */
function fakeKernel(): { interrupt(): void; restore(): void } {
  const before = g[KERNEL];
  let controller = new AbortController();
  g[KERNEL] = { packageRoot: '/nowhere', get signal() { return controller.signal; } };
  return {
    interrupt() {
      const c = controller;
      controller = new AbortController();
      c.abort();
    },
    restore() {
      if (before === undefined) delete g[KERNEL];
      else g[KERNEL] = before;
    },
  };
}

test('outside the kernel there is no default signal; a given signal wins over the kernel\'s', () => {
  assert.is(scf.kernelSignal(), undefined);
  const kernel = fakeKernel();
  try {
    const own = new AbortController().signal;
    assert.is(scf.defaultSignal(own), own);
    assert.ok(scf.kernelSignal() instanceof AbortSignal);
    assert.is(scf.defaultSignal(undefined), scf.kernelSignal());
  } finally {
    kernel.restore();
  }
});

test('drive and watchScf given no signal stop within one iteration of a kernel interrupt, and the next run is not affected', async () => {
  const prepared = scf.prepareCalculation(water, scf.parseScfParameters({ basis_set: 'STO-3G', use_diis: false, max_iteration: 200, convergence: { energy: 1e-14, density: 1e-14 } }), { threads: 1 });
  const kernel = fakeKernel();
  try {
    for (const run of [
      (on: (r: { iteration: number }) => void) => scf.drive(prepared, { onIteration: on }),
      (on: (r: { iteration: number }) => void) => watchScf(prepared, { display: false, onIteration: on }),
    ]) {
      let seen = 0;
      try {
        await run((r) => { seen = r.iteration; if (r.iteration === 3) kernel.interrupt(); });
        assert.unreachable('ran to the end');
      } catch (e) {
        assert.instance(e, ScfInterruptedError);
        assert.is((e as ScfInterruptedError).lastIteration?.iteration, 3);
        assert.match((e as Error).message, /interrupted after iteration 3/);
      }
      assert.is(seen, 3, 'no iteration after the interrupt');
    }
    // A fresh controller: the next run goes to the end.
    const after = await scf.drive(prepared, { options: { maxIterations: 5 } });
    assert.is(after.iterations, 5);
  } finally {
    kernel.restore();
    prepared.dispose();
  }
});

test('driveCalculation stops in its integrals when the kernel is interrupted (caffeine / 6-31G): no iteration runs', async () => {
  const kernel = fakeKernel();
  const phases = new Set<string>();
  let iterations = 0;
  let interruptedAt = 0;
  // Interrupted 100 ms into the two-electron integrals (a timer: it runs only if the event loop does).
  const onProgress = (p: scf.IntegralProgress): void => {
    if (p.phase === 'two-electron integrals' && !phases.has(p.phase)) setTimeout(() => { interruptedAt = performance.now(); kernel.interrupt(); }, 100);
    phases.add(p.phase);
  };
  try {
    await scf.driveCalculation(caffeine, { basis_set: '6-31G' }, { threads: 1, onProgress, onIteration: () => void iterations++ });
    assert.unreachable('ran to the end');
  } catch (e) {
    assert.instance(e, ScfInterruptedError);
    assert.match((e as Error).message, /while computing the two-electron integrals \(\d+ % done\)/);
  } finally {
    kernel.restore();
  }
  assert.is(iterations, 0);
  assert.equal([...phases], ['one-electron integrals', 'two-electron integrals']);
  assert.ok(interruptedAt > 0);
  assert.ok(performance.now() - interruptedAt < 500, `stopped ${(performance.now() - interruptedAt).toFixed(0)} ms after the interrupt`);
});

test('prepareCalculation (synchronous) reports the phases and stops when its progress callback aborts', () => {
  const controller = new AbortController();
  const seen: scf.IntegralProgress[] = [];
  assert.throws(
    () => scf.prepareCalculation(water, scf.parseScfParameters({ basis_set: 'cc-pVDZ' }), {
      threads: 1, signal: controller.signal, onProgress: (p) => { seen.push(p); if (p.phase === 'two-electron integrals' && p.fraction >= 0.5) controller.abort(); },
    }),
    (e: unknown) => e instanceof ScfInterruptedError && /two-electron integrals \([5-9]\d % done\)/.test(e.message),
  );
  assert.equal(seen.slice(0, 2).map((p) => [p.phase, p.fraction]), [['one-electron integrals', 0], ['one-electron integrals', 1]]);
  assert.ok(seen[seen.length - 1]!.fraction < 1);
});

test('iterate and run take a signal option: an abort in onIteration stops before the next iteration; a non-signal is refused', () => {
  const prepared = scf.prepareCalculation(water, scf.parseScfParameters({ basis_set: 'STO-3G', use_diis: false }), { threads: 1 });
  try {
    const controller = new AbortController();
    let seen = 0;
    assert.throws(
      () => scf.run(prepared, { signal: controller.signal }, (r) => { seen = r.iteration; if (r.iteration === 2) controller.abort(); }),
      (e: unknown) => e instanceof ScfInterruptedError && e.lastIteration?.iteration === 2 && e.message === 'the SCF was interrupted after iteration 2',
    );
    assert.is(seen, 2);
    const records = [];
    const aborted = AbortSignal.abort();
    assert.throws(() => { for (const r of scf.iterate(prepared, { signal: aborted })) records.push(r); }, /interrupted before its first iteration/);
    assert.is(records.length, 0);
    assert.throws(() => scf.run(prepared, { signal: 'stop' as unknown as AbortSignal }), /signal.*must be an AbortSignal|must be an AbortSignal/);
  } finally {
    prepared.dispose();
  }
});

test.run();
