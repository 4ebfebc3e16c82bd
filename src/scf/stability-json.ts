/**
 * The JSON form of a {@link StabilityReport} (snake_case, Psi4's names where it has them), as
 * `roothaan run --json` prints it and a stored job's completion event records it.
 *
 * @packageDocumentation
 */
import type { StabilityReport } from './stability-report';

/**
 * A stability report as plain JSON: `mode`, `analyses` (each with `iteration`, `energy`,
 * `lowest`, `unstable` and the lowest eigenvalues per Hessian kind), `n_following_steps`,
 * `rotation_step_scales`, `energy_before_following`, `s2_before`,
 * `lowest_stability_eigenvalue_before` / `_after` and `still_unstable_at_end` (hartree).
 *
 * @example
 * ```ts
 * if (result.stability) stabilityJson(result.stability).n_following_steps; // 1 for H2 at 2.5 Å, UHF, follow
 * ```
 */
export function stabilityJson(report: StabilityReport): Record<string, unknown> & { n_following_steps: number } {
  const first = report.analyses[0], last = report.analyses[report.analyses.length - 1];
  return {
    mode: report.mode,
    analyses: report.analyses.map((a) => ({
      iteration: a.iteration,
      energy: a.energy,
      lowest: a.lowest,
      unstable: a.unstable,
      eigenvalues: Object.fromEntries(a.eigenvalues.map((e) => [e.kind, [...e.values]])),
    })),
    n_following_steps: report.followSteps,
    rotation_step_scales: [...report.stepScales],
    energy_before_following: report.energyBeforeFollowing,
    ...(report.s2BeforeFollowing !== undefined ? { s2_before: report.s2BeforeFollowing } : {}),
    lowest_stability_eigenvalue_before: first?.lowest ?? null,
    lowest_stability_eigenvalue_after: last?.lowest ?? null,
    still_unstable_at_end: report.stillUnstable,
  };
}

/**
 * The stability lines of the CLI summary: per analysis the lowest eigenvalues of each kind
 * (6 decimals, as Psi4 prints them), then what following did.
 *
 * @example
 * ```ts
 * if (result.stability) console.log(stabilityText(result.stability).join('\n'));
 * ```
 */
export function stabilityText(report: StabilityReport): string[] {
  const names = { 'rhf-singlet': 'RHF→RHF (singlet)', 'rhf-triplet': 'RHF→UHF (triplet)', uhf: 'UHF→UHF' } as const;
  const lines: string[] = [];
  report.analyses.forEach((a, k) => {
    const label = report.analyses.length > 1 ? `stability analysis ${k + 1} (iteration ${a.iteration})` : 'stability analysis';
    lines.push(`${label}: ${a.unstable ? 'UNSTABLE' : 'stable'}`);
    for (const e of a.eigenvalues) lines.push(`  ${names[e.kind].padEnd(20)} ${e.values.map((v) => v.toFixed(6)).join('  ')} Eh`);
  });
  if (report.mode === 'follow') {
    lines.push(
      `instability following: ${report.followSteps} step(s)${report.stepScales.length ? ` (scales ${report.stepScales.join(', ')})` : ''}, ` +
        `energy before ${report.energyBeforeFollowing.toFixed(12)} Eh${report.stillUnstable ? '; still unstable (raise max_attempts or change follow_step_scale)' : ''}`,
    );
  }
  return lines;
}
