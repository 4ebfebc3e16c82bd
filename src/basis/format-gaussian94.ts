/**
 * Writing one element's shells back out in Gaussian94 format (for `roothaan basis show`).
 */
import { shellLabel } from './angular-momentum';
import type { ElementBasis } from './load';

/**
 * One element's block in Gaussian94 format, with the file's (unnormalised) coefficients, between
 * `****` separators. SP shells come out as separate S and P shells; parsing the result gives the
 * same basis functions.
 *
 * @example
 * ```ts
 * formatGaussian94('H', basisForElement('STO-3G', 'H'));
 * // '****\nH     0\nS   3   1.00\n      3.4252509140E+00      1.5432896730E-01\n…\n****\n'
 * ```
 */
export function formatGaussian94(symbol: string, element: Pick<ElementBasis, 'shells'>): string {
  const lines = ['****', `${symbol}     0`];
  for (const shell of element.shells) {
    lines.push(`${shellLabel(shell.L).toUpperCase()}   ${shell.exponents.length}   1.00`);
    shell.exponents.forEach((alpha, i) => {
      lines.push(`  ${fortranNumber(alpha).padStart(20)}  ${fortranNumber(shell.fileCoefficients[i]!).padStart(20)}`);
    });
  }
  lines.push('****');
  return lines.join('\n') + '\n';
}

/** A number as `1.2345678900E-01`: 11 significant digits, a two-digit exponent. */
function fortranNumber(x: number): string {
  const [mantissa, exponent] = x.toExponential(10).split('e') as [string, string];
  return `${mantissa}E${exponent[0]}${exponent.slice(1).padStart(2, '0')}`;
}
