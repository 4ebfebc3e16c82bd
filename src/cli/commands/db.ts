import type { Argv, CommandModule } from 'yargs';
import * as store from '../../store';
import type { CliContext } from '../context';

interface DbArgs {
  json?: boolean;
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
        .demandCommand(1, 'say which db command to run: migrate'),
    handler: () => undefined,
  };
}
