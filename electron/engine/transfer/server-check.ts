import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../src-shared/domain/errors';
import { validateHostName } from '../../../src-shared/domain/host-names';
import { powershellScriptsDirectory } from '../paths';
import type { ScriptRunner } from '../powershell/host';
import { checkFileName, PARTIAL_SUFFIX } from './file-names';
import { credentialParameters, type ServerCredential } from '../credentials';

/** A staged file, as the stager names it on the server. */
export interface StagedFileOnServer {
  /** The folder under C:\ExchangeUpdates (the update id, or "manual"). */
  folderName: string;
  /** The file's final name; `partial` checks NAME.partial, the copy before its rename. */
  fileName: string;
  partial: boolean;
  sha256: string;
  sizeBytes: number;
  /** The drive letter of <drive>:\ExchangeUpdates (default C, chosen from the scanned disks). */
  drive?: string;
}

/**
 * What the server said about a staged file: read from its own disk
 * (`checked`, with what it read and whether that is the expected file), or
 * why it could not be read. Only `checked` with `matches` proves the copy.
 */
export type ServerCheck =
  | { kind: 'checked'; sha256: string | null; sizeBytes: number; matches: boolean }
  | { kind: 'not-checked'; code: 'missing' | 'not-a-file' | 'read-failed' | 'access-denied' | 'unreachable'; message: string };

const FOLDER_NAME = /^[A-Za-z0-9._-]{1,100}$/;

/** C:\ExchangeUpdates\<folder>\<file>: where the stager's \\server\C$\ExchangeUpdates\... copy is, as the server sees it. */
export function serverStagingPath(folderName: string, fileName: string, partial: boolean, drive = 'C'): string {
  if (!FOLDER_NAME.test(folderName) || /^\.+$/.test(folderName)) throw new AppError('invalid-input', `"${folderName}" is not a staging folder name.`);
  checkFileName(fileName, 'The staged file');
  return `${checkDrive(drive)}:\\ExchangeUpdates\\${folderName}\\${fileName}${partial ? PARTIAL_SUFFIX : ''}`;
}

/** A drive letter, checked: it becomes part of a path on the server and of a UNC share name. */
export function checkDrive(drive: string): string {
  if (!/^[A-Za-z]$/.test(drive)) throw new AppError('invalid-input', `"${drive}" is not a drive letter.`);
  return drive.toUpperCase();
}

export function stagedFileScript(): string {
  return path.join(powershellScriptsDirectory(), 'transfer', 'Test-StagedFile.ps1');
}

/** The script's parameters: a checked server name, the path on the server, the expected hash and size. */
export function stagedFileParameters(server: string, file: StagedFileOnServer): { ComputerName: string; Path: string; ExpectedSha256: string; ExpectedSizeBytes: number } {
  const check = validateHostName(server);
  if (!check.valid || !check.normalized) throw new AppError('invalid-input', `"${server}" is not a server name: ${check.error ?? 'invalid'}`);
  if (!/^[0-9a-f]{64}$/.test(file.sha256)) throw new AppError('invalid-input', 'The expected SHA-256 is not 64 lower-case hexadecimal characters.');
  return {
    ComputerName: check.normalized,
    Path: serverStagingPath(file.folderName, file.fileName, file.partial, file.drive),
    ExpectedSha256: file.sha256,
    ExpectedSizeBytes: file.sizeBytes,
  };
}

/** The script's answer (Test-StagedFile.ps1). */
export const StagedFileAnswer = z.object({
  checked: z.boolean(),
  sha256: z.string().nullable(),
  sizeBytes: z.number().nullable(),
  matches: z.boolean(),
  error: z.object({ code: z.enum(['missing', 'not-a-file', 'read-failed', 'access-denied', 'unreachable']), message: z.string() }).nullable(),
});
export type StagedFileAnswer = z.infer<typeof StagedFileAnswer>;

/** Sorts the script's answer; "matches" only when the server's own hash and size are the expected ones. */
export function serverCheckOf(answer: StagedFileAnswer, expected: { sha256: string; sizeBytes: number }): ServerCheck {
  if (answer.checked && answer.sizeBytes !== null && answer.error === null) {
    const sha256 = answer.sha256?.toLowerCase() ?? null;
    return { kind: 'checked', sha256, sizeBytes: answer.sizeBytes, matches: answer.matches && sha256 === expected.sha256 && answer.sizeBytes === expected.sizeBytes };
  }
  return { kind: 'not-checked', code: answer.error?.code ?? 'read-failed', message: answer.error?.message ?? 'The server gave no usable answer.' };
}

// Get-FileHash reads a local disk at 100 MB/s or more; 20 MB/s leaves room for a busy server.
const HASH_FLOOR_BYTES_PER_SECOND = 20_000_000;

/**
 * Hashes a staged file on the server itself over PowerShell remoting
 * (Test-StagedFile.ps1: Get-FileHash there reads the server's own disk), so
 * the copy never travels back over the network to be checked.
 */
export async function checkStagedFileOnServer(
  runner: ScriptRunner,
  server: string,
  file: StagedFileOnServer,
  signal?: AbortSignal,
  local = false,
  credential?: ServerCredential,
): Promise<ServerCheck> {
  const parameters = { ...stagedFileParameters(server, file), ResourceDirectory: powershellScriptsDirectory(), ...(local ? { OnThisComputer: true } : {}), ...credentialParameters(credential) };
  try {
    const { value } = await runner.run(stagedFileScript(), parameters, {
      schema: StagedFileAnswer,
      timeoutMs: 120_000 + Math.ceil((file.sizeBytes / HASH_FLOOR_BYTES_PER_SECOND) * 1000),
      ...(signal ? { signal } : {}),
    });
    return serverCheckOf(value, file);
  } catch (err) {
    // Cancelled stays cancelled; anything else (no answer in time, PowerShell
    // missing or crashed, an answer of the wrong shape) means: not checked.
    if (err instanceof AppError && err.code === 'cancelled') throw err;
    const message = err instanceof Error ? err.message : String(err);
    return { kind: 'not-checked', code: err instanceof AppError && err.code === 'timeout' ? 'unreachable' : 'read-failed', message };
  }
}
