import { InvalidInputError } from '../errors';
import type { Matrix } from './matrix';

/** `7×7`: a matrix's shape as the messages print it. */
export function shapeText(m: Matrix): string {
  return `${m.rows}×${m.cols}`;
}

function together(count: number): string {
  if (count === 2) return 'both';
  if (count === 3) return 'all three';
  return 'all';
}

/**
 * Checks at the entry of `fn` that every named matrix is n×n with the same n (the first sets
 * n), in O(1): the names are the caller's argument names, in order. Returns n.
 *
 * @example
 * ```ts
 * expectSameSquare('rhfFock', { H: zeros(7), J: zeros(24), K: zeros(24) });
 * // InvalidInputError: rhfFock: J is 24×24 but H is 7×7 (all three must be n×n with the same n)
 * ```
 */
export function expectSameSquare(fn: string, matrices: Readonly<Record<string, Matrix>>): number {
  const names = Object.keys(matrices);
  const hint = names.length > 1 ? ` (${together(names.length)} must be n×n with the same n)` : '';
  const firstName = names[0]!;
  const first = matrices[firstName]!;
  if (first.rows !== first.cols) throw new InvalidInputError(`${firstName} is ${shapeText(first)} but must be square${hint}`, { field: fn });
  for (let i = 1; i < names.length; i++) {
    const m = matrices[names[i]!]!;
    if (m.rows !== first.rows || m.cols !== first.cols) {
      throw new InvalidInputError(`${names[i]} is ${shapeText(m)} but ${firstName} is ${shapeText(first)}${hint}`, { field: fn });
    }
  }
  return first.rows;
}

/**
 * Checks at the entry of `fn` that every named matrix has the shape of the first, in O(1) (for
 * matrices that need not be square, such as DIIS error vectors).
 *
 * @example
 * ```ts
 * expectSameShape('diisPush', { 'the stored error': zeros(1, 2), 'errors[0]': zeros(2, 2) });
 * // InvalidInputError: diisPush: errors[0] is 2×2 but the stored error is 1×2 (both must have the same shape)
 * ```
 */
export function expectSameShape(fn: string, matrices: Readonly<Record<string, Matrix>>): void {
  const names = Object.keys(matrices);
  const first = matrices[names[0]!]!;
  for (let i = 1; i < names.length; i++) {
    const m = matrices[names[i]!]!;
    if (m.rows !== first.rows || m.cols !== first.cols) {
      throw new InvalidInputError(`${names[i]} is ${shapeText(m)} but ${names[0]} is ${shapeText(first)} (${together(names.length)} must have the same shape)`, { field: fn });
    }
  }
}

/**
 * Checks at the entry of `fn` that the matrix `name` has `rows` rows (its columns are free, as
 * for an orthogonaliser X, nbf×nmo, or MO coefficients C), in O(1).
 *
 * @example
 * ```ts
 * expectRows('diagonalizeFock', 'X', zeros(5, 5), 7, 'F is 7×7');
 * // InvalidInputError: diagonalizeFock: X is 5×5 but must have 7 rows (F is 7×7)
 * ```
 */
export function expectRows(fn: string, name: string, m: Matrix, rows: number, because: string): void {
  if (m.rows !== rows) throw new InvalidInputError(`${name} is ${shapeText(m)} but must have ${rows} rows (${because})`, { field: fn });
}

/**
 * Checks at the entry of `fn` that the list `name` holds `count` matrices (one per spin: RHF
 * one, UHF and ROHF two).
 *
 * @example
 * ```ts
 * expectCount('electronicEnergy', 'densities', [D], 2, 'uhf');
 * // InvalidInputError: electronicEnergy: densities has 1 matrix but uhf takes 2
 * ```
 */
export function expectCount(fn: string, name: string, list: readonly unknown[], count: number, who: string): void {
  if (list.length !== count) {
    throw new InvalidInputError(`${name} has ${list.length} ${list.length === 1 ? 'matrix' : 'matrices'} but ${who} takes ${count}`, { field: fn });
  }
}
