# Reference energies for the hard SCF cases of test/scf/hard-cases.json (issue #14).
# Run: PYTHONPATH=/usr/lib/x86_64-linux-gnu /usr/bin/python3 test/scf/hard-cases.py  (Debian package psi4, 1.3.2)
#
# cd_imidazole: [Cd(imidazole)]2+ of Hu & Yang, J. Chem. Phys. 132, 054109 (2010), doi 10.1063/1.3304922,
# with the geometry of Psi4's own test tests/aediis-1 (angstrom, copied as given there). That test runs
# RHF/3-21G from the core guess, where, in its words, "un-accelerated DIIS will fail", with ADIIS on.
# Psi4 1.3.2 has no ADIIS, so the reference is converged from the SAD guess, tightly; the newer Psi4 of
# tests/aediis-1 gives -5663.1433914266744978 Eh (its e/d convergence 1e-6, compared to 6 decimals).
import psi4, json
psi4.set_memory('4 GB')
psi4.core.set_output_file('hard-cases.out', False)
psi4.set_num_threads(1)
CASES = [
    ('cd_imidazole', 2, 1, '3-21g', 'rhf', [
        ('Cd', 0.0000000000, 0.0000000000, 0.0000000000),
        ('N', 0.0000000000, 0.0000000000, -2.2600010635),
        ('N', -0.6854437203, 0.0000000000, -4.3480354859),
        ('C', 0.6760533303, 0.0000000000, -4.3850694419),
        ('C', 1.0852404753, 0.0000000000, -3.0912317094),
        ('C', -1.0447523879, 0.0000000000, -3.0602202054),
        ('H', 1.2315299626, 0.0000000000, -5.3007589304),
        ('H', 2.0886410569, 0.0000000000, -2.7110772355),
        ('H', -2.0687499916, 0.0000000000, -2.7265149874),
        ('H', -1.3131700977, 0.0000000000, -5.1747180497),
    ]),
]
rows = []
for name, charge, mult, basis, reference, atoms in CASES:
    lines = '\n'.join(f'{s} {x:.10f} {y:.10f} {z:.10f}' for s, x, y, z in atoms)
    mol = psi4.geometry(f"{charge} {mult}\n{lines}\nunits angstrom\nno_com\nno_reorient\nsymmetry c1\n")
    psi4.set_options({'basis': basis, 'reference': reference, 'scf_type': 'pk', 'guess': 'sad',
                      'e_convergence': 1e-11, 'd_convergence': 1e-10, 'maxiter': 200})
    e, wfn = psi4.energy('scf', return_wfn=True, molecule=mol)
    rows.append({'name': name, 'basis': basis, 'reference': reference, 'charge': charge, 'multiplicity': mult,
                 'atoms_angstrom': [list(a) for a in atoms], 'energy': e, 'nbf': wfn.nso(),
                 'nalpha': wfn.nalpha(), 'nbeta': wfn.nbeta()})
    psi4.core.clean()
json.dump({'provenance': 'Computed with Psi4 1.3.2 (Debian package psi4) by test/scf/hard-cases.py: scf_type pk, '
           'guess sad, e_convergence 1e-11, d_convergence 1e-10, one thread, symmetry c1, no_com, no_reorient. '
           'Geometry of cd_imidazole: Psi4 tests/aediis-1 (Hu & Yang 2010).', 'cases': rows},
          open('hard-cases.json', 'w'), indent=1)
