import { createHash, type Hash } from 'node:crypto';
import { open } from 'node:fs/promises';

// Large reads: few system calls and event-loop turns per byte. Two buffers,
// reused for the whole file: memory stays at 4 MiB and leaves no garbage.
const READ_CHUNK = 2 * 1024 * 1024;

/** Lower-case hex; the form manifests and comparisons use. */
export function normaliseSha256(hex: string): string {
  return hex.trim().toLowerCase();
}

export function newSha256(): Hash {
  return createHash('sha256');
}

/** Anything bytes can be fed into: a Node Hash or a RunningSha256. */
export interface HashSink {
  update(data: Buffer): unknown;
}

/**
 * A SHA-256 being computed over a file as it is written, which can step back
 * to a mark. The writer hashes a batch while the file system is still writing
 * it (the two overlap instead of taking turns); when the write then fails or
 * lands short, the hash returns to the mark and takes only the bytes that did
 * reach the file, so it always describes the bytes on disk.
 */
export class RunningSha256 implements HashSink {
  private hash: Hash = newSha256();

  update(data: Buffer): this {
    this.hash.update(data);
    return this;
  }

  /** The state now (a copy, a few hundred bytes), to return to with `rewind`. */
  mark(): Hash {
    return this.hash.copy();
  }

  rewind(mark: Hash): void {
    this.hash = mark;
  }

  /** Lower-case hex; the hash cannot be used afterwards. */
  hex(): string {
    return this.hash.digest('hex');
  }
}

export interface HashReadOptions {
  /** Bytes to read from the start; the whole file when omitted. */
  length?: number;
  signal?: AbortSignal;
  onProgress?(bytes: number): void;
}

/**
 * Feeds the first `length` bytes of a file (or all of it) into `hash` and
 * returns how many bytes were read. Reads into two buffers in turn, the next
 * read running while the last one is hashed; nothing is allocated per read,
 * so a file of any size leaves no buffers for the garbage collector.
 */
export async function hashFileInto(hash: HashSink, file: string, options: HashReadOptions = {}): Promise<number> {
  const limit = options.length ?? Number.POSITIVE_INFINITY;
  if (limit === 0) return 0;
  options.signal?.throwIfAborted();
  const handle = await open(file, 'r');
  const buffers = [Buffer.allocUnsafeSlow(READ_CHUNK), Buffer.allocUnsafeSlow(READ_CHUNK)] as const;
  const readInto = (turn: 0 | 1, position: number) => handle.read(buffers[turn], 0, Math.min(READ_CHUNK, limit - position), position);
  let reading: ReturnType<typeof readInto> | null = readInto(0, 0);
  let turn: 0 | 1 = 0;
  let bytes = 0;
  try {
    while (reading) {
      const { bytesRead } = await reading;
      reading = null;
      if (bytesRead === 0) break;
      const chunk = buffers[turn].subarray(0, bytesRead);
      bytes += bytesRead;
      options.signal?.throwIfAborted();
      turn = turn === 0 ? 1 : 0;
      if (bytes < limit) reading = readInto(turn, bytes);
      hash.update(chunk);
      options.onProgress?.(bytes);
    }
    return bytes;
  } finally {
    // A read still running must finish before its file closes.
    await reading?.catch(() => undefined);
    await handle.close();
  }
}

/** SHA-256 (lower-case hex) and size of a whole file. */
export async function sha256OfFile(file: string, options: Omit<HashReadOptions, 'length'> = {}): Promise<{ sha256: string; bytes: number }> {
  const hash = newSha256();
  const bytes = await hashFileInto(hash, file, options);
  return { sha256: hash.digest('hex'), bytes };
}
