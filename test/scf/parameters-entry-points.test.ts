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
  readonly history: readonly { iteration: number; energy: number; diisVectors: number; levelShift: number; damping: number; accelerator: string }[];
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
    history: result.history.map(({ iteration, energy, diisVectors, levelShift, damping, accelerator }) => ({ iteration, energy, diisVectors, levelShift, damping, accelerator })),
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
const ENTRY_POINTS: Record<string, (params: Parameters) => Promise<Outcome>> = {
  'prepare + iterate': async (params) => {
    const prepared = scf.prepareCalculation(water, scf.parseScfParameters({ basis_set: 'STO-3G', ...params }), { threads: 1 });
    try {
      const it = scf.iterate(prepared);
      let step = it.next();
      while (scf.isIteration(step)) step = it.next();
      return outcomeOf(step.value, prepared.basis.nbf);
    } finally {
      prepared.dispose();
    }
  },
  runCalculation: async (params) => {
    const { result, basis } = scf.runCalculation(water, { basis_set: 'STO-3G', ...params }, { threads: 1 });
    return outcomeOf(result, basis.nbf);
  },
  'roothaan run --no-store': async (params) => {
    const run = await runCli(['run', waterFile, '--no-store', '--json', '--threads', '1', ...flagsFor(params)]);
    assert.ok(run.code === 0 || run.code === 2, `exit ${run.code}: ${run.stderr}`);
    const json = JSON.parse(run.stdout) as {
      nbf: number; iterations: number; converged: boolean; reference: string;
      orbital_energies: number[] | number[][]; occupations: number[] | number[][];
      history: { iteration: number; energy: number; diis_vectors: number; level_shift: number; damping: number; accelerator: string }[];
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
      history: json.history.map((h) => ({ iteration: h.iteration, energy: h.energy, diisVectors: h.diis_vectors, levelShift: h.level_shift, damping: h.damping, accelerator: h.accelerator })),
    };
  },
  'a stored job': async (params) => {
    const s = await jobStore();
    const input = { geometryText: waterXyz, filename: 'water.xyz', parameters: { basis_set: 'STO-3G', ...params } };
    return storedOutcome(await store.runJob(s, input, { threads: 1 }));
  },
  resume: async (params) => {
    const s = await jobStore();
    const input = { geometryText: waterXyz, filename: 'water.xyz', parameters: { basis_set: 'STO-3G', ...params } };
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
}

const maxDiis = (o: Outcome): number => Math.max(...o.history.map((h) => h.diisVectors));
const firstDiis = (o: Outcome): number => o.history.find((h) => h.diisVectors > 0)?.iteration ?? Infinity;
const lastEnergy = (o: Outcome): number => o.history[o.history.length - 1]!.energy;
const shifted = (o: Outcome): number => o.history.filter((h) => h.levelShift > 0).length;
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
      const base = await run(row.base);
      const variant = await run(row.variant);
      row.changed(base, variant);
    });
  }
}

test.after(async () => {
  if (opened !== undefined) await (await opened).close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test.run();
