/** Set by the Jupyter kernel's preload (kernels/preload.cjs): errors there are read by students in a cell. */
const KERNEL = Symbol.for('roothaan.kernel');

interface KernelFlag {
  /** The roothaan package the kernel runs (its dist/ and src/ frames are internal). */
  readonly packageRoot: string;
}

/**
 * The root of every error roothaan throws on purpose.
 *
 * Each error has a stable machine-readable `code` (for scripts and the CLI's exit handling) and
 * a message that says what was wrong, where, and what to do. Where the error comes from a file,
 * `location` names it (file, 1-based line, and field where it applies).
 *
 * In the roothaan Jupyter kernel the stack is short, for students reading it in a cell:
 * `InvalidInputError [INVALID_INPUT]: message`, then only the frames of the cell's own code.
 * Elsewhere it is Node's usual stack.
 *
 * @example
 * ```ts
 * try { geometry.parse('', { filename: 'empty.xyz' }); }
 * catch (e) { if (e instanceof RoothaanError) console.log(e.code); } // 'INVALID_INPUT'
 * ```
 */
export class RoothaanError extends Error {
  /** A stable code: `INVALID_INPUT`, `BASIS_NOT_FOUND`, `LINEAR_DEPENDENCY`, `NOT_CONVERGED`, `STORE_CONFLICT`, `INTERRUPTED`, … */
  readonly code: string;
  /** Where the problem is, when it comes from a file or a field. */
  readonly location?: ErrorLocation;

  constructor(code: string, message: string, location?: ErrorLocation) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    if (location !== undefined) this.location = location;
    const kernel = (globalThis as { [KERNEL]?: KernelFlag })[KERNEL];
    if (kernel !== undefined) shortenStack(this, kernel.packageRoot);
  }
}

/**
 * In the kernel, the stack a cell prints is `InvalidInputError [INVALID_INPUT]: message` and
 * then only the frames of the user's own code: none from roothaan, node_modules (tslab) or
 * node:internal. The stack also keeps that form when Node's `vm` later prefixes it with a
 * source excerpt of the throwing line (inside roothaan, so of no use to the student).
 */
function shortenStack(error: RoothaanError, packageRoot: string): void {
  const own = [packageRoot + '/dist/', packageRoot + '/src/', packageRoot + '\\dist\\', packageRoot + '\\src\\'];
  const internal = (line: string): boolean =>
    line.includes('node:') || /[\\/]node_modules[\\/]/.test(line) || own.some((dir) => line.includes(dir));
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line) && !internal(line));
  let stack = [`${error.name} [${error.code}]: ${error.message}`, ...frames].join('\n');
  Object.defineProperty(error, 'stack', {
    configurable: true,
    enumerable: false,
    get: () => stack,
    // vm's decoration (excerpt + old stack) ends with the stack: keep ours; any other value replaces it.
    set: (value: unknown) => {
      if (typeof value === 'string' && !value.endsWith(stack)) stack = value;
    },
  });
}

/** Where in the user's input an error was found. Lines are 1-based. */
export interface ErrorLocation {
  file?: string;
  line?: number;
  field?: string;
}

/** Formats a location as `file:line (field)` for messages. */
export function formatLocation(location: ErrorLocation | undefined): string {
  if (!location) return '';
  // A field alone (a parameter, an option) needs no file name.
  if (location.file === undefined && location.line === undefined) return location.field ?? '';
  let text = location.file ?? '<input>';
  if (location.line !== undefined) text += `:${location.line}`;
  if (location.field !== undefined) text += ` (${location.field})`;
  return text;
}

/** Input that cannot be used as given: a malformed file, an impossible charge, an unknown key. */
export class InvalidInputError extends RoothaanError {
  constructor(message: string, location?: ErrorLocation) {
    const where = formatLocation(location);
    super('INVALID_INPUT', where ? `${where}: ${message}` : message, location);
  }
}

/** A basis set name that is not bundled, or an element the basis set does not cover. */
export class BasisNotFoundError extends RoothaanError {
  constructor(message: string, location?: ErrorLocation) {
    const where = formatLocation(location);
    super('BASIS_NOT_FOUND', where ? `${where}: ${message}` : message, location);
  }
}

/** The overlap matrix is (numerically) singular beyond what the orthogonaliser may drop. */
export class LinearDependencyError extends RoothaanError {
  constructor(message: string) {
    super('LINEAR_DEPENDENCY', message);
  }
}

/** A computation that had to converge and did not (SCF non-convergence is a result, not this). */
export class NotConvergedError extends RoothaanError {
  constructor(message: string) {
    super('NOT_CONVERGED', message);
  }
}

/** The store refused a change: a stale attempt, a held lease, a changed job. */
export class StoreConflictError extends RoothaanError {
  constructor(message: string) {
    super('STORE_CONFLICT', message);
  }
}

/**
 * An attempt fenced out: another process took its job over (it was frozen or cut off past its
 * lease), so nothing of this attempt is the job's outcome.
 */
export class FencedOutError extends StoreConflictError {
  constructor(
    /** The job another process now owns. */
    readonly jobId: string,
    message: string,
  ) {
    super(message);
  }
}
