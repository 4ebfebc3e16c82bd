import type { CommandModule } from 'yargs';
import * as geometry from '../../geometry';
import * as basis from '../../basis';
import * as scf from '../../scf';
import { BOHR_IN_ANGSTROM } from '../../constants';
import { readInputFile, resolveBasisArgument } from '../io';
import { maxInputBytes } from '../input-limits';
import type { CliContext } from '../context';

interface GeometryArgs {
  file: string;
  format?: string;
  units?: 'angstrom' | 'bohr';
  charge?: number;
  multiplicity?: number;
  basis?: string;
  'basis-for'?: string | string[];
  ghost?: string | string[];
  cartesian?: boolean;
  spherical?: boolean;
  to: 'text' | 'xyz' | 'json';
}

/** `roothaan geometry FILE`: parse a molecule and print it (text, XYZ or JSON). */
export function geometryCommand(context: CliContext): CommandModule<object, GeometryArgs> {
  return {
    command: 'geometry <file>',
    describe: 'Parse a geometry file (XYZ, Z-matrix, Molfile/SDF, PDB, QCSchema JSON) and print the molecule',
    builder: (y) =>
      y
        .positional('file', { type: 'string', demandOption: true, describe: 'geometry file, or - for standard input' })
        .option('format', { type: 'string', choices: [...geometry.GEOMETRY_FORMATS], describe: 'force the format instead of detecting it' })
        .option('units', { type: 'string', choices: ['angstrom', 'bohr'] as const, describe: 'units of the coordinates in the file (XYZ, Z-matrix); default ångström' })
        .option('charge', { type: 'number', describe: 'molecular charge (default: from the file, else 0)' })
        .option('multiplicity', { type: 'number', describe: 'spin multiplicity 2S+1 (default: from the file, else 1 or 2 by electron count)' })
        .option('basis', { type: 'string', describe: 'a bundled basis set name or a Gaussian94 file; adds the basis summary and nbf' })
        .option('basis-for', { type: 'string', requiresArg: true, describe: 'with --basis: KEY=NAME, a basis for one element (H=sto-3g) or atom counting from 1 (3=6-31G*); repeatable, as for roothaan run' })
        .implies('basis-for', 'basis')
        .option('ghost', { type: 'string', requiresArg: true, describe: 'make these atoms (counting from 1, e.g. 1,2) ghosts, as Gh(X) in the file would' })
        .option('cartesian', { type: 'boolean', describe: 'use Cartesian d, f, … functions (overrides the basis file header)' })
        .option('spherical', { type: 'boolean', describe: 'use spherical-harmonic functions (overrides the basis file header)' })
        .conflicts('cartesian', 'spherical')
        .option('to', { type: 'string', choices: ['text', 'xyz', 'json'] as const, default: 'text' as const, describe: 'output: a readable summary, an XYZ file (Å) or one JSON object' }),
    handler: (args) => {
      const maxBytes = maxInputBytes(context.env);
      const input = readInputFile(args.file, maxBytes);
      const parsed = geometry.parse(input.text, {
        filename: input.name,
        ...(args.format !== undefined && { format: args.format as geometry.GeometryFormat }),
        ...(args.units !== undefined && { units: args.units }),
        ...(args.charge !== undefined && { charge: args.charge }),
        ...(args.multiplicity !== undefined && { multiplicity: args.multiplicity }),
      });
      const molecule = args.ghost === undefined ? parsed : scf.withGhostParameter(parsed, scf.parseGhostAtoms(args.ghost, { field: '--ghost' }), { field: '--ghost' });
      const pure = args.cartesian ? false : args.spherical ? true : undefined;
      let basisSummary: BasisSummary | undefined;
      if (args.basis !== undefined) {
        const spec = resolveBasisArgument(args.basis, maxBytes);
        const assignment = args['basis-for'] === undefined ? undefined : basis.parseBasisAssignment(args['basis-for'], { field: '--basis-for' });
        const loaded = basis.loadAssigned(spec.nameOrText, assignment, molecule, {
          ...(pure !== undefined && { pure }),
          name: spec.name,
          ...(spec.filename !== undefined && { filename: spec.filename }),
          assignField: '--basis-for',
          defaultField: '--basis',
        });
        basisSummary = {
          name: loaded.name,
          nbf: loaded.nbf,
          nshell: loaded.nshell,
          puream: loaded.shellPure.every((p) => p === 1),
          description: basis.describe(loaded, molecule),
        };
      }
      if (args.to === 'xyz') context.stdout(molecule.toXyz());
      else if (args.to === 'json') context.stdout(JSON.stringify(moleculeJson(molecule, basisSummary)) + '\n');
      else context.stdout(moleculeText(molecule, basisSummary));
    },
  };
}

interface BasisSummary {
  name: string;
  nbf: number;
  nshell: number;
  puream: boolean;
  description: string;
}

function moleculeJson(molecule: geometry.Molecule, basisSummary: BasisSummary | undefined): object {
  return {
    formula: molecule.formula,
    format: molecule.source?.format ?? null,
    charge: molecule.charge,
    multiplicity: molecule.multiplicity,
    electrons: molecule.electronCount,
    nalpha: molecule.nalpha,
    nbeta: molecule.nbeta,
    nuclear_repulsion: molecule.nuclearRepulsionEnergy(),
    center_of_mass_bohr: [...molecule.centerOfMass()],
    atoms: molecule.atoms.map((a) => ({
      symbol: a.symbol,
      Z: a.Z,
      mass: a.mass,
      position_bohr: [...a.position],
      position_angstrom: a.position.map((x) => x * BOHR_IN_ANGSTROM),
    })),
    ...(basisSummary && {
      basis: basisSummary.name,
      nbf: basisSummary.nbf,
      nshell: basisSummary.nshell,
      puream: basisSummary.puream,
    }),
  };
}

function moleculeText(molecule: geometry.Molecule, basisSummary: BasisSummary | undefined): string {
  const lines: string[] = [];
  lines.push(`${molecule.formula}  charge ${molecule.charge}  multiplicity ${molecule.multiplicity}  electrons ${molecule.electronCount}`);
  lines.push('');
  lines.push('  atom   Z          x (Å)          y (Å)          z (Å)');
  molecule.atoms.forEach((a, i) => {
    const [x, y, z] = a.position.map((v) => (v * BOHR_IN_ANGSTROM).toFixed(8).padStart(15));
    lines.push(`${String(i + 1).padStart(4)} ${a.symbol.padEnd(2)} ${String(a.Z).padStart(3)} ${x}${y}${z}`);
  });
  lines.push('');
  lines.push(`nuclear repulsion energy  ${molecule.nuclearRepulsionEnergy().toFixed(10)} Eh`);
  if (basisSummary) {
    lines.push(`basis ${basisSummary.name}: ${basisSummary.nbf} functions in ${basisSummary.nshell} shells (${basisSummary.puream ? 'spherical' : 'Cartesian'})`);
    lines.push(basisSummary.description);
  }
  return lines.join('\n') + '\n';
}
