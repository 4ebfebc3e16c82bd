/**
 * "Did you mean --basis?" for a mistyped option. yargs suggests commands (`recommendCommands`)
 * but not options, so `main` asks this with the options of the command being run.
 *
 * @packageDocumentation
 */
import { editDistance } from '../basis';

/**
 * The known option closest to an unknown one, as the user would type it (`--basis`), or
 * undefined when none is close: one that begins with what was typed (`--max-iter` →
 * `--max-iterations`), else one at most a third of its length (at least 1) edits away.
 *
 * @example
 * ```ts
 * suggestOption('basi', ['basis', 'charge', 'max-iterations']); // '--basis'
 * ```
 */
export function suggestOption(unknown: string, known: readonly string[]): string | undefined {
  const candidates = known.filter((k) => k.length > 1 && k !== unknown);
  const dash = (k: string): string => `--${k}`;
  const prefixed = candidates.filter((k) => k.startsWith(unknown));
  if (unknown.length >= 3 && prefixed.length === 1) return dash(prefixed[0]!);
  const limit = Math.max(1, Math.floor(unknown.length / 3));
  const best = candidates
    .map((k) => ({ k, d: editDistance(unknown, k) }))
    .filter((c) => c.d <= limit)
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))[0];
  return best === undefined ? undefined : dash(best.k);
}

/**
 * A yargs "Unknown argument(s): a, b" message with a suggestion for each unknown option that has
 * one: `Unknown argument: basi. Did you mean --basis?`. Other messages come back unchanged.
 *
 * @example
 * ```ts
 * withOptionSuggestions('Unknown argument: basi', ['basis']); // 'Unknown argument: basi. Did you mean --basis?'
 * ```
 */
export function withOptionSuggestions(message: string, known: readonly string[]): string {
  const match = /^Unknown arguments?: (.+)$/.exec(message);
  if (match === null) return message;
  // yargs-parser also reports `--max-iter` as its camel-case twin `maxIter`: name each option once.
  const all = match[1]!.split(', ');
  const unknown = all.filter((u) => !all.some((v) => v !== u && v.includes('-') && camelCase(v) === u));
  const text = `Unknown argument${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`;
  const suggestions = unknown.map((u) => suggestOption(u, known.filter((k) => !/[A-Z]/.test(k)))).filter((s): s is string => s !== undefined);
  return suggestions.length === 0 ? text : `${text}. Did you mean ${[...new Set(suggestions)].join(' or ')}?`;
}

function camelCase(dashed: string): string {
  return dashed.replace(/-+([^-])/g, (_, c: string) => c.toUpperCase());
}
