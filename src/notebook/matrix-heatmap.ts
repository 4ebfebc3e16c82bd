import { aoLabels, type LabelledAtoms } from '../basis/ao-labels';
import type { BasisSet } from '../basis/basis-set';
import { InvalidInputError } from '../errors';
import type { Matrix } from '../linalg';
import type { PlotlyFigure } from './figure';

/** Options of {@link matrixHeatmap}. */
export interface MatrixHeatmapOptions {
  /** Figure title, e.g. 'S', 'F (iteration 5)' or 'D'. */
  title?: string;
  /** Labels of the rows (and of the columns when `columnLabels` is not given), e.g. basis function names. */
  labels?: readonly string[];
  /** Labels of the columns. */
  columnLabels?: readonly string[];
  /**
   * The basis (with the molecule it was placed on) whose functions index the rows and columns:
   * without `labels`, rows and columns are then named by `basis.aoLabels` (`O 2px`, `H1 1s`).
   */
  basis?: { readonly basis: BasisSet; readonly molecule: LabelledAtoms };
  /**
   * Colour scale: 'diverging' (blue–white–red, centred on 0, symmetric range: the default) or
   * 'sequential' (Viridis, for matrices without sign, e.g. |D|).
   */
  scale?: 'diverging' | 'sequential';
  /** Colour-bar title, e.g. 'Eh' for F (default none). */
  unit?: string;
  /** Figure height in pixels (default: square-ish, 500). */
  height?: number;
}

/**
 * A heatmap of a {@link Matrix} (row-major; e.g. the overlap S, a Fock matrix F in hartree, a
 * density D): row 0 at the top, as the matrix is written, with a diverging colour scale centred
 * on zero by default so the signs read at a glance. Hover shows the indices (or labels) and the
 * value.
 *
 * @example
 * ```ts
 * matrixHeatmap(problem.overlap, { title: 'S' });
 * matrixHeatmap(S, { title: 'S', basis: { basis: basisSet, molecule: water } }); // rows 'O 1s', …, 'H2 1s'
 * ```
 */
export function matrixHeatmap(matrix: Matrix, options: MatrixHeatmapOptions = {}): PlotlyFigure {
  const { rows, cols, data } = matrix;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1 || data.length !== rows * cols) {
    throw new InvalidInputError(`not a matrix: ${rows}×${cols} with ${data.length} elements`, { field: 'matrix' });
  }
  const ao = options.labels === undefined && options.basis !== undefined ? aoLabels(options.basis.basis, options.basis.molecule) : undefined;
  const given = options.labels ?? ao;
  const rowLabels = given ?? Array.from({ length: rows }, (_, i) => String(i));
  const colLabels = options.columnLabels ?? (given && cols === rows ? given : Array.from({ length: cols }, (_, j) => String(j)));
  if (rowLabels.length !== rows) throw new InvalidInputError(`labels has ${rowLabels.length} entries for ${rows} rows`, { field: 'labels' });
  if (colLabels.length !== cols) throw new InvalidInputError(`columnLabels has ${colLabels.length} entries for ${cols} columns`, { field: 'columnLabels' });
  const z: number[][] = [];
  let maxAbs = 0;
  for (let i = 0; i < rows; i++) {
    const row = new Array<number>(cols);
    for (let j = 0; j < cols; j++) {
      const v = data[i * cols + j]!;
      row[j] = v;
      if (Number.isFinite(v)) maxAbs = Math.max(maxAbs, Math.abs(v));
    }
    z.push(row);
  }
  const diverging = (options.scale ?? 'diverging') === 'diverging';
  const range = maxAbs > 0 ? maxAbs : 1;
  const size = options.height ?? 500;
  return {
    data: [
      {
        type: 'heatmap',
        z,
        // Category labels must be unique for Plotly to keep every row: suffix duplicates with their index.
        x: uniqueLabels(colLabels),
        y: uniqueLabels(rowLabels),
        colorscale: diverging ? DIVERGING : 'Viridis',
        ...(diverging ? { zmin: -range, zmax: range, zmid: 0 } : {}),
        colorbar: options.unit === undefined ? {} : { title: { text: options.unit } },
        hovertemplate: 'row %{y}<br>column %{x}<br>%{z:.6g}<extra></extra>',
      },
    ],
    layout: {
      title: { text: options.title ?? `${rows}×${cols} matrix` },
      height: size,
      width: Math.round(size * 1.1),
      xaxis: { type: 'category', side: 'top', tickangle: -45, constrain: 'domain' },
      yaxis: { type: 'category', autorange: 'reversed', scaleanchor: 'x', constrain: 'domain' },
      margin: { l: 90, r: 20, t: 90, b: 20 },
    },
  };
}

/** Blue (negative) – white (zero) – red (positive), ColorBrewer RdBu (Brewer, colorbrewer2.org). */
const DIVERGING: Array<[number, string]> = [
  [0, '#2166ac'],
  [0.25, '#92c5de'],
  [0.5, '#f7f7f7'],
  [0.75, '#f4a582'],
  [1, '#b2182b'],
];

function uniqueLabels(labels: readonly string[]): string[] {
  const seen = new Map<string, number>();
  for (const l of labels) seen.set(l, (seen.get(l) ?? 0) + 1);
  return labels.map((l, i) => ((seen.get(l) ?? 0) > 1 ? `${l} [${i}]` : l));
}
