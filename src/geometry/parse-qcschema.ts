/**
 * The QCSchema reader: a molecule object (`symbols`, `geometry` as a flat array of 3n numbers in
 * bohr, optional `molecular_charge`, `molecular_multiplicity`, `masses`), or a whole AtomicInput
 * that holds one under `molecule`. Errors name the line where the offending key stands.
 *
 * Reference: MolSSI QCSchema, https://molssi-qc-schema.readthedocs.io (Molecule schema).
 */
import { InvalidInputError } from '../errors';
import type { Molecule } from './molecule';
import { buildMolecule } from './build-molecule';
import type { FromFile, LocatedAtom } from './build-molecule';
import { MAX_ATOMS, MAX_COORDINATE } from './validation';
import { at, fileLabel, lineOf, readElement, splitLines } from './text-input';
import type { ParseOptions } from './types';

/**
 * Reads QCSchema molecule JSON (or an AtomicInput with a `molecule` key).
 *
 * @param text the JSON text.
 * @param options `filename` for messages, `charge` (e) and `multiplicity` (override
 *   `molecular_charge` and `molecular_multiplicity`). `units` does not apply: QCSchema is in bohr.
 * @throws InvalidInputError naming the file, line and field of the first problem found.
 * @example
 * ```ts
 * parseQcschema('{"symbols": ["He"], "geometry": [0, 0, 0]}').electronCount; // 2
 * ```
 */
export function parseQcschema(text: string, options: ParseOptions = {}): Molecule {
  const file = fileLabel(options.filename);
  splitLines(text, file); // refuses empty and binary input
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, '')); // a byte order mark is not JSON
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const position = /position (\d+)/.exec(message);
    const line = position ? lineOf(text, Number(position[1])) : undefined;
    throw new InvalidInputError(`this is not valid JSON (${message})`, at(file, line, 'JSON'));
  }
  const root = asObject(data);
  if (root === undefined) throw new InvalidInputError('expected a JSON object with "symbols" and "geometry"', at(file, 1, 'JSON'));
  const molecule = asObject(root['molecule']) ?? root;

  // The line where a key first appears, to point at it in messages.
  const keyLine = (key: string): number | undefined => {
    const index = text.indexOf(`"${key}"`);
    return index >= 0 ? lineOf(text, index) : undefined;
  };

  const symbols = molecule['symbols'];
  if (!Array.isArray(symbols) || symbols.length === 0) {
    throw new InvalidInputError('expected "symbols", a non-empty array of element symbols', at(file, keyLine('symbols') ?? 1, 'symbols'));
  }
  if (symbols.length > MAX_ATOMS) {
    throw new InvalidInputError(`${symbols.length} atoms is more than the limit of ${MAX_ATOMS}`, at(file, keyLine('symbols'), 'symbols'));
  }
  const raw = molecule['geometry'];
  const geometry = Array.isArray(raw) ? (raw as unknown[]).flat() : undefined;
  const geometryLine = keyLine('geometry') ?? 1;
  if (geometry === undefined || geometry.length !== 3 * symbols.length) {
    throw new InvalidInputError(
      `"geometry" must hold 3 numbers (bohr) per atom: ${3 * symbols.length} for the ${symbols.length} symbols, ` +
        `got ${geometry === undefined ? 'none' : geometry.length}`,
      at(file, geometryLine, 'geometry'),
    );
  }
  const masses = molecule['masses'];
  const real = molecule['real'];
  if (Array.isArray(real) && real.some((r) => r === false)) {
    throw new InvalidInputError('ghost atoms ("real": false) are not supported; remove them', at(file, keyLine('real'), 'real'));
  }

  const located: LocatedAtom[] = [];
  for (let i = 0; i < symbols.length; i++) {
    const symbol = symbols[i];
    const element = readElement(typeof symbol === 'string' ? symbol : String(symbol), at(file, keyLine('symbols'), `symbols[${i}]`));
    const position = [0, 1, 2].map((k) => {
      const value = geometry[3 * i + k];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new InvalidInputError(`geometry[${3 * i + k}] must be a finite number, got ${JSON.stringify(value)}`, at(file, geometryLine, `geometry[${3 * i + k}]`));
      }
      if (Math.abs(value) > MAX_COORDINATE) {
        throw new InvalidInputError(`geometry[${3 * i + k}] = ${value} is out of range: a coordinate may be at most ${MAX_COORDINATE} bohr in absolute value`, at(file, geometryLine, `geometry[${3 * i + k}]`));
      }
      return value;
    }) as [number, number, number];
    let mass = element.mass;
    if (Array.isArray(masses)) {
      const m = masses[i];
      if (typeof m !== 'number' || !(m > 0)) {
        throw new InvalidInputError(`masses[${i}] must be a positive number (Da), got ${JSON.stringify(m)}`, at(file, keyLine('masses'), `masses[${i}]`));
      }
      mass = m;
    }
    located.push({ atom: { symbol: element.symbol, Z: element.Z, mass, position } });
  }

  const fromFile = (key: string): FromFile | undefined => {
    const value = molecule[key];
    if (value === undefined || value === null) return undefined;
    const where = at(file, keyLine(key), key);
    if (typeof value !== 'number') throw new InvalidInputError(`"${key}" must be a number, got ${JSON.stringify(value)}`, where);
    return { value, where };
  };
  const charge = fromFile('molecular_charge');
  const multiplicity = fromFile('molecular_multiplicity');
  return buildMolecule(located, options, {
    format: 'qcschema',
    text,
    ...(charge ? { charge } : {}),
    ...(multiplicity ? { multiplicity } : {}),
  });
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
