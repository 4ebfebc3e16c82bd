/** Reading a stored row column by column, for `tables.ts`'s mappers (see there for what arrives how). @packageDocumentation */
import { CorruptRowError } from './store-errors';

/** How to read each column that is not plain text: a timestamp, a number, JSON or a boolean. */
export type Columns = Readonly<Record<string, 'date' | 'number' | 'json' | 'boolean'>>;

/** A column of a stored row that cannot be read as its type, and why (`parameters`, `is not valid JSON`). */
export interface RowProblem {
  column: string;
  problem: string;
}

/** A row a listing left out because it cannot be read, and why. */
export interface SkippedRow {
  table: 'jobs';
  /** The row's id (a job id). */
  id: string;
  problems: RowProblem[];
}

/** The JSON type of a parsed value, for messages. */
export const jsonType = (v: unknown): string => (Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

/** One column's stored value as its type, or the reason it cannot be (see {@link RowProblem}). */
function readColumn(value: unknown, type: Columns[string] | undefined, jsonParsed: boolean): { value: unknown } | { problem: string } {
  if (type === 'date') {
    const d = value instanceof Date ? value : new Date(typeof value === 'number' ? value : String(value));
    return Number.isNaN(d.getTime()) ? { problem: 'is not a timestamp' } : { value: d };
  }
  if (type === 'number') {
    const n = Number(value);
    return Number.isNaN(n) ? { problem: 'is not a number' } : { value: n };
  }
  if (type === 'json') {
    if (typeof value !== 'string' || jsonParsed) return { value };
    try {
      return { value: JSON.parse(value) as unknown };
    } catch {
      return { problem: 'is not valid JSON' };
    }
  }
  if (type === 'boolean') return { value: value === true || value === 1 || value === '1' || value === 't' };
  return { value: String(value) };
}

/** A stored row as the application row, each column by its type in `columns`; one that cannot be read is null and named in `problems`. */
export function readStored<Row>(r: object, columns: Columns, jsonParsed = false): { row: Row; problems: RowProblem[] } {
  const out: Record<string, unknown> = {};
  const problems: RowProblem[] = [];
  for (const [key, value] of Object.entries(r)) {
    if (value === null || value === undefined) {
      out[key] = null;
      continue;
    }
    const read = readColumn(value, columns[key], jsonParsed);
    if ('problem' in read) problems.push({ column: key, problem: read.problem });
    out[key] = 'value' in read ? read.value : null;
  }
  return { row: out as Row, problems };
}

/** The application row, or a CorruptRowError naming the first column that cannot be read. */
export function fromStored<Row>(r: object, columns: Columns, what: string): Row {
  const { row, problems } = readStored<Row>(r, columns);
  if (problems.length > 0) throw new CorruptRowError(`${what} ${String((r as { id?: unknown }).id)}: ${problemText(problems)}`);
  return row;
}

/** Problems in words: `parameters is not valid JSON, energy is not a number`. @example `problemText([{ column: 'parameters', problem: 'is not valid JSON' }])` */
export function problemText(problems: readonly RowProblem[]): string {
  return problems.map((p) => `${p.column} ${p.problem}`).join(', ');
}
