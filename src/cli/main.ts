import yargs, { type Argv, type CommandModule, type MiddlewareFunction } from 'yargs';
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
import { moldenCommand } from './commands/molden';
import { cubeCommand } from './commands/cube';
import type { CliContext } from './context';
import { STDIN_PATH } from './io';
import { colourFlag, paintWith, useColour } from './paint';
import { withOptionSuggestions } from './suggest';
import { inCliWords } from './vocabulary';
import { roothaanVersion } from '../io/qcschema/provenance';
import { environmentMessage } from './environment-error';

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
  // yargs-parser does not keep a lone '-' as a positional value; name standard input by its path.
  const args = argv.map((a) => (a === '-' ? STDIN_PATH : a));
  // Colour is decided before parsing, so that a usage error is coloured (or not) like the rest.
  const colour = colourFlag(args);
  // Commands report outcomes such as 'not converged' through the exit code main returns.
  const commandContext: CliContext = { ...context, colour: useColour(context, colour), setExitCode: (c) => void (code = c) };
  const errorContext = { ...context, colour: useColour({ isTTY: context.stderrIsTTY ?? context.isTTY, env: context.env }, colour) };
  // The options of the command being parsed, for "Did you mean --basis?" (yargs suggests commands only).
  let knownOptions: string[] = [];
  const parser = yargs(args)
    .scriptName('roothaan')
    .usage('roothaan <command> [options]\n\nHartree–Fock SCF workflows: geometry → basis → integrals → SCF.')
    .command(withoutVersion(runCommand(commandContext)))
    .command(withoutVersion(geometryCommand(commandContext)))
    .command(withoutVersion(basisCommand(commandContext)))
    .command(withoutVersion(kernelCommand(commandContext)))
    .command(withoutVersion(jobsCommand(commandContext)))
    .command(withoutVersion(groupsCommand(commandContext)))
    .command(withoutVersion(resumeCommand(commandContext)))
    .command(withoutVersion(dbCommand(commandContext)))
    .command(withoutVersion(usersCommand(commandContext)))
    .command(withoutVersion(reportCommand(commandContext)))
    .command(withoutVersion(moldenCommand(commandContext)))
    .command(withoutVersion(cubeCommand(commandContext)))
    .command(withoutVersion(submitCommand(commandContext)))
    .command(withoutVersion(workerCommand(commandContext)))
    .command(withoutVersion(qcschemaCommand(commandContext)))
    .command(withoutVersion(slurmCommand(commandContext)))
    .option('color', { type: 'boolean', describe: 'colour the output (default: on a terminal, unless NO_COLOR is set); --no-color: never' })
    .middleware(rememberOptions((keys) => void (knownOptions = keys)), true)
    .demandCommand(1, 'say which command to run')
    .strict()
    .recommendCommands()
    .help()
    .alias('help', 'h')
    .version(roothaanVersion()) // roothaan's own, also when main() runs inside another program
    .wrap(Math.min(100, context.columns))
    .exitProcess(false)
    .showHelpOnFail(false)
    .fail((message, error) => {
      // Usage mistakes (unknown option, missing argument) are user errors; yargs reports some
      // (a flag without its value) as a YError instead of a message.
      if (error && !isYargsError(error)) throw error;
      throw new UsageError(oneLine(withOptionSuggestions(message ?? error?.message ?? 'bad command line', knownOptions)));
    });
  try {
    await parser.parseAsync();
  } catch (error) {
    code = reportError(error, errorContext);
  }
  return code;
}

/** A middleware that reports the option names of the command being parsed (yargs passes its instance second, which its types leave out). */
function rememberOptions(report: (keys: string[]) => void): MiddlewareFunction {
  return ((_argv: unknown, y: { getOptions(): { key: Record<string, unknown> } }) => report(Object.keys(y.getOptions().key))) as unknown as MiddlewareFunction;
}

/** A top-level command whose help (and its subcommands') has no `--version`: only `roothaan --version` prints it. */
function withoutVersion<T, U>(command: CommandModule<T, U>): CommandModule<T, U> {
  const builder = command.builder;
  return {
    ...command,
    builder: (y: Argv<T>) => {
      const inner = y.version(false);
      if (typeof builder === 'function') return builder(inner) as Argv<U>;
      return builder === undefined ? (inner as unknown as Argv<U>) : (inner.options(builder) as unknown as Argv<U>);
    },
  };
}

/** yargs's own validation errors ("Not enough arguments following: basis-for"): usage mistakes, not bugs. */
function isYargsError(error: Error): boolean {
  return error.name === 'YError';
}

/**
 * A yargs message on one line: "Invalid values:\n  Argument: units, Given: …" and
 * "Implications failed:\n basis-for -> basis" come with line breaks.
 */
function oneLine(message: string): string {
  return message.replace(/:?\s*\n\s*/g, (m) => (m.startsWith(':') ? ': ' : '; ')).trim();
}

class UsageError extends RoothaanError {
  constructor(message: string) {
    super('USAGE', `${message} (see \`roothaan --help\`)`);
  }
}

function reportError(error: unknown, context: CliContext): number {
  const paint = paintWith(context.colour === true);
  if (error instanceof RoothaanError) {
    // A message with a location (a parameters file and key, a parameter) names it as it is; the
    // hints in the rest speak in flags and commands.
    context.stderr(`${paint.red('roothaan:')} ${inCliWords(error.message, { keepBareKeys: error.location !== undefined })}\n`);
    return 1;
  }
  const machine = environmentMessage(error);
  if (machine !== undefined) {
    context.stderr(`${paint.red('roothaan:')} ${machine}\n`);
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
    stderrIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    setExitCode: (code) => void (process.exitCode = code),
  };
}
