import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../src-shared/domain/errors';
import { validateHostName } from '../../../src-shared/domain/host-names';
import type { DiscoveredServer } from '../../../src-shared/domain/discovery';
import { analyseSetupLog, setupLogProgress, type SetupLogAnalysis, type SetupLogProgress } from '../../../src-shared/analysis/setup-log/index';
import { credentialParameters, type ServerCredential } from '../credentials';
import type { LabConfiguration } from '../lab/lab-configuration';
import { powershellScriptsDirectory } from '../paths';
import type { ScriptRunner } from '../powershell/host';
import type { ScriptParameters } from '../powershell/invocation';
import { decodeLogBytes } from './decode-log';
import { MAX_SETUP_LOG_BYTES } from './read-setup-log';

/** The script that reads C:\ExchangeSetupLogs\ExchangeSetup.log on a server. */
export function setupLogScript(): string {
  return path.join(powershellScriptsDirectory(), 'setup', 'Read-SetupLog.ps1');
}

/** The script's answer (Read-SetupLog.ps1). */
export const SetupLogAnswer = z.object({
  found: z.boolean(),
  sizeBytes: z.number().nullable(),
  lastWriteTime: z.string().nullable(),
  content: z.string().nullable(),
  startLine: z.string().nullable(),
  startLineNumber: z.number().nullable(),
  lineCount: z.number().nullable(),
  tail: z.array(z.string()).nullable(),
  error: z.object({ code: z.enum(['missing', 'read-failed', 'access-denied', 'unreachable']), message: z.string() }).nullable(),
});
export type SetupLogAnswer = z.infer<typeof SetupLogAnswer>;

/** Where the log is read: a server over remoting, or its lab folder (demo, lab, imported capture). */
export interface SetupLogTarget {
  /** The server's display name (for messages). */
  name: string;
  /** The name remoting connects to (its FQDN when known). */
  computerName: string;
  lab?: { directory: string; configuration?: LabConfiguration };
  /** The wizard runs on this very server: read in-process, no remoting back to itself. */
  local?: boolean;
  /** "Connect as…": the account remoting signs in with (memory only). */
  credential?: ServerCredential;
}

/** What was read: the diagnosis (analyse) or the progress of a run under way (tail). */
export interface ServerSetupLog {
  server: string;
  /** When Setup last wrote the log (UTC, ISO), as the server reports it. */
  lastWriteTime: string | null;
  analysis: SetupLogAnalysis | null;
  progress: SetupLogProgress | null;
}

/**
 * The target for a discovered server: its lab folder when it has one, else the server itself
 * (in-process when the wizard runs on it, else over remoting as the scan signed in).
 */
export function setupLogTarget(server: DiscoveredServer, lab?: SetupLogTarget['lab'], how: { local?: boolean; credential?: ServerCredential | undefined } = {}): SetupLogTarget {
  const computerName = server.fqdn ?? server.name;
  if (lab) return { name: server.name, computerName, lab };
  const check = validateHostName(computerName);
  if (!check.valid || !check.normalized) throw new AppError('invalid-input', `"${computerName}" is not a server name the wizard can connect to: ${check.error ?? 'invalid'}`);
  if (process.platform !== 'win32') {
    throw new AppError('unsupported', `${server.name}'s Setup log can only be read from Windows: PowerShell remoting (WinRM) is not available on ${process.platform}.`, {
      fix: 'Copy C:\\ExchangeSetupLogs\\ExchangeSetup.log from the server and open it with "Choose a log file…".',
    });
  }
  return { name: server.name, computerName: check.normalized, ...(how.local ? { local: true } : {}), ...(how.credential && !how.local ? { credential: how.credential } : {}) };
}

function answerError(target: SetupLogTarget, error: NonNullable<SetupLogAnswer['error']>): AppError {
  const copy = 'Or copy C:\\ExchangeSetupLogs\\ExchangeSetup.log from the server and open it with "Choose a log file…".';
  switch (error.code) {
    case 'missing':
      return new AppError('not-found', `${target.name} has no C:\\ExchangeSetupLogs\\ExchangeSetup.log.`, {
        fix: 'Setup has not run on this server yet, or the log was moved or deleted.',
        detail: error.message,
      });
    case 'access-denied':
      return new AppError('access-denied', `${target.name} refused the connection: access denied.`, {
        fix: `Run the wizard as an account that is a local administrator of ${target.name}. ${copy}`,
        detail: error.message,
      });
    case 'unreachable':
      return new AppError('winrm-unreachable', `${target.name} did not answer over PowerShell remoting.`, {
        fix: `Check that WinRM is running on ${target.name} and the firewall allows it (Test-WSMan ${target.computerName}). ${copy}`,
        detail: error.message,
      });
    default:
      return new AppError('io', `${target.name}'s Setup log could not be read.`, { fix: copy, detail: error.message });
  }
}

/**
 * Reads the server's ExchangeSetup.log over the PowerShell host, read-only, and diagnoses its
 * last run (`analyse`) or says where a run under way is (`tail`).
 */
export async function readServerSetupLog(runner: ScriptRunner, target: SetupLogTarget, mode: 'analyse' | 'tail', signal?: AbortSignal): Promise<ServerSetupLog> {
  const parameters: ScriptParameters = {
    ComputerName: target.computerName,
    Mode: mode === 'analyse' ? 'Full' : 'Tail',
    ResourceDirectory: powershellScriptsDirectory(),
  };
  if (target.lab) {
    parameters.LabDirectory = target.lab.directory;
    if (target.lab.configuration) parameters.LabConfiguration = target.lab.configuration;
  }
  if (target.local) parameters.OnThisComputer = true;
  Object.assign(parameters, credentialParameters(target.credential));
  const { value } = await runner.run(setupLogScript(), parameters, { schema: SetupLogAnswer, timeoutMs: 120_000, ...(signal ? { signal } : {}) });
  if (!value.found || value.error) throw answerError(target, value.error ?? { code: 'read-failed', message: 'No answer.' });
  if (mode === 'tail') {
    return { server: target.name, lastWriteTime: value.lastWriteTime, analysis: null, progress: setupLogProgress(value.startLine, value.tail ?? []) };
  }
  if ((value.sizeBytes ?? 0) > MAX_SETUP_LOG_BYTES)
    throw new AppError('io', `${target.name}'s Setup log is larger than ${MAX_SETUP_LOG_BYTES / 1048576} MB.`, { fix: 'Copy it, keep its last Setup run, and open that with "Choose a log file…".' });
  const text = decodeLogBytes(Buffer.from(value.content ?? '', 'base64'));
  return { server: target.name, lastWriteTime: value.lastWriteTime, analysis: analyseSetupLog(text), progress: null };
}
