import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as integrals from '../../src/integrals';
import { decodeNpy } from '../../src/io';
import { ERI_FILE_BYTES, eriFiles, eriTiles, prepareEriObjects } from '../../src/store/eri-checkpoints';
import type { CheckpointRow } from '../../src/store/tables';

const JOB = '3f1c2a9e-5b7d-4c1e-9a2b-0c4d6e8f1a2b';

test('the ERI files tile the packed store at bra-pair boundaries, each within the size rule', () => {
  for (const [nbf, bytes] of [[7, ERI_FILE_BYTES], [24, ERI_FILE_BYTES], [63, ERI_FILE_BYTES], [80, ERI_FILE_BYTES], [7, 1024], [7, 8]] as const) {
    const files = eriFiles(nbf, bytes);
    let next = 0;
    for (const f of files) {
      assert.ok(f.i >= f.j, `nbf ${nbf}: first pair (${f.i}, ${f.j})`);
      const ij = (f.i * (f.i + 1)) / 2 + f.j;
      assert.is(f.start, (ij * (ij + 1)) / 2, `nbf ${nbf}: starts at (ij|00)`);
      assert.is(f.start, next, `nbf ${nbf}: contiguous`);
      // At most the limit, unless one bra pair alone exceeds it (ij + 1 values).
      assert.ok(8 * f.length <= bytes || f.length === ij + 1, `nbf ${nbf}, ${bytes} B: ${f.length} values from pair ${ij}`);
      next += f.length;
    }
    assert.is(next, integrals.packedEriLength(nbf), `nbf ${nbf}: covers every unique integral`);
  }
  // Water/cc-pVDZ: 45150 integrals (353 KiB) in one file; 63 functions (15.5 MiB, the largest store written by default) in 16.
  assert.is(eriFiles(24).length, 1);
  assert.is(eriFiles(63).length, 16);
  // A limit below one pair gives one file per bra pair.
  assert.is(eriFiles(7, 8).length, 28);
});

test('the ERI objects hold their slices; eriTiles accepts exactly a complete tiling', () => {
  const nbf = 7;
  const packed = Float64Array.from({ length: integrals.packedEriLength(nbf) }, (_, k) => k + 0.5);
  const objects = prepareEriObjects(JOB, nbf, packed, 1024);
  assert.is(objects.length, 4);
  const rebuilt = new Float64Array(packed.length);
  const rows: CheckpointRow[] = objects.map((o, n) => ({ id: n + 1, job_id: JOB, attempt: 1, kind: 'eri', iteration: null, key: o.key, sha256: o.sha256, bytes: o.body.length, dtype: o.dtype, shape: o.shape, created_at: new Date(0) }));
  const tiles = eriTiles([...rows].reverse(), nbf)!;
  assert.ok(tiles !== undefined);
  for (const t of tiles) {
    const a = decodeNpy(objects.find((o) => o.key === t.row.key)!.body);
    assert.is(a.data.length, t.length);
    rebuilt.set(a.data, t.start);
  }
  assert.equal(rebuilt, packed);
  assert.is(eriTiles(rows.slice(1), nbf), undefined, 'a missing first file');
  assert.is(eriTiles(rows.slice(0, 3), nbf), undefined, 'a missing last file');
  assert.is(eriTiles([], nbf), undefined, 'none');
  assert.is(eriTiles(rows, 8), undefined, 'another basis');
  assert.throws(() => prepareEriObjects(JOB, 8, packed), /expected/);
});

test.run();
