import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CollectionByBytes, GARBAGE_EVERY_BYTES, youngCollection } from '../../electron/engine/transfer/v8-memory';

describe('collections of transfer garbage', () => {
  it('collects once per GARBAGE_EVERY_BYTES, carrying the count over between calls', () => {
    let runs = 0;
    const byBytes = new CollectionByBytes(() => () => runs++);
    const chunk = 64 * 1024;
    for (let moved = 0; moved < 3 * GARBAGE_EVERY_BYTES + chunk; moved += chunk) byBytes.count(chunk);
    expect(runs).toBe(3);
    // One chunk is carried over: one chunk short of the interval is not enough, the interval is.
    byBytes.count(GARBAGE_EVERY_BYTES - 2 * chunk);
    expect(runs).toBe(3);
    byBytes.count(chunk);
    expect(runs).toBe(4);
  });

  it('goes on without collecting where V8 gives no collection function', () => {
    const byBytes = new CollectionByBytes(() => null);
    expect(() => byBytes.count(2 * GARBAGE_EVERY_BYTES)).not.toThrow();
  });

  it("gets V8's collection function without --expose-gc, and leaves later contexts without it", () => {
    const collect = youngCollection();
    expect(collect).toBeTypeOf('function');
    expect(() => collect!()).not.toThrow();
    expect(runInNewContext('typeof gc')).toBe('undefined');
  });
});
