import type { Argv, CommandModule } from 'yargs';
import type { CliContext } from '../context';
import { threadsOption } from '../threads-option';
import { executeRun, type RunArgs } from './run';

interface QcschemaRunArgs {
  input: string;
  threads?: number;
  store: boolean;
  name?: string;
  group?: string;
}

/**
 * `roothaan qcschema run INPUT`: QCEngine's one-liner (`qcengine run psi4 input.json`) for
 * roothaan. Reads a QCSchema AtomicInput (a file, or - for standard input), runs it as
 * `roothaan run INPUT --to qcschema` does (recorded as a job in the store unless `--no-store`)
 * and prints one AtomicResult, or a FailedOperation when the input is refused (exit 1), the SCF
 * does not converge or the job fails (exit 2). The AtomicInput is the whole specification: this
 * command has no SCF flags.
 */
export function qcschemaCommand(context: CliContext): CommandModule {
  return {
    command: 'qcschema',
    describe: 'QCSchema (MolSSI) in and out: run an AtomicInput, print an AtomicResult',
    builder: (y) =>
      y
        .command(qcschemaRunCommand(context))
        .demandCommand(1, 'say which qcschema command to run (run)'),
    handler: () => undefined,
  };
}

function qcschemaRunCommand(context: CliContext): CommandModule<object, QcschemaRunArgs> {
  return {
    command: 'run <input>',
    describe: 'Run a QCSchema AtomicInput and print the AtomicResult (or FailedOperation) JSON',
    builder: (y) =>
      y
        .positional('input', { type: 'string', demandOption: true, describe: 'AtomicInput JSON file, or - for standard input' })
        .option('threads', threadsOption('threads for integrals and J/K (default: all cores)'))
        .option('store', { type: 'boolean', default: true, describe: 'record the job and checkpoint every matrix (--no-store: just compute)' })
        .option('name', { type: 'string', describe: 'a name for the job (default: the file name)' })
        .option('group', { type: 'string', describe: 'add the job to this group of yours (created when missing)' }) as unknown as Argv<QcschemaRunArgs>,
    handler: (args) => {
      const runArgs: RunArgs = {
        geometry: args.input,
        to: 'qcschema',
        store: args.store,
        ...(args.threads !== undefined && { threads: args.threads }),
        ...(args.name !== undefined && { name: args.name }),
        ...(args.group !== undefined && { group: args.group }),
      };
      return executeRun(context, runArgs, { requireAtomicInput: true, routine: 'roothaan qcschema run' });
    },
  };
}
