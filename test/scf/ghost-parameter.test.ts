import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BasisNotFoundError, InvalidInputError } from '../../src/errors';
import * as geometry from '../../src/geometry';
import * as scf from '../../src/scf';
import { runCli } from '../cli/helpers';
import { REFERENCE_DIR } from './reference-data';

/*
 * ghost_atoms / --ghost: atoms of the input made ghosts. The check against Psi4 is the
 * counterpoise entry "monomer A in the dimer basis" of methods-cases.json (water dimer S22,
 * cc-pVDZ, Psi4 1.3.2 Gh(X)), computed from the whole dimer's atoms with ghost_atoms naming
 * monomer B. It must equal the Gh() geometry input to 1e-12 Eh (the same molecule and basis,
 * hence the same arithmetic: only a different path to them) and Psi4 to 1e-8 Eh (the
 * reference tolerance of test/scf/counterpoise-reference.test.ts, whose convergence it uses).
 */

interface CounterpoiseCase {
  method: string;
  role: string;
  energy: number;
  nbf: number;
  nalpha: number;
  atoms_bohr: [string, number, number, number][];
  ghost_atoms_0based: number[];
}
const CASES = (JSON.parse(fs.readFileSync(path.join(REFERENCE_DIR, 'methods-cases.json'), 'utf8')) as CounterpoiseCase[]).filter((c) => c.method === 'counterpoise');
const DIMER = CASES.find((c) => c.role === 'dimer')!;
const A_IN_DIMER = CASES.find((c) => c.role === 'monomer_A_in_dimer_basis')!;
const PARAMS = { basis_set: 'cc-pVDZ', convergence: { energy: 1e-10, density: 1e-9 } };
const water = geometry.fromAtoms([['O', 0, -0.143225816552, 0], ['H', 1.638036840407, 1.136548822547, 0], ['H', -1.638036840407, 1.136548822547, 0]], { units: 'bohr' });

test('parseGhostAtoms takes a list or the CLI\'s comma-separated text, sorted, without repeats', () => {
  assert.equal(scf.parseGhostAtoms('3,1', { field: '--ghost' }), [1, 3]);
  assert.equal(scf.parseGhostAtoms([2, 2, 1], { field: 'ghost_atoms' }), [1, 2]);
  assert.equal(scf.parseGhostAtoms(['4', '2,3'], { field: '--ghost' }), [2, 3, 4]); // --ghost 4 --ghost 2,3
  assert.equal(scf.parseGhostAtoms(2, { field: 'ghost_atoms' }), [2]);
  assert.equal(scf.parseScfParameters({ ghost_atoms: [3, 2] }).ghost_atoms, [2, 3]);
});

test('a bad ghost list is one clear error naming the field', () => {
  const cases: [unknown, string][] = [[[0], 'atoms count from 1'], [[1.5], 'not an atom number'], ['1,x', 'not an atom number'], [[], 'names no atom'], [{}, 'must be a list'], [0, 'atoms count from 1']];
  for (const [value, words] of cases) {
    try {
      scf.parseScfParameters({ ghost_atoms: value });
      assert.unreachable(JSON.stringify(value));
    } catch (e) {
      assert.instance(e, InvalidInputError);
      assert.is((e as InvalidInputError).location?.field, 'ghost_atoms');
      assert.ok((e as Error).message.includes(words), (e as Error).message);
    }
  }
  assert.throws(() => scf.withGhostParameter(water, [4]), (e: unknown) => e instanceof InvalidInputError && /atom 4 does not exist: the molecule has 3 atoms/.test(e.message));
  assert.throws(() => scf.withGhostParameter(water, [1, 2, 3], { field: '--ghost' }), (e: unknown) => e instanceof InvalidInputError && e.message.startsWith('--ghost: that makes all 3 atoms ghosts'));
  // Water with O a ghost keeps 2 electrons, which cannot be a quartet: refused before any integral.
  assert.throws(() => scf.runCalculation(water, { basis_set: 'STO-3G', ghost_atoms: [1], multiplicity: 4 }), (e: unknown) => e instanceof InvalidInputError && e.location?.field === 'multiplicity');
});

test('a ghost atom whose basis has no functions for its element is refused, naming the entry that chose the basis', () => {
  const he2 = geometry.fromAtoms([['He', 0, 0, 0], ['He', 0, 0, 3]], { units: 'bohr' }); // 6-31++G** has no He
  assert.throws(
    () => scf.runCalculation(he2, { basis_set: '6-31++G**', basis_assign: { 1: 'STO-3G' }, ghost_atoms: [2] }),
    (e: unknown) => e instanceof BasisNotFoundError && e.location?.field === 'basis_set' && e.message.includes('no functions for He (atom 2, counting from 1, a ghost atom)'),
  );
  assert.throws(
    () => scf.runCalculation(he2, { basis_set: 'STO-3G', basis_assign: { 2: '6-31++G**' }, ghost_atoms: [2] }),
    (e: unknown) => e instanceof BasisNotFoundError && e.location?.field === 'basis_assign.2',
  );
});

test('ghost_atoms makes the atoms ghosts as Gh(X) does: no nucleus, no electrons, their basis functions kept', () => {
  const ghosted = scf.withGhostParameter(water, [1]);
  assert.equal(ghosted.atoms.map((a) => [a.symbol, a.Z, a.ghost === true]), [['O', 0, true], ['H', 1, false], ['H', 1, false]]);
  assert.is(ghosted.electronCount, 2);
  const prepared = scf.prepareCalculation(water, scf.parseScfParameters({ basis_set: 'STO-3G', ghost_atoms: [1] }), { threads: 1 });
  try {
    assert.is(prepared.basis.nbf, 7);
    assert.equal([prepared.problem.nalpha, prepared.problem.nbeta], [1, 1]);
    assert.is(prepared.problem.nuclearRepulsion, 1 / Math.hypot(2 * 1.638036840407, 0));
  } finally {
    prepared.dispose();
  }
});

test('monomer A in the dimer basis via ghost_atoms on the dimer = the Gh() input to 1e-12 Eh = Psi4 to 1e-8 Eh', async () => {
  const ghosts = A_IN_DIMER.ghost_atoms_0based.map((i) => i + 1);
  const viaParameter = scf.runCalculation(geometry.fromAtoms(DIMER.atoms_bohr, { units: 'bohr' }), { ...PARAMS, ghost_atoms: ghosts }, { threads: 1 });
  const viaGeometry = scf.runCalculation(geometry.fromAtoms(A_IN_DIMER.atoms_bohr, { units: 'bohr', ghost: A_IN_DIMER.ghost_atoms_0based }), PARAMS, { threads: 1 });
  assert.ok(viaParameter.result.converged && viaGeometry.result.converged);
  assert.is(viaParameter.basis.nbf, A_IN_DIMER.nbf);
  assert.is(viaParameter.molecule.nalpha, A_IN_DIMER.nalpha);
  const e = viaParameter.result.energy;
  assert.ok(Math.abs(e - viaGeometry.result.energy) < 1e-12, `${e} vs Gh() ${viaGeometry.result.energy}`);
  assert.ok(Math.abs(e - A_IN_DIMER.energy) < 1e-8, `${e} vs Psi4 ${A_IN_DIMER.energy} (Δ ${(e - A_IN_DIMER.energy).toExponential(2)})`);

  // The same through `roothaan run --ghost` on the Psi4-style dimer file (two fragments).
  const line = ([s, x, y, z]: [string, number, number, number]): string => `${s} ${x} ${y} ${z}`;
  const text = ['units bohr', '0 1', ...DIMER.atoms_bohr.slice(0, 3).map(line), '--', '0 1', ...DIMER.atoms_bohr.slice(3).map(line), 'symmetry c1', 'no_com', 'no_reorient', ''].join('\n');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-ghost-'));
  try {
    const file = path.join(dir, 'dimer.psi4');
    fs.writeFileSync(file, text);
    const run = await runCli(['run', file, '--no-store', '--json', '--threads', '1', '--basis', 'cc-pVDZ', '--e-convergence', '1e-10', '--d-convergence', '1e-9', '--ghost', ghosts.join(',')]);
    assert.is(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as { energy: number; nbf: number; charge: number; multiplicity: number };
    assert.equal([json.nbf, json.charge, json.multiplicity], [A_IN_DIMER.nbf, 0, 1]);
    assert.ok(Math.abs(json.energy - e) < 1e-12, `CLI ${json.energy} vs ${e}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
