/**
 * Whether a channel's checkpoint writes are getting anywhere (internal; see `thread.ts`). The
 * lease heartbeat asks {@link WriterProgress.stalledMs} before extending the lease: a writer
 * stuck on an object store or database that does not answer must not keep its job `running`
 * forever, so after {@link stallLimitMs} without progress the job fails with the reason instead.
 *
 * @packageDocumentation
 */

/**
 * Milliseconds a writer may go without progress before its job fails: half the lease, so the
 * failure is recorded (at the next heartbeat, every quarter lease) before the lease runs out.
 *
 * @example
 * ```ts
 * stallLimitMs(120); // 60000
 * ```
 */
export function stallLimitMs(leaseSeconds: number): number {
  return (leaseSeconds * 1000) / 2;
}

/**
 * Milliseconds between a lease's heartbeats: a quarter of the lease, at least 0.5 s.
 *
 * @example
 * ```ts
 * heartbeatIntervalMs(120); // 30000
 * ```
 */
export function heartbeatIntervalMs(leaseSeconds: number): number {
  return Math.max(500, (leaseSeconds * 1000) / 4);
}

/**
 * The progress of one channel's writes: batches waiting to commit, and when the last object
 * write or commit completed. A channel with nothing waiting is never stalled.
 *
 * @example
 * ```ts
 * const p = new WriterProgress();
 * p.batchQueued(); p.stalledMs(); // 0 at first, then growing until p.advanced() or p.batchDone()
 * ```
 */
export class WriterProgress {
  private pending = 0;
  private last = Date.now();

  constructor(private readonly now: () => number = Date.now) {}

  /** A batch arrived: from an idle channel, the clock starts now. */
  batchQueued(): void {
    if (this.pending === 0) this.last = this.now();
    this.pending++;
  }

  /** One of its objects was written. */
  advanced(): void {
    this.last = this.now();
  }

  /** A batch committed. */
  batchDone(): void {
    this.pending = Math.max(0, this.pending - 1);
    this.last = this.now();
  }

  /** Milliseconds since the last progress while batches wait (0 when none does). */
  stalledMs(): number {
    return this.pending === 0 ? 0 : this.now() - this.last;
  }
}
