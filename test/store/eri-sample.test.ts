import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as basis from '../../src/basis';
import * as geometry from '../../src/geometry';
import * as integrals from '../../src/integrals';
import { eriFiles } from '../../src/store/eri-checkpoints';
import { ERI_TOLERANCE, eriSampleProblem, type EriSlice } from '../../src/store/eri-sample';

/*
 * The sample check of stored ERIs (src/store/eri-sample.ts) on water/6-31G (13 functions, 4186
 * unique integrals, 9 shells: 45 pair-diagonal quartets, the 64 seeded ones a part of the 1035),
 * in ERI files of at most 4 KiB as a resume would read them.
 */
const xyz = fs.readFileSync(path.resolve(__dirname, '../reference/geometries/h2o_crawford.xyz'), 'utf8');
const water = geometry.parse(xyz, { filename: 'water.xyz' });
const bs = basis.load('6-31G', water);
const intact = integrals.buildPackedEriStore(bs, { threads: 1 }).data;
const slices: EriSlice[] = eriFiles(bs.nbf, 4096).map((f, n) => ({ key: `file-${n}`, start: f.start, length: f.length }));
const copy = (): Float64Array => Float64Array.from(intact);

test('intact integrals pass, on one thread as on the store built with more', () => {
  assert.is(eriSampleProblem(bs, intact, slices), undefined);
  assert.is(eriSampleProblem(bs, integrals.buildPackedEriStore(bs, { threads: 2 }).data, slices), undefined);
  assert.ok(slices.length > 3, `${slices.length} files`);
});

test('intact ethanol/6-31G* integrals pass, though screening stored 0 for tiny (ij|ij) whose (ij|00) it kept', () => {
  const ethanol = geometry.parse(fs.readFileSync(path.resolve(__dirname, '../reference/geometries/ethanol.xyz'), 'utf8'), { filename: 'ethanol.xyz' });
  const bs57 = basis.load('6-31G*', ethanol);
  const packed = integrals.buildPackedEriStore(bs57, { threads: 1 }).data;
  // The case the Schwarz check must not trip on: (15,0|15,0) stored as 0, (15,0|0,0) = 2.2e-7.
  assert.is(packed[integrals.packedEriIndex(15, 0, 15, 0)], 0);
  assert.ok(Math.abs(packed[integrals.packedEriIndex(15, 0, 0, 0)]!) > 1e-7);
  const files = eriFiles(bs57.nbf).map((f, n) => ({ key: `file-${n}`, start: f.start, length: f.length }));
  assert.is(eriSampleProblem(bs57, packed, files), undefined);
});

test('a file scaled as a whole is refused, named by its key, whichever file it is', () => {
  for (const [n, factor] of [[0, 1.5], [1, 0.5], [slices.length - 1, 1.01], [2, -1]] as const) {
    const packed = copy();
    const f = slices[n]!;
    for (let p = f.start; p < f.start + f.length; p++) packed[p] = factor * packed[p]!;
    const why = eriSampleProblem(bs, packed, slices);
    assert.ok(why !== undefined, `file ${n} × ${factor} passed`);
    assert.is(why!.key, f.key, why!.reason);
    assert.match(why!.reason, new RegExp(`^the checkpoint '${f.key}' holds \\(`), why!.reason);
  }
});

test('a wrong diagonal (ii|ii), a value above its Schwarz bound and a NaN are refused', () => {
  const diag = copy();
  diag[integrals.packedEriIndex(3, 3, 3, 3)] += 10 * ERI_TOLERANCE;
  assert.match(eriSampleProblem(bs, diag, slices)!.reason, /\(3,3\|3,3\) = .*recomputed from the geometry it is/);
  // (ij|kl) with a loose bound: doubled, it exceeds √((ij|ij)(kl|kl)).
  const index = integrals.packedEriIndex(1, 0, 0, 0);
  const bound = Math.sqrt(intact[integrals.packedEriIndex(1, 0, 1, 0)]! * intact[0]!);
  const above = copy();
  above[index] = 1.01 * bound;
  assert.match(eriSampleProblem(bs, above, slices)!.reason, /\(1,0\|0,0\) = .*above its Schwarz bound/);
  const nan = copy();
  nan[index] = NaN;
  assert.match(eriSampleProblem(bs, nan, slices)!.reason, /holds NaN at packed index/);
});

test('an intact value within the tolerance passes (the threshold is ERI_TOLERANCE, not exact equality)', () => {
  const packed = copy();
  packed[integrals.packedEriIndex(3, 3, 3, 3)] += 0.5 * ERI_TOLERANCE;
  assert.is(eriSampleProblem(bs, packed, slices), undefined);
});

test.run();
