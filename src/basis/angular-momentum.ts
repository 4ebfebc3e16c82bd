/**
 * Shell letters and angular momentum: s, p, d, f, g, h, i for L = 0 … 6.
 */

const SHELL_LETTERS = ['s', 'p', 'd', 'f', 'g', 'h', 'i'] as const;

/** The highest angular momentum a basis file may contain (i functions, L = 6). */
export const MAX_FILE_L = SHELL_LETTERS.length - 1;

/**
 * The spectroscopic letter of angular momentum L: 0 → `'s'`, 1 → `'p'`, … 6 → `'i'`.
 *
 * @example
 * ```ts
 * shellLabel(2); // 'd'
 * ```
 */
export function shellLabel(L: number): string {
  const letter = SHELL_LETTERS[L];
  if (letter === undefined) throw new RangeError(`no shell letter for angular momentum L = ${L} (0 ≤ L ≤ ${MAX_FILE_L})`);
  return letter;
}

/**
 * The angular momentum of a shell letter in any case (`'D'` → 2), or `undefined` if the letter
 * is not one of s, p, d, f, g, h, i. (`SP` shells are handled by the parser, not here.)
 *
 * @example
 * ```ts
 * angularMomentumOf('F'); // 3
 * ```
 */
export function angularMomentumOf(letter: string): number | undefined {
  const L = (SHELL_LETTERS as readonly string[]).indexOf(letter.toLowerCase());
  return L < 0 ? undefined : L;
}

/**
 * The double factorial n!! = n (n−2) (n−4) … down to 1 or 2, with (−1)!! = 0!! = 1.
 * It appears as (2L−1)!! in Gaussian normalisation.
 *
 * @example
 * ```ts
 * doubleFactorial(5); // 15
 * doubleFactorial(-1); // 1
 * ```
 */
export function doubleFactorial(n: number): number {
  let result = 1;
  for (let k = n; k > 1; k -= 2) result *= k;
  return result;
}
