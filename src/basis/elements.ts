/**
 * Chemical element symbols by atomic number, for reading basis set files (which name elements by
 * symbol, in any letter case) and for describing which elements a basis set covers.
 *
 * Kept here rather than imported from `geometry` so that the basis parser stands on its own.
 */

/** Element symbols indexed by atomic number Z (index 0 is unused). */
export const ELEMENT_SYMBOLS: readonly string[] = [
  '',
  'H', 'He',
  'Li', 'Be', 'B', 'C', 'N', 'O', 'F', 'Ne',
  'Na', 'Mg', 'Al', 'Si', 'P', 'S', 'Cl', 'Ar',
  'K', 'Ca', 'Sc', 'Ti', 'V', 'Cr', 'Mn', 'Fe', 'Co', 'Ni', 'Cu', 'Zn', 'Ga', 'Ge', 'As', 'Se', 'Br', 'Kr',
  'Rb', 'Sr', 'Y', 'Zr', 'Nb', 'Mo', 'Tc', 'Ru', 'Rh', 'Pd', 'Ag', 'Cd', 'In', 'Sn', 'Sb', 'Te', 'I', 'Xe',
  'Cs', 'Ba',
  'La', 'Ce', 'Pr', 'Nd', 'Pm', 'Sm', 'Eu', 'Gd', 'Tb', 'Dy', 'Ho', 'Er', 'Tm', 'Yb', 'Lu',
  'Hf', 'Ta', 'W', 'Re', 'Os', 'Ir', 'Pt', 'Au', 'Hg', 'Tl', 'Pb', 'Bi', 'Po', 'At', 'Rn',
  'Fr', 'Ra',
  'Ac', 'Th', 'Pa', 'U', 'Np', 'Pu', 'Am', 'Cm', 'Bk', 'Cf', 'Es', 'Fm', 'Md', 'No', 'Lr',
  'Rf', 'Db', 'Sg', 'Bh', 'Hs', 'Mt', 'Ds', 'Rg', 'Cn', 'Nh', 'Fl', 'Mc', 'Lv', 'Ts', 'Og',
];

const Z_BY_SYMBOL: ReadonlyMap<string, number> = new Map(ELEMENT_SYMBOLS.map((s, z) => [s.toLowerCase(), z]));

/**
 * The atomic number of an element symbol in any letter case (`'CL'`, `'cl'`, `'Cl'` → 17), or
 * `undefined` if it is not an element.
 *
 * @example
 * ```ts
 * atomicNumber('RB'); // 37
 * ```
 */
export function atomicNumber(symbol: string): number | undefined {
  if (symbol === '') return undefined;
  return Z_BY_SYMBOL.get(symbol.toLowerCase());
}

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
  const z = atomicNumber(symbol);
  return z === undefined ? undefined : ELEMENT_SYMBOLS[z];
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
  const zs = [...new Set([...symbols].map((s) => atomicNumber(s)).filter((z): z is number => z !== undefined))];
  zs.sort((a, b) => a - b);
  const parts: string[] = [];
  let start = 0;
  while (start < zs.length) {
    let end = start;
    while (end + 1 < zs.length && zs[end + 1] === zs[end]! + 1) end++;
    const first = ELEMENT_SYMBOLS[zs[start]!]!;
    const last = ELEMENT_SYMBOLS[zs[end]!]!;
    parts.push(start === end ? first : `${first}–${last}`);
    start = end + 1;
  }
  return parts.join(', ');
}
