// Water's Hartree–Fock energy as the basis set grows, towards the HF limit.
// npx tsx examples/basis-convergence.ts
import * as fs from 'node:fs';
import * as path from 'node:path';
import { geometry, scf } from 'roothaan';

const file = path.join(__dirname, 'water.xyz');
const water = geometry.parse(fs.readFileSync(file, 'utf8'), { filename: file });

console.log('basis          nbf    iterations         energy (Eh)    time (s)');
for (const basisName of ['STO-3G', '6-31G', '6-31G**', 'cc-pVDZ', 'def2-TZVP', 'cc-pVTZ']) {
  const start = performance.now();
  const { result, basis } = scf.runCalculation(water, { basis_set: basisName });
  const seconds = (performance.now() - start) / 1000;
  console.log(`${basisName.padEnd(12)} ${String(basis.nbf).padStart(5)} ${String(result.iterations).padStart(13)} ${result.energy.toFixed(10).padStart(19)} ${seconds.toFixed(2).padStart(11)}`);
}
