import { randomUUID } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as store from '../../src/store';
import { markDeleted } from '../../src/store/lifecycle';
import { storeContext } from '../../src/store/store';
import { runCli } from '../cli/helpers';
import { cliEnv, closeStores, geometryText, isolatedBackends, openStore, type Backend, type S3Server } from './backends';

let servers: S3Server[] = [];
let backends: Backend[] = [];
const H2 = geometryText('h2.xyz');
const PARAMS = { basis_set: 'STO-3G' };

test.before(async () => {
  ({ backends, servers } = await isolatedBackends('check'));
});

test.after(async () => {
  await closeStores();
  for (const b of backends) await b.cleanup();
  for (const server of servers) await server.stop();
});

interface CheckJson {
  clean: boolean;
  jobs: number;
  checkpoints: number;
  objects: number;
  problems: store.StoreProblem[];
}

/** Each problem as `kind key-or-job`, sorted. */
const summary = (problems: readonly store.StoreProblem[]): string[] =>
  problems.map((p) => `${p.kind} ${'key' in p && p.key !== null ? p.key : p.job_id}`).sort();

test('db check is clean on a consistent store, then finds every kind of inconsistency (exit 1) in text and in JSON', async () => {
  for (const b of backends) {
    const env = cliEnv(b);
    const s = await openStore(b.config());
    const run = await store.runJob(s, { geometryText: H2, filename: 'h2.xyz', parameters: PARAMS, group: 'checked' }, { threads: 1 });
    assert.is(run.status, 'done', b.name);
    const rows = await s.checkpoints.list(run.jobId);
    assert.ok(rows.length >= 8, `${b.name}: ${rows.length} checkpoints`);

    const clean = await runCli(['db', 'check'], env);
    assert.is(clean.code, 0, `${b.name}: ${clean.stdout}${clean.stderr}`);
    assert.match(clean.stdout, new RegExp(`^clean: 1 job\\(s\\), ${rows.length} checkpoint row\\(s\\), ${rows.length} object\\(s\\)`), b.name);
    const cleanJson = JSON.parse((await runCli(['db', 'check', '--json'], env)).stdout) as CheckJson;
    assert.equal([cleanJson.clean, cleanJson.jobs, cleanJson.checkpoints, cleanJson.objects, cleanJson.problems], [true, 1, rows.length, rows.length, []], b.name);

    // One of each: a row without its object, an object changed under its row, objects without rows
    // (under no job, and in a job), an unreadable row, and a job whose delete did not finish.
    const id = run.jobId;
    const density = store.keys.densityKey(id, 1);
    await s.objects.deletePrefix(density);
    await s.objects.put(store.keys.overlapKey(id), Buffer.from('not the overlap'));
    const stranger = randomUUID();
    await s.objects.put(store.keys.geometryOrigKey(stranger), Buffer.from('2\n\nH 0 0 0\nH 0 0 0.7\n'));
    await s.objects.put(store.keys.densityKey(id, 99), Buffer.from('uncommitted'));
    const unreadable = await s.jobs.submit({ geometryText: H2, filename: 'h2.xyz', parameters: PARAMS });
    await s.database.knex('jobs').where({ id: unreadable.id }).update({ parameters: b.database === 'sqlite' ? '{oops' : '"oops"' });
    const halfDeleted = await s.jobs.submit({ geometryText: H2, filename: 'h2.xyz', parameters: PARAMS });
    await markDeleted(storeContext(s), halfDeleted.id, 0);
    await s.objects.deletePrefix(store.keys.geometryXyzKey(halfDeleted.id)); // one of its two objects gone
    if (b.database === 'sqlite') {
      // An event whose metadata is not JSON (PostgreSQL's json column refuses it): db check names it, and the group's progress leaves it out.
      const last = (await s.database.knex('job_events').where({ job_id: id, kind: 'iteration' }).orderBy('id', 'desc').first()) as { id: number };
      await s.database.knex('job_events').where({ id: last.id }).update({ metadata: '{"energy": -1.1' });
      assert.equal((await store.groupProgress(s, 'checked')).rows.map((r) => [r.id, r.status]), [[id, 'done']], b.name);
    }
    await s.close();

    const expected = [
      `missing-object ${density}`,
      `checksum-mismatch ${store.keys.overlapKey(id)}`,
      `orphan-object ${store.keys.geometryOrigKey(stranger)}`,
      `orphan-object ${store.keys.densityKey(id, 99)}`,
      `unreadable-row ${unreadable.id}`,
      `deleted-job ${halfDeleted.id}`,
      ...(b.database === 'sqlite' ? [`unreadable-row ${id}`] : []),
    ].sort();
    const found = await runCli(['db', 'check', '--json'], env);
    assert.is(found.code, 1, `${b.name}: ${found.stderr}`);
    const report = JSON.parse(found.stdout) as CheckJson;
    assert.is(report.clean, false, b.name);
    assert.equal(summary(report.problems), expected, b.name);
    const deleted = report.problems.find((p) => p.kind === 'deleted-job') as Extract<store.StoreProblem, { kind: 'deleted-job' }>;
    assert.is(deleted.objects, 1, b.name);
    const orphan = report.problems.find((p) => p.kind === 'orphan-object' && p.key.endsWith('density_99.bin')) as Extract<store.StoreProblem, { kind: 'orphan-object' }>;
    assert.equal([orphan.reason, orphan.bytes], ['no checkpoint row', 'uncommitted'.length], b.name);

    const text = await runCli(['db', 'check'], env);
    assert.is(text.code, 1, b.name);
    const lines = text.stdout.trim().split('\n');
    assert.is(lines.length, expected.length + 1, `${b.name}: ${text.stdout}`);
    assert.match(text.stdout, new RegExp(`unreadable row +job ${unreadable.id}: parameters is not`), b.name);
    assert.match(text.stdout, new RegExp(`checksum +${store.keys.overlapKey(id)}: 15 bytes`), b.name);
    assert.match(text.stdout, new RegExp(`missing object +${density}`), b.name);
    assert.match(lines.at(-1)!, new RegExp(`^${expected.length} problem\\(s\\) in `), b.name);
    if (b.database === 'sqlite') assert.match(text.stdout, new RegExp(`unreadable row +job ${id}: event \\d+: metadata is not valid JSON`), b.name);
  }
});

test.run();
