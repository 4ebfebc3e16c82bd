import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InvalidInputError, RoothaanError, StoreConflictError } from '../../src/errors';
import * as store from '../../src/store';
import { allBackends, closeStores, openStore, geometryText, startS3, type Backend, type S3Server } from './backends';

let s3: S3Server;
let backends: Backend[] = [];
const WATER = geometryText('h2o_crawford.xyz');
const PARAMS = { basis_set: 'STO-3G', max_iteration: 30, use_diis: true };

test.before(async () => {
  s3 = await startS3();
  backends = await allBackends('store', s3.endpoint);
});

test.after(async () => {
  await closeStores();
  for (const b of backends) await b.cleanup();
  await s3.stop();
});

async function rejects(p: Promise<unknown>, kind: new (...a: never[]) => Error, pattern: RegExp, where: string): Promise<Error> {
  try {
    await p;
  } catch (err) {
    assert.instance(err, kind, `${where}: ${(err as Error).message}`);
    assert.match((err as Error).message, pattern, where);
    return err as Error;
  }
  assert.unreachable(`${where}: expected ${kind.name}`);
  throw new Error('unreachable');
}

test('the tests run on SQLite and PostgreSQL (under CI always), each with the directory store and S3', () => {
  const names = backends.map((b) => b.name);
  assert.ok(names.includes('sqlite+directory') && names.includes('sqlite+s3'));
  if (process.env.CI === 'true') assert.ok(names.includes('pg+directory') && names.includes('pg+s3'));
});

test('opening the store migrates the database and counts a login per session, not per open', async () => {
  for (const b of backends) {
    const s1 = await openStore(b.config('bob@example.org'));
    await s1.close();
    const s2 = await openStore(b.config('bob@example.org'));
    const me = await s2.users.show();
    assert.is(me.username, 'bob@example.org', b.name);
    // A new identity is one login; opening again within the session gap counts no other.
    assert.is(me.login_count, 1, b.name);
    assert.is(me.sso, 'local', b.name);
    assert.instance(me.last_login, Date, b.name);
    assert.ok(Date.now() - me.last_login!.getTime() < 60_000, b.name);
    await rejects(s2.users.show('nobody@example.org'), store.NotFoundError, /no user 'nobody@example.org'/, b.name);
    // The last activity more than the gap ago (set back in the row): the next open is a new session.
    const longAgo = new Date(Date.now() - (store.SESSION_GAP_MINUTES + 1) * 60_000).toISOString();
    await s2.database.knex('users').where({ username: 'bob@example.org' }).update({ last_login: longAgo });
    await s2.close();
    await s2.close(); // twice is fine
    const s3open = await openStore(b.config('bob@example.org'));
    const later = await s3open.users.show();
    assert.is(later.login_count, 2, `${b.name}: a new session after ${store.SESSION_GAP_MINUTES} idle minutes`);
    assert.ok(Date.now() - later.last_login!.getTime() < 60_000, b.name);
    await s3open.close();
    // Signing in through another SSO is a new identity, hence a new session.
    const sso = await openStore({ ...b.config('bob@example.org'), sso: 'google' });
    assert.is((await sso.users.show()).login_count, 3, b.name);
    await sso.close();
    const again = await openStore({ ...b.config('bob@example.org'), sso: 'google' });
    assert.is((await again.users.show()).login_count, 3, b.name);
    await again.close();
  }
});

test('submit validates first, stores the job with its geometry objects, and returns the row', async () => {
  for (const b of backends) {
    const s = await openStore(b.config());
    const job = await s.jobs.submit({ geometryText: WATER, filename: 'h2o.xyz', parameters: PARAMS, name: 'water sto-3g' });
    assert.is(job.status, 'submitted', b.name);
    assert.is(job.username, 'alice@example.org', b.name);
    assert.is(job.name, 'water sto-3g', b.name);
    assert.equal(job.parameters, PARAMS, b.name);
    assert.is(job.nbf, 7, b.name);
    assert.is(job.reference, 'rhf', b.name);
    assert.is(job.attempt, 0, b.name);
    assert.is(job.converged, null, b.name);
    const cps = await s.checkpoints.list(job.id);
    assert.equal(cps.map((c) => c.key).sort(), [`${job.id}/geometry.orig`, `${job.id}/geometry.xyz`], b.name);
    const orig = await s.checkpoints.read(job.id, `${job.id}/geometry.orig`);
    assert.is(orig.toString('utf8'), WATER, b.name);
    assert.equal(await s.objects.list(`${job.id}/`), [`${job.id}/geometry.orig`, `${job.id}/geometry.xyz`], b.name);
    await s.close();
  }
});

test('invalid input (geometry, parameters, basis, open shell with RHF) is refused and stores nothing', async () => {
  for (const b of backends) {
    const s = await openStore(b.config('carol@example.org'));
    const before = await s.jobs.list();
    const bad: Array<[unknown, string, RegExp]> = [
      [{ basis_set: 'STO-3G', max_iteration: 0 }, WATER, /max_iteration/],
      [{ basis_set: 'STO-3G', colour: 'red' }, WATER, /unknown parameter "colour"/],
      [{ max_iteration: 10 }, WATER, /basis_set is required/],
      [{ basis_set: 'no-such-basis' }, WATER, /no-such-basis/i],
      [{ basis_set: 'STO-3G', reference: 'rhf' }, geometryText('oh.xyz'), /RHF needs a closed shell/],
      [{ basis_set: 'STO-3G' }, '3\nwater\nO 0 0\n', /h2o\.xyz/],
    ];
    for (const [parameters, text, pattern] of bad) {
      await rejects(s.jobs.submit({ geometryText: text, filename: 'h2o.xyz', parameters }), RoothaanError, pattern, `${b.name} ${JSON.stringify(parameters)}`);
    }
    assert.equal(await s.jobs.list(), before, b.name);
    assert.is((await s.jobs.list({ user: 'all' })).filter((j) => j.username === 'carol@example.org').length, 0, b.name);
    await s.close();
  }
});

test('list filters by status, name, user, group and submission time', async () => {
  for (const b of backends) {
    const s = await openStore(b.config('dave@example.org'));
    const t0 = new Date(Date.now() - 1000);
    const a = await s.jobs.submit({ geometryText: WATER, filename: 'a.xyz', parameters: PARAMS, name: 'alpha run', group: 'series-1' });
    const c = await s.jobs.submit({ geometryText: WATER, filename: 'c.xyz', parameters: PARAMS, name: 'gamma run' });
    await s.jobs.stop(c.id);
    assert.equal((await s.jobs.list()).map((j) => j.id).sort(), [a.id, c.id].sort(), b.name);
    assert.equal((await s.jobs.list({ status: 'stopped' })).map((j) => j.id), [c.id], b.name);
    assert.equal((await s.jobs.list({ status: ['submitted', 'stopped'] })).length, 2, b.name);
    assert.equal((await s.jobs.list({ name: 'ALPHA' })).map((j) => j.id), [a.id], b.name);
    assert.equal((await s.jobs.list({ group: 'series-1' })).map((j) => j.id), [a.id], b.name);
    assert.equal((await s.jobs.list({ submittedAfter: new Date(Date.now() + 60_000) })).length, 0, b.name);
    assert.equal((await s.jobs.list({ submittedAfter: t0 })).length, 2, b.name);
    assert.equal((await s.jobs.list({ submittedBefore: t0 })).length, 0, b.name);
    assert.equal((await s.jobs.list({ user: 'nobody@example.org' })).length, 0, b.name);
    assert.ok((await s.jobs.list({ user: 'all' })).length >= 2, b.name);
    await rejects(s.jobs.list({ status: 'sleeping' as store.JobStatus }), InvalidInputError, /unknown status 'sleeping'/, b.name);
    await s.close();
  }
});

test('show gives the groups, the last committed iteration (none yet) and the checkpoints', async () => {
  for (const b of backends) {
    const s = await openStore(b.config());
    const job = await s.jobs.submit({ geometryText: WATER, filename: 'w.xyz', parameters: PARAMS, group: 'shown' });
    const d = await s.jobs.show(job.id);
    assert.is(d.job.id, job.id, b.name);
    assert.equal(d.groups.map((g) => g.name), ['shown'], b.name);
    assert.is(d.iterations, null, b.name);
    assert.is(d.checkpoints.length, 2, b.name);
    assert.match(d.lease, /submitted/, b.name);
    const events = await s.jobs.events(job.id);
    assert.equal(events.map((e) => e.kind), ['submit'], b.name);
    assert.is(events[0]!.metadata!.nbf, 7, b.name);
    await s.close();
  }
});

test('an unknown job id and a malformed UUID each get a clear error', async () => {
  for (const b of backends) {
    const s = await openStore(b.config());
    const unknown = '00000000-0000-4000-8000-000000000000';
    await rejects(s.jobs.show(unknown), store.NotFoundError, /no job 00000000-0000-4000-8000-000000000000/, b.name);
    await rejects(s.jobs.stop(unknown), store.NotFoundError, /no job/, b.name);
    await rejects(s.jobs.delete(unknown), store.NotFoundError, /no job/, b.name);
    await rejects(s.jobs.show('not-a-uuid'), InvalidInputError, /malformed job id 'not-a-uuid': expected a UUID/, b.name);
    await rejects(s.checkpoints.list("1'; drop table jobs; --"), InvalidInputError, /malformed job id/, b.name);
    await s.close();
  }
});

test('stop moves a submitted job to stopped once; stopping it again is a conflict', async () => {
  for (const b of backends) {
    const s = await openStore(b.config());
    const job = await s.jobs.submit({ geometryText: WATER, filename: 'w.xyz', parameters: PARAMS });
    const stopped = await s.jobs.stop(job.id);
    assert.is(stopped.status, 'stopped', b.name);
    assert.instance(stopped.finished_at, Date, b.name);
    await rejects(s.jobs.stop(job.id), StoreConflictError, /is stopped; only a submitted or running job/, b.name);
    await s.close();
  }
});

test('delete removes the job, its rows and its objects; only the owner may delete or stop', async () => {
  for (const b of backends) {
    const alice = await openStore(b.config('alice@example.org'));
    const eve = await openStore(b.config('eve@example.org'));
    const job = await alice.jobs.submit({ geometryText: WATER, filename: 'w.xyz', parameters: PARAMS, group: 'to-delete' });
    await rejects(eve.jobs.delete(job.id), store.StorePermissionError, /belongs to alice@example.org/, b.name);
    await rejects(eve.jobs.stop(job.id), store.StorePermissionError, /may not stop/, b.name);
    const out = await alice.jobs.delete(job.id);
    assert.is(out.objects, 2, b.name);
    await rejects(alice.jobs.show(job.id), store.NotFoundError, /no job/, b.name);
    assert.equal(await alice.objects.list(`${job.id}/`), [], b.name);
    assert.is((await alice.database.knex('checkpoints').where({ job_id: job.id })).length, 0, b.name);
    assert.is((await alice.database.knex('job_group_jobs').where({ job_id: job.id })).length, 0, b.name);
    assert.equal(await alice.groups.jobs('to-delete'), [], b.name);
    await alice.close();
    await eve.close();
  }
});

test('groups: create, rename, add and remove jobs, list a group’s jobs; only the owner may change a group', async () => {
  for (const b of backends) {
    const alice = await openStore(b.config('alice@example.org'));
    const eve = await openStore(b.config('eve@example.org'));
    const g = await alice.groups.create('benchmarks');
    assert.is(g.username, 'alice@example.org', b.name);
    await rejects(alice.groups.create('benchmarks'), StoreConflictError, /already has a group named 'benchmarks'/, b.name);
    const j1 = await alice.jobs.submit({ geometryText: WATER, filename: 'w1.xyz', parameters: PARAMS });
    const j2 = await alice.jobs.submit({ geometryText: WATER, filename: 'w2.xyz', parameters: PARAMS });
    assert.is(await alice.groups.add('benchmarks', [j1.id, j2.id]), 2, b.name);
    assert.is(await alice.groups.add(g.id, [j1.id]), 0, `${b.name}: adding twice adds nothing`);
    assert.equal((await alice.groups.jobs(g.id)).map((j) => j.id).sort(), [j1.id, j2.id].sort(), b.name);
    const renamed = await alice.groups.rename('benchmarks', 'benchmarks-2026');
    assert.is(renamed.id, g.id, b.name);
    assert.is(renamed.name, 'benchmarks-2026', b.name);
    assert.is(await alice.groups.remove(g.id, [j2.id]), 1, b.name);
    assert.equal((await alice.groups.jobs('benchmarks-2026')).map((j) => j.id), [j1.id], b.name);
    const listed = await alice.groups.list();
    assert.is(listed.find((x) => x.id === g.id)!.jobs, 1, b.name);
    // Another user's group: visible by id, never changeable.
    await rejects(eve.groups.rename(g.id, 'mine'), store.StorePermissionError, /belongs to alice@example.org; only its owner may rename/, b.name);
    await rejects(eve.groups.add(g.id, [j2.id]), store.StorePermissionError, /only its owner may change/, b.name);
    await rejects(eve.groups.remove(g.id, [j1.id]), store.StorePermissionError, /only its owner/, b.name);
    await rejects(eve.groups.delete(g.id), store.StorePermissionError, /only its owner/, b.name);
    const eveJobs = (await eve.jobs.list()).length;
    await rejects(eve.jobs.submit({ geometryText: WATER, filename: 'w.xyz', parameters: PARAMS, group: g.id }), store.StorePermissionError, /only its owner may add jobs/, b.name);
    assert.is((await eve.jobs.list()).length, eveJobs, `${b.name}: nothing stored`);
    await rejects(eve.groups.jobs('benchmarks-2026'), store.NotFoundError, /eve@example.org has no group named 'benchmarks-2026'/, b.name);
    // Same name, different owners: fine.
    const eg = await eve.groups.create('benchmarks-2026');
    assert.is.not(eg.id, g.id, b.name);
    await rejects(alice.groups.add(g.id, ['00000000-0000-4000-8000-000000000000']), store.NotFoundError, /no job/, b.name);
    await rejects(alice.groups.rename(g.id, '  '), InvalidInputError, /group name/, b.name);
    await alice.groups.delete(g.id);
    await rejects(alice.groups.get(g.id), store.NotFoundError, /no group/, b.name);
    assert.is((await alice.jobs.get(j1.id)).id, j1.id, `${b.name}: deleting a group keeps its jobs`);
    await alice.close();
    await eve.close();
  }
});

test('a corrupted or missing checkpoint object is refused with a clear error', async () => {
  for (const b of backends) {
    const s = await openStore(b.config());
    const job = await s.jobs.submit({ geometryText: WATER, filename: 'w.xyz', parameters: PARAMS });
    const key = `${job.id}/geometry.xyz`;
    // Intact (its checksum matches) but no .npy array: readArray refuses it as corrupt, naming it.
    await rejects(s.checkpoints.readArray(job.id, key), store.CheckpointCorruptError, /geometry\.xyz' is not a valid \.npy float64 array: no NumPy magic/, b.name);
    await s.objects.put(key, Buffer.from('tampered'));
    await rejects(s.checkpoints.read(job.id, key), store.CheckpointCorruptError, /geometry\.xyz' is corrupted: 8 bytes/, b.name);
    await rejects(s.checkpoints.read(job.id, `${job.id}/densities/density_1.bin`), store.NotFoundError, /no committed checkpoint/, b.name);
    await s.objects.deletePrefix(`${job.id}/`);
    await rejects(s.checkpoints.read(job.id, key), store.CheckpointCorruptError, /has a row but its object is missing/, b.name);
    await s.close();
  }
});

test('an unreachable PostgreSQL is a clear StoreUnavailableError within seconds', async () => {
  const t0 = Date.now();
  await rejects(
    store.open({ databaseUrl: 'postgres://someone:secret@127.0.0.1:1/none', connectTimeoutMs: 2000 }, {}),
    store.StoreUnavailableError,
    /cannot reach the PostgreSQL database postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/none: ECONNREFUSED/,
    'closed port',
  );
  assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
});

test('an unreachable S3 endpoint makes object writes fail with a clear StoreUnavailableError', async () => {
  const objects = store.createS3ObjectStore({
    bucket: 'ubcc3',
    endpoint: 'http://127.0.0.1:1',
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    maxAttempts: 1,
  });
  await rejects(objects.put('a/b.bin', Buffer.from('x')), store.StoreUnavailableError, /cannot write 'a\/b\.bin' in s3:\/\/ubcc3 at http:\/\/127\.0\.0\.1:1/, 's3');
  objects.close();
});

test.run();
