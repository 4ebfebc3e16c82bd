import * as scf from '../scf';
import { plain, type Paint } from './paint';
import { inCliWords } from './vocabulary';

/**
 * The columns of the live iteration table: widths chosen so that a row is 73 characters, and
 * fits an 80-column terminal with room for energies down to −99999 Eh.
 */
const ITERATION_COLUMNS = [
  { header: 'iter', width: 5 },
  { header: 'total energy (Eh)', width: 21 },
  { header: 'ΔE (Eh)', width: 11 },
  { header: 'RMS ΔD', width: 10 },
  { header: 'DIIS error', width: 11 },
  { header: 'time (ms)', width: 10 },
] as const;

/** The header of the live iteration table (bold when painting). */
export function iterationHeader(paint: Paint = plain): string {
  return paint.bold(ITERATION_COLUMNS.map((c) => c.header.padStart(c.width)).join(' ')) + '\n';
}

/** One row of the live iteration table (at most 80 characters; ` DF` after the density-fitted iterations of df_scf_guess). */
export function iterationRow(record: scf.ScfIteration): string {
  const cells = [
    String(record.iteration),
    record.energy.toFixed(12),
    Number.isFinite(record.deltaE) ? record.deltaE.toExponential(3) : '',
    record.rmsDeltaD.toExponential(3),
    record.diisError.toExponential(3),
    record.timings.totalMs.toFixed(1),
  ];
  return cells.map((text, i) => text.padStart(ITERATION_COLUMNS[i]!.width)).join(' ') + (record.dfGuess === true ? ' DF' : '') + '\n';
}

/** The summary printed after the iteration table; `words` puts its hints in the caller's words (default: the CLI's flags). */
export function summaryText(calculation: scf.CalculationResult, paint: Paint = plain, words: (text: string) => string = inCliWords): string {
  const { result, analysis, basis, molecule } = calculation;
  const lines: string[] = [''];
  const stages = result.dfGuess !== undefined ? ` (DF guess: ${result.dfGuess.iterations} iterations${result.dfGuess.converged ? '' : ', not converged'}, then ${result.iterations - result.dfGuess.iterations} exact)` : '';
  const status = result.converged ? paint.green(`converged in ${result.iterations} iterations${stages}`) : paint.red(`NOT converged after ${result.iterations} iterations${stages}`);
  lines.push(`${result.reference.toUpperCase()}/${basis.name} on ${molecule.formula} (charge ${molecule.charge}, multiplicity ${molecule.multiplicity}, ${basis.nbf} basis functions): ${status}`);
  if (result.diagnosis) lines.push(`  ${words(result.diagnosis.message)}`);
  const line = integralsLine(calculation.integrals);
  if (line !== undefined) lines.push(`  ${line}`);
  const occupation = occupationLine(result);
  if (occupation !== undefined) lines.push(`  ${occupation}`);
  lines.push('');
  lines.push(`  total energy          ${result.energy.toFixed(12).padStart(20)} Eh`);
  lines.push(`  nuclear repulsion     ${result.energyComponents.nuclear.toFixed(12).padStart(20)} Eh`);
  lines.push(`  one-electron energy   ${result.energyComponents.oneElectron.toFixed(12).padStart(20)} Eh`);
  lines.push(`  two-electron energy   ${result.energyComponents.twoElectron.toFixed(12).padStart(20)} Eh`);
  if (result.spin) lines.push(`  <S^2>                 ${result.spin.s2.toFixed(6).padStart(20)}     (exact ${result.spin.s2Exact.toFixed(4)})`);
  if (Number.isFinite(analysis.frontier.homo)) lines.push(`  HOMO                  ${analysis.frontier.homo.toFixed(6).padStart(20)} Eh`);
  if (Number.isFinite(analysis.frontier.lumo)) lines.push(`  LUMO                  ${analysis.frontier.lumo.toFixed(6).padStart(20)} Eh`);
  if (result.stability) lines.push('', ...scf.stabilityText(result.stability).map((l) => `  ${l}`), '');
  const [x, y, z] = analysis.dipole.debye;
  lines.push(`  dipole (D)            x ${x.toFixed(6)}  y ${y.toFixed(6)}  z ${z.toFixed(6)}  |μ| ${analysis.dipole.totalDebye.toFixed(6)}`);
  lines.push('');
  lines.push('  atom   Mulliken    Löwdin');
  molecule.atoms.forEach((atom, i) => {
    lines.push(`  ${(atom.symbol + (i + 1)).padEnd(5)} ${analysis.mulliken[i]!.toFixed(6).padStart(9)} ${analysis.lowdin[i]!.toFixed(6).padStart(9)}`);
  });
  return lines.join('\n') + '\n';
}

/**
 * One line saying which occupation step ended the run when it was not aufbau (fixed, mom, imom,
 * fermi, frac) and the occupied orbitals per spin, 0-based in energy order.
 *
 * @example
 * ```ts
 * occupationLine(result); // 'occupations: imom, occupied (0-based) alpha 0,1,2,3,5, beta 0,1,2,3,4'
 * ```
 */
export function occupationLine(result: scf.ScfResult): string | undefined {
  const last = result.history[result.history.length - 1]?.occupation;
  if (last === undefined || last.method === 'aufbau') return undefined;
  const spins = result.occupations.map((o, s) => `${result.occupations.length === 1 ? '' : s === 0 ? 'alpha ' : 'beta '}${Array.from(o).flatMap((n, i) => (n > 1e-8 ? [i] : [])).join(',')}`);
  const mu = last.fermiLevel !== undefined ? `, Fermi level ${last.fermiLevel.map((m) => m.toFixed(6)).join(' / ')} Eh` : '';
  return `occupations: ${last.method}, occupied (0-based) ${spins.join(', ')}${mu}`;
}

/** One line saying how J and K were built (scf_type; for DF the auxiliary basis, naux and memory mode). */
export function integralsLine(integrals: scf.IntegralsReport | undefined): string | undefined {
  if (integrals === undefined) return undefined;
  const df = integrals.densityFitting;
  const mib = (b: number): string => (b / 1024 ** 2).toFixed(1);
  if (df === undefined) {
    const guess = integrals.dfScfGuess;
    return `two-electron integrals: scf_type ${integrals.scfType} (exact)` +
      (guess === undefined ? '' : `, started by df_scf_guess with df_basis_scf ${guess.dfBasisScf}${guess.isDefault ? ' (default for this basis)' : ''}, naux ${guess.naux}, ${guess.metricEigenvaluesDropped} metric eigenvalue(s) dropped`);
  }
  return (
    `two-electron integrals: scf_type df, df_basis_scf ${df.dfBasisScf}${df.isDefault ? ' (default for this basis)' : ''}, naux ${df.naux}` +
    fallbackText(df) +
    `, ${df.metricEigenvaluesDropped} metric eigenvalue(s) dropped, ` +
    (df.mode === 'core' ? `in core (${mib(df.coreBytes)} MiB of ${mib(df.budgetBytes)} MiB)` : `in blocks of ${df.blockShells} auxiliary shells (in core would need ${mib(df.coreBytes)} MiB, budget ${mib(df.budgetBytes)} MiB)`)
  );
}

/** `, He from def2-QZVPP-JKFIT` for the elements whose fitting functions came from another set. */
function fallbackText(df: scf.DensityFittingReport): string {
  const others = Object.entries(df.elementSets).filter(([, set]) => set !== df.dfBasisScf);
  return others.map(([element, set]) => `, ${element} from ${set}`).join('');
}
