import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../src-shared/domain/errors';
import { analyseSetupLog, type SetupLogAnalysis } from '../../../src-shared/analysis/setup-log/index';
import { decodeLogBytes } from './decode-log';

/** The largest log the wizard reads: real ones reach a few MB after years of updates. */
export const MAX_SETUP_LOG_BYTES = 256 * 1024 * 1024;

function errno(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Reads an ExchangeSetup.log from this computer (a copy the admin picked or gave the CLI), shared
 * for reading so a log Setup is still writing can be read too, and decodes it.
 */
export async function readSetupLogFile(file: string): Promise<string> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    const code = errno(err);
    if (code === 'ENOENT') throw new AppError('not-found', `${file} does not exist.`, { fix: 'Check the path; on the server the log is C:\\ExchangeSetupLogs\\ExchangeSetup.log.', detail });
    if (code === 'EISDIR') throw new AppError('not-found', `${file} is a folder, not the log file.`, { fix: 'Give the path of ExchangeSetup.log itself.', detail });
    if (code === 'EACCES' || code === 'EPERM')
      throw new AppError('access-denied', `${file} cannot be read: access denied.`, { fix: 'Copy the log to a folder your account can read, or run as an administrator.', detail });
    throw new AppError('io', `${file} could not be read.`, { detail });
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new AppError('not-found', `${file} is a folder, not the log file.`, { fix: 'Give the path of ExchangeSetup.log itself.' });
    if (!info.isFile()) throw new AppError('io', `${file} is not a regular file.`, { fix: 'Give the path of ExchangeSetup.log.' });
    if (info.size > MAX_SETUP_LOG_BYTES) throw new AppError('io', `${path.basename(file)} is larger than ${MAX_SETUP_LOG_BYTES / 1048576} MB: too big for an ExchangeSetup.log.`);
    const buffer = Buffer.alloc(info.size);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return decodeLogBytes(buffer.subarray(0, length));
  } finally {
    await handle.close();
  }
}

/** Reads and diagnoses a log file on this computer. */
export async function analyseSetupLogFile(file: string): Promise<SetupLogAnalysis> {
  return analyseSetupLog(await readSetupLogFile(file));
}
