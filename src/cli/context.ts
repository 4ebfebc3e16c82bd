/**
 * What a CLI command may touch besides the file system: its output streams and environment.
 * Tests pass their own to capture the output; the `roothaan` binary passes the process's.
 */
export interface CliContext {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Terminal width, for help text and tables. */
  columns: number;
  /** True when stdout is a terminal (live tables, colours); false when piped. */
  isTTY: boolean;
  /** True when stderr is a terminal (coloured error messages); defaults to `isTTY`. */
  stderrIsTTY?: boolean;
  /** Whether output may be coloured (set by `main` from `--color`/`--no-color`, the terminal and NO_COLOR; see paint.ts). */
  colour?: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /** Sets the process's exit code for an outcome that is not an error (e.g. 2: not converged). */
  setExitCode(code: number): void;
}
