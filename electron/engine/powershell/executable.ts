import { existsSync } from 'node:fs';
import path from 'node:path';
import { isPackagedApp, projectRoot } from '../paths';
import { systemProgram } from '../system-programs';

/** Which PowerShell the engine starts, and why that one. */
export interface PowerShellExecutable {
  path: string;
  source: 'EXWIZ_PWSH' | 'windows-powershell' | 'project-tools' | 'path';
}

/**
 * Picks the PowerShell executable.
 *
 * EXWIZ_PWSH wins in development (never in a packaged app); on Windows the
 * default is Windows PowerShell 5.1 by its full System32 path, which every
 * jump box has; elsewhere the pwsh that `npm run ensure-pwsh` put into
 * .tools/, else pwsh on PATH.
 */
export function resolvePowerShellExecutable(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  root: string = projectRoot(),
  packaged: boolean = isPackagedApp(),
): PowerShellExecutable {
  const override = env.EXWIZ_PWSH?.trim();
  if (override && !packaged) return { path: override, source: 'EXWIZ_PWSH' };
  if (platform === 'win32') return { path: systemProgram('powershell.exe', env), source: 'windows-powershell' };
  const local = path.join(root, '.tools', 'pwsh');
  if (existsSync(local)) return { path: local, source: 'project-tools' };
  return { path: 'pwsh', source: 'path' };
}
