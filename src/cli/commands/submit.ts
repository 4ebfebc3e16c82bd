import type { Argv, CommandModule } from 'yargs';
import * as geometry from '../../geometry';
import * as store from '../../store';
import { InvalidInputError } from '../../errors';
import { readInputFile } from '../io';
import { maxInputBytes } from '../input-limits';
import type { CliContext } from '../context';
import { withScfFlags, type ScfFlagValues } from '../scf-flags';
import { jobJson, table, withStore } from './jobs';
import { shortIds } from '../table';
import { runParameters, type RunArgs } from './run';

/** The arguments of `roothaan submit`. */
interface SubmitArgs extends ScfFlagValues {
  geometry: string[];
  units?: 'angstrom' | 'bohr';
  format?: string;
  params?: string;
  name?: string;
  group?: string;
  scan?: string[];
  json?: boolean;
}

/**
 * `roothaan submit GEOMETRY… [--group G] [--params F] [--scan …]`: records jobs as `submitted`
 * without running them (`roothaan worker` or `roothaan slurm submit` runs them). Every input is
 * validated first: one bad file, parameter or scan stores nothing (exit 1, one line).
 */
export function submitCommand(context: CliContext): CommandModule<object, SubmitArgs> {
  return {
    command: 'submit <geometry..>',
    describe: 'Record jobs (a geometry each, or a scan) as submitted, for workers to run',
    builder: (y) =>
      withScfFlags(
        y
          .positional('geometry', { type: 'string', array: true, demandOption: true, describe: 'geometry files (XYZ, Z-matrix, Molfile, PDB, QCSchema)' })
          .option('units', { type: 'string', choices: ['angstrom', 'bohr'] as const, describe: 'units of the coordinates (XYZ, Z-matrix); default ångström' })
          .option('format', { type: 'string', choices: [...geometry.GEOMETRY_FORMATS], describe: 'force the geometry format' }),
      )
        .option('params', { type: 'string', describe: 'a JSON file of SCF parameters; options given on the command line win' })
        .option('name', { type: 'string', describe: 'a name for the job(s) (default: the file name, plus the scan point)' })
        .option('group', { type: 'string', describe: 'add the jobs to this group of yours (created when missing)' })
        .option('scan', {
          type: 'string',
          array: true,
          describe: "a grid: 'bond I J FROM:TO:STEP' (atoms from 0, ångström; or A,B,C) or 'KEY=A,B,C' (an SCF parameter, e.g. basis=sto-3g,6-31g); several make their product",
        })
        .option('json', { type: 'boolean', describe: 'print exactly one JSON object' }) as unknown as Argv<SubmitArgs>,
    handler: async (args) => {
      const maxBytes = maxInputBytes(context.env);
      const parameters = runParameters(args as unknown as RunArgs, maxBytes);
      const scanTexts = (args.scan ?? []).map(String);
      const scans = scanTexts.map((t) => store.parseScan(t));
      const inputs: store.JobInput[] = [];
      for (const file of args.geometry.map(String)) {
        const { name, text } = readInputFile(file, maxBytes);
        const base: store.JobInput = {
          geometryText: text,
          filename: name,
          parameters,
          ...(args.format !== undefined && { format: args.format as geometry.GeometryFormat }),
          ...(args.units !== undefined && { units: args.units }),
          ...(args.name !== undefined && { name: args.name }),
        };
        inputs.push(...(scans.length > 0 ? store.scanInputs(base, scans, scanTexts) : [base]));
      }
      if (inputs.length > 10_000) throw new InvalidInputError(`${inputs.length} jobs; submit at most 10000 at once`, { field: '--scan' });
      const { jobs, group } = await withStore(context, async (s) => {
        if (args.group !== undefined) return store.submitGroup(s, args.group, inputs);
        const out: store.JobRow[] = [];
        // Without a group, validate all before recording any (as submitGroup does).
        for (const input of inputs) store.validateJobInput(input);
        for (const input of inputs) out.push(await store.submit(s, input));
        return { jobs: out, group: undefined };
      });
      if (args.json) {
        context.stdout(JSON.stringify({ ...(group !== undefined ? { group: { id: group.id, name: group.name } } : {}), jobs: jobs.map(jobJson) }) + '\n');
        return;
      }
      const ids = shortIds(jobs.map((j) => j.id));
      context.stdout(table(['id', 'status', 'name', 'molecule', 'basis'], jobs.map((j, k) => [ids[k]!, j.status, j.name ?? '', j.formula ?? '', j.basis_name ?? '']), context));
      context.stdout(`${jobs.length} job(s) submitted${group !== undefined ? ` to group '${group.name}' (${group.id})` : ''}; run them with: roothaan worker${group !== undefined ? ` --group '${group.name}'` : ''}\n`);
    },
  };
}
