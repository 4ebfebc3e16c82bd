# Reference energies for roothaan's own test cases (test/scf/own-cases.json), not in test/reference.
# Run: PYTHONPATH=/usr/lib/x86_64-linux-gnu /usr/bin/python3 test/scf/own-cases.py  (Debian package psi4)
import psi4, json
PROVENANCE = ('Computed with Psi4 1.3.2 (Debian package psi4) by test/scf/own-cases.py, one process per case: '
              'scf_type pk, e_convergence 1e-11, d_convergence 1e-9, guess sad, one thread (PK with two threads is wrong for one basis function in Psi4 1.3.2), symmetry c1, no_com, no_reorient, units bohr.')
psi4.set_memory('4 GB')
psi4.core.set_output_file('own.out', False)
# One thread: Psi4 1.3.2's in-core PK with 2 threads is wrong for a single basis function
# (He/STO-3G: -2.2799 Eh instead of -2.8078; scf_type direct agrees with 1 thread).
psi4.set_num_threads(1)
cases = [
 # name, geometry (bohr), charge, mult, basis, reference
 ('ne_ccpvdz', 'Ne 0 0 0', 0, 1, 'cc-pvdz', 'rhf'),
 ('he_sto3g', 'He 0 0 0', 0, 1, 'sto-3g', 'rhf'),
 ('h_atom_sto3g', 'H 0 0 0', 0, 2, 'sto-3g', 'uhf'),
 ('nh3_def2svp', 'N 0 0 0.2\nH 1.77 0 -0.52\nH -0.885 1.533 -0.52\nH -0.885 -1.533 -0.52', 0, 1, 'def2-svp', 'rhf'),
 ('hf_6311ppgss', 'F 0 0 0\nH 0 0 1.7328', 0, 1, '6-311++g**', 'rhf'),
 ('cn_uhf_ccpvdz', 'C 0 0 0\nN 0 0 2.214', 0, 2, 'cc-pvdz', 'uhf'),
 ('h2o_cation_augccpvdz', 'O 0 0 0\nH 1.43 1.1 0\nH -1.43 1.1 0', 1, 2, 'aug-cc-pvdz', 'uhf'),
 ('n2_ccpvtz', 'N 0 0 0\nN 0 0 2.074', 0, 1, 'cc-pvtz', 'rhf'),
 ('hf_ccpvqz', 'F 0 0 0\nH 0 0 1.7328', 0, 1, 'cc-pvqz', 'rhf'),
 ('lih_321g', 'Li 0 0 0\nH 0 0 3.015', 0, 1, '3-21g', 'rhf'),
 ('ch2o_pcseg1', 'C 0 0 0\nO 0 0 2.28\nH 1.77 0 -1.1\nH -1.77 0 -1.1', 0, 1, 'pcseg-1', 'rhf'),
 ('ar_6311gss', 'Ar 0 0 0', 0, 1, '6-311g**', 'rhf'),
]
import subprocess, sys
if len(sys.argv) > 1:
    # One case per process: in one process, Psi4 1.3.2 carried state from Ne/cc-pVDZ into the next
    # case (He/STO-3G came out at -2.2799 Eh instead of -2.8078).
    cases = [c for c in cases if c[0] == sys.argv[1]]
else:
    rows = []
    for c in cases:
        subprocess.run([sys.executable, __file__, c[0]], check=True)
        rows.append(json.load(open(c[0] + '.json')))
    json.dump({'provenance': PROVENANCE, 'cases': rows}, open('own-cases.json', 'w'), indent=1)
    sys.exit(0)
out = []
for name, geom, ch, mult, bas, ref in cases:
    mol = psi4.geometry(f"""
{ch} {mult}
{geom}
units bohr
no_com
no_reorient
symmetry c1
""")
    psi4.set_options({'basis': bas, 'reference': ref, 'scf_type': 'pk', 'e_convergence': 1e-11, 'd_convergence': 1e-9, 'guess': 'sad'})
    e, wfn = psi4.energy('scf', return_wfn=True, molecule=mol)
    atoms = [[mol.symbol(i).capitalize(), mol.x(i), mol.y(i), mol.z(i)] for i in range(mol.natom())]
    out.append({'name': name, 'basis': bas, 'reference': ref, 'charge': ch, 'multiplicity': mult, 'atoms_bohr': atoms, 'energy': e, 'nbf': wfn.basisset().nbf(), 'puream': wfn.basisset().has_puream()})
    print(name, e, wfn.basisset().nbf())
    json.dump(out[-1], open(name + '.json', 'w'))
