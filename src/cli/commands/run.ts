import type { CommandModule } from 'yargs';
import * as geometry from '../../geometry';
import * as scf from '../../scf';
import * as store from '../../store';
import { InvalidInputError } from '../../errors';
import { readInputFile } from '../io';
import type { CliContext } from '../context';
import { iterationHeader, iterationRow, summaryText } from '../format-scf';

export interface RunArgs {
  geometry: string;
  basis?: string;
  reference?: 'rhf' | 'uhf';
  charge?: number;
  multiplicity?: number;
  units?: 'angstrom' | 'bohr';
  format?: string;
  cartesian?: boolean;
  spherical?: boolean;
  'max-iterations'?: number;
  diis: boolean;
  guess?: 'core' | 'gwh' | 'sad';
  params?: string;
  json?: boolean;
  threads?: number;
  store: boolean;
  name?: string;
  group?: string;
}

/** The basis set used when neither `--basis` nor the parameters name one (PySCF's default). */
export const DEFAULT_BASIS = 'STO-3G';

/**
 * `roothaan run GEOMETRY`: an SCF calculation, recorded as a job in the store (every matrix
 * checkpointed) unless `--no-store`. Exit code 0 when it converged, 2 when it did not or the job
 * failed (the result is still printed), 1 for bad input.
 */
export function runCommand(context: CliContext): CommandModule<object, RunArgs> {
  return {
    command: 'run <geometry>',
    describe: 'Run a Hartree–Fock calculation (RHF for singlets, UHF otherwise)',
    builder: (y) =>
      y
        .positional('geometry', { type: 'string', demandOption: true, describe: 'geometry file (XYZ, Z-matrix, Molfile, PDB, QCSchema), or - for standard input' })
        .option('basis', { type: 'string', describe: `basis set name (default: the parameters' basis_set, else ${DEFAULT_BASIS})` })
        .option('reference', { type: 'string', choices: ['rhf', 'uhf'] as const, describe: 'RHF or UHF (default: RHF for a singlet, UHF otherwise)' })
        .option('charge', { type: 'number', describe: 'molecular charge' })
        .option('multiplicity', { type: 'number', describe: 'spin multiplicity 2S+1' })
        .option('units', { type: 'string', choices: ['angstrom', 'bohr'] as const, describe: 'units of the coordinates (XYZ, Z-matrix); default ångström' })
        .option('format', { type: 'string', choices: [...geometry.GEOMETRY_FORMATS], describe: 'force the geometry format' })
        .option('cartesian', { type: 'boolean', describe: 'Cartesian d, f, … functions' })
        .option('spherical', { type: 'boolean', describe: 'spherical-harmonic functions' })
        .conflicts('cartesian', 'spherical')
        .option('max-iterations', { type: 'number', describe: `maximum SCF iterations (default ${scf.DEFAULT_SCF_PARAMETERS.max_iteration})` })
        .option('diis', { type: 'boolean', default: true, describe: 'DIIS extrapolation (--no-diis turns it off)' })
        .option('guess', { type: 'string', choices: ['core', 'gwh', 'sad'] as const, describe: 'initial guess (default sad)' })
        .option('params', { type: 'string', describe: 'a JSON file of SCF parameters, e.g. {"basis_set": "STO-3G", "max_iteration": 30, "use_diis": true}; options given on the command line win' })
        .option('threads', { type: 'number', describe: 'threads for integrals and J/K (default: all cores)' })
        .option('store', { type: 'boolean', default: true, describe: 'record the job and checkpoint every matrix (--no-store: just compute)' })
        .option('name', { type: 'string', describe: 'a name for the job (default: the file name)' })
        .option('group', { type: 'string', describe: 'add the job to this group of yours (created when missing)' })
        .option('json', { type: 'boolean', describe: 'print exactly one JSON object with the result' }),
    handler: async (args) => {
      const input = readInputFile(args.geometry);
      const parseOptions = {
        ...(args.format !== undefined && { format: args.format as geometry.GeometryFormat }),
        ...(args.units !== undefined && { units: args.units }),
      };
      const parameters = runParameters(args);
      let headerPrinted = false;
      const onIteration = (record: scf.ScfIteration): void => {
        if (args.json) return;
        if (!headerPrinted) context.stdout(iterationHeader());
        headerPrinted = true;
        context.stdout(iterationRow(record));
      };
      const threads = args.threads !== undefined ? { threads: args.threads } : {};

      if (!args.store) {
        const molecule = geometry.parse(input.text, { filename: input.name, ...parseOptions });
        const calculation = scf.runCalculation(molecule, parameters, { ...threads, onIteration });
        if (args.json) context.stdout(JSON.stringify(runJson(calculation)) + '\n');
        else context.stdout(summaryText(calculation));
        if (!calculation.result.converged) context.setExitCode(2);
        return;
      }

      // The store opens on its writer thread while this thread computes (see store.runOnce).
      const outcome = await store.runOnce(
        {},
        {
          geometryText: input.text,
          filename: input.name,
          ...parseOptions,
          parameters,
          ...(args.name !== undefined && { name: args.name }),
          ...(args.group !== undefined && { group: args.group }),
        },
        { ...threads, onIteration },
        context.env,
      );
      const error = outcome.status === 'done' ? null : (outcome.error?.message ?? null);
      if (args.json) {
        const body = outcome.calculation ? runJson(outcome.calculation) : { energy: null, converged: false, iterations: outcome.job.iterations };
        context.stdout(JSON.stringify({ job_id: outcome.jobId, status: outcome.status, ...body, ...(error !== null && { error }) }) + '\n');
      } else {
        if (outcome.calculation) context.stdout(summaryText(outcome.calculation));
        context.stdout(`\njob ${outcome.jobId}: ${outcome.status}${error !== null ? ` (${error})` : ''}\n`);
        if (outcome.status === 'failed') context.stdout(`resume it with: roothaan resume ${outcome.jobId} [--max-iterations N]\n`);
      }
      if (outcome.status !== 'done') context.setExitCode(2);
    },
  };
}

/** The SCF parameters of a run: the `--params` file, then the command-line options over it. */
export function runParameters(args: RunArgs): Record<string, unknown> {
  const fromFile = args.params !== undefined ? readParamsFile(args.params) : {};
  const params: Record<string, unknown> = { ...fromFile };
  const set = (key: string, value: unknown): void => {
    if (value !== undefined) params[key] = value;
  };
  set('basis_set', args.basis);
  if (params['basis_set'] === undefined) params['basis_set'] = DEFAULT_BASIS;
  set('reference', args.reference);
  set('charge', args.charge);
  set('multiplicity', args.multiplicity);
  set('max_iteration', args['max-iterations']);
  if (args.diis === false) params['use_diis'] = false;
  set('guess', args.guess);
  if (args.cartesian) params['puream'] = false;
  if (args.spherical) params['puream'] = true;
  // Validate here so a bad key in the file is reported against the file.
  try {
    scf.parseScfParameters(params);
  } catch (error) {
    if (error instanceof InvalidInputError && args.params !== undefined && error.location?.field !== undefined && error.location.field in fromFile) {
      throw new InvalidInputError(error.message.replace(/^[^:]*\([^)]*\): /, ''), { file: args.params, field: error.location.field });
    }
    throw error;
  }
  return params;
}

function readParamsFile(file: string): Record<string, unknown> {
  const { name, text } = readInputFile(file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const match = /position (\d+)/.exec((error as Error).message);
    const line = match ? text.slice(0, Number(match[1])).split('\n').length : undefined;
    throw new InvalidInputError(`not valid JSON: ${(error as Error).message}`, { file: name, ...(line !== undefined && { line }) });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInputError('the parameters must be one JSON object, e.g. {"basis_set": "STO-3G"}', { file: name });
  }
  return value as Record<string, unknown>;
}

/** The `--json` object of a run. */
export function runJson(calculation: scf.CalculationResult): Record<string, unknown> {
  const { result, analysis, basis, molecule, parameters } = calculation;
  return {
    energy: result.energy,
    converged: result.converged,
    iterations: result.iterations,
    nbf: basis.nbf,
    reference: result.reference,
    basis: basis.name,
    charge: molecule.charge,
    multiplicity: molecule.multiplicity,
    nuclear_repulsion: result.nuclearRepulsion,
    energy_components: {
      nuclear: result.energyComponents.nuclear,
      one_electron: result.energyComponents.oneElectron,
      two_electron: result.energyComponents.twoElectron,
      electronic: result.energyComponents.electronic,
    },
    orbital_energies: result.orbitalEnergies.length === 1 ? Array.from(result.orbitalEnergies[0]!) : result.orbitalEnergies.map((e) => Array.from(e)),
    occupations: result.occupations.length === 1 ? Array.from(result.occupations[0]!) : result.occupations.map((o) => Array.from(o)),
    homo: finiteOrNull(analysis.frontier.homo),
    lumo: finiteOrNull(analysis.frontier.lumo),
    dipole_debye: [...analysis.dipole.debye],
    dipole_au: [...analysis.dipole.au],
    mulliken_charges: Array.from(analysis.mulliken),
    lowdin_charges: Array.from(analysis.lowdin),
    ...(result.spin && { s2: result.spin.s2, s2_exact: result.spin.s2Exact }),
    ...(result.diagnosis && { diagnosis: result.diagnosis.message }),
    parameters,
  };
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
