import * as fs from 'node:fs';
import { freemem } from 'node:os';
import * as path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { InvalidInputError } from '../../errors';
import * as geometry from '../../geometry';
import { formatMolden, type MoldenInput } from '../../io';
import * as scf from '../../scf';
import type { CliContext } from '../context';
import { threadsOption } from '../threads-option';
import { readInputFile } from '../io';
import { maxInputBytes } from '../input-limits';
import { withScfFlags, type ScfFlagValues } from '../scf-flags';
import { checkpointOrbitals } from '../../store';
import { withStore } from './jobs';
import { runParameters, type RunArgs } from './run';

interface MoldenArgs extends ScfFlagValues {
  source: string;
  output?: string;
  units?: 'angstrom' | 'bohr';
  format?: string;
  params?: string;
  threads?: number;
}

/** The orbitals of a geometry file, computed here (nothing stored), as {@link formatMolden} takes them; with whether the SCF converged. */
async function computedOrbitals(args: MoldenArgs, maxBytes: number): Promise<{ input: MoldenInput; converged: boolean }> {
  const file = readInputFile(args.source, maxBytes);
  const molecule = geometry.parse(file.text, { filename: file.name, ...(args.format !== undefined && { format: args.format as geometry.GeometryFormat }), ...(args.units !== undefined && { units: args.units }) });
  const parameters = runParameters({ ...args, geometry: args.source, store: false } as RunArgs, maxBytes);
  const prepared = scf.prepareCalculation(molecule, parameters, { ...(args.threads !== undefined && { threads: args.threads }), freeMemoryBytes: freemem() });
  try {
    const result = await scf.drive(prepared);
    return {
      input: { atoms: prepared.molecule.atoms, basis: prepared.basis, coefficients: result.moCoefficients, energies: result.orbitalEnergies, occupations: result.occupations, title: `${file.name} ${prepared.basis.name} ${result.reference.toUpperCase()} E = ${result.energy} Eh` },
      converged: result.converged,
    };
  } finally {
    prepared.dispose();
  }
}

/**
 * `roothaan molden JOB_ID|FILE [-o out.molden]`: writes a job's final orbitals as a Molden file
 * (Avogadro, Jmol, VMD open it). A JOB_ID (or unique prefix) reads the job's orbital
 * checkpoints (nothing is recomputed); an existing geometry FILE is run first, as
 * `roothaan run --no-store` with the same SCF flags. Exit code 0; 2 when FILE's SCF did not
 * converge (the file is still written); 1 for an unknown job, a job without orbital checkpoints
 * or bad input.
 */
export function moldenCommand(context: CliContext): CommandModule<object, MoldenArgs> {
  return {
    command: 'molden <source>',
    describe: "Write a job's orbitals (or a geometry file's, computed) as a Molden file",
    builder: (y) =>
      withScfFlags(
        y
          .positional('source', { type: 'string', demandOption: true, describe: 'a job id (UUID or unique prefix), or a geometry file to run first (not stored)' })
          .option('output', { alias: 'o', type: 'string', describe: 'the Molden file to write (default: <job-id>.molden or <file>.molden in the current directory)' })
          .option('units', { type: 'string', choices: ['angstrom', 'bohr'] as const, describe: 'units of the coordinates of FILE (XYZ, Z-matrix); default ångström' })
          .option('format', { type: 'string', choices: [...geometry.GEOMETRY_FORMATS], describe: 'force the geometry format of FILE' })
          .option('params', { type: 'string', describe: 'a JSON file of SCF parameters for FILE; options given on the command line win' })
          .option('threads', threadsOption('threads for integrals and J/K when FILE is run (default: all cores)')),
      )
        .example('roothaan molden 0b7c9e1f -o water.molden', 'write the orbitals of a stored job')
        .example('roothaan molden water.xyz --basis 6-31G* --cartesian', 'run water in 6-31G* (6d) and write water.molden') as unknown as Argv<MoldenArgs>,
    handler: async (args) => {
      let input: MoldenInput;
      let stem: string;
      let converged = true;
      if (args.source === '-' || fs.existsSync(args.source)) {
        ({ input, converged } = await computedOrbitals(args, maxInputBytes(context.env)));
        stem = args.source === '-' ? 'stdin' : path.basename(args.source).replace(/\.[^.]*$/, '');
      } else {
        ({ input, stem } = await withStore(context, async (s) => {
          const job = await s.jobs.get(await s.jobs.resolveId(args.source));
          const o = await checkpointOrbitals(s, job);
          return { stem: job.id, input: { atoms: o.molecule.atoms, basis: o.basis, coefficients: o.coefficients, energies: o.energies, occupations: o.occupations, title: `job ${job.id} ${o.basis.name}${job.energy !== null ? ` E = ${job.energy} Eh` : ''}` } };
        }));
      }
      const text = formatMolden(input);
      const file = path.resolve(args.output ?? `${stem}.molden`);
      try {
        fs.writeFileSync(file, text);
      } catch (error) {
        throw new InvalidInputError(`cannot write the Molden file: ${(error as Error).message}`, { field: '--output' });
      }
      context.stdout(`wrote ${file} (${input.basis.nbf} basis functions, ${input.coefficients[0]!.cols} orbitals${input.occupations.length === 2 ? ' per spin' : ''})\n`);
      if (!converged) {
        context.stderr('roothaan: the SCF did not converge; the file holds its last orbitals\n');
        context.setExitCode(2);
      }
    },
  };
}
