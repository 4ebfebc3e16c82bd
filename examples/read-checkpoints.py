#!/usr/bin/env python3
"""Read a roothaan job's checkpoints with NumPy and recompute its last SCF energy.

    python3 examples/read-checkpoints.py [--home DIR] [--check] [JOB_ID]

DIR is a roothaan data directory (default: $ROOTHAAN_HOME, else ./.roothaan), holding the
SQLite file roothaan.sqlite and the directory object store objects/. JOB_ID is a job id or a
unique prefix of one; without it, the newest job. Needs only NumPy and the standard library
(Debian: apt install python3-numpy). Jobs whose objects are in S3 are not read here.

What it does:
  1. Finds the job and its rows in the `checkpoints` table (key, kind, iteration, sha256, shape),
     reads each object from DIR/objects/<key>, checks its SHA-256 against the row and loads it
     with numpy.load: S (overlap.bin), H (core-hamiltonian.bin), every Fock matrix
     (fock-matrix/fock_matrix_<n>.bin), every density (densities/density_<n>.bin, and the
     initial guess as iteration 0) and the ERI files (two-electron/ERI_<i>_0_0_0_<j>_0_0_0.bin).
  2. Concatenates the ERI files to the packed unique (ij|kl) and unpacks them to the full
     (ij|kl) tensor of shape (nbf, nbf, nbf, nbf) (chemists' notation, hartree).
  3. Recomputes the energy of the job's last iteration N. In roothaan, iteration N builds
     F_N = F[D_{N-1}] from the density of the iteration before (D_0 = the initial guess) and
     reports E[D_{N-1}] (src/scf/iterate.ts, records.ts); so it takes D_{N-1}, builds F from the
     ERIs (RHF: F = H + J[D] - 1/2 K[D], D the total density; UHF: F^s = H + J[D^a + D^b] - K[D^s])
     and evaluates
        RHF: E = 1/2 tr[D (H + F)] + E_nuc
        UHF: E = 1/2 sum_s tr[D^s (H + F^s)] + E_nuc
     with E_nuc the nuclear repulsion the job recorded (its 'geometry' event). It prints that
     energy next to the one the job's last 'iteration' event reports, and their difference.
  --check also prints: the 8-fold symmetry of the unpacked tensor, that the packed array is in
  PySCF's ao2mo.restore(8, ...) order, |F(recomputed) - F_N(stored)|, and E_nuc recomputed
  from geometry.xyz.
"""
import argparse
import hashlib
import io
import json
import os
import re
import sqlite3
import sys

import numpy as np

BOHR_IN_ANGSTROM = 0.52917721067  # roothaan's value (CODATA 2014), see the README glossary
ERI_KEY = re.compile(r"/two-electron/ERI_(\d+)_0_0_0_(\d+)_0_0_0\.bin$")


def pair_index(i, j):
    """ij = i(i+1)/2 + j for i >= j (either order accepted): the lower triangle, row by row."""
    return i * (i + 1) // 2 + j if i >= j else j * (j + 1) // 2 + i


def packed_index(i, j, k, l):
    """Position of (ij|kl) in the packed store, any index order: src/integrals/packed-layout.ts.

    With ij = pair_index(i, j), kl = pair_index(k, l), the position is ij(ij+1)/2 + kl when
    ij >= kl (else the same with ij and kl swapped): the lower triangle of the npair x npair
    matrix of pairs, row by row. Its length is npair(npair+1)/2, npair = nbf(nbf+1)/2.

    PySCF: this is exactly the order of ao2mo.restore(8, eri, nao). Its C kernel
    (AO2MOrestore_nr1to8, pyscf/lib/ao2mo) enumerates i, j <= i (ij = 0, 1, ...), then
    k <= i, l <= k (kl = 0, 1, ...), keeping kl <= ij; every kl <= ij has k <= i, so row ij holds
    kl = 0 ... ij, and row ij starts at 0 + 1 + ... + ij = ij(ij+1)/2. So roothaan's packed array
    *is* PySCF's 8-fold array (same length, same positions); `--check` verifies it by running that
    enumeration over the unpacked tensor. (The values agree with PySCF's only when the basis
    functions are in the same order and normalisation: roothaan uses Psi4's, see the README.)
    """
    ij, kl = pair_index(i, j), pair_index(k, l)
    return ij * (ij + 1) // 2 + kl if ij >= kl else kl * (kl + 1) // 2 + ij


def unpack_eris(packed, nbf):
    """The full (ij|kl) tensor, shape (nbf,)*4, from the packed unique integrals."""
    npair = nbf * (nbf + 1) // 2
    if packed.shape != (npair * (npair + 1) // 2,):
        sys.exit(f"packed ERIs: {packed.shape[0]} values, expected {npair * (npair + 1) // 2} for {nbf} functions")
    # The npair x npair matrix (ij|kl) over pairs: the packed values are its lower triangle,
    # row by row, which is np.tril_indices' order.
    rows, cols = np.tril_indices(npair)
    by_pair = np.empty((npair, npair))
    by_pair[rows, cols] = packed
    by_pair[cols, rows] = packed
    # The pair index of every (i, j), both orders: ij = i(i+1)/2 + j for i >= j.
    i, j = np.indices((nbf, nbf))
    pair = np.where(i >= j, i * (i + 1) // 2 + j, j * (j + 1) // 2 + i)
    return by_pair[pair[:, :, None, None], pair[None, None, :, :]]


def pyscf_restore8(eri, nbf):
    """PySCF's ao2mo.restore(8, eri, nao) of a full tensor, by the enumeration of its C kernel."""
    out = []
    ij = 0
    for i in range(nbf):
        for j in range(i + 1):
            k, l = np.tril_indices(i + 1)  # k <= i, l <= k, in kl order
            out.append(eri[i, j, k[: ij + 1], l[: ij + 1]])  # kl <= ij
            ij += 1
    return np.concatenate(out)


def coulomb(eri, D):
    """J_mn = sum_ls (mn|ls) D_ls."""
    return np.einsum("mnls,ls->mn", eri, D)


def exchange(eri, D):
    """K_mn = sum_ls (ml|ns) D_ls."""
    return np.einsum("mlns,ls->mn", eri, D)


def trace_product(A, B):
    """tr(A B) = sum_mn A_nm B_mn, as roothaan's traceProduct."""
    return float(np.einsum("nm,mn->", A, B))


Z = {s: z for z, s in enumerate("H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr".split(), 1)}


def nuclear_repulsion_from_xyz(text):
    """E_nuc from roothaan's geometry.xyz (Å), or None for an element not in the table above."""
    lines = text.splitlines()
    atoms = [line.split() for line in lines[2 : 2 + int(lines[0])]]
    if any(a[0].capitalize() not in Z for a in atoms):
        return None
    charges = np.array([Z[a[0].capitalize()] for a in atoms], dtype=float)
    xyz = np.array([[float(x) for x in a[1:4]] for a in atoms]) / BOHR_IN_ANGSTROM
    e = 0.0
    for a in range(len(atoms)):
        for b in range(a):
            e += charges[a] * charges[b] / np.linalg.norm(xyz[a] - xyz[b])
    return e


class Job:
    """A job's database rows and its objects in the directory store."""

    def __init__(self, home, job_id):
        db = os.path.join(home, "roothaan.sqlite")
        if not os.path.isfile(db):
            sys.exit(f"no roothaan database at {db} (pass --home DIR or set ROOTHAAN_HOME)")
        self.objects = os.path.join(home, "objects")
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        con.row_factory = sqlite3.Row
        if job_id is None:
            rows = con.execute("SELECT * FROM jobs ORDER BY submitted_at DESC LIMIT 1").fetchall()
        else:
            rows = con.execute("SELECT * FROM jobs WHERE id LIKE ? || '%' ORDER BY submitted_at DESC", (job_id.lower(),)).fetchall()
        if len(rows) != 1:
            sys.exit("no jobs in this database" if job_id is None else f"{len(rows)} jobs match '{job_id}'")
        self.row = rows[0]
        self.id = self.row["id"]
        self.checkpoints = con.execute("SELECT key, kind, iteration, sha256, shape FROM checkpoints WHERE job_id = ? ORDER BY id", (self.id,)).fetchall()
        self.events = con.execute("SELECT kind, name, metadata FROM job_events WHERE job_id = ? ORDER BY id", (self.id,)).fetchall()
        con.close()

    def read(self, row):
        """An object's bytes, checked against its row's SHA-256."""
        path = os.path.join(self.objects, *row["key"].split("/"))
        try:
            with open(path, "rb") as f:
                data = f.read()
        except FileNotFoundError:
            sys.exit(f"{row['key']} is not in {self.objects} (a job stored in S3?)")
        digest = hashlib.sha256(data).hexdigest()
        if digest != row["sha256"]:
            sys.exit(f"{row['key']}: sha256 {digest} differs from the database's {row['sha256']}: corrupt checkpoint")
        return data

    def load(self, row):
        """An .npy checkpoint as a float64 array, its shape checked against its row."""
        array = np.load(io.BytesIO(self.read(row)), allow_pickle=False)
        if array.dtype != np.float64 or list(array.shape) != json.loads(row["shape"]):
            sys.exit(f"{row['key']}: {array.dtype} {list(array.shape)}, the database says <f8 {row['shape']}")
        return array

    def rows(self, kind):
        return [r for r in self.checkpoints if r["kind"] == kind]

    def last_event(self, kind):
        found = [e for e in self.events if e["kind"] == kind]
        return (found[-1]["name"], json.loads(found[-1]["metadata"])) if found else (None, None)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("job_id", nargs="?", help="job id or unique prefix (default: the newest job)")
    parser.add_argument("--home", default=os.environ.get("ROOTHAAN_HOME") or ".roothaan", help="data directory (default: $ROOTHAAN_HOME, else ./.roothaan)")
    parser.add_argument("--check", action="store_true", help="also check the ERI symmetry, the PySCF layout, F and E_nuc")
    args = parser.parse_args()

    job = Job(args.home, args.job_id)
    reference = (job.row["reference"] or "rhf").lower()
    nbf = job.row["nbf"]
    print(f"job {job.id}: {job.row['formula']} {job.row['basis_name']} {reference.upper()}, {nbf} basis functions, {job.row['status']}")

    # 1. The checkpoints, each checked against its sha256.
    (S,) = [job.load(r) for r in job.rows("overlap")]
    (H,) = [job.load(r) for r in job.rows("core-hamiltonian")]
    focks = {r["iteration"]: job.load(r) for r in job.rows("fock")}
    densities = {r["iteration"]: job.load(r) for r in job.rows("density")}
    for r in job.rows("initial-guess"):
        densities[0] = job.load(r)  # D_0, the density iteration 1 starts from
    print(f"S {list(S.shape)}, H {list(H.shape)}, {len(focks)} Fock matrices, {len(densities)} densities (iterations {min(densities)}..{max(densities)})")

    # 2. The ERIs: each file is a run of whole bra pairs starting at the pair (i, j) of its key,
    # i.e. at packed index ij(ij+1)/2; in that order the files tile the packed store.
    tiles = []
    for r in job.rows("eri"):
        i, j = map(int, ERI_KEY.search(r["key"]).groups())
        ij = pair_index(i, j)
        tiles.append((ij * (ij + 1) // 2, job.load(r)))
    tiles.sort(key=lambda t: t[0])
    eri = None
    if tiles:
        start = 0
        for first, values in tiles:
            if first != start:
                sys.exit(f"the ERI files do not tile the packed store: a file starts at {first}, expected {start}")
            start += values.shape[0]
        packed = np.concatenate([values for _, values in tiles])
        eri = unpack_eris(packed, nbf)
        print(f"ERIs: {len(tiles)} file(s), {packed.shape[0]} unique (ij|kl) -> (ij|kl) tensor {list(eri.shape)}")
    else:
        print("ERIs: none stored (integral-direct run, or more than the size limit); using the stored Fock matrix")
    print("all checkpoints match their sha256")

    # 3. The energy the last iteration reports: E[D_{N-1}] with F_N = F[D_{N-1}].
    name, reported = job.last_event("iteration")
    if name is None:
        sys.exit("the job has no iteration yet")
    n = int(name.split()[-1])
    if n - 1 not in densities or n not in focks:
        sys.exit(f"iteration {n}: density_{n - 1} or fock_matrix_{n} is not committed")
    D = densities[n - 1]
    _, geometry = job.last_event("geometry")
    e_nuc = float(geometry["nuclear_repulsion"])
    if reference == "rhf":
        F = H + coulomb(eri, D) - 0.5 * exchange(eri, D) if eri is not None else focks[n]
        energy = 0.5 * trace_product(D, H + F) + e_nuc
    else:
        Da, Db = D
        if eri is not None:
            J = coulomb(eri, Da + Db)
            F = np.stack([H + J - exchange(eri, Da), H + J - exchange(eri, Db)])
        else:
            F = focks[n]
        energy = 0.5 * (trace_product(Da, H + F[0]) + trace_product(Db, H + F[1])) + e_nuc
    stored = float(reported["energy"])
    print(f"iteration {n}: F_{n} = F[D_{n - 1}], E = E[D_{n - 1}], E_nuc = {e_nuc!r} Eh")
    print(f"reported energy:   {stored!r} Eh")
    print(f"recomputed energy: {energy!r} Eh")
    print(f"difference:        {energy - stored:.3e} Eh")

    if args.check:
        if eri is not None:
            sym = max(
                np.abs(eri - eri.transpose(p)).max()
                for p in [(1, 0, 2, 3), (0, 1, 3, 2), (1, 0, 3, 2), (2, 3, 0, 1), (3, 2, 0, 1), (2, 3, 1, 0), (3, 2, 1, 0)]
            )
            print(f"check: 8-fold symmetry of (ij|kl): max |difference| = {sym:.3e}")
            same = np.array_equal(pyscf_restore8(eri, nbf), packed)
            print(f"check: packed array == PySCF ao2mo.restore(8, eri, {nbf}) order: {'yes' if same else 'NO'}")
            # spot check of the index formula on a few random quadruples
            rng = np.random.default_rng(0)
            quads = rng.integers(0, nbf, size=(100, 4))
            ok = all(packed[packed_index(*q)] == eri[tuple(q)] for q in quads)
            print(f"check: packed[packed_index(i, j, k, l)] == (ij|kl): {'yes' if ok else 'NO'}")
            print(f"check: max |F recomputed - fock_matrix_{n} stored| = {np.abs(F - focks[n]).max():.3e}")
        xyz = [r for r in job.checkpoints if r["kind"] == "geometry-xyz"]
        if xyz:
            e_xyz = nuclear_repulsion_from_xyz(job.read(xyz[0]).decode())
            if e_xyz is not None:
                print(f"check: E_nuc from geometry.xyz = {e_xyz!r} Eh (difference {e_xyz - e_nuc:.3e})")


if __name__ == "__main__":
    main()
