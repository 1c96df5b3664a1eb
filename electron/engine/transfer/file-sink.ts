import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { Writable } from 'node:stream';
import type { RunningSha256 } from './hashing';
import { releaseTransferGarbage } from './v8-memory';

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
  /** Holds exactly the bytes that reached the file, in order, whenever a write has settled (null: no hashing). */
  hash: RunningSha256 | null;
  /** Called after every write with the new position. */
  onWritten?(position: number): void;
  /**
   * The file is flushed to disk in the background and `onCheckpoint` records
   * the position once at least `checkpointBytes` were written and
   * `checkpointMs` passed since the last checkpoint. Flushing while writing
   * keeps the disk busy during the transfer, so the flush at the end only
   * has the last few MiB left (instead of the whole file).
   */
  checkpointBytes?: number;
  checkpointMs?: number;
  onCheckpoint?(durablePosition: number): Promise<void>;
  highWaterMark?: number;
}

// 32 MiB: under a second of writeback even for a slow disk, and few enough
// flushes (and state records) that they never dominate a fast transfer.
const DEFAULT_CHECKPOINT = 32 * 1024 * 1024;
const DEFAULT_CHECKPOINT_MS = 0;
// 512 KiB: large enough for writev batches that keep a disk busy, small
// enough that every buffer is written (and dead) before the next collection
// of transfer garbage (v8-memory.ts): the queue plus the batch being written
// stay under its interval, so no buffer outlives two scavenges.
const DEFAULT_HIGH_WATER_MARK = 512 * 1024;

/**
 * A Writable that writes chunks at increasing positions of a file and hashes
 * them while the file system writes them (the hash is wound back when a write
 * fails or lands short), so once a write has settled the hash describes
 * exactly the bytes on disk, even when the stream fails midway.
 *
 * Backpressure keeps memory at about `highWaterMark`; `writev` batches what
 * the network delivered while the previous write was in flight. Written
 * bytes are counted towards the next collection of the buffers they came in
 * (`releaseTransferGarbage`). Checkpoints
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
    const hash = this.opts.hash;
    const start = this.pos;
    try {
      while (pending.length > 0) {
        const size = pending.reduce((n, b) => n + b.length, 0);
        const mark = hash?.mark();
        const rewind = () => mark && hash?.rewind(mark);
        const writing = this.opts.file.writev(pending, this.pos);
        // The file system copies the batch on a worker thread meanwhile: hash it now.
        for (const buffer of pending) hash?.update(buffer);
        const bytesWritten = await writing.then(
          r => r.bytesWritten,
          err => {
            rewind();
            throw err;
          },
        );
        if (bytesWritten < size) rewind();
        if (bytesWritten <= 0) throw Object.assign(new Error('The file system accepted no bytes.'), { code: 'EIO' });
        pending = this.account(pending, bytesWritten, bytesWritten < size);
      }
    } catch (err) {
      this.failure = err;
      throw err;
    }
    this.opts.onWritten?.(this.pos);
    releaseTransferGarbage(this.pos - start);
    this.maybeCheckpoint();
  }

  /** Counts what was written (hashing it when the hash was wound back); returns what is still to write. */
  private account(buffers: Buffer[], written: number, hashWritten: boolean): Buffer[] {
    let left = written;
    const rest: Buffer[] = [];
    for (const buffer of buffers) {
      const part = left >= buffer.length ? buffer : left > 0 ? buffer.subarray(0, left) : null;
      if (part && hashWritten) this.opts.hash?.update(part);
      if (part !== buffer) rest.push(part ? buffer.subarray(left) : buffer);
      left -= part?.length ?? 0;
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
