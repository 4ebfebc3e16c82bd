import type { CommandModule, Argv } from 'yargs';
import { DEFAULT_KERNEL_NAME, INSTALL_JUPYTER_HINT, findJupyter, installKernel, kernelSpec, checkKernelName } from '../../notebook';
import type { CliContext } from '../context';

interface InstallArgs {
  user?: boolean;
  prefix?: string;
  name: string;
  'display-name'?: string;
  jupyter?: string;
  direct?: boolean;
}

interface ShowArgs {
  'display-name'?: string;
}

/** `roothaan kernel install [--user | --prefix P] [--name N]` and `roothaan kernel show`. */
export function kernelCommand(context: CliContext): CommandModule {
  return {
    command: 'kernel',
    describe: 'Install the Jupyter kernel (tslab with roothaan importable), or show its spec',
    builder: (y: Argv) =>
      y
        .command({
          command: 'install',
          describe: 'Install the "TypeScript (roothaan)" Jupyter kernel',
          builder: (yy: Argv) =>
            yy
              .option('user', { type: 'boolean', describe: "install for the current user (Jupyter's user data dir)" })
              .option('prefix', { type: 'string', describe: 'install under PREFIX/share/jupyter/kernels (a virtualenv, conda env, …)' })
              .conflicts('user', 'prefix')
              .option('name', { type: 'string', default: DEFAULT_KERNEL_NAME, describe: 'kernel name' })
              .option('display-name', { type: 'string', describe: 'name in the kernel picker (default "TypeScript (roothaan)")' })
              .option('jupyter', { type: 'string', describe: 'the jupyter command (default: jupyter on PATH, else /usr/bin/jupyter)' })
              .option('direct', { type: 'boolean', describe: 'write the kernel folder directly, without running jupyter' }),
          handler: (args: InstallArgs) => {
            checkKernelName(args.name);
            const jupyter = args.direct ? false : (args.jupyter ?? findJupyter(context.env));
            const done = installKernel({
              name: args.name,
              ...(args.user ? { user: true } : {}),
              ...(args.prefix !== undefined ? { prefix: args.prefix } : {}),
              ...(args['display-name'] !== undefined ? { displayName: args['display-name'] } : {}),
              jupyter: jupyter ?? false,
              env: context.env,
            });
            context.stdout(`Installed the Jupyter kernel '${done.name}' ("${done.spec.display_name}") in ${done.directory}\n`);
            if (jupyter === undefined && !args.direct) {
              context.stderr(`roothaan: warning: Jupyter was not found, so the kernel folder was written directly; ${INSTALL_JUPYTER_HINT}\n`);
            } else if (args.prefix !== undefined) {
              context.stdout(`Jupyter finds kernels under a prefix that is not its own when JUPYTER_PATH includes ${args.prefix}/share/jupyter\n`);
            }
          },
        })
        .command({
          command: 'show',
          describe: 'Print the kernel spec (kernel.json) with its paths filled in',
          builder: (yy: Argv) => yy.option('display-name', { type: 'string', describe: 'name in the kernel picker' }),
          handler: (args: ShowArgs) => {
            const spec = kernelSpec(args['display-name'] !== undefined ? { displayName: args['display-name'] } : {});
            context.stdout(JSON.stringify(spec, null, 2) + '\n');
          },
        })
        .demandCommand(1, 'say `roothaan kernel install` or `roothaan kernel show`'),
    handler: () => undefined,
  };
}
