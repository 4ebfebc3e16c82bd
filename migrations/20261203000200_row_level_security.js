'use strict';
/**
 * Identity the database enforces (issue #17): on PostgreSQL each person connects as their own
 * LOGIN role, a member of the group role `roothaan_user`, and row-level security lets a role
 * change only the rows of the store user it is mapped to (`users.db_role`).
 *
 * Both databases get the column `users.db_role` (the PostgreSQL role a store user connects as)
 * and the table `roothaan_settings` (the read policy, `read_policy` = `private` | `group`).
 * PostgreSQL only:
 * - the group role `roothaan_user` (NOLOGIN) with the table grants a person needs: no INSERT on
 *   `users` (an admin adds people), no UPDATE or DELETE of events, read-only settings;
 * - `roothaan_me()`: the store user mapped to `current_user` (NULL when unmapped);
 *   `roothaan_read_policy()`: the settings row;
 * - ROW LEVEL SECURITY, FORCEd so that a non-superuser table owner is bound too (superusers and
 *   BYPASSRLS roles, the admins, are not), on users, jobs, job_groups, job_group_jobs,
 *   job_events and checkpoints. Writes: the owner's rows only, checked on the new row too (WITH
 *   CHECK), so no one inserts rows as another user or puts another user's job into a group.
 *   Reads: the owner's rows; under `read_policy = 'group'` every row, for any role mapped to a
 *   user of this store.
 * Referential checks and ON DELETE CASCADE bypass row security, as PostgreSQL defines them.
 */

const GROUP_ROLE = 'roothaan_user';
const PER_JOB = ['job_events', 'checkpoints'];
const ALL = ['users', 'jobs', 'job_groups', 'job_group_jobs', 'job_events', 'checkpoints'];

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('users', (t) => {
    t.string('db_role', 63).nullable().unique();
  });
  await knex.schema.createTable('roothaan_settings', (t) => {
    t.string('name', 64).primary();
    t.text('value').notNullable();
  });
  await knex('roothaan_settings').insert({ name: 'read_policy', value: 'private' });
  if (knex.client.config.client !== 'pg') return;

  const q = (sql) => knex.raw(sql);
  await q(`DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${GROUP_ROLE}') THEN CREATE ROLE ${GROUP_ROLE} NOLOGIN; END IF;
  END $$`);
  await q(`ALTER TABLE roothaan_settings ADD CONSTRAINT roothaan_settings_read_policy CHECK (name <> 'read_policy' OR value IN ('private', 'group'))`);

  // Functions resolve tables in the schema they were created in, whatever the caller's search_path.
  const [{ schema }] = (await q('SELECT current_schema() AS schema')).rows;
  const s = `"${schema}"`;
  await q(`CREATE FUNCTION ${s}.roothaan_me() RETURNS text LANGUAGE sql STABLE SET search_path = ${s}, pg_temp
    AS $$ SELECT username::text FROM users WHERE db_role = current_user $$`);
  await q(`CREATE FUNCTION ${s}.roothaan_read_policy() RETURNS text LANGUAGE sql STABLE SET search_path = ${s}, pg_temp
    AS $$ SELECT value FROM roothaan_settings WHERE name = 'read_policy' $$`);

  await q(`GRANT USAGE ON SCHEMA ${s} TO ${GROUP_ROLE}`);
  await q(`GRANT EXECUTE ON FUNCTION ${s}.roothaan_me(), ${s}.roothaan_read_policy() TO ${GROUP_ROLE}`);
  await q(`GRANT SELECT ON knex_migrations, knex_migrations_lock, roothaan_settings TO ${GROUP_ROLE}`);
  await q(`GRANT SELECT, UPDATE (sso, last_login, login_count) ON users TO ${GROUP_ROLE}`);
  await q(`GRANT SELECT, INSERT, UPDATE, DELETE ON jobs, job_groups, job_group_jobs, checkpoints TO ${GROUP_ROLE}`);
  await q(`GRANT SELECT, INSERT ON job_events TO ${GROUP_ROLE}`);
  await q(`GRANT USAGE ON SEQUENCE job_events_id_seq, checkpoints_id_seq TO ${GROUP_ROLE}`);

  for (const t of ALL) await q(`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
  const mine = 'username = roothaan_me()';
  const readable = `(${mine} OR (roothaan_read_policy() = 'group' AND roothaan_me() IS NOT NULL))`;
  // users: a person sees and updates (their logins) only their own row.
  await q(`CREATE POLICY users_own ON users FOR ALL USING (db_role = current_user) WITH CHECK (db_role = current_user)`);
  for (const t of ['jobs', 'job_groups']) {
    await q(`CREATE POLICY ${t}_read ON ${t} FOR SELECT USING ${readable}`);
    await q(`CREATE POLICY ${t}_insert ON ${t} FOR INSERT WITH CHECK (${mine})`);
    await q(`CREATE POLICY ${t}_update ON ${t} FOR UPDATE USING (${mine}) WITH CHECK (${mine})`);
    await q(`CREATE POLICY ${t}_delete ON ${t} FOR DELETE USING (${mine})`);
  }
  const ownJob = (col) => `EXISTS (SELECT 1 FROM jobs j WHERE j.id = ${col} AND j.username = roothaan_me())`;
  const ownGroup = `EXISTS (SELECT 1 FROM job_groups g WHERE g.id = group_id AND g.username = roothaan_me())`;
  // Memberships: visible with the group; added only by the owner of both the group and the job;
  // removed by the group's owner.
  await q(`CREATE POLICY job_group_jobs_read ON job_group_jobs FOR SELECT USING (EXISTS (SELECT 1 FROM job_groups g WHERE g.id = group_id))`);
  await q(`CREATE POLICY job_group_jobs_insert ON job_group_jobs FOR INSERT WITH CHECK (${ownGroup} AND ${ownJob('job_id')})`);
  await q(`CREATE POLICY job_group_jobs_delete ON job_group_jobs FOR DELETE USING (${ownGroup})`);
  // Events and checkpoints: visible with their job; written only for one's own jobs.
  for (const t of PER_JOB) {
    await q(`CREATE POLICY ${t}_read ON ${t} FOR SELECT USING (EXISTS (SELECT 1 FROM jobs j WHERE j.id = job_id))`);
    await q(`CREATE POLICY ${t}_insert ON ${t} FOR INSERT WITH CHECK (${ownJob('job_id')})`);
  }
  await q(`CREATE POLICY checkpoints_update ON checkpoints FOR UPDATE USING (${ownJob('job_id')}) WITH CHECK (${ownJob('job_id')})`);
  await q(`CREATE POLICY checkpoints_delete ON checkpoints FOR DELETE USING (${ownJob('job_id')})`);
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  if (knex.client.config.client === 'pg') {
    for (const t of ALL) {
      const policies = (await knex.raw('SELECT policyname FROM pg_policies WHERE schemaname = current_schema() AND tablename = ?', [t])).rows;
      for (const p of policies) await knex.raw(`DROP POLICY "${p.policyname}" ON ${t}`);
      await knex.raw(`ALTER TABLE ${t} NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY`);
    }
    const [{ schema }] = (await knex.raw('SELECT current_schema() AS schema')).rows;
    await knex.raw(`REVOKE ALL ON ALL TABLES IN SCHEMA "${schema}" FROM ${GROUP_ROLE}`);
    await knex.raw(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA "${schema}" FROM ${GROUP_ROLE}`);
    await knex.raw(`REVOKE USAGE ON SCHEMA "${schema}" FROM ${GROUP_ROLE}`);
    await knex.raw('DROP FUNCTION IF EXISTS roothaan_me(), roothaan_read_policy()');
    // The group role is the cluster's (other databases may use it): it stays.
  }
  await knex.schema.dropTableIfExists('roothaan_settings');
  await knex.schema.alterTable('users', (t) => {
    t.dropUnique(['db_role']);
    t.dropColumn('db_role');
  });
};
