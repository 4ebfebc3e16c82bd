import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { InvalidInputError, RoothaanError, StoreConflictError } from '../errors';
import * as integrals from '../integrals';
import type { JKBuilder } from '../integrals';
import { orthogonalizer, type Matrix } from '../linalg';
import * as scf from '../scf';
import type { ScfControlChanges, ScfIteration, ScfOptions, ScfResult } from '../scf';
import { readObject, stackMatrices, unstackMatrices } from './checkpoints';
import type { StoreContext } from './context';
import type { JobEventInput } from './events';
import { claim as claimJob, claimNext, finish, type Claim } from './lifecycle';
import { WriterThread, writerThread, type SinkOptions } from './sink/thread-sink';
import type { CheckpointSink, RawObject } from './sink/sink';
import { checkpointFromRow, eventFromRow, tables } from './tables';
import { createPackedJK, DEFAULT_MAX_ERI_CHECKPOINT_BYTES, ERI_FILE_BYTES, eriFiles, eriTiles } from './eri-checkpoints';
import { resolveStoreConfig, type StoreConfig } from './config';
import { parametersSha256, submissionOf, validateJobInput, type JobInput, type ValidatedJobInput } from './job-input';
import { checkJobOwner, getJob } from './lifecycle';
import { coreHamiltonianKey, densityKey, fockKey, geometryOrigKey, initialGuessKey, overlapKey } from './keys';
import { activeLeases, leaseState } from './lease';
import { decodeNpy } from './npy';
import type { CheckpointRow, JobRow, JobStatus } from './tables';
import { storeContext, type Store } from './store';
import { CheckpointCorruptError, NotFoundError } from './store-errors';

/** Hooks and options of a job run. */
export interface RunHooks {
  /** Called with every SCF iteration record (after its checkpoints are queued); may return control changes. */
  onIteration?: (record: ScfIteration) => ScfControlChanges | void | Promise<ScfControlChanges | void>;
  /** Threads for the integrals and J/K (default: all cores). */
  threads?: number;
  /** J/K builder: 'stored', 'direct' or 'auto' (default). */
  jk?: 'auto' | 'stored' | 'direct';
  /** Write ERI checkpoints when the packed store is at most this many bytes (default 16 MiB; 0 = never). */
  maxEriCheckpointBytes?: number;
  /** The most one ERI checkpoint file holds (default 1 MiB; see `eri-checkpoints.ts`). */
  eriFileBytes?: number;
  /** Checkpoint writer settings (bytes the SCF may run ahead of the writer thread). */
  writer?: SinkOptions;
}

/** Options of {@link resumeJob}. */
export interface ResumeOptions extends RunHooks {
  /** Raise the iteration cap to this (it may not be lowered below the iterations already run). */
  maxIterations?: number;
  /** The parameters the caller expects; a resume refuses when they differ from the job's (apart from max_iteration). */
  parameters?: unknown;
}

/** What a run or resume ended with. */
export interface RunOutcome {
  jobId: string;
  /** `done` (converged), `failed` (error or not converged: resumable), or `stopped` (by a user). */
  status: JobStatus;
  /** The SCF result when the SCF finished (converged or not). */
  result?: ScfResult;
  /** The result with its analysis, molecule, parameters and basis (what `scf.runCalculation` returns), when the SCF finished. */
  calculation?: scf.CalculationResult;
  /** The error that failed or interrupted the run. */
  error?: Error;
  /** The job row after the run. */
  job: JobRow;
}

/**
 * Submits a job and runs it to the end in this process, checkpointing every matrix (see
 * {@link executeJob}). Invalid input throws and stores nothing; a failure during the run is a
 * result (`status: 'failed'`, `error`), and the job can be resumed.
 *
 * @example
 * ```ts
 * const { jobId, status, result } = await runJob(s, { geometryText, filename: 'water.xyz', parameters: { basis_set: 'STO-3G' } });
 * status; // 'done'; result.energy ≈ −74.9420799 Eh
 * ```
 */
export async function runJob(store: Store, input: JobInput, hooks: RunHooks = {}): Promise<RunOutcome> {
  const ctx = storeContext(store);
  const v = validateJobInput(input); // invalid input throws here and stores nothing
  return startAndRun(writerThread(ctx), input, v, hooks);
}

/**
 * Opens the store, submits a job, runs it to the end and closes the store, as `roothaan run`
 * does: {@link runJob} for a process that needs the store for this one job only. The input is
 * validated here (invalid input throws and stores nothing); everything else the store does
 * (opening the database with its migrations and login, recording the job, claiming it, the lease
 * heartbeat, every checkpoint and the result) happens on the store's writer thread, so this
 * thread starts the integrals at once and never loads the database client. A store that cannot
 * be opened, or a group of another user's, is thrown once the thread reports it (at the latest
 * when the SCF ends) and nothing is recorded.
 *
 * @example
 * ```ts
 * const { jobId, status, result } = await runOnce({}, { geometryText, filename: 'water.xyz', parameters: { basis_set: 'STO-3G' } });
 * ```
 */
export async function runOnce(
  config: StoreConfig,
  input: JobInput,
  hooks: RunHooks = {},
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<RunOutcome> {
  const resolved = resolveStoreConfig(config, env);
  const v = validateJobInput(input);
  const thread = new WriterThread(resolved, { prepare: true });
  try {
    return await startAndRun(thread, input, v, hooks);
  } finally {
    await thread.close();
  }
}

/** Records a validated job and runs its first attempt, both through the writer thread. */
function startAndRun(thread: WriterThread, input: JobInput, v: ValidatedJobInput, hooks: RunHooks): Promise<RunOutcome> {
  const jobId = randomUUID();
  const owner = randomUUID();
  const writer = thread.open(jobId, 1, hooks.writer);
  const recorded = writer.submit(submissionOf(jobId, input, v), owner);
  return runAttempt(writer, { jobId, attempt: 1, owner, job: recorded, recordedHere: true }, v, v.parameters as Record<string, unknown>, undefined, hooks);
}

/** Runs an attempt claimed on this thread; the writer thread keeps its lease alive. */
function runClaimed(ctx: StoreContext, claim: Claim, v: ValidatedJobInput, parameters: Record<string, unknown>, resume: ResumeState | undefined, hooks: RunHooks): Promise<RunOutcome> {
  const writer = writerThread(ctx).open(claim.job.id, claim.attempt, hooks.writer);
  writer.heartbeat().catch(() => undefined); // a failed thread fails the writer too
  const attempt: Attempt = { jobId: claim.job.id, attempt: claim.attempt, owner: claim.owner, job: Promise.resolve(claim.job), recordedHere: false };
  return runAttempt(writer, attempt, v, parameters, resume, hooks);
}

/**
 * Runs a submitted job: claims it (status `running`, attempt + 1, a lease with this host and
 * pid, refreshed by a heartbeat), writes overlap, core Hamiltonian, initial guess, the ERIs
 * (see `eri-checkpoints.ts`) and the Fock matrix and density of every iteration in the
 * background, records an event per step and per iteration, and ends `done` (converged) or
 * `failed` (not converged, or an error: its reason in `error`; checkpoints kept).
 *
 * @example
 * ```ts
 * const job = await s.jobs.submit(input);
 * const outcome = await executeJob(s, job.id, { onIteration: (r) => console.log(r.iteration, r.energy) });
 * ```
 */
export async function executeJob(store: Store, jobId: string, hooks: RunHooks = {}): Promise<RunOutcome> {
  const ctx = storeContext(store);
  writerThread(ctx);
  const job = await getJob(ctx.knex, jobId);
  checkJobOwner(ctx, job, 'run');
  if (job.status !== 'submitted') {
    throw new StoreConflictError(`job ${job.id} is ${job.status}; only a submitted job can be started (use \`roothaan resume\` for a failed or stopped one)`);
  }
  const validated = await revalidate(ctx, job);
  const claim = await claimJob(ctx, job, job.parameters, { kind: 'start' });
  return runClaimed(ctx, claim, validated, job.parameters, undefined, hooks);
}

/**
 * A worker's loop body: claims the oldest `submitted` job (the current user's, or anyone's with
 * `anyUser`) and runs it; returns undefined when there is none. On PostgreSQL the candidate row
 * is locked with `FOR UPDATE SKIP LOCKED`, so workers on many machines each take a different
 * job; on SQLite writers are serialised anyway. Either way the claim is one UPDATE that only
 * succeeds while the row is still `submitted`, so two workers can never both start one job.
 *
 * @example
 * ```ts
 * while ((await runNextJob(s, { threads: 4 })) !== undefined) {}
 * ```
 */
export async function runNextJob(store: Store, hooks: RunHooks & { anyUser?: boolean } = {}): Promise<RunOutcome | undefined> {
  const ctx = storeContext(store);
  const claim = await claimNext(ctx, hooks.anyUser === true);
  if (claim === undefined) return undefined;
  const { job } = claim;
  let validated: ValidatedJobInput;
  try {
    validated = await revalidate(ctx, job);
  } catch (err) {
    await finish(ctx.knex, job.id, claim.attempt, 'failed', { error: (err as Error).message }, { kind: 'error', name: (err as RoothaanError).code ?? 'Error', metadata: { message: (err as Error).message } });
    return { jobId: job.id, status: 'failed', error: err as Error, job: await getJob(ctx.knex, job.id) };
  }
  return runClaimed(ctx, claim, validated, job.parameters, undefined, hooks);
}

/**
 * Resumes a `failed` or `stopped` job, or a `running` one whose process is gone (same host:
 * its pid is dead; elsewhere: its lease expired), from its highest committed density (checksum
 * verified), with its own parameters (the iteration cap may be raised), the DIIS history rebuilt
 * from the committed Fock matrices and densities, and S, H and the ERIs reloaded from
 * checkpoints where present. Iteration numbers continue. Refuses (StoreConflictError,
 * CheckpointCorruptError) when the job is done, a live process holds it, a checksum does not
 * match, or the geometry, basis or parameters changed.
 *
 * @example
 * ```ts
 * const outcome = await resumeJob(s, jobId, { maxIterations: 100 });
 * outcome.status; // 'done'
 * ```
 */
export async function resumeJob(store: Store, jobId: string, options: ResumeOptions = {}): Promise<RunOutcome> {
  const ctx = storeContext(store);
  const job = await getJob(ctx.knex, jobId);
  checkJobOwner(ctx, job, 'resume');
  if (job.status === 'done') throw new StoreConflictError(`job ${job.id} is done (converged at iteration ${job.iterations ?? '?'}); there is nothing to resume`);
  if (job.status === 'running') {
    const lease = leaseState(job);
    if (lease.live) throw new StoreConflictError(`job ${job.id} is held by a live process (${lease.description}); stop it first or wait`);
  }
  // The job's own parameters; only the cap may change.
  if (parametersSha256(scf.parseScfParameters(job.parameters)) !== job.parameters_sha256) {
    throw new StoreConflictError(`job ${job.id}: its stored parameters no longer match their recorded hash; refusing to resume a changed job`);
  }
  if (options.parameters !== undefined) {
    const given = scf.parseScfParameters(options.parameters);
    if (parametersSha256(given) !== job.parameters_sha256) {
      throw new StoreConflictError(`job ${job.id}: the parameters differ from the job's (only max_iteration may change on resume); submit a new job instead`);
    }
  }
  const validated = await revalidate(ctx, job);
  const parameters: Record<string, unknown> = { ...job.parameters };
  const cap = (job.parameters.max_iteration as number | undefined) ?? scf.DEFAULT_SCF_PARAMETERS.max_iteration;
  const last = await lastDensityRow(ctx, job.id);
  const done = last?.iteration ?? 0;
  if (options.maxIterations !== undefined) {
    if (!Number.isInteger(options.maxIterations) || options.maxIterations < 1) {
      throw new InvalidInputError(`--max-iterations must be a positive integer, got ${options.maxIterations}`, { field: 'max_iteration' });
    }
    if (options.maxIterations <= done) {
      throw new InvalidInputError(`job ${job.id} has already run ${done} iterations; --max-iterations must be above that`, { field: 'max_iteration' });
    }
    parameters.max_iteration = options.maxIterations;
  } else if (cap <= done) {
    throw new InvalidInputError(
      `job ${job.id} stopped at its iteration cap (${done} of max_iteration ${cap}); resume with a higher cap, e.g. --max-iterations ${2 * cap}`,
      { field: 'max_iteration' },
    );
  }
  // Everything the resume needs is read and verified before the job is claimed.
  const state = await loadResumeState(ctx, job, validated, last);
  const claim = await claimJob(ctx, job, parameters, { kind: 'resume', from_iteration: done, eri_checkpoints: state.eris !== undefined, diis_vectors: state.diisState?.focks.length ?? 0 });
  return runClaimed(ctx, claim, validated, parameters, state, options);
}

/** The attempt a run makes: its job, number and lease owner, and the job row once it is recorded and claimed. */
interface Attempt {
  jobId: string;
  attempt: number;
  owner: string;
  /** The job row after the claim; for a job recorded by this run, the writer thread's answer (it rejects when nothing could be recorded). */
  job: Promise<JobRow>;
  /** Whether this run recorded the job itself (so a failure to record it is thrown, not a `failed` outcome). */
  recordedHere: boolean;
}

interface ResumeState {
  density: Matrix[];
  startIteration: number;
  previousEnergy: number;
  diisState?: scf.DiisState;
  overlap?: Matrix;
  coreHamiltonian?: Matrix;
  eris?: Float64Array;
  /** True when there is no committed density at all (start from a fresh guess). */
  fresh: boolean;
}

/** Re-reads the job's geometry (checksum verified) and checks that geometry, basis and parameters still hash the same. */
async function revalidate(ctx: StoreContext, job: JobRow): Promise<ValidatedJobInput> {
  const key = geometryOrigKey(job.id);
  const row = await tables.checkpoints(ctx.knex).where({ job_id: job.id, key }).first();
  if (row === undefined) throw new NotFoundError(`job ${job.id} has no committed geometry (${key}); it cannot run`);
  const text = (await readObject(ctx, checkpointFromRow(row))).toString('utf8');
  const v = validateJobInput({
    geometryText: text,
    ...(job.geometry_filename !== null ? { filename: job.geometry_filename } : {}),
    ...(job.geometry_format !== null ? { format: job.geometry_format as JobInput['format'] & string } : {}),
    ...(job.geometry_units === 'angstrom' || job.geometry_units === 'bohr' ? { units: job.geometry_units } : {}),
    parameters: job.parameters,
  });
  if (v.geometrySha256 !== job.geometry_sha256) throw new StoreConflictError(`job ${job.id}: the geometry changed since it was submitted; refusing to continue it`);
  if (job.basis_sha256 !== null && v.basisSha256 !== job.basis_sha256) {
    throw new StoreConflictError(`job ${job.id}: the basis set ${v.basis.name} is no longer the one the job was submitted with (the library changed); refusing to continue it`);
  }
  if (v.parametersSha256 !== job.parameters_sha256) throw new StoreConflictError(`job ${job.id}: the parameters changed since it was submitted; refusing to continue it`);
  return v;
}

async function readMatrices(ctx: StoreContext, row: CheckpointRow): Promise<Matrix[]> {
  return unstackMatrices(decodeNpy(await readObject(ctx, row), `the checkpoint '${row.key}'`), `the checkpoint '${row.key}'`);
}

async function lastDensityRow(ctx: StoreContext, jobId: string): Promise<CheckpointRow | undefined> {
  const r = await tables.checkpoints(ctx.knex).where({ job_id: jobId, kind: 'density' }).orderBy('iteration', 'desc').first();
  return r === undefined ? undefined : checkpointFromRow(r);
}

async function loadResumeState(ctx: StoreContext, job: JobRow, v: ValidatedJobInput, last: CheckpointRow | undefined): Promise<ResumeState> {
  const rows = (await tables.checkpoints(ctx.knex).where({ job_id: job.id })).map(checkpointFromRow);
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const nbf = v.basis.nbf;
  const nspin = v.reference === 'rhf' ? 1 : 2;
  const checkShape = (m: Matrix[], key: string): Matrix[] => {
    if (m.length !== nspin || m.some((x) => x.rows !== nbf || x.cols !== nbf)) {
      throw new CheckpointCorruptError(`the checkpoint '${key}' holds ${m.length}×${m[0]?.rows}×${m[0]?.cols}, expected ${nspin}×${nbf}×${nbf}; refusing to resume`);
    }
    return m;
  };
  const one = async (key: string): Promise<Matrix | undefined> => {
    const r = byKey.get(key);
    if (r === undefined) return undefined;
    const m = await readMatrices(ctx, r);
    if (m.length !== 1 || m[0]!.rows !== nbf || m[0]!.cols !== nbf) throw new CheckpointCorruptError(`the checkpoint '${key}' is not ${nbf}×${nbf}`);
    return m[0];
  };
  const overlap = await one(overlapKey(job.id));
  const coreHamiltonian = await one(coreHamiltonianKey(job.id));
  // ERIs: used only when the committed files tile the whole packed store (see eri-checkpoints.ts).
  let eris: Float64Array | undefined;
  const tiles = eriTiles(rows.filter((r) => r.kind === 'eri'), nbf);
  if (tiles !== undefined) {
    const packed = new Float64Array(integrals.packedEriLength(nbf));
    for (const { row, start, length } of tiles) {
      const a = decodeNpy(await readObject(ctx, row), `the checkpoint '${row.key}'`);
      if (a.data.length !== length) throw new CheckpointCorruptError(`the checkpoint '${row.key}' holds ${a.data.length} values, its row says ${length}`);
      packed.set(a.data, start);
    }
    eris = packed;
  }
  const base = {
    ...(overlap !== undefined ? { overlap } : {}),
    ...(coreHamiltonian !== undefined ? { coreHamiltonian } : {}),
    ...(eris !== undefined ? { eris } : {}),
  };
  const guessRow = byKey.get(initialGuessKey(job.id));
  if (last === undefined && guessRow === undefined) return { ...base, density: [], startIteration: 1, previousEnergy: NaN, fresh: true };
  const n = last?.iteration ?? 0;
  const densityAt = async (k: number): Promise<Matrix[] | undefined> => {
    const r = k === 0 ? guessRow : byKey.get(densityKey(job.id, k));
    return r === undefined ? undefined : checkShape(await readMatrices(ctx, r), r.key);
  };
  const density = (await densityAt(n))!;
  // The energy of iteration n, for the first ΔE.
  let previousEnergy = NaN;
  if (n > 0) {
    const row = await tables.events(ctx.knex).where({ job_id: job.id, kind: 'iteration', name: `iteration ${n}` }).orderBy('id', 'desc').first();
    const e = row === undefined ? undefined : eventFromRow(row);
    const energy = e?.kind === 'iteration' ? e.metadata?.energy : undefined;
    if (typeof energy === 'number' && Number.isFinite(energy)) previousEnergy = energy;
  }
  // Rebuild the DIIS history from F_k and D_{k−1} of the last diis_size iterations (exact: same inputs, same functions).
  let diisState: scf.DiisState | undefined;
  const params = v.parameters;
  if ((params.use_diis ?? true) && n > 0 && overlap !== undefined) {
    const size = params.diis_size ?? scf.DEFAULT_SCF_PARAMETERS.diis_size;
    const { X } = orthogonalizer(overlap, params.s_tolerance !== undefined ? { tolerance: params.s_tolerance } : {});
    let state = scf.emptyDiis();
    let complete = true;
    for (let k = Math.max(1, n - size + 1); k <= n && complete; k++) {
      const fr = byKey.get(fockKey(job.id, k));
      const Dprev = await densityAt(k - 1);
      if (fr === undefined || Dprev === undefined) {
        complete = false;
        break;
      }
      const F = checkShape(await readMatrices(ctx, fr), fr.key);
      const Dspin = v.reference === 'rhf' ? [{ rows: nbf, cols: nbf, data: Dprev[0]!.data.map((x) => 0.5 * x) }] : Dprev;
      const errors = F.map((f, s) => scf.orbitalGradient(f, Dspin[s]!, overlap, X));
      state = scf.diisPush(state, F, errors, size);
    }
    if (complete) diisState = state;
  }
  return { ...base, density, startIteration: n + 1, previousEnergy, ...(diisState !== undefined ? { diisState } : {}), fresh: false };
}

/** A matrix checkpoint before encoding (the writer thread encodes and hashes it). */
function rawMatrices(key: string, kind: RawObject['kind'], iteration: number | null, matrices: readonly Matrix[]): RawObject {
  return { key, kind, iteration, array: stackMatrices(matrices) };
}

function joinSpins(parts: readonly Matrix[]): Matrix[] {
  return parts.map((m) => ({ rows: m.rows, cols: m.cols, data: m.data }));
}

/** One attempt: build the problem, iterate, checkpoint, finish. */
async function runAttempt(
  writer: CheckpointSink,
  claim: Attempt,
  v: ValidatedJobInput,
  parameters: Record<string, unknown>,
  resume: ResumeState | undefined,
  hooks: RunHooks,
): Promise<RunOutcome> {
  const { jobId } = claim;
  activeLeases.add(claim.owner);
  // Everything the attempt stores (checkpoints, events, the lease heartbeat, the result) goes
  // through the store's writer thread, in order, while this thread computes.
  claim.job.catch(() => undefined); // observed below
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  let prepared: scf.PreparedCalculation | undefined;
  let result: ScfResult | undefined;
  try {
    const params = scf.parseScfParameters(parameters);
    const molecule = v.molecule;
    await writer.enqueue([], [{ kind: 'geometry', name: molecule.formula, metadata: { atoms: molecule.atoms.length, charge: molecule.charge, multiplicity: molecule.multiplicity, nuclear_repulsion: molecule.nuclearRepulsionEnergy() } }]);
    await writer.enqueue([], [{ kind: 'basis', name: v.basis.name, metadata: { nbf: v.basis.nbf, nshell: v.basis.nshell, reference: v.reference } }]);

    // Integrals: computed, or (resume) reloaded from checkpoints where present.
    const tInt = performance.now();
    const setupOptions = { ...(hooks.threads !== undefined ? { threads: hooks.threads } : {}), ...(hooks.jk !== undefined ? { jk: hooks.jk } : {}) };
    if (resume === undefined || resume.fresh) {
      prepared = scf.prepareCalculation(molecule, params, setupOptions);
    } else {
      prepared = prepareFromCheckpoints(v, resume, setupOptions);
    }
    const problem = prepared.problem;
    const integralObjects: RawObject[] = [];
    if (resume?.overlap === undefined) integralObjects.push(rawMatrices(overlapKey(jobId), 'overlap', null, [problem.overlap]));
    if (resume?.coreHamiltonian === undefined) integralObjects.push(rawMatrices(coreHamiltonianKey(jobId), 'core-hamiltonian', null, [problem.coreHamiltonian]));
    const packed = (problem.jk as { store?: { data: Float64Array } }).store?.data;
    const eriLimit = hooks.maxEriCheckpointBytes ?? DEFAULT_MAX_ERI_CHECKPOINT_BYTES;
    let eris: { nbf: number; packed: Float64Array; fileBytes: number } | undefined;
    let eriFileCount = 0;
    if (resume?.eris === undefined && packed !== undefined && problem.jk.kind === 'stored' && 8 * packed.length <= eriLimit) {
      const nbf = problem.overlap.rows;
      eris = { nbf, packed, fileBytes: hooks.eriFileBytes ?? ERI_FILE_BYTES };
      eriFileCount = eriFiles(nbf, eris.fileBytes).length;
    }
    await writer.enqueue(integralObjects, [
      {
        kind: 'integrals',
        name: problem.jk.kind,
        metadata: {
          nbf: problem.overlap.rows,
          ms: performance.now() - tInt,
          eri_files: eriFileCount,
          reloaded: { overlap: resume?.overlap !== undefined, core_hamiltonian: resume?.coreHamiltonian !== undefined, eris: resume?.eris !== undefined },
        },
      },
    ], eris);

    // The SCF options: the job's parameters, plus the resume state.
    const options: ScfOptions = { ...scf.scfOptionsFromParameters(params) };
    const reference = scf.resolveReference(problem, options.reference);
    if (resume === undefined || resume.fresh) {
      const guess = options.guess ?? (problem.sad ? 'sad' : 'core');
      const { X } = orthogonalizer(problem.overlap, options.orthogonalization);
      const D0 = scf.initialDensities(problem, reference, guess, X);
      options.initialDensity = D0;
      await writer.enqueue([rawMatrices(initialGuessKey(jobId), 'initial-guess', 0, joinSpins(D0))], [{ kind: 'guess', name: guess, metadata: { reference } }]);
    } else {
      options.initialDensity = resume.density;
      options.startIteration = resume.startIteration;
      if (Number.isFinite(resume.previousEnergy)) options.previousEnergy = resume.previousEnergy;
      if (resume.diisState !== undefined) options.diisState = resume.diisState;
    }

    const gen = scf.iterate(problem, options);
    let step = gen.next();
    while (!step.done) {
      const r = step.value;
      await writer.enqueue(
        [rawMatrices(fockKey(jobId, r.iteration), 'fock', r.iteration, r.fock), rawMatrices(densityKey(jobId, r.iteration), 'density', r.iteration, r.density)],
        [
          { kind: 'iteration', name: `iteration ${r.iteration}`, metadata: {
            energy: r.energy,
            electronic_energy: r.electronicEnergy,
            delta_e: r.deltaE,
            rms_delta_d: r.rmsDeltaD,
            diis_error: r.diisError,
            diis_vectors: r.diisVectors,
            level_shift: r.levelShift,
            converged: r.converged,
            timings_ms: r.timings,
          } },
        ],
      );
      const changes = await hooks.onIteration?.(r);
      // One turn of the event loop per iteration, so background writes progress while the SCF computes.
      await new Promise<void>((resolve) => setImmediate(resolve));
      step = gen.next(changes ?? undefined);
    }
    result = step.value;
    const analysis = scf.analyze(prepared, result);
    const calculation: scf.CalculationResult = {
      result,
      analysis,
      molecule: prepared.molecule,
      parameters: params,
      basis: { name: prepared.basis.name, nbf: prepared.basis.nbf },
    };
    await writer.enqueue([], [
      { kind: 'analysis', name: 'charges and dipole', metadata: {
        mulliken: [...analysis.mulliken],
        lowdin: [...analysis.lowdin],
        dipole_debye: [...analysis.dipole.debye],
        homo: analysis.frontier.homo ?? null,
        lumo: analysis.frontier.lumo ?? null,
      } },
    ]);
    await writer.flush();
    const figures = efficiency(wall0, cpu0);
    const status: JobStatus = result.converged ? 'done' : 'failed';
    const error = result.converged ? null : (result.diagnosis?.message ?? `SCF did not converge in ${result.iterations} iterations`);
    const job = await writer.finish(status, {
      error,
      energy: result.energy,
      iterations: result.iterations,
      converged: result.converged,
      ...figures,
    }, { kind: 'complete', name: status, metadata: {
      energy: result.energy,
      iterations: result.iterations,
      converged: result.converged,
      // Per spin (RHF one array, UHF α and β), hartree; for reports (`roothaan report`).
      orbital_energies: result.orbitalEnergies.map((e) => Array.from(e)),
      occupations: result.occupations.map((o) => Array.from(o)),
      ...figures,
      checkpoint_bytes: writer.bytesWritten,
      checkpoint_busy_ms: writer.busyMs,
    } });
    return { jobId, status, result, calculation, job, ...(error !== null ? { error: new RoothaanError('NOT_CONVERGED', error) } : {}) };
  } catch (err) {
    await writer.settle();
    // A job this run could not record (the store could not be opened, a group of another
    // user's): nothing was stored, so the reason is thrown rather than reported as an outcome.
    const claimed = await claim.job.catch((why: unknown) => {
      if (claim.recordedHere) throw why;
      return undefined;
    });
    const e = err instanceof Error ? err : new Error(String(err));
    if (e instanceof StoreConflictError) {
      // Fenced out: the job was stopped, deleted or taken over; this attempt changes nothing more.
      const now = await writer.job().catch(() => undefined);
      return { jobId, status: now === undefined ? 'stopped' : now.status, error: e, job: now ?? claimed!, ...(result !== undefined ? { result } : {}) };
    }
    const reason = `${e instanceof RoothaanError ? '' : `${e.name}: `}${e.message}`;
    let job = claimed!;
    try {
      job = await writer.finish('failed', { error: reason, ...efficiency(wall0, cpu0) }, { kind: 'error', name: e instanceof RoothaanError ? e.code : e.name, metadata: { message: e.message } });
    } catch {
      // The database is unreachable too: the job stays `running` with this process's lease; once
      // the process is gone (or the lease expired) it can be resumed.
      job = (await writer.job().catch(() => undefined)) ?? job;
    }
    return { jobId, status: 'failed', error: e, job, ...(result !== undefined ? { result } : {}) };
  } finally {
    writer.release();
    activeLeases.delete(claim.owner);
    prepared?.dispose();
  }
}

/** Wall time, CPU time (all threads) and peak resident memory of this process. */
function efficiency(wall0: number, cpu0: NodeJS.CpuUsage): { wall_time_s: number; cpu_time_s: number; peak_memory_bytes: number } {
  const cpu = process.cpuUsage(cpu0);
  return {
    wall_time_s: (performance.now() - wall0) / 1000,
    cpu_time_s: (cpu.user + cpu.system) / 1e6,
    peak_memory_bytes: process.resourceUsage().maxRSS * 1024,
  };
}

/** The problem of a resumed job, with S, H and the ERIs from checkpoints where present. */
function prepareFromCheckpoints(v: ValidatedJobInput, resume: ResumeState, options: { threads?: number; jk?: 'auto' | 'stored' | 'direct' }): scf.PreparedCalculation {
  const b = v.basis;
  const molecule = v.molecule;
  const S = resume.overlap ?? integrals.overlap(b);
  const H = resume.coreHamiltonian ?? integrals.coreHamiltonian(b, molecule);
  let jk: JKBuilder;
  if (resume.eris !== undefined) {
    jk = createPackedJK(b.nbf, resume.eris);
  } else {
    jk = scf.chooseJK(b, options).jk;
  }
  let disposed = false;
  return {
    problem: {
      overlap: S,
      coreHamiltonian: H,
      jk,
      nuclearRepulsion: molecule.nuclearRepulsionEnergy(),
      nalpha: molecule.nalpha,
      nbeta: molecule.nbeta,
    },
    molecule,
    basis: b,
    functionAtom: scf.functionAtoms(b.shellAtom, b.shellFirstFunction, b.nbf),
    dispose() {
      if (!disposed) {
        disposed = true;
        void jk.dispose?.();
      }
    },
  };
}
