/**
 * The index arithmetic of the packed unique-ERI layout (see `eri-store.ts`): small and free of
 * the integral engine, so the store's checkpoint writer thread can use it without loading it.
 *
 * @packageDocumentation
 */

/**
 * Number of values in the packed store: npair(npair+1)/2 with npair = nbf(nbf+1)/2.
 *
 * @param nbf number of basis functions
 * @example
 * ```ts
 * packedEriLength(7); // 406 (water / STO-3G)
 * ```
 */
export function packedEriLength(nbf: number): number {
  const npair = (nbf * (nbf + 1)) / 2;
  return (npair * (npair + 1)) / 2;
}

/**
 * Position of (ij|kl) in the packed store, for any order of the four indices.
 *
 * @example
 * ```ts
 * packedEriIndex(1, 0, 0, 0) === packedEriIndex(0, 0, 0, 1); // true
 * ```
 */
export function packedEriIndex(i: number, j: number, k: number, l: number): number {
  const ij = i >= j ? (i * (i + 1)) / 2 + j : (j * (j + 1)) / 2 + i;
  const kl = k >= l ? (k * (k + 1)) / 2 + l : (l * (l + 1)) / 2 + k;
  return ij >= kl ? (ij * (ij + 1)) / 2 + kl : (kl * (kl + 1)) / 2 + ij;
}
