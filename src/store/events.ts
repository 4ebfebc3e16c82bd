/**
 * Job events: one typed record per pipeline step and per SCF iteration, written by the job's
 * run (through its checkpoint sink) and by the lifecycle, read back by `jobs.events` and the
 * HTML job report (`notebook.jobReportPage`). One table of metadata per kind, so the writer and
 * the report cannot drift apart.
 *
 * @packageDocumentation
 */
import type { SlurmAttempt } from './slurm-attempt';

/** What each kind of event records in its `metadata` (energies in hartree, times as named). */
export interface JobEventMetadata {
  /** A job was recorded (attempt 0). */
  submit: { formula: string; basis: string; nbf: number; reference: string };
  /** An attempt began on a submitted job (`worker`: claimed by `runNextJob`). */
  start: { host: string; pid: number; worker?: boolean } & SlurmAttempt;
  /** An attempt began on a failed, stopped or abandoned job, after iteration `from_iteration`. */
  resume: { host: string; pid: number; from_iteration: number; eri_checkpoints: boolean; diis_vectors: number } & SlurmAttempt;
  /** Named by the formula; the nuclear repulsion energy in hartree. */
  geometry: { atoms: number; charge: number; multiplicity: number; nuclear_repulsion: number };
  /** Named by the basis set. */
  basis: { nbf: number; nshell: number; reference: string };
  /** Named by the J/K builder's kind; `ms` the set-up time; what a resume reloaded from checkpoints. */
  integrals: { nbf: number; ms: number; eri_files: number; reloaded: { overlap: boolean; core_hamiltonian: boolean; eris: boolean } };
  /** Named by the guess (`sad`, `core`, `gwh`). */
  guess: { reference: string };
  /** Named `iteration <n>`: the record's numbers (hartree; timings in ms). */
  iteration: {
    energy: number; electronic_energy: number; delta_e: number; rms_delta_d: number; diis_error: number; diis_vectors: number; level_shift: number;
    /** What produced the Fock matrix (`scf.AcceleratorUsed`); absent in events written before it was recorded. */
    accelerator?: string;
    converged: boolean; timings_ms: { fockMs: number; diagMs: number; totalMs: number };
    /** Which occupation step ran (aufbau, fixed, mom, imom, fermi) and what it found (occupied orbitals per spin, MOM overlap, Fermi level). */
    occupation?: Record<string, unknown>;
    /** The damping α and which step made the new density ('roothaan', 'diis', 'soscf'); SOSCF's micro-iterations and residual. */
    damping?: number; step?: string; soscf_micro_iterations?: number; soscf_residual?: number;
  };
  /** Charges (e) per atom, the dipole about the origin (debye), HOMO and LUMO (hartree). */
  analysis: { mulliken: number[]; lowdin: number[]; dipole_debye: number[]; homo: number | null; lumo: number | null };
  /** The SCF finished (named by the job's new status): orbital energies per spin (hartree), efficiency figures. */
  complete: {
    energy: number; iterations: number; converged: boolean; orbital_energies: number[][]; occupations: number[][];
    wall_time_s: number; cpu_time_s: number; peak_memory_bytes: number; checkpoint_bytes: number; checkpoint_busy_ms: number;
  };
  /** The attempt failed (named by the error's code). */
  error: { message: string };
  /** The job was stopped: by a user (`jobs stop`, `was` its status then) or by an abort signal after `iteration`. */
  stop: { by: string; was?: string; reason?: string; iteration?: number };
  /** The job's efficiency figures (seconds, bytes) were replaced by those of Slurm's accounting (`sacct`) for its task; named `sacct`. */
  efficiency: { source: 'sacct'; slurm_job_id: string; wall_time_s: number | null; cpu_time_s: number | null; peak_memory_bytes: number | null };
  /**
   * A resume skipped checkpoints that did not verify (`resume.ts`) and fell back: named `fallback`,
   * written with the attempt's `resume` event. `from_iteration` is the iteration it continued from,
   * `skipped` each object not used and why, `rebuilt` what was recomputed from the geometry.
   */
  resume_fallback: {
    from_iteration: number; newest_iteration: number; diis_restarted: boolean; rebuilt: string[]; fresh_start: boolean;
    skipped: Array<{ what: string; key: string; iteration?: number; reason: string }>;
  };
}

/** The kinds of events. */
export type JobEventKind = keyof JobEventMetadata;

/** An event to record: its kind, a short name and the kind's metadata. */
export type JobEventInput = { [K in JobEventKind]: { kind: K; name: string; metadata: JobEventMetadata[K] } }[JobEventKind];

/**
 * A number as it reads back: the store writes NaN and ±Infinity as `null` (JSON has no such
 * numbers; `tables.storedJson`). Events recorded by versions before 0.1.0's #18 fix may hold the
 * strings 'NaN', 'Infinity' or '-Infinity' instead.
 */
export type StoredNumber = number | null | 'NaN' | 'Infinity' | '-Infinity';

/**
 * Metadata as it reads back: every field optional (events recorded by older versions may lack
 * some), numbers possibly {@link StoredNumber} strings, other fields allowed.
 */
export type RecordedMetadata<M> = { readonly [P in keyof M]?: M[P] extends number ? StoredNumber : M[P] } & { readonly [key: string]: unknown };

/** A recorded event without its row ids: what the job report reads. Narrow on `kind` to type `metadata`. */
export type JobEventRecord = {
  [K in JobEventKind]: { attempt: number; kind: K; name: string; metadata: RecordedMetadata<JobEventMetadata[K]> | null; created_at: Date };
}[JobEventKind];

/**
 * A row of `job_events`, as `jobs.events` returns it.
 *
 * @example
 * ```ts
 * for (const e of await s.jobs.events(id)) if (e.kind === 'iteration') console.log(e.name, e.metadata?.energy);
 * ```
 */
export type JobEvent = JobEventRecord & { id: number; job_id: string };
