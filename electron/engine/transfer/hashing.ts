import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

// Large reads: fewer system calls and event-loop turns per byte; memory stays a few MiB.
const READ_CHUNK = 4 * 1024 * 1024;

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
 * returns how many bytes were read. Streams in 4 MiB chunks: memory stays flat.
 */
export async function hashFileInto(hash: HashSink, file: string, options: HashReadOptions = {}): Promise<number> {
  if (options.length === 0) return 0;
  const stream = createReadStream(file, {
    highWaterMark: READ_CHUNK,
    ...(options.length === undefined ? {} : { end: options.length - 1 }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
    options.onProgress?.(bytes);
  }
  return bytes;
}

/** SHA-256 (lower-case hex) and size of a whole file. */
export async function sha256OfFile(file: string, options: Omit<HashReadOptions, 'length'> = {}): Promise<{ sha256: string; bytes: number }> {
  const hash = newSha256();
  const bytes = await hashFileInto(hash, file, options);
  return { sha256: hash.digest('hex'), bytes };
}
