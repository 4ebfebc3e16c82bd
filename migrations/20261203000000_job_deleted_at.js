'use strict';
/**
 * Safe delete (issue #17): `jobs delete` first marks the job deleted (`deleted_at`), then removes
 * its objects, then its rows. A delete killed midway leaves a marked row that listings hide and
 * that `roothaan db gc` (or `jobs delete` again) finishes. Written as ISO-8601 UTC like every
 * timestamp (see 20260601000000_job_store.js).
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('jobs', (t) => {
    t.timestamp('deleted_at', { useTz: true }).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('jobs', (t) => {
    t.dropColumn('deleted_at');
  });
};
