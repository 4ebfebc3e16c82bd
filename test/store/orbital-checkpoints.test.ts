import { createHash } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { NpyArray } from '../../src/io';
import * as store from '../../src/store';
import { allBackends, closeStores, openStore, geometryText, startS3, type Backend, type S3Server } from './backends';

let s3: S3Server;
let backends: Backend[] = [];
const WATER = geometryText('h2o_crawford.xyz');
const OH = geometryText('oh.xyz');
/**
 * The default thresholds stop at RMS ΔD < 1e-8 between the last two densities. The last stored
 * density is the one the last iteration produced; the final canonical orbitals come from that
 * iteration's un-extrapolated Fock matrix, so they differ by about one more step: element-wise
 * a few times the RMS threshold. 1e-6 leaves two orders of magnitude of room; measured below.
 */
const DENSITY_TOLERANCE = 1e-6;
/** C comes from a symmetric eigensolver in S-orthonormal form: CᵀSC = I to rounding. */
const ORTHONORMAL_TOLERANCE = 1e-10;

test.before(async () => {
  s3 = await startS3();
  backends = await allBackends('orbitals', s3.endpoint);
});

test.after(async () => {
  await closeStores();
  for (const b of backends) await b.cleanup();
  await s3.stop();
});

const at = (a: Float64Array, offset: number, cols: number, i: number, j: number): number => a[offset + i * cols + j]!;

/** max |CᵀSC − I| for the spin block s of a [n, nmo] or [ns, n, nmo] array. */
function orthonormality(c: NpyArray, s: Float64Array, block: number): number {
  const [n, nmo] = c.shape.slice(-2) as [number, number];
  const off = block * n * nmo;
  let worst = 0;
  for (let p = 0; p < nmo; p++) {
    for (let q = 0; q < nmo; q++) {
      let v = 0;
      for (let m = 0; m < n; m++) for (let k = 0; k < n; k++) v += at(c.data, off, nmo, m, p) * s[m * n + k]! * at(c.data, off, nmo, k, q);
      worst = Math.max(worst, Math.abs(v - (p === q ? 1 : 0)));
    }
  }
  return worst;
}

/** max |Σ_p n_p C_mp C_kp − D_mk| for spin block `block`. */
function densityError(c: NpyArray, occ: NpyArray, d: NpyArray, block: number): number {
  const [n, nmo] = c.shape.slice(-2) as [number, number];
  const off = block * n * nmo;
  let worst = 0;
  for (let m = 0; m < n; m++) {
    for (let k = 0; k < n; k++) {
      let v = 0;
      for (let p = 0; p < nmo; p++) v += occ.data[block * nmo + p]! * at(c.data, off, nmo, m, p) * at(c.data, off, nmo, k, p);
      worst = Math.max(worst, Math.abs(v - d.data[block * n * n + m * n + k]!));
    }
  }
  return worst;
}

for (const [name, geometry, params, spins] of [
  ['RHF water/STO-3G', WATER, { basis_set: 'STO-3G' }, 1],
  ['UHF OH/STO-3G', OH, { basis_set: 'STO-3G', reference: 'uhf' }, 2],
] as const) {
  test(`a finished ${name} job has its MO coefficients, orbital energies and occupations checkpointed, orthonormal in S and reproducing the last density`, async () => {
    for (const b of backends) {
      const st = await openStore(b.config());
      const out = await store.runJob(st, { geometryText: geometry, filename: 'mol.xyz', parameters: params }, { threads: 1 });
      assert.is(out.status, 'done', `${b.name}: ${out.error?.message}`);
      const id = out.jobId;
      const rows = await st.checkpoints.list(id);
      const keys = [store.keys.moCoefficientsKey(id), store.keys.moEnergiesKey(id), store.keys.moOccupationsKey(id)];
      for (const key of keys) {
        const row = rows.find((r) => r.key === key);
        assert.ok(row !== undefined, `${b.name}: no row for ${key}`);
        assert.is(row!.kind, 'orbitals');
        const bytes = await st.checkpoints.read(id, key);
        assert.is(createHash('sha256').update(bytes).digest('hex'), row!.sha256, `${b.name}: ${key}`);
        assert.is(bytes.length, row!.bytes);
      }
      const c = await st.checkpoints.readArray(id, keys[0]!);
      const e = await st.checkpoints.readArray(id, keys[1]!);
      const occ = await st.checkpoints.readArray(id, keys[2]!);
      const s = await st.checkpoints.readArray(id, store.keys.overlapKey(id));
      const n = s.shape[0]!;
      const nmo = c.shape[c.shape.length - 1]!;
      assert.equal(c.shape, spins === 1 ? [n, nmo] : [2, n, nmo], b.name);
      assert.equal(e.shape, spins === 1 ? [nmo] : [2, nmo], b.name);
      assert.equal(occ.shape, e.shape, b.name);
      assert.equal(Array.from(e.data.subarray(0, nmo)), Array.from(out.result!.orbitalEnergies[0]!), b.name);
      const last = Math.max(...rows.filter((r) => r.kind === 'density').map((r) => r.iteration!));
      const d = await st.checkpoints.readArray(id, store.keys.densityKey(id, last));
      let electrons = 0;
      for (let block = 0; block < spins; block++) {
        const ortho = orthonormality(c, s.data, block);
        assert.ok(ortho < ORTHONORMAL_TOLERANCE, `${b.name} spin ${block}: |CᵀSC − I| = ${ortho}`);
        const dd = densityError(c, occ, d, block);
        assert.ok(dd < DENSITY_TOLERANCE, `${b.name} spin ${block}: |D(C, n) − D_${last}| = ${dd}`);
        if (b === backends[0]) console.log(`  ${name} spin ${block}: |CᵀSC − I| = ${ortho.toExponential(1)}, |D(C, n) − D_last| = ${dd.toExponential(1)}`);
        for (let p = 0; p < nmo; p++) electrons += occ.data[block * nmo + p]!;
      }
      assert.is(electrons, spins === 1 ? 10 : 9, b.name);
    }
  });
}

test.run();
