import { setTimeout as sleep } from 'node:timers/promises';
import type { Argv, CommandModule } from 'yargs';
import { InvalidInputError } from '../../errors';
import { GROUP_PROGRESS_COLUMNS, groupProgressCells, groupProgressSummary } from '../../notebook';
import * as store from '../../store';
import type { CliContext } from '../context';
import { jobJson, resolveJobIds, table, withStore } from './jobs';
import { paintOf } from '../paint';
import { renderTable, shortIds, tableWidth } from '../table';

interface GroupArgs {
  group?: string;
  name?: string;
  newName?: string;
  jobs?: string[];
  all?: boolean;
  json?: boolean;
  watch?: boolean;
  interval?: number;
}

function groupJson(g: { id: string; username: string; name: string; created_at: Date; jobs?: number }): Record<string, unknown> {
  return { id: g.id, name: g.name, username: g.username, created_at: g.created_at.toISOString(), ...(g.jobs !== undefined ? { jobs: g.jobs } : {}) };
}

/** A progress row as JSON (snake_case, ISO dates). */
function progressRowJson(r: store.GroupProgressRow): Record<string, unknown> {
  return {
    id: r.id, name: r.name, formula: r.formula, status: r.status, live: r.live, attempt: r.attempt, iteration: r.iteration, energy: r.energy,
    converged: r.converged, host: r.host, updated: r.updated.toISOString(), error: r.error,
  };
}

/** What `groups show` prints for one reading of the group (`jobs`: the job rows, for --json). */
function showText(progress: store.GroupProgress, jobs: store.JobRow[] | undefined, context: CliContext): string {
  const g = progress.group;
  if (jobs !== undefined) {
    return JSON.stringify({ ...groupJson(g), settled: progress.settled, counts: progress.counts, rows: progress.rows.map(progressRowJson), jobs: jobs.map(jobJson) }) + '\n';
  }
  const rows = progress.rows.map(groupProgressCells);
  const heading = `group  ${g.name} (${shortIds([g.id])[0]})\nowner  ${g.username}\n\n`;
  return heading + (rows.length > 0 ? table(GROUP_PROGRESS_COLUMNS.map((c) => c.header), rows, context) : '') + groupProgressSummary(progress) + '\n';
}

/**
 * `roothaan groups show G [--json] [--watch [--interval S]]`: the group's progress rows
 * (`store.groupProgress`, the rows `notebook.watchGroup` shows). With --watch it reads the group
 * again every S seconds and prints it when it changed (redrawn in place on a terminal) until none
 * of its jobs is in progress.
 */
async function showGroup(context: CliContext, args: GroupArgs): Promise<void> {
  const interval = args.interval ?? 2;
  if (!(Number.isFinite(interval) && interval > 0)) throw new InvalidInputError(`--interval must be a number of seconds > 0, got ${String(args.interval)}`, { field: '--interval' });
  await withStore(context, async (s) => {
    let last: string | undefined;
    for (;;) {
      const progress = await store.groupProgress(s, args.group!);
      const text = showText(progress, args.json ? await s.groups.jobs(progress.group.id) : undefined, context);
      if (text !== last) {
        // On a terminal, a refresh replaces the previous table (cursor up over its lines, clear below).
        if (last !== undefined && context.isTTY && !args.json) context.stdout(`\x1b[${last.split('\n').length - 1}A\x1b[J`);
        context.stdout(text);
        last = text;
      }
      if (!args.watch || progress.settled) return;
      await sleep(interval * 1000);
    }
  });
}

/** `roothaan groups create|rename|add|remove|list|show`: job groups. Only a group's owner may change it. */
export function groupsCommand(context: CliContext): CommandModule<object, object> {
  const json = { type: 'boolean', describe: 'print one JSON object' } as const;
  return {
    command: 'groups',
    describe: 'Create, rename, fill and list job groups',
    builder: (y: Argv<object>) =>
      y
        .command<GroupArgs>({
          command: 'create <name>',
          describe: 'Create a group',
          builder: (a) => a.positional('name', { type: 'string', demandOption: true }).option('json', json) as Argv<GroupArgs>,
          handler: async (args) => {
            const g = await withStore(context, (s) => s.groups.create(args.name!));
            context.stdout(args.json ? JSON.stringify(groupJson(g)) + '\n' : `group '${g.name}' created (${g.id})\n`);
          },
        })
        .command<GroupArgs>({
          command: 'rename <group> <newName>',
          describe: 'Rename one of your groups',
          builder: (a) =>
            a
              .positional('group', { type: 'string', demandOption: true, describe: 'group id or name' })
              .positional('newName', { type: 'string', demandOption: true })
              .option('json', json) as Argv<GroupArgs>,
          handler: async (args) => {
            const g = await withStore(context, (s) => s.groups.rename(args.group!, args.newName!));
            context.stdout(args.json ? JSON.stringify(groupJson(g)) + '\n' : `group ${g.id} renamed to '${g.name}'\n`);
          },
        })
        .command<GroupArgs>({
          command: 'add <group> <jobs..>',
          describe: 'Add jobs to one of your groups',
          builder: (a) =>
            a
              .positional('group', { type: 'string', demandOption: true, describe: 'group id or name' })
              .positional('jobs', { type: 'string', array: true, demandOption: true, describe: 'job ids (UUIDs, or unique prefixes of at least 4 hex digits)' })
              .option('json', json) as Argv<GroupArgs>,
          handler: async (args) => {
            const n = await withStore(context, async (s) => s.groups.add(args.group!, await resolveJobIds(s, args.jobs!)));
            context.stdout(args.json ? JSON.stringify({ group: args.group, added: n }) + '\n' : `${n} job(s) added to '${args.group}'\n`);
          },
        })
        .command<GroupArgs>({
          command: 'remove <group> <jobs..>',
          describe: 'Remove jobs from one of your groups (the jobs stay)',
          builder: (a) =>
            a
              .positional('group', { type: 'string', demandOption: true, describe: 'group id or name' })
              .positional('jobs', { type: 'string', array: true, demandOption: true, describe: 'job ids (UUIDs, or unique prefixes of at least 4 hex digits)' })
              .option('json', json) as Argv<GroupArgs>,
          handler: async (args) => {
            const n = await withStore(context, async (s) => s.groups.remove(args.group!, await resolveJobIds(s, args.jobs!)));
            context.stdout(args.json ? JSON.stringify({ group: args.group, removed: n }) + '\n' : `${n} job(s) removed from '${args.group}'\n`);
          },
        })
        .command<GroupArgs>({
          command: 'list',
          describe: 'List your groups (or everyone’s with --all)',
          builder: (a) => a.option('all', { type: 'boolean', describe: "every user's groups" }).option('json', json) as Argv<GroupArgs>,
          handler: async (args) => {
            const groups = await withStore(context, (s) => s.groups.list(args.all ? 'all' : undefined));
            if (args.json) context.stdout(JSON.stringify({ groups: groups.map(groupJson) }) + '\n');
            else if (groups.length === 0) context.stdout('no groups\n');
            else {
              const ids = shortIds(groups.map((g) => g.id));
              const columns = [{ header: 'id' }, { header: 'name', minWidth: 10 }, { header: 'jobs', right: true }, { header: 'owner', minWidth: 12 }];
              context.stdout(renderTable(columns, groups.map((g, k) => [ids[k]!, g.name, String(g.jobs), g.username]), tableWidth(context), paintOf(context)));
            }
          },
        })
        .command<GroupArgs>({
          command: 'show <group>',
          describe: "A group's jobs: status, iteration, energy and host (--watch: until none is in progress)",
          builder: (a) =>
            a
              .positional('group', { type: 'string', demandOption: true, describe: 'group id or name' })
              .option('json', json)
              .option('watch', { type: 'boolean', describe: 'refresh until no job is submitted or running (JSON lines with --json)' })
              .option('interval', { type: 'number', describe: 'seconds between refreshes with --watch (default 2)' }) as Argv<GroupArgs>,
          handler: (args) => showGroup(context, args),
        })
        .demandCommand(1, 'say which groups command to run: create, rename, add, remove, list or show'),
    handler: () => undefined,
  };
}
