/**
 * The bundled basis library: the Gaussian94 files in `data/basis/` and the manifest beside them
 * (`data/basis/manifest.json`, written by `scripts/build-basis-library.ts`), as PySCF and Psi4
 * ship their basis sets.
 *
 * This is the one file in `src/basis` that does IO, and the only IO it does is reading the
 * package's own data files with `fs`: the manifest on the first name lookup, and a basis file on
 * the first use of that basis set; both are cached for the life of the process, so loading the
 * package reads nothing. The folder is found relative to this module, `../../data/basis`, which
 * is the same place from `src/basis` (tsx) and from `dist/basis` (compiled CommonJS).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BasisNotFoundError } from '../errors';

/**
 * What a bundled basis set is for: `orbital` sets expand the molecular orbitals; `jkfit` sets
 * are auxiliary bases for density fitting of the Coulomb and exchange matrices.
 */
export type BasisRole = 'orbital' | 'jkfit';

/** Where a bundled basis file came from. */
export interface BasisSource {
  /** The package the file was copied from, byte for byte, and its path there. */
  readonly copiedFrom: string;
  /** Where that package took it from, as the file's header says. */
  readonly origin: string;
  /** The provenance lines of the file's header, verbatim (download stamps, merge notes). */
  readonly header: readonly string[];
}

/** One bundled basis set, as `data/basis/manifest.json` lists it. */
export interface LibraryEntry {
  /** Canonical name, as people usually write it: `6-31G*`, `cc-pVDZ`, `cc-pVDZ-JKFIT`. */
  readonly name: string;
  /** Other names it goes by (`6-31G(d)`); any spelling {@link normalizeBasisName} equates also works. */
  readonly aliases: readonly string[];
  /** What the basis set is for. */
  readonly role: BasisRole;
  /** The Gaussian94 file in `data/basis/` (`6-31gs.gbs`). */
  readonly file: string;
  /** One line on what the basis is. */
  readonly summary: string;
  /** The file's header: spherical or Cartesian functions by default (Psi4's `puream`). */
  readonly harmonics: 'spherical' | 'cartesian';
  /** Elements with basis functions, in order of atomic number. */
  readonly elements: readonly string[];
  /** Elements whose basis is meant for use with an effective core potential (refused by `load`). */
  readonly ecpElements: readonly string[];
  /** SHA-256 of the file, hex. */
  readonly sha256: string;
  /** Where the file came from. */
  readonly source: BasisSource;
}

/** The contents of `data/basis/manifest.json`. */
export interface LibraryManifest {
  /** A note that the file is generated, and by what. */
  readonly generatedBy: string;
  /** The bundled basis sets: orbital sets in the order `listBasisSets` shows them, then the rest. */
  readonly basisSets: readonly LibraryEntry[];
}

/** The folder holding the basis files and the manifest (`<package>/data/basis`). */
export const LIBRARY_DIR = path.join(__dirname, '..', '..', 'data', 'basis');

/** The manifest's file name inside {@link LIBRARY_DIR}. */
export const MANIFEST_FILE = 'manifest.json';

let entries: readonly LibraryEntry[] | undefined;
const texts = new Map<string, string>();

/** Reads one file of the library, or explains that the package's data folder is missing. */
function readLibraryFile(directory: string, file: string): string {
  const full = path.join(directory, file);
  try {
    return fs.readFileSync(full, 'utf8');
  } catch (e) {
    throw new BasisNotFoundError(
      `cannot read the bundled basis library file ${full} (${(e as Error).message}); ` +
        `the package's data/basis folder is missing or incomplete: reinstall roothaan.`,
    );
  }
}

/**
 * Reads and checks a manifest (uncached; {@link libraryEntries} is the cached one for the
 * package's own library). Throws {@link BasisNotFoundError} if the file is missing or is not a
 * manifest.
 *
 * @param directory - folder holding `manifest.json` (default: the package's `data/basis`)
 * @example
 * ```ts
 * readManifest().basisSets.length; // 36
 * ```
 */
export function readManifest(directory: string = LIBRARY_DIR): LibraryManifest {
  const text = readLibraryFile(directory, MANIFEST_FILE);
  let manifest: Partial<LibraryManifest> | null;
  try {
    manifest = JSON.parse(text) as Partial<LibraryManifest> | null;
  } catch {
    manifest = null;
  }
  if (manifest === null || typeof manifest !== 'object' || !Array.isArray(manifest.basisSets)) {
    throw new BasisNotFoundError(
      `${path.join(directory, MANIFEST_FILE)} is not a basis library manifest (no basisSets list); reinstall roothaan.`,
    );
  }
  return manifest as LibraryManifest;
}

/**
 * The bundled basis sets, read from the manifest on the first call and cached.
 *
 * @example
 * ```ts
 * libraryEntries().find((e) => e.name === 'cc-pVDZ')!.file; // 'cc-pvdz.gbs'
 * ```
 */
export function libraryEntries(): readonly LibraryEntry[] {
  entries ??= readManifest().basisSets;
  return entries;
}

/**
 * The Gaussian94 text of a bundled basis set, read from its file on the first call and cached.
 *
 * @example
 * ```ts
 * libraryText(libraryEntries()[0]!).split('\n')[0]; // 'spherical' (STO-3G's header)
 * ```
 */
export function libraryText(entry: LibraryEntry): string {
  let text = texts.get(entry.file);
  if (text === undefined) {
    text = readLibraryFile(LIBRARY_DIR, entry.file);
    texts.set(entry.file, text);
  }
  return text;
}
