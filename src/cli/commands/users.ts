import type { Argv, CommandModule } from 'yargs';
import type { CliContext } from '../context';
import { withStore } from './jobs';

interface UsersArgs {
  username?: string;
  json?: boolean;
}

/** `roothaan users show [USERNAME]`: a user's logins (default: you, as the store sees you). */
export function usersCommand(context: CliContext): CommandModule<object, object> {
  return {
    command: 'users',
    describe: 'Show store users',
    builder: (y: Argv<object>) =>
      y
        .command<UsersArgs>({
          command: 'show [username]',
          describe: 'Show a user (default: the current one: ROOTHAAN_USER, JUPYTERHUB_USER or <login>@localhost)',
          builder: (a) =>
            a
              .positional('username', { type: 'string', describe: 'an email address' })
              .option('json', { type: 'boolean', describe: 'print one JSON object' }) as Argv<UsersArgs>,
          handler: async (args) => {
            const u = await withStore(context, (s) => s.users.show(args.username));
            if (args.json) {
              context.stdout(
                JSON.stringify({ username: u.username, sso: u.sso, created_at: u.created_at.toISOString(), last_login: u.last_login?.toISOString() ?? null, login_count: u.login_count }) + '\n',
              );
              return;
            }
            context.stdout(
              [`user        ${u.username}`, `sso         ${u.sso}`, `logins      ${u.login_count}`, `last login  ${u.last_login?.toISOString() ?? 'never'}`, `since       ${u.created_at.toISOString()}`].join('\n') + '\n',
            );
          },
        })
        .demandCommand(1, 'say which users command to run: show'),
    handler: () => undefined,
  };
}
