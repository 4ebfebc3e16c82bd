/**
 * Options shared by the ERI store and the J/K builders.
 *
 * @packageDocumentation
 */

/**
 * Options of {@link createStoredJK}, {@link createDirectJK} and {@link buildPackedEriStore}.
 *
 * @example
 * ```ts
 * const options: EriOptions = { threads: 1, threshold: 0 }; // serial, no screening
 * ```
 */
export interface EriOptions {
  /**
   * Threads to use, the main one included (default: `os.availableParallelism()`); 1 runs
   * everything on the calling thread without workers.
   */
  threads?: number;
  /**
   * Schwarz screening threshold on Q_PQ·Q_RS in hartree (default
   * {@link DEFAULT_SCREENING_THRESHOLD} = 1e-12); 0 computes every quartet.
   */
  threshold?: number;
}
