import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

const READ_CHUNK = 1024 * 1024;

/** Lower-case hex; the form manifests and comparisons use. */
export function normaliseSha256(hex: string): string {
  return hex.trim().toLowerCase();
}

export function newSha256(): Hash {
  return createHash('sha256');
}

export interface HashReadOptions {
  /** Bytes to read from the start; the whole file when omitted. */
  length?: number;
  signal?: AbortSignal;
  onProgress?(bytes: number): void;
}

/**
 * Feeds the first `length` bytes of a file (or all of it) into `hash` and
 * returns how many bytes were read. Streams in 1 MiB chunks: memory stays flat.
 */
export async function hashFileInto(hash: Hash, file: string, options: HashReadOptions = {}): Promise<number> {
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
