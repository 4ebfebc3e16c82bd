"""One PySCF RHF run for the benchmarks (bench/scf.ts, bench/scaling.ts); a dev tool, not a test.

PySCF itself is not part of this repository: build it outside (see the README's section on
benchmarks) and run this file with Debian's python3 and PYTHONPATH set to the PySCF tree.

The orbital and auxiliary basis sets are read from the same Gaussian94 files roothaan and Psi4
use (data/basis/*.gbs), so the three programs run on identical basis sets, not on each one's
own copy of "cc-pVDZ".

    PYTHONPATH=$ROOTHAAN_PYSCF OMP_NUM_THREADS=2 /usr/bin/python3 bench/pyscf-rhf.py \
        --case case.json | --xyz water.xyz [--bohr] [--charge 0] \
        --basis data/basis/cc-pvdz.gbs [--aux data/basis/cc-pvdz-jkfit.gbs] [--cart] [--max-memory MB]

case.json: {"atoms": [[symbol, x, y, z], ...] in bohr, "charge": 0}. --aux turns on density
fitting with that auxiliary set (PySCF's density_fit; the auxiliary functions are Cartesian
when the orbital ones are, as in Psi4). Convergence: conv_tol 1e-10 Eh (roothaan's and
Psi4's e_convergence), conv_tol_grad 1e-8 (the norm of the orbital gradient; at least as tight
as an RMS density change of 1e-8). max_memory 16000 MB, as Psi4's `memory 16 gb`, so the exact
ERIs are held in memory when they fit (PySCF's in-core SCF), as roothaan's stored J/K.

Prints one JSON line: nbf, naux, energy (Eh), iterations, converged, seconds after import.
"""
import argparse
import json
import sys
import time

t_start = time.time()
from pyscf import gto, scf  # noqa: E402
from pyscf.gto.basis import parse_gaussian  # noqa: E402

t_imported = time.time()


def read_atoms(args):
    if args.case:
        with open(args.case) as f:
            c = json.load(f)
        return [(a[0], a[1:4]) for a in c['atoms']], c.get('charge', 0), 'Bohr'
    with open(args.xyz) as f:
        lines = f.read().strip().split('\n')
    n = int(lines[0])
    atoms = []
    for line in lines[2:2 + n]:
        s, x, y, z = line.split()[:4]
        atoms.append((s, [float(x), float(y), float(z)]))
    return atoms, args.charge, 'Bohr' if args.bohr else 'Angstrom'


def basis_from_file(path, symbols):
    return {s: parse_gaussian.load(path, s) for s in sorted(set(symbols))}


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--case')
    p.add_argument('--xyz')
    p.add_argument('--bohr', action='store_true')
    p.add_argument('--charge', type=int, default=0)
    p.add_argument('--basis', required=True)
    p.add_argument('--aux')
    p.add_argument('--cart', action='store_true')
    p.add_argument('--max-memory', type=int, default=16000, help='MB (PySCF max_memory)')
    args = p.parse_args()
    if not args.case and not args.xyz:
        p.error('give --case or --xyz')
    atoms, charge, unit = read_atoms(args)
    symbols = [a[0] for a in atoms]
    mol = gto.M(atom=atoms, unit=unit, charge=charge, basis=basis_from_file(args.basis, symbols),
                cart=args.cart, verbose=0, max_memory=args.max_memory)
    mf = scf.RHF(mol)
    if args.aux:
        mf = mf.density_fit(auxbasis=basis_from_file(args.aux, symbols))
    mf.conv_tol = 1e-10
    mf.conv_tol_grad = 1e-8
    mf.max_cycle = 100
    t0 = time.time()
    energy = mf.kernel()
    t1 = time.time()
    out = {
        'nbf': mol.nao,
        'naux': mf.with_df.auxmol.nao if args.aux else None,
        'energy': energy,
        'iterations': getattr(mf, 'cycles', None),
        'converged': bool(mf.converged),
        'importS': t_imported - t_start,
        'scfS': t1 - t0,
    }
    sys.stdout.write(json.dumps(out) + '\n')


main()
