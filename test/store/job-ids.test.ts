/**
 * Job id prefixes (store `jobs.resolveId`, src/store/job-ids.ts) on SQLite and PostgreSQL: a
 * unique prefix gives the whole id, an ambiguous one says how many jobs match, an unknown one is
 * not found, and the CLI accepts prefixes wherever it takes a job id. Object storage plays no
 * part, so only the directory tree is used.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InvalidInputError } from '../../src/errors';
import * as store from '../../src/store';
import { isIdPrefix } from '../../src/store/job-ids';
import { runCli } from '../cli/helpers';
import { closeStores, geometryText, makeBackend, openStore, postgresAvailable, type Backend } from './backends';

let backends: Backend[] = [];
const H2 = geometryText('h2.xyz');

test.before(async () => {
  const dbs: Array<'sqlite' | 'pg'> = (await postgresAvailable()) ? ['sqlite', 'pg'] : ['sqlite'];
  backends = dbs.map((d) => makeBackend(d, 'directory', undefined, 'ids'));
});

test.after(async () => {
  await closeStores();
  for (const b of backends) await b.cleanup();
});

/** The CLI's environment for a backend (as test/store/cli.test.ts selects one). */
function envFor(b: Backend, user = 'alice@example.org'): Record<string, string | undefined> {
  const c = b.config(user);
  return { ROOTHAAN_HOME: c.home, ROOTHAAN_USER: user, ...(c.databaseUrl !== undefined ? { DATABASE_URL: c.databaseUrl, ROOTHAAN_DB_SCHEMA: c.schema } : {}) };
}

/** A copy of a job's row under another id (the only way to make two ids share a prefix on purpose). */
async function cloneJob(s: store.Store, id: string, newId: string): Promise<void> {
  const row = (await s.database.knex('jobs').where({ id }).first()) as Record<string, unknown>;
  const copy: Record<string, unknown> = { ...row, id: newId };
  for (const [k, v] of Object.entries(copy)) if (v !== null && typeof v === 'object' && !(v instanceof Date)) copy[k] = JSON.stringify(v);
  await s.database.knex('jobs').insert(copy);
}

test('what counts as a job id prefix: at least 4 hex digits, dashes where the UUID has them', () => {
  assert.ok(isIdPrefix('7d3e'));
  assert.ok(isIdPrefix('7D3E9096'));
  assert.ok(isIdPrefix('7d3e9096-5b'));
  assert.not.ok(isIdPrefix('7d3'), 'too short');
  assert.not.ok(isIdPrefix('7d3e909-'), 'a dash out of place');
  assert.not.ok(isIdPrefix('xyz1'), 'not hex');
  assert.not.ok(isIdPrefix('7d3e%'), 'no LIKE wildcards');
});

test('a unique prefix resolves to the whole id; an ambiguous one says how many match; an unknown one is not found', async () => {
  for (const b of backends) {
    const s = await openStore(b.config());
    const job = await s.jobs.submit({ geometryText: H2, filename: 'h2.xyz', parameters: { basis_set: 'STO-3G' } });
    const bobs = await (await openStore(b.config('bob@example.org'))).jobs.submit({ geometryText: H2, filename: 'h2.xyz', parameters: { basis_set: 'STO-3G' } });
    assert.is(await s.jobs.resolveId(job.id.slice(0, 8)), job.id, b.name);
    assert.is(await s.jobs.resolveId(job.id.slice(0, 13).toUpperCase()), job.id, `${b.name}: case and dashes`);
    assert.is(await s.jobs.resolveId(job.id), job.id, `${b.name}: a whole id`);
    // Every user may read every job (jobs list --all), so another user's job resolves too.
    assert.is(await s.jobs.resolveId(bobs.id.slice(0, 8)), bobs.id, b.name);

    // Two jobs sharing their first 9 characters.
    const twin = `${job.id.slice(0, 9)}${job.id[9] === 'a' ? 'b' : 'a'}${job.id.slice(10)}`;
    await cloneJob(s, job.id, twin);
    try {
      await s.jobs.resolveId(job.id.slice(0, 8));
      assert.unreachable(`${b.name}: ambiguous`);
    } catch (e) {
      assert.instance(e, InvalidInputError, b.name);
      assert.match((e as Error).message, new RegExp(`prefix '${job.id.slice(0, 8)}' is ambiguous: 2 jobs match`), b.name);
    }
    assert.is(await s.jobs.resolveId(job.id.slice(0, 10)), job.id, `${b.name}: a longer prefix is unique again`);

    const absent = job.id.startsWith('0000') ? 'ffff' : '0000';
    try {
      await s.jobs.resolveId(absent);
      assert.unreachable(b.name);
    } catch (e) {
      assert.instance(e, store.NotFoundError, b.name);
      assert.match((e as Error).message, new RegExp(`no job id begins with ${absent}`), b.name);
    }
    try {
      await s.jobs.resolveId('7d3');
      assert.unreachable(b.name);
    } catch (e) {
      assert.instance(e, InvalidInputError, b.name);
      assert.match((e as Error).message, /malformed job id '7d3'.*at least 4 hex digits/, b.name);
    }
    await s.close();
  }
});

test('the CLI takes a prefix wherever it takes a job or group id: jobs show/stop/delete, groups show/add/remove, resume', async () => {
  for (const b of backends) {
    const env = envFor(b, 'carol@example.org');
    const s = await openStore(b.config('carol@example.org'));
    const a = await s.jobs.submit({ geometryText: H2, filename: 'h2.xyz', parameters: { basis_set: 'STO-3G' }, name: 'prefix a' });
    const c = await s.jobs.submit({ geometryText: H2, filename: 'h2.xyz', parameters: { basis_set: 'STO-3G' }, name: 'prefix c' });
    await s.close();
    const short = (id: string): string => id.slice(0, 8);

    const show = await runCli(['jobs', 'show', short(a.id), '--json'], env);
    assert.is(show.code, 0, `${b.name}: ${show.stderr}`);
    assert.is((JSON.parse(show.stdout) as { id: string }).id, a.id, b.name);
    assert.is((await runCli(['groups', 'create', 'pfx'], env)).code, 0, b.name);
    const added = await runCli(['groups', 'add', 'pfx', short(a.id), short(c.id), '--json'], env);
    assert.equal(JSON.parse(added.stdout), { group: 'pfx', added: 2 }, `${b.name}: ${added.stderr}`);
    // Group ids take prefixes too (groups list shows them short), after the user's group names.
    const group = JSON.parse((await runCli(['groups', 'show', 'pfx', '--json'], env)).stdout) as { id: string };
    const byPrefix = await runCli(['groups', 'show', short(group.id), '--json'], env);
    assert.is((JSON.parse(byPrefix.stdout) as { id: string; jobs: unknown[] }).jobs.length, 2, `${b.name}: ${byPrefix.stderr}`);
    assert.is((await runCli(['groups', 'create', short(group.id)], env)).code, 0, `${b.name}: a name that looks like a prefix`);
    const byName = JSON.parse((await runCli(['groups', 'show', short(group.id), '--json'], env)).stdout) as { id: string; name: string };
    assert.ok(byName.id !== group.id && byName.name === short(group.id), `${b.name}: the user's group name wins`);
    const removed = await runCli(['groups', 'remove', 'pfx', short(c.id), '--json'], env);
    assert.equal(JSON.parse(removed.stdout), { group: 'pfx', removed: 1 }, `${b.name}: ${removed.stderr}`);
    const stop = await runCli(['jobs', 'stop', short(a.id), '--json'], env);
    assert.equal(JSON.parse(stop.stdout), { job_id: a.id, status: 'stopped' }, `${b.name}: ${stop.stderr}`);
    // resume resolves the prefix before anything else: a refused resume names the whole id.
    const resume = await runCli(['resume', short(c.id), '--json'], env);
    assert.ok(resume.stdout.includes(c.id) || resume.stderr.includes(c.id), `${b.name}: ${resume.stdout}${resume.stderr}`);
    const del = await runCli(['jobs', 'delete', short(c.id), '--json'], env);
    assert.is((JSON.parse(del.stdout) as { job_id: string }).job_id, c.id, `${b.name}: ${del.stderr}`);
    const gone = await runCli(['jobs', 'show', short(c.id)], env);
    assert.is(gone.code, 1, b.name);
    assert.match(gone.stderr, new RegExp(`^roothaan: no job id begins with ${short(c.id)}`), b.name);
  }
});

test.run();
