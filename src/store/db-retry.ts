/** A bounded retry, with backoff, of the store's writes when the database connection fails (a restart, a network blip): only connection errors are retried. @packageDocumentation */

/** Error codes of a lost or refused connection: Node's socket errors and PostgreSQL's classes 08 and 57P. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
  '08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03',
]);

/** Messages of pg and Knex for a connection that ended, timed out or could not be made. */
const CONNECTION_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Timeout acquiring a connection|Query read timeout|Client has encountered a connection error|Connection ended|the database system is (starting up|shutting down)|terminating connection/i;

/**
 * Whether an error says the database connection failed (rather than the statement).
 *
 * @example
 * ```ts
 * isConnectionError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })); // true
 * isConnectionError(new Error('duplicate key value violates unique constraint')); // false
 * ```
 */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; name?: unknown } | undefined;
  if (e === undefined || e === null) return false;
  if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) return true;
  if (e.name === 'KnexTimeoutError') return true;
  return typeof e.message === 'string' && CONNECTION_MESSAGES.test(e.message);
}

/**
 * Milliseconds before retry `retry` (1, 2, …): 0.2 s doubling, at most 2 s.
 *
 * @example
 * ```ts
 * [1, 2, 3, 4, 5].map(dbRetryDelayMs); // [200, 400, 800, 1600, 2000]
 * ```
 */
export function dbRetryDelayMs(retry: number): number {
  return Math.min(2000, 100 * 2 ** Math.max(1, retry));
}

/**
 * Runs `write`, and again after a backoff ({@link dbRetryDelayMs}) while it fails with a
 * connection error and `budgetMs` has not run out; then the last error is thrown. `write` must
 * be safe to repeat (an upsert, a fenced update) or check first whether it already happened
 * (`before`, called before every retry: a value it answers is the result).
 *
 * @example
 * ```ts
 * await retryOnConnectionError(() => commitCheckpoints(ctx, jobId, attempt, objects), 15_000);
 * ```
 */
export async function retryOnConnectionError<T>(write: () => Promise<T>, budgetMs: number, before?: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (let retry = 1; ; retry++) {
    try {
      if (retry > 1 && before !== undefined) {
        const already = await before();
        if (already !== undefined) return already;
      }
      return await write();
    } catch (err) {
      const wait = dbRetryDelayMs(retry);
      if (!isConnectionError(err) || Date.now() + wait > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
