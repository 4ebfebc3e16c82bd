import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { load, shellSize } from '../../src/basis';
import { eigh, type Matrix } from '../../src/linalg';
import { AU_DIPOLE_IN_DEBYE } from '../../src/constants';
import { InvalidInputError } from '../../src/errors';
import {
  overlap,
  kinetic,
  nuclearAttraction,
  coreHamiltonian,
  dipole,
  overlapShellBlock,
  kineticShellBlock,
  nuclearAttractionShellBlock,
  dipoleShellBlock,
} from '../../src/integrals';
import { readNpy } from '../helpers/npy';
import { REFERENCE_DIR, publicCase, WATER_TILTED, rotation, transform, maxAbsDiff } from './one-electron-fixtures';

const MATRIX_CASES = ['h2o_sto3g', 'h2o_631gs', 'h2o_ccpvdz'] as const;

// Tolerance for Psi4's matrices: both codes evaluate the same closed forms in double precision;
// element magnitudes reach ~60 Eh (O 1s nuclear attraction), so rounding alone allows ~1e-14
// absolute; 1e-11 leaves room for different summation orders without hiding a real error
// (a wrong normalisation or sign is ≥ 1e-3).
const REF_TOL = 1e-11;

for (const name of MATRIX_CASES) {
  test(`overlap, kinetic and nuclear attraction equal Psi4's for ${name} element by element`, () => {
    const c = publicCase(name);
    const basis = load(c.basis, c.molecule, { pure: c.puream });
    assert.is(basis.nbf, c.nbf);
    const results: Record<string, Matrix> = {
      overlap: overlap(basis),
      kinetic: kinetic(basis),
      potential: nuclearAttraction(basis, c.molecule),
    };
    const report: string[] = [];
    for (const [file, m] of Object.entries(results)) {
      const ref = readNpy(path.join(REFERENCE_DIR, 'matrices', name, `${file}.npy`));
      assert.equal(ref.shape, [basis.nbf, basis.nbf]);
      const d = maxAbsDiff(m.data, ref.data);
      report.push(`${file} ${d.toExponential(1)}`);
      assert.ok(d < REF_TOL, `${name} ${file}: max |Δ| = ${d}`);
    }
    console.log(`    ${name} (nbf ${basis.nbf}) max |Δ| vs Psi4: ${report.join(', ')}`);
  });
}

test("Crawford's water/STO-3G overlap S₂₁ is 0.236703936510848", () => {
  const c = publicCase('h2o_sto3g');
  const S = overlap(load('sto-3g', c.molecule));
  // T. D. Crawford, programming project #3 (water, STO-3G, his geometry): S(2,1) = 0.236703936510848.
  assert.ok(Math.abs(S.data[1 * S.cols + 0]! - 0.236703936510848) < 1e-14);
  assert.ok(Math.abs(S.data[0 * S.cols + 1]! - 0.236703936510848) < 1e-14);
});

test("Crawford's water/STO-3G T₁₁, V₁₁ and H₁₁ match his published values", () => {
  const c = publicCase('h2o_sto3g');
  const basis = load('sto-3g', c.molecule);
  // T. D. Crawford, programming project #3: T(1,1) = 29.003199945539588, V(1,1) = −61.580595358149914.
  const T = kinetic(basis).data[0]!;
  const V = nuclearAttraction(basis, c.molecule).data[0]!;
  const H = coreHamiltonian(basis, c.molecule).data[0]!;
  assert.ok(Math.abs(T - 29.003199945539588) < 1e-12);
  assert.ok(Math.abs(V + 61.580595358149914) < 1e-12);
  assert.ok(Math.abs(H - (29.003199945539588 - 61.580595358149914)) < 1e-12);
});

test('the core Hamiltonian is the kinetic plus the nuclear-attraction matrix', () => {
  const basis = load('cc-pVTZ', WATER_TILTED);
  const H = coreHamiltonian(basis, WATER_TILTED);
  const T = kinetic(basis);
  const V = nuclearAttraction(basis, WATER_TILTED);
  for (let i = 0; i < H.data.length; i++) assert.ok(Math.abs(H.data[i]! - T.data[i]! - V.data[i]!) < 1e-12);
});

test('the SCF dipole from these dipole integrals and the Psi4 density equals Psi4\'s dipole', () => {
  // μ = Σ_C Z_C R_C − tr(D_total · M), D_total = 2 D_alpha (RHF), about the origin, in debye.
  for (const name of MATRIX_CASES) {
    const c = publicCase(name);
    const basis = load(c.basis, c.molecule, { pure: c.puream });
    const D = readNpy(path.join(REFERENCE_DIR, 'matrices', name, 'density_alpha.npy')).data;
    const M = dipole(basis);
    const mu = [M.x, M.y, M.z].map((m, k) => {
      let nuc = 0;
      for (const a of c.molecule.atoms) nuc += a.Z * a.position[k]!;
      let el = 0;
      for (let i = 0; i < D.length; i++) el += 2 * D[i]! * m.data[i]!;
      return (nuc - el) * AU_DIPOLE_IN_DEBYE;
    });
    // The density is converged to 1e-9 (d_convergence), so the dipole agrees to ~1e-8 D.
    for (let k = 0; k < 3; k++) assert.ok(Math.abs(mu[k]! - c.dipole_debye[k]!) < 1e-6, `${name} μ${'xyz'[k]} ${mu[k]} vs ${c.dipole_debye[k]}`);
  }
});

test('the overlap matrix in a spherical basis is symmetric, positive definite, with unit diagonal', () => {
  for (const name of ['cc-pVDZ', 'cc-pVTZ', 'aug-cc-pVTZ']) {
    const basis = load(name, WATER_TILTED, { pure: true });
    const S = overlap(basis);
    const n = S.rows;
    for (let i = 0; i < n; i++) {
      assert.ok(Math.abs(S.data[i * n + i]! - 1) < 1e-14, `${name} diagonal ${i}`);
      for (let j = 0; j < i; j++) assert.is(S.data[i * n + j], S.data[j * n + i]);
    }
    const { values } = eigh(S);
    assert.ok(values[0]! > 0, `${name}: smallest eigenvalue ${values[0]}`);
  }
});

test('kinetic and nuclear-attraction matrices are symmetric; T is positive definite, V negative definite', () => {
  const basis = load('cc-pVTZ', WATER_TILTED);
  const T = kinetic(basis);
  const V = nuclearAttraction(basis, WATER_TILTED);
  const n = T.rows;
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) {
    assert.is(T.data[i * n + j], T.data[j * n + i]);
    assert.is(V.data[i * n + j], V.data[j * n + i]);
  }
  assert.ok(eigh(T).values[0]! > 0);
  assert.ok(eigh(V).values[n - 1]! < 0);
});

test('Cartesian d functions of 6-31G* have self-overlap 1 for xx, yy, zz and 1/3 for xy, xz, yz', () => {
  const c = publicCase('h2o_631gs');
  const basis = load('6-31G*', c.molecule, { pure: false });
  const S = overlap(basis);
  const d = Array.from(basis.shellL).indexOf(2);
  const f0 = basis.shellFirstFunction[d]!;
  const expected = [1, 1 / 3, 1 / 3, 1, 1 / 3, 1];
  for (let k = 0; k < 6; k++) assert.ok(Math.abs(S.data[(f0 + k) * S.cols + f0 + k]! - expected[k]!) < 1e-14);
});

function sortedEigenvalues(m: Matrix): Float64Array {
  return eigh(m).values;
}

test('S, T and V (cc-pVQZ, up to g) are unchanged by translating the molecule and their eigenvalues by rotating it', () => {
  const R = rotation([0.3, -0.5, 0.8], 1.234);
  const moved = transform(WATER_TILTED, R, [0.7, -1.9, 2.4]);
  const shifted = transform(WATER_TILTED, [1, 0, 0, 0, 1, 0, 0, 0, 1], [0.7, -1.9, 2.4]);
  const b0 = load('cc-pVQZ', WATER_TILTED);
  const bt = load('cc-pVQZ', shifted);
  const br = load('cc-pVQZ', moved);
  const pairs: Array<[string, Matrix, Matrix, Matrix]> = [
    ['S', overlap(b0), overlap(bt), overlap(br)],
    ['T', kinetic(b0), kinetic(bt), kinetic(br)],
    ['V', nuclearAttraction(b0, WATER_TILTED), nuclearAttraction(bt, shifted), nuclearAttraction(br, moved)],
  ];
  for (const [label, m0, mt, mr] of pairs) {
    const scale = Math.max(...Array.from(m0.data, Math.abs));
    assert.ok(maxAbsDiff(m0.data, mt.data) < 1e-12 * scale, `${label} translation`);
    const d = maxAbsDiff(sortedEigenvalues(m0), sortedEigenvalues(mr));
    assert.ok(d < 1e-11 * scale, `${label} rotation: ${d}`);
  }
});

test('dipole integrals shift by t·S when the molecule moves by t, and by −C·S when the origin moves to C', () => {
  const t: [number, number, number] = [0.4, -1.1, 0.9];
  const shifted = transform(WATER_TILTED, [1, 0, 0, 0, 1, 0, 0, 0, 1], t);
  const b0 = load('cc-pVTZ', WATER_TILTED);
  const S = overlap(b0);
  const M0 = dipole(b0);
  const Mt = dipole(load('cc-pVTZ', shifted));
  const C: [number, number, number] = [-0.3, 0.25, 1.7];
  const MC = dipole(b0, C);
  const comps = [M0.x, M0.y, M0.z];
  [Mt.x, Mt.y, Mt.z].forEach((m, k) => {
    for (let i = 0; i < m.data.length; i++) assert.ok(Math.abs(m.data[i]! - comps[k]!.data[i]! - t[k]! * S.data[i]!) < 1e-12);
  });
  [MC.x, MC.y, MC.z].forEach((m, k) => {
    for (let i = 0; i < m.data.length; i++) assert.ok(Math.abs(m.data[i]! - comps[k]!.data[i]! + C[k]! * S.data[i]!) < 1e-12);
  });
});

test('shell-block functions fill caller buffers with the blocks of the full matrices', () => {
  const basis = load('cc-pVTZ', WATER_TILTED);
  const S = overlap(basis), T = kinetic(basis), V = nuclearAttraction(basis, WATER_TILTED), M = dipole(basis, [0.1, 0.2, 0.3]);
  const n = basis.nbf;
  const buf = new Float64Array(49), bx = new Float64Array(49), by = new Float64Array(49), bz = new Float64Array(49);
  for (let P = 0; P < basis.nshell; P += 3) {
    for (let Q = 0; Q < basis.nshell; Q += 2) {
      const nP = shellSize(basis, P);
      const nQ = shellSize(basis, Q);
      const p0 = basis.shellFirstFunction[P]!, q0 = basis.shellFirstFunction[Q]!;
      const check = (full: Matrix, b: Float64Array): void => {
        // Blocks with P < Q are mirrored in the full matrix, so they agree up to rounding only.
        for (let i = 0; i < nP; i++) for (let j = 0; j < nQ; j++) assert.ok(Math.abs(b[i * nQ + j]! - full.data[(p0 + i) * n + q0 + j]!) < 1e-13);
      };
      overlapShellBlock(basis, P, Q, buf);
      check(S, buf);
      kineticShellBlock(basis, P, Q, buf);
      check(T, buf);
      nuclearAttractionShellBlock(basis, WATER_TILTED, P, Q, buf);
      check(V, buf);
      dipoleShellBlock(basis, P, Q, [0.1, 0.2, 0.3], bx, by, bz);
      check(M.x, bx);
      check(M.y, by);
      check(M.z, bz);
    }
  }
});

test('invalid shells, buffers, origins and molecules are rejected with clear errors', () => {
  const basis = load('cc-pVDZ', WATER_TILTED);
  const buf = new Float64Array(25);
  assert.throws(() => overlapShellBlock(basis, -1, 0, buf), /shell index -1/);
  assert.throws(() => overlapShellBlock(basis, 0, basis.nshell, buf), /shell index/);
  assert.throws(() => kineticShellBlock(basis, basis.nshell - 1, basis.nshell - 1, new Float64Array(2)), /output buffer needs/);
  assert.throws(() => dipole(basis, [0, 0] as unknown as [number, number, number]), (e: unknown) => e instanceof InvalidInputError);
  assert.throws(
    () => nuclearAttraction(basis, { atoms: [{ Z: 8, position: [0, NaN, 0] }] }),
    (e: unknown) => e instanceof InvalidInputError && /atom 0/.test((e as Error).message),
  );
  const tooHigh = { ...basis, maxL: 7, shellL: Int32Array.from(basis.shellL, (l, i) => (i === 0 ? 7 : l)) };
  assert.throws(() => overlap(tooHigh), (e: unknown) => e instanceof InvalidInputError && /L ≤ 6/.test((e as Error).message));
  assert.throws(() => overlapShellBlock(tooHigh, 0, 0, new Float64Array(1000)), /L ≤ 6/);
});

test.run();
