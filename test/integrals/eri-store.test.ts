import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { eriTensor } from '../../src/integrals/eri-tensor';
import { estimatePackedEriBytes, packedEriIndex, packedEriLength } from '../../src/integrals/eri-store';
import { buildPackedEriStore } from '../../src/integrals/jk-stored';
import { publicCase } from './eri-fixtures';

test('the packed length is npair(npair+1)/2 and the memory estimate 8 bytes per unique integral', () => {
  assert.is(packedEriLength(1), 1);
  assert.is(packedEriLength(2), 6); // (00|00) (10|00) (10|10) (11|00) (11|10) (11|11)
  assert.is(packedEriLength(7), 406);
  assert.is(estimatePackedEriBytes(7), 8 * 406);
  assert.is(estimatePackedEriBytes(102), 110_397_048); // benzene / 6-31G*: 5253·5254/2 values
});

test('the packed index is the same for all 8 permutations and enumerates 0 … length−1 exactly once', () => {
  const n = 5;
  const seen = new Uint8Array(packedEriLength(n));
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++)
      for (let k = 0; k < n; k++)
        for (let l = 0; l <= k; l++) {
          const ij = (i * (i + 1)) / 2 + j;
          const kl = (k * (k + 1)) / 2 + l;
          if (kl > ij) continue;
          const idx = packedEriIndex(i, j, k, l);
          for (const other of [packedEriIndex(j, i, k, l), packedEriIndex(i, j, l, k), packedEriIndex(k, l, i, j), packedEriIndex(l, k, j, i)]) {
            assert.is(other, idx);
          }
          seen[idx]!++;
        }
  assert.ok(seen.every((c) => c === 1));
});

test('every entry of the packed store (water / cc-pVDZ) equals the full tensor, with and without screening', () => {
  const { basis } = publicCase('h2o_ccpvdz');
  const n = basis.nbf;
  const eri = eriTensor(basis);
  for (const threshold of [0, 1e-12]) {
    const store = buildPackedEriStore(basis, { threads: 1, threshold });
    assert.is(store.data.length, packedEriLength(n));
    assert.is(store.bytes, estimatePackedEriBytes(n));
    let max = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        for (let k = 0; k < n; k++)
          for (let l = 0; l < n; l++) {
            const d = Math.abs(store.data[packedEriIndex(i, j, k, l)]! - eri[((i * n + j) * n + k) * n + l]!);
            if (!(d <= max)) max = Number.isNaN(d) ? Infinity : d;
          }
    // Screened integrals are below the 1e-12 bound; kept ones are bit-identical (same engine).
    assert.ok(max <= (threshold === 0 ? 0 : 1e-12), `threshold ${threshold}: max |Δ| = ${max}`);
    assert.ok(store.quartetsComputed <= store.quartetsTotal);
  }
});

test('Schwarz screening skips quartets of a stretched molecule and only integrals below the bound', () => {
  // Two water molecules 30 bohr apart: many (PQ|RS) with P, Q on different molecules vanish.
  const { molecule } = publicCase('h2o_631gs');
  const far = {
    atoms: [...molecule.atoms, ...molecule.atoms.map((a) => ({ ...a, position: [a.position[0] + 30, a.position[1], a.position[2]] as [number, number, number] }))],
  };
  const { load } = require('../../src/basis/load') as typeof import('../../src/basis/load');
  const basis = load('6-31g*', far, { pure: false });
  const screened = buildPackedEriStore(basis, { threads: 1 });
  const full = buildPackedEriStore(basis, { threads: 1, threshold: 0 });
  assert.ok(screened.quartetsComputed < 0.8 * full.quartetsComputed, `${screened.quartetsComputed} of ${full.quartetsComputed}`);
  let max = 0;
  for (let x = 0; x < full.data.length; x++) max = Math.max(max, Math.abs(full.data[x]! - screened.data[x]!));
  assert.ok(max < 1e-12, `largest skipped integral ${max}`);
});

test.run();
