/**
 * A dense real matrix, stored row-major in one `Float64Array`:
 * element (i, j) is `data[i * cols + j]`.
 *
 * Every matrix in roothaan (overlap, Fock, density, MO coefficients) uses this layout. There are
 * no nested arrays in hot code; {@link toArray} and {@link fromArray} convert for notebooks,
 * tests and JSON.
 */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/**
 * A new zero matrix.
 *
 * @example
 * ```ts
 * const m = zeros(2, 3); // m.data.length === 6
 * ```
 */
export function zeros(rows: number, cols: number = rows): Matrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new RangeError(`matrix dimensions must be non-negative integers, got ${rows}×${cols}`);
  }
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/**
 * The n×n identity matrix.
 *
 * @example
 * ```ts
 * identity(2).data; // Float64Array [1, 0, 0, 1]
 * ```
 */
export function identity(n: number): Matrix {
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

/**
 * A matrix from nested rows (`[[a, b], [c, d]]`). Every row must have the same length.
 *
 * @example
 * ```ts
 * fromArray([[1, 2], [3, 4]]).data; // Float64Array [1, 2, 3, 4]
 * ```
 */
export function fromArray(rows: ReadonlyArray<ReadonlyArray<number>>): Matrix {
  const n = rows.length;
  const m = n === 0 ? 0 : rows[0]!.length;
  const out = zeros(n, m);
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    if (row.length !== m) throw new RangeError(`row ${i} has ${row.length} entries, expected ${m}`);
    for (let j = 0; j < m; j++) out.data[i * m + j] = row[j]!;
  }
  return out;
}

/**
 * Nested rows, for notebooks, JSON and `mathjs.matrix(...)`.
 *
 * @example
 * ```ts
 * toArray(identity(2)); // [[1, 0], [0, 1]]
 * ```
 */
export function toArray(a: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < a.rows; i++) out.push(Array.from(a.data.subarray(i * a.cols, (i + 1) * a.cols)));
  return out;
}
