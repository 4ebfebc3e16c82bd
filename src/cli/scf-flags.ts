/**
 * The SCF flags of `roothaan run`, derived from the one parameter table
 * (`scf.SCF_PARAMETER_TABLE`): one flag per data-model key, with its choices, default and
 * description, and the way back from flag values to parameters.
 *
 * @packageDocumentation
 */
import type { Argv, Options } from 'yargs';
import * as scf from '../scf';

/**
 * What yargs returns for the SCF flags: flag name (with dashes) → value, undefined when not given.
 *
 * @example
 * ```ts
 * const values: ScfFlagValues = { 'max-iterations': 30, diis: false };
 * ```
 */
export type ScfFlagValues = Record<string, unknown>;

/**
 * The basis set used when neither `--basis` nor the parameters name one (PySCF's default).
 *
 * @example
 * ```ts
 * DEFAULT_BASIS; // 'STO-3G'
 * ```
 */
export const DEFAULT_BASIS = 'STO-3G';

function flagOptions(spec: scf.ScfParameterSpec): Options {
  const describe = `${spec.description} (default: ${spec.key === 'basis_set' ? `the parameters' basis_set, else ${DEFAULT_BASIS}` : spec.defaultText}; parameter ${spec.key})`;
  switch (spec.rule.type) {
    case 'boolean':
      return { type: 'boolean', describe };
    case 'choice':
      return { type: 'string', choices: [...spec.rule.choices!], describe };
    case 'string':
    case 'object':
      return { type: 'string', describe };
    case 'basis-assignment': // repeatable: yargs gives a list when the flag is given twice
    case 'atom-list':
      return { type: 'string', requiresArg: true, describe };
    default:
      return { type: 'number', describe };
  }
}

/**
 * Adds one flag per row of the parameter table to a yargs builder (`--max-iterations`,
 * `--diis`/`--no-diis`, `--e-convergence`, `--spherical`/`--cartesian`, …).
 *
 * @example
 * ```ts
 * builder: (y) => withScfFlags(y.positional('geometry', { type: 'string' }))
 * ```
 */
export function withScfFlags<T>(y: Argv<T>): Argv<T & ScfFlagValues> {
  let out = y as Argv<T & ScfFlagValues>;
  for (const spec of scf.SCF_PARAMETER_TABLE) {
    out = out.option(spec.flag, flagOptions(spec)) as Argv<T & ScfFlagValues>;
    if (spec.offFlag !== undefined) {
      out = out
        .option(spec.offFlag, { type: 'boolean', describe: `the opposite of --${spec.flag} (parameter ${spec.key}: false)` })
        .conflicts(spec.flag, spec.offFlag) as Argv<T & ScfFlagValues>;
    }
  }
  return out;
}

/**
 * The parameters the SCF flags given on the command line set, and their keys (so that a
 * message about one of them names the flag).
 *
 * @example
 * ```ts
 * scfFlagParameters({ 'max-iterations': 30, diis: false }); // { parameters: { max_iteration: 30, use_diis: false }, flagKeys: ['max_iteration', 'use_diis'] }
 * ```
 */
export function scfFlagParameters(args: ScfFlagValues): { parameters: Record<string, unknown>; flagKeys: scf.ScfParameterKey[] } {
  const parameters: Record<string, unknown> = {};
  const flagKeys: scf.ScfParameterKey[] = [];
  for (const spec of scf.SCF_PARAMETER_TABLE) {
    let value = args[spec.flag];
    if (spec.offFlag !== undefined && args[spec.offFlag] !== undefined) value = args[spec.offFlag] === true ? false : true;
    if (value === undefined) continue;
    flagKeys.push(spec.key);
    const [top, sub] = spec.key.split('.') as [string, string | undefined];
    if (sub === undefined) parameters[top] = value;
    else parameters[top] = { ...((parameters[top] as object | undefined) ?? {}), [sub]: value };
  }
  return { parameters, flagKeys };
}
