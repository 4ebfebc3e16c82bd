import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as store from '../../src/store';
import type { SkippedRow } from '../../src/store/tables';
import { runCli } from '../cli/helpers';
import { allBackends, cliEnv, closeStores, geometryText, openStore, startS3, type Backend, type S3Server } from './backends';

let s3: S3Server;
let backends: Backend[] = [];
const H2 = geometryText('h2.xyz');
const PARAMS = { basis_set: 'STO-3G' };

test.before(async () => {
  s3 = await startS3();
  backends = await allBackends('badrows', s3.endpoint);
});

test.after(async () => {
  await closeStores();
  for (const b of backends) await b.cleanup();
  await s3.stop();
});

/**
 * Breaks a job's parameters as the issue found them broken: text that is not JSON on SQLite (a
 * text column), a JSON string on PostgreSQL (a json column, which refuses text that is not JSON).
 */
async function breakParameters(s: store.Store, b: Backend, jobId: string): Promise<RegExp> {
  const value = b.database === 'sqlite' ? '{"basis_set": "STO-3G"' : '"STO-3G"';
  await s.database.knex('jobs').where({ id: jobId }).update({ parameters: value });
  return b.database === 'sqlite' ? /parameters is not valid JSON/ : /parameters is not a JSON object \(it is a string\)/;
}

const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');

test('a job whose parameters do not parse is skipped and named by jobs list and groups show; show and resume refuse it in one line (exit 1); delete removes it', async () => {
  for (const b of backends) {
    const env = cliEnv(b);
    const s = await openStore(b.config());
    const good = await s.jobs.submit({ geometryText: H2, filename: 'h2.xyz', parameters: PARAMS, name: 'good', group: 'g' });
    const bad = await s.jobs.submit({ geometryText: H2, filename: 'h2.xyz', parameters: PARAMS, name: 'bad', group: 'g' });
    const why = await breakParameters(s, b, bad.id);
    await s.close();
    const named = new RegExp(`^roothaan: skipped job ${bad.id.slice(0, 8)}…: ${why.source}`);

    const list = await runCli(['jobs', 'list', '--json'], env);
    assert.is(list.code, 0, `${b.name}: ${list.stderr}`);
    assert.equal((JSON.parse(list.stdout) as { jobs: Array<{ id: string }> }).jobs.map((j) => j.id), [good.id], b.name);
    assert.is(lines(list.stderr).length, 1, `${b.name}: ${list.stderr}`);
    assert.match(list.stderr, named, b.name);
    const table = await runCli(['jobs', 'list'], env);
    assert.is(table.code, 0, b.name);
    // The job names as words: a hex job id may hold the letters 'bad' too.
    assert.match(table.stdout, /\bgood\b/, b.name);
    assert.not.match(table.stdout, /\bbad\b/, b.name);

    for (const argv of [['groups', 'show', 'g'], ['groups', 'show', 'g', '--json']]) {
      const show = await runCli(argv, env);
      assert.is(show.code, 0, `${b.name} ${argv.join(' ')}: ${show.stderr}`);
      assert.match(show.stdout, new RegExp(good.id.slice(0, 8)), b.name);
      assert.not.match(show.stdout, new RegExp(bad.id.slice(0, 8)), b.name);
      assert.ok(lines(show.stderr).length >= 1 && lines(show.stderr).every((l) => named.test(l)), `${b.name} ${argv.join(' ')}: ${show.stderr}`);
    }

    for (const argv of [['jobs', 'show', bad.id], ['jobs', 'show', bad.id, '--json'], ['resume', bad.id], ['jobs', 'stop', bad.id]]) {
      const refused = await runCli(argv, env);
      assert.is(refused.code, 1, `${b.name} ${argv.join(' ')}: ${refused.stderr}`);
      assert.is(lines(refused.stderr).length, 1, `${b.name} ${argv.join(' ')}: ${refused.stderr}`);
      assert.match(refused.stderr, new RegExp(`^roothaan: job ${bad.id}: ${why.source}`), b.name);
      assert.is(refused.stdout, '', b.name);
    }

    const del = await runCli(['jobs', 'delete', bad.id, '--json'], env);
    assert.is(del.code, 0, `${b.name}: ${del.stderr}`);
    assert.equal(JSON.parse(del.stdout), { job_id: bad.id, deleted: true, objects: 2 }, b.name);
    const after = await openStore(b.config());
    assert.is(await after.database.knex('jobs').where({ id: bad.id }).first(), undefined, b.name);
    assert.equal(await after.objects.list(`${bad.id}/`), [], b.name);
    assert.equal((await after.jobs.list()).map((j) => j.id), [good.id], b.name);
    await after.close();
  }
});

test('other unreadable columns are the row’s problem too: parameters of the wrong shape, a timestamp or a number that is none', async () => {
  for (const b of backends) {
    const seen: SkippedRow[] = [];
    const s = await openStore({ ...b.config('shape@example.org'), onSkippedRow: (r) => seen.push(r) });
    const good = await s.jobs.submit({ geometryText: H2, filename: 'h2.xyz', parameters: PARAMS });
    const array = await s.jobs.submit({ geometryText: H2, filename: 'h2.xyz', parameters: PARAMS });
    await s.database.knex('jobs').where({ id: array.id }).update({ parameters: '[1, 2]' });
    const expected: Array<[string, RegExp]> = [[array.id, /^parameters is not a JSON object \(it is an array\)$/]];
    if (b.database === 'sqlite') {
      // SQLite keeps any text in any column; PostgreSQL's column types refuse these.
      const when = await s.jobs.submit({ geometryText: H2, filename: 'h2.xyz', parameters: PARAMS });
      await s.database.knex('jobs').where({ id: when.id }).update({ started_at: 'yesterday', energy: 'minus a lot' });
      expected.push([when.id, /^started_at is not a timestamp, energy is not a number$/]);
    }
    assert.equal((await s.jobs.list()).map((j) => j.id), [good.id], b.name);
    assert.equal(seen.map((r) => r.id).sort(), expected.map(([id]) => id).sort(), b.name);
    for (const [id, pattern] of expected) {
      const row = seen.find((r) => r.id === id)!;
      assert.match(row.problems.map((p) => `${p.column} ${p.problem}`).join(', '), pattern, b.name);
      try {
        await s.jobs.get(id);
        assert.unreachable(`${b.name}: get of an unreadable row`);
      } catch (err) {
        assert.instance(err, store.CorruptRowError, `${b.name}: ${(err as Error).message}`);
      }
    }
    await s.close();
  }
});

test('a store opened without onSkippedRow names a skipped row in one line on stderr', async () => {
  const b = backends[0]!;
  const s = await openStore(b.config('stderr@example.org'));
  const bad = await s.jobs.submit({ geometryText: H2, filename: 'h2.xyz', parameters: PARAMS });
  const why = await breakParameters(s, b, bad.id);
  const written: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
  try {
    assert.equal(await s.jobs.list(), []);
  } finally {
    process.stderr.write = write;
  }
  assert.is(written.length, 1, written.join(''));
  assert.match(written[0]!, new RegExp(`^roothaan: skipped job ${bad.id.slice(0, 8)}…: ${why.source} \\(see \`roothaan db check\`\\)\n$`));
  await s.close();
});

test('a worker skips a submitted job whose row does not parse, names it, marks it failed with the reason, and runs the next', async () => {
  for (const b of backends) {
    const seen: SkippedRow[] = [];
    const s = await openStore({ ...b.config('worker@example.org'), onSkippedRow: (r) => seen.push(r) });
    const bad = await s.jobs.submit({ geometryText: H2, filename: 'h2.xyz', parameters: PARAMS }); // the oldest: claimed first
    const good = await s.jobs.submit({ geometryText: H2, filename: 'h2.xyz', parameters: PARAMS });
    const why = await breakParameters(s, b, bad.id);
    const outcome = await store.runNextJob(s, { threads: 1 });
    assert.is(outcome?.jobId, good.id, b.name);
    assert.is(outcome?.status, 'done', b.name);
    assert.equal(seen.map((r) => r.id), [bad.id], b.name);
    const row = (await s.database.knex('jobs').where({ id: bad.id }).first()) as { status: string; error: string };
    assert.is(row.status, 'failed', b.name);
    assert.match(row.error, why, b.name);
    // Nothing else is left to claim: the bad row is not taken again.
    assert.is(await store.runNextJob(s, { threads: 1 }), undefined, b.name);
    await s.close();
  }
});

test.run();
