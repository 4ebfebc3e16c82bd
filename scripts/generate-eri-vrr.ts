/**
 * Generates src/integrals/generated/eri-vrr.ts: unrolled primitive loops (VRR + contraction)
 * for the low angular-momentum classes (ab|cd) with la ≥ lb, lc ≥ ld, L ≤ 2 on every centre,
 * la + lb ≤ 3 and lc + ld ≤ 3, and (dd|ss), (dd|ps), where the generic table-driven VRR of src/integrals/eri-engine.ts spends most of
 * its time on loop and index overhead.
 *
 * The recurrences are exactly the generic ones (Obara & Saika 1986, doi:10.1063/1.450106;
 * Head-Gordon & Pople 1988, doi:10.1063/1.455553), with the same build direction per
 * component, done symbolically: only the intermediates [e0|f0]^(m) that the contracted outputs
 * (|e| ≥ la, |f| ≥ lc, m = 0) depend on are emitted, as local constants.
 *
 * Usage: npx tsx scripts/generate-eri-vrr.ts
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CART_BUILD_DIR, CART_MINUS, CART_OFFSET, CART_POWERS, NCART_ALL } from '../src/integrals/eri-cartesian-tables';

const MAX_SIDE = 4; // la + lb ≤ 4 (lc + ld ≤ 1 with it, below), else ≤ 3 on each side
const MAX_L = 2; // and at most d on each centre
const AX = ['x', 'y', 'z'];

/**
 * Classes with la + lb + lc + ld at most this evaluate the Boys function inline (the same
 * operations as boysOfArg in src/integrals/boys.ts, so the same values) instead of calling it:
 * there the call and the round trip of F_m through an array are a large part of the work per
 * primitive quartet.
 */
const INLINE_BOYS_MAX_L = 3;

/**
 * F_0 … F_mmax of T (the expression `arg`) as locals f0 … f<mmax>: boysOfArg of
 * src/integrals/boys.ts written out for one mmax, operation for operation.
 */
function inlineBoys(mmax: number, arg: string): string[] {
  const out: string[] = [];
  const fs = Array.from({ length: mmax + 1 }, (_, m) => `f${m}`);
  out.push(`      const T = ${arg};`);
  out.push(`      let ${fs.map((f) => `${f} = 0`).join(', ')};`);
  out.push('      if (T < BOYS_TABLE_TMAX) {');
  out.push('        const g = (T * GRID_INV_STEP + 0.5) | 0;');
  out.push('        const d = T - g * GRID_STEP;');
  out.push(`        const b = g * NM + ${mmax};`);
  out.push('        const d2 = d * d;');
  out.push('        const d4 = d2 * d2;');
  out.push('        const p01 = TABLE[b]! - TABLE[b + 1]! * d;');
  out.push('        const p23 = TABLE[b + 2]! * C2 + TABLE[b + 3]! * C3 * d;');
  out.push('        const p45 = TABLE[b + 4]! * C4 + TABLE[b + 5]! * C5 * d;');
  out.push('        const p67 = TABLE[b + 6]! * C6 + TABLE[b + 7]! * C7 * d;');
  out.push(`        f${mmax} = p01 + d2 * p23 + d4 * (p45 + d2 * p67);`);
  if (mmax > 0) {
    out.push('        const e = EXP_GRID[g]! * (1 - d + d2 * (C2 + C3 * d) + d4 * (C4 + C5 * d + d2 * (C6 + C7 * d)));');
    out.push('        const t2 = 2 * T;');
    for (let m = mmax - 1; m >= 0; m--) out.push(`        f${m} = (t2 * f${m + 1} + e) * INV_ODD[${m}]!;`);
  }
  out.push('      } else {');
  out.push('        f0 = HALF_SQRT_PI / Math.sqrt(T);');
  if (mmax > 0) {
    out.push('        let e: number;');
    out.push('        if (T < EXP_TMAX) {');
    out.push('          const g = (T * GRID_INV_STEP + 0.5) | 0;');
    out.push('          const d = T - g * GRID_STEP;');
    out.push('          const d2 = d * d;');
    out.push('          e = EXP_GRID[g]! * (1 - d + d2 * (C2 + C3 * d) + d2 * d2 * (C4 + C5 * d + d2 * (C6 + C7 * d)));');
    out.push('        } else {');
    out.push('          e = Math.exp(-T);');
    out.push('        }');
    out.push('        const inv2T = 0.5 / T;');
    for (let m = 0; m < mmax; m++) out.push(`        f${m + 1} = (ODD[${m}]! * f${m} - e) * inv2T;`);
  }
  out.push('      }');
  return out;
}

interface ClassCode {
  name: string;
  key: number;
  body: string;
}

function generateClass(la: number, lb: number, lc: number, ld: number): ClassCode {
  const Lab = la + lb;
  const Lcd = lc + ld;
  const Ltot = Lab + Lcd;
  const lines: string[] = [];
  const defined = new Set<string>();
  const name = (e: number, f: number, m: number): string => `v${e}_${f}_${m}`;
  const used = { pa: [false, false, false], wp: [false, false, false], qc: [false, false, false], wq: [false, false, false] };
  let usesE = false;
  let usesEta = false;
  let usesZE = false;

  function need(e: number, f: number, m: number): string {
    const v = name(e, f, m);
    if (defined.has(v)) return v;
    let expr: string;
    if (e === 0 && f === 0) {
      expr = Ltot <= INLINE_BOYS_MAX_L ? `pref * f${m}` : `pref * F[${m}]!`;
    } else if (f === 0) {
      const i = CART_BUILD_DIR[e]!;
      const e1 = CART_MINUS[i * NCART_ALL + e]!;
      const n1 = CART_POWERS[3 * e1 + i]!;
      used.pa[i] = true;
      used.wp[i] = true;
      const terms = [`pa${AX[i]} * ${need(e1, 0, m)}`, `wp${AX[i]} * ${need(e1, 0, m + 1)}`];
      if (n1 > 0) {
        const e2 = CART_MINUS[i * NCART_ALL + e1]!;
        usesE = true;
        terms.push(`${n1} * oo2z * (${need(e2, 0, m)} - roz * ${need(e2, 0, m + 1)})`);
      }
      expr = terms.join(' + ');
    } else {
      const i = CART_BUILD_DIR[f]!;
      const f1 = CART_MINUS[i * NCART_ALL + f]!;
      const n1 = CART_POWERS[3 * f1 + i]!;
      used.qc[i] = true;
      used.wq[i] = true;
      const terms = [`qc${AX[i]} * ${need(e, f1, m)}`, `wq${AX[i]} * ${need(e, f1, m + 1)}`];
      if (n1 > 0) {
        const f2 = CART_MINUS[i * NCART_ALL + f1]!;
        usesEta = true;
        terms.push(`${n1} * oo2e * (${need(e, f2, m)} - roe * ${need(e, f2, m + 1)})`);
      }
      const ne = CART_POWERS[3 * e + i]!;
      if (ne > 0) {
        const em = CART_MINUS[i * NCART_ALL + e]!;
        usesZE = true;
        terms.push(`${ne} * oo2ze * ${need(em, f1, m + 1)}`);
      }
      expr = terms.join(' + ');
    }
    defined.add(v);
    lines.push(`      const ${v} = ${expr};`);
    return v;
  }

  const eLo = CART_OFFSET[la]!;
  const eHi = CART_OFFSET[Lab + 1]!;
  const fLo = CART_OFFSET[lc]!;
  const fHi = CART_OFFSET[Lcd + 1]!;
  const nF = fHi - fLo;
  const acc: string[] = [];
  for (let e = eLo; e < eHi; e++) {
    for (let f = fLo; f < fHi; f++) {
      acc.push(`      acc[${(e - eLo) * nF + (f - fLo)}] += ${need(e, f, 0)};`);
    }
  }
  const fname = `vrr${la}${lb}${lc}${ld}`;
  const head: string[] = [];
  head.push(`/** Primitive loop of the (${'spdfg'[la]}${'spdfg'[lb]}|${'spdfg'[lc]}${'spdfg'[ld]}) class: contracted [e0|f0], |e| = ${la}…${Lab}, |f| = ${lc}…${Lcd}. */`);
  head.push(`function ${fname}(pd: Float64Array, ab0: number, ab1: number, cd0: number, cd1: number, F: Float64Array, acc: Float64Array): void {`);
  head.push(`  acc.fill(0, 0, ${(eHi - eLo) * nF});`);
  head.push('  for (let i = ab0; i < ab1; i++) {');
  head.push('    const o = i * 8;');
  head.push('    const p = pd[o]!;');
  head.push('    const px = pd[o + 1]!;');
  head.push('    const py = pd[o + 2]!;');
  head.push('    const pz = pd[o + 3]!;');
  for (let i = 0; i < 3; i++) if (used.pa[i]) head.push(`    const pa${AX[i]} = pd[o + ${4 + i}]!;`);
  head.push('    const kab = pd[o + 7]!;');
  if (usesE) head.push('    const oo2z = 0.5 / p;');
  head.push('    for (let j = cd0; j < cd1; j++) {');
  head.push('      const u = j * 8;');
  head.push('      const q = pd[u]!;');
  head.push('      const qx = pd[u + 1]!;');
  head.push('      const qy = pd[u + 2]!;');
  head.push('      const qz = pd[u + 3]!;');
  for (let i = 0; i < 3; i++) if (used.qc[i]) head.push(`      const qc${AX[i]} = pd[u + ${4 + i}]!;`);
  // One division per primitive quartet: 1/(ζ+η), and ρ/ζ = η/(ζ+η), ρ/η = ζ/(ζ+η),
  // 1/√(ζ+η) = √(1/(ζ+η)) from it (a division costs several multiplications); 1/(2ζ) only
  // changes with the bra pair.
  head.push('      const ipq = 1 / (p + q);');
  head.push('      const rho = p * q * ipq;');
  head.push('      const dx = px - qx;');
  head.push('      const dy = py - qy;');
  head.push('      const dz = pz - qz;');
  if (Ltot <= INLINE_BOYS_MAX_L) {
    head.push(...inlineBoys(Ltot, 'rho * (dx * dx + dy * dy + dz * dz)'));
  } else {
    head.push(`      boys(${Ltot}, rho * (dx * dx + dy * dy + dz * dz), F);`);
  }
  head.push('      const pref = kab * pd[u + 7]! * Math.sqrt(ipq);');
  const needW = used.wp.some(Boolean) || used.wq.some(Boolean);
  if (needW) {
    if (used.wp.some(Boolean)) head.push('      const qpq = q * ipq;');
    if (used.wq.some(Boolean)) head.push('      const ppq = p * ipq;');
    for (let i = 0; i < 3; i++) {
      // W − P = η/(ζ+η)·(Q − P), W − Q = ζ/(ζ+η)·(P − Q), with d = P − Q computed above
      if (used.wp[i]) head.push(`      const wp${AX[i]} = -qpq * d${AX[i]};`);
      if (used.wq[i]) head.push(`      const wq${AX[i]} = ppq * d${AX[i]};`);
    }
  }
  if (usesE) head.push(`      const roz = ${used.wp.some(Boolean) ? 'qpq' : 'q * ipq'};`);
  if (usesEta) {
    head.push('      const oo2e = 0.5 / q;');
    head.push(`      const roe = ${used.wq.some(Boolean) ? 'ppq' : 'p * ipq'};`);
  }
  if (usesZE) head.push('      const oo2ze = 0.5 * ipq;');
  const tail = ['    }', '  }', '}'];
  return {
    name: fname,
    key: ((la * 5 + lb) * 5 + lc) * 5 + ld,
    body: [...head, ...lines, ...acc, ...tail].join('\n'),
  };
}

/** The full text of src/integrals/generated/eri-vrr.ts. */
export function generateEriVrrSource(): string {
  const classes: ClassCode[] = [];
  for (let la = 0; la <= MAX_L; la++)
    for (let lb = 0; lb <= la && la + lb <= MAX_SIDE; lb++)
      for (let lc = 0; lc <= MAX_L; lc++)
        for (let ld = 0; ld <= lc && lc + ld <= MAX_SIDE; ld++) {
          // With a (dd| bra, only (dd|ss) and (dd|ps). The engine puts the side with the higher
          // total L in the bra, so (xx|dd) with la + lb < 4 is never called; (dd|dp) (1,700 lines)
          // and (dd|dd) (3,300) are too long for V8's optimising compiler (the generated (dd|dp)
          // ran 5× slower than the generic loop on benzene/cc-pVDZ), and (dd|pp), (dd|ds)
          // (800 lines each) saved less in the integrals (35 ms, benzene/cc-pVDZ) than compiling
          // them cost a fresh process (benzene/6-31G*: +0.1 s CPU with them).
          if (lc + ld === 4 || (la + lb === 4 && lc + ld > 1)) continue;
          classes.push(generateClass(la, lb, lc, ld));
        }
  const out = [
    '// GENERATED FILE — do not edit. Made by scripts/generate-eri-vrr.ts (npx tsx scripts/generate-eri-vrr.ts).',
    '/**',
    ' * Unrolled VRR + contraction for the ERI classes with L ≤ 2 per centre, la + lb ≤ 3 and lc + ld ≤ 3, and (dd|ss),',
    ' * (dd|ps) (la ≥ lb,',
    ' * lc ≥ ld), generated from the same recurrences and build directions as the generic loop in',
    ' * src/integrals/eri-engine.ts. Each function sums over the primitive pairs of a bra and a ket',
    ' * shell pair (records of 8 doubles: ζ, P, P − A, K) and leaves the contracted [e0|f0] in',
    ' * `acc[(e − off[la])·nF + (f − off[lc])]`.',
    ' *',
    ' * @packageDocumentation',
    ' */',
    "import * as boysModule from '../boys';",
    '',
    'const boys = boysModule.boys;',
    'const BOYS_TABLE_TMAX = boysModule.BOYS_TABLE_TMAX;',
    'const { TABLE, INV_ODD, ODD, EXP_GRID, NM, GRID_INV_STEP, GRID_STEP, EXP_TMAX, HALF_SQRT_PI } = boysModule.BOYS_TABLES;',
    '/** Taylor coefficients (−1)^k / k!, k = 2 … 7, as in ../boys.ts. */',
    'const C2 = 1 / 2, C3 = -1 / 6, C4 = 1 / 24, C5 = -1 / 120, C6 = 1 / 720, C7 = -1 / 5040;',
    '',
    '/** Signature of a generated primitive loop. */',
    'export type GeneratedVrr = (pd: Float64Array, ab0: number, ab1: number, cd0: number, cd1: number, F: Float64Array, acc: Float64Array) => void;',
    '',
    ...classes.map((c) => c.body + '\n'),
    '/** Generated loops by class: index ((la·5 + lb)·5 + lc)·5 + ld. */',
    'export const GENERATED_VRR: ReadonlyArray<GeneratedVrr | undefined> = (() => {',
    '  const table: Array<GeneratedVrr | undefined> = new Array(625).fill(undefined);',
    ...classes.map((c) => `  table[${c.key}] = ${c.name};`),
    '  return table;',
    '})();',
    '',
  ].join('\n');
  return out;
}

/** Where the generated file lives. */
export const GENERATED_VRR_FILE = path.resolve(__dirname, '../src/integrals/generated/eri-vrr.ts');

if (require.main === module) {
  writeFileSync(GENERATED_VRR_FILE, generateEriVrrSource());
  console.log(`wrote ${GENERATED_VRR_FILE}`);
}
