'use strict';
/**
 * `jobs.lease_pid_namespace` (issue #17): the boot id and PID-namespace inode of the process
 * holding a job's lease, `<boot id>:<inode>`. A PID is checked for liveness only where it means
 * something (same host, same boot, same PID namespace); elsewhere the lease's expiry decides.
 * Null on rows leased before this column existed.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('jobs', (t) => {
    t.string('lease_pid_namespace', 100).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('jobs', (t) => {
    t.dropColumn('lease_pid_namespace');
  });
};
