/**
 * Runs `fn` over `items` with at most `limit` calls in flight. Every item is run even when
 * some fail, and the promise settles only once all have: a caller that moves on (a worker
 * taking its next job) never leaves calls running behind it. The first error is rethrown.
 */
export async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  const errors: unknown[] = [];
  const run = async () => {
    while (next < items.length) {
      const item = items[next++];
      try {
        await fn(item);
      } catch (err) {
        errors.push(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
  if (errors.length > 0) throw errors[0];
}
