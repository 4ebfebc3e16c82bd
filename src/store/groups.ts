import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { InvalidInputError, StoreConflictError } from '../errors';
import { isUuid, checkUuid, type StoreContext } from './context';
import { idsWithPrefix, isIdPrefix } from './job-ids';
import { readableJobs } from './skipped-rows';
import { groupFromRow, isoNow, tables, type JobGroupRow, type JobRow, type Stored } from './tables';
import { NotFoundError, StorePermissionError } from './store-errors';
import { checkGroupName as checkName, checkGroupReference } from './names';

/** The job groups part of a store. A group is named by its id (or a unique prefix of it), or by name among the current user's groups. */
export interface GroupsApi {
  /** Creates a group of the current user; a duplicate name is a StoreConflictError. */
  create(name: string): Promise<JobGroupRow>;
  /** The group with this id or name (the current user's), created when a name is new. */
  ensure(idOrName: string): Promise<JobGroupRow>;
  /** Renames a group (owner only). */
  rename(group: string, newName: string): Promise<JobGroupRow>;
  /** Adds jobs to a group (owner only); jobs already in it stay. */
  add(group: string, jobIds: readonly string[]): Promise<number>;
  /** Removes jobs from a group (owner only). */
  remove(group: string, jobIds: readonly string[]): Promise<number>;
  /** The current user's groups (or a user's, or `'all'`). */
  list(user?: string): Promise<Array<JobGroupRow & { jobs: number }>>;
  get(group: string): Promise<JobGroupRow>;
  /** A group's jobs, newest first. */
  jobs(group: string): Promise<JobRow[]>;
  /** Deletes a group (owner only); its jobs stay. */
  delete(group: string): Promise<void>;
}


/** A group by id (anyone's), by name (the current user's), or by a unique prefix of its id. */
export async function resolveGroup(ctx: StoreContext, idOrName: string): Promise<JobGroupRow> {
  if (typeof idOrName !== 'string' || idOrName.trim() === '') throw new InvalidInputError('a group id or name is required', { field: 'group' });
  checkGroupReference(idOrName);
  const key = idOrName.trim();
  let row = isUuid(key)
    ? await tables.groups(ctx.knex).where({ id: key.toLowerCase() }).first()
    : await tables.groups(ctx.knex).where({ username: ctx.user, name: key }).first();
  // Not one of the user's group names: a unique prefix of a group id (as `groups list` shows them).
  if (row === undefined && !isUuid(key) && isIdPrefix(key)) {
    const ids = await idsWithPrefix(ctx.knex, ctx.db.client, 'job_groups', key);
    if (ids.length > 1) throw new InvalidInputError(`the group id prefix '${key}' is ambiguous: ${ids.length > 100 ? 'more than 100' : ids.length} groups match; type more of the id`, { field: 'group' });
    if (ids.length === 1) row = await tables.groups(ctx.knex).where({ id: ids[0]! }).first();
  }
  if (row === undefined) {
    throw new NotFoundError(
      isUuid(key) ? `no group ${key} in the store` : `${ctx.user} has no group named '${key}' (see \`roothaan groups list\`)`,
    );
  }
  return groupFromRow(row);
}

/** Throws StorePermissionError unless the current user owns the group. @example `checkGroupOwner(ctx, group, 'rename')` */
export function checkGroupOwner(ctx: StoreContext, g: JobGroupRow, action: string): void {
  if (g.username !== ctx.user) {
    throw new StorePermissionError(`the group '${g.name}' (${g.id}) belongs to ${g.username}; only its owner may ${action} it`);
  }
}

/** Adds jobs to a group (one statement, in the caller's transaction if any), skipping ones already in it. */
export async function addJobsToGroupTrx(trx: Knex, groupId: string, jobIds: readonly string[]): Promise<void> {
  if (jobIds.length === 0) return;
  await tables.groupJobs(trx)
    .insert(jobIds.map((job_id) => ({ job_id, group_id: groupId })))
    .onConflict(['job_id', 'group_id'])
    .ignore();
}

/** The {@link GroupsApi} over a store context. */
export function groupsApi(ctx: StoreContext): GroupsApi {
  const { knex } = ctx;
  const checkNameFree = async (name: string): Promise<void> => {
    const clash = await tables.groups(knex).where({ username: ctx.user, name }).first();
    if (clash !== undefined) throw new StoreConflictError(`${ctx.user} already has a group named '${name}' (${String(clash.id)})`);
  };
  const api: GroupsApi = {
    async create(name) {
      const n = checkName(name);
      await checkNameFree(n);
      const id = randomUUID();
      try {
        await tables.groups(knex).insert({ id, username: ctx.user, name: n, created_at: isoNow() });
      } catch (err) {
        if (/unique|duplicate/i.test((err as Error).message)) throw new StoreConflictError(`${ctx.user} already has a group named '${n}'`);
        throw err;
      }
      return api.get(id);
    },
    async ensure(idOrName) {
      try {
        return await resolveGroup(ctx, idOrName);
      } catch (err) {
        if (err instanceof NotFoundError && !isUuid(idOrName.trim())) {
          try {
            return await api.create(idOrName);
          } catch (e) {
            if (e instanceof StoreConflictError) return resolveGroup(ctx, idOrName); // created meanwhile
            throw e;
          }
        }
        throw err;
      }
    },
    async rename(group, newName) {
      const g = await resolveGroup(ctx, group);
      checkGroupOwner(ctx, g, 'rename');
      const n = checkName(newName);
      if (n === g.name) return g;
      await checkNameFree(n);
      await tables.groups(knex).where({ id: g.id }).update({ name: n });
      return api.get(g.id);
    },
    async add(group, jobIds) {
      const g = await resolveGroup(ctx, group);
      checkGroupOwner(ctx, g, 'change');
      const ids = jobIds.map((j) => checkUuid(j, 'job id'));
      const found = await tables.jobs(knex).whereIn('id', ids).whereNull('deleted_at').select('id', 'username');
      const missing = ids.filter((id) => !found.some((r) => String(r.id) === id));
      if (missing.length > 0) throw new NotFoundError(`no job ${missing.join(', ')} in the store`);
      // Only one's own jobs: another user's job in your group would let you regroup it.
      const theirs = found.find((r) => String(r.username) !== ctx.user);
      if (theirs !== undefined) throw new StorePermissionError(`job ${String(theirs.id)} belongs to ${String(theirs.username)}; ${ctx.user} may not add it to a group`);
      const unique = [...new Set(ids)];
      const before = await tables.groupJobs(knex).where({ group_id: g.id }).whereIn('job_id', unique).count({ n: '*' }).first();
      await addJobsToGroupTrx(knex, g.id, unique);
      return unique.length - Number(before?.n ?? 0);
    },
    async remove(group, jobIds) {
      const g = await resolveGroup(ctx, group);
      checkGroupOwner(ctx, g, 'change');
      const ids = jobIds.map((j) => checkUuid(j, 'job id'));
      return tables.groupJobs(knex).where({ group_id: g.id }).whereIn('job_id', ids).delete();
    },
    async list(user = ctx.user) {
      let q = tables.groups(knex)
        .leftJoin('job_group_jobs', 'job_group_jobs.group_id', 'job_groups.id')
        .leftJoin('jobs', (on) => on.on('jobs.id', '=', 'job_group_jobs.job_id').andOnNull('jobs.deleted_at'))
        .groupBy('job_groups.id', 'job_groups.username', 'job_groups.name', 'job_groups.created_at')
        .select('job_groups.id', 'job_groups.username', 'job_groups.name', 'job_groups.created_at')
        .count({ jobs: 'jobs.id' }) // a job marked deleted is no longer counted
        .orderBy([{ column: 'job_groups.username' }, { column: 'job_groups.name' }]);
      if (user !== 'all') q = q.where('job_groups.username', user);
      return ((await q) as unknown as Array<Stored<JobGroupRow> & { jobs: number | string }>).map((r) => ({ ...groupFromRow(r), jobs: Number(r.jobs) }));
    },
    get: (group) => resolveGroup(ctx, group),
    async jobs(group) {
      const g = await resolveGroup(ctx, group);
      const rows = await tables.jobs(knex)
        .join('job_group_jobs', 'job_group_jobs.job_id', 'jobs.id')
        .where('job_group_jobs.group_id', g.id)
        .whereNull('jobs.deleted_at')
        .select('jobs.*')
        .orderBy([{ column: 'jobs.submitted_at', order: 'desc' }, { column: 'jobs.id' }]);
      return readableJobs(ctx, rows);
    },
    async delete(group) {
      const g = await resolveGroup(ctx, group);
      checkGroupOwner(ctx, g, 'delete');
      await tables.groups(knex).where({ id: g.id }).delete();
    },
  };
  return api;
}
