/**
 * An SCF calculation as a QCSchema `AtomicResult` (schema v1, `schema_name: "qcschema_output"`):
 * the return energy, the properties, provenance and, when the protocols ask, the wavefunction.
 *
 * Reference: MolSSI QCSchema, https://molssi-qc-schema.readthedocs.io (AtomicResult,
 * AtomicResultProperties, WavefunctionProperties); qcelemental 0.25 `qcelemental.models.results`.
 *
 * @packageDocumentation
 */
import type { Matrix } from '../../linalg';
import type { CalculationResult } from '../../scf';
import type { AtomicInputSpec, WavefunctionProtocol } from './atomic-input';
import { toQcschemaBasis, type QcschemaBasisSet } from './basis-set';
import { toQcschemaMolecule, type QcschemaMolecule } from './molecule';
import { provenance as roothaanProvenance, type QcschemaProvenance } from './provenance';

/**
 * The `properties` of an AtomicResult that roothaan fills (energies in hartree, the dipole in
 * e·a₀ about the coordinate origin).
 *
 * @example
 * ```ts
 * const p: AtomicResultProperties = toAtomicResult(scf.runCalculation(water, { basis_set: 'STO-3G' })).properties;
 * p.scf_total_energy; // hartree
 * ```
 */
export interface AtomicResultProperties {
  readonly calcinfo_nbasis: number;
  readonly calcinfo_nmo: number;
  readonly calcinfo_nalpha: number;
  readonly calcinfo_nbeta: number;
  readonly calcinfo_natom: number;
  readonly nuclear_repulsion_energy: number;
  readonly return_energy: number;
  readonly scf_one_electron_energy: number;
  readonly scf_two_electron_energy: number;
  readonly scf_total_energy: number;
  readonly scf_iterations: number;
  /** e·a₀, about the origin of the coordinates. */
  readonly scf_dipole_moment: number[];
}

/**
 * The wavefunction of an AtomicResult (QCSchema `WavefunctionProperties`). Matrices are flat
 * arrays in row-major order, as the JSON schema (arrays of numbers) and qcelemental's
 * `reshape(nbf, -1)` read them: orbitals are nbf × nmo (element [μ, k] at μ·nmo + k; column k is
 * orbital k), in roothaan's (Psi4's) basis-function order and normalisation (see the README's
 * glossary). `scf_density_a` is the α
 * density (for RHF half of the total), `scf_occupations_a` the α occupations (1 or 0).
 *
 * @example
 * ```ts
 * const wfn: QcschemaWavefunction = toAtomicResult(scf.runCalculation(water, { basis_set: 'STO-3G' }), { wavefunction: 'orbitals_and_eigenvalues' }).wavefunction;
 * wfn.orbitals_a; // 'scf_orbitals_a'
 * ```
 */
export interface QcschemaWavefunction {
  readonly basis: QcschemaBasisSet;
  readonly restricted: boolean;
  readonly [field: string]: unknown;
}

/**
 * A QCSchema AtomicResult.
 *
 * @example
 * ```ts
 * const r: AtomicResult = toAtomicResult(scf.runCalculation(water, { basis_set: 'STO-3G' }));
 * r.return_result; // the energy, hartree
 * ```
 */
export interface AtomicResult {
  readonly schema_name: 'qcschema_output';
  readonly schema_version: 1;
  /** The input's id; absent when it had none (the JSON schema allows no null here). */
  readonly id?: string;
  readonly molecule: QcschemaMolecule;
  readonly driver: 'energy';
  readonly model: { readonly method: string; readonly basis: string };
  readonly keywords: Readonly<Record<string, unknown>>;
  readonly protocols: { readonly wavefunction: WavefunctionProtocol; readonly stdout: boolean };
  readonly extras: Record<string, unknown>;
  readonly provenance: QcschemaProvenance;
  readonly properties: AtomicResultProperties;
  /** Present when `protocols.wavefunction` is not 'none'. */
  readonly wavefunction?: QcschemaWavefunction;
  /** The total energy, hartree. */
  readonly return_result: number;
  /** The log, when one was given and `protocols.stdout` is true. */
  readonly stdout?: string;
  readonly native_files: Record<string, never>;
  /** Whether the SCF converged. */
  readonly success: boolean;
  /** Present when the SCF did not converge (`convergence_error`, with the diagnosis). */
  readonly error?: { readonly error_type: string; readonly error_message: string };
}

/**
 * Options of {@link toAtomicResult}.
 *
 * @example
 * ```ts
 * const options: ToAtomicResultOptions = { input: qcschema.parseAtomicInput(text), stdout: null, extras: { job_id: id } };
 * ```
 */
export interface ToAtomicResultOptions {
  /** The AtomicInput the calculation ran (its id, model, keywords, protocols and extras are echoed). */
  input?: AtomicInputSpec;
  /** The wavefunction to keep (default: the input's `protocols.wavefunction`, else 'none'). */
  wavefunction?: WavefunctionProtocol;
  /** The log, kept when `protocols.stdout` is true (default null). */
  stdout?: string | null;
  /** What wrote it (default `roothaan.io.qcschema.toAtomicResult`). */
  routine?: string;
  /** Added under `extras.roothaan` (e.g. a job id). */
  extras?: Record<string, unknown>;
}

/** The arrays each wavefunction protocol keeps (qcelemental's `_wavefunction_protocol`). */
const PROTOCOL_KEEPS: Record<Exclude<WavefunctionProtocol, 'none' | 'all'>, readonly string[]> = {
  orbitals_and_eigenvalues: ['orbitals', 'eigenvalues'],
  return_results: ['orbitals', 'density', 'fock', 'eigenvalues', 'occupations'],
};

/**
 * A calculation ({@link CalculationResult} of `scf.runCalculation`, `scf.driveCalculation` or a
 * store run) as a QCSchema AtomicResult. `success` is whether the SCF converged (a caller that
 * follows QCEngine writes a FailedOperation instead when it did not: see `toFailedOperation`).
 * The SCF parameters used are under `extras.roothaan.parameters`.
 *
 * @example
 * ```ts
 * const calculation = scf.runCalculation(water, { basis_set: 'STO-3G' });
 * const out = toAtomicResult(calculation, { wavefunction: 'orbitals_and_eigenvalues' });
 * out.properties.return_energy; // −74.942079928192 Eh (Crawford's geometry)
 * ```
 */
export function toAtomicResult(calculation: CalculationResult, options: ToAtomicResultOptions = {}): AtomicResult {
  const { result, analysis, molecule, parameters } = calculation;
  const input = options.input;
  const protocols = { wavefunction: options.wavefunction ?? input?.protocols.wavefunction ?? 'none', stdout: input?.protocols.stdout ?? true };
  const nmo = result.moCoefficients[0]!.cols;
  const properties: AtomicResultProperties = {
    calcinfo_nbasis: calculation.basis.nbf,
    calcinfo_nmo: nmo,
    calcinfo_nalpha: molecule.nalpha,
    calcinfo_nbeta: molecule.nbeta,
    calcinfo_natom: molecule.atoms.length,
    nuclear_repulsion_energy: result.nuclearRepulsion,
    return_energy: result.energy,
    scf_one_electron_energy: result.energyComponents.oneElectron,
    scf_two_electron_energy: result.energyComponents.twoElectron,
    scf_total_energy: result.energy,
    scf_iterations: result.iterations,
    scf_dipole_moment: [...analysis.dipole.au],
  };
  const stdout = protocols.stdout ? options.stdout : undefined;
  return {
    schema_name: 'qcschema_output',
    schema_version: 1,
    ...(input?.id != null ? { id: input.id } : {}),
    molecule: toQcschemaMolecule(molecule),
    driver: 'energy',
    model: input?.model ?? { method: 'hf', basis: calculation.basis.name },
    keywords: input?.keywords ?? {},
    protocols,
    extras: { ...input?.extras, roothaan: { parameters, reference: result.reference, converged: result.converged, ...options.extras } },
    provenance: roothaanProvenance(options.routine ?? 'roothaan.io.qcschema.toAtomicResult'),
    properties,
    ...(protocols.wavefunction !== 'none' ? { wavefunction: wavefunction(calculation, protocols.wavefunction) } : {}),
    return_result: result.energy,
    ...(stdout != null ? { stdout } : {}),
    native_files: {},
    success: result.converged,
    ...(result.converged ? {} : { error: { error_type: 'convergence_error', error_message: result.diagnosis?.message ?? `the SCF did not converge in ${result.iterations} iterations` } }),
  };
}

function wavefunction(calculation: CalculationResult, protocol: Exclude<WavefunctionProtocol, 'none'>): QcschemaWavefunction {
  const { result, molecule, parameters } = calculation;
  const restricted = result.reference === 'rhf';
  const spins = restricted ? (['a'] as const) : (['a', 'b'] as const);
  // RHF carries the total density and occupations 2/0; QCSchema wants the α ones.
  const perSpin = restricted ? 0.5 : 1;
  const arrays: Record<string, unknown> = {};
  spins.forEach((s, i) => {
    arrays[`scf_orbitals_${s}`] = flat(result.moCoefficients[i]!);
    arrays[`scf_eigenvalues_${s}`] = Array.from(result.orbitalEnergies[i]!);
    arrays[`scf_occupations_${s}`] = Array.from(result.occupations[i]!, (o) => o * perSpin);
    arrays[`scf_density_${s}`] = flat(result.densities[i]!, perSpin);
    arrays[`scf_fock_${s}`] = flat(result.fock[i]!);
  });
  const kinds = protocol === 'all' ? ['orbitals', 'density', 'fock', 'eigenvalues', 'occupations'] : PROTOCOL_KEEPS[protocol];
  const out: Record<string, unknown> = {
    basis: toQcschemaBasis(parameters.basis_set ?? calculation.basis.name, molecule, parameters.puream),
    restricted,
  };
  for (const kind of kinds) {
    for (const s of spins) {
      out[`${kind}_${s}`] = `scf_${kind}_${s}`;
      out[`scf_${kind}_${s}`] = arrays[`scf_${kind}_${s}`];
    }
  }
  return out as unknown as QcschemaWavefunction;
}

/** A matrix as a flat row-major array (roothaan's own layout), each element times `scale`. */
function flat(m: Matrix, scale = 1): number[] {
  return Array.from(m.data, (v) => v * scale);
}
