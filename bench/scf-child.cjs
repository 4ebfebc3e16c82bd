/**
 * One whole-SCF benchmark run in a fresh process (spawned by bench/scf.ts, so that peak memory
 * is per case). Plain CommonJS: it loads the library compiled by bench/scf.ts from
 * ROOTHAAN_BENCH_LIB (a tsc output directory), so no TypeScript transpiler runs in the timed
 * process.
 *
 * argv: <case.json> <mode: off|on|init|count> [threads] [home]
 * case.json: { name, basis, atoms (bohr), charge, params? } (params: the SCF parameters, default { basis_set: basis }).
 *   off: scf.prepareCalculation + scf.iterate (no store), as `runCalculation` does;
 *   on:  store.runOnce on the SQLite + directory store in ROOTHAAN_BENCH_HOME (every checkpoint
 *        written: S, H, guess, ERIs when stored and small, F and D per iteration, events), as
 *        `roothaan run` does with a data directory that already exists;
 *   init: creates (migrates) that store, untimed;
 *   count: the unique integrals that pass Schwarz screening (not timed).
 * Prints one JSON line on stdout.
 */
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const t0 = performance.now();
const lib = process.env.ROOTHAAN_BENCH_LIB;
if (!lib) throw new Error('ROOTHAAN_BENCH_LIB is not set');
const [caseFile, mode, threadsArg] = process.argv.slice(2);
const c = mode === 'init' ? {} : JSON.parse(fs.readFileSync(caseFile, 'utf8'));
const threads = threadsArg ? Number(threadsArg) : undefined;
// As `roothaan run` does, the set-up is told the free memory (it stores the ERIs when they fit
// in half of it); ROOTHAAN_BENCH_FREE_MEMORY_MB caps it (bench/scaling.ts gives every program one budget).
const freeMemoryBytes = process.env.ROOTHAAN_BENCH_FREE_MEMORY_MB ? Number(process.env.ROOTHAAN_BENCH_FREE_MEMORY_MB) * 2 ** 20 : require('node:os').freemem();
const prepareOptions = { ...(threads ? { threads } : {}), freeMemoryBytes };

const scf = require(path.join(lib, 'scf'));
const geometry = require(path.join(lib, 'geometry'));
const integrals = require(path.join(lib, 'integrals'));
const tLoaded = performance.now();

/** Unique basis-function quartets that pass Schwarz screening (the integrals computed per ERI pass). */
function screenedIntegralCount(basis) {
  const engine = integrals.createEriEngine(basis);
  const q = integrals.schwarzFactors(engine);
  const thr = integrals.DEFAULT_SCREENING_THRESHOLD;
  const ns = basis.nshell;
  const nf = new Float64Array(ns);
  for (let s = 0; s < ns; s++) {
    const L = basis.shellL[s];
    nf[s] = basis.shellPure[s] ? 2 * L + 1 : ((L + 1) * (L + 2)) / 2;
  }
  let n = 0;
  let quartets = 0;
  for (let P = 0; P < ns; P++) {
    for (let Q = 0; Q <= P; Q++) {
      const qpq = q[P * ns + Q];
      const npq = nf[P] * nf[Q];
      for (let R = 0; R <= P; R++) {
        const Smax = R === P ? Q : R;
        for (let S = 0; S <= Smax; S++) {
          if (qpq * q[R * ns + S] < thr) continue;
          quartets++;
          n += npq * nf[R] * nf[S];
        }
      }
    }
  }
  return { integrals: n, quartets };
}

async function main() {
  if (mode === 'init') {
    const store = require(path.join(lib, 'store'));
    const s = await store.open({ home: process.env.ROOTHAAN_BENCH_HOME, user: 'bench@localhost', sso: 'local', migrate: true });
    await s.close();
    return;
  }
  const molecule = geometry.fromAtoms(c.atoms, { units: 'bohr', charge: c.charge ?? 0 });
  // The SCF parameters of the case (bench/programs.ts writes scf_type and df_basis_scf for DF).
  const params = c.params ?? { basis_set: c.basis };
  const out = { case: c.name, mode, pid: process.pid };
  let tSetup0, tSetup1, tEnd;
  let result, nbf, jkKind, records = [];
  if (mode === 'warm') {
    // A long-lived process (a notebook kernel, a worker): one job of each kind to warm up, then
    // alternating plain runs and stored jobs on one open store; medians of the job times.
    const store = require(path.join(lib, 'store'));
    const s = await store.open({ home: process.env.ROOTHAAN_BENCH_HOME, user: 'bench@localhost', sso: 'local' });
    const xyz = `${c.atoms.length}\n${c.name}\n${c.atoms.map((a) => `${a[0]} ${a[1]} ${a[2]} ${a[3]}`).join('\n')}\n`;
    const plain = () => {
      const t = performance.now();
      const prepared = scf.prepareCalculation(molecule, scf.parseScfParameters(params), prepareOptions);
      try {
        const r = scf.run(prepared.problem, scf.scfOptionsFromParameters(scf.parseScfParameters(params)));
        scf.analyze(prepared, r);
      } finally {
        prepared.dispose();
      }
      return performance.now() - t;
    };
    const stored = async () => {
      const t = performance.now();
      const o = await store.runJob(s, { geometryText: xyz, filename: `${c.name}.xyz`, units: 'bohr', parameters: params }, threads ? { threads } : {});
      if (o.status !== 'done') throw o.error ?? new Error(`job ${o.status}`);
      return performance.now() - t;
    };
    plain();
    await stored();
    const reps = Number(process.env.ROOTHAAN_BENCH_WARM_REPS ?? 5);
    const a = [], b = [];
    for (let i = 0; i < reps; i++) {
      a.push(plain());
      b.push(await stored());
    }
    await s.close();
    const med = (x) => [...x].sort((p, q) => p - q)[x.length >> 1];
    process.stdout.write(`${JSON.stringify({ warmOffMs: med(a), warmOnMs: med(b), warmOff: a, warmOn: b })}\n`);
    return;
  }
  if (mode === 'count') {
    const basisLib = require(path.join(lib, 'basis'));
    const basis = basisLib.load(c.basis, molecule);
    process.stdout.write(`${JSON.stringify({ nbf: basis.nbf, ...screenedIntegralCount(basis) })}\n`);
    return;
  }
  if (mode === 'off') {
    tSetup0 = performance.now();
    const prepared = scf.prepareCalculation(molecule, scf.parseScfParameters(params), prepareOptions);
    tSetup1 = performance.now();
    nbf = prepared.basis.nbf;
    jkKind = prepared.problem.jk.kind;
    // What the DF run chose (JKFIT set, naux, in core or blocked), for the other programs to run the same set.
    if (prepared.integrals?.densityFitting) out.densityFitting = prepared.integrals.densityFitting;
    try {
      const gen = scf.iterate(prepared.problem, scf.scfOptionsFromParameters(scf.parseScfParameters(params)));
      let step = gen.next();
      while (!step.done) {
        records.push(step.value.timings);
        step = gen.next();
      }
      result = step.value;
      scf.analyze(prepared, result);
    } finally {
      prepared.dispose();
    }
    tEnd = performance.now();
    out.basisObj = prepared.basis;
  } else {
    const tStore0 = performance.now();
    const store = require(path.join(lib, 'store'));
    out.storeLoadMs = performance.now() - tStore0;
    const home = process.env.ROOTHAAN_BENCH_HOME;
    if (!home) throw new Error('ROOTHAAN_BENCH_HOME is not set');
    const xyz = `${c.atoms.length}\n${c.name}\n${c.atoms.map((a) => `${a[0]} ${a[1]} ${a[2]} ${a[3]}`).join('\n')}\n`;
    tSetup0 = performance.now();
    // As `roothaan run` does: the store opens on its writer thread while this one computes.
    const outcome = await store.runOnce(
      { home, user: 'bench@localhost', sso: 'local', migrate: true },
      { geometryText: xyz, filename: `${c.name}.xyz`, units: 'bohr', parameters: params },
      { ...(threads ? { threads } : {}), onIteration: (r) => void records.push(r.timings) },
    );
    tEnd = performance.now();
    tSetup1 = tSetup0;
    if (outcome.status !== 'done') throw outcome.error ?? new Error(`job ${outcome.status}`);
    result = outcome.result;
    nbf = outcome.calculation.basis.nbf;
    jkKind = 'store-run';
  }
  const fockMs = records.reduce((a, r) => a + r.fockMs, 0);
  const diagMs = records.reduce((a, r) => a + r.diagMs, 0);
  Object.assign(out, {
    nbf,
    jk: jkKind,
    iterations: result.iterations,
    converged: result.converged,
    energy: result.energy,
    loadMs: tLoaded - t0,
    setupMs: tSetup1 - tSetup0,
    scfMs: tEnd - tSetup1,
    fockMs,
    diagMs,
    totalMs: tEnd - t0,
  });
  delete out.basisObj;
  const cpu = process.cpuUsage();
  out.cpuS = (cpu.user + cpu.system) / 1e6;
  out.maxRssKb = process.resourceUsage().maxRSS;
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
    process.exit(1);
  },
);
