import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as store from '../../src/store';

/*
 * A job interrupted mid-run with ADIIS or EDIIS resumes exactly as the uninterrupted run goes on:
 * the resume rebuilds the DIIS densities from the checkpoints and, for EDIIS, the energies from
 * the iteration events. Stretched water (O–H 2.5 Å, 6-31G, core guess): the accelerators run
 * alone and blended for several iterations, so a wrong history would change the energies.
 */

const xyz = '3\nstretched water\nO 0 0 0\nH 0 1.977 1.531\nH 0 -1.977 1.531\n';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-resume-accelerator-'));
let opened: Promise<store.Store> | undefined;
const jobStore = (): Promise<store.Store> => (opened ??= store.open({ home: path.join(tmp, 'store'), user: 'resume@localhost' }, {}));

for (const accelerator of ['adiis', 'ediis']) {
  test(`a job with ${accelerator} resumed after iteration 4 repeats the uninterrupted run`, async () => {
    const s = await jobStore();
    const input = { geometryText: xyz, filename: 'w.xyz', parameters: { basis_set: '6-31G', guess: 'core', scf_initial_accelerator: accelerator } };
    const wholeRun = await store.runJob(s, input, { threads: 1 });
    const whole = wholeRun.calculation!.result;
    assert.ok(whole.converged);
    // The stored iteration events say which accelerator made each Fock matrix.
    const events = (await s.jobs.events(wholeRun.jobId)).filter((e) => e.kind === 'iteration');
    assert.equal(events.map((e) => (e.metadata as { accelerator?: string } | undefined)?.accelerator), whole.history.map((h) => h.accelerator));
    const abort = new AbortController();
    const first = await store.runJob(s, input, { threads: 1, signal: abort.signal, onIteration: (r) => { if (r.iteration === 4) abort.abort(); } });
    assert.is(first.status, 'stopped');
    const resumed = (await store.resumeJob(s, first.jobId, { threads: 1 })).calculation!.result;
    assert.is(resumed.history[0]!.iteration, 5);
    assert.is(resumed.iterations, whole.iterations);
    const used = whole.history.slice(4).map((h) => h.accelerator);
    assert.ok(used.some((a) => a.startsWith(accelerator)), used.join(' '));
    assert.equal(resumed.history.map((h) => h.accelerator), used);
    resumed.history.forEach((h, k) => {
      const w = whole.history[k + 4]!;
      // Same arithmetic on the same checkpointed matrices: equal to rounding.
      assert.ok(Math.abs(h.energy - w.energy) < 1e-10, `iteration ${h.iteration}: ${h.energy} vs ${w.energy}`);
    });
  });
}

test.after(async () => {
  if (opened !== undefined) await (await opened).close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test.run();
