/**
 * Generates src/integrals/generated/eri-vrr.ts: unrolled primitive loops (VRR + contraction)
 * for the low angular-momentum classes (ab|cd) with la ≥ lb, lc ≥ ld, L ≤ 2 on every centre,
 * la + lb ≤ 3 and lc + ld ≤ 3, where the generic table-driven VRR of src/integrals/eri-engine.ts spends most of
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

const MAX_SIDE = 3; // la + lb ≤ 3 and lc + ld ≤ 3
const MAX_L = 2; // and at most d on each centre
const AX = ['x', 'y', 'z'];

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
      expr = `pref * F[${m}]!`;
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
  head.push('    for (let j = cd0; j < cd1; j++) {');
  head.push('      const u = j * 8;');
  head.push('      const q = pd[u]!;');
  head.push('      const qx = pd[u + 1]!;');
  head.push('      const qy = pd[u + 2]!;');
  head.push('      const qz = pd[u + 3]!;');
  for (let i = 0; i < 3; i++) if (used.qc[i]) head.push(`      const qc${AX[i]} = pd[u + ${4 + i}]!;`);
  head.push('      const pq = p + q;');
  head.push('      const rho = (p * q) / pq;');
  head.push('      const dx = px - qx;');
  head.push('      const dy = py - qy;');
  head.push('      const dz = pz - qz;');
  head.push(`      boys(${Ltot}, rho * (dx * dx + dy * dy + dz * dz), F);`);
  head.push('      const pref = (kab * pd[u + 7]!) / Math.sqrt(pq);');
  const needW = used.wp.some(Boolean) || used.wq.some(Boolean);
  if (needW) {
    for (let i = 0; i < 3; i++) {
      if (used.wp[i]) head.push(`      const wp${AX[i]} = (q * (q${AX[i]} - p${AX[i]})) / pq;`);
      if (used.wq[i]) head.push(`      const wq${AX[i]} = (p * (p${AX[i]} - q${AX[i]})) / pq;`);
    }
  }
  if (usesE) {
    head.push('      const oo2z = 0.5 / p;');
    head.push('      const roz = rho / p;');
  }
  if (usesEta) {
    head.push('      const oo2e = 0.5 / q;');
    head.push('      const roe = rho / q;');
  }
  if (usesZE) head.push('      const oo2ze = 0.5 / pq;');
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
          if (la + lb + lc + ld === 0) continue; // (ss|ss) has its own path
          classes.push(generateClass(la, lb, lc, ld));
        }
  const out = [
    '// GENERATED FILE — do not edit. Made by scripts/generate-eri-vrr.ts (npx tsx scripts/generate-eri-vrr.ts).',
    '/**',
    ' * Unrolled VRR + contraction for the ERI classes with L ≤ 2 per centre, la + lb ≤ 3 and lc + ld ≤ 3 (la ≥ lb,',
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
