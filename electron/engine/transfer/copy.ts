import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../../src-shared/domain/errors';
import { HashingFileWriter, openWritableFile, type OpenWritableFile } from './file-sink';
import { fileSystemError } from './fs-errors';
import type { RunningSha256 } from './hashing';

export interface CopyOptions {
  source: string;
  /** The file written (NAME.partial at the destination). */
  target: string;
  /** Bytes already in `target` (copied earlier); copying continues from there. */
  offset: number;
  /** Gets every byte copied, after it reached the target (null: no hashing). */
  hash: RunningSha256 | null;
  signal?: AbortSignal;
  onWritten?(position: number): void;
  checkpointBytes?: number;
  checkpointMs?: number;
  onCheckpoint?(durablePosition: number): Promise<void>;
  openFile?: OpenWritableFile;
  /** Plain words for errors: "the download folder C:\\x", "the server share ...". */
  sourceLabel: string;
  targetLabel: string;
}

const READ_CHUNK = 1024 * 1024;

/**
 * Copies `source` from `offset` to the end into `target` at the same offset,
 * streaming (memory stays flat whatever the size), hashing what was written
 * when given a hash, flushed to disk at the end. Returns the target's final
 * size. A failure
 * says whether reading or writing failed; the bytes written so far stay, and
 * `onCheckpoint` hears the last flushed position either way.
 */
export async function copyFileRange(options: CopyOptions): Promise<number> {
  const open = options.openFile ?? openWritableFile;
  let file;
  try {
    file = await open(options.target, options.offset === 0 ? 'w' : 'r+');
  } catch (err) {
    throw fileSystemError(err, 'write the copy', options.targetLabel);
  }
  const reader = createReadStream(options.source, {
    start: options.offset,
    highWaterMark: READ_CHUNK,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const writer = new HashingFileWriter({
    file,
    position: options.offset,
    hash: options.hash,
    ...(options.onWritten ? { onWritten: options.onWritten } : {}),
    ...(options.checkpointBytes === undefined ? {} : { checkpointBytes: options.checkpointBytes }),
    ...(options.checkpointMs === undefined ? {} : { checkpointMs: options.checkpointMs }),
    ...(options.onCheckpoint ? { onCheckpoint: options.onCheckpoint } : {}),
  });
  try {
    await pipeline(reader, writer);
    return writer.position;
  } catch (err) {
    if (options.signal?.aborted) throw new AppError('cancelled', 'The copy was cancelled.');
    if (writer.fileError !== null) throw fileSystemError(writer.fileError, 'write the copy', options.targetLabel);
    throw fileSystemError(err, 'read the file being copied', options.sourceLabel);
  } finally {
    // Record how far the copy got (only bytes the file system accepted and
    // flushed), so a later run resumes from there; if even that fails, the
    // last checkpoint stands.
    await writer.checkpointsSettled();
    await file
      .sync()
      .then(() => options.onCheckpoint?.(writer.position))
      .catch(() => undefined);
    await file.close().catch(() => undefined);
  }
}
