import { rename, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { errnoCode } from './transfer/fs-errors';

/**
 * On Windows an antivirus scanner, the search indexer or a backup agent opens a file the
 * moment it is written, and while it holds it a rename or delete fails with EPERM, EBUSY or
 * EACCES for a few hundred milliseconds. Those are retried there (as graceful-fs does), with
 * a growing pause, up to about three seconds; anywhere else, and for any other error, the
 * first failure is final.
 */
const HELD_BY_ANOTHER_PROCESS = new Set(['EPERM', 'EBUSY', 'EACCES']);
const PAUSES_MS = [20, 50, 100, 200, 400, 800, 1500];

export interface RetryOptions {
  platform?: NodeJS.Platform;
  pausesMs?: readonly number[];
}

/** Runs a rename or delete, retried on Windows while another process holds the file. */
export async function retryWhileHeld<T>(operation: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const platform = options.platform ?? process.platform;
  const pauses = options.pausesMs ?? PAUSES_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (err) {
      const code = errnoCode(err);
      if (platform !== 'win32' || code === undefined || !HELD_BY_ANOTHER_PROCESS.has(code) || attempt >= pauses.length) throw err;
      await sleep(pauses[attempt]);
    }
  }
}

/** fs.rename, retried on Windows while the file is held (antivirus). */
export function renameRetried(from: string, to: string, options?: RetryOptions): Promise<void> {
  return retryWhileHeld(() => rename(from, to), options);
}

/** fs.rm with force, retried on Windows while the file is held (antivirus). */
export function removeRetried(file: string, options?: RetryOptions & { recursive?: boolean }): Promise<void> {
  return retryWhileHeld(() => rm(file, { force: true, recursive: options?.recursive === true }), options);
}
