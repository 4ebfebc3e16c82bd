/**
 * Identity the database enforces (issue #17.1), with two real non-superuser LOGIN roles in a
 * fresh PostgreSQL database and the real CLI (`node bin/roothaan.js`, built: `npm run build`).
 * a submits jobs; b, connecting as its own role (with and without ROOTHAAN_USER=a@x), may not
 * stop, delete, resume or regroup them, nor read them under the private read policy; under the
 * group policy b reads them but still changes nothing. Raw SQL as b shows that the database
 * itself refuses, not only the CLI. Each refusal is one line on stderr with exit code 1, and a's
 * rows and objects are intact afterwards. Superusers bypass row security, so the migration and
 * the admin commands run as `postgres` and everything else as the two roles.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PG_URL, postgresAvailable } from './backends';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'roothaan.js');
const tag = `rls_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const DB = `roothaan_${tag}`;
const ROLE_A = `${tag}_a`;
const ROLE_B = `${tag}_b`;
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-rls-'));
const H2 = '2\nH2\nH 0 0 0\nH 0 0 0.74\n';

/** The test database's URL as `user` (a role without password: the server trusts loopback). */
function urlAs(user: string, database = DB): string {
  const u = new URL(PG_URL);
  u.username = user;
  u.password = '';
  u.pathname = `/${database}`;
  return u.toString();
}

let available = false;
let admin: Knex; // postgres on the test database
let asB: Knex; // role b on the test database
const ids: { submitted: string; stopped: string; group: string } = { submitted: '', stopped: '', group: '' };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with only the store's environment (none of the machine's ROOTHAAN_*, DATABASE_URL, …). */
function cli(args: string[], env: Record<string, string>): Promise<Run> {
  const clean: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
  for (const k of Object.keys(clean)) if (/^(ROOTHAAN_|DATABASE_URL|TEST_DATABASE_URL|JUPYTERHUB_|AWS_|PG)/.test(k)) delete clean[k];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: home, env: { ...clean, ROOTHAAN_HOME: home, ...env }, timeout: 120_000 });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const asRole = (role: string, extra: Record<string, string> = {}): Record<string, string> => ({ DATABASE_URL: urlAs(role), ...extra });

/** A refusal: exit 1, nothing on stdout, one line on stderr matching `pattern`. */
function refused(r: Run, pattern: RegExp, what: string): void {
  assert.is(r.code, 1, `${what}: exit ${r.code}, stderr ${r.stderr}`);
  assert.is(r.stdout, '', `${what}: stdout`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.is(lines.length, 1, `${what}: one line, got ${r.stderr}`);
  assert.match(lines[0]!, pattern, what);
}

/** What a's jobs are: their rows, memberships, checkpoint rows and objects (names and SHA-256), as postgres reads them. */
async function snapshotOfA(): Promise<string> {
  const jobs = await admin('jobs').where({ username: 'a@x' }).orderBy('id').select('id', 'status', 'attempt', 'username', 'error', 'finished_at');
  const members = await admin('job_group_jobs').orderBy(['job_id', 'group_id']);
  const groups = await admin('job_groups').where({ username: 'a@x' }).orderBy('id').select('id', 'username', 'name');
  const checkpoints = await admin('checkpoints').orderBy('id').select('job_id', 'key', 'sha256');
  const objects: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else objects.push(`${path.relative(home, p)} ${createHash('sha256').update(fs.readFileSync(p)).digest('hex')}`);
    }
  };
  walk(path.join(home, 'objects'));
  return JSON.stringify({ jobs, members, groups, checkpoints, objects: objects.sort() });
}

test.before(async () => {
  available = await postgresAvailable();
  if (!available) return;
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('build the CLI first: npm run build');
  const server = knexFactory({ client: 'pg', connection: PG_URL, pool: { min: 0, max: 1 } });
  try {
    await server.raw(`CREATE DATABASE "${DB}"`);
  } finally {
    await server.destroy();
  }
  admin = knexFactory({ client: 'pg', connection: urlAs('postgres'), pool: { min: 0, max: 2 } });
});

test.after(async () => {
  if (!available) return;
  await asB?.destroy();
  await admin?.destroy();
  const server = knexFactory({ client: 'pg', connection: PG_URL, pool: { min: 0, max: 1 } });
  try {
    await server.raw(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`);
    for (const r of [ROLE_A, ROLE_B]) await server.raw(`DROP ROLE IF EXISTS "${r}"`);
  } finally {
    await server.destroy();
  }
  fs.rmSync(home, { recursive: true, force: true });
});

test('db migrate and db add-user set up the roles; each role is its own user, and ROOTHAAN_USER cannot change that', async () => {
  if (!available) return;
  const pg = { DATABASE_URL: urlAs('postgres') };
  assert.is((await cli(['db', 'migrate'], pg)).code, 0);
  for (const [user, role] of [['a@x', ROLE_A], ['b@x', ROLE_B]]) {
    const r = (await cli(['db', 'add-user', user!, '--role', role!], pg));
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`${user} connects as the PostgreSQL role ${role}`));
  }
  const roles = (await admin.raw('SELECT rolname, rolsuper, rolbypassrls, rolcanlogin, pg_has_role(rolname, ?, ?) AS member FROM pg_roles WHERE rolname IN (?, ?) ORDER BY rolname', ['roothaan_user', 'MEMBER', ROLE_A, ROLE_B])).rows;
  assert.equal(roles.map((r: Record<string, unknown>) => [r.rolsuper, r.rolbypassrls, r.rolcanlogin, r.member]), [[false, false, true, true], [false, false, true, true]]);
  // Every per-user table has row security, forced (binding a non-superuser owner too).
  const rls = (await admin.raw("SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND relname NOT LIKE 'knex%' AND relname <> 'roothaan_settings' ORDER BY relname")).rows;
  assert.equal(rls.map((r: Record<string, unknown>) => [r.relname, r.relrowsecurity, r.relforcerowsecurity]), ['checkpoints', 'job_events', 'job_group_jobs', 'job_groups', 'jobs', 'users'].map((t) => [t, true, true]));

  // a submits two jobs into its group and stops one (stopped: resumable).
  const xyz = path.join(home, 'h2.xyz');
  fs.writeFileSync(xyz, H2);
  const sub = (await cli(['submit', xyz, xyz, '--group', 'ga', '--json'], asRole(ROLE_A)));
  assert.is(sub.code, 0, sub.stderr);
  const submitted = JSON.parse(sub.stdout) as { group: { id: string }; jobs: Array<{ id: string; username: string }> };
  assert.equal(submitted.jobs.map((j) => j.username), ['a@x', 'a@x']);
  ids.submitted = submitted.jobs[0]!.id;
  ids.stopped = submitted.jobs[1]!.id;
  ids.group = submitted.group.id;
  assert.is((await cli(['jobs', 'stop', ids.stopped], asRole(ROLE_A))).code, 0);

  // b's role is b@x; a claimed name that is not the role's is refused before anything is read.
  const who = (await cli(['users', 'show', '--json'], asRole(ROLE_B)));
  assert.is(JSON.parse(who.stdout).username, 'b@x', who.stderr);
  refused((await cli(['jobs', 'list'], asRole(ROLE_B, { ROOTHAAN_USER: 'a@x' }))), /ROOTHAAN_USER=a@x is not the PostgreSQL role '.*_b', which is b@x/, 'ROOTHAAN_USER=a@x');
  // JUPYTERHUB_USER is a default only: the role decides.
  assert.is(JSON.parse((await cli(['users', 'show', '--json'], asRole(ROLE_B, { JUPYTERHUB_USER: 'a@x' }))).stdout).username, 'b@x');
  // A role mapped to no user of the store is refused.
  await admin.raw(`CREATE ROLE "${tag}_c" LOGIN IN ROLE roothaan_user`);
  try {
    refused((await cli(['jobs', 'list'], asRole(`${tag}_c`))), /the PostgreSQL role '.*_c' is no user of this store; an admin adds it with `roothaan db add-user EMAIL --role .*_c`/, 'unmapped role');
  } finally {
    await admin.raw(`DROP ROLE "${tag}_c"`);
  }
  asB = knexFactory({ client: 'pg', connection: urlAs(ROLE_B), pool: { min: 0, max: 1 } });
});

/** What b tries on a's jobs (all at once: none changes anything); `shared` says whether b can see them (group read policy). */
async function bTriesEverything(shared: boolean, extra: Record<string, string> = {}): Promise<void> {
  const env = asRole(ROLE_B, extra);
  const claimed = extra.ROOTHAAN_USER !== undefined;
  const hidden = (id: string): RegExp => (claimed ? /ROOTHAAN_USER=a@x is not the PostgreSQL role/ : shared ? new RegExp(`job ${id} belongs to a@x; b@x may not`) : new RegExp(`no job ${id} in the store`));
  const [stop, del, resume, add, remove, rename, show, list] = await Promise.all([
    cli(['jobs', 'stop', ids.submitted], env),
    cli(['jobs', 'delete', ids.submitted], env),
    cli(['resume', ids.stopped, '--threads', '1'], env),
    // Regroup: a's job into b's group, out of a's group, a's group renamed.
    cli(['groups', 'add', 'gb', ids.submitted], env),
    cli(['groups', 'remove', ids.group, ids.submitted], env),
    cli(['groups', 'rename', ids.group, 'mine'], env),
    // Reading.
    cli(['jobs', 'show', ids.submitted], env),
    cli(['jobs', 'list', '--user', 'all', '--json'], env),
  ]);
  refused(stop!, hidden(ids.submitted), 'stop');
  refused(del!, hidden(ids.submitted), 'delete');
  refused(resume!, hidden(ids.stopped), 'resume');
  refused(add!, claimed ? /ROOTHAAN_USER/ : shared ? /belongs to a@x; b@x may not add it to a group/ : /no job .* in the store/, 'groups add');
  refused(remove!, claimed ? /ROOTHAAN_USER/ : shared ? /belongs to a@x; only its owner may change it/ : new RegExp(`no group ${ids.group}`), 'groups remove');
  refused(rename!, claimed ? /ROOTHAAN_USER/ : shared ? /only its owner may rename it/ : new RegExp(`no group ${ids.group}`), 'groups rename');
  if (shared && !claimed) {
    assert.is(show!.code, 0, show!.stderr);
    assert.match(show!.stdout, /user +a@x/);
  } else refused(show!, claimed ? /ROOTHAAN_USER/ : new RegExp(`no job ${ids.submitted} in the store`), 'show');
  if (claimed) refused(list!, /ROOTHAAN_USER/, 'list');
  else {
    assert.is(list!.code, 0, list!.stderr);
    const seen = (JSON.parse(list!.stdout) as { jobs: Array<{ username: string }> }).jobs.map((j) => j.username).filter((u) => u === 'a@x').length;
    assert.is(seen, shared ? 2 : 0, 'a@x jobs b lists');
  }
}

/** The same, in SQL as b's role: the database refuses even without the CLI's checks. */
async function bTriesSql(shared: boolean): Promise<void> {
  assert.is((await asB('jobs').where({ username: 'a@x' })).length, shared ? 2 : 0, 'a@x rows b selects');
  assert.is((await asB('checkpoints').whereIn('job_id', [ids.submitted, ids.stopped])).length > 0, shared, 'checkpoint rows b selects');
  assert.is(await asB('jobs').where({ id: ids.submitted }).update({ status: 'stopped' }), 0, 'update');
  assert.is(await asB('jobs').where({ id: ids.submitted }).delete(), 0, 'delete');
  assert.is(await asB('job_group_jobs').where({ group_id: ids.group }).delete(), 0, 'ungroup');
  assert.is(await asB('job_groups').where({ id: ids.group }).update({ username: 'b@x' }), 0, 'take the group');
  assert.is(await asB('users').where({ username: 'a@x' }).update({ login_count: 0 }), 0, "a's logins");
  const gb = (await asB('job_groups').where({ username: 'b@x', name: 'gb' }).first('id')) as { id: string };
  const denied = async (p: Promise<unknown>, what: string): Promise<void> => {
    try {
      await p;
      assert.unreachable(`${what} should be refused`);
    } catch (err) {
      assert.is((err as { code?: string }).code, '42501', `${what}: ${(err as Error).message}`);
    }
  };
  await denied(asB('job_group_jobs').insert({ job_id: ids.submitted, group_id: gb.id }), "a's job into b's group");
  await denied(asB('job_groups').insert({ id: '00000000-0000-4000-8000-00000000000b', username: 'a@x', name: 'forged', created_at: new Date().toISOString() }), 'a group as a@x');
  await denied(asB('job_events').insert({ job_id: ids.submitted, attempt: 0, kind: 'stop', name: 'forged', metadata: '{}', created_at: new Date().toISOString() }), "an event on a's job");
  await denied(asB('users').where({ username: 'b@x' }).update({ db_role: ROLE_A }), "b's user as a's role");
  await denied(asB('roothaan_settings').where({ name: 'read_policy' }).update({ value: 'group' }), 'the read policy');
  await denied(asB('users').insert({ username: 'eve@x', sso: 'local', created_at: new Date().toISOString(), login_count: 0, db_role: ROLE_B }), 'a new user');
}

test('the admin commands refuse bad input, the embedded store and non-admin roles, with one line and nothing stored', async () => {
  if (!available) return;
  const pg = { DATABASE_URL: urlAs('postgres') };
  const users = async (): Promise<string> => JSON.stringify(await admin('users').orderBy('username').select('username', 'db_role'));
  const before = await users();
  refused((await cli(['db', 'add-user', 'not-an-email', '--role', 'x_role'], pg)), /the user name 'not-an-email' must be an email address/, 'bad email');
  refused((await cli(['db', 'add-user', 'c@x', '--role', 'Bad-Role'], pg)), /the role name 'Bad-Role' must be 1–63 lower-case letters/, 'bad role');
  refused((await cli(['db', 'add-user', 'c@x', '--role', ROLE_A], pg)), new RegExp(`the role '${ROLE_A}' is already the store user a@x`), 'a taken role');
  refused((await cli(['db', 'add-user', 'c@x', '--role', `${tag}_c`], asRole(ROLE_B))), /db add-user needs an admin role .*'.*_b' is not one/, 'b adds a user');
  refused((await cli(['db', 'read-policy', 'public'], pg)), /the read policy must be one of private, group, got 'public'/, 'an unknown policy');
  const sqliteHome = path.join(home, 'embedded');
  refused((await cli(['db', 'add-user', 'c@x', '--role', 'c_role'], { ROOTHAAN_HOME: sqliteHome })), /db add-user is for a shared PostgreSQL store/, 'SQLite');
  assert.not.ok(fs.existsSync(sqliteHome), 'nothing created for SQLite');
  assert.is(await users(), before);
  assert.is((await admin.raw('SELECT 1 FROM pg_roles WHERE rolname IN (?, ?)', ['x_role', `${tag}_c`])).rows.length, 0, 'no role created');
});

test('private read policy (the default): b can neither change nor see a\'s jobs, with or without ROOTHAAN_USER=a@x', async () => {
  if (!available) return;
  const before = await snapshotOfA();
  assert.is((await cli(['db', 'read-policy'], asRole(ROLE_B))).stdout, 'read policy: private\n');
  // b works normally on its own jobs and groups.
  const own = (await cli(['groups', 'create', 'gb'], asRole(ROLE_B)));
  assert.is(own.code, 0, own.stderr);
  await bTriesEverything(false);
  await bTriesEverything(false, { ROOTHAAN_USER: 'a@x' });
  await bTriesSql(false);
  refused((await cli(['db', 'read-policy', 'group'], asRole(ROLE_B))), /changing the read policy needs an admin role .*'.*_b' is not one/, 'b sets the policy');
  // db check and db gc see the whole store: as b, row security would hide a's rows and make a's
  // objects look orphaned, so gc would delete them. Both are refused for b.
  for (const command of [['db', 'gc'], ['db', 'check'], ['db', 'gc', '--dry-run']]) {
    refused(await cli(command, asRole(ROLE_B)), /roothaan db check and db gc needs an admin role .*'.*_b' is not one/, `b runs ${command.join(' ')}`);
  }
  assert.is(await snapshotOfA(), before, "a's rows and objects after b's attempts");
  // An admin's db check sees a's and b's jobs, and finds nothing wrong.
  const check = await cli(['db', 'check'], { DATABASE_URL: urlAs('postgres') });
  assert.is(check.code, 0, check.stdout + check.stderr);
  assert.match(check.stdout, /^clean: /m);
});

test('group read policy (an admin switches it): b reads a\'s jobs but still cannot change them', async () => {
  if (!available) return;
  const before = await snapshotOfA();
  const set = (await cli(['db', 'read-policy', 'group'], { DATABASE_URL: urlAs('postgres') }));
  assert.is(set.stdout, 'read policy: group\n', set.stderr);
  assert.equal(await admin('roothaan_settings').select('name', 'value'), [{ name: 'read_policy', value: 'group' }]);
  await bTriesEverything(true); // with ROOTHAAN_USER=a@x it is refused as before, at open
  await bTriesSql(true);
  assert.is(await snapshotOfA(), before, "a's rows and objects after b's attempts");
  // a still owns them: a deletes one, with its objects.
  const del = (await cli(['jobs', 'delete', ids.submitted], asRole(ROLE_A)));
  assert.is(del.code, 0, del.stderr);
  assert.is((await admin('jobs').where({ id: ids.submitted })).length, 0);
  assert.not.ok(fs.existsSync(path.join(home, 'objects', ids.submitted)));
});

test.run();
