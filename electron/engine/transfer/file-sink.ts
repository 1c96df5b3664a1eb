import type { Hash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { Writable } from 'node:stream';

/** The part of a FileHandle the transfer services write through (a seam for fault tests). */
export interface WritableFile {
  writev(buffers: Buffer[], position: number): Promise<{ bytesWritten: number }>;
  sync(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

/** Opens a file for writing at positions: "w" creates/truncates, "r+" keeps what is there. */
export type OpenWritableFile = (file: string, flags: 'w' | 'r+') => Promise<WritableFile>;

// Where the OS has it (not Windows), O_NOFOLLOW makes the open fail instead of
// following a symbolic link planted where a partial file is expected.
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;
const OPEN_FLAGS = {
  w: constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | NO_FOLLOW,
  'r+': constants.O_RDWR | NO_FOLLOW,
} as const;

export const openWritableFile: OpenWritableFile = (file, flags) => open(file, OPEN_FLAGS[flags], 0o666);

/**
 * The size of `file` when it is a regular file itself (lstat: a symbolic link
 * or anything else is not), else null. Partial files are only trusted, read
 * or truncated after this check.
 */
export async function regularFileSize(file: string): Promise<number | null> {
  const info = await lstat(file).catch(() => null);
  return info?.isFile() ? info.size : null;
}

export interface HashingFileWriterOptions {
  file: WritableFile;
  /** Where the next byte goes (bytes already in the file before it). */
  position: number;
  /** Updated with exactly the bytes that reached the file, in order (null: no hashing). */
  hash: Hash | null;
  /** Called after every write with the new position. */
  onWritten?(position: number): void;
  /**
   * The file is flushed to disk and `onCheckpoint` records the position once
   * at least `checkpointBytes` were written and `checkpointMs` passed since
   * the last checkpoint: on a slow line every 64 MiB, on a fast one every
   * 15 s, so flushing never dominates a fast transfer.
   */
  checkpointBytes?: number;
  checkpointMs?: number;
  onCheckpoint?(durablePosition: number): Promise<void>;
  highWaterMark?: number;
}

const DEFAULT_CHECKPOINT = 64 * 1024 * 1024;
const DEFAULT_CHECKPOINT_MS = 15_000;
const DEFAULT_HIGH_WATER_MARK = 4 * 1024 * 1024;

/**
 * A Writable that writes chunks at increasing positions of a file and hashes
 * each chunk only after it reached the file, so the hash always describes the
 * bytes on disk, even when the stream fails midway.
 *
 * Backpressure keeps memory at about `highWaterMark`; `writev` batches what
 * the network delivered while the previous write was in flight. Checkpoints
 * flush the file (fsync) in the background and then record the durable
 * position, so a later resume never trusts bytes a power cut could have lost.
 */
export class HashingFileWriter extends Writable {
  private pos: number;
  private readonly opts: HashingFileWriterOptions;
  private lastCheckpoint: number;
  private lastCheckpointAt = Date.now();
  private checkpoint: Promise<void> | null = null;
  private failure: unknown = null;

  constructor(options: HashingFileWriterOptions) {
    super({ highWaterMark: options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK });
    this.opts = options;
    this.pos = options.position;
    this.lastCheckpoint = options.position;
  }

  /** The file-system error that stopped this writer (not a failure of the stream feeding it). */
  get fileError(): unknown {
    return this.failure;
  }

  /** Bytes in the file so far (written and hashed). */
  get position(): number {
    return this.pos;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.writeBuffers([chunk]).then(() => callback(), callback);
  }

  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    this.writeBuffers(chunks.map(c => c.chunk)).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.flush().then(() => callback(), callback);
  }

  /** Resolves when no background checkpoint is running (its state write must not land after a newer one). */
  async checkpointsSettled(): Promise<void> {
    while (this.checkpoint) await this.checkpoint;
  }

  /** Waits for a background checkpoint and flushes everything written to disk. */
  async flush(): Promise<void> {
    await this.checkpoint;
    if (this.failure) throw this.failure;
    try {
      await this.opts.file.sync();
    } catch (err) {
      this.failure = err;
      throw err;
    }
  }

  private async writeBuffers(buffers: Buffer[]): Promise<void> {
    if (this.failure) throw this.failure;
    let pending = buffers.filter(b => b.length > 0);
    try {
      while (pending.length > 0) {
        const { bytesWritten } = await this.opts.file.writev(pending, this.pos);
        if (bytesWritten <= 0) throw Object.assign(new Error('The file system accepted no bytes.'), { code: 'EIO' });
        pending = this.account(pending, bytesWritten);
      }
    } catch (err) {
      this.failure = err;
      throw err;
    }
    this.opts.onWritten?.(this.pos);
    this.maybeCheckpoint();
  }

  /** Hashes and counts what was written; returns what is still to write. */
  private account(buffers: Buffer[], written: number): Buffer[] {
    let left = written;
    const rest: Buffer[] = [];
    for (const buffer of buffers) {
      if (left >= buffer.length) {
        this.opts.hash?.update(buffer);
        left -= buffer.length;
      } else if (left > 0) {
        this.opts.hash?.update(buffer.subarray(0, left));
        rest.push(buffer.subarray(left));
        left = 0;
      } else {
        rest.push(buffer);
      }
    }
    this.pos += written;
    return rest;
  }

  private maybeCheckpoint(): void {
    const every = this.opts.checkpointBytes ?? DEFAULT_CHECKPOINT;
    const interval = this.opts.checkpointMs ?? DEFAULT_CHECKPOINT_MS;
    if (!this.opts.onCheckpoint || this.checkpoint || this.pos - this.lastCheckpoint < every) return;
    if (Date.now() - this.lastCheckpointAt < interval) return;
    const position = this.pos;
    this.lastCheckpoint = position;
    this.lastCheckpointAt = Date.now();
    const onCheckpoint = this.opts.onCheckpoint;
    // fsync covers at least every byte written before it started, so `position` is durable after it.
    this.checkpoint = this.opts.file
      .sync()
      .then(() => onCheckpoint(position))
      .catch(err => {
        this.failure ??= err;
      })
      .finally(() => {
        this.checkpoint = null;
      });
  }
}
