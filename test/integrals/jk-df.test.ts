import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { BasisSet } from '../../src/basis/basis-set';
import { load } from '../../src/basis/load';
import { coulombMetric, createDfEngine, threeIndexIntegrals } from '../../src/integrals/df-integrals';
import { metricFittingFactor } from '../../src/integrals/df-metric';
import { createDfJK, dfMemoryEstimate } from '../../src/integrals/jk-df';
import { createStoredJK } from '../../src/integrals/jk-stored';
import { solve, type Matrix } from '../../src/linalg';
import { maxAbsDiff, naiveJK, randomSymmetric, REFERENCE_DIR, type TestMolecule, type Vec3 } from './eri-fixtures';

interface DfCase { name: string; basis: string; puream: boolean; aux_puream: boolean; df_basis_scf: string; atoms_bohr: Array<[string, number, number, number]> }
const Z_OF: Record<string, number> = { H: 1, C: 6, N: 7, O: 8, S: 16 };
const CASES = JSON.parse(readFileSync(path.join(REFERENCE_DIR, 'df-cases.json'), 'utf8')) as DfCase[];
function dfCase(name: string): { orbital: BasisSet; aux: BasisSet } {
  const c = CASES.find((x) => x.name === name)!;
  const molecule: TestMolecule = { atoms: c.atoms_bohr.map(([symbol, x, y, z]) => ({ symbol, Z: Z_OF[symbol]!, position: [x, y, z] as Vec3 })) };
  return { orbital: load(c.basis, molecule, { pure: c.puream }), aux: load(c.df_basis_scf, molecule, { pure: c.aux_puream }) };
}

/** The fitted four-index tensor Σ_Q B_Qμν B_Qλσ, full nbf⁴, from B = W (P|μν). */
function fittedTensor(orbital: BasisSet, aux: BasisSet): Float64Array {
  const df = createDfEngine(orbital, aux);
  const raw = threeIndexIntegrals(df);
  const { factor: W } = metricFittingFactor(coulombMetric(df));
  const n = orbital.nbf;
  const npair = (n * (n + 1)) / 2;
  const B = new Float64Array(W.rows * n * n);
  for (let q = 0; q < W.rows; q++)
    for (let p = 0; p < aux.nbf; p++) {
      const w = W.data[q * aux.nbf + p]!;
      for (let mu = 0; mu < n; mu++)
        for (let nu = 0; nu <= mu; nu++) {
          const v = w * raw[p * npair + (mu * (mu + 1)) / 2 + nu]!;
          B[q * n * n + mu * n + nu] += v;
          if (nu !== mu) B[q * n * n + nu * n + mu] += v;
        }
    }
  const eri = new Float64Array(n ** 4);
  for (let q = 0; q < W.rows; q++) {
    const b = B.subarray(q * n * n, (q + 1) * n * n);
    for (let x = 0; x < n * n; x++) {
      const bx = b[x]!;
      if (bx === 0) continue;
      for (let y = 0; y < n * n; y++) eri[x * n * n + y] += bx * b[y]!;
    }
  }
  return eri;
}

/** An idempotent-like positive density: 2 C Cᵀ of random orbitals, plus an indefinite random symmetric one. */
function densities(n: number): Matrix[] {
  const R = randomSymmetric(n, 7);
  const C = R.data.slice(0, n * 3);
  const D = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { let s = 0; for (let k = 0; k < 3; k++) s += C[i * 3 + k]! * C[j * 3 + k]!; D[i * n + j] = 2 * s; }
  return [{ rows: n, cols: n, data: D }, randomSymmetric(n, 11)];
}

for (const name of ['h2o_sto3g', 'h2o_631gs']) {
  test(`DF J and K equal the contraction of the fitted tensor Σ_Q B_Qμν B_Qλσ, positive and indefinite densities (${name})`, () => {
    const { orbital, aux } = dfCase(name);
    const eri = fittedTensor(orbital, aux);
    const jk = createDfJK(orbital, aux);
    for (const D of densities(orbital.nbf)) {
      const { J, K } = jk.computeJK([D]);
      const ref = naiveJK(eri, D);
      // Same sums in another order (and K through the eigen-factor of D): rounding only.
      assert.ok(maxAbsDiff(J[0]!.data, ref.J) < 1e-11, `J: ${maxAbsDiff(J[0]!.data, ref.J)}`);
      assert.ok(maxAbsDiff(K[0]!.data, ref.K) < 1e-11, `K: ${maxAbsDiff(K[0]!.data, ref.K)}`);
    }
  });
}

test('DF J equals the fit solved with M c = (P|D) when no metric eigenvalue is dropped', () => {
  const { orbital, aux } = dfCase('h2o_ccpvdz');
  const df = createDfEngine(orbital, aux);
  const raw = threeIndexIntegrals(df);
  const M = coulombMetric(df);
  const n = orbital.nbf;
  const npair = (n * (n + 1)) / 2;
  const [D] = densities(n);
  const t = new Float64Array(aux.nbf);
  for (let p = 0; p < aux.nbf; p++) {
    let s = 0;
    for (let mu = 0; mu < n; mu++) for (let nu = 0; nu < n; nu++) s += raw[p * npair + (Math.max(mu, nu) * (Math.max(mu, nu) + 1)) / 2 + Math.min(mu, nu)]! * D!.data[mu * n + nu]!;
    t[p] = s;
  }
  const c = solve(M, t)!;
  const Jref = new Float64Array(n * n);
  for (let mu = 0; mu < n; mu++) for (let nu = 0; nu < n; nu++) { let s = 0; for (let p = 0; p < aux.nbf; p++) s += c[p]! * raw[p * npair + (Math.max(mu, nu) * (Math.max(mu, nu) + 1)) / 2 + Math.min(mu, nu)]!; Jref[mu * n + nu] = s; }
  const { J } = createDfJK(orbital, aux).computeJK([D!], { K: false });
  // min/max eigenvalue 4e-7: the solve loses ~1e-16/4e-7 ≈ 3e-10 relative on values ~10.
  assert.ok(maxAbsDiff(J[0]!.data, Jref) < 1e-8, `${maxAbsDiff(J[0]!.data, Jref)}`);
});

test('DF J and K are within the fitting error of the exact ones (water / cc-pVDZ + cc-pVDZ-JKFIT)', () => {
  const { orbital, aux } = dfCase('h2o_ccpvdz');
  const [D] = densities(orbital.nbf);
  const df = createDfJK(orbital, aux).computeJK([D!]);
  const exact = createStoredJK(orbital, { threads: 1 }).computeJK([D!]);
  const dJ = maxAbsDiff(df.J[0]!.data, exact.J[0]!.data);
  const dK = maxAbsDiff(df.K[0]!.data, exact.K[0]!.data);
  const rel = (d: number, m: Matrix): number => d / m.data.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
  // JKFIT sets fit the orbital products of their basis to ~1e-3 relative or better (energies to
  // ~1e-5–1e-3 Eh, see df_minus_pk in test/reference/df-cases.json); this density of random
  // orbitals is harder to fit than an SCF one, so allow 1e-2. It is not zero (fitting is not exact).
  assert.ok(rel(dJ, exact.J[0]!) < 1e-2 && rel(dK, exact.K[0]!) < 1e-2, `ΔJ ${dJ} (${rel(dJ, exact.J[0]!)}), ΔK ${dK} (${rel(dK, exact.K[0]!)})`);
  assert.ok(dJ > 1e-8 && dK > 1e-8, `ΔJ ${dJ}, ΔK ${dK}`);
});

test('the blocked mode gives the core mode\'s J and K (tiny memory budget)', () => {
  const { orbital, aux } = dfCase('h2o_631gs');
  const core = createDfJK(orbital, aux);
  const blocked = createDfJK(orbital, aux, { maxBytes: 100_000 });
  assert.is(core.mode, 'core');
  assert.is(blocked.mode, 'blocked');
  assert.ok(blocked.blockShells < aux.nshell && blocked.blockShells >= 1);
  const Ds = densities(orbital.nbf);
  const a = core.computeJK(Ds);
  const b = blocked.computeJK(Ds);
  for (let d = 0; d < Ds.length; d++) {
    // Same products, summed in another order: rounding only.
    assert.ok(maxAbsDiff(a.J[d]!.data, b.J[d]!.data) < 1e-11);
    assert.ok(maxAbsDiff(a.K[d]!.data, b.K[d]!.data) < 1e-11);
  }
});

for (const [name, route] of [['h2o_ccpvdz', 'cholesky'], ['h2o_631gs', 'eigen']] as const) {
  test(`the fit and K on 2 or 3 threads give one thread's J and K (${name}, ${route} fit)`, () => {
    const { orbital, aux } = dfCase(name);
    const Ds = densities(orbital.nbf);
    const one = createDfJK(orbital, aux, { threads: 1 });
    assert.is(one.fit, route);
    const a = one.computeJK(Ds);
    for (const threads of [2, 3]) {
      const many = createDfJK(orbital, aux, { threads });
      try {
        const b = many.computeJK(Ds);
        for (let d = 0; d < Ds.length; d++) {
          // The same products; only K's partial sums per thread are added in another order.
          assert.equal(Array.from(b.J[d]!.data), Array.from(a.J[d]!.data), `J, ${threads} threads`);
          assert.ok(maxAbsDiff(a.K[d]!.data, b.K[d]!.data) < 1e-12, `K, ${threads} threads: ${maxAbsDiff(a.K[d]!.data, b.K[d]!.data)}`);
        }
      } finally {
        many.dispose?.();
      }
    }
    one.dispose?.();
  });
}

test('the memory estimate is the tensor naux · nbf(nbf+1)/2 doubles, known before allocation', () => {
  const e = dfMemoryEstimate(114, 558);
  assert.is(e.tensorBytes, 8 * 558 * 6555);
  // One tensor (fitted in place), metric + eigenvectors + factor, two K scratch blocks of 16 nbf² doubles.
  assert.is(e.coreBytes, e.tensorBytes + 3 * 8 * 558 * 558 + 2 * 8 * 16 * 114 * 114);
  const { orbital, aux } = dfCase('h2o_sto3g');
  const jk = createDfJK(orbital, aux, { maxBytes: dfMemoryEstimate(orbital.nbf, aux.nbf).coreBytes });
  assert.is(jk.mode, 'core');
  assert.is(createDfJK(orbital, aux, { maxBytes: dfMemoryEstimate(orbital.nbf, aux.nbf).coreBytes - 1 }).mode, 'blocked');
});

test.run();
