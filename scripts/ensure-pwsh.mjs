#!/usr/bin/env node
// Makes sure a PowerShell 7 is available for the probe tests and browser mode:
// an existing pwsh (EXWIZ_PWSH, .tools/pwsh or PATH) is kept; otherwise
// PowerShell 7.6.9 is installed into .tools/ with the dotnet SDK.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const VERSION = '7.6.9';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tools = path.join(root, '.tools');
const localPwsh = path.join(tools, process.platform === 'win32' ? 'pwsh.exe' : 'pwsh');

function works(executable) {
  const result = spawnSync(executable, ['-NoProfile', '-NonInteractive', '-Command', '$PSVersionTable.PSVersion.ToString()'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return result.status === 0 ? result.stdout.trim() : null;
}

for (const [label, candidate] of [
  ['EXWIZ_PWSH', process.env.EXWIZ_PWSH],
  ['.tools', existsSync(localPwsh) ? localPwsh : null],
  ['PATH', 'pwsh'],
]) {
  if (!candidate) continue;
  const version = works(candidate);
  if (version) {
    process.stdout.write(`PowerShell ${version} found (${label}: ${candidate}).\n`);
    process.exit(0);
  }
}

if (process.platform === 'win32') {
  process.stdout.write('No pwsh found; the wizard uses Windows PowerShell (powershell.exe) on Windows, so nothing to install.\n');
  process.exit(0);
}

const dotnet = spawnSync('dotnet', ['--version'], { encoding: 'utf8' });
if (dotnet.status !== 0) {
  process.stderr.write(
    [
      'PowerShell 7 was not found, and the .NET SDK (dotnet) needed to install it is missing too.',
      'Do one of these, then run "npm run ensure-pwsh" again:',
      '  - install the .NET SDK (https://learn.microsoft.com/dotnet/core/install/), or',
      '  - install PowerShell 7 (https://learn.microsoft.com/powershell/scripting/install/installing-powershell), or',
      '  - set EXWIZ_PWSH to the full path of an existing pwsh.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

process.stdout.write(`Installing PowerShell ${VERSION} into .tools/ (dotnet tool install)...\n`);
try {
  execFileSync('dotnet', ['tool', 'install', '--tool-path', tools, 'PowerShell', '--version', VERSION], { stdio: 'inherit' });
} catch {
  process.stderr.write('dotnet tool install failed; see the output above (a NuGet source must be reachable).\n');
  process.exit(1);
}
const installed = works(localPwsh);
if (!installed) {
  process.stderr.write(`PowerShell was installed into ${tools} but does not start.\n`);
  process.exit(1);
}
process.stdout.write(`PowerShell ${installed} is ready at ${localPwsh}.\n`);
