// Makes sure a PowerShell is available for the probes, the tests and browser
// mode: an existing pwsh (EXWIZ_PWSH, .tools/pwsh or PATH) is kept; on Windows
// the built-in Windows PowerShell 5.1 is used; elsewhere PowerShell 7.6.9 is
// installed into .tools/ with the .NET SDK and precompiled (precompile-pwsh.mjs).
// `npm start` and `npm test` call it first, so nobody has to remember a separate step.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { precompilePwsh } from './precompile-pwsh.mjs';

const VERSION = '7.6.9';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const tools = path.join(root, '.tools');
const localPwsh = path.join(tools, process.platform === 'win32' ? 'pwsh.exe' : 'pwsh');

function versionOf(executable) {
  const result = spawnSync(executable, ['-NoProfile', '-NonInteractive', '-Command', '$PSVersionTable.PSVersion.ToString()'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return result.status === 0 ? result.stdout.trim() : null;
}

/**
 * The PowerShell 7 (pwsh) to use, in order: EXWIZ_PWSH, .tools/pwsh, pwsh on
 * PATH; null when none starts.
 * @returns {{ label: string, path: string, version: string } | null}
 */
export function findPwsh() {
  for (const [label, candidate] of [
    ['EXWIZ_PWSH', process.env.EXWIZ_PWSH],
    ['.tools', existsSync(localPwsh) ? localPwsh : null],
    ['PATH', 'pwsh'],
  ]) {
    if (!candidate) continue;
    const version = versionOf(candidate);
    if (version) return { label, path: candidate, version };
  }
  return null;
}

/**
 * Finds or installs PowerShell; says what it found or did. Returns true when a
 * PowerShell is ready, false (after saying what to do) when it is not.
 * @param {{ quiet?: boolean }} [options] quiet: say nothing when one is simply there
 */
export function ensurePwsh({ quiet = false } = {}) {
  const say = text => process.stdout.write(`${text}\n`);
  const found = findPwsh();
  if (found) {
    if (!quiet) say(`PowerShell ${found.version} found (${found.label}: ${found.path}).`);
    // Installed here before precompiling existed, or precompiling was interrupted.
    if (found.label === '.tools') precompilePwsh(tools, say);
    return true;
  }

  if (process.platform === 'win32') {
    if (!quiet) say('No pwsh found; on Windows the wizard uses Windows PowerShell (powershell.exe), so nothing to install.');
    return true;
  }

  const dotnet = spawnSync('dotnet', ['--version'], { encoding: 'utf8' });
  if (dotnet.status !== 0) {
    process.stderr.write(
      [
        'PowerShell 7 was not found, and the .NET SDK (dotnet) needed to install it is missing too.',
        'Do one of these, then run the command again:',
        '  - install the .NET SDK (https://learn.microsoft.com/dotnet/core/install/), or',
        '  - install PowerShell 7 (https://learn.microsoft.com/powershell/scripting/install/installing-powershell), or',
        '  - set EXWIZ_PWSH to the full path of an existing pwsh.',
        '',
      ].join('\n'),
    );
    return false;
  }

  say(`No PowerShell found: installing PowerShell ${VERSION} into .tools/ (dotnet tool install)...`);
  try {
    execFileSync('dotnet', ['tool', 'install', '--tool-path', tools, 'PowerShell', '--version', VERSION], { stdio: 'inherit' });
  } catch {
    process.stderr.write('dotnet tool install failed; see the output above (a NuGet source must be reachable).\n');
    return false;
  }
  const installed = versionOf(localPwsh);
  if (!installed) {
    process.stderr.write(`PowerShell was installed into ${tools} but does not start.\n`);
    return false;
  }
  precompilePwsh(tools, say);
  say(`PowerShell ${installed} is ready at ${localPwsh}.`);
  return true;
}
