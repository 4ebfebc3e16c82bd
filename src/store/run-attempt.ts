/**
 * One attempt of a job (internal): prepare the calculation, drive the SCF (`scf.drive`, the one
 * driver), hand every matrix and event to the attempt's checkpoint sink as it is produced, and
 * finish the attempt through the sink. A density's route: `scf.drive` → {@link runAttempt} →
 * `CheckpointSink.enqueue` → the writer thread (`sink/thread.ts`) → object store and fenced commit.
 *
 * @packageDocumentation
 */
import * as os from 'node:os';
import { FencedOutError, RoothaanError, ScfInterruptedError, StoreConflictError } from '../errors';
import type { NpyArray } from '../io';
import type { Matrix } from '../linalg';
import * as scf from '../scf';
import type { ScfControlChanges, ScfIteration, ScfResult } from '../scf';
import { stack, stackMatrices } from './checkpoints';
import { DEFAULT_MAX_ERI_CHECKPOINT_BYTES, ERI_FILE_BYTES, eriFiles } from './eri-checkpoints';
import type { JobEventInput } from './events';
import type { ValidatedJobInput } from './job-input';
import { coreHamiltonianKey, densityKey, fockKey, initialGuessKey, moCoefficientsKey, moEnergiesKey, moOccupationsKey, overlapKey } from './keys';
import { activeLeases } from './lease';
import type { ResumePoint } from './resume';
import type { CheckpointSink, EriBatch, RawObject } from './sink/sink';
import type { SinkOptions } from './sink/thread-sink';
import type { JobRow, JobStatus } from './tables';

/** Hooks and options of a job run. */
export interface RunHooks {
  /** Called with every SCF iteration record (after its checkpoints are queued); may return control changes. */
  onIteration?: (record: ScfIteration) => ScfControlChanges | void | Promise<ScfControlChanges | void>;
  /**
   * Stops the run at the next iteration: what was computed is committed and the job ends
   * `stopped` (resumable), with the `ScfInterruptedError` as the outcome's error.
   */
  signal?: AbortSignal;
  /** Called while the integrals are computed (phase and fraction done, after each batch). */
  onProgress?: (progress: scf.IntegralProgress) => void;
  /** Threads for the integrals and J/K (default: all cores). */
  threads?: number;
  /** J/K builder: 'stored', 'direct' or 'auto' (default). */
  jk?: 'auto' | 'stored' | 'direct';
  /** Write ERI checkpoints when the packed store is at most this many bytes (default 16 MiB; 0 = never). */
  maxEriCheckpointBytes?: number;
  /** The most one ERI checkpoint file holds (default 1 MiB; see `eri-checkpoints.ts`). */
  eriFileBytes?: number;
  /** Checkpoint sink settings (bytes the SCF may run ahead of the writer thread). */
  writer?: SinkOptions;
  /**
   * Called once the job row is recorded and this attempt holds it (for `runOnce`, as soon as the
   * writer thread has committed the submission, while the integrals or the SCF run), e.g. so the
   * CLI can print the job id and how to resume it before the run ends.
   */
  onJob?: (job: JobRow) => void;
}

/** What a run or resume ended with. */
export interface RunOutcome {
  jobId: string;
  /** `done` (converged), `failed` (error or not converged: resumable), or `stopped` (by a user or an abort signal: resumable). */
  status: JobStatus;
  /** The SCF result when the SCF finished (converged or not). */
  result?: ScfResult;
  /** The result with its analysis, molecule, parameters and basis (what `scf.runCalculation` returns), when the SCF finished. */
  calculation?: scf.CalculationResult;
  /** The error that failed, stopped or interrupted the run. */
  error?: Error;
  job: JobRow;
}

/** The attempt a run makes. */
export interface Attempt {
  jobId: string;
  /**
   * This attempt's number, as claimed. Known before the job row arrives: a row read back after the
   * claim may already show another process's later attempt (this process was frozen in between).
   */
  attempt: number;
  owner: string;
  /** Who runs it (for the `stop` event of an abort). */
  user: string;
  /** The job row after the claim; for a job recorded by this run, the sink's answer (it rejects when nothing could be recorded). */
  job: Promise<JobRow>;
  /** Whether this run recorded the job itself (so a failure to record it is thrown, not a `failed` outcome). */
  recordedHere: boolean;
}

/** The final orbitals' checkpoints (`<job>/orbitals/…`): C, orbital energies and occupations, one per spin stacked. */
function orbitalObjects(jobId: string, result: ScfResult): RawObject[] {
  return [
    raw(moCoefficientsKey(jobId), 'orbitals', result.iterations, result.moCoefficients),
    { key: moEnergiesKey(jobId), kind: 'orbitals', iteration: result.iterations, array: stack(result.orbitalEnergies, [result.orbitalEnergies[0]!.length]) },
    { key: moOccupationsKey(jobId), kind: 'orbitals', iteration: result.iterations, array: stack(result.occupations, [result.occupations[0]!.length]) },
  ];
}

const raw = (key: string, kind: RawObject['kind'], iteration: number | null, matrices: readonly Matrix[]): RawObject => ({ key, kind, iteration, array: stackMatrices(matrices) });

/** Wall time, CPU time (all threads) and peak resident memory of this process. */
function efficiency(wall0: number, cpu0: NodeJS.CpuUsage): { wall_time_s: number; cpu_time_s: number; peak_memory_bytes: number } {
  const cpu = process.cpuUsage(cpu0);
  return { wall_time_s: (performance.now() - wall0) / 1000, cpu_time_s: (cpu.user + cpu.system) / 1e6, peak_memory_bytes: process.resourceUsage().maxRSS * 1024 };
}

/** The event of an iteration record. */
function iterationEvent(r: ScfIteration): JobEventInput {
  return {
    kind: 'iteration',
    name: `iteration ${r.iteration}`,
    metadata: {
      energy: r.energy, electronic_energy: r.electronicEnergy, delta_e: r.deltaE, rms_delta_d: r.rmsDeltaD, diis_error: r.diisError,
      diis_vectors: r.diisVectors, accelerator: r.accelerator, level_shift: r.levelShift, converged: r.converged, timings_ms: { ...r.timings },
      ...(r.followStep !== undefined ? { follow_step: r.followStep } : {}),
      occupation: scf.occupationJson(r.occupation),
      damping: r.damping, step: r.step,
      ...(r.soscf !== undefined ? { soscf_micro_iterations: r.soscf.microIterations, soscf_residual: r.soscf.residual } : {}),
    },
  };
}

/**
 * The error of an attempt another process took over (it was frozen or cut off past its lease,
 * and the job was resumed elsewhere): nothing of this attempt is the job's outcome, so it is
 * thrown (one line; the CLI exits 1), never reported as the job's status.
 */
function ownedElsewhere(now: JobRow, mine: number): FencedOutError {
  const holder = now.lease_host !== null ? ` (process ${now.lease_pid ?? '?'} on ${now.lease_host})` : '';
  return new FencedOutError(
    now.id,
    `another process owns job ${now.id}: its attempt ${now.attempt}${holder} is ${now.status}; this attempt (${mine}) lost its lease and recorded nothing more`,
  );
}

/** `signal`, also aborted when the job this run records could not be recorded. */
function unlessRecorded(a: Attempt, signal: AbortSignal | undefined): AbortSignal | undefined {
  if (!a.recordedHere) return signal;
  const refused = new AbortController();
  a.job.catch(() => refused.abort());
  return signal === undefined ? refused.signal : AbortSignal.any([signal, refused.signal]);
}

/**
 * Runs one attempt to its end (see the module docs); `resume` continues from checkpoints. An
 * attempt fenced out by another process's attempt throws (see {@link ownedElsewhere}).
 */
export async function runAttempt(sink: CheckpointSink, a: Attempt, v: ValidatedJobInput, hooks: RunHooks, params = v.parameters, resume?: ResumePoint): Promise<RunOutcome> {
  const { jobId } = a;
  activeLeases.add(a.owner);
  // A rejection is observed below; onJob only reports (what it throws must not end the run).
  a.job.then((job) => { try { hooks.onJob?.(job); } catch { /* reporting only */ } }, () => undefined);
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  let prepared: scf.PreparedCalculation | undefined;
  let result: ScfResult | undefined;
  try {
    const { molecule, basis } = v;
    await sink.enqueue([], [
      { kind: 'geometry', name: molecule.formula, metadata: { atoms: molecule.atoms.length, charge: molecule.charge, multiplicity: molecule.multiplicity, nuclear_repulsion: molecule.nuclearRepulsionEnergy() } },
      { kind: 'basis', name: basis.name, metadata: { nbf: basis.nbf, nshell: basis.nshell, reference: v.reference } },
    ]);
    // Integrals: computed, or (resume) reused from checkpoints where present.
    const tInt = performance.now();
    const reuse = resume?.reuse ?? {};
    // Interruptible between ERI batches and iterations: the signal given, else the kernel's
    // Interrupt; and stopped as soon as a job this run was to record could not be (a permission
    // refused, a store that cannot be opened), since nothing of it would be kept.
    const signal = unlessRecorded(a, scf.defaultSignal(hooks.signal));
    prepared = await scf.prepareCalculationAsync(molecule, params, {
      ...(signal !== undefined ? { signal } : {}),
      ...(hooks.onProgress !== undefined ? { onProgress: hooks.onProgress } : {}),
      threads: hooks.threads,
      jk: hooks.jk,
      freeMemoryBytes: os.freemem(),
      reuse: { ...reuse, basis }, // the basis validation loaded: one load per job
    });
    const { problem } = prepared;
    const nbf = problem.overlap.rows;
    const objects: RawObject[] = [];
    if (reuse.overlap === undefined) objects.push(raw(overlapKey(jobId), 'overlap', null, [problem.overlap]));
    if (reuse.coreHamiltonian === undefined) objects.push(raw(coreHamiltonianKey(jobId), 'core-hamiltonian', null, [problem.coreHamiltonian]));
    const packed = problem.jk.packedEris;
    let eris: EriBatch | undefined;
    if (reuse.eris === undefined && packed !== undefined && 8 * packed.length <= (hooks.maxEriCheckpointBytes ?? DEFAULT_MAX_ERI_CHECKPOINT_BYTES)) {
      eris = { nbf, packed, fileBytes: hooks.eriFileBytes ?? ERI_FILE_BYTES };
    }
    const reloaded = { overlap: reuse.overlap !== undefined, core_hamiltonian: reuse.coreHamiltonian !== undefined, eris: reuse.eris !== undefined };
    const eriFileCount = eris === undefined ? 0 : eriFiles(nbf, eris.fileBytes).length;
    await sink.enqueue(objects, [{ kind: 'integrals', name: problem.jk.kind, metadata: { nbf, ms: performance.now() - tInt, eri_files: eriFileCount, reloaded } }], eris);

    // The SCF: the job's parameters (prepared.options), from the resume point or a fresh guess.
    const start = resume?.start;
    result = await scf.drive(prepared, {
      signal,
      ...(start !== undefined ? { options: { start } } : {}),
      onIteration: async (r) => {
        const batch = [raw(fockKey(jobId, r.iteration), 'fock', r.iteration, r.fock), raw(densityKey(jobId, r.iteration), 'density', r.iteration, r.density)];
        const events = [iterationEvent(r)];
        if (r.initialGuess !== undefined && r.initialDensity !== undefined) {
          batch.unshift(raw(initialGuessKey(jobId), 'initial-guess', 0, r.initialDensity));
          events.unshift({ kind: 'guess', name: r.initialGuess, metadata: { reference: v.reference } });
        }
        await sink.enqueue(batch, events);
        return hooks.onIteration?.(r);
      },
    });
    const analysis = scf.analyze(prepared, result);
    const calculation: scf.CalculationResult = { result, analysis, molecule: prepared.molecule, parameters: params, basis: { name: prepared.basis.name, nbf: prepared.basis.nbf }, ...(prepared.integrals !== undefined ? { integrals: prepared.integrals } : {}) };
    const { mulliken, lowdin, dipole, frontier } = analysis;
    await sink.enqueue(orbitalObjects(jobId, result), [
      { kind: 'analysis', name: 'charges and dipole', metadata: { mulliken: [...mulliken], lowdin: [...lowdin], dipole_debye: [...dipole.debye], homo: frontier.homo ?? null, lumo: frontier.lumo ?? null } },
    ]);
    await sink.flush();
    const figures = efficiency(wall0, cpu0);
    const status = result.converged ? 'done' : 'failed';
    const error = result.converged ? null : (result.diagnosis?.message ?? `SCF did not converge in ${result.iterations} iterations`);
    const summary = { energy: result.energy, iterations: result.iterations, converged: result.converged };
    const job = await sink.finish(status, { error, ...summary, ...figures }, {
      kind: 'complete',
      name: status,
      metadata: {
        ...summary,
        // Per spin (RHF one array, UHF α and β), hartree; for reports (`roothaan report`).
        orbital_energies: result.orbitalEnergies.map((e) => Array.from(e)),
        occupations: result.occupations.map((o) => Array.from(o)),
        ...(result.stability !== undefined ? { stability: scf.stabilityJson(result.stability) } : {}),
        ...figures,
        checkpoint_bytes: sink.bytesWritten,
        checkpoint_busy_ms: sink.busyMs,
      },
    });
    return { jobId, status, result, calculation, job, ...(error !== null ? { error: new RoothaanError('NOT_CONVERGED', error) } : {}) };
  } catch (err) {
    await sink.settle();
    // A job this run could not record (the store could not be opened, a group of another
    // user's): nothing was stored, so the reason is thrown rather than reported as an outcome.
    const claimed = await a.job.catch((why: unknown) => {
      if (a.recordedHere) throw why;
      return undefined;
    });
    const e = err instanceof Error ? err : new Error(String(err));
    const partial = result !== undefined ? { result } : {};
    if (e instanceof StoreConflictError) {
      // Fenced out: the job was stopped, deleted or taken over; this attempt changes nothing more.
      const now = await sink.job().catch(() => undefined);
      if (now !== undefined && now.attempt !== a.attempt) throw ownedElsewhere(now, a.attempt);
      return { jobId, status: now === undefined ? 'stopped' : now.status, error: e, job: now ?? claimed!, ...partial };
    }
    let job = claimed!;
    try {
      if (e instanceof ScfInterruptedError && sink.error === undefined) {
        // Aborted: everything computed is committed (the sink has settled), and the job stays resumable.
        const stopped = { by: a.user, reason: 'aborted', ...(e.lastIteration !== undefined ? { iteration: e.lastIteration.iteration } : {}) };
        job = await sink.finish('stopped', { error: `stopped: ${e.message}`, ...efficiency(wall0, cpu0) }, { kind: 'stop', name: 'stopped', metadata: stopped });
        return { jobId, status: 'stopped', error: e, job, ...partial };
      }
      const reason = `${e instanceof RoothaanError ? '' : `${e.name}: `}${e.message}`;
      job = await sink.finish('failed', { error: reason, ...efficiency(wall0, cpu0) }, { kind: 'error', name: e instanceof RoothaanError ? e.code : e.name, metadata: { message: e.message } });
    } catch {
      // The database is unreachable too: the job stays `running` with this process's lease; once
      // the process is gone (or the lease expired) it can be resumed.
      job = (await sink.job().catch(() => undefined)) ?? job;
    }
    return { jobId, status: 'failed', error: e, job, ...partial };
  } finally {
    sink.release();
    activeLeases.delete(a.owner);
    prepared?.dispose();
  }
}
