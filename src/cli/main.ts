import yargs from 'yargs';
import { RoothaanError } from '../errors';
import { geometryCommand } from './commands/geometry';
import { basisCommand } from './commands/basis';
import { kernelCommand } from './commands/kernel';
import { runCommand } from './commands/run';
import { jobsCommand } from './commands/jobs';
import { groupsCommand } from './commands/groups';
import { resumeCommand } from './commands/resume';
import { dbCommand } from './commands/db';
import { usersCommand } from './commands/users';
import { reportCommand } from './commands/report';
import { submitCommand } from './commands/submit';
import { workerCommand } from './commands/worker';
import { qcschemaCommand } from './commands/qcschema';
import { slurmCommand } from './commands/slurm';
import type { CliContext } from './context';
import { STDIN_PATH } from './io';

/**
 * Runs the `roothaan` command line with the given arguments and returns the exit code:
 * 0 success, 1 a user error (bad input, unknown basis, …: one line on stderr, no stack trace),
 * 2 a calculation that did not converge (its result is still printed), 3 an internal error (a
 * bug: the stack is printed so it can be reported).
 *
 * @example
 * ```ts
 * const code = await main(['geometry', 'water.xyz', '--to', 'json']);
 * ```
 */
export async function main(argv: readonly string[], context: CliContext = processContext()): Promise<number> {
  let code = 0;
  // Commands report outcomes such as 'not converged' through the exit code main returns.
  const commandContext: CliContext = { ...context, setExitCode: (c) => void (code = c) };
  // yargs-parser does not keep a lone '-' as a positional value; name standard input by its path.
  const args = argv.map((a) => (a === '-' ? STDIN_PATH : a));
  const parser = yargs(args)
    .scriptName('roothaan')
    .usage('roothaan <command> [options]\n\nHartree–Fock SCF workflows: geometry → basis → integrals → SCF.')
    .command(runCommand(commandContext))
    .command(geometryCommand(commandContext))
    .command(basisCommand(commandContext))
    .command(kernelCommand(commandContext))
    .command(jobsCommand(commandContext))
    .command(groupsCommand(commandContext))
    .command(resumeCommand(commandContext))
    .command(dbCommand(commandContext))
    .command(usersCommand(commandContext))
    .command(reportCommand(commandContext))
    .command(submitCommand(commandContext))
    .command(workerCommand(commandContext))
    .command(qcschemaCommand(commandContext))
    .command(slurmCommand(commandContext))
    .demandCommand(1, 'say which command to run')
    .strict()
    .recommendCommands()
    .help()
    .alias('help', 'h')
    .version()
    .wrap(Math.min(100, context.columns))
    .exitProcess(false)
    .showHelpOnFail(false)
    .fail((message, error) => {
      // Usage mistakes (unknown option, missing argument) are user errors.
      if (error) throw error;
      throw new UsageError(message);
    });
  try {
    await parser.parseAsync();
  } catch (error) {
    code = reportError(error, context);
  }
  return code;
}

class UsageError extends RoothaanError {
  constructor(message: string) {
    super('USAGE', `${message} (see \`roothaan --help\`)`);
  }
}

function reportError(error: unknown, context: CliContext): number {
  if (error instanceof RoothaanError) {
    context.stderr(`roothaan: ${error.message}\n`);
    return 1;
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  context.stderr(`roothaan: internal error (please report it):\n${text}\n`);
  return 3;
}

function processContext(): CliContext {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    columns: process.stdout.columns ?? 100,
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    setExitCode: (code) => void (process.exitCode = code),
  };
}
