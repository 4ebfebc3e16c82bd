import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { InvalidInputError } from '../../errors';
import { cubeGrid, formatCube, orbitalOnGrid } from '../../io';
import { checkpointOrbitals } from '../../store';
import type { CliContext } from '../context';
import { withStore } from './jobs';

interface CubeArgs {
  id: string;
  orbital: string;
  spin: 'alpha' | 'beta';
  spacing: number;
  margin: number;
  output?: string;
}

/**
 * The 0-based orbital HOMO (highest occupied), LUMO (lowest empty) or N (1-based) names among
 * occupations `occ`; an InvalidInputError naming `--orbital` otherwise.
 */
export function orbitalIndex(name: string, occ: ArrayLike<number>): number {
  const n = occ.length;
  const upper = name.toUpperCase();
  if (upper === 'HOMO') {
    for (let p = n - 1; p >= 0; p--) if (occ[p]! > 0) return p;
    throw new InvalidInputError('no orbital is occupied', { field: '--orbital' });
  }
  if (upper === 'LUMO') {
    for (let p = 0; p < n; p++) if (occ[p]! === 0) return p;
    throw new InvalidInputError('every orbital is occupied: there is no LUMO', { field: '--orbital' });
  }
  const k = Number(name);
  if (!Number.isInteger(k) || k < 1 || k > n) throw new InvalidInputError(`expected HOMO, LUMO or an orbital number 1…${n}, got '${name}'`, { field: '--orbital' });
  return k - 1;
}

/**
 * `roothaan cube JOB_ID --orbital HOMO|LUMO|N [--spin alpha|beta] [--spacing 0.2] [--margin 5]
 * [-o f.cube]`: one orbital of a stored job (from its orbital checkpoints, nothing recomputed) on
 * a grid around the molecule, as a Gaussian cube file (VMD, Avogadro, Jmol open it). Exit code 0,
 * or 1 for an unknown job, a job without orbital checkpoints or a bad option.
 */
export function cubeCommand(context: CliContext): CommandModule<object, CubeArgs> {
  return {
    command: 'cube <id>',
    describe: "Write one of a stored job's orbitals on a grid as a Gaussian cube file",
    builder: (y) =>
      y
        .positional('id', { type: 'string', demandOption: true, describe: 'job id (UUID, or a unique prefix of at least 4 hex digits)' })
        .option('orbital', { type: 'string', demandOption: true, describe: 'HOMO, LUMO or an orbital number (1 = lowest)' })
        .option('spin', { type: 'string', choices: ['alpha', 'beta'] as const, default: 'alpha' as const, describe: 'the spin set of a UHF/ROHF job' })
        .option('spacing', { type: 'number', default: 0.2, describe: 'grid step in bohr' })
        .option('margin', { type: 'number', default: 5, describe: 'space around the atoms in bohr' })
        .option('output', { alias: 'o', type: 'string', describe: 'the cube file (default: <job-id>-<orbital>.cube in the current directory)' })
        .example('roothaan cube 0b7c9e1f --orbital HOMO -o homo.cube', "write a job's HOMO") as unknown as Argv<CubeArgs>,
    handler: async (args) => {
      const { id, text, label } = await withStore(context, async (s) => {
        const job = await s.jobs.get(await s.jobs.resolveId(args.id));
        const o = await checkpointOrbitals(s, job);
        const set = args.spin === 'beta' ? 1 : 0;
        if (set >= o.occupations.length) throw new InvalidInputError(`job ${job.id} is restricted: it has one set of orbitals (use --spin alpha)`, { field: '--spin' });
        const p = orbitalIndex(args.orbital, o.occupations[set]!);
        const grid = cubeGrid(o.molecule.atoms, args.spacing, args.margin);
        const C = o.coefficients[Math.min(set, o.coefficients.length - 1)]!;
        const values = orbitalOnGrid(o.basis, C, p, grid);
        const comment = `orbital ${p + 1} (${args.spin}) E = ${o.energies[set]![p]} Eh occupation ${o.occupations[set]![p]}`;
        return { id: job.id, label: args.orbital.toLowerCase(), text: formatCube({ atoms: o.molecule.atoms, grid, values, title: `roothaan job ${job.id} ${o.basis.name}`, comment }) };
      });
      const file = path.resolve(args.output ?? `${id}-${label}.cube`);
      try {
        fs.writeFileSync(file, text);
      } catch (error) {
        throw new InvalidInputError(`cannot write the cube file: ${(error as Error).message}`, { field: '--output' });
      }
      context.stdout(`wrote ${file}\n`);
    },
  };
}
