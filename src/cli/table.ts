/**
 * Text tables that fit the terminal: columns are laid out at their natural widths, and when the
 * table is wider than the terminal the less important columns are dropped and the shrinkable
 * ones cut (with `…`) until every line fits. Job and group ids are shown short, like git's and
 * docker's (8 hex digits, longer when two printed ids would share them).
 *
 * @packageDocumentation
 */
import type { CliContext } from './context';
import { plain, type Paint } from './paint';

/** One column of a {@link renderTable} table. */
export interface Column {
  header: string;
  /** When the table is too wide, columns with a `drop` rank go, lowest rank first; without one a column is never dropped. */
  drop?: number;
  /** When the table is too wide, this column's cells may be cut down to this many characters (ending in `…`). */
  minWidth?: number;
  /** Right-aligned (numbers). */
  right?: boolean;
  /** Colours a cell's text (a status word); applied after padding, so widths stay right. */
  colour?: (cell: string, paint: Paint) => string;
}

/** The narrowest terminal the tables are laid out for. */
export const MIN_TABLE_WIDTH = 80;

/**
 * The width tables are laid out for: the terminal's (at least 80 columns) on a terminal; exactly
 * 80 when the output is piped or redirected, so the layout does not depend on where it runs
 * (`--json` is the interface for programs).
 *
 * @example
 * ```ts
 * tableWidth({ isTTY: true, columns: 120 }); // 120
 * ```
 */
export function tableWidth(context: Pick<CliContext, 'isTTY' | 'columns'>): number {
  return context.isTTY ? Math.max(MIN_TABLE_WIDTH, context.columns || MIN_TABLE_WIDTH) : MIN_TABLE_WIDTH;
}

/**
 * The shortest common prefix length, at least `min`, at which the given ids are all different,
 * as git and docker abbreviate: 8 characters unless two of the ids share their first 8.
 *
 * @example
 * ```ts
 * shortIdLength(['7d3e9096-aaaa-4000-8000-000000000000', '7d3e9096-bbbb-4000-8000-000000000000']); // 10
 * ```
 */
export function shortIdLength(ids: readonly string[], min = 8): number {
  const longest = Math.max(min, ...ids.map((id) => id.length));
  for (let n = min; n < longest; n++) {
    if (new Set(ids.map((id) => id.slice(0, n))).size === new Set(ids).size) return n;
  }
  return longest;
}

/**
 * The ids cut to {@link shortIdLength}: unique among themselves, and each a prefix that
 * `jobs show`, `resume`, … accept.
 *
 * @example
 * ```ts
 * shortIds(['2d22ded6-7e63-4959-a6a3-37ed195a84ee']); // ['2d22ded6']
 * ```
 */
export function shortIds(ids: readonly string[]): string[] {
  const n = shortIdLength(ids);
  return ids.map((id) => id.slice(0, n));
}

function cut(text: string, width: number): string {
  return text.length <= width ? text : width <= 1 ? text.slice(0, width) : text.slice(0, width - 1).trimEnd() + '…';
}

/**
 * A table as text, every line at most `width` characters: columns two spaces apart, a header
 * (bold when painting), the less important columns dropped and the shrinkable ones cut when the
 * natural layout is too wide.
 *
 * @example
 * ```ts
 * renderTable([{ header: 'id' }, { header: 'name', minWidth: 6 }], [['2d22ded6', 'a long job name']], 20);
 * // 'id        name\n2d22ded6  a long jo…\n'
 * ```
 */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[], width: number, paint: Paint = plain): string {
  const natural = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const narrowest = columns.map((c, i) => (c.minWidth !== undefined ? Math.min(natural[i]!, Math.max(c.minWidth, c.header.length)) : natural[i]!));
  let shown = columns.map((_, i) => i);
  const total = (widths: readonly number[], cols: readonly number[]): number => cols.reduce((s, i) => s + widths[i]!, 0) + 2 * Math.max(0, cols.length - 1);
  // Drop columns, least important first, until the shrinkable ones can make the rest fit.
  const droppable = shown.filter((i) => columns[i]!.drop !== undefined).sort((a, b) => columns[a]!.drop! - columns[b]!.drop!);
  while (total(narrowest, shown) > width && droppable.length > 0) {
    const gone = droppable.shift()!;
    shown = shown.filter((i) => i !== gone);
  }
  // Then cut the widest shrinkable column, one character at a time, until the table fits.
  const widths = [...natural];
  while (total(widths, shown) > width) {
    const widest = shown.filter((i) => widths[i]! > narrowest[i]!).sort((a, b) => widths[b]! - widths[a]!)[0];
    if (widest === undefined) break;
    widths[widest]!--;
  }
  const line = (cells: readonly string[], header: boolean): string =>
    shown
      .map((i, k) => {
        const c = columns[i]!;
        const text = cut(cells[i] ?? '', widths[i]!);
        const last = k === shown.length - 1;
        const padded = c.right ? text.padStart(widths[i]!) : last ? text : text.padEnd(widths[i]!);
        if (header) return paint.bold(padded);
        return c.colour && text !== '' ? padded.replace(text, c.colour(text, paint)) : padded;
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header), true), ...rows.map((r) => line(r, false))].join('\n') + '\n';
}
