import { createHash } from 'node:crypto';
import * as basis from '../basis';
import type { BasisSet } from '../basis';
import { InvalidInputError } from '../errors';
import * as geometry from '../geometry';
import type { Submission } from './lifecycle';
import type { JobRow } from './tables';
import { checkFilename, checkGroupReference, jobName } from './names';
import { checkStabilityReference, parseScfParameters, resolveReference, withChargeAndMultiplicity, withGhostParameter, type ScfParameters } from '../scf';
import { checkOccupationChoice, type OccupationChoiceInput } from '../scf/occupation-options';

/** What a job is asked to compute: a geometry file and SCF parameters. */
export interface JobInput {
  /** The geometry file's text (XYZ, Z-matrix, Molfile, PDB, QCSchema JSON). */
  geometryText: string;
  /** The file name (format detection, messages). */
  filename?: string;
  /** Force a geometry format instead of detecting it. */
  format?: geometry.GeometryFormat;
  /** Units of XYZ / Z-matrix coordinates when the text does not say (default ångström). */
  units?: geometry.LengthUnit;
  /** SCF parameters (data-model JSON): `basis_set` is required. */
  parameters: unknown;
  /** A name for the job (default: the file name). */
  name?: string;
  /** A group of the current user (id or name) to add the job to; created when missing. */
  group?: string;
}

/** A validated job input with the hashes that identify it. */
export interface ValidatedJobInput {
  readonly molecule: geometry.Molecule;
  readonly parameters: ScfParameters;
  readonly basis: BasisSet;
  readonly reference: 'rhf' | 'uhf' | 'rohf';
  /** SHA-256 of the molecule as computed (Z, positions in bohr, charge, multiplicity). */
  readonly geometrySha256: string;
  /** SHA-256 of the basis set as loaded (shells, exponents, normalised coefficients, pure flags). */
  readonly basisSha256: string;
  /** SHA-256 of the canonical JSON of the parameters, without `max_iteration`. */
  readonly parametersSha256: string;
}

/**
 * Validates a job's input without storing anything: parses the geometry, validates the
 * parameters (basis_set required), applies their charge and multiplicity, loads the basis on
 * the molecule and resolves the reference. Every problem is an InvalidInputError (or
 * BasisNotFoundError) naming the file and field.
 *
 * @example
 * ```ts
 * validateJobInput({ geometryText: xyz, filename: 'water.xyz', parameters: { basis_set: 'STO-3G' } }).basis.nbf; // 7
 * ```
 */
export function validateJobInput(input: Pick<JobInput, 'geometryText' | 'filename' | 'format' | 'units' | 'parameters'>): ValidatedJobInput {
  if (typeof input.geometryText !== 'string') throw new InvalidInputError('the geometry must be text', { field: 'geometry' });
  const parameters = parseScfParameters(input.parameters);
  if (parameters.basis_set === undefined) {
    throw new InvalidInputError('the parameter basis_set is required (e.g. "STO-3G")', { file: 'parameters', field: 'basis_set' });
  }
  const parsed = geometry.parse(input.geometryText, { filename: input.filename, format: input.format, units: input.units });
  const molecule = withChargeAndMultiplicity(withGhostParameter(parsed, parameters.ghost_atoms), parameters);
  const loaded = basis.loadAssigned(parameters.basis_set, parameters.basis_assign, molecule, parameters.puream !== undefined ? { pure: parameters.puream } : {});
  if (parameters.scf_type === 'df' || parameters.df_scf_guess === true) {
    // The auxiliary basis must cover every atom before anything is stored (errors name df_basis_scf).
    basis.loadAuxiliaryBasis(molecule, {
      orbital: parameters.basis_set,
      pure: loaded.nshell > 0 ? loaded.shellPure[0] === 1 : true,
      ...(parameters.df_basis_scf !== undefined ? { dfBasisScf: parameters.df_basis_scf } : {}),
    });
  }
  const reference = resolveReference(molecule, parameters.reference);
  checkStabilityReference(reference, parameters.stability_analysis, { file: 'parameters', field: 'stability_analysis' });
  // Occupations that do not add up to the electron count (or orbitals beyond the basis) store nothing.
  checkOccupationChoice(parameters as OccupationChoiceInput, { reference, nalpha: molecule.nalpha, nbeta: molecule.nbeta, nmo: loaded.nbf }, (key) => ({ file: 'parameters', field: key }));
  return {
    molecule,
    parameters,
    basis: loaded,
    reference,
    geometrySha256: moleculeSha256(molecule),
    basisSha256: basisSha256(loaded),
    parametersSha256: parametersSha256(parameters),
  };
}

/** A stored job's input validated again: its stored geometry file (`geometry.orig`) with the format, units and parameters of its row. @example `storedJobInput(job, text).basis.nbf // 7` */
export function storedJobInput(job: JobRow, geometryText: string): ValidatedJobInput {
  return validateJobInput({
    geometryText,
    ...(job.geometry_filename !== null ? { filename: job.geometry_filename } : {}),
    ...(job.geometry_format !== null ? { format: job.geometry_format as JobInput['format'] & string } : {}),
    ...(job.geometry_units === 'angstrom' || job.geometry_units === 'bohr' ? { units: job.geometry_units } : {}),
    parameters: job.parameters,
  });
}

/** SHA-256 (hex) of a molecule: atomic numbers, positions (bohr, exact), charge, multiplicity. */
function moleculeSha256(molecule: geometry.Molecule): string {
  const h = createHash('sha256');
  h.update(`charge=${molecule.charge};mult=${molecule.multiplicity};`);
  for (const a of molecule.atoms) h.update(`${a.Z}:${a.position.map((x) => x.toString()).join(',')};`);
  return h.digest('hex');
}

/** SHA-256 (hex) of a loaded basis set's numbers. */
export function basisSha256(b: BasisSet): string {
  const h = createHash('sha256');
  h.update(`nbf=${b.nbf};nshell=${b.nshell};`);
  for (const arr of [b.shellAtom, b.shellL, b.shellPure, b.shellNprim, b.exponents, b.coefficients]) {
    h.update(Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength));
  }
  return h.digest('hex');
}

/** SHA-256 (hex) of the parameters' canonical JSON (sorted keys), leaving out `max_iteration` (a resume may raise it). */
export function parametersSha256(p: ScfParameters): string {
  const { max_iteration: _ignored, ...rest } = p;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

/** JSON with object keys sorted, so equal values give equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Checks the names a job input gives the store (its name, its file name, its group) by the
 * rules of names.ts, the same on SQLite and PostgreSQL, before anything is computed or stored.
 *
 * @example
 * ```ts
 * checkJobNames({ filename: 'water.xyz', name: 'x'.repeat(300) }); // throws InvalidInputError: name: a job name must be 1–200 characters, got 300
 * ```
 */
export function checkJobNames(input: Pick<JobInput, 'name' | 'filename' | 'group'>): void {
  jobName(input.name, input.filename);
  checkFilename(input.filename);
  if (input.group !== undefined) checkGroupReference(input.group);
}

/**
 * The record `jobs.submit` writes for a validated input (`lifecycle.submit`), under the job id `id`.
 *
 * @example
 * ```ts
 * const input = { geometryText: xyz, filename: 'water.xyz', parameters: { basis_set: 'STO-3G' } };
 * submissionOf('3f1c2a9e-5b7d-4c1e-9a2b-0c4d6e8f1a2b', input, validateJobInput(input)).job.formula; // 'H2O'
 * ```
 */
export function submissionOf(id: string, input: JobInput, v: ValidatedJobInput): Submission {
  const filename = checkFilename(input.filename);
  const job: Submission['job'] = {
    id,
    name: jobName(input.name, input.filename),
    geometry_filename: filename,
    geometry_format: v.molecule.source?.format ?? input.format ?? null,
    geometry_units: input.units ?? null,
    formula: v.molecule.formula,
    basis_name: v.basis.name,
    nbf: v.basis.nbf,
    reference: v.reference,
    geometry_sha256: v.geometrySha256,
    basis_sha256: v.basisSha256,
    parameters_sha256: v.parametersSha256,
    parameters: v.parameters as Record<string, unknown>,
  };
  const geometryXyz = v.molecule.toXyz({ comment: `${v.molecule.formula} job ${id}` });
  return { job, geometryOrig: input.geometryText, geometryXyz, ...(input.group !== undefined ? { group: input.group } : {}) };
}
