import { spawn } from 'node:child_process';
import path from 'node:path';
import { powershellScriptsDirectory } from './paths';
import { resolvePowerShellExecutable } from './powershell/executable';

/** What restarts the wizard elevated: this process's own executable and arguments. */
export interface ElevatedRestart {
  /** The running wizard, which must have quit before the elevated one starts (data folder, single-instance lock). */
  pid: number;
  executable: string;
  args: readonly string[];
}

/**
 * The command line of the detached PowerShell that starts the wizard elevated once this one
 * has quit (host/Start-Elevated.ps1): every value a parameter, the arguments as base64 JSON.
 */
export function elevatedRestartCommand(restart: ElevatedRestart): { file: string; args: string[] } {
  const script = path.join(powershellScriptsDirectory(), 'host', 'Start-Elevated.ps1');
  const argumentsBase64 = Buffer.from(JSON.stringify(restart.args), 'utf8').toString('base64');
  return {
    file: resolvePowerShellExecutable().path,
    args: [
      '-NoProfile',
      '-NonInteractive',
      '-ExecutionPolicy',
      'Bypass',
      '-File',
      script,
      '-WaitForProcessId',
      String(restart.pid),
      '-FilePath',
      restart.executable,
      ...(restart.args.length > 0 ? ['-ArgumentsBase64', argumentsBase64] : []),
    ],
  };
}

/** Starts that PowerShell detached, so it outlives this process; the caller quits next. */
export function startElevatedAfterExit(restart: ElevatedRestart): void {
  const command = elevatedRestartCommand(restart);
  const child = spawn(command.file, command.args, { detached: true, stdio: 'ignore', windowsHide: true });
  child.unref();
}
