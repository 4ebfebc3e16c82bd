import { freemem, totalmem } from 'node:os';
import type { Argv, CommandModule } from 'yargs';
import * as geometry from '../../geometry';
import * as scf from '../../scf';
import * as store from '../../store';
import { InvalidInputError } from '../../errors';
import { readInputFile } from '../io';
import { DEFAULT_MAX_INPUT_BYTES, maxInputBytes } from '../input-limits';
import type { CliContext } from '../context';
import { threadsOption } from '../threads-option';
import { iterationHeader, iterationRow, summaryText } from '../format-scf';
import { paintOf, plain, statusText } from '../paint';
import { inCliWords, inKeywordWords } from '../vocabulary';
import { jobStops, onInterrupt } from '../interrupt';
import { progressBar } from '../progress-bar';
import { DEFAULT_BASIS, scfFlagParameters, withScfFlags, type ScfFlagValues } from '../scf-flags';
import * as qcschema from '../../io/qcschema';
import { atomicInputRun, type CommandLineParameters } from '../atomic-input-run';
import { qcschemaDocument, writeQcschema, type RunEnding } from '../qcschema-output';

/** The arguments of `roothaan run`: its own options and the SCF flags (one per parameter, see scf-flags.ts). */
export interface RunArgs extends ScfFlagValues {
  geometry: string;
  units?: 'angstrom' | 'bohr';
  format?: string;
  params?: string;
  json?: boolean;
  /** Output: the readable text (default), one JSON object (as --json) or a QCSchema AtomicResult / FailedOperation. */
  to?: 'text' | 'json' | 'qcschema';
  /** Also write the QCSchema AtomicResult (or FailedOperation) to this file. */
  'qcschema-out'?: string;
  threads?: number;
  store: boolean;
  name?: string;
  group?: string;
}

export { DEFAULT_BASIS };

/**
 * `roothaan run GEOMETRY`: an SCF calculation, recorded as a job in the store (every matrix
 * checkpointed) unless `--no-store`. The SCF flags come from the parameter table
 * (`scf.SCF_PARAMETER_TABLE`, see scf-flags.ts). Exit code 0 when it converged, 2 when it did not
 * or the job failed (the result is still printed), 1 for bad input or when another process took
 * the job over (this one was frozen or cut off past its lease: one line says so), 130 (Ctrl-C) or
 * 143 (SIGTERM) when a signal stopped the run (a stored job is then `stopped` and resumable).
 */
export function runCommand(context: CliContext): CommandModule<object, RunArgs> {
  return {
    command: 'run <geometry>',
    describe: 'Run a Hartree–Fock calculation (RHF for singlets, UHF otherwise)',
    builder: (y) =>
      withScfFlags(
        y
          .positional('geometry', { type: 'string', demandOption: true, describe: 'geometry file (XYZ, Z-matrix, Molfile, PDB, QCSchema), or - for standard input' })
          .option('units', { type: 'string', choices: ['angstrom', 'bohr'] as const, describe: 'units of the coordinates (XYZ, Z-matrix); default ångström' })
          .option('format', { type: 'string', choices: [...geometry.GEOMETRY_FORMATS], describe: 'force the geometry format' }),
      )
        .option('params', { type: 'string', describe: 'a JSON file of SCF parameters, e.g. {"basis_set": "STO-3G", "max_iteration": 30, "use_diis": true}; options given on the command line win' })
        .option('threads', threadsOption('threads for integrals and J/K (default: all cores)'))
        .option('store', { type: 'boolean', default: true, describe: 'record the job and checkpoint every matrix (--no-store: just compute)' })
        .option('name', { type: 'string', describe: 'a name for the job (default: the file name)' })
        .option('group', { type: 'string', describe: 'add the job to this group of yours (created when missing)' })
        .option('json', { type: 'boolean', describe: 'print exactly one JSON object with the result' })
        .option('to', { type: 'string', choices: ['text', 'json', 'qcschema'] as const, describe: 'output: readable text (default), one JSON object (as --json) or a QCSchema AtomicResult (FailedOperation when it fails)' })
        .option('qcschema-out', { type: 'string', describe: 'also write the QCSchema AtomicResult (or FailedOperation) to this file' }) as unknown as Argv<RunArgs>,
    handler: (args) => executeRun(context, args),
  };
}

/** How {@link executeRun} was called: by `roothaan run`, or by `roothaan qcschema run`. */
export interface ExecuteRunOptions {
  /** Refuse an input that is not a QCSchema AtomicInput (`roothaan qcschema run`). */
  requireAtomicInput?: boolean;
  /** The command named in the QCSchema provenance (default `roothaan run`). */
  routine?: string;
}

/**
 * Runs `roothaan run` with parsed arguments (also what `roothaan qcschema run` does). A QCSchema
 * AtomicInput defines its calculation (see atomic-input-run.ts); with `--to qcschema` or
 * `--qcschema-out` the outcome is also a QCSchema document: an AtomicResult, or a
 * FailedOperation for bad input, a non-converged SCF or a failed job (see qcschema-output.ts).
 */
export async function executeRun(context: CliContext, args: RunArgs, options: ExecuteRunOptions = {}): Promise<void> {
  if (args.json && args.to !== undefined && args.to !== 'json') throw new InvalidInputError(`--json and --to ${args.to} ask for two outputs; give one`, { field: '--to' });
  const to = args.json ? 'json' : (args.to ?? 'text');
  // Colour only in text printed to a terminal; the log is also the AtomicResult's stdout.
  const paint = to === 'text' ? paintOf(context) : plain;
  const qcschemaOut = args['qcschema-out'];
  const wantsQcschema = to === 'qcschema' || qcschemaOut !== undefined;
  let inputText: string | undefined;
  let spec: qcschema.AtomicInputSpec | undefined;
  // Hints in the caller's words: flags for a CLI user, Psi4's keywords for an AtomicInput's author.
  const words = (text: string): string => (spec !== undefined ? inKeywordWords(text) : inCliWords(text));
  // The log is what the text output shows; it is also the AtomicResult's stdout.
  let log = '';
  const say = (text: string): void => {
    log += text;
    if (to === 'text') context.stdout(text);
  };
  let emitted = false;
  const emit = (ending: Omit<RunEnding, 'log' | 'routine' | 'spec' | 'inputText'>): void => {
    if (!wantsQcschema || emitted) return;
    emitted = true;
    const doc = qcschemaDocument({ ...ending, log, routine: options.routine ?? 'roothaan run', ...(spec !== undefined && { spec }), ...(inputText !== undefined && { inputText }) });
    writeQcschema(context, doc, { toStdout: to === 'qcschema', ...(qcschemaOut !== undefined && { file: qcschemaOut }) });
  };
  try {
    await runBody();
  } catch (error) {
    // Bad input (nothing stored) or an error before the SCF ended: a FailedOperation, and the error line on stderr (main).
    emit({ error });
    throw error;
  }

  async function runBody(): Promise<void> {
    const maxBytes = maxInputBytes(context.env);
    const input = readInputFile(args.geometry, maxBytes);
    inputText = input.text;
    const parseOptions = {
      ...(args.format !== undefined && { format: args.format as geometry.GeometryFormat }),
      ...(args.units !== undefined && { units: args.units }),
    };
    const isAtomicInput = (args.format === undefined || args.format === 'qcschema') && qcschema.isAtomicInput(input.text);
    if (options.requireAtomicInput && !isAtomicInput) {
      throw new InvalidInputError('this is not a QCSchema AtomicInput (a JSON object with "molecule", "driver" and "model"); for a bare molecule use `roothaan run`', { file: input.name });
    }
    let parameters: scf.ScfParameters;
    if (isAtomicInput) {
      ({ spec, parameters } = atomicInputRun(input.text, input.name, commandLineParameters(args, maxBytes)));
    } else {
      parameters = runParameters(args, maxBytes);
    }
    let headerPrinted = false;
    // The integrals' progress bar (stderr a terminal, readable output only), cleared at the first iteration.
    const bar = progressBar(context, to === 'text');
    const progress = bar !== undefined ? { onProgress: bar.onProgress } : {};
    const onIteration = (record: scf.ScfIteration): void => {
      bar?.stop();
      if (!headerPrinted) say(iterationHeader(paint));
      headerPrinted = true;
      say(iterationRow(record));
    };
    const threads = args.threads !== undefined ? { threads: args.threads } : {};

    if (!args.store) {
      const molecule = spec?.molecule ?? geometry.parse(input.text, { filename: input.name, ...parseOptions });
      // Ctrl-C or SIGTERM stops the SCF between iterations (it then exits 130 or 143, as a shell expects).
      const interrupt = onInterrupt({ stderr: context.stderr });
      let calculation: scf.CalculationResult;
      try {
        calculation = await scf.driveCalculation(molecule, parameters, {
          ...threads,
          ...progress,
          onIteration,
          signal: interrupt.signal,
          freeMemoryBytes: freemem(),
          totalMemoryBytes: totalmem(),
          vocabulary: spec === undefined ? 'cli' : 'parameters', // an AtomicInput run has no SCF flags to suggest (qcschema run)
        });
      } catch (error) {
        if (error instanceof scf.ScfInterruptedError) {
          context.stderr(`roothaan: ${error.message}\n`);
          emit({ error });
          context.setExitCode(interrupt.exitCode ?? 130);
          return;
        }
        throw error;
      } finally {
        bar?.stop();
        interrupt.dispose();
      }
      if (to === 'json') context.stdout(JSON.stringify(runJson(calculation)) + '\n');
      else say(summaryText(calculation, paint, words));
      emit({ calculation });
      if (!calculation.result.converged) context.setExitCode(2);
      return;
    }

    // The store opens on its writer thread while this thread computes (see store.runOnce). The
    // job id and its resume command go to stderr once the job is recorded (stdout stays the
    // result's); Ctrl-C or SIGTERM then stops it resumably (see interrupt.ts).
    const stops = jobStops(context);
    const outcome = await stops.during(() => store.runOnce(
      {},
      {
        geometryText: input.text,
        filename: input.name,
        ...parseOptions,
        parameters,
        ...(args.name !== undefined && { name: args.name }),
        ...(args.group !== undefined && { group: args.group }),
      },
      { ...threads, ...progress, onIteration, ...stops.hooks },
      context.env,
    ).finally(() => bar?.stop()));
    const error = outcome.status === 'done' ? null : (outcome.error?.message ?? null);
    if (to === 'json') {
      const body = outcome.calculation ? runJson(outcome.calculation) : { energy: null, converged: false, iterations: outcome.job.iterations };
      context.stdout(JSON.stringify({ job_id: outcome.jobId, status: outcome.status, ...body, ...(error !== null && { error }) }) + '\n');
    } else {
      if (outcome.calculation) say(summaryText(outcome.calculation, paint, words));
      say(`\njob ${outcome.jobId}: ${statusText(outcome.status, paint)}${error !== null ? ` (${words(error)})` : ''}\n`);
      if (outcome.status === 'failed') say(`resume it with: roothaan resume ${outcome.jobId} [--max-iterations N]\n`);
    }
    emit({
      ...(outcome.calculation !== undefined && { calculation: outcome.calculation }),
      ...(outcome.status !== 'done' && outcome.error !== undefined && { error: outcome.error }),
      extras: { job_id: outcome.jobId, status: outcome.status },
    });
    stops.report(outcome);
    if (outcome.status !== 'done') context.setExitCode(stops.exitCode ?? 2);
  }
}

/**
 * The SCF parameters of a run, validated once: the `--params` file, then the SCF flags over it
 * (a flag's value replaces the file's; `--e-convergence` replaces only the energy threshold), and
 * the default basis when neither names one. A bad value is reported against the flag
 * (`--max-iterations: …`) or the file and key (`params.json (max_iteration): …`).
 */
export function runParameters(args: RunArgs, maxBytes: number = DEFAULT_MAX_INPUT_BYTES): scf.ScfParameters {
  const { parameters, flagKeys } = commandLineParameters(args, maxBytes);
  if (parameters.basis_set !== undefined) return parameters;
  return scf.parseScfParameters({ ...parameters, basis_set: DEFAULT_BASIS }, { flagKeys: [...flagKeys] });
}

/**
 * The SCF parameters the command line gives (the `--params` file, the SCF flags over it),
 * validated, without the default basis: what an AtomicInput's own parameters are merged with.
 */
export function commandLineParameters(args: RunArgs, maxBytes: number = DEFAULT_MAX_INPUT_BYTES): CommandLineParameters {
  const fromFile = args.params !== undefined ? readParamsFile(args.params, maxBytes) : {};
  const { parameters: fromFlags, flagKeys } = scfFlagParameters(args);
  const params: Record<string, unknown> = { ...fromFile, ...fromFlags };
  if (isObject(fromFile['convergence']) && isObject(fromFlags['convergence'])) {
    params['convergence'] = { ...fromFile['convergence'], ...fromFlags['convergence'] };
  }
  const parameters = scf.parseScfParameters(params, { ...(args.params !== undefined ? { file: args.params } : {}), flagKeys });
  return { parameters, flagKeys, ...(args.params !== undefined && { paramsFile: args.params }) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readParamsFile(file: string, maxBytes: number): Record<string, unknown> {
  const { name, text } = readInputFile(file, maxBytes);
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
    ...(calculation.integrals !== undefined && { scf_type: calculation.integrals.scfType }),
    ...(calculation.integrals?.densityFitting !== undefined && { density_fitting: densityFittingJson(calculation.integrals.densityFitting) }),
    ...(result.dfGuess !== undefined && {
      df_scf_guess: {
        df_iterations: result.dfGuess.iterations,
        df_converged: result.dfGuess.converged,
        df_energy: result.dfGuess.energy,
        exact_iterations: result.iterations - result.dfGuess.iterations,
        ...(calculation.integrals?.dfScfGuess !== undefined && { density_fitting: densityFittingJson(calculation.integrals.dfScfGuess) }),
      },
    }),
    history: result.history.map((h) => ({
      iteration: h.iteration,
      energy: h.energy,
      delta_e: finiteOrNull(h.deltaE),
      rms_delta_d: h.rmsDeltaD,
      diis_error: h.diisError,
      diis_vectors: h.diisVectors,
      accelerator: h.accelerator,
      level_shift: h.levelShift,
      damping: h.damping,
      step: h.step,
      ...(h.soscf !== undefined && { soscf_micro_iterations: h.soscf.microIterations, soscf_residual: h.soscf.residual }),
      converged: h.converged,
      ...(h.followStep !== undefined && { follow_step: h.followStep }),
      ...(h.dfGuess === true && { df_guess: true }),
      occupation: scf.occupationJson(h.occupation),
    })),
    ...(result.stability && { stability: scf.stabilityJson(result.stability) }),
    parameters,
  };
}

/** The `density_fitting` object of `--json`, with Psi4's names where it has them. */
function densityFittingJson(df: scf.DensityFittingReport): Record<string, unknown> {
  return {
    df_basis_scf: df.dfBasisScf,
    df_basis_scf_default: df.isDefault,
    aux_sets: df.elementSets,
    naux: df.naux,
    aux_metric_eigenvalues_dropped: df.metricEigenvaluesDropped,
    aux_metric_min_over_max_eigenvalue: df.metricMinOverMax,
    mode: df.mode,
    tensor_bytes: df.tensorBytes,
    core_bytes: df.coreBytes,
    budget_bytes: Number.isFinite(df.budgetBytes) ? df.budgetBytes : null,
    block_shells: df.blockShells,
    setup_ms: df.setupMs,
  };
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
