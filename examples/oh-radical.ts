// UHF on the OH radical (a doublet): spin contamination and orbital energies per spin.
// npx tsx examples/oh-radical.ts
import { geometry, scf } from 'roothaan';

const oh = geometry.parse('2\nOH radical, R = 0.97 Å\nO 0 0 0\nH 0 0 0.97\n', { format: 'xyz' });
console.log(`${oh.formula}: ${oh.electronCount} electrons, multiplicity ${oh.multiplicity} (nα = ${oh.nalpha}, nβ = ${oh.nbeta})`);

const { result, analysis } = scf.runCalculation(oh, { basis_set: '6-31G*' });
console.log(`${result.reference.toUpperCase()} energy ${result.energy.toFixed(10)} Eh in ${result.iterations} iterations`);
console.log(`<S^2> = ${result.spin!.s2.toFixed(6)} (exact ${result.spin!.s2Exact}); contamination ${result.spin!.contamination.toExponential(2)}`);
const [alpha, beta] = result.orbitalEnergies;
console.log(`alpha orbital energies (Eh): ${Array.from(alpha!.slice(0, 6), (e) => e.toFixed(4)).join(' ')} …`);
console.log(`beta  orbital energies (Eh): ${Array.from(beta!.slice(0, 6), (e) => e.toFixed(4)).join(' ')} …`);
console.log(`Mulliken charges: O ${analysis.mulliken[0]!.toFixed(4)}, H ${analysis.mulliken[1]!.toFixed(4)}`);
