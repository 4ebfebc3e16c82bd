import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InvalidInputError } from '../../src/errors';
import * as scf from '../../src/scf';
import * as geometry from '../../src/geometry';
import * as store from '../../src/store';
import { allBackends, closeStores, geometryText, openStore, startS3, type Backend, type S3Server } from './backends';

let s3: S3Server;
let backends: Backend[] = [];
const H2 = geometryText('h2.xyz');
const WATER = geometryText('h2o_crawford.xyz');

test.before(async () => {
  s3 = await startS3();
  backends = await allBackends('submit', s3.endpoint);
});

test.after(async () => {
  await closeStores();
  for (const b of backends) await b.cleanup();
  await s3.stop();
});

test('a bond scan places atom J at each distance along the I→J axis and keeps the rest', () => {
  const inputs = store.scanInputs({ geometryText: WATER, filename: 'water.xyz', parameters: { basis_set: 'STO-3G' } }, [store.parseScan('bond 0 1 0.9:1.1:0.1')]);
  assert.equal(inputs.map((i) => i.name), ['water.xyz r(0,1)=0.9', 'water.xyz r(0,1)=1', 'water.xyz r(0,1)=1.1']);
  const original = geometry.parse(WATER, { filename: 'water.xyz' });
  for (const [k, input] of inputs.entries()) {
    const m = geometry.parse(input.geometryText, { filename: input.filename });
    // toXyz writes 12 decimals in bohr: distances are exact to ~1e-11 Å.
    assert.ok(Math.abs(m.distance(0, 1) * 0.52917721067 - [0.9, 1.0, 1.1][k]!) < 1e-10, `point ${k}`);
    assert.ok(Math.abs(m.distance(0, 2) - original.distance(0, 2)) < 1e-10, 'the other hydrogen stays');
  }
});

test('parameter scans multiply, and malformed scans are refused with the scan text', () => {
  const inputs = store.scanInputs({ geometryText: H2, filename: 'h2.xyz', parameters: { basis_set: 'STO-3G' } }, [store.parseScan('bond 0 1 0.7,0.8'), store.parseScan('basis=sto-3g,6-31g,cc-pvdz')]);
  assert.is(inputs.length, 6);
  assert.equal((inputs[5]!.parameters as Record<string, unknown>)['basis_set'], 'cc-pvdz');
  assert.equal(store.parseScan('damping=0,0.5'), { kind: 'parameter', key: 'damping', values: [0, 0.5] });
  for (const [text, pattern] of [['bond 0 0 1:2:0.5', /must differ/], ['bond 0 1 2:1:0.5', /FROM ≤ TO/], ['colour=red', /unknown parameter 'colour'/], ['stretch', /expected/], ['bond 0 1 0:1:0.5', /positive/]] as const) {
    try {
      store.parseScan(text);
      assert.unreachable(text);
    } catch (err) {
      assert.instance(err, InvalidInputError, text);
      assert.match((err as Error).message, pattern, text);
      assert.match((err as Error).message, text, 'the message names the scan');
    }
  }
});

test('submitGroup records every job as submitted in one group, and one bad input stores nothing', async () => {
  for (const b of backends) {
    const s = await openStore(b.config());
    const inputs = store.scanInputs({ geometryText: H2, filename: 'h2.xyz', parameters: { basis_set: 'STO-3G' } }, [store.parseScan('bond 0 1 0.6:0.9:0.1')]);
    const { group, jobs } = await store.submitGroup(s, 'h2 scan', inputs);
    assert.is(jobs.length, 4, b.name);
    assert.ok(jobs.every((j) => j.status === 'submitted' && j.attempt === 0), b.name);
    assert.equal((await s.groups.jobs(group.id)).map((j) => j.id).sort(), jobs.map((j) => j.id).sort(), b.name);
    // Each job's geometry object is the scan point's (the store re-reads it to run).
    const show = await s.jobs.show(jobs[2]!.id);
    assert.ok(show.checkpoints.some((c) => c.kind === 'geometry-orig'), b.name);

    const before = (await s.jobs.list({ user: 'all' })).length;
    const bad = [...inputs, { geometryText: 'not a molecule', filename: 'broken.xyz', parameters: { basis_set: 'STO-3G' } }];
    try {
      await store.submitGroup(s, 'never', bad);
      assert.unreachable(b.name);
    } catch (err) {
      assert.instance(err, InvalidInputError, b.name);
      assert.match((err as Error).message, /job 5 of 5 \(broken\.xyz\)/, b.name);
    }
    assert.is((await s.jobs.list({ user: 'all' })).length, before, `${b.name}: nothing recorded`);
    assert.ok(!(await s.groups.list()).some((g) => g.name === 'never'), `${b.name}: no group created`);
    const single = await store.submit(s, { geometryText: WATER, filename: 'water.xyz', parameters: { basis_set: 'STO-3G' } });
    assert.is(single.status, 'submitted', b.name);
    // A submitted job runs to the energy a direct calculation gives (1e-10 Eh: same code path, same thresholds).
    const outcome = await store.executeJob(s, single.id, { threads: 1 });
    const direct = scf.runCalculation(geometry.parse(WATER, { filename: 'water.xyz' }), { basis_set: 'STO-3G' }).result.energy;
    assert.ok(Math.abs(outcome.result!.energy - direct) < 1e-10, b.name);
    await s.close();
  }
});

test.run();
