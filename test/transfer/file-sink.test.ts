import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { HashingFileWriter, openWritableFile, type WritableFile } from '../../electron/engine/transfer/file-sink';
import { RunningSha256 } from '../../electron/engine/transfer/hashing';
import { GARBAGE_EVERY_BYTES } from '../../electron/engine/transfer/v8-memory';
import { randomishBytes } from './helpers/fault-server';
import { diskFullAfter, useTempDirs } from './helpers/files';

const tempDir = useTempDirs();
const BYTES = randomishBytes(3 * 1024 * 1024, 17);

function chunks(bytes: Buffer, size: number): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts);
}

describe('HashingFileWriter', () => {
  it('writes at the position, hashes exactly what reached the file, and checkpoints after a flush', async () => {
    const file = path.join(tempDir(), 'out.bin');
    const real = await openWritableFile(file, 'w');
    const calls: string[] = [];
    const spy: WritableFile = {
      writev: (buffers, position) => real.writev(buffers, position),
      sync: async () => {
        calls.push('sync');
        await real.sync();
      },
      truncate: length => real.truncate(length),
      close: () => real.close(),
    };
    const hash = new RunningSha256();
    const checkpoints: number[] = [];
    const writer = new HashingFileWriter({
      file: spy,
      position: 0,
      hash,
      checkpointBytes: 1024 * 1024,
      checkpointMs: 0,
      onCheckpoint: async position => {
        calls.push(`checkpoint ${position}`);
        checkpoints.push(position);
      },
    });
    await pipeline(chunks(BYTES, 100_000), writer);
    await spy.close();
    expect(readFileSync(file).equals(BYTES)).toBe(true);
    expect(hash.hex()).toBe(createHash('sha256').update(BYTES).digest('hex'));
    expect(writer.position).toBe(BYTES.length);
    expect(checkpoints.length).toBeGreaterThanOrEqual(1);
    expect(checkpoints.every(p => p >= 1024 * 1024 && p <= BYTES.length)).toBe(true);
    // Every checkpoint comes right after a flush.
    for (const [i, call] of calls.entries()) if (call.startsWith('checkpoint')) expect(calls[i - 1]).toBe('sync');
  });

  it('does not checkpoint more often than the time interval allows', async () => {
    const file = await openWritableFile(path.join(tempDir(), 'out.bin'), 'w');
    const checkpoints: number[] = [];
    const writer = new HashingFileWriter({ file, position: 0, hash: new RunningSha256(), checkpointBytes: 1000, checkpointMs: 60_000, onCheckpoint: async p => void checkpoints.push(p) });
    await pipeline(chunks(BYTES, 50_000), writer);
    await file.close();
    expect(checkpoints).toEqual([]);
  });

  it('records a file-system failure as fileError, with the hash covering only what was written', async () => {
    const fileName = path.join(tempDir(), 'out.bin');
    const file = await diskFullAfter(1_000_000)(fileName, 'w');
    const hash = new RunningSha256();
    const writer = new HashingFileWriter({ file, position: 0, hash, highWaterMark: 64 * 1024 });
    const err = await pipeline(chunks(BYTES, 100_000), writer).catch(e => e);
    await file.close();
    expect(err.code).toBe('ENOSPC');
    expect((writer.fileError as { code: string }).code).toBe('ENOSPC');
    const onDisk = readFileSync(fileName);
    expect(onDisk.length).toBe(writer.position);
    expect(hash.hex()).toBe(createHash('sha256').update(onDisk).digest('hex'));
  });

  it('hashes a batch while it is written, and winds the hash back when the write lands short', async () => {
    const fileName = path.join(tempDir(), 'out.bin');
    const real = await openWritableFile(fileName, 'w');
    let shortWrites = 0;
    // Takes at most 40 000 bytes per call (a file system may): the rest of the batch must be written again.
    const short: WritableFile = {
      writev: (buffers, position) => {
        const all = Buffer.concat(buffers);
        if (all.length > 40_000) shortWrites++;
        return real.writev([all.subarray(0, 40_000)], position);
      },
      sync: () => real.sync(),
      truncate: length => real.truncate(length),
      close: () => real.close(),
    };
    const hash = new RunningSha256();
    const writer = new HashingFileWriter({ file: short, position: 0, hash });
    await pipeline(chunks(BYTES, 100_000), writer);
    await real.close();
    expect(shortWrites).toBeGreaterThan(0);
    expect(readFileSync(fileName).equals(BYTES)).toBe(true);
    expect(hash.hex()).toBe(createHash('sha256').update(BYTES).digest('hex'));
  });

  it('takes a failed batch out of the hash again (it was hashed while the write ran)', async () => {
    const fileName = path.join(tempDir(), 'out.bin');
    const real = await openWritableFile(fileName, 'w');
    let calls = 0;
    const failing: WritableFile = {
      writev: async (buffers, position) => {
        if (++calls === 3) throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
        return real.writev(buffers, position);
      },
      sync: () => real.sync(),
      truncate: length => real.truncate(length),
      close: () => real.close(),
    };
    const hash = new RunningSha256();
    const writer = new HashingFileWriter({ file: failing, position: 0, hash, highWaterMark: 64 * 1024 });
    const err = await pipeline(chunks(BYTES, 100_000), writer).catch(e => e);
    await real.close();
    expect(err.code).toBe('EIO');
    const onDisk = readFileSync(fileName);
    expect(onDisk.length).toBe(writer.position);
    expect(writer.position).toBe(200_000);
    expect(hash.hex()).toBe(createHash('sha256').update(onDisk).digest('hex'));
  });

  it('flushes while writing by default (every 32 MiB), so the flush at the end has little left', async () => {
    const real = await openWritableFile(path.join(tempDir(), 'out.bin'), 'w');
    // A flush that returns at once: how many checkpoints a real disk allows
    // depends on its speed; the interval between them does not.
    const file: WritableFile = { ...real, writev: (b, p) => real.writev(b, p), sync: async () => undefined, truncate: l => real.truncate(l), close: () => real.close() };
    const checkpoints: number[] = [];
    const writer = new HashingFileWriter({ file, position: 0, hash: null, onCheckpoint: async p => void checkpoints.push(p) });
    const block = Buffer.alloc(1024 * 1024, 7);
    await pipeline(Readable.from(Array.from({ length: 100 }, () => block)), writer);
    await file.close();
    const MiB = 1024 * 1024;
    expect(checkpoints.length).toBe(3);
    checkpoints.forEach((p, i) => expect(p).toBeGreaterThanOrEqual((i + 1) * 32 * MiB));
    expect(checkpoints.at(-1)).toBeGreaterThanOrEqual(96 * MiB);
  });

  it('keeps its default queue small: the queue and the batch being written stay under the interval between transfer-garbage collections', async () => {
    const file = await openWritableFile(path.join(tempDir(), 'out.bin'), 'w');
    const writer = new HashingFileWriter({ file, position: 0, hash: null });
    expect(writer.writableHighWaterMark).toBe(512 * 1024);
    // The batch in flight is at most the queue plus the chunk that filled it (64 KiB socket reads).
    expect(2 * writer.writableHighWaterMark + 64 * 1024).toBeLessThan(GARBAGE_EVERY_BYTES);
    writer.destroy();
    await file.close();
  });
});
