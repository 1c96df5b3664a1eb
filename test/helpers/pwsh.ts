import { execFileSync } from 'node:child_process';
import { resolvePowerShellExecutable } from '../../electron/engine/powershell/executable';

/**
 * The real PowerShell the tests run. `npm test` runs `ensure-pwsh` first, so a
 * missing pwsh is a set-up error, reported loudly rather than skipped.
 */
export function requirePwsh(): string {
  const exe = resolvePowerShellExecutable();
  try {
    execFileSync(exe.path, ['-NoProfile', '-NonInteractive', '-Command', '$PSVersionTable.PSVersion.ToString()'], { stdio: 'pipe' });
  } catch (err) {
    throw new Error(`PowerShell (${exe.path}) is needed for these tests: run "npm run ensure-pwsh".`, { cause: err });
  }
  return exe.path;
}
