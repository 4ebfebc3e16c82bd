/**
 * The shape of one bundled basis set in the generated manifest (`library/manifest.ts`, written by
 * `scripts/build-basis-library.ts`). The Gaussian94 text of each basis lives in its own generated
 * module and is loaded only when that basis is first used.
 */
export interface LibraryEntry {
  /** Canonical name, as people usually write it: `6-31G*`, `cc-pVDZ`, `def2-SVP`. */
  readonly name: string;
  /** The `.gbs` file it was generated from (`6-31gs.gbs`). */
  readonly file: string;
  /** One line on what the basis is. */
  readonly summary: string;
  /** The file's header: spherical or Cartesian functions by default. */
  readonly harmonics: 'spherical' | 'cartesian';
  /** Elements with basis functions, in order of atomic number. */
  readonly elements: readonly string[];
  /** Elements whose basis is meant for use with an effective core potential (refused by `load`). */
  readonly ecpElements: readonly string[];
  /** The Gaussian94 text (loads the generated module on first call). */
  readonly text: () => string;
}
