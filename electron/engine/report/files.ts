import { open, stat, type FileHandle } from 'node:fs/promises';
import { READ_WITHOUT_WAITING } from '../read-flags';
import { writeFileAtomic } from '../atomic-file';
import { AppError } from '../../../src-shared/domain/errors';
import type { ReportFormat } from '../../../src-shared/ipc/contract';

/**
 * Report files on disk: their default names, atomic writes and reads with
 * errors that say what to do.
 */

/** Biggest file openReport and --from accept: a 500-server report with full facts stays far below it. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** "exchange-report-2026-11-26-120000.html"; "-redacted" before the extension for redacted copies. */
export function defaultReportFileName(format: ReportFormat, generatedAt: string, redacted: boolean): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(generatedAt);
  const stamp = match ? `${match[1]}-${match[2]}${match[3]}${match[4]}` : 'undated';
  return `exchange-report-${stamp}${redacted ? '-redacted' : ''}.${format}`;
}

function errno(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function writeError(err: unknown, file: string): AppError {
  const detail = err instanceof Error ? err.message : String(err);
  switch (errno(err)) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new AppError('disk-full', `There is not enough free space to save the report as ${file}.`, { fix: 'Free some space or save it to another folder.', detail });
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new AppError('access-denied', `The report cannot be saved as ${file}: access denied.`, { fix: 'Choose a folder your account may write to.', detail });
    case 'EISDIR':
      return new AppError('invalid-input', `${file} is a folder, not a file name.`, { fix: 'Give the full name of the report file, e.g. report.html.', detail });
    default:
      return new AppError('io', `The report could not be saved as ${file}.`, { detail });
  }
}

/**
 * Writes through a temporary file renamed over the target, so an existing
 * report is replaced whole or not at all. Creates the folder if needed.
 * Returns the number of bytes written.
 */
export async function writeReportFile(file: string, content: string | Uint8Array): Promise<number> {
  try {
    return await writeFileAtomic(file, content);
  } catch (err) {
    throw writeError(err, file);
  }
}

function notRegular(file: string): AppError {
  return new AppError('invalid-input', `${file} is not a regular file (a device, pipe or socket).`, { fix: 'Give the path of a .json file.' });
}

/**
 * Reads a JSON input file (scan, session or report) as text, with clear errors.
 * Only a regular file, and never more than MAX_INPUT_BYTES: /dev/zero, a pipe
 * or a file that grows while it is read cannot make the wizard eat memory.
 */
export async function readInputFile(file: string): Promise<string> {
  // Up front: a FIFO or a device is refused before anything opens it.
  const before = await stat(file).catch(() => null);
  if (before && !before.isFile() && !before.isDirectory()) throw notRegular(file);
  let handle: FileHandle;
  try {
    handle = await open(file, READ_WITHOUT_WAITING);
  } catch (err) {
    const code = errno(err);
    const detail = err instanceof Error ? err.message : String(err);
    if (code === 'ENOENT') throw new AppError('not-found', `${file} does not exist.`, { fix: 'Check the path and file name.', detail });
    if (code === 'EISDIR') throw new AppError('invalid-input', `${file} is a folder; give the path of a .json file.`, { detail });
    if (code === 'EACCES' || code === 'EPERM') throw new AppError('access-denied', `${file} cannot be read: access denied.`, { detail });
    throw new AppError('io', `${file} could not be read.`, { detail });
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new AppError('invalid-input', `${file} is a folder; give the path of a .json file.`);
    if (!info.isFile()) throw notRegular(file);
    const tooBig = () => new AppError('invalid-input', `${file} is larger than ${MAX_INPUT_BYTES / 1048576} MB: too big to be a report, scan or session.`);
    if (info.size > MAX_INPUT_BYTES) throw tooBig();
    // One byte more than stat said, so a file that grows while it is read is noticed, not followed.
    const buffer = Buffer.alloc(info.size + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > info.size) throw new AppError('invalid-input', `${file} grew while it was read; give a file that is not being written.`);
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    await handle.close();
  }
}
