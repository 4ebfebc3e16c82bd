import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InvalidInputError } from '../../src/errors';
import { eriTensor } from '../../src/integrals/eri-tensor';
import { createDirectJK } from '../../src/integrals/jk-direct';
import { createStoredJK } from '../../src/integrals/jk-stored';
import { defaultThreadCount } from '../../src/integrals/eri-worker-pool';
import { coreHamiltonian } from '../../src/integrals/core-hamiltonian';
import { readNpy } from '../helpers/npy';
import { handBasis, highLShells, maxAbsDiff, naiveJK, publicCase, randomSymmetric, referenceMatrix } from './eri-fixtures';

// J and K are sums of ~nbf² terms of size ≤ 5 Eh × 0.5; 1e-12 absolute is ~100 ulps of their
// magnitude (measured differences are ~1e-15).
const TOL = 1e-12;

for (const name of ['h2o_631gs', 'h2o_ccpvdz']) {
  test(`${name}: J and K from the packed store and integral-direct equal a naive contraction of the full tensor`, () => {
    const { basis } = publicCase(name);
    const D = randomSymmetric(basis.nbf, 7);
    const ref = naiveJK(eriTensor(basis), D);
    const stored = createStoredJK(basis, { threads: 1 });
    const direct = createDirectJK(basis, { threads: 1 });
    try {
      const a = stored.computeJK([D]);
      const b = direct.computeJK([D]);
      assert.ok(maxAbsDiff(a.J[0]!.data, ref.J) < TOL, 'stored J');
      assert.ok(maxAbsDiff(a.K[0]!.data, ref.K) < TOL, 'stored K');
      assert.ok(maxAbsDiff(b.J[0]!.data, ref.J) < TOL, 'direct J');
      assert.ok(maxAbsDiff(b.K[0]!.data, ref.K) < TOL, 'direct K');
      assert.ok(maxAbsDiff(a.J[0]!.data, b.J[0]!.data) < TOL && maxAbsDiff(a.K[0]!.data, b.K[0]!.data) < TOL);
    } finally {
      stored.dispose();
      direct.dispose();
    }
  });
}

for (const name of ['h2o_sto3g', 'h2o_631gs', 'h2o_ccpvdz']) {
  test(`${name}: Psi4's converged density gives Psi4's RHF energy through J and K (|ΔE| < 1e-8 Eh)`, () => {
    // E = 2 tr(Dα H) + tr(Dα (2J[Dα] − K[Dα])) + E_nuc (Szabo & Ostlund Eq. 3.184 with P = 2Dα).
    const c = publicCase(name);
    const ref = readNpy(referenceMatrix(name, 'density_alpha.npy'));
    const n = c.basis.nbf;
    const Da = { rows: n, cols: n, data: ref.data };
    const H = coreHamiltonian(c.basis, c.molecule);
    let enuc = 0;
    const atoms = c.molecule.atoms;
    for (let a = 0; a < atoms.length; a++)
      for (let b = 0; b < a; b++) {
        const [x, y, z] = atoms[a]!.position;
        const [u, v, w] = atoms[b]!.position;
        enuc += (atoms[a]!.Z * atoms[b]!.Z) / Math.hypot(x - u, y - v, z - w);
      }
    for (const jk of [createStoredJK(c.basis, { threads: 2 }), createDirectJK(c.basis, { threads: 1 })]) {
      const { J, K } = jk.computeJK([Da]);
      jk.dispose();
      let e = enuc;
      for (let i = 0; i < n * n; i++) e += 2 * Da.data[i]! * H.data[i]! + Da.data[i]! * (2 * J[0]!.data[i]! - K[0]!.data[i]!);
      // The density is converged to 1e-9 (d_convergence); the energy is stationary, so its error is
      // second order, far below 1e-8. The rest is rounding in sums of ~nbf⁴ terms.
      assert.ok(Math.abs(e - c.energy) < 1e-8, `${jk.kind}: E = ${e}, Psi4 ${c.energy}, Δ = ${e - c.energy}`);
    }
  });
}

test('with f and g shells (pure and Cartesian), stored and direct J/K equal the naive contraction', () => {
  for (const pure of [true, false]) {
    const basis = handBasis(highLShells(), pure);
    const D = randomSymmetric(basis.nbf, 11);
    const ref = naiveJK(eriTensor(basis), D);
    for (const jk of [createStoredJK(basis, { threads: 1, threshold: 0 }), createDirectJK(basis, { threads: 1, threshold: 0 })]) {
      const r = jk.computeJK([D]);
      jk.dispose();
      assert.ok(maxAbsDiff(r.J[0]!.data, ref.J) < TOL, `${jk.kind} J pure=${pure}`);
      assert.ok(maxAbsDiff(r.K[0]!.data, ref.K) < TOL, `${jk.kind} K pure=${pure}`);
    }
  }
});

test('two worker threads give the same J and K as one thread (stored and direct, two densities)', () => {
  const { basis } = publicCase('h2o_ccpvdz');
  const Da = randomSymmetric(basis.nbf, 3);
  const Db = randomSymmetric(basis.nbf, 5);
  for (const make of [createStoredJK, createDirectJK]) {
    const one = make(basis, { threads: 1 });
    const two = make(basis, { threads: 2 });
    try {
      assert.is(two.threads, 2);
      const r1 = one.computeJK([Da, Db]);
      const r2 = two.computeJK([Da, Db]);
      const r2again = two.computeJK([Db]);
      for (let d = 0; d < 2; d++) {
        assert.ok(maxAbsDiff(r1.J[d]!.data, r2.J[d]!.data) < TOL, `${one.kind} J[${d}]`);
        assert.ok(maxAbsDiff(r1.K[d]!.data, r2.K[d]!.data) < TOL, `${one.kind} K[${d}]`);
      }
      assert.ok(maxAbsDiff(r1.J[1]!.data, r2again.J[0]!.data) < TOL, 'a second call on the same workers');
    } finally {
      one.dispose();
      two.dispose();
    }
  }
});

test('the packed store built on two threads equals the one built on one thread', () => {
  const { basis } = publicCase('h2o_631gs');
  const a = createStoredJK(basis, { threads: 1 });
  const b = createStoredJK(basis, { threads: 2 });
  a.dispose();
  b.dispose();
  assert.is(maxAbsDiff(a.store.data, b.store.data), 0);
  assert.is(a.store.quartetsComputed, b.store.quartetsComputed);
});

test('J and K are symmetric, and J-only / K-only calls return only what was asked for', () => {
  const { basis } = publicCase('h2o_sto3g');
  const D = randomSymmetric(basis.nbf, 9);
  const jk = createDirectJK(basis, { threads: 1 });
  const full = jk.computeJK([D]);
  const onlyJ = jk.computeJK([D], { K: false });
  const onlyK = jk.computeJK([D], { J: false });
  jk.dispose();
  const n = basis.nbf;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      assert.is(full.J[0]!.data[i * n + j], full.J[0]!.data[j * n + i]);
      assert.is(full.K[0]!.data[i * n + j], full.K[0]!.data[j * n + i]);
    }
  assert.is(onlyJ.K.length, 0);
  assert.is(onlyK.J.length, 0);
  assert.ok(maxAbsDiff(onlyJ.J[0]!.data, full.J[0]!.data) < TOL);
  assert.ok(maxAbsDiff(onlyK.K[0]!.data, full.K[0]!.data) < TOL);
});

test('a density of the wrong size is refused with an InvalidInputError', () => {
  const { basis } = publicCase('h2o_sto3g');
  const jk = createStoredJK(basis, { threads: 1 });
  try {
    assert.throws(() => jk.computeJK([randomSymmetric(basis.nbf + 1, 1)]), (e: unknown) => e instanceof InvalidInputError);
  } finally {
    jk.dispose();
  }
});

test('dispose can be called twice, and a disposed builder refuses to compute', () => {
  const { basis } = publicCase('h2o_sto3g');
  const jk = createDirectJK(basis, { threads: 2 });
  jk.dispose();
  jk.dispose();
  assert.throws(() => jk.computeJK([randomSymmetric(basis.nbf, 1)]), /disposed/);
});

test('by default a builder uses every core the machine reports', () => {
  const { basis } = publicCase('h2o_sto3g');
  const jk = createDirectJK(basis);
  try {
    assert.is(jk.threads, defaultThreadCount());
  } finally {
    jk.dispose();
  }
});

test('worker threads do not keep the process alive, even without dispose()', () => {
  // A child process builds a two-thread JK builder, computes once, never disposes it, and must
  // exit by itself (workers are unref'd). The timeout turns a hang into a failure.
  const src = path.resolve(__dirname, '../../src/integrals/jk-direct.ts');
  const fixtures = path.resolve(__dirname, 'eri-fixtures.ts');
  const script = [
    `const { createDirectJK } = require(${JSON.stringify(src)});`,
    `const { publicCase, randomSymmetric } = require(${JSON.stringify(fixtures)});`,
    `const { basis } = publicCase('h2o_sto3g');`,
    `const jk = createDirectJK(basis, { threads: 2 });`,
    `const r = jk.computeJK([randomSymmetric(basis.nbf, 1)]);`,
    `console.log('threads=' + jk.threads + ' J00=' + r.J[0].data[0].toFixed(6));`,
  ].join('\n');
  const out = execFileSync(process.execPath, ['-r', require.resolve('tsx/cjs'), '-e', script], { timeout: 60_000, encoding: 'utf8' });
  assert.match(out, /threads=2 J00=-?\d/);
});

test.run();
