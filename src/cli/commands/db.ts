import type { Argv, CommandModule } from 'yargs';
import * as store from '../../store';
import { addUser, READ_POLICIES, readPolicy, type ReadPolicy } from '../../store/db-admin';
import type { CliContext } from '../context';

interface DbArgs {
  json?: boolean;
}

interface AddUserArgs {
  username: string;
  role: string;
  sso?: store.SsoProvider;
}

interface ReadPolicyArgs {
  policy?: ReadPolicy;
}

/** `roothaan db migrate`: apply pending migrations to the configured database (SQLite or DATABASE_URL). */
export function dbCommand(context: CliContext): CommandModule<object, object> {
  return {
    command: 'db',
    describe: 'Database maintenance',
    builder: (y: Argv<object>) =>
      y
        .command<DbArgs>({
          command: 'migrate',
          describe: 'Apply pending migrations (SQLite under ROOTHAAN_HOME, or PostgreSQL at DATABASE_URL)',
          builder: (a) => a.option('json', { type: 'boolean', describe: 'print one JSON object' }) as Argv<DbArgs>,
          handler: async (args) => {
            const { applied, location } = await store.migrate({}, context.env);
            if (args.json) context.stdout(JSON.stringify({ database: location, applied }) + '\n');
            else context.stdout(applied.length === 0 ? `${location}: up to date\n` : `${location}: applied ${applied.join(', ')}\n`);
          },
        })
        .command<AddUserArgs>({
          command: 'add-user <username>',
          describe: 'Add a person to a shared PostgreSQL store: a LOGIN role in roothaan_user, mapped to the user (admin)',
          builder: (a) =>
            a
              .positional('username', { type: 'string', demandOption: true, describe: 'the store user, an email address' })
              .option('role', { type: 'string', demandOption: true, describe: 'the PostgreSQL role they connect as (created when new)' })
              .option('sso', { type: 'string', choices: ['google', 'UBC', 'local'], describe: 'how they sign in (default local)' }) as Argv<AddUserArgs>,
          handler: async (args) => {
            const r = await addUser(args.username, args.role, args.sso !== undefined ? { sso: args.sso } : {}, context.env);
            context.stdout(`${r.username} connects as the PostgreSQL role ${r.role}${r.created ? ' (created, no password yet)' : ''}\n`);
          },
        })
        .command<ReadPolicyArgs>({
          command: 'read-policy [policy]',
          describe: 'Show, or (admin) set, who reads whose jobs on a shared PostgreSQL store: private or group',
          builder: (a) => a.positional('policy', { type: 'string', describe: `${READ_POLICIES.join(' or ')}; private: own jobs only; group: every user of the store reads every job` }) as Argv<ReadPolicyArgs>,
          handler: async (args) => {
            context.stdout(`read policy: ${await readPolicy(args.policy, context.env)}\n`);
          },
        })
        .demandCommand(1, 'say which db command to run: migrate, add-user or read-policy'),
    handler: () => undefined,
  };
}
