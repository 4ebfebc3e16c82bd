import { elementBySymbol, elementByZ } from '../geometry';

/**
 * Element lookups for reading basis set files (which name elements by symbol, in any letter
 * case) and for describing which elements a basis set covers. The element table itself is the
 * geometry module's (H–Rn).
 */

/**
 * The conventional spelling of an element symbol (`'RB'` → `'Rb'`), or `undefined` if it is not
 * an element.
 *
 * @example
 * ```ts
 * canonicalSymbol('cl'); // 'Cl'
 * ```
 */
export function canonicalSymbol(symbol: string): string | undefined {
  return elementBySymbol(symbol)?.symbol;
}

/**
 * A compact description of a set of elements as ranges of atomic number: `H–Ar, K–Kr`.
 * Consecutive atomic numbers are merged into one range.
 *
 * @example
 * ```ts
 * elementRanges(['H', 'He', 'Li', 'C', 'N', 'O']); // 'H–Li, C–O'
 * ```
 */
export function elementRanges(symbols: Iterable<string>): string {
  const zs = [...new Set([...symbols].map((s) => elementBySymbol(s)?.Z).filter((z): z is number => z !== undefined))];
  zs.sort((a, b) => a - b);
  const parts: string[] = [];
  let start = 0;
  while (start < zs.length) {
    let end = start;
    while (end + 1 < zs.length && zs[end + 1] === zs[end]! + 1) end++;
    const first = elementByZ(zs[start]!)!.symbol;
    const last = elementByZ(zs[end]!)!.symbol;
    parts.push(start === end ? first : `${first}–${last}`);
    start = end + 1;
  }
  return parts.join(', ');
}
