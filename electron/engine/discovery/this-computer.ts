import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ThisComputer } from '../../../src-shared/domain/this-computer';
import { powershellScriptsDirectory } from '../paths';
import type { ScriptParameters } from '../powershell/invocation';
import type { ScriptRunner } from '../powershell/host';
import type { LabConfiguration } from '../lab/lab-configuration';

export function thisComputerScript(): string {
  return path.join(powershellScriptsDirectory(), 'discovery', 'Get-ThisComputer.ps1');
}

/**
 * Reads which computer the wizard runs on: its name, whether Exchange is installed
 * (Setup's registry key) and whether the wizard is elevated. With a lab folder the
 * lab answers ("thisComputer" in its lab.json or the configuration).
 */
export async function readThisComputer(runner: ScriptRunner, lab?: { directory: string; configuration?: LabConfiguration }, signal?: AbortSignal): Promise<ThisComputer> {
  const parameters: ScriptParameters = { ResourceDirectory: powershellScriptsDirectory() };
  if (lab) {
    parameters.LabDirectory = lab.directory;
    if (lab.configuration) parameters.LabConfiguration = lab.configuration;
  }
  const { value } = await runner.run(thisComputerScript(), parameters, { schema: ThisComputer, timeoutMs: 60_000, ...(signal ? { signal } : {}) });
  return value;
}

/**
 * Whether a lab folder declares one of its servers as the computer the wizard runs on,
 * so scans of ordinary labs (every test's, the demo's) do not pay for asking.
 */
export function labDeclaresThisComputer(directory: string, configuration?: LabConfiguration): boolean {
  if (configuration && 'thisComputer' in configuration) return true;
  try {
    const lab = JSON.parse(readFileSync(path.join(directory, 'lab.json'), 'utf8')) as unknown;
    return typeof lab === 'object' && lab !== null && 'thisComputer' in lab;
  } catch {
    return false;
  }
}
