import type * as scf from '../scf';

/** The header of the live iteration table. */
export function iterationHeader(): string {
  return ` iter        total energy (Eh)           ΔE (Eh)     RMS ΔD   DIIS error   time (ms)\n`;
}

/** One row of the live iteration table. */
export function iterationRow(record: scf.ScfIteration): string {
  const dE = Number.isFinite(record.deltaE) ? record.deltaE.toExponential(3).padStart(17) : ''.padStart(17);
  return (
    `${String(record.iteration).padStart(5)}  ${record.energy.toFixed(12).padStart(23)} ${dE}` +
    ` ${record.rmsDeltaD.toExponential(3).padStart(10)} ${record.diisError.toExponential(3).padStart(12)}` +
    ` ${record.timings.totalMs.toFixed(1).padStart(11)}\n`
  );
}

/** The summary printed after the iteration table. */
export function summaryText(calculation: scf.CalculationResult): string {
  const { result, analysis, basis, molecule } = calculation;
  const lines: string[] = [''];
  const status = result.converged ? `converged in ${result.iterations} iterations` : `NOT converged after ${result.iterations} iterations`;
  lines.push(`${result.reference.toUpperCase()}/${basis.name} on ${molecule.formula} (charge ${molecule.charge}, multiplicity ${molecule.multiplicity}, ${basis.nbf} basis functions): ${status}`);
  if (result.diagnosis) lines.push(`  ${result.diagnosis.message}`);
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
  if (df === undefined) return `two-electron integrals: scf_type ${integrals.scfType} (exact)`;
  const mib = (b: number): string => (b / 1024 ** 2).toFixed(1);
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
