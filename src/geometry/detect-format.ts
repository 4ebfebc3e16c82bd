/**
 * Telling the format of a geometry text: from the file name's extension when it has a known one,
 * else from the content.
 */
import { InvalidInputError } from '../errors';
import { isAtomLine } from './parse-xyz';
import { elementBySymbol } from './elements';
import type { GeometryFormat } from './types';

const BY_EXTENSION: ReadonlyMap<string, GeometryFormat> = new Map([
  ['xyz', 'xyz'],
  ['zmat', 'zmat'],
  ['zmt', 'zmat'],
  ['gzmat', 'zmat'],
  ['mol', 'molfile'],
  ['sdf', 'molfile'],
  ['sd', 'molfile'],
  ['pdb', 'pdb'],
  ['ent', 'pdb'],
  ['json', 'qcschema'],
]);

/**
 * The format of a geometry text. A known extension of `filename` decides (`.xyz`, `.zmat`/`.zmt`,
 * `.mol`/`.sdf`, `.pdb`/`.ent`, `.json`); otherwise the content does: JSON → `'qcschema'`,
 * ATOM/HETATM records → `'pdb'`, a V2000/V3000 counts line on line 4 → `'molfile'`, an atom
 * count or `symbol x y z` lines → `'xyz'`, a lone element symbol or a `charge multiplicity`
 * line → `'zmat'`.
 *
 * @param text the file contents.
 * @param filename the file name, if known.
 * @throws InvalidInputError when the content fits no format; pass `format` to {@link parse} then.
 * @example
 * ```ts
 * detectFormat('', 'water.sdf');               // 'molfile'
 * detectFormat('O\nH 1 0.96\nH 1 0.96 2 104.5'); // 'zmat'
 * ```
 */
export function detectFormat(text: string, filename?: string): GeometryFormat {
  const extension = /\.([A-Za-z0-9]+)$/.exec(filename ?? '')?.[1]?.toLowerCase();
  const known = extension !== undefined ? BY_EXTENSION.get(extension) : undefined;
  if (known !== undefined) return known;

  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) return 'qcschema';
  const lines = text.split(/\r\n|\r|\n/, 2000);
  if (lines.some((l) => /^(ATOM  |HETATM)/.test(l))) return 'pdb';
  if (/V[23]000\s*$/.test(lines[3] ?? '')) return 'molfile';
  const content = lines.filter((l) => l.trim() !== '' && !/^\s*[#!]/.test(l));
  const first = content[0]?.trim() ?? '';
  // Psi4 geometry input: fragment separators and directives make it a Z-matrix-style text.
  if (content.some((l) => /^\s*(--|(symmetry|no_?com|no_?reorient|units?)(\s.*)?)\s*$/i.test(l))) return 'zmat';
  if (/^\+?\d+$/.test(first)) return 'xyz';
  if (content.length > 0 && content.every(isAtomLine)) return 'xyz';
  const tokens = first.split(/\s+/);
  if (tokens.length === 2 && tokens.every((t) => /^[+-]?\d+$/.test(t))) return 'zmat';
  if (/^units\s/i.test(first)) return 'zmat';
  if (tokens.length === 1 && (elementBySymbol(tokens[0]!.replace(/[_\d].*$/, '')) !== undefined || /^x/i.test(tokens[0]!))) return 'zmat';
  throw new InvalidInputError(
    'cannot tell the geometry format from the content; name the file with its extension or pass format (xyz, zmat, molfile, pdb, qcschema)',
    { file: filename ?? '<input>', line: 1, field: 'format' },
  );
}
