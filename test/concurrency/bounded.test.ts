import { describe, expect, it } from 'vitest';
import { runBounded } from '../../electron/engine/concurrency/bounded';

const tick = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe('runBounded', () => {
  it('never runs more than the limit at once and keeps input order', async () => {
    let running = 0;
    let peak = 0;
    const results = await runBounded([30, 5, 20, 1, 10, 2, 8], 3, async (ms, i) => {
      running++;
      peak = Math.max(peak, running);
      await tick(ms);
      running--;
      return `${i}:${ms}`;
    });
    expect(peak).toBe(3);
    expect(results).toEqual(['0:30', '1:5', '2:20', '3:1', '4:10', '5:2', '6:8']);
  });

  it('stops starting items when the signal aborts and rejects as cancelled', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const run = runBounded(
      [1, 2, 3, 4, 5],
      1,
      async n => {
        started.push(n);
        if (n === 2) controller.abort();
        await tick(1);
        return n;
      },
      controller.signal,
    );
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(started).toEqual([1, 2]);
  });

  it('passes a worker failure on and starts nothing after it', async () => {
    const started: number[] = [];
    const run = runBounded([1, 2, 3, 4], 1, async n => {
      started.push(n);
      if (n === 2) throw new Error('boom');
      return n;
    });
    await expect(run).rejects.toThrow('boom');
    expect(started).toEqual([1, 2]);
    await expect(runBounded([], 0, async () => 1)).rejects.toThrow(RangeError);
  });
});
