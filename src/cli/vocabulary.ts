/**
 * Messages in the CLI's words. The library and the store name settings as their callers write
 * them (`"max_iteration": 200` in a stored job's error, `listBasisSets()` in the basis error); a
 * CLI user types flags and commands, so the CLI rewrites those names with the flag table
 * (`scf.SCF_PARAMETER_TABLE`, as scf-flags.ts does) before printing: `--max-iterations 200`,
 * `roothaan basis list`.
 *
 * @packageDocumentation
 */
import * as qcschema from '../io/qcschema';
import * as scf from '../scf';

/** Library functions a message may name, and the command that does the same. */
const COMMANDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/listBasisSets\(\) \(or `roothaan basis list`\)/g, '`roothaan basis list`'],
  [/listBasisSets\(\)/g, '`roothaan basis list`'],
];

function flagSetting(spec: scf.ScfParameterSpec, value: string): string {
  if (value === 'true') return `--${spec.flag}`;
  if (value === 'false') return spec.offFlag !== undefined ? `--${spec.offFlag}` : `--no-${spec.flag}`;
  return `--${spec.flag} ${value}`;
}

/**
 * A message with parameter keys and library calls replaced by the CLI's flags and commands:
 * `"max_iteration": 6` → `--max-iterations 6`, `"use_diis": true` → `--diis`, a bare
 * `max_iteration` → `--max-iterations`, `listBasisSets()` → `` `roothaan basis list` ``. With
 * `keepBareKeys` only the quoted settings and the calls change (for a message about a
 * parameters file, whose keys are what the user wrote).
 *
 * @example
 * ```ts
 * inCliWords('Allow more iterations ("max_iteration": 6).'); // 'Allow more iterations (--max-iterations 6).'
 * ```
 */
export function inCliWords(text: string, options: { keepBareKeys?: boolean } = {}): string {
  let out = text;
  for (const spec of scf.SCF_PARAMETER_TABLE) {
    if (spec.key.includes('.')) continue; // nested keys (convergence.energy) are not written this way in messages
    out = out.replace(new RegExp(`"${spec.key}": (true|false|[-+0-9.eE]+)`, 'g'), (_, value: string) => flagSetting(spec, value));
    // Bare keys with an underscore only: 'charge' or 'reference' are ordinary words too.
    if (!options.keepBareKeys && spec.key.includes('_')) out = out.replace(new RegExp(`\\b${spec.key}\\b`, 'g'), `--${spec.flag}`);
  }
  for (const [pattern, command] of COMMANDS) out = out.replace(pattern, command);
  return out;
}

/**
 * A message in the words of an AtomicInput's author, who wrote Psi4's keywords: the quoted
 * settings of the parameter table become the keywords that set them (`PSI4_KEYWORD_TABLE`):
 * `"max_iteration": 10` → `"maxiter": 10`, `"use_diis": true` → `"diis": true`,
 * `"damping": 0.5` → `"damping_percentage": 50`.
 *
 * @example
 * ```ts
 * inKeywordWords('Allow more iterations ("max_iteration": 10).'); // 'Allow more iterations ("maxiter": 10).'
 * ```
 */
export function inKeywordWords(text: string): string {
  let out = text;
  for (const k of qcschema.PSI4_KEYWORD_TABLE) {
    if (k.parameter === 'damping') {
      out = out.replace(/"damping": ([-+0-9.eE]+)/g, (_, value: string) => `"${k.keyword}": ${Number(value) * 100}`);
    } else if (k.parameter !== k.keyword) {
      out = out.replace(new RegExp(`"${k.parameter.replace(/\./g, '\\.')}": `, 'g'), `"${k.keyword}": `);
    }
  }
  return out;
}
