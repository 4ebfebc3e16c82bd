import { aoLabels, type LabelledAtoms } from '../basis/ao-labels';
import type { BasisSet } from '../basis/basis-set';
import { InvalidInputError } from '../errors';
import type { Matrix } from '../linalg';
import { htmlTable, textTable, type TableColumn } from './html';
import type { MimeBundle } from './mime-bundle';

/** Options of {@link matrixTable}. */
export interface MatrixTableOptions {
  /** Caption, e.g. 'S (overlap)' or 'F / Eh'. */
  title?: string;
  /** Labels of the rows (and of the columns when `columnLabels` is not given). */
  labels?: readonly string[];
  /** Labels of the columns, e.g. 'MO 1' … for a coefficient matrix C. */
  columnLabels?: readonly string[];
  /** The basis (and its molecule) indexing the rows: without `labels`, rows are named by `basis.aoLabels`. */
  basis?: { readonly basis: BasisSet; readonly molecule: LabelledAtoms };
  /** Digits after the decimal point (default 6). */
  digits?: number;
}

/**
 * A matrix (row-major) as a table, MIME bundle with HTML and aligned text: rows and columns
 * named by the basis functions (`O 2px`, `H1 1s`, from `basis.aoLabels`) when a basis is given,
 * else by the given labels, else by 1-based indices.
 *
 * @example
 * ```ts
 * display(matrixTable(S, { title: 'S (overlap)', basis: { basis: basisSet, molecule: water } }));
 * ```
 */
export function matrixTable(matrix: Matrix, options: MatrixTableOptions = {}): MimeBundle {
  const { rows, cols, data } = matrix;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1 || data.length !== rows * cols) {
    throw new InvalidInputError(`not a matrix: ${rows}×${cols} with ${data.length} elements`, { field: 'matrix' });
  }
  const given = options.labels ?? (options.basis === undefined ? undefined : aoLabels(options.basis.basis, options.basis.molecule));
  const rowLabels = given ?? Array.from({ length: rows }, (_, i) => String(i + 1));
  const colLabels = options.columnLabels ?? (given !== undefined && cols === rows ? given : Array.from({ length: cols }, (_, j) => String(j + 1)));
  if (rowLabels.length !== rows) throw new InvalidInputError(`labels has ${rowLabels.length} entries for ${rows} rows`, { field: 'labels' });
  if (colLabels.length !== cols) throw new InvalidInputError(`columnLabels has ${colLabels.length} entries for ${cols} columns`, { field: 'columnLabels' });
  const digits = options.digits ?? 6;
  const columns: TableColumn[] = [{ header: '', numeric: false }, ...colLabels.map((h) => ({ header: h }))];
  const cells = Array.from({ length: rows }, (_, i) => [rowLabels[i]!, ...Array.from({ length: cols }, (_, j) => data[i * cols + j]!.toFixed(digits))]);
  return { 'text/html': htmlTable(columns, cells, options.title), 'text/plain': textTable(columns, cells, options.title) };
}
