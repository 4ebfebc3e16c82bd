/**
 * Reading a QCSchema `AtomicInput` (schema v1, `schema_name: "qcschema_input"`): the molecule,
 * the driver, the model and the keywords, validated with zod at the boundary. Errors name the
 * file, the line and the field path (`keywords.maxiter`, `model.method`).
 *
 * Reference: MolSSI QCSchema, https://molssi-qc-schema.readthedocs.io (AtomicInput); the models
 * of qcelemental 0.25 (`qcelemental.models.AtomicInput`), which refuse unknown top-level fields.
 *
 * @packageDocumentation
 */
import { z } from 'zod';
import { InvalidInputError, type ErrorLocation } from '../../errors';
import * as geometry from '../../geometry';
import { parseScfParameters, type ScfParameters } from '../../scf';
import { parametersFromKeywords } from './keywords';

/**
 * What `protocols.wavefunction` asks to keep (qcelemental's `WavefunctionProtocolEnum`).
 *
 * @example
 * ```ts
 * const keep: WavefunctionProtocol = 'orbitals_and_eigenvalues';
 * ```
 */
export type WavefunctionProtocol = 'all' | 'orbitals_and_eigenvalues' | 'return_results' | 'none';

/**
 * An AtomicInput as roothaan runs it: the molecule, the SCF parameters its model and keywords
 * give, and what it asks to be returned.
 *
 * @example
 * ```ts
 * const spec: AtomicInputSpec = parseAtomicInput(text, { filename: 'ai.json' });
 * spec.parameters.basis_set; // 'cc-pVDZ'
 * ```
 */
export interface AtomicInputSpec {
  /** The molecule (bohr), with the AtomicInput's charge and multiplicity. */
  readonly molecule: geometry.Molecule;
  /** The SCF parameters: `basis_set` from `model.basis`, the rest from `keywords` (Psi4 names). */
  readonly parameters: ScfParameters;
  /** Always 'energy' (the only driver roothaan has). */
  readonly driver: 'energy';
  /** The model as given (`method` is 'hf' or 'scf', any case). */
  readonly model: { readonly method: string; readonly basis: string };
  /** The keywords as given. */
  readonly keywords: Readonly<Record<string, unknown>>;
  /** The protocols, with qcelemental's defaults filled in. */
  readonly protocols: { readonly wavefunction: WavefunctionProtocol; readonly stdout: boolean };
  /** The input's `id`, if any. */
  readonly id: string | null;
  /** The input's `extras` (echoed in the result). */
  readonly extras: Readonly<Record<string, unknown>>;
  /** The whole AtomicInput as parsed JSON (for `FailedOperation.input_data`). */
  readonly input: Readonly<Record<string, unknown>>;
}

/**
 * Options of {@link parseAtomicInput}.
 *
 * @example
 * ```ts
 * const options: ParseAtomicInputOptions = { filename: 'ai.json' };
 * ```
 */
export interface ParseAtomicInputOptions {
  /** The file name for messages (default `<input>`). */
  filename?: string;
}

const DRIVERS = ['energy', 'gradient', 'hessian', 'properties'] as const;
const METHODS = ['hf', 'scf'];

const atomicInputSchema = z.strictObject({
  schema_name: z.string().regex(/^qc_?schema_input$/, 'must be "qcschema_input"').optional(),
  schema_version: z.literal(1, 'must be 1 (QCSchema v1)').optional(),
  id: z.string().nullable().optional(),
  molecule: z.looseObject({
    symbols: z.array(z.string()).min(1),
    geometry: z.array(z.union([z.number(), z.array(z.number())])),
    molecular_charge: z.number().nullable().optional(),
    molecular_multiplicity: z.number().int().min(1).nullable().optional(),
    real: z.array(z.boolean()).nullable().optional(),
    masses: z.array(z.number()).nullable().optional(),
  }),
  driver: z.enum(DRIVERS, `must be one of ${DRIVERS.join(', ')}`),
  model: z.strictObject({
    method: z.string().min(1),
    basis: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).nullable().optional(),
  }),
  keywords: z.record(z.string(), z.unknown()).optional(),
  protocols: z
    .strictObject({
      wavefunction: z.enum(['all', 'orbitals_and_eigenvalues', 'return_results', 'none']).optional(),
      stdout: z.boolean().optional(),
      error_correction: z.unknown().optional(),
      native_files: z.enum(['all', 'input', 'none']).optional(),
    })
    .optional(),
  extras: z.record(z.string(), z.unknown()).optional(),
  provenance: z.unknown().optional(),
});

/**
 * Whether a text is a QCSchema AtomicInput rather than a bare molecule: a JSON object whose
 * `schema_name` is `qcschema_input`, or that has `driver`, `model` or `keywords` beside its
 * `molecule`. Text that is not JSON is not one.
 *
 * @example
 * ```ts
 * isAtomicInput('{"schema_name": "qcschema_input", "molecule": {}}'); // true
 * isAtomicInput('{"symbols": ["He"], "geometry": [0, 0, 0]}');        // false
 * ```
 */
export function isAtomicInput(text: string): boolean {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (!trimmed.startsWith('{')) return false;
  let data: unknown;
  try {
    data = JSON.parse(trimmed);
  } catch {
    return false;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const root = data as Record<string, unknown>;
  if (typeof root['schema_name'] === 'string' && /^qc_?schema_input$/.test(root['schema_name'])) return true;
  return 'molecule' in root && ('driver' in root || 'model' in root || 'keywords' in root);
}

/**
 * Reads an AtomicInput: checks its shape with zod, refuses what roothaan does not compute
 * (`driver` other than `energy`, `model.method` other than `hf`/`scf`, a basis given as a
 * BasisSet object), reads the molecule (symbols, geometry in bohr, molecular_charge,
 * molecular_multiplicity, masses; ghost atoms, `real: false`, are refused: roothaan has none)
 * and maps the keywords (Psi4's names) onto SCF parameters. Every problem is one
 * {@link InvalidInputError} that names the file, line and field path.
 *
 * @param text the AtomicInput JSON.
 * @example
 * ```ts
 * const spec = parseAtomicInput(JSON.stringify({
 *   schema_name: 'qcschema_input', schema_version: 1, driver: 'energy',
 *   model: { method: 'hf', basis: 'cc-pVDZ' }, keywords: { maxiter: 5 },
 *   molecule: { symbols: ['He'], geometry: [0, 0, 0] },
 * }));
 * spec.parameters; // { basis_set: 'cc-pVDZ', max_iteration: 5 }
 * ```
 */
export function parseAtomicInput(text: string, options: ParseAtomicInputOptions = {}): AtomicInputSpec {
  const file = options.filename ?? '<input>';
  const source = text.replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const position = /position (\d+)/.exec(message);
    throw new InvalidInputError(`this is not valid JSON (${message})`, {
      file,
      ...(position ? { line: lineAt(source, Number(position[1])) } : {}),
      field: 'JSON',
    });
  }
  const where = (path: readonly PropertyKey[]): ErrorLocation => ({ file, line: lineOfPath(source, path), field: fieldPath(path) || '(root)' });
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InvalidInputError('an AtomicInput must be one JSON object', where([]));
  }
  const parsed = atomicInputSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    let path: PropertyKey[] = [...issue.path];
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      path = [...path, issue.keys[0]!];
      message = `unknown field (an AtomicInput of QCSchema v1 has no ${JSON.stringify(issue.keys[0])} here)`;
    } else if (issue.code === 'invalid_type') {
      message = issue.input === undefined ? 'is required' : `must be ${issue.expected === 'record' ? 'an object' : `a ${issue.expected}`}, got ${JSON.stringify(issue.input)}`;
    }
    throw new InvalidInputError(message, where(path));
  }
  const input = parsed.data;
  if (input.driver !== 'energy') {
    throw new InvalidInputError(`driver ${JSON.stringify(input.driver)} is not supported: roothaan computes Hartree–Fock energies (driver "energy")`, where(['driver']));
  }
  const method = input.model.method;
  if (!METHODS.includes(method.trim().toLowerCase())) {
    throw new InvalidInputError(`method ${JSON.stringify(method)} is not supported: roothaan computes Hartree–Fock (method "hf" or "scf")`, where(['model', 'method']));
  }
  const basisName = input.model.basis;
  if (basisName === undefined || basisName === null) {
    throw new InvalidInputError('a basis set is required (e.g. "cc-pVDZ")', where(['model', 'basis']));
  }
  if (typeof basisName !== 'string') {
    throw new InvalidInputError('a basis given as a QCSchema BasisSet object is not supported; give the basis set by name (e.g. "cc-pVDZ")', where(['model', 'basis']));
  }
  if (input.molecule.real?.some((r) => r === false)) {
    throw new InvalidInputError('ghost atoms ("real": false) are not supported: roothaan has no ghost atoms; remove them', where(['molecule', 'real']));
  }
  const keywords = input.keywords ?? {};
  const fromKeywords = parametersFromKeywords(keywords, (name) => where(['keywords', name]));
  const parameters = parseScfParameters({ ...fromKeywords, basis_set: basisName });
  // The molecule: the geometry reader takes it from the "molecule" key and names lines and fields.
  const molecule = geometry.parseQcschema(source, { filename: file });
  return {
    molecule,
    parameters,
    driver: 'energy',
    model: { method, basis: basisName },
    keywords,
    protocols: { wavefunction: input.protocols?.wavefunction ?? 'none', stdout: input.protocols?.stdout ?? true },
    id: input.id ?? null,
    extras: input.extras ?? {},
    input: data as Record<string, unknown>,
  };
}

/** `keywords.maxiter`, `molecule.symbols[2]`. */
function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out === '' ? '' : '.'}${String(p)}`;
  return out;
}

/** The line of the last key of a path, found key by key from the start of the text. */
function lineOfPath(text: string, path: readonly PropertyKey[]): number {
  let index = 0;
  let found = false;
  for (const p of path) {
    if (typeof p !== 'string') continue;
    const next = text.indexOf(JSON.stringify(p), index);
    if (next < 0) break;
    index = next;
    found = true;
  }
  return found ? lineAt(text, index) : 1;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
