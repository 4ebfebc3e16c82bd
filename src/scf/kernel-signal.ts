/**
 * The Jupyter kernel's Interrupt as an `AbortSignal`: the roothaan kernel's preload
 * (kernels/preload.cjs) keeps one `AbortController` under `Symbol.for('roothaan.kernel')`,
 * aborts it on SIGINT (what Kernel ▸ Interrupt sends) and puts a fresh one in its place for the
 * cells that follow. Every SCF entry point that is given no `signal` uses the one current when
 * it starts ({@link defaultSignal}), so Interrupt stops it. Outside the kernel there is none.
 *
 * @packageDocumentation
 */

const KERNEL = Symbol.for('roothaan.kernel');

/** What the preload exposes (only the part read here). */
interface KernelInterrupt {
  /** The signal of the current cell's controller (a getter: it changes after each Interrupt). */
  readonly signal?: AbortSignal;
}

/**
 * The roothaan kernel's current Interrupt signal, or undefined outside the kernel.
 *
 * @example
 * ```ts
 * kernelSignal(); // undefined in a script; an AbortSignal in a roothaan notebook
 * ```
 */
export function kernelSignal(): AbortSignal | undefined {
  const kernel = (globalThis as Record<symbol, KernelInterrupt | undefined>)[KERNEL];
  const signal = kernel?.signal;
  return signal !== undefined && typeof signal.aborted === 'boolean' ? signal : undefined;
}

/**
 * The signal to obey: the one given, else the kernel's Interrupt ({@link kernelSignal}).
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * defaultSignal(controller.signal) === controller.signal; // true
 * defaultSignal(undefined);                               // the kernel's, or undefined
 * ```
 */
export function defaultSignal(signal: AbortSignal | undefined): AbortSignal | undefined {
  return signal ?? kernelSignal();
}

/**
 * Options with their `signal` defaulted by {@link defaultSignal} (the object is copied only when
 * a signal is added).
 *
 * @example
 * ```ts
 * const options: { threads: number; signal?: AbortSignal } = { threads: 1 };
 * withDefaultSignal(options); // { threads: 1, signal: <the kernel's> } in the kernel, else options itself
 * ```
 */
export function withDefaultSignal<T extends { signal?: AbortSignal }>(options: T): T {
  if (options.signal !== undefined) return options;
  const signal = kernelSignal();
  return signal === undefined ? options : { ...options, signal };
}
