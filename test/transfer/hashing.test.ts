import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashFileInto, newSha256, sha256OfFile } from '../../electron/engine/transfer/hashing';
import { randomishBytes } from './helpers/fault-server';
import { useTempDirs } from './helpers/files';

const tempDir = useTempDirs();
// Over two read buffers (2 MiB each) and not a multiple of them: every buffer is reused at least once.
const BYTES = randomishBytes(5 * 1024 * 1024 + 3, 29);
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('hashFileInto', () => {
  it('hashes a whole file, or exactly its first bytes, through two reused buffers', async () => {
    const file = path.join(tempDir(), 'f.bin');
    writeFileSync(file, BYTES);
    expect(await sha256OfFile(file)).toEqual({ sha256: sha(BYTES), bytes: BYTES.length });
    for (const length of [1, 2 * 1024 * 1024, 2 * 1024 * 1024 + 1, 4 * 1024 * 1024 + 5, BYTES.length]) {
      const hash = newSha256();
      expect(await hashFileInto(hash, file, { length })).toBe(length);
      expect(hash.digest('hex')).toBe(sha(BYTES.subarray(0, length)));
    }
    const past = newSha256();
    expect(await hashFileInto(past, file, { length: BYTES.length + 100 })).toBe(BYTES.length);
    expect(past.digest('hex')).toBe(sha(BYTES));
  });

  it('reports progress per read and stops when cancelled, with no read left running', async () => {
    const file = path.join(tempDir(), 'f.bin');
    writeFileSync(file, BYTES);
    const controller = new AbortController();
    const seen: number[] = [];
    const failure = await hashFileInto(newSha256(), file, {
      signal: controller.signal,
      onProgress: bytes => {
        seen.push(bytes);
        controller.abort();
      },
    }).catch(err => err);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).name).toBe('AbortError');
    expect(seen).toEqual([2 * 1024 * 1024]);
  });

  it("fails on a missing file with the file system's code", async () => {
    const failure = await sha256OfFile(path.join(tempDir(), 'missing.bin')).catch(err => err);
    expect((failure as NodeJS.ErrnoException).code).toBe('ENOENT');
  });
});
