/**
 * A QCSchema AtomicInput given to `roothaan run` (or `roothaan qcschema run`): the input defines
 * the calculation (molecule, `model.basis`, `keywords`), as it does for QCEngine; the command
 * line may add SCF parameters the input leaves unset, and a flag (or `--params` key) that
 * contradicts the input is an error that names both.
 *
 * @packageDocumentation
 */
import { InvalidInputError } from '../errors';
import * as qcschema from '../io/qcschema';
import * as scf from '../scf';

/**
 * The AtomicInput and the SCF parameters a run uses: the input's, with what the command line
 * adds.
 *
 * @example
 * ```ts
 * const run: AtomicInputRun = atomicInputRun(text, 'ai.json', { parameters: { max_iteration: 30 }, flagKeys: ['max_iteration'] });
 * run.parameters.basis_set; // model.basis
 * ```
 */
export interface AtomicInputRun {
  readonly spec: qcschema.AtomicInputSpec;
  readonly parameters: scf.ScfParameters;
}

/**
 * The SCF parameters a command line gives: the `--params` file and the flags over it, validated,
 * with the keys that came from flags and the name of the file.
 *
 * @example
 * ```ts
 * const given: CommandLineParameters = { parameters: { max_iteration: 30 }, flagKeys: ['max_iteration'] };
 * ```
 */
export interface CommandLineParameters {
  readonly parameters: scf.ScfParameters;
  readonly flagKeys: readonly scf.ScfParameterKey[];
  readonly paramsFile?: string;
}

/**
 * Reads an AtomicInput (see `io.qcschema.parseAtomicInput`: an unknown keyword, a method other
 * than hf/scf or a driver other than energy is an InvalidInputError naming the file, line and
 * field) and merges the command line's SCF parameters into its own. A parameter set by both
 * must have the same value; `charge` and `multiplicity` must equal the input molecule's
 * (QCSchema's molecule always has them: 0 and the lowest multiplicity when not written).
 *
 * @param text the AtomicInput JSON.
 * @param file its name, for messages.
 * @param commandLine the SCF parameters the command line gives (`--params` file and flags
 *   merged, validated), the keys that came from flags (messages name the flag) and the
 *   `--params` file the others came from.
 * @example
 * ```ts
 * atomicInputRun(text, 'ai.json', { parameters: { basis_set: 'STO-3G' }, flagKeys: ['basis_set'] });
 * // InvalidInputError: ai.json:3 (model.basis): --basis STO-3G contradicts the AtomicInput's "cc-pVDZ"; …
 * ```
 */
export function atomicInputRun(text: string, file: string, commandLine: CommandLineParameters): AtomicInputRun {
  const extra = commandLine.parameters as Record<string, unknown>;
  const flagKeys: readonly string[] = commandLine.flagKeys;
  const spec = qcschema.parseAtomicInput(text, { filename: file });
  const own = spec.parameters as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...own };
  const check = (key: string, given: unknown, inInput: unknown, field: string): void => {
    if (inInput === undefined || sameValue(given, inInput)) return;
    const spec = scf.SCF_PARAMETER_TABLE.find((s) => s.key === key);
    const source = flagKeys.includes(key) && spec !== undefined ? `--${flagName(spec, given)}` : `${commandLine.paramsFile ?? 'the parameters'} (${key})`;
    throw new InvalidInputError(
      `${source} ${JSON.stringify(given)} contradicts the AtomicInput's ${JSON.stringify(inInput)}; the AtomicInput defines the calculation: change it there, or drop the option`,
      { file, line: lineOfKey(text, field.split('.').pop()!), field },
    );
  };
  for (const [key, value] of Object.entries(extra)) {
    if (key === 'convergence' && typeof value === 'object' && value !== null) {
      const inInput = (own['convergence'] ?? {}) as Record<string, unknown>;
      for (const [sub, v] of Object.entries(value as Record<string, unknown>)) check(`convergence.${sub}`, v, inInput[sub], keywordField(`convergence.${sub}`));
      merged['convergence'] = { ...(value as object), ...inInput };
      continue;
    }
    if (key === 'charge') check(key, value, spec.molecule.charge, 'molecule.molecular_charge');
    else if (key === 'multiplicity') check(key, value, spec.molecule.multiplicity, 'molecule.molecular_multiplicity');
    else check(key, value, own[key], key === 'basis_set' ? 'model.basis' : keywordField(key));
    if (merged[key] === undefined) merged[key] = value;
  }
  return { spec, parameters: scf.parseScfParameters(merged) };
}

/** The flag as the user wrote it (`--cartesian` for puream false). */
function flagName(spec: scf.ScfParameterSpec, value: unknown): string {
  return spec.offFlag !== undefined && value === false ? spec.offFlag : spec.flag;
}

/** `keywords.maxiter` for max_iteration: the Psi4 keyword that sets a parameter. */
function keywordField(key: string): string {
  const row = qcschema.PSI4_KEYWORD_TABLE.find((k) => k.parameter === key);
  return `keywords.${row?.keyword ?? key}`;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return a === b;
}

/** The line where a key first stands (case-insensitive, as Psi4 keywords are), else 1. */
function lineOfKey(text: string, key: string): number {
  const index = text.toLowerCase().indexOf(`"${key.toLowerCase()}"`);
  return index < 0 ? 1 : text.slice(0, index).split('\n').length;
}
