import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as scf from '../../src/scf';
import * as integrals from '../../src/integrals';
import { load } from '../../src/basis';
import { parse } from '../../src/geometry';
import { InvalidInputError, ScfInterruptedError } from '../../src/errors';

/*
 * The public contract other modules (the store, the CLI, the notebook) build on: a prepared
 * calculation carries its options, a start object resumes exactly, drive() stops on an abort,
 * and a packed ERI array can stand in for recomputed integrals.
 */

const water = parse('3\nwater\nO 0 0 0.117\nH 0 0.757 -0.467\nH 0 -0.757 -0.467\n', { format: 'xyz' });

test('iterate(prepared) runs with the options the parameters gave', () => {
  const prepared = scf.prepareCalculation(
    water,
    scf.parseScfParameters({ basis_set: 'cc-pVDZ', max_iteration: 3, use_diis: false, guess: 'core' }),
    { threads: 1 },
  );
  try {
    const records = [...scf.iterate(prepared)];
    assert.is(records.length, 3);
    assert.ok(records.every((r) => r.diisVectors === 0));
    const core = [...scf.iterate(prepared.problem, { guess: 'core', maxIterations: 1 })][0]!;
    assert.is(records[0]!.energy, core.energy);
    assert.is(scf.run(prepared, { maxIterations: 2 }).iterations, 2);
  } finally {
    prepared.dispose();
  }
});

test('a run resumed from a start object repeats the uninterrupted run exactly', () => {
  const prepared = scf.prepareCalculation(water, scf.parseScfParameters({ basis_set: 'STO-3G', guess: 'core' }), { threads: 1 });
  try {
    const full = [...scf.iterate(prepared)];
    const n = 4;
    const start: scf.ScfStart = {
      density: full[n - 1]!.density,
      iteration: n + 1,
      previousEnergy: full[n - 1]!.energy,
      diis: scf.diisFromHistory(
        prepared.problem.overlap,
        'rhf',
        full.slice(0, n).map((r, k) => ({ fock: r.fock, previousDensity: k === 0 ? r.initialDensity! : full[k - 1]!.density })),
      ),
    };
    const resumed = [...scf.iterate(prepared, { start })];
    assert.is(resumed[0]!.iteration, n + 1);
    assert.is(resumed.length, full.length - n);
    resumed.forEach((r, k) => {
      assert.is(r.energy, full[n + k]!.energy);
      assert.is(r.deltaE, full[n + k]!.deltaE);
      assert.is(r.diisVectors, full[n + k]!.diisVectors);
    });
  } finally {
    prepared.dispose();
  }
});

test('drive rejects with ScfInterruptedError within one iteration of an abort', async () => {
  const prepared = scf.prepareCalculation(water, scf.parseScfParameters({ basis_set: 'STO-3G' }), { threads: 1 });
  try {
    const controller = new AbortController();
    let seen = 0;
    try {
      await scf.drive(prepared, {
        signal: controller.signal,
        onIteration: (record) => {
          seen = record.iteration;
          if (record.iteration === 2) controller.abort();
        },
      });
      assert.unreachable('drive resolved');
    } catch (e) {
      assert.instance(e, ScfInterruptedError);
      assert.is((e as ScfInterruptedError).code, 'INTERRUPTED');
      assert.is((e as ScfInterruptedError).lastIteration?.iteration, 2);
    }
    assert.is(seen, 2);
    const result = await scf.drive(prepared, { onIteration: async (r) => (r.iteration === 1 ? { damping: 0.2 } : undefined) });
    assert.ok(result.converged);
    assert.is(result.history[1]!.damping, 0.2);
  } finally {
    prepared.dispose();
  }
});

test('the first record says which guess the run started from, and a run from a start names none', () => {
  const prepared = scf.prepareCalculation(water, scf.parseScfParameters({ basis_set: 'STO-3G', max_iteration: 2 }), { threads: 1 });
  try {
    const sad = [...scf.iterate(prepared)];
    assert.is(sad[0]!.initialGuess, 'sad');
    assert.is(sad[1]!.initialGuess, undefined);
    assert.is([...scf.iterate(prepared, { guess: 'core' })][0]!.initialGuess, 'core');
    const resumed = [...scf.iterate(prepared, { start: { density: sad[1]!.density, iteration: 3 }, maxIterations: 3 })];
    assert.is(resumed[0]!.initialGuess, undefined);
    assert.ok(resumed[0]!.initialDensity !== undefined);
  } finally {
    prepared.dispose();
  }
});

test('isIteration narrows a generator step to its record', () => {
  const it = scf.iterate(scf.prepareCalculation(water, { basis_set: 'STO-3G', max_iteration: 2 }, { threads: 1 }));
  let step = it.next();
  let count = 0;
  while (scf.isIteration(step)) {
    count++;
    step = it.next();
  }
  assert.is(count, 2);
  assert.is(step.value.iterations, 2);
});

test('a stored J/K builder made from a packed array gives the same J and K', () => {
  const basis = load('cc-pVDZ', water);
  const first = integrals.createStoredJK(basis, { threads: 1 });
  const again = integrals.createStoredJKFromPacked(basis, first.packedEris, { threads: 1 });
  const copy = integrals.createStoredJKFromPacked(basis, first.packedEris.slice(), { threads: 2 });
  const n = basis.nbf;
  const D = { rows: n, cols: n, data: new Float64Array(n * n) };
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) D.data[i * n + j] = 1 / (1 + i + j);
  const a = first.computeJK([D]), b = again.computeJK([D]), c = copy.computeJK([D]);
  assert.equal(Array.from(b.J[0]!.data), Array.from(a.J[0]!.data));
  assert.equal(Array.from(b.K[0]!.data), Array.from(a.K[0]!.data));
  c.J[0]!.data.forEach((v, i) => assert.ok(Math.abs(v - a.J[0]!.data[i]!) < 1e-12));
  assert.is(again.packedEris, first.packedEris);
  assert.throws(() => integrals.createStoredJKFromPacked(basis, new Float64Array(3)), (e: unknown) => e instanceof InvalidInputError && /eris/.test((e as Error).message));
  first.dispose();
  again.dispose();
  copy.dispose();
});

test('prepareCalculation reuses S, H and the ERIs it is given, and checks their shapes', () => {
  const params = scf.parseScfParameters({ basis_set: 'STO-3G' });
  const fresh = scf.prepareCalculation(water, params, { threads: 1, jk: 'stored' });
  const eris = fresh.problem.jk.packedEris!;
  const reused = scf.prepareCalculation(water, params, {
    threads: 1,
    reuse: { overlap: fresh.problem.overlap, coreHamiltonian: fresh.problem.coreHamiltonian, eris },
  });
  assert.is(reused.problem.overlap, fresh.problem.overlap);
  assert.is(reused.problem.jk.kind, 'stored');
  assert.is(scf.run(reused).energy, scf.run(fresh).energy);
  const bad = { rows: 2, cols: 2, data: new Float64Array(4) };
  for (const [field, reuse] of [
    ['reuse.overlap', { overlap: bad }],
    ['reuse.coreHamiltonian', { coreHamiltonian: bad }],
    ['reuse.eris', { eris: new Float64Array(5) }],
  ] as const) {
    assert.throws(() => scf.prepareCalculation(water, params, { reuse }), (e: unknown) => e instanceof InvalidInputError && e.location?.field === field);
  }
  fresh.dispose();
  reused.dispose();
});

test('prepareCalculation uses a basis loaded before for the molecule, and refuses one placed elsewhere', () => {
  const params = scf.parseScfParameters({ basis_set: 'STO-3G' });
  const basis = load('STO-3G', water);
  const prepared = scf.prepareCalculation(water, params, { threads: 1, reuse: { basis } });
  try {
    assert.is(prepared.basis, basis);
    assert.is(scf.run(prepared).energy, scf.runCalculation(water, params, { threads: 1 }).result.energy);
  } finally {
    prepared.dispose();
  }
  const moved = parse('3\nwater\nO 0 0 0.2\nH 0 0.757 -0.467\nH 0 -0.757 -0.467\n', { format: 'xyz' });
  assert.throws(
    () => scf.prepareCalculation(water, params, { reuse: { basis: load('STO-3G', moved) } }),
    (e: unknown) => e instanceof InvalidInputError && e.location?.field === 'reuse.basis',
  );
});

test('freeMemoryBytes decides between the stored and the direct J/K', () => {
  // cc-pVDZ water, 24 functions: the SCF's matrices need 129 kB, the packed ERIs 361 kB. With
  // 300 kB free the SCF fits (checkScfMemory) but the ERIs exceed half of it (the store's budget).
  const params = scf.parseScfParameters({ basis_set: 'cc-pVDZ' });
  assert.ok(scf.minimumScfBytes(24) < 300_000);
  const small = scf.prepareCalculation(water, params, { threads: 1, freeMemoryBytes: 300_000 });
  const large = scf.prepareCalculation(water, params, { threads: 1, freeMemoryBytes: 1e9 });
  assert.is(small.problem.jk.kind, 'direct');
  assert.is(large.problem.jk.kind, 'stored');
  small.dispose();
  large.dispose();
});

test.run();
