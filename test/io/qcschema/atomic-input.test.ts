import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isAtomicInput, parseAtomicInput, parametersFromKeywords, PSI4_KEYWORD_TABLE } from '../../../src/io/qcschema';
import { SCF_PARAMETER_TABLE } from '../../../src/scf';
import { InvalidInputError } from '../../../src/errors';
import { publicCase } from '../../scf/reference-data';

/** A water/cc-pVDZ AtomicInput from the public case (bohr), pretty-printed so lines are meaningful. */
function waterInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const c = publicCase('h2o_ccpvdz');
  return {
    schema_name: 'qcschema_input',
    schema_version: 1,
    driver: 'energy',
    model: { method: 'hf', basis: 'cc-pVDZ' },
    keywords: { maxiter: 5 },
    molecule: { symbols: c.atoms_bohr.map((a) => a[0]), geometry: c.atoms_bohr.flatMap((a) => a.slice(1) as number[]) },
    ...overrides,
  };
}
const pretty = (o: unknown): string => JSON.stringify(o, null, 2);

/** Asserts that parsing fails with an InvalidInputError whose message holds every fragment. */
function refuses(text: string, fragments: string[]): void {
  try {
    parseAtomicInput(text, { filename: 'ai.json' });
  } catch (e) {
    assert.instance(e, InvalidInputError);
    const message = (e as Error).message;
    assert.not.match(message, /\n/, 'one line');
    for (const f of fragments) assert.ok(message.includes(f), `${JSON.stringify(message)} should include ${JSON.stringify(f)}`);
    return;
  }
  assert.unreachable(`expected ${fragments.join(' … ')}`);
}

test('an AtomicInput gives the molecule in bohr, the basis from model.basis and maxiter as max_iteration', () => {
  const spec = parseAtomicInput(pretty(waterInput()), { filename: 'ai.json' });
  const c = publicCase('h2o_ccpvdz');
  assert.equal(spec.parameters, { max_iteration: 5, basis_set: 'cc-pVDZ' });
  assert.is(spec.driver, 'energy');
  assert.is(spec.molecule.atoms.length, 3);
  // Bohr in, bohr inside: the coordinates are the file's numbers exactly.
  spec.molecule.atoms.forEach((a, i) => assert.equal([...a.position], c.atoms_bohr[i]!.slice(1)));
  assert.is(spec.molecule.charge, 0);
  assert.is(spec.molecule.multiplicity, 1);
  assert.equal(spec.protocols, { wavefunction: 'none', stdout: true });
});

test('the charge and multiplicity of the molecule are honoured', () => {
  const c = publicCase('oh_uhf_631gs');
  const input = waterInput({ molecule: { symbols: ['O', 'H'], geometry: c.atoms_bohr.flatMap((a) => a.slice(1) as number[]), molecular_charge: -1, molecular_multiplicity: 1 } });
  const m = parseAtomicInput(pretty(input)).molecule;
  assert.is(m.charge, -1);
  assert.is(m.multiplicity, 1);
  assert.is(m.electronCount, 10);
});

test('every Psi4 keyword maps through the parameter table to the value roothaan uses', () => {
  const p = parametersFromKeywords({
    MAXITER: 40, e_convergence: 8, d_convergence: 1e-7, reference: 'UHF', guess: 'Core', diis: false, diis_max_vecs: 6,
    diis_start: 2, damping_percentage: 20, level_shift: 0.5, level_shift_cutoff: 1e-3, puream: false, s_tolerance: 1e-6, scf_type: 'PK',
  });
  assert.equal(p, {
    max_iteration: 40, use_diis: false, reference: 'uhf', guess: 'core', convergence: { energy: 1e-8, density: 1e-7 }, damping: 0.2,
    level_shift: 0.5, level_shift_cutoff: 1e-3, diis_size: 6, diis_start: 2, puream: false, s_tolerance: 1e-6, scf_type: 'pk',
  });
  // Psi4's density-fitting names are roothaan's df; out_of_core and conv leave the exact choice to roothaan.
  assert.equal(parametersFromKeywords({ scf_type: 'MEM_DF', df_basis_scf: 'cc-pVDZ-JKFIT' }), { scf_type: 'df', df_basis_scf: 'cc-pVDZ-JKFIT' });
  assert.equal(parametersFromKeywords({ scf_type: 'direct', df_scf_guess: true }), { scf_type: 'direct', df_scf_guess: true });
  assert.equal(parametersFromKeywords({ scf_type: 'out_of_core' }), {});
  // Every keyword names a real row of the table.
  const keys = new Set(SCF_PARAMETER_TABLE.map((r) => r.key));
  for (const k of PSI4_KEYWORD_TABLE) assert.ok(keys.has(k.parameter), `${k.keyword} → ${k.parameter}`);
});

test("Psi4's SOSCF keywords map to the parameters of the same names", () => {
  const p = parametersFromKeywords({ SOSCF: true, soscf_start_convergence: 1e-3, soscf_min_iter: 2, soscf_max_iter: 10, soscf_conv: 1e-4 });
  assert.equal(p, { soscf: true, soscf_start_convergence: 1e-3, soscf_min_iter: 2, soscf_max_iter: 10, soscf_conv: 1e-4 });
});

test('an unknown keyword, a wrong value or Cholesky integrals are refused, naming keywords.<name> and its line', () => {
  refuses(pretty(waterInput({ keywords: { maxiter: 5, foo: 1 } })), ['ai.json:11', '(keywords.foo)', 'unknown keyword "foo"']);
  refuses(pretty(waterInput({ keywords: { maxiter: 0 } })), ['(keywords.maxiter)', 'must be an integer in [1, 10000], got 0']);
  refuses(pretty(waterInput({ keywords: { MaxIter: 'ten' } })), ['(keywords.MaxIter)']);
  refuses(pretty(waterInput({ keywords: { maxiter: 5, MAXITER: 6 } })), ['(keywords.MAXITER)', 'given twice']);
  refuses(pretty(waterInput({ keywords: { reference: 'cuhf' } })), ['(keywords.reference)', 'cuhf']);
  refuses(pretty(waterInput({ keywords: { damping_percentage: 100 } })), ['(keywords.damping_percentage)', '[0, 100)']);
  refuses(pretty(waterInput({ keywords: { scf_type: 'cd' } })), ['(keywords.scf_type)', 'scf_type "cd" is not supported', 'density fitting (df, mem_df, disk_df)']);
  refuses(pretty(waterInput({ keywords: { basis: 'sto-3g' } })), ['(keywords.basis)', 'model.basis']);
});

test('methods other than HF, drivers other than energy and a missing basis are refused by field', () => {
  refuses(pretty(waterInput({ model: { method: 'MP2', basis: 'cc-pVDZ' } })), ['ai.json:6', '(model.method)', 'method "MP2" is not supported', '"hf" or "scf"']);
  for (const driver of ['gradient', 'hessian', 'properties']) refuses(pretty(waterInput({ driver })), ['ai.json:4', '(driver)', `driver "${driver}" is not supported`]);
  refuses(pretty(waterInput({ driver: 'optimize' })), ['(driver)', 'must be one of energy, gradient, hessian, properties']);
  refuses(pretty(waterInput({ model: { method: 'hf' } })), ['(model.basis)', 'required']);
  refuses(pretty(waterInput({ model: { method: 'hf', basis: { name: 'x' } } })), ['(model.basis)', 'BasisSet object']);
  refuses(pretty(waterInput({ model: { method: 'hf', basis: 'cc-pVDZ', extra: 1 } })), ['(model.extra)', 'unknown field']);
  refuses(pretty(waterInput({ gradient: true })), ['(gradient)', 'unknown field']);
  refuses(pretty(waterInput({ schema_version: 2 })), ['(schema_version)', 'must be 1']);
  refuses(pretty(waterInput({ molecule: { symbols: ['O', 'H', 'H'], geometry: [0, 0, 0, 0, 0, 1.8, 0, 1.8, 0], real: [true, false, true] } })), ['(molecule.real)', 'ghost atoms']);
  refuses('{"driver": "energy",\n "model": ', ['ai.json', '(JSON)', 'not valid JSON']);
  // Methods are matched case-insensitively, as QCEngine does.
  assert.is(parseAtomicInput(pretty(waterInput({ model: { method: 'SCF', basis: 'sto-3g' } }))).parameters.basis_set, 'sto-3g');
});

test('an AtomicInput is told apart from a bare QCSchema molecule and from other formats', () => {
  assert.ok(isAtomicInput(pretty(waterInput())));
  assert.ok(isAtomicInput(JSON.stringify({ molecule: {}, model: {} })));
  assert.not.ok(isAtomicInput(JSON.stringify({ symbols: ['He'], geometry: [0, 0, 0] })));
  assert.not.ok(isAtomicInput('3\nwater\nO 0 0 0\nH 0 0 1\nH 0 1 0\n'));
  assert.not.ok(isAtomicInput('{ not json'));
});

test.run();
