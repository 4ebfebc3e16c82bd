import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import type { CliContext } from '../../src/cli/context';

export const repoRoot = path.resolve(__dirname, '..', '..');
/** The Psi4 reference data (test/reference). */
export const referenceDir = path.join(repoRoot, 'test', 'reference');
/** The Gaussian94 basis files (data/basis). */
export const basisDir = path.join(repoRoot, 'data', 'basis');

/** The result of running the CLI: exit code and captured output. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in this process with captured output (fast, and counted by coverage); `terminal` pretends stdout is a terminal of that width. */
export async function runCli(argv: string[], env: Record<string, string | undefined> = {}, terminal?: { isTTY: boolean; columns: number }): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const context: CliContext = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    columns: terminal?.columns ?? 100,
    isTTY: terminal?.isTTY ?? false,
    env,
    setExitCode: () => undefined, // main() returns the exit code
  };
  const code = await main(argv, context);
  return { code, stdout, stderr };
}

/** Runs the built `roothaan` binary as a user would (needs `npm run build` first). */
export function runBinary(argv: string[], options: { input?: string; env?: Record<string, string> } = {}): CliRun {
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'roothaan.js'), ...argv], {
    cwd: repoRoot,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
    timeout: 120_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
