import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as scf from '../../src/scf';
import { orbitalHessian, type HessianKind } from '../../src/scf/orbital-hessian';
import type { Matrix } from '../../src/linalg';
import { referenceMatrices, referenceProblem } from './reference-data';

/*
 * The orbital-Hessian products (built from AO J/K of trial densities) against the Hessian
 * written out element by element from the full MO integral tensor (ia|jb) of Psi4's water
 * STO-3G integrals, with the definitions Psi4 1.3.2 uses (test/reference/README.md).
 */

/** (pq|rs) in the MO basis of C (nbf×nmo; p, q from C1, r, s from C2), by four quarter transformations. */
function moEri(eri: Float64Array, n: number, C1: Matrix, C2: Matrix): (p: number, q: number, r: number, s: number) => number {
  const m = C1.cols;
  const t = (a: Float64Array, C: Matrix, axis: number): Float64Array => {
    // contract index `axis` of an n^k·… tensor stored with every index of length n (AO) or m (MO) — all m = n here (no dropped functions).
    const out = new Float64Array(a.length);
    const stride = [n * n * n, n * n, n, 1][axis]!;
    for (let idx = 0; idx < a.length; idx++) {
      const mu = Math.floor(idx / stride) % n;
      const base = idx - mu * stride;
      let s = 0;
      for (let k = 0; k < n; k++) s += a[base + k * stride]! * C.data[k * m + mu]!;
      out[idx] = s;
    }
    return out;
  };
  const mo = t(t(t(t(eri, C1, 0), C1, 1), C2, 2), C2, 3);
  return (p, q, r, s) => mo[((p * n + q) * n + r) * n + s]!;
}

function explicitHessian(kind: HessianKind, name: string, result: scf.ScfResult, nocc: number[]): number[][] {
  const { eri, nbf: n } = referenceMatrices(name);
  const spins = kind === 'uhf' ? [0, 1] : [0];
  const eps = result.orbitalEnergies;
  const index: { s: number; i: number; a: number }[] = [];
  for (const s of spins) for (let i = 0; i < nocc[s]!; i++) for (let a = nocc[s]!; a < n; a++) index.push({ s, i, a });
  const ints = new Map<string, (p: number, q: number, r: number, t: number) => number>();
  const g = (s1: number, s2: number) => {
    const key = `${s1}${s2}`;
    if (!ints.has(key)) ints.set(key, moEri(eri, n, result.moCoefficients[s1]!, result.moCoefficients[s2]!));
    return ints.get(key)!;
  };
  return index.map(({ s, i, a }) => index.map(({ s: t, i: j, a: b }) => {
    const diag = s === t && i === j && a === b ? eps[s]![a]! - eps[s]![i]! : 0;
    if (kind === 'rhf-singlet') return diag + 4 * g(0, 0)(i, a, j, b) - g(0, 0)(i, b, j, a) - g(0, 0)(i, j, a, b);
    if (kind === 'rhf-triplet') return diag - g(0, 0)(i, b, j, a) - g(0, 0)(i, j, a, b);
    if (s !== t) return 2 * g(s, t)(i, a, j, b);
    return diag + 2 * g(s, s)(i, a, j, b) - g(s, s)(i, j, a, b) - g(s, s)(i, b, j, a);
  }));
}

function compare(kind: HessianKind, name: string, result: scf.ScfResult, nocc: number[], jk: scf.ScfProblem['jk']): void {
  const h = orbitalHessian(kind, jk, result.moCoefficients, result.orbitalEnergies, nocc);
  const full = explicitHessian(kind, name, result, nocc);
  assert.is(h.dimension, full.length);
  const unit = full.map((_, k) => { const e = new Float64Array(h.dimension); e[k] = 1; return e; });
  const columns = h.apply(unit);
  let worst = 0;
  for (let r = 0; r < full.length; r++) for (let c = 0; c < full.length; c++) worst = Math.max(worst, Math.abs(columns[c]![r]! - full[r]![c]!));
  // Both sides sum the same integrals in different orders: rounding only (|elements| ≤ ~40 Eh).
  assert.ok(worst < 1e-12, `${kind}: worst element deviation ${worst}`);
}

test('RHF singlet and triplet Hessian products equal the explicit MO-integral Hessian element by element (water STO-3G)', () => {
  const problem = referenceProblem('h2o_sto3g');
  const result = scf.run(problem, { guess: 'core' });
  assert.ok(result.converged);
  compare('rhf-singlet', 'h2o_sto3g', result, [5], problem.jk);
  compare('rhf-triplet', 'h2o_sto3g', result, [5], problem.jk);
});

test('UHF Hessian products equal the explicit MO-integral Hessian element by element (water cation STO-3G, doublet)', () => {
  const problem = referenceProblem('h2o_sto3g', { nalpha: 5, nbeta: 4 });
  const result = scf.run(problem, { guess: 'core' });
  assert.ok(result.converged);
  compare('uhf', 'h2o_sto3g', result, [5, 4], problem.jk);
});

test('the diagonal is ε_a − ε_i, α block first', () => {
  const problem = referenceProblem('h2o_sto3g', { nalpha: 5, nbeta: 4 });
  const result = scf.run(problem, { guess: 'core' });
  const h = orbitalHessian('uhf', problem.jk, result.moCoefficients, result.orbitalEnergies, [5, 4]);
  assert.is(h.dimension, 5 * 2 + 4 * 3);
  assert.equal(h.blocks, [{ nocc: 5, nvir: 2 }, { nocc: 4, nvir: 3 }]);
  const [ea, eb] = result.orbitalEnergies as [Float64Array, Float64Array];
  assert.is(h.diagonal[0], ea[5]! - ea[0]!);
  assert.is(h.diagonal[10], eb[4]! - eb[0]!);
});

test.run();
