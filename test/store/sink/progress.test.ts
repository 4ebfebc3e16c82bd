import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as store from '../../../src/store';
import { heartbeatIntervalMs, stallLimitMs, WriterProgress } from '../../../src/store/sink/progress';
import { startTcpProxy } from '../../helpers/tcp-proxy';
import { closeStores, geometryText, makeBackend, openStore, s3Config, startS3 } from '../backends';

test('a writer stalls only while batches wait without any write or commit completing', () => {
  let now = 1000;
  const p = new WriterProgress(() => now);
  now = 5000;
  assert.is(p.stalledMs(), 0, 'idle: never stalled');
  p.batchQueued();
  now = 6000;
  assert.is(p.stalledMs(), 1000);
  p.advanced(); // one object written
  now = 6500;
  assert.is(p.stalledMs(), 500);
  p.batchQueued();
  p.batchDone();
  now = 7000;
  assert.is(p.stalledMs(), 500, 'one batch still waits');
  p.batchDone();
  now = 99_000;
  assert.is(p.stalledMs(), 0);
});

test('a stall fails the job at half the lease, checked every quarter lease, so before the lease ends', () => {
  assert.is(stallLimitMs(120), 60_000);
  assert.is(heartbeatIntervalMs(120), 30_000);
  assert.is(heartbeatIntervalMs(1), 500);
  for (const lease of [2, 4, 120]) assert.ok(stallLimitMs(lease) + heartbeatIntervalMs(lease) < lease * 1000, String(lease));
});

test('S3 blackholed mid-run (accepts, never answers): the job fails with the reason within the lease, and resumes to the same energy', async () => {
  const s3 = await startS3();
  const hole = await startTcpProxy(s3.port);
  const LEASE = 4;
  const b = makeBackend('sqlite', 's3', `http://127.0.0.1:${hole.port}`, 'hole');
  try {
    // The store's default attempts and a 30 s request timeout: the requests alone would hang for minutes.
    const { maxAttempts: _one, ...s3Settings } = s3Config(`http://127.0.0.1:${hole.port}`);
    const s = await openStore({ ...b.config(), s3: s3Settings, leaseSeconds: LEASE });
    const input = { geometryText: geometryText('h2o_crawford.xyz'), filename: 'w.xyz', parameters: { basis_set: 'STO-3G' } };
    const ref = await store.runJob(s, input, { threads: 1 });
    assert.is(ref.status, 'done');
    let holeAt = 0;
    let recordedJob: () => void = () => undefined;
    const recorded = new Promise<void>((resolve) => (recordedJob = resolve));
    const out = await store.runJob(s, input, {
      threads: 1,
      onJob: () => recordedJob(),
      onIteration: async (r) => {
        if (r.iteration !== 2) return;
        await recorded; // a job that is recorded and running, not one still being submitted
        hole.blackhole();
        holeAt = Date.now();
      },
    });
    assert.ok(holeAt > 0, 'blackholed mid-run');
    assert.is(out.status, 'failed');
    assert.is(out.job.status, 'failed');
    assert.match(out.job.error!, /made no progress for \d+\.\d s \(half the 4 s lease\); the job failed and can be resumed/);
    const failedAfter = out.job.finished_at!.getTime() - holeAt;
    assert.ok(failedAfter < LEASE * 1000, `failed ${failedAfter} ms after the blackhole (lease ${LEASE} s)`);
    const events = await s.jobs.events(out.jobId);
    const last = events[events.length - 1]!;
    assert.is(last.kind, 'error');
    assert.is(last.name, 'STORE_UNAVAILABLE');
    // S3 answers again: the job resumes from its committed checkpoints to the same energy.
    hole.forward();
    const resumed = await store.resumeJob(s, out.jobId, { threads: 1 });
    assert.is(resumed.status, 'done', resumed.error?.message);
    assert.ok(Math.abs(resumed.result!.energy - ref.result!.energy) < 1e-8, `|ΔE| = ${Math.abs(resumed.result!.energy - ref.result!.energy)}`);
    await s.close();
  } finally {
    await closeStores();
    await hole.close();
    await s3.stop();
    await b.cleanup();
  }
});

test.run();
