import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { InvalidInputError } from '../../src/errors';
import { parse, type Molecule } from '../../src/geometry';
import * as scf from '../../src/scf';
import { REFERENCE_DIR } from './reference-data';

/*
 * df_scf_guess (Psi4's DF_SCF_GUESS): an exact SCF that converges with density fitting first and
 * then continues exactly from the DF density. Reference: test/reference/df-cases.json, whose
 * cases hold both Psi4 1.3.2 energies of the same molecule — scf_type df (`energy`) and scf_type
 * pk (`energy_pk`). Tolerance 1e-8 Eh against Psi4 (the project's target; each stage converges to
 * |ΔE| < 1e-10), and 1e-10 Eh against our own exact SCF from the SAD guess (the same fixed point).
 */
interface DfCase {
  name: string; basis: string; puream: boolean; df_basis_scf: string; energy: number; energy_pk: number;
  atoms_bohr: Array<[string, number, number, number]>;
}
const CASES = JSON.parse(readFileSync(path.join(REFERENCE_DIR, 'df-cases.json'), 'utf8')) as DfCase[];
const water = CASES.find((c) => c.name === 'h2o_ccpvdz')!;

function moleculeOf(c: DfCase): Molecule {
  return parse(`${c.atoms_bohr.length}\n${c.name} units=bohr\n${c.atoms_bohr.map((a) => a.join(' ')).join('\n')}\n`, { format: 'xyz' });
}

test('water/cc-pVDZ with df_scf_guess: DF iterations first, then exact ones, ending at the exact (pk) energy of Psi4 within 1e-8 Eh', () => {
  const params = { basis_set: water.basis, puream: water.puream, scf_type: 'pk', df_basis_scf: water.df_basis_scf, df_scf_guess: true };
  const prepared = scf.prepareCalculation(moleculeOf(water), scf.parseScfParameters(params), { threads: 1 });
  try {
    assert.is(prepared.integrals!.scfType, 'pk');
    assert.is(prepared.integrals!.dfScfGuess!.dfBasisScf, 'cc-pVDZ-JKFIT');
    const records: scf.ScfIteration[] = [];
    const result = scf.run(prepared, {}, (r) => void records.push(r));
    assert.ok(result.converged);
    const stage = result.dfGuess!;
    assert.ok(stage.converged);
    // The records say which stage ran: a run of DF iterations 1 … k, then exact ones k + 1 … n.
    const k = stage.iterations;
    assert.ok(k >= 2 && result.iterations > k, `DF ${k}, total ${result.iterations}`);
    assert.equal(records.map((r) => r.iteration), Array.from({ length: result.iterations }, (_, i) => i + 1));
    assert.equal(records.map((r) => r.dfGuess === true), records.map((_, i) => i < k));
    assert.equal(result.history.map((h) => h.dfGuess === true), records.map((_, i) => i < k));
    // The DF stage converged to Psi4's DF energy, the exact stage to Psi4's exact one.
    assert.ok(Math.abs(stage.energy - water.energy) < 1e-8, `DF stage ${stage.energy}, Psi4 df ${water.energy}`);
    assert.ok(Math.abs(result.energy - water.energy_pk) < 1e-8, `E = ${result.energy}, Psi4 pk ${water.energy_pk}`);
    // The exact stage starts from the DF density: its first energy is the exact energy of that density, so ΔE is E_exact − E_DF.
    const first = records[k]!;
    assert.ok(Math.abs(first.deltaE - (first.energy - stage.energy)) < 1e-12);
    assert.ok(Math.abs(first.energy - water.energy_pk) < 1e-3, 'the DF density is already close to the exact one');
    const plain = scf.runCalculation(moleculeOf(water), { basis_set: water.basis, puream: water.puream, scf_type: 'pk' }, { threads: 1 });
    assert.ok(Math.abs(result.energy - plain.result.energy) < 1e-10, `${result.energy} vs plain exact ${plain.result.energy}`);
    assert.is(plain.result.dfGuess, undefined);
    // Fewer exact iterations than the plain exact SCF from the SAD guess: what the DF stage saves.
    assert.ok(result.iterations - k < plain.result.iterations, `${result.iterations - k} exact after DF vs ${plain.result.iterations}`);
  } finally {
    prepared.dispose();
  }
});

test('a run given a start density skips the DF stage and iterates exactly', () => {
  const params = scf.parseScfParameters({ basis_set: water.basis, puream: water.puream, df_scf_guess: true });
  const prepared = scf.prepareCalculation(moleculeOf(water), params, { threads: 1 });
  try {
    const first = scf.iterate(prepared).next().value as scf.ScfIteration;
    assert.is(first.dfGuess, true);
    const result = scf.run(prepared, { start: { density: first.density, iteration: 2 } });
    assert.ok(result.converged);
    assert.is(result.dfGuess, undefined);
    assert.ok(result.history.every((h) => h.dfGuess === undefined));
    assert.ok(Math.abs(result.energy - water.energy_pk) < 1e-8);
  } finally {
    prepared.dispose();
  }
});

test('df_scf_guess is one row of the parameter table (key, option, CLI flag) and is refused with scf_type df', () => {
  const row = scf.SCF_PARAMETER_TABLE.find((p) => p.key === 'df_scf_guess')!;
  assert.equal([row.option, row.flag, row.stage], ['dfScfGuess', 'df-scf-guess', 'setup']);
  assert.is(scf.parseScfParameters({ df_scf_guess: true }).df_scf_guess, true);
  assert.throws(() => scf.parseScfParameters({ df_scf_guess: 'yes' }), (e: unknown) => e instanceof InvalidInputError);
  assert.throws(
    () => scf.parseScfParameters({ scf_type: 'df', df_scf_guess: true }),
    (e: unknown) => e instanceof InvalidInputError && /df_scf_guess/.test(e.message) && e.location?.field === 'df_scf_guess',
  );
});

test.run();
