import { lstat, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../src-shared/domain/errors';
import { errnoCode } from './transfer/fs-errors';

/**
 * The data folder at start-up: checked for writing before the wizard takes
 * a port or starts PowerShell, so a full disk or a read-only folder ends the
 * start with one sentence instead of a raw errno from a process that stays.
 */

/** Creates the data folder when missing and writes and removes a small file in it; throws {@link dataFolderError} when that fails. */
export async function ensureDataFolderWritable(directory: string): Promise<void> {
  const probe = path.join(directory, `.write-check-${process.pid}.tmp`);
  try {
    await mkdir(directory, { recursive: true });
    await writeFile(probe, 'exwiz');
    await rm(probe, { force: true });
  } catch (err) {
    await rm(probe, { force: true }).catch(() => undefined);
    throw dataFolderError(err, directory);
  }
}

/** A start-up write failure in the data folder as one sentence: what failed, where, and why in words. */
export function dataFolderError(err: unknown, directory: string): AppError {
  if (err instanceof AppError) return err;
  const code = errnoCode(err);
  const detail = err instanceof Error ? err.message : String(err);
  const fix = 'Free some space on that disk or make the folder writable for your account, or start the wizard with EXWIZ_HOME set to a folder you may write to.';
  const sentence = (why: string) => `The wizard cannot start: it cannot write to its data folder ${directory} (${why}).`;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new AppError('disk-full', sentence('the disk is full'), { fix, detail });
    case 'EACCES':
    case 'EPERM':
      return new AppError('access-denied', sentence('access is denied'), { fix, detail });
    case 'EROFS':
      return new AppError('access-denied', sentence('the disk is read-only'), { fix, detail });
    case 'ENOTDIR':
    case 'EEXIST':
      return new AppError('io', sentence('a file is in the way of the folder'), { fix, detail });
    case 'EISDIR':
      return new AppError('io', sentence('a folder is in the way of one of its files'), { fix, detail });
    default:
      return new AppError('io', sentence(code ?? 'unknown error'), { fix, detail });
  }
}

/** Whether a process with this id runs (signal 0 only checks; EPERM means it runs as someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Temporary files the wizard writes: writeFileAtomic's NAME.<pid>-<n>.tmp and the write check's .write-check-<pid>.tmp. */
const OWN_TEMPORARY = /(?:\.(\d+)-\d+|^\.write-check-(\d+))\.tmp$/;

/**
 * Removes the temporary files a crash or power cut left in the data folder
 * (and the folders in it, three levels deep, links not followed): only names
 * the wizard writes, and only of processes that no longer run, so a second
 * instance's file being written is left alone. Returns how many went.
 */
export async function removeCrashLeftovers(directory: string, depth = 3): Promise<number> {
  let removed = 0;
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory() && depth > 1) {
      removed += await removeCrashLeftovers(full, depth - 1);
      continue;
    }
    const match = OWN_TEMPORARY.exec(entry.name);
    if (!entry.isFile() || !match) continue;
    const pid = Number(match[1] ?? match[2]);
    if (pid === process.pid || processAlive(pid)) continue;
    const info = await lstat(full).catch(() => null);
    if (!info?.isFile()) continue;
    await rm(full, { force: true }).then(
      () => removed++,
      () => undefined,
    );
  }
  return removed;
}
