/**
 * Two-electron integral benchmark (a dev tool, not a test): for benzene/6-31G*, benzene/cc-pVDZ
 * and caffeine/6-31G* it times the packed ERI store build, one J/K build from the store and one
 * integral-direct J/K build, and, when `psi4` is on the PATH, runs Psi4 (scf_type pk, same
 * thread count) on the same molecule and basis and compares with Psi4's own timers
 * (timer.dat: "Total PK formation time", "PK computes JK" per call).
 *
 * Timings are wall-clock on a machine that may be shared: run it on a quiet machine, and
 * compare with the Psi4 run made right after each case.
 *
 * Usage: npx tsx bench/integrals.ts [--threads N] [--cases benzene_631gs,benzene_ccpvdz,caffeine_631gs] [--no-psi4]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { load } from '../src/basis/load';
import { parse } from '../src/geometry';
import { defaultThreadCount } from '../src/integrals/eri-worker-pool';
import { estimatePackedEriBytes } from '../src/integrals/eri-store';
import { createDirectJK } from '../src/integrals/jk-direct';
import { createStoredJK } from '../src/integrals/jk-stored';
import type { Matrix } from '../src/linalg';
import type { BasisSet } from '../src/basis/basis-set';

const REFERENCE_DIR = path.resolve(__dirname, '../test/reference');
const BOHR_TO_ANGSTROM = 0.52917721067; // Psi4 1.3.2's factor (CODATA 2014)

interface Case {
  name: string;
  xyz: string;
  basis: string;
  /** Psi4's name of the basis. */
  psi4Basis: string;
}

const CASES: Case[] = [
  { name: 'benzene_631gs', xyz: 'benzene.xyz', basis: '6-31g*', psi4Basis: '6-31g*' },
  { name: 'benzene_ccpvdz', xyz: 'benzene.xyz', basis: 'cc-pvdz', psi4Basis: 'cc-pvdz' },
  { name: 'caffeine_631gs', xyz: 'caffeine.xyz', basis: '6-31g*', psi4Basis: '6-31g*' },
];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function seconds(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** A symmetric density-like matrix: random entries damped by distance in the index (deterministic). */
function testDensity(nbf: number): Matrix {
  let s = 12345;
  const data = new Float64Array(nbf * nbf);
  for (let i = 0; i < nbf; i++) {
    for (let j = 0; j <= i; j++) {
      s = (s * 16807) % 2147483647;
      const v = (s / 2147483647 - 0.5) * 0.2;
      data[i * nbf + j] = v;
      data[j * nbf + i] = v;
    }
  }
  return { rows: nbf, cols: nbf, data };
}

interface Psi4Timing {
  pkFormation: number;
  pkJK: number;
  wall: number;
  /** Psi4's own line naming the PK algorithm it chose (in-core or disk-based reordering). */
  algorithm: string;
}

function havePsi4(): boolean {
  try {
    execFileSync('which', ['psi4'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

function runPsi4(
  atoms: ReadonlyArray<{ symbol: string; position: readonly number[] }>,
  basis: string,
  pure: boolean,
  threads: number,
  memoryGb: number,
): Psi4Timing {
  const dir = mkdtempSync(path.join(tmpdir(), 'roothaan-bench-'));
  try {
    const geom = atoms
      .map((a) => `${a.symbol} ${a.position.map((x) => (x * BOHR_TO_ANGSTROM).toFixed(10)).join(' ')}`)
      .join('\n');
    const input = [
      `memory ${memoryGb} gb`,
      'molecule {',
      '0 1',
      geom,
      'symmetry c1',
      'no_reorient',
      'no_com',
      '}',
      `set basis ${basis}`,
      'set scf_type pk',
      `set puream ${pure ? 'true' : 'false'}`,
      "energy('scf')",
      '',
    ].join('\n');
    writeFileSync(path.join(dir, 'input.dat'), input);
    const t0 = process.hrtime.bigint();
    execFileSync('psi4', ['-n', String(threads), 'input.dat', '-o', 'output.dat'], { cwd: dir, stdio: 'pipe' });
    const wall = seconds(t0);
    const timers = readFileSync(path.join(dir, 'timer.dat'), 'utf8');
    const pick = (label: string): { wall: number; calls: number } => {
      const re = new RegExp(`${label.replace(/[()]/g, '\\$&')}\\s*:\\s*[\\d.]+u\\s+[\\d.]+s\\s+([\\d.]+)w\\s+(\\d+) calls`);
      const m = re.exec(timers);
      return m ? { wall: Number(m[1]), calls: Number(m[2]) } : { wall: NaN, calls: 1 };
    };
    const pk = pick('Total PK formation time');
    const jk = pick('PK computes JK');
    const output = readFileSync(path.join(dir, 'output.dat'), 'utf8');
    const algorithm = /Using ([^\n]*PK algorithm)/.exec(output)?.[1] ?? 'PK algorithm not reported';
    return { pkFormation: pk.wall, pkJK: jk.wall / jk.calls, wall, algorithm };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Builds a stored JK builder and times the build and two J/K calls. */
function timeStored(basis: BasisSet, threads: number, D: Matrix) {
  let t0 = process.hrtime.bigint();
  const stored = createStoredJK(basis, { threads });
  const tBuild = seconds(t0);
  t0 = process.hrtime.bigint();
  stored.computeJK([D]);
  const tStoredJK = seconds(t0);
  t0 = process.hrtime.bigint();
  stored.computeJK([D]);
  const tStoredJK2 = seconds(t0);
  stored.dispose();
  return {
    tBuild,
    tStoredJK,
    tStoredJK2,
    unique: stored.store.data.length,
    quartets: stored.store.quartetsComputed,
    quartetsTotal: stored.store.quartetsTotal,
  };
}

function main(): void {
  const threads = Number(arg('--threads') ?? defaultThreadCount());
  const wanted = (arg('--cases') ?? CASES.map((c) => c.name).join(',')).split(',');
  const psi4 = !process.argv.includes('--no-psi4') && havePsi4();
  console.log(`roothaan ERI benchmark — threads = ${threads}, node ${process.version}`);
  if (!psi4) console.log(process.argv.includes('--no-psi4') ? 'Psi4 comparison skipped (--no-psi4).' : 'psi4 is not installed (not on PATH): no side-by-side comparison.');
  // Warm-up (not timed): JIT-compile the engine and kernels on the main thread with a small case,
  // so the timings below are steady-state (each builder still starts its own workers).
  {
    const water = parse(readFileSync(path.join(REFERENCE_DIR, 'geometries/h2o_pyscf.xyz'), 'utf8'), { format: 'xyz' });
    for (const name of ['6-31g*', 'cc-pvdz']) {
      const b = load(name, water);
      const w1 = createStoredJK(b, { threads });
      w1.computeJK([testDensity(b.nbf)]);
      w1.dispose();
      const w2 = createDirectJK(b, { threads });
      w2.computeJK([testDensity(b.nbf)]);
      w2.dispose();
    }
  }
  for (const c of CASES.filter((x) => wanted.includes(x.name))) {
    const molecule = parse(readFileSync(path.join(REFERENCE_DIR, 'geometries', c.xyz), 'utf8'), { format: 'xyz' });
    const basis = load(c.basis, molecule);
    const pure = basis.shellPure.some((p) => p === 1);
    const nbf = basis.nbf;
    const D = testDensity(nbf);
    console.log(`\n## ${c.name}: ${molecule.atoms.length} atoms, nbf = ${nbf} (${pure ? 'spherical' : 'Cartesian'}), ${basis.nshell} shells`);
    console.log(`packed store: ${(estimatePackedEriBytes(nbf) / 1e6).toFixed(1)} MB`);

    // The stored builder lives only inside timeStored, so its store can be collected before Psi4 runs.
    const { tBuild, tStoredJK, tStoredJK2, unique, quartets, quartetsTotal } = timeStored(basis, threads, D);

    const direct = createDirectJK(basis, { threads });
    const t0 = process.hrtime.bigint();
    direct.computeJK([D]);
    const tDirectJK = seconds(t0);
    direct.dispose();

    console.log(`ERI store build (incl. Schwarz and worker start): ${tBuild.toFixed(3)} s — ${(unique / tBuild / 1e6).toFixed(2)} M unique integrals/s, ${quartets} of ${quartetsTotal} shell quartets computed`);
    console.log(`J/K from the store (1 density):  ${tStoredJK.toFixed(3)} s first call, ${tStoredJK2.toFixed(3)} s second call`);
    console.log(`J/K integral-direct (1 density): ${tDirectJK.toFixed(3)} s`);
    if (psi4) {
      // Enough memory for Psi4's in-core PK (two supermatrices of the store's size plus room);
      // with less it falls back to a much slower disk-based reordering.
      const memoryGb = Math.min(16, Math.max(4, Math.ceil((4 * estimatePackedEriBytes(nbf)) / 1e9) + 2));
      const p = runPsi4(molecule.atoms, c.psi4Basis, pure, threads, memoryGb);
      console.log(
        `Psi4 (scf_type pk, -n ${threads}, memory ${memoryGb} GB, "${p.algorithm}"): PK formation ${p.pkFormation.toFixed(3)} s, ` +
          `PK J/K ${p.pkJK.toFixed(3)} s per call, whole run ${p.wall.toFixed(2)} s`,
      );
      console.log(`ratio roothaan/Psi4: store build ${(tBuild / p.pkFormation).toFixed(2)}×, stored J/K ${(tStoredJK2 / p.pkJK).toFixed(2)}× (second call vs Psi4's mean)`);
    }
  }
}

main();
