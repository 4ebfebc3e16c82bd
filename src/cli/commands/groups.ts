import type { Argv, CommandModule } from 'yargs';
import type { CliContext } from '../context';
import { jobJson, jobsTable, resolveJobIds, withStore } from './jobs';
import { paintOf } from '../paint';
import { renderTable, shortIds, tableWidth } from '../table';

interface GroupArgs {
  group?: string;
  name?: string;
  newName?: string;
  jobs?: string[];
  all?: boolean;
  json?: boolean;
}

function groupJson(g: { id: string; username: string; name: string; created_at: Date; jobs?: number }): Record<string, unknown> {
  return { id: g.id, name: g.name, username: g.username, created_at: g.created_at.toISOString(), ...(g.jobs !== undefined ? { jobs: g.jobs } : {}) };
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
          describe: "List a group's jobs",
          builder: (a) => a.positional('group', { type: 'string', demandOption: true, describe: 'group id or name' }).option('json', json) as Argv<GroupArgs>,
          handler: async (args) => {
            const { group, jobs } = await withStore(context, async (s) => ({ group: await s.groups.get(args.group!), jobs: await s.groups.jobs(args.group!) }));
            if (args.json) {
              context.stdout(JSON.stringify({ ...groupJson(group), jobs: jobs.map(jobJson) }) + '\n');
              return;
            }
            context.stdout(`group  ${group.name} (${shortIds([group.id])[0]})\nowner  ${group.username}\njobs   ${jobs.length}\n${jobs.length > 0 ? '\n' : ''}`);
            if (jobs.length > 0) context.stdout(jobsTable(jobs, context, { iterations: false, submitted: false }));
          },
        })
        .demandCommand(1, 'say which groups command to run: create, rename, add, remove, list or show'),
    handler: () => undefined,
  };
}
