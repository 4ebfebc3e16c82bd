/**
 * At most `concurrency` tasks at once (uploads to S3); the others wait their turn, in order.
 *
 * @example
 * ```ts
 * const limited = createLimiter(16);
 * await Promise.all(objects.map((o) => limited(() => store.put(o.key, o.body))));
 * ```
 */
export function createLimiter(concurrency: number): <T>(task: () => Promise<T>) => Promise<T> {
  const limit = Math.max(1, concurrency);
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    while (active >= limit) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
