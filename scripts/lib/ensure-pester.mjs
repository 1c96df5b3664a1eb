// Makes sure Pester (the PowerShell test framework) is there for the PowerShell tests: from
// NuGet, the way ensure-pwsh.mjs installs PowerShell itself (never the PowerShell Gallery), into
// .tools/.pester. EXWIZ_PESTER names a Pester.psd1 to use instead.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PESTER_VERSION = '5.7.1';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where Pester's module manifest is (or will be once installed). */
export function pesterModulePath(tools = path.join(root, '.tools')) {
  if (process.env.EXWIZ_PESTER) return process.env.EXWIZ_PESTER;
  return path.join(tools, '.pester', 'pester', PESTER_VERSION, 'tools', 'Pester.psd1');
}

/**
 * Finds or installs Pester; returns the path of its Pester.psd1, or null after saying what to do.
 * The .NET SDK restores the NuGet package into .tools/.pester (a PackageDownload, nothing built).
 * @param {{ tools?: string, say?: (text: string) => void }} [options]
 */
export function ensurePester({ tools = path.join(root, '.tools'), say = text => process.stdout.write(`${text}\n`) } = {}) {
  const manifest = pesterModulePath(tools);
  if (existsSync(manifest)) return manifest;
  if (process.env.EXWIZ_PESTER) {
    process.stderr.write(`EXWIZ_PESTER names ${manifest}, which does not exist.\n`);
    return null;
  }
  say(`Installing Pester ${PESTER_VERSION} into .tools/.pester from NuGet (dotnet restore)...`);
  mkdirSync(tools, { recursive: true });
  const project = mkdtempSync(path.join(tools, '.pester-restore-'));
  try {
    const sdk = spawnSync('dotnet', ['--version'], { encoding: 'utf8' });
    if (sdk.status !== 0) {
      process.stderr.write('Pester is missing and the .NET SDK (dotnet) needed to fetch it from NuGet is missing too: install the .NET SDK, or set EXWIZ_PESTER to a Pester.psd1.\n');
      return null;
    }
    const framework = `net${sdk.stdout.trim().split('.')[0]}.0`;
    writeFileSync(
      path.join(project, 'fetch.csproj'),
      `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>${framework}</TargetFramework>
    <RestorePackagesPath>${path.join(tools, '.pester')}</RestorePackagesPath>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="Pester" Version="[${PESTER_VERSION}]" />
  </ItemGroup>
</Project>
`,
    );
    const restore = spawnSync('dotnet', ['restore', '--nologo', '-v', 'quiet'], { cwd: project, encoding: 'utf8' });
    if (restore.status !== 0) {
      process.stderr.write(`dotnet restore of Pester ${PESTER_VERSION} failed (a NuGet source must be reachable): ${(restore.stdout + restore.stderr).trim().split('\n').slice(-3).join(' ')}\n`);
      return null;
    }
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
  if (!existsSync(manifest)) {
    process.stderr.write(`Pester was restored but ${manifest} is missing.\n`);
    return null;
  }
  return manifest;
}
