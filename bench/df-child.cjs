/**
 * One density-fitting SCF run in a fresh process, for bench/df.ts: loads the compiled library
 * (ROOTHAAN_BENCH_LIB, default ../dist), runs scf.prepareCalculation + scf.run and prints one
 * JSON line with the phases: module loading, one-electron + SAD set-up, the DF builder's metric,
 * three-index integrals, fit, J and K (summed over the iterations), and the rest of the SCF.
 *
 * argv: <xyz file> <basis> <parameters JSON> [threads]
 */
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const t0 = performance.now();
const lib = process.env.ROOTHAAN_BENCH_LIB ?? path.join(__dirname, '..', 'dist');
const [xyz, basisName, paramsJson, threadsArg] = process.argv.slice(2);
const scf = require(path.join(lib, 'scf'));
const geometry = require(path.join(lib, 'geometry'));
const tLoaded = performance.now();

const molecule = geometry.parse(fs.readFileSync(xyz, 'utf8'), { format: 'xyz' });
const params = scf.parseScfParameters({ basis_set: basisName, ...JSON.parse(paramsJson) });
const options = threadsArg ? { threads: Number(threadsArg) } : {};
const prepared = scf.prepareCalculation(molecule, params, options);
const tSetup = performance.now();
const result = scf.run(prepared);
const tScf = performance.now();
const jk = prepared.problem.jk;
const timings = jk.kind === 'df' ? jk.timings : undefined;
prepared.dispose();
process.stdout.write(
  JSON.stringify({
    nbf: prepared.basis.nbf,
    naux: jk.naux ?? null,
    jk: jk.kind,
    iterations: result.iterations,
    converged: result.converged,
    energy: result.energy,
    loadMs: tLoaded - t0,
    setupMs: tSetup - tLoaded,
    scfMs: tScf - tSetup,
    df: timings ?? null,
  }) + '\n',
);
