import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InvalidInputError } from '../../src/errors';
import { watchGroup, type DisplaySink, type MimeBundle } from '../../src/notebook';
import * as store from '../../src/store';
import { geometryText } from '../store/backends';

/* watchGroup on an embedded store while a worker in this process runs the group (the store's query is tested on both databases in test/store/group-progress.test.ts). */

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-watch-group-'));
const H2 = geometryText('h2.xyz');
const WATER = geometryText('h2o_crawford.xyz');
let s: store.Store;

test.before(async () => {
  s = await store.open({ home, user: 'alice@example.org' }, {});
});

test.after(async () => {
  await s.close();
  fs.rmSync(home, { recursive: true, force: true });
});

/** A sink that records every display and update with its display id. */
function recordingSink(): { sink: DisplaySink; shown: Array<{ kind: 'display' | 'update'; id: string | undefined; bundle: MimeBundle }> } {
  const shown: Array<{ kind: 'display' | 'update'; id: string | undefined; bundle: MimeBundle }> = [];
  return {
    shown,
    sink: {
      display: (bundle, options) => void shown.push({ kind: 'display', id: options?.displayId, bundle }),
      update: (bundle, id) => void shown.push({ kind: 'update', id, bundle }),
    },
  };
}

test('watchGroup shows one table and updates it in place while a worker runs the jobs, until all are done', async () => {
  const inputs: store.JobInput[] = [
    { geometryText: WATER, filename: 'water.xyz', parameters: { basis_set: 'STO-3G', use_diis: false, max_iteration: 100 }, name: 'water' },
    ...store.scanInputs({ geometryText: H2, filename: 'h2.xyz', parameters: { basis_set: 'STO-3G' } }, [store.parseScan('bond 0 1 0.7,0.8')]),
  ];
  const { jobs } = await store.submitGroup(s, 'watched', inputs);
  const { sink, shown } = recordingSink();
  let sawRunning!: () => void;
  const running = new Promise<void>((resolve) => (sawRunning = resolve));
  const watched = watchGroup(s, 'watched', { sink, intervalMs: 50, onProgress: (p) => void (p.counts.running !== undefined && sawRunning()) });
  // The water waits at iteration 3 until the watcher has seen it running, so an update mid-run is certain.
  const summary = await store.runWorker(s, {
    group: 'watched', threads: 1,
    onIteration: async (r) => void (r.iteration === 3 && (await Promise.race([running, new Promise((r) => setTimeout(r, 10_000).unref())]))),
  });
  assert.equal(summary.outcomes.map((o) => o.status), ['done', 'done', 'done']);
  const final = await watched;
  assert.is(final.settled, true);
  assert.equal(final.counts, { done: 3 });
  for (const j of jobs) {
    const row = final.rows.find((r) => r.id === j.id)!;
    const job = await s.jobs.get(j.id);
    assert.equal([row.status, row.energy, row.iteration], ['done', job.energy, job.iterations]);
  }

  assert.is(shown[0]!.kind, 'display');
  const id = shown[0]!.id!;
  assert.match(id, /^[0-9a-f]{16}$/);
  const updates = shown.slice(1);
  assert.ok(updates.length >= 2, `${updates.length} updates`);
  assert.ok(updates.every((u) => u.kind === 'update' && u.id === id), 'every update replaces the same output');
  const html = shown.map((u) => u.bundle['text/html'] as string);
  assert.ok(new Set(html).size === html.length, 'redrawn only when it changed');
  assert.match(html[0]!, /submitted/);
  assert.ok(html.some((h) => /<td[^>]*>running<\/td>/.test(h) && /<td[^>]*>water<\/td>/.test(h)), 'a table mid-run shows the water running');
  const last = shown.at(-1)!.bundle;
  assert.is(((last['text/html'] as string).match(/done ✓/g) ?? []).length, 3);
  assert.match(last['text/plain'] as string, /^group watched\n[\s\S]*\n3 jobs — 3 done$/);
  const water = final.rows.find((r) => r.name === 'water')!;
  assert.match(last['text/plain'] as string, new RegExp(`${water.id.slice(0, 8)}\\s+water\\s+done ✓\\s+${water.iteration}\\s+${water.energy!.toFixed(10)}\\s+${os.hostname()}`));
});

test('watchGroup stops on an abort with the group as it stands, and refuses a bad interval before showing anything', async () => {
  await store.submitGroup(s, 'idle', [{ geometryText: H2, filename: 'h2.xyz', parameters: { basis_set: 'STO-3G' } }]);
  const { sink, shown } = recordingSink();
  const t0 = Date.now();
  const progress = await watchGroup(s, 'idle', { sink, intervalMs: 50, signal: AbortSignal.timeout(300) });
  assert.ok(Date.now() - t0 < 5000, 'returned soon after the abort');
  assert.is(progress.settled, false);
  assert.equal(progress.counts, { submitted: 1 });
  assert.is(shown.length, 1, 'nothing changed: one display, no redraw');
  assert.match(shown[0]!.bundle['text/plain'] as string, /1 submitted \(in progress\)/);
  for (const intervalMs of [0, NaN, 10]) {
    try {
      await watchGroup(s, 'idle', { sink, intervalMs });
      assert.unreachable(String(intervalMs));
    } catch (err) {
      assert.instance(err, InvalidInputError);
      assert.match((err as Error).message, /intervalMs must be a number ≥ 50/);
    }
  }
  assert.is(shown.length, 1);
});

test.run();
