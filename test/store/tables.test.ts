import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as store from '../../src/store';
import { allBackends, closeStores, openStore, geometryText, startS3, type Backend, type S3Server } from './backends';

let s3: S3Server;
let backends: Backend[] = [];
const WATER = geometryText('h2o_crawford.xyz');

test.before(async () => {
  s3 = await startS3();
  backends = await allBackends('tables', s3.endpoint);
});

test.after(async () => {
  await closeStores();
  for (const b of backends) await b.cleanup();
  await s3.stop();
});

test('stored event JSON holds null, never a "NaN" string, for a number that is not finite', async () => {
  for (const b of backends) {
    const s = await openStore(b.config());
    // The first iteration has no previous energy, so its ΔE is NaN in the record.
    const out = await store.runJob(s, { geometryText: WATER, filename: 'water.xyz', parameters: { basis_set: 'STO-3G', max_iteration: 3 } }, { threads: 1 });
    // The raw stored text (json on PostgreSQL, text on SQLite), not what the mapper makes of it.
    const rows = (await s.database.knex('job_events').where({ job_id: out.jobId }).select(s.database.knex.raw('CAST(metadata AS TEXT) AS metadata_text'), 'kind', 'name')) as Array<{
      metadata_text: string | null; kind: string; name: string;
    }>;
    const first = rows.find((r) => r.name === 'iteration 1');
    assert.ok(first !== undefined, b.name);
    assert.match(first!.metadata_text!, /"delta_e":\s*null/, b.name);
    for (const r of rows) assert.not.match(r.metadata_text ?? '', /"(NaN|-?Infinity)"/, `${b.name}: ${r.kind} ${r.metadata_text}`);
    // Read back through the mapper: a null, and the later ΔE a number.
    const events = await s.jobs.events(out.jobId);
    const iterations = events.filter((e) => e.kind === 'iteration');
    assert.is(iterations[0]!.metadata?.['delta_e'], null, b.name);
    assert.type(iterations[1]!.metadata?.['delta_e'], 'number', b.name);
    await s.close();
  }
});

test.run();
