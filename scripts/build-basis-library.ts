/**
 * Writes data/basis/manifest.json, the list of the bundled basis sets, from the Gaussian94 files
 * in data/basis/ (src/basis/library.ts reads both at run time). For each file it records the
 * canonical name and aliases, role (orbital or JKFIT auxiliary), a one-line summary, the header's
 * spherical/Cartesian choice, the elements covered and those needing an ECP, the file's SHA-256,
 * and where the file came from as its header says.
 *
 * Every file is parsed here, so a malformed file fails the build rather than a user's run; a
 * file without a line in BASIS_SETS, or a line without a file, is an error too. The output is a
 * function of the files alone (no dates, sorted lists), so test/basis/library.test.ts can check
 * the committed manifest against `manifestText()`.
 *
 * Usage: npx tsx scripts/build-basis-library.ts
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { parseGaussian94 } from '../src/basis/gaussian94';
import { normalizeBasisName } from '../src/basis/names';
import type { BasisRole, BasisSource, LibraryEntry, LibraryManifest } from '../src/basis/library';
import { elementBySymbol } from '../src/geometry';

/** The folder this script reads and writes: data/basis/ of the repository. */
export const DATA_DIR = path.resolve(__dirname, '..', 'data', 'basis');

/** Where every file in data/basis/ was copied from (byte for byte). */
const DISTRIBUTION = "Debian's psi4 1.3.2 package";

interface BasisSetLine {
  file: string;
  name: string;
  role: BasisRole;
  summary: string;
  aliases?: string[];
}

/**
 * The bundled basis sets: file, canonical name, role, one-line summary, other names. Orbital sets
 * come first, in the order `listBasisSets` shows them.
 */
const BASIS_SETS: readonly BasisSetLine[] = [
  { file: 'sto-3g.gbs', name: 'STO-3G', role: 'orbital', summary: 'minimal basis, each Slater orbital fitted by three Gaussians' },
  { file: '3-21g.gbs', name: '3-21G', role: 'orbital', summary: 'small split-valence double-zeta' },
  { file: '6-31g.gbs', name: '6-31G', role: 'orbital', summary: 'Pople split-valence double-zeta' },
  { file: '6-31gs.gbs', name: '6-31G*', role: 'orbital', summary: '6-31G with d functions on heavy atoms', aliases: ['6-31G(d)'] },
  { file: '6-31gss.gbs', name: '6-31G**', role: 'orbital', summary: '6-31G with d on heavy atoms and p on hydrogen', aliases: ['6-31G(d,p)'] },
  { file: '6-31pgs.gbs', name: '6-31+G*', role: 'orbital', summary: '6-31G* with diffuse sp functions on heavy atoms', aliases: ['6-31+G(d)'] },
  { file: '6-31pgss.gbs', name: '6-31+G**', role: 'orbital', summary: '6-31G** with diffuse sp functions on heavy atoms', aliases: ['6-31+G(d,p)'] },
  { file: '6-31ppgss.gbs', name: '6-31++G**', role: 'orbital', summary: '6-31G** with diffuse functions on all atoms', aliases: ['6-31++G(d,p)'] },
  { file: '6-311g.gbs', name: '6-311G', role: 'orbital', summary: 'Pople split-valence triple-zeta' },
  { file: '6-311gss.gbs', name: '6-311G**', role: 'orbital', summary: '6-311G with d on heavy atoms and p on hydrogen', aliases: ['6-311G(d,p)'] },
  { file: '6-311pgs.gbs', name: '6-311+G*', role: 'orbital', summary: '6-311G with d and diffuse sp functions on heavy atoms', aliases: ['6-311+G(d)'] },
  { file: '6-311pgss.gbs', name: '6-311+G**', role: 'orbital', summary: '6-311G** with diffuse sp functions on heavy atoms', aliases: ['6-311+G(d,p)'] },
  { file: '6-311ppgss.gbs', name: '6-311++G**', role: 'orbital', summary: '6-311G** with diffuse functions on all atoms', aliases: ['6-311++G(d,p)'] },
  { file: 'cc-pvdz.gbs', name: 'cc-pVDZ', role: 'orbital', summary: 'Dunning correlation-consistent polarised valence double-zeta' },
  { file: 'cc-pvtz.gbs', name: 'cc-pVTZ', role: 'orbital', summary: 'Dunning correlation-consistent polarised valence triple-zeta' },
  { file: 'cc-pvqz.gbs', name: 'cc-pVQZ', role: 'orbital', summary: 'Dunning correlation-consistent polarised valence quadruple-zeta' },
  { file: 'aug-cc-pvdz.gbs', name: 'aug-cc-pVDZ', role: 'orbital', summary: 'cc-pVDZ with diffuse functions' },
  { file: 'aug-cc-pvtz.gbs', name: 'aug-cc-pVTZ', role: 'orbital', summary: 'cc-pVTZ with diffuse functions' },
  { file: 'def2-svp.gbs', name: 'def2-SVP', role: 'orbital', summary: 'Karlsruhe split-valence polarised' },
  { file: 'def2-svpd.gbs', name: 'def2-SVPD', role: 'orbital', summary: 'def2-SVP with diffuse functions' },
  { file: 'def2-tzvp.gbs', name: 'def2-TZVP', role: 'orbital', summary: 'Karlsruhe valence triple-zeta polarised' },
  { file: 'def2-tzvpp.gbs', name: 'def2-TZVPP', role: 'orbital', summary: 'Karlsruhe valence triple-zeta doubly polarised' },
  { file: 'def2-qzvp.gbs', name: 'def2-QZVP', role: 'orbital', summary: 'Karlsruhe valence quadruple-zeta polarised' },
  { file: 'pcseg-1.gbs', name: 'pcseg-1', role: 'orbital', summary: 'Jensen segmented polarisation-consistent double-zeta' },

  { file: 'cc-pvdz-jkfit.gbs', name: 'cc-pVDZ-JKFIT', role: 'jkfit', summary: "Weigend's Coulomb and exchange fitting basis for cc-pVDZ (cc-pVTZ-JKFIT less its highest angular momentum)" },
  { file: 'cc-pvtz-jkfit.gbs', name: 'cc-pVTZ-JKFIT', role: 'jkfit', summary: "Weigend's Coulomb and exchange fitting basis for cc-pVTZ" },
  { file: 'cc-pvqz-jkfit.gbs', name: 'cc-pVQZ-JKFIT', role: 'jkfit', summary: "Weigend's Coulomb and exchange fitting basis for cc-pVQZ" },
  { file: 'aug-cc-pvdz-jkfit.gbs', name: 'aug-cc-pVDZ-JKFIT', role: 'jkfit', summary: 'cc-pVDZ-JKFIT plus one even-tempered diffuse function per angular momentum (for aug-cc-pVDZ; not reoptimised)' },
  { file: 'aug-cc-pvtz-jkfit.gbs', name: 'aug-cc-pVTZ-JKFIT', role: 'jkfit', summary: 'cc-pVTZ-JKFIT plus one even-tempered diffuse function per angular momentum (for aug-cc-pVTZ; not reoptimised)' },
  { file: 'heavy-aug-cc-pvdz-jkfit.gbs', name: 'heavy-aug-cc-pVDZ-JKFIT', role: 'jkfit', summary: 'cc-pVDZ-JKFIT on hydrogen, aug-cc-pVDZ-JKFIT on heavier atoms' },
  { file: 'heavy-aug-cc-pvtz-jkfit.gbs', name: 'heavy-aug-cc-pVTZ-JKFIT', role: 'jkfit', summary: 'cc-pVTZ-JKFIT on hydrogen, aug-cc-pVTZ-JKFIT on heavier atoms' },
  { file: 'def2-svp-jkfit.gbs', name: 'def2-SVP-JKFIT', role: 'jkfit', summary: "Weigend's universal Coulomb and exchange fitting basis for the def2 sets (every def2-*-JKFIT file has the same shells)" },
  { file: 'def2-tzvp-jkfit.gbs', name: 'def2-TZVP-JKFIT', role: 'jkfit', summary: "Weigend's universal Coulomb and exchange fitting basis for the def2 sets (every def2-*-JKFIT file has the same shells)" },
  { file: 'def2-tzvpp-jkfit.gbs', name: 'def2-TZVPP-JKFIT', role: 'jkfit', summary: "Weigend's universal Coulomb and exchange fitting basis for the def2 sets (every def2-*-JKFIT file has the same shells)" },
  { file: 'def2-qzvp-jkfit.gbs', name: 'def2-QZVP-JKFIT', role: 'jkfit', summary: "Weigend's universal Coulomb and exchange fitting basis for the def2 sets (every def2-*-JKFIT file has the same shells)" },
  { file: 'def2-qzvpp-jkfit.gbs', name: 'def2-QZVPP-JKFIT', role: 'jkfit', summary: "Weigend's universal Coulomb and exchange fitting basis for the def2 sets (every def2-*-JKFIT file has the same shells)" },
];

/**
 * Where Psi4 took a file from, recognised by a line of its header. Exactly one must match; the
 * matching header lines are recorded verbatim beside it.
 */
const ORIGINS: ReadonlyArray<{ marker: RegExp; origin: string }> = [
  {
    marker: /EMSL\s+Basis Set Exchange Library/,
    origin: 'the EMSL Basis Set Exchange (downloads dated in the header; references to the original publications there)',
  },
  {
    marker: /from MOLPRO weigend_jkfit/,
    origin:
      "Molpro's basis library (weigend_jkfit.libmol, 2010; the aug- sets from weigend_jkfit_aug.libmol); " +
      'F. Weigend, Phys. Chem. Chem. Phys. 4, 4285 (2002)',
  },
  {
    marker: /cosmologic\.de/,
    origin: 'the basis set pages of cosmologic.de (downloaded 03/17/14); F. Weigend, J. Comput. Chem. 29, 167 (2008)',
  },
];

/** Header lines that say where a file came from: download stamps, library names, merge notes. */
const PROVENANCE = /EMSL\s+Basis Set Exchange Library|from MOLPRO|obtained from|merged from/;

const byZ = (a: string, b: string): number => elementBySymbol(a)!.Z - elementBySymbol(b)!.Z;

/** The source record of a file: the distribution, the origin its header names, those lines. */
function sourceOf(file: string, text: string): BasisSource {
  const comments = text.split(/\r?\n/).filter((line) => line.startsWith('!')).map((line) => line.replace(/^!+\s*/, '').trim());
  const header = [...new Set(comments.filter((line) => PROVENANCE.test(line)).map((line) => line.replace(/\s+/g, ' ')))];
  const origins = ORIGINS.filter(({ marker }) => comments.some((line) => marker.test(line)));
  if (origins.length !== 1) {
    throw new Error(`${file}: expected one recognised origin in the header, found ${origins.length}; extend ORIGINS`);
  }
  return { copiedFrom: `${DISTRIBUTION}, /usr/share/psi4/basis/${file}`, origin: origins[0]!.origin, header };
}

/**
 * The manifest of the basis files in `directory`, built in memory.
 *
 * @param directory - folder of `.gbs` files (default: data/basis/)
 */
export function buildManifest(directory: string = DATA_DIR): LibraryManifest {
  const files = fs.readdirSync(directory).filter((f) => f.endsWith('.gbs')).sort();
  const listed = new Set(BASIS_SETS.map((b) => b.file));
  const unlisted = files.filter((f) => !listed.has(f));
  if (unlisted.length > 0) throw new Error(`no BASIS_SETS line for ${unlisted.join(', ')}: add a name, role and summary`);
  const missing = [...listed].filter((f) => !files.includes(f));
  if (missing.length > 0) throw new Error(`BASIS_SETS lists ${missing.join(', ')}, not in ${directory}`);

  const keys = new Map<string, string>();
  const basisSets = BASIS_SETS.map(({ file, name, role, summary, aliases = [] }): LibraryEntry => {
    for (const spelling of [name, ...aliases]) {
      const key = normalizeBasisName(spelling);
      const other = keys.get(key);
      if (other !== undefined && other !== name) throw new Error(`"${spelling}" (${name}) reads the same as ${other}`);
      keys.set(key, name);
    }
    const text = fs.readFileSync(path.join(directory, file), 'utf8');
    const parsed = parseGaussian94(text, { filename: file });
    if (parsed.harmonics === undefined) throw new Error(`${file} has no spherical/cartesian header`);
    return {
      name,
      aliases,
      role,
      file,
      summary,
      harmonics: parsed.harmonics,
      elements: [...parsed.elements.keys()].sort(byZ),
      ecpElements: [...parsed.ecp.keys()].sort(byZ),
      sha256: createHash('sha256').update(text).digest('hex'),
      source: sourceOf(file, text),
    };
  });
  return { generatedBy: 'scripts/build-basis-library.ts from the .gbs files in this folder; do not edit', basisSets };
}

/** JSON with two-space indents, except that arrays of strings stay on one line. */
function formatJson(value: unknown, indent = ''): string {
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item === 'string')) return `[${value.map((item) => JSON.stringify(item)).join(', ')}]`;
    return `[\n${value.map((item) => inner + formatJson(item, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value).map(([key, item]) => `${inner}${JSON.stringify(key)}: ${formatJson(item, inner)}`);
    return `{\n${fields.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

/**
 * The text of manifest.json for the basis files in `directory`: what this script writes.
 *
 * @param directory - folder of `.gbs` files (default: data/basis/)
 */
export function manifestText(directory: string = DATA_DIR): string {
  return formatJson(buildManifest(directory)) + '\n';
}

if (require.main === module) {
  const text = manifestText();
  const out = path.join(DATA_DIR, 'manifest.json');
  fs.writeFileSync(out, text);
  for (const entry of (JSON.parse(text) as LibraryManifest).basisSets) {
    console.log(
      `${entry.name.padEnd(24)} ${entry.role.padEnd(7)} ${entry.file.padEnd(28)} ${String(entry.elements.length).padStart(3)} elements, ` +
        entry.harmonics + (entry.ecpElements.length ? `, ECP for ${entry.ecpElements.length}` : ''),
    );
  }
  console.log(`wrote ${path.relative(process.cwd(), out) || out}`);
}
