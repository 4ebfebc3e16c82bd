/**
 * The admin commands of a shared PostgreSQL store and the identity a role opens it with
 * (issue #17), in this process: `addUser`, `readPolicy`, `store.open` as a non-superuser LOGIN
 * role (its user replaces a JUPYTERHUB_USER, a claimed ROOTHAAN_USER or `user` is refused) and
 * `permissionRefusal` for what the policies refuse. In a fresh database, roles dropped after.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import knexFactory from 'knex';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InvalidInputError } from '../../src/errors';
import * as store from '../../src/store';
import { addUser, readPolicy } from '../../src/store/db-admin';
import { permissionRefusal } from '../../src/store/store-errors';
import { closeStores, geometryText, openStore, PG_URL, postgresAvailable } from './backends';

const tag = `rlsadm_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const DB = `roothaan_${tag}`;
const ROLE_A = `${tag}_a`, ROLE_B = `${tag}_b`, ROLE_C = `${tag}_c`;
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-rlsadm-'));
let available = false;

function urlAs(user: string): string {
  const u = new URL(PG_URL);
  u.username = user;
  u.password = '';
  u.pathname = `/${DB}`;
  return u.toString();
}
const envAs = (role: string, extra: Record<string, string> = {}): Record<string, string> => ({ DATABASE_URL: urlAs(role), ROOTHAAN_HOME: home, ...extra });

async function rejects(p: Promise<unknown>, type: new (...args: never[]) => Error, pattern: RegExp): Promise<void> {
  try {
    await p;
  } catch (err) {
    assert.instance(err, type);
    assert.match((err as Error).message, pattern);
    return;
  }
  assert.unreachable(`should throw ${pattern}`);
}

test.before(async () => {
  available = await postgresAvailable();
  if (!available) return;
  const server = knexFactory({ client: 'pg', connection: PG_URL, pool: { min: 0, max: 1 } });
  await server.raw(`CREATE DATABASE "${DB}"`).finally(() => server.destroy());
});

test.after(async () => {
  await closeStores();
  fs.rmSync(home, { recursive: true, force: true });
  if (!available) return;
  const server = knexFactory({ client: 'pg', connection: PG_URL, pool: { min: 0, max: 1 } });
  try {
    await server.raw(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`);
    for (const r of [ROLE_A, ROLE_B, ROLE_C]) await server.raw(`DROP ROLE IF EXISTS "${r}"`);
  } finally {
    await server.destroy();
  }
});

test('addUser creates a LOGIN role in roothaan_user mapped to the user, once; bad input and non-admins are refused', async () => {
  if (!available) return;
  const admin = envAs('postgres');
  assert.equal(await addUser('a@x', ROLE_A, {}, admin), { username: 'a@x', role: ROLE_A, created: true });
  assert.equal(await addUser('a@x', ROLE_A, { sso: 'UBC' }, admin), { username: 'a@x', role: ROLE_A, created: false });
  assert.equal(await addUser('b@x', ROLE_B, {}, admin), { username: 'b@x', role: ROLE_B, created: true });
  await rejects(addUser('c@x', ROLE_A, {}, admin), InvalidInputError, new RegExp(`the role '${ROLE_A}' is already the store user a@x`));
  await rejects(addUser('no-at-sign', 'x_role', {}, admin), InvalidInputError, /must be an email address/);
  await rejects(addUser('c@x', 'pg_read_all_data', {}, admin), InvalidInputError, /not pg_… or roothaan_user/);
  await rejects(addUser('c@x', ROLE_C, { sso: 'myspace' as store.SsoProvider }, admin), InvalidInputError, /sso must be one of/);
  await rejects(addUser('c@x', ROLE_C, {}, envAs(ROLE_B)), store.StorePermissionError, /db add-user needs an admin role \(superuser, or CREATEROLE and BYPASSRLS\)/);
  await rejects(addUser('c@x', ROLE_C, {}, { ROOTHAAN_HOME: home }), InvalidInputError, /for a shared PostgreSQL store/);
});

test('readPolicy shows the policy to anyone and lets only an admin switch it', async () => {
  if (!available) return;
  assert.is(await readPolicy(undefined, envAs(ROLE_B)), 'private');
  await rejects(readPolicy('group', envAs(ROLE_B)), store.StorePermissionError, /changing the read policy needs an admin role \(superuser or BYPASSRLS\)/);
  await rejects(readPolicy('everyone' as never, envAs('postgres')), InvalidInputError, /must be one of private, group/);
  assert.is(await readPolicy('group', envAs('postgres')), 'group');
  assert.is(await readPolicy(undefined, envAs(ROLE_B)), 'group');
  assert.is(await readPolicy('private', envAs('postgres')), 'private');
});

test("a role opens the store as its own user: JUPYTERHUB_USER is replaced, a claimed ROOTHAAN_USER or user is refused, and the policies' refusals are permission errors", async () => {
  if (!available) return;
  const b = await openStore({}, envAs(ROLE_B, { JUPYTERHUB_USER: 'a@x' }));
  assert.is(b.user, 'b@x');
  assert.is(b.config.user, 'b@x');
  assert.is((await b.users.show()).login_count, 1, 'the login is counted on the row the admin added');
  const job = await b.jobs.submit({ geometryText: geometryText('h2o_crawford.xyz'), filename: 'water.xyz', parameters: { basis_set: 'STO-3G' } });
  assert.is(job.username, 'b@x');
  await rejects(store.open({}, envAs(ROLE_B, { ROOTHAAN_USER: 'a@x' })), store.StorePermissionError, /ROOTHAAN_USER=a@x is not the PostgreSQL role '.*_b', which is b@x/);
  await rejects(store.open({ user: 'a@x' }, envAs(ROLE_B)), store.StorePermissionError, /the user 'a@x' is not the PostgreSQL role/);
  const server = knexFactory({ client: 'pg', connection: urlAs('postgres'), pool: { min: 0, max: 1 } });
  await server.raw(`CREATE ROLE "${ROLE_C}" LOGIN IN ROLE roothaan_user`).finally(() => server.destroy());
  await rejects(store.open({}, envAs(ROLE_C)), store.StorePermissionError, /is no user of this store/);
  // A row as someone else: the database refuses it (42501), which reads as a permission error.
  let refusal: unknown;
  try {
    await b.database.knex('job_groups').insert({ id: '00000000-0000-4000-8000-00000000000a', username: 'a@x', name: 'forged', created_at: new Date().toISOString() });
  } catch (err) {
    refusal = permissionRefusal(err);
  }
  assert.instance(refusal, store.StorePermissionError);
  assert.match((refusal as Error).message, /^the database refused this for your role: new row violates row-level security policy for table "job_groups"$/);
  const other = new Error('something else');
  assert.is(permissionRefusal(other), other);
});

test.run();
