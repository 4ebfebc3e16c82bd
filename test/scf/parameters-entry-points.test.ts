import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as scf from '../../src/scf';
import * as store from '../../src/store';
import { parse, type Molecule } from '../../src/geometry';
import { runCli } from '../cli/helpers';

/*
 * Every SCF parameter key, through every entry point, changes what runs.
 *
 * The table has one row per data-model key (SCF_PARAMETER_TABLE must have no key without a row)
 * and one column per entry point. A row runs a baseline and a variant that differs in its key,
 * and checks what the variant changed in the run's outcome (iteration count, DIIS vectors,
 * damping and level shift per iteration, reference, electrons, basis functions, …). Entry
 * points turn data-model parameters into a run their own way: prepare + iterate takes the
 * parsed parameters, runCalculation the raw object, the CLI the flags from the table
 * (`roothaan run --no-store --json`), a stored job the job's parameters (`store.runJob`, which
 * records them and runs the job through the store), and a resume the parameters the job was
 * submitted with: the job is interrupted after its first iteration and `store.resumeJob`
 * continues it, so what is checked there is iteration 2 onwards, run from the job's stored
 * parameters alone.
 */

const waterXyz = '3\nwater\nO 0 0 0.117\nH 0 0.757 -0.467\nH 0 -0.757 -0.467\n';
const water = parse(waterXyz, { format: 'xyz' });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-entry-points-'));
const waterFile = path.join(tmp, 'water.xyz');
fs.writeFileSync(waterFile, waterXyz);
/** A geometry every entry point runs: its XYZ text, the parsed molecule and a file of it. */
interface System { readonly xyz: string; readonly molecule: Molecule; readonly file: string; readonly filename: string }
const WATER: System = { xyz: waterXyz, molecule: water, file: waterFile, filename: 'water.xyz' };
// H2 at 2.5 Å: its spin-restricted UHF solution is unstable (stability rows).
const h2Xyz = '2\nH2 at 2.5 A\nH 0 0 0\nH 0 0 2.5\n';
const H2: System = { xyz: h2Xyz, molecule: parse(h2Xyz, { format: 'xyz' }), file: path.join(tmp, 'h2.xyz'), filename: 'h2.xyz' };
fs.writeFileSync(H2.file, h2Xyz);

/** What a run did, as every entry point can report it. */
interface Outcome {
  readonly nbf: number;
  /** Orbitals kept by the orthogonaliser (nbf − dropped). */
  readonly nmo: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly reference: string;
  readonly electrons: number;
  /** N_α − N_β. */
  readonly unpaired: number;
  readonly history: readonly { iteration: number; energy: number; diisVectors: number; levelShift: number; damping: number; step?: string; micro?: number; accelerator: string }[];
  /** With stability analysis on: what it did. */
  readonly stability?: { readonly followSteps: number; readonly stepScales: readonly number[]; readonly lowest: readonly number[]; readonly stillUnstable: boolean };
  /** Final occupation numbers per spin (RHF: one array). */
  readonly occupations: readonly (readonly number[])[];
  /** The occupation step of each iteration (aufbau, fixed, mom, imom, fermi). */
  readonly occupationMethods: readonly string[];
}

type Parameters = Record<string, unknown>;

function outcomeOf(result: scf.ScfResult, nbf: number): Outcome {
  const occ = result.occupations.map((o) => o.reduce((a, b) => a + b, 0));
  return {
    nbf,
    nmo: result.orbitalEnergies[0]!.length,
    iterations: result.iterations,
    converged: result.converged,
    reference: result.reference,
    electrons: occ.reduce((a, b) => a + b, 0),
    unpaired: occ.length === 2 ? occ[0]! - occ[1]! : 0,
    history: result.history.map(({ iteration, energy, diisVectors, levelShift, damping, step, soscf, accelerator }) => ({ iteration, energy, diisVectors, levelShift, damping, accelerator, step, micro: soscf?.microIterations ?? 0 })),
    ...(result.stability !== undefined && {
      stability: {
        followSteps: result.stability.followSteps,
        stepScales: result.stability.stepScales,
        lowest: result.stability.analyses.map((a) => a.lowest),
        stillUnstable: result.stability.stillUnstable,
      },
    }),
    occupations: result.occupations.map((o) => Array.from(o)),
    occupationMethods: result.history.map((h) => h.occupation.method),
  };
}

/** The `roothaan run` flags for data-model parameters, from the parameter table. */
function flagsFor(params: Parameters): string[] {
  const args: string[] = [];
  for (const spec of scf.SCF_PARAMETER_TABLE) {
    const [top, sub] = spec.key.split('.') as [string, string | undefined];
    const value = sub === undefined ? params[top] : (params[top] as Parameters | undefined)?.[sub];
    if (value === undefined) continue;
    if (typeof value === 'boolean') args.push(value ? `--${spec.flag}` : spec.offFlag !== undefined ? `--${spec.offFlag}` : `--no-${spec.flag}`);
    else if (Array.isArray(value)) args.push(`--${spec.flag}`, value.join(','));
    else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) args.push(`--${spec.flag}`, `${k}=${String(v)}`);
    else args.push(`--${spec.flag}`, String(value));
  }
  return args;
}

/** An embedded store (SQLite + directory) in the test's folder, opened once. */
let opened: Promise<store.Store> | undefined;
const jobStore = (): Promise<store.Store> => (opened ??= store.open({ home: path.join(tmp, 'store'), user: 'entry-points@localhost' }, {}));

/** The outcome of a stored job (or a resumed one). */
function storedOutcome(outcome: store.RunOutcome): Outcome {
  assert.ok(outcome.calculation !== undefined, `the job ${outcome.status}: ${outcome.error?.message}`);
  return outcomeOf(outcome.calculation!.result, outcome.calculation!.basis.nbf);
}

/** The entry points (columns). Each runs water with the parameters (basis STO-3G unless they say otherwise). */
const ENTRY_POINTS: Record<string, (params: Parameters, system: System) => Promise<Outcome>> = {
  'prepare + iterate': async (params, system) => {
    const prepared = scf.prepareCalculation(system.molecule, scf.parseScfParameters({ basis_set: 'STO-3G', ...params }), { threads: 1 });
    try {
      const it = scf.iterate(prepared);
      let step = it.next();
      while (scf.isIteration(step)) step = it.next();
      return outcomeOf(step.value, prepared.basis.nbf);
    } finally {
      prepared.dispose();
    }
  },
  runCalculation: async (params, system) => {
    const { result, basis } = scf.runCalculation(system.molecule, { basis_set: 'STO-3G', ...params }, { threads: 1 });
    return outcomeOf(result, basis.nbf);
  },
  'roothaan run --no-store': async (params, system) => {
    const run = await runCli(['run', system.file, '--no-store', '--json', '--threads', '1', ...flagsFor(params)]);
    assert.ok(run.code === 0 || run.code === 2, `exit ${run.code}: ${run.stderr}`);
    const json = JSON.parse(run.stdout) as {
      nbf: number; iterations: number; converged: boolean; reference: string;
      orbital_energies: number[] | number[][]; occupations: number[] | number[][];
      history: { iteration: number; energy: number; diis_vectors: number; level_shift: number; damping: number; step?: string; soscf_micro_iterations?: number; occupation: { method: string }; accelerator: string }[];
      stability?: { n_following_steps: number; rotation_step_scales: number[]; analyses: { lowest: number }[]; still_unstable_at_end: boolean };
    };
    const occ = (Array.isArray(json.occupations[0]) ? (json.occupations as number[][]) : [json.occupations as number[]]).map((o) => o.reduce((a, b) => a + b, 0));
    const energies = Array.isArray(json.orbital_energies[0]) ? (json.orbital_energies as number[][])[0]! : (json.orbital_energies as number[]);
    return {
      nbf: json.nbf,
      nmo: energies.length,
      iterations: json.iterations,
      converged: json.converged,
      reference: json.reference,
      electrons: occ.reduce((a, b) => a + b, 0),
      unpaired: occ.length === 2 ? occ[0]! - occ[1]! : 0,
      history: json.history.map((h) => ({ iteration: h.iteration, energy: h.energy, diisVectors: h.diis_vectors, levelShift: h.level_shift, damping: h.damping, accelerator: h.accelerator, step: h.step, micro: h.soscf_micro_iterations ?? 0 })),
      ...(json.stability !== undefined && {
        stability: {
          followSteps: json.stability.n_following_steps,
          stepScales: json.stability.rotation_step_scales,
          lowest: json.stability.analyses.map((a) => a.lowest),
          stillUnstable: json.stability.still_unstable_at_end,
        },
      }),
      occupations: Array.isArray(json.occupations[0]) ? (json.occupations as number[][]) : [json.occupations as number[]],
      occupationMethods: json.history.map((h) => h.occupation.method),
    };
  },
  'a stored job': async (params, system) => {
    const s = await jobStore();
    const input = { geometryText: system.xyz, filename: system.filename, parameters: { basis_set: 'STO-3G', ...params } };
    return storedOutcome(await store.runJob(s, input, { threads: 1 }));
  },
  resume: async (params, system) => {
    const s = await jobStore();
    const input = { geometryText: system.xyz, filename: system.filename, parameters: { basis_set: 'STO-3G', ...params } };
    const abort = new AbortController();
    const first = await store.runJob(s, input, { threads: 1, signal: abort.signal, onIteration: () => abort.abort() });
    assert.is(first.status, 'stopped');
    const resumed = await store.resumeJob(s, first.jobId, { threads: 1 });
    assert.is(resumed.calculation?.result.history[0]?.iteration, 2);
    return storedOutcome(resumed);
  },
};

/** One parameter key: a baseline, a variant differing in that key, and what the variant must change. */
interface Row {
  readonly key: scf.ScfParameterKey;
  readonly base: Parameters;
  readonly variant: Parameters;
  /** Throws (an assertion) unless the variant changed the run as the key says. */
  readonly changed: (base: Outcome, variant: Outcome) => void;
  /** The molecule (default water). */
  readonly system?: System;
}

const maxDiis = (o: Outcome): number => Math.max(...o.history.map((h) => h.diisVectors));
const firstDiis = (o: Outcome): number => o.history.find((h) => h.diisVectors > 0)?.iteration ?? Infinity;
const lastEnergy = (o: Outcome): number => o.history[o.history.length - 1]!.energy;
const shifted = (o: Outcome): number => o.history.filter((h) => h.levelShift > 0).length;
const soscfSteps = (o: Outcome): typeof o.history => o.history.filter((h) => h.step === 'soscf');
const firstSoscf = (o: Outcome): number => soscfSteps(o)[0]?.iteration ?? Infinity;
const micro = (o: Outcome): number[] => soscfSteps(o).map((h) => h.micro ?? 0);
const sum = (v: number[]): number => v.reduce((a, b) => a + b, 0);
const ran = (o: Outcome, accelerator: string): number => o.history.filter((h) => h.accelerator === accelerator).length;

const ROWS: Row[] = [
  { key: 'basis_set', base: {}, variant: { basis_set: 'cc-pVDZ' }, changed: (b, v) => { assert.is(b.nbf, 7); assert.is(v.nbf, 24); } },
  { key: 'max_iteration', base: {}, variant: { max_iteration: 3 }, changed: (b, v) => { assert.ok(b.iterations > 3); assert.is(v.iterations, 3); assert.not.ok(v.converged); } },
  { key: 'use_diis', base: {}, variant: { use_diis: false }, changed: (b, v) => { assert.ok(maxDiis(b) > 0); assert.is(maxDiis(v), 0); } },
  { key: 'reference', base: {}, variant: { reference: 'uhf' }, changed: (b, v) => { assert.is(b.reference, 'rhf'); assert.is(v.reference, 'uhf'); } },
  { key: 'charge', base: {}, variant: { charge: 1 }, changed: (b, v) => { assert.is(b.electrons, 10); assert.is(v.electrons, 9); } },
  { key: 'multiplicity', base: {}, variant: { multiplicity: 3 }, changed: (b, v) => { assert.is(b.unpaired, 0); assert.is(v.unpaired, 2); assert.is(v.electrons, 10); } },
  { key: 'guess', base: { guess: 'core' }, variant: { guess: 'gwh' }, changed: (b, v) => assert.is.not(v.history[0]!.energy, b.history[0]!.energy) },
  {
    key: 'convergence.energy',
    base: { convergence: { density: 1 } },
    variant: { convergence: { density: 1, energy: 1e-3 } },
    changed: (b, v) => assert.ok(v.iterations < b.iterations, `${v.iterations} < ${b.iterations}`),
  },
  {
    key: 'convergence.density',
    base: { convergence: { energy: 1 } },
    variant: { convergence: { energy: 1, density: 1e-2 } },
    changed: (b, v) => assert.ok(v.iterations < b.iterations, `${v.iterations} < ${b.iterations}`),
  },
  {
    key: 'damping',
    base: {},
    variant: { damping: 0.5 },
    changed: (b, v) => {
      assert.ok(b.history.every((h) => h.damping === 0));
      assert.ok(v.history.every((h) => h.damping === 0.5));
      assert.is.not(v.history[1]!.energy, b.history[1]!.energy);
    },
  },
  { key: 'level_shift', base: {}, variant: { level_shift: 0.5 }, changed: (b, v) => { assert.is(shifted(b), 0); assert.is(v.history[0]!.levelShift, 0.5); } },
  {
    key: 'level_shift_cutoff',
    base: { level_shift: 0.5 },
    variant: { level_shift: 0.5, level_shift_cutoff: 1e-5 },
    changed: (b, v) => assert.ok(shifted(v) > shifted(b), `shifted in ${shifted(v)} iterations, not only ${shifted(b)}`),
  },
  { key: 'diis_size', base: { guess: 'core' }, variant: { guess: 'core', diis_size: 2 }, changed: (b, v) => { assert.ok(maxDiis(b) > 2); assert.is(maxDiis(v), 2); } },
  { key: 'diis_start', base: {}, variant: { diis_start: 4 }, changed: (b, v) => { assert.is(firstDiis(b), 2); assert.is(firstDiis(v), 4); } },
  { key: 'puream', base: { basis_set: 'cc-pVDZ' }, variant: { basis_set: 'cc-pVDZ', puream: false }, changed: (b, v) => { assert.is(b.nbf, 24); assert.is(v.nbf, 25); } },
  {
    key: 's_tolerance',
    // aug-cc-pVDZ water: the smallest eigenvalue of S is 2.7e-3.
    base: { basis_set: 'aug-cc-pVDZ' },
    variant: { basis_set: 'aug-cc-pVDZ', s_tolerance: 1e-2 },
    changed: (b, v) => { assert.is(b.nmo, b.nbf); assert.ok(v.nmo < v.nbf, `${v.nbf - v.nmo} functions dropped`); },
  },
  // Density fitting moves the energy by its fitting error (~1e-5–1e-3 Eh); another auxiliary set moves it again.
  { key: 'scf_type', base: {}, variant: { scf_type: 'df' }, changed: (b, v) => assert.ok(Math.abs(lastEnergy(v) - lastEnergy(b)) > 1e-7, `${lastEnergy(v)} vs ${lastEnergy(b)}`) },
  {
    key: 'df_basis_scf',
    base: { scf_type: 'df' },
    variant: { scf_type: 'df', df_basis_scf: 'cc-pVDZ-JKFIT' }, // def2-QZVPP-JKFIT is def2-SVP-JKFIT's functions for H and O (the universal set)
    changed: (b, v) => assert.ok(Math.abs(lastEnergy(v) - lastEnergy(b)) > 1e-9, `${lastEnergy(v)} vs ${lastEnergy(b)}`),
  },
  // df_scf_guess: the first iterations are density-fitted (another energy), the last is exact (the same one).
  {
    key: 'df_scf_guess',
    base: {},
    variant: { df_scf_guess: true },
    changed: (b, v) => {
      assert.ok(Math.abs(v.history[0]!.energy - b.history[0]!.energy) > 1e-7, `${v.history[0]!.energy} vs ${b.history[0]!.energy}`);
      assert.ok(Math.abs(lastEnergy(v) - lastEnergy(b)) < 1e-9, `${lastEnergy(v)} vs ${lastEnergy(b)}`);
    },
  },
  // H2 at 2.5 Å, STO-3G, UHF: the first solution is the restricted one (−0.70294 Eh, lowest UHF
  // Hessian eigenvalue −0.51091 Eh); following reaches the broken-symmetry one (−0.93387 Eh).
  {
    key: 'stability_analysis',
    system: H2,
    base: { reference: 'uhf' },
    variant: { reference: 'uhf', stability_analysis: 'follow' },
    changed: (b, v) => {
      assert.is(b.stability, undefined);
      assert.is(v.stability?.followSteps, 1);
      assert.ok(v.stability!.lowest[0]! < -0.5 && v.stability!.lowest[1]! > 0, `${v.stability!.lowest}`);
      assert.ok(lastEnergy(v) < lastEnergy(b) - 0.2, `${lastEnergy(v)} vs ${lastEnergy(b)}`);
    },
  },
  {
    key: 'follow_step_scale',
    system: H2,
    base: { reference: 'uhf', stability_analysis: 'follow' },
    variant: { reference: 'uhf', stability_analysis: 'follow', follow_step_scale: 0.05 },
    // A small step falls back into the restricted solution: still unstable after one attempt.
    changed: (b, v) => {
      assert.equal(b.stability?.stepScales, [0.5]);
      assert.equal(v.stability?.stepScales, [0.05]);
      assert.ok(!b.stability!.stillUnstable && v.stability!.stillUnstable);
    },
  },
  {
    key: 'max_attempts',
    system: H2,
    base: { reference: 'uhf', stability_analysis: 'follow', follow_step_scale: 0.05 },
    variant: { reference: 'uhf', stability_analysis: 'follow', follow_step_scale: 0.05, max_attempts: 3 },
    // The second attempt takes Psi4's larger step (0.05 + 0.2) and reaches the lower solution.
    changed: (b, v) => {
      assert.is(b.stability?.followSteps, 1);
      assert.is(v.stability?.followSteps, 2);
      assert.ok(Math.abs(v.stability!.stepScales[1]! - 0.25) < 1e-15);
      assert.ok(b.stability!.stillUnstable && !v.stability!.stillUnstable);
    },
  },
  // Water STO-3G has 7 orbitals, 5 doubly occupied; 0-3,5 (or the MOM swap 5→6) is the double excitation HOMO→LUMO, −73.8465 Eh.
  {
    key: 'occupations',
    base: {},
    variant: { occupations: '0-3,5' },
    changed: (b, v) => {
      assert.equal(b.occupations, [[2, 2, 2, 2, 2, 0, 0]]);
      assert.equal(v.occupations, [[2, 2, 2, 2, 0, 2, 0]]);
      assert.ok(b.occupationMethods.every((m) => m === 'aufbau') && v.occupationMethods.every((m) => m === 'fixed'));
      assert.ok(lastEnergy(v) > lastEnergy(b) + 1, `${lastEnergy(v)} vs ${lastEnergy(b)}`);
    },
  },
  {
    key: 'mom',
    base: {},
    variant: { mom: 'start=3;occ=5;vir=6' },
    changed: (b, v) => {
      assert.equal(v.occupations, [[2, 2, 2, 2, 0, 2, 0]]);
      const at = (i: number): string | undefined => v.occupationMethods[v.history.findIndex((h) => h.iteration === i)];
      assert.is(at(2), 'aufbau');
      assert.is(at(4), 'imom');
      assert.ok(lastEnergy(v) > lastEnergy(b) + 1, `${lastEnergy(v)} vs ${lastEnergy(b)}`);
    },
  },
  {
    key: 'smearing',
    base: {},
    variant: { smearing: 'fermi:100000' },
    changed: (b, v) => {
      assert.ok(v.occupationMethods.every((m) => m === 'fermi'));
      assert.ok(v.occupations[0]!.some((n) => n > 0.01 && n < 1.99), `${v.occupations[0]}`);
      assert.ok(Math.abs(v.electrons - 10) < 1e-9 && b.occupations[0]!.every((n) => n === 0 || n === 2));
    },
  },
  {
    key: 'frac',
    base: { reference: 'uhf' },
    variant: { reference: 'uhf', frac: 'start=2;occ=5;val=0.5' },
    changed: (b, v) => {
      assert.is(b.electrons, 10);
      assert.is(v.electrons, 9.5);
      assert.equal(v.occupations[0], [1, 1, 1, 1, 0.5, 0, 0]);
      assert.ok(v.history.every((h, i) => v.occupationMethods[i] === (h.iteration < 2 ? 'aufbau' : 'frac')));
    },
  },
  // Atom 3 in STO-3G alone changes nothing (7); adding H → cc-pVDZ moves atom 2 only, atom 3's own entry wins: O 5 + H 5 + H 1.
  { key: 'basis_assign', base: { basis_assign: { 3: 'sto-3g' } }, variant: { basis_assign: { H: 'cc-pVDZ', 3: 'sto-3g' } }, changed: (b, v) => { assert.is(b.nbf, 7); assert.is(v.nbf, 11); } },
  // O a ghost: its 5 functions stay, its 8 electrons and nucleus go (H2 in water's basis).
  { key: 'ghost_atoms', base: {}, variant: { ghost_atoms: [1] }, changed: (b, v) => { assert.is(b.electrons, 10); assert.is(v.electrons, 2); assert.is(v.nbf, 7); } },
  // Water STO-3G from SAD (measured): DIIS 8 iterations; with SOSCF 6 (SOSCF from iteration 3,
  // 2–3 micro-iterations each); starting at gradient 1e-5 SOSCF begins at 5; one micro-iteration
  // at most takes 13 iterations; a tight soscf_conv takes 4–5 micro-iterations per step.
  {
    key: 'soscf',
    base: {},
    variant: { soscf: true },
    changed: (b, v) => {
      assert.is(soscfSteps(b).length, 0);
      assert.ok(soscfSteps(v).length >= 2 && v.converged && v.iterations < b.iterations, `${v.iterations} vs ${b.iterations}`);
      assert.ok(soscfSteps(v).every((h) => h.diisVectors === 0 && (h.micro ?? 0) >= 1));
      assert.ok(Math.abs(lastEnergy(v) - lastEnergy(b)) < 1e-8);
    },
  },
  {
    key: 'soscf_start_convergence',
    base: { soscf: true },
    variant: { soscf: true, soscf_start_convergence: 1e-5 },
    changed: (b, v) => assert.ok(firstSoscf(v) > firstSoscf(b) && firstSoscf(v) < Infinity, `SOSCF from ${firstSoscf(v)}, not ${firstSoscf(b)}`),
  },
  {
    key: 'soscf_min_iter',
    base: { soscf: true },
    variant: { soscf: true, soscf_min_iter: 3 },
    changed: (b, v) => { assert.ok(Math.min(...micro(b)) < 3, `${micro(b)}`); assert.ok(micro(v).length > 0 && Math.min(...micro(v)) >= 3, `${micro(v)}`); },
  },
  {
    key: 'soscf_max_iter',
    base: { soscf: true },
    variant: { soscf: true, soscf_max_iter: 1 },
    changed: (b, v) => { assert.ok(Math.max(...micro(b)) > 1, `${micro(b)}`); assert.ok(micro(v).length > 0 && Math.max(...micro(v)) === 1, `${micro(v)}`); },
  },
  {
    key: 'soscf_conv',
    base: { soscf: true },
    variant: { soscf: true, soscf_conv: 1e-8 },
    changed: (b, v) => assert.ok(sum(micro(v)) / micro(v).length > sum(micro(b)) / micro(b).length, `micro-iterations ${micro(v)} vs ${micro(b)}`),
  },
  {
    key: 'scf_initial_accelerator',
    base: { guess: 'core' },
    variant: { guess: 'core', scf_initial_accelerator: 'ediis' },
    changed: (b, v) => {
      assert.ok(b.history.every((h) => h.accelerator === 'cdiis' || h.accelerator === 'none'));
      assert.ok(ran(v, 'ediis') + ran(v, 'ediis+cdiis') > 0, v.history.map((h) => h.accelerator).join(' '));
      assert.ok(Math.abs(lastEnergy(v) - lastEnergy(b)) < 1e-8); // the same state
    },
  },
  {
    key: 'scf_initial_start_diis_transition',
    base: { scf_initial_accelerator: 'adiis' },
    variant: { scf_initial_accelerator: 'adiis', scf_initial_start_diis_transition: 1e-3 },
    changed: (b, v) => assert.ok(ran(v, 'adiis') > ran(b, 'adiis'), `ADIIS alone in ${ran(v, 'adiis')} iterations, not only ${ran(b, 'adiis')}`),
  },
  {
    key: 'scf_initial_finish_diis_transition',
    base: { scf_initial_accelerator: 'adiis' },
    variant: { scf_initial_accelerator: 'adiis', scf_initial_finish_diis_transition: 1e-2 },
    changed: (b, v) => assert.ok(ran(v, 'cdiis') > ran(b, 'cdiis'), `CDIIS alone in ${ran(v, 'cdiis')} iterations, not only ${ran(b, 'cdiis')}`),
  },
];

test('every key of the parameter table has a row here', () => {
  assert.equal(ROWS.map((r) => r.key).sort(), scf.SCF_PARAMETER_TABLE.map((p) => p.key).sort());
});

for (const row of ROWS) {
  for (const [entry, run] of Object.entries(ENTRY_POINTS)) {
    test(`${row.key} changes what runs through ${entry}`, async () => {
      const base = await run(row.base, row.system ?? WATER);
      const variant = await run(row.variant, row.system ?? WATER);
      row.changed(base, variant);
    });
  }
}

test.after(async () => {
  if (opened !== undefined) await (await opened).close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test.run();
