import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../src-shared/domain/errors';
import { validateHostName } from '../../../src-shared/domain/host-names';
import { isThisExchangeServer, notElevatedError, type ThisComputer } from '../../../src-shared/domain/this-computer';
import { powershellScriptsDirectory } from '../paths';
import type { ScriptRunner } from '../powershell/host';
import { checkDrive, checkStagedFileOnServer, type ServerCheck, type StagedFileOnServer } from './server-check';
import { credentialParameters, type ServerCredential } from '../credentials';

/**
 * The staging folder's security descriptor: owned by Administrators, a
 * protected DACL (nothing inherited from C:\) giving Full Control to SYSTEM
 * and Administrators only, inherited by every file and subfolder.
 */
export const STAGING_FOLDER_SDDL = 'O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)';

const FOLDER_NAME = /^[A-Za-z0-9._-]{1,100}$/;

/** The script's parameters: a validated server name and update folder, and the descriptor. */
export function stagingFolderParameters(server: string, folderName: string, drive = 'C'): { ComputerName: string; FolderName: string; Sddl: string; Drive: string } {
  const check = validateHostName(server);
  if (!check.valid || !check.normalized) throw new AppError('invalid-input', `"${server}" is not a server name: ${check.error ?? 'invalid'}`);
  if (!FOLDER_NAME.test(folderName) || /^\.+$/.test(folderName)) throw new AppError('invalid-input', `"${folderName}" is not a staging folder name.`);
  return { ComputerName: check.normalized, FolderName: folderName, Sddl: STAGING_FOLDER_SDDL, Drive: checkDrive(drive) };
}

export function stagingFolderScript(): string {
  return path.join(powershellScriptsDirectory(), 'transfer', 'New-StagingFolder.ps1');
}

const Outcome = z.object({
  path: z.string().nullable(),
  created: z.array(z.string()),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});

/**
 * Creates C:\ExchangeUpdates\<folder> on the server over PowerShell remoting
 * with the administrators-only ACL, before anything is copied there; refuses
 * a folder somebody else created first.
 */
export async function prepareStagingFolder(runner: ScriptRunner, server: string, folderName: string, signal?: AbortSignal, local = false, credential?: ServerCredential, drive = 'C'): Promise<void> {
  const { value } = await runner.run(
    stagingFolderScript(),
    { ...stagingFolderParameters(server, folderName, drive), ResourceDirectory: powershellScriptsDirectory(), ...(local ? { OnThisComputer: true } : {}), ...credentialParameters(credential) },
    {
      schema: Outcome,
      timeoutMs: 120_000,
      ...(signal ? { signal } : {}),
    },
  );
  if (!value.error) return;
  if (value.error.code === 'untrusted-folder') {
    throw new AppError('access-denied', `The staging folder on ${server} cannot be trusted: ${value.error.message}`, {
      fix: `On ${server}, as an administrator, delete ${drive}:\\ExchangeUpdates\\${folderName} (or the whole ${drive}:\\ExchangeUpdates if it is the one named), then stage again.`,
    });
  }
  throw new AppError('unreachable', `The staging folder could not be prepared on ${server}: ${value.error.message}`, {
    fix: 'Check that PowerShell remoting (WinRM) reaches the server with an administrator account, then stage again.',
  });
}

/**
 * The stager's server steps for a request, where they apply: staging to a
 * server's own C$ share on Windows (not a folder the admin named, not the
 * demo's local stand-in). Both run over PowerShell remoting: the
 * administrators-only folder before anything is written, and the check of
 * the copy on the server itself (Get-FileHash there) instead of reading it
 * back over the network. On the Exchange server the wizard runs on (`local`)
 * both run in this PowerShell, on the local disk.
 */
export function serverFolderStep(
  ask: { server?: string | undefined; destination?: string | undefined },
  options: { platform: NodeJS.Platform; demo: boolean; runner: () => ScriptRunner; signal?: AbortSignal; local?: boolean; credential?: ServerCredential | undefined; drive?: string },
): { prepareServerFolder?(server: string, folderName: string): Promise<void>; checkOnServer?(server: string, file: StagedFileOnServer): Promise<ServerCheck> } {
  if (ask.destination !== undefined || ask.server === undefined || options.demo || options.platform !== 'win32') return {};
  return {
    prepareServerFolder: (server, folderName) => prepareStagingFolder(options.runner(), server, folderName, options.signal, options.local === true, options.credential, options.drive),
    checkOnServer: (server, file) =>
      checkStagedFileOnServer(options.runner(), server, { ...file, ...(options.drive ? { drive: options.drive } : {}) }, options.signal, options.local === true, options.credential),
  };
}

/**
 * Whether staging to `server` writes to this computer's own disk: the server named is the
 * Exchange server the wizard runs on, and no other folder was given. There the staging folder
 * (administrators only) can be made only elevated: refused without, in one line with how to
 * restart as administrator.
 */
export function stagingOnThisComputer(ask: { server?: string | undefined; destination?: string | undefined }, computer: ThisComputer | null, restartCommand: string): boolean {
  if (ask.destination !== undefined || ask.server === undefined || !isThisExchangeServer(computer, { name: ask.server })) return false;
  if (computer?.elevated === false) {
    const refusal = notElevatedError(computer, restartCommand);
    throw new AppError(refusal.code, refusal.message, { ...(refusal.fix ? { fix: refusal.fix } : {}) });
  }
  return true;
}
