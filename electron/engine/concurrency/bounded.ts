import { AppError } from '../../../src-shared/domain/errors';

/**
 * Runs `worker` over `items` with at most `limit` running at once, keeping
 * the results in input order. A worker that throws stops the run (workers
 * report per-item failures in their result instead); an aborted signal stops
 * new items from starting and rejects with a cancelled error.
 */
export async function runBounded<T, R>(items: readonly T[], limit: number, worker: (item: T, index: number) => Promise<R>, signal?: AbortSignal): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: unknown = null;
  const lane = async () => {
    while (failure === null) {
      if (signal?.aborted) throw new AppError('cancelled', 'Cancelled by the user.');
      const index = next++;
      if (index >= items.length) return;
      try {
        results[index] = await worker(items[index] as T, index);
      } catch (err) {
        failure ??= err;
        throw err;
      }
    }
  };
  const lanes = Array.from({ length: Math.min(limit, items.length) }, lane);
  const settled = await Promise.allSettled(lanes);
  const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (rejected) throw failure ?? rejected.reason;
  return results;
}
