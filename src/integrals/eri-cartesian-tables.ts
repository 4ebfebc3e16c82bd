/**
 * Index tables over Cartesian components of every angular momentum 0 … {@link TABLE_MAX_L}, for
 * the two-electron recurrences.
 *
 * A Cartesian component (lx, ly, lz) of total L = lx + ly + lz has the "global" index
 * `CART_OFFSET[L] + idx`, where `idx = (L − lx)(L − lx + 1)/2 + lz` is its position in the
 * shell's lexicographic order (xx, xy, xz, yy, yz, zz for d — the order of
 * src/basis/basis-set.ts). Global indices list all components of L = 0, then L = 1, …, so the
 * components of a range of angular momenta form one contiguous block.
 *
 * @packageDocumentation
 */

/** Highest total angular momentum of the tables: 2·4 (g on both centres of a pair) + 1 spare. */
export const TABLE_MAX_L = 9;

/** `CART_OFFSET[L]` = number of Cartesian components of all angular momenta below L. */
export const CART_OFFSET = new Int32Array(TABLE_MAX_L + 2);

/** Number of global indices (all components of L = 0 … TABLE_MAX_L). */
export const NCART_ALL = (() => {
  let n = 0;
  for (let L = 0; L <= TABLE_MAX_L + 1; L++) {
    CART_OFFSET[L] = n;
    n += ((L + 1) * (L + 2)) / 2;
  }
  return CART_OFFSET[TABLE_MAX_L + 1]!;
})();

/** Exponents of each global index: `CART_POWERS[3g + i]` is l_i (i = 0, 1, 2 for x, y, z). */
export const CART_POWERS = new Int32Array(3 * NCART_ALL);

/** `CART_MINUS[i·NCART_ALL + g]` = global index of g − 1_i, or −1 when l_i = 0. */
export const CART_MINUS = new Int32Array(3 * NCART_ALL);

/** `CART_PLUS[i·NCART_ALL + g]` = global index of g + 1_i, or −1 past TABLE_MAX_L. */
export const CART_PLUS = new Int32Array(3 * NCART_ALL);

/**
 * The direction each component is built along by a recurrence (g = (g − 1_i) + 1_i): the
 * direction of its largest exponent (x before y before z on ties); −1 for L = 0.
 */
export const CART_BUILD_DIR = new Int32Array(NCART_ALL);

/** Global index of the component (lx, ly, lz). */
export function cartIndex(lx: number, ly: number, lz: number): number {
  const L = lx + ly + lz;
  const a = L - lx;
  return CART_OFFSET[L]! + (a * (a + 1)) / 2 + lz;
}

(function buildTables(): void {
  for (let L = 0; L <= TABLE_MAX_L; L++) {
    for (let lx = L; lx >= 0; lx--) {
      for (let ly = L - lx; ly >= 0; ly--) {
        const lz = L - lx - ly;
        const g = cartIndex(lx, ly, lz);
        const pw = [lx, ly, lz];
        CART_POWERS[3 * g] = lx;
        CART_POWERS[3 * g + 1] = ly;
        CART_POWERS[3 * g + 2] = lz;
        let best = -1;
        for (let i = 0; i < 3; i++) {
          const down = pw.slice();
          down[i]!--;
          CART_MINUS[i * NCART_ALL + g] = pw[i]! > 0 ? cartIndex(down[0]!, down[1]!, down[2]!) : -1;
          const up = pw.slice();
          up[i]!++;
          CART_PLUS[i * NCART_ALL + g] = L < TABLE_MAX_L ? cartIndex(up[0]!, up[1]!, up[2]!) : -1;
          if (pw[i]! > 0 && (best < 0 || pw[i]! > pw[best]!)) best = i;
        }
        CART_BUILD_DIR[g] = best;
      }
    }
  }
})();
