import type { Argv, CommandModule } from 'yargs';
import { InvalidInputError } from '../../errors';
import * as store from '../../store';
import { addUser, READ_POLICIES, readPolicy, type ReadPolicy } from '../../store/db-admin';
import type { CliContext } from '../context';
import { withStore } from './jobs';

interface DbArgs {
  json?: boolean;
  'dry-run'?: boolean;
  'min-age'?: number;
}

/** `roothaan db check`: every inconsistency between the database and the object store; exit 1 when there is any. */
async function dbCheck(context: CliContext, args: DbArgs): Promise<void> {
  const check = await withStore(context, (s) => store.checkStore(s));
  const { problems } = check;
  if (args.json) {
    context.stdout(JSON.stringify({ database: check.database, object_store: check.objectStore, jobs: check.jobs, checkpoints: check.checkpoints, objects: check.objects, clean: problems.length === 0, problems }) + '\n');
  } else {
    const what = `${check.jobs} job(s), ${check.checkpoints} checkpoint row(s), ${check.objects} object(s) in ${check.database} and ${check.objectStore}`;
    context.stdout(problems.map((p) => store.storeProblemText(p) + '\n').join('') + (problems.length === 0 ? `clean: ${what}\n` : `${problems.length} problem(s) in ${what}\n`));
  }
  if (problems.length > 0) context.setExitCode(1);
}

/** `roothaan db gc [--dry-run] [--min-age S]`: removes orphan objects and finishes interrupted deletes. */
async function dbGc(context: CliContext, args: DbArgs): Promise<void> {
  const minAge = args['min-age'] ?? store.GC_MIN_AGE_SECONDS;
  if (!(Number.isFinite(minAge) && minAge >= 0)) throw new InvalidInputError(`must be a number of seconds ≥ 0, got ${String(args['min-age'])}`, { field: '--min-age' });
  const dryRun = args['dry-run'] === true;
  const report = await withStore(context, (s) => store.collectGarbage(s, { dryRun, minAgeSeconds: minAge }));
  if (args.json) {
    context.stdout(JSON.stringify({ dry_run: dryRun, finished: report.finished, removed: report.removed, kept: report.kept }) + '\n');
    return;
  }
  const verb = dryRun ? 'would ' : '';
  const lines = [
    ...report.finished.map((f) => `${verb}finish deleting job ${f.job_id} (${f.objects} object(s))`),
    ...report.removed.map((r) => `${verb}remove ${r.key} (${r.reason === 'no job' ? 'no job has this id' : 'no checkpoint row'})`),
    ...report.kept.map((k) => `keep ${k.key} (${k.reason})`),
    `${dryRun ? 'dry run: would finish' : 'finished'} ${report.finished.length} delete(s), ${verb || ''}${dryRun ? 'remove' : 'removed'} ${report.removed.length} orphan object(s), kept ${report.kept.length}`,
  ];
  context.stdout(lines.join('\n') + '\n');
}

interface AddUserArgs {
  username: string;
  role: string;
  sso?: store.SsoProvider;
}

interface ReadPolicyArgs {
  policy?: ReadPolicy;
}

/** `roothaan db migrate|check|gc|add-user|read-policy`: database maintenance (SQLite or DATABASE_URL, with the configured object store). */
export function dbCommand(context: CliContext): CommandModule<object, object> {
  const json = { type: 'boolean', describe: 'print one JSON object' } as const;
  return {
    command: 'db',
    describe: 'Database maintenance',
    builder: (y: Argv<object>) =>
      y
        .command<DbArgs>({
          command: 'migrate',
          describe: 'Apply pending migrations (SQLite under ROOTHAAN_HOME, or PostgreSQL at DATABASE_URL)',
          builder: (a) => a.option('json', json) as Argv<DbArgs>,
          handler: async (args) => {
            const { applied, location } = await store.migrate({}, context.env);
            if (args.json) context.stdout(JSON.stringify({ database: location, applied }) + '\n');
            else context.stdout(applied.length === 0 ? `${location}: up to date\n` : `${location}: applied ${applied.join(', ')}\n`);
          },
        })
        .command<DbArgs>({
          command: 'check',
          describe: 'Report rows without objects, objects without rows, checksum mismatches and unreadable rows (exit 1 if any)',
          builder: (a) => a.option('json', json) as Argv<DbArgs>,
          handler: (args) => dbCheck(context, args),
        })
        .command<DbArgs>({
          command: 'gc',
          describe: 'Remove orphan objects and finish interrupted deletes',
          builder: (a) =>
            a
              .option('dry-run', { type: 'boolean', describe: 'say what would be removed, remove nothing' })
              .option('min-age', { type: 'number', describe: `leave orphan objects younger than this many seconds (default ${store.GC_MIN_AGE_SECONDS})` })
              .option('json', json) as Argv<DbArgs>,
          handler: (args) => dbGc(context, args),
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
        .demandCommand(1, 'say which db command to run: migrate, check, gc, add-user or read-policy'),
    handler: () => undefined,
  };
}
