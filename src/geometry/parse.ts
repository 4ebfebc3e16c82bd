/**
 * One entry point for every geometry format.
 */
import { InvalidInputError } from '../errors';
import type { Molecule } from './molecule';
import { detectFormat } from './detect-format';
import { parseXyz } from './parse-xyz';
import { parseZmatrix } from './parse-zmatrix';
import { parseMolfile } from './parse-molfile';
import { parsePdb } from './parse-pdb';
import { parseQcschema } from './parse-qcschema';
import { splitLines } from './text-input';
import type { GeometryFormat, ParseOptions } from './types';

const PARSERS: Readonly<Record<GeometryFormat, (text: string, options: ParseOptions) => Molecule>> = {
  xyz: parseXyz,
  zmat: parseZmatrix,
  molfile: parseMolfile,
  pdb: parsePdb,
  qcschema: parseQcschema,
};

/**
 * Reads a geometry in any supported format: `options.format` if given, else detected from the
 * file name's extension or the content (see {@link detectFormat}). The molecule keeps the text
 * as-is in `source`.
 *
 * @param text the file contents.
 * @param options `format` to force one, `filename` (for detection and messages), `units` of
 *   XYZ/Z-matrix lengths (default ångström), `charge` (e), `multiplicity` (2S + 1).
 * @throws InvalidInputError naming the file, line and field of the first problem found.
 * @example
 * ```ts
 * const water = parse('3\nwater\nO 0 0 0.117\nH 0 0.757 -0.467\nH 0 -0.757 -0.467\n');
 * water.formula;       // 'H2O'
 * water.source?.format; // 'xyz'
 * ```
 */
export function parse(text: string, options: ParseOptions = {}): Molecule {
  const file = options.filename ?? '<input>';
  if (options.format !== undefined && !Object.hasOwn(PARSERS, options.format)) {
    throw new InvalidInputError(
      `unknown format '${String(options.format)}'; use one of ${Object.keys(PARSERS).join(', ')}`,
      { file, field: 'format' },
    );
  }
  splitLines(text, file); // empty and binary input get the same message whatever the format
  const format = options.format ?? detectFormat(text, options.filename);
  return PARSERS[format](text, options);
}
