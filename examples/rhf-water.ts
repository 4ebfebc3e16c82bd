// RHF on water, printing each iteration: npx tsx examples/rhf-water.ts [basis]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { geometry, scf } from 'roothaan';

const basisName = process.argv[2] ?? 'cc-pVDZ';
const file = path.join(__dirname, 'water.xyz');
const water = geometry.parse(fs.readFileSync(file, 'utf8'), { filename: file });

const { result, analysis } = scf.runCalculation(water, { basis_set: basisName }, {
  onIteration: (it) => console.log(`${String(it.iteration).padStart(3)}  E = ${it.energy.toFixed(10)} Eh  ΔE = ${it.deltaE.toExponential(2)}  RMS ΔD = ${it.rmsDeltaD.toExponential(2)}`),
});

console.log(`\nRHF/${basisName} energy: ${result.energy.toFixed(10)} Eh (${result.converged ? 'converged' : 'NOT converged'} in ${result.iterations} iterations)`);
console.log(`dipole: ${analysis.dipole.totalDebye.toFixed(4)} D; HOMO ${analysis.frontier.homo.toFixed(4)} Eh, LUMO ${analysis.frontier.lumo.toFixed(4)} Eh`);
