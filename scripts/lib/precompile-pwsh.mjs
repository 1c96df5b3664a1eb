// The PowerShell that ensure-pwsh installs (the "PowerShell" dotnet tool) ships its assemblies as
// IL only, so every start JIT-compiles the engine: about 1.4 s of CPU per start on the 2-core
// machine, and the tests and scans start PowerShell hundreds of times. Microsoft's own PowerShell
// packages are ReadyToRun-compiled; this does the same once, with crossgen2 from NuGet, for the
// assemblies PowerShell loads to start and run the probes. A start then takes about half the CPU.
//
// Best effort: when it cannot be done (no NuGet source, an unknown platform) PowerShell works as
// installed, only slower, and a marker file says so, so that each run does not try again.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What PowerShell loads to start and run a probe batch (the assemblies outside the .NET shared
 * framework that [AppDomain]::CurrentDomain.GetAssemblies() lists after one), relative to the
 * tool's `unix` folder. A name a later PowerShell no longer ships is skipped.
 */
const ASSEMBLIES = [
  'pwsh.dll',
  'System.Management.Automation.dll',
  'Microsoft.PowerShell.ConsoleHost.dll',
  'Microsoft.PowerShell.Commands.Utility.dll',
  'Microsoft.PowerShell.Commands.Management.dll',
  'Microsoft.PowerShell.Security.dll',
  'Microsoft.PowerShell.MarkdownRender.dll',
  'Microsoft.ApplicationInsights.dll',
  'Newtonsoft.Json.dll',
  'runtimes/unix/lib/netstandard1.6/Microsoft.Management.Infrastructure.dll',
  // The tool's launcher, one folder up: it starts first, every time.
  '../Microsoft.PowerShell.GlobalTool.Shim.dll',
];

const MARKER = '.exwiz-readytorun.json';

/** The folders under .tools/.store that hold a PowerShell tool's `unix` assemblies. */
function toolFolders(tools) {
  const store = path.join(tools, '.store', 'powershell');
  if (!existsSync(store)) return [];
  const found = [];
  for (const version of readdirSync(store)) {
    const tfms = path.join(store, version, 'powershell', version, 'tools');
    if (!existsSync(tfms)) continue;
    for (const tfm of readdirSync(tfms)) {
      const unix = path.join(tfms, tfm, 'any', 'unix');
      if (existsSync(path.join(unix, 'pwsh.dll'))) found.push(unix);
    }
  }
  return found;
}

/** The runtime identifier crossgen2 runs on and compiles for, or null where there is none. */
function runtimeIdentifier() {
  const os = { linux: 'linux', darwin: 'osx' }[process.platform];
  const arch = { x64: 'x64', arm64: 'arm64' }[process.arch];
  return os && arch ? { rid: `${os}-${arch}`, os, arch } : null;
}

/** The shared framework PowerShell will run on: the newest installed patch of its major.minor. */
function sharedFramework(unix) {
  const config = JSON.parse(readFileSync(path.join(unix, 'pwsh.runtimeconfig.json'), 'utf8'));
  const [major, minor] = String(config.runtimeOptions.framework.version).split('.');
  const listed = spawnSync('dotnet', ['--list-runtimes'], { encoding: 'utf8' });
  if (listed.status !== 0) throw new Error('dotnet --list-runtimes failed');
  const candidates = [...listed.stdout.matchAll(/^Microsoft\.NETCore\.App (\d+)\.(\d+)\.(\d+)\S* \[(.+)\]$/gm)]
    .filter(m => m[1] === major && m[2] === minor)
    .sort((a, b) => Number(b[3]) - Number(a[3]));
  const newest = candidates[0];
  if (!newest) throw new Error(`no Microsoft.NETCore.App ${major}.${minor} runtime is installed`);
  const version = `${newest[1]}.${newest[2]}.${newest[3]}`;
  return { version, folder: path.join(newest[4], version) };
}

/** Restores crossgen2 of exactly the runtime's version into .tools/.crossgen2; returns its path. */
function fetchCrossgen2(tools, rid, version) {
  const packages = path.join(tools, '.crossgen2');
  const executable = path.join(packages, `microsoft.netcore.app.crossgen2.${rid}`, version, 'tools', 'crossgen2');
  if (existsSync(executable)) return executable;
  const project = mkdtempSync(path.join(tools, '.crossgen2-restore-'));
  try {
    writeFileSync(
      path.join(project, 'fetch.csproj'),
      `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net${version.split('.').slice(0, 2).join('.')}</TargetFramework>
    <RestorePackagesPath>${packages}</RestorePackagesPath>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="Microsoft.NETCore.App.Crossgen2.${rid}" Version="[${version}]" />
  </ItemGroup>
</Project>
`,
    );
    const restore = spawnSync('dotnet', ['restore', '--nologo', '-v', 'quiet'], { cwd: project, encoding: 'utf8' });
    if (restore.status !== 0) throw new Error(`dotnet restore of crossgen2 ${version} failed: ${(restore.stdout + restore.stderr).trim().split('\n').slice(-3).join(' ')}`);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
  if (!existsSync(executable)) throw new Error(`crossgen2 was restored but ${executable} is missing`);
  return executable;
}

/**
 * Compiles one assembly to ReadyToRun next to itself, then swaps it in: a running pwsh keeps the
 * old file, and two set-ups at once (npm start beside npm test) each swap in a whole file.
 */
function compile(crossgen2, assembly, references, target) {
  const output = `${assembly}.${process.pid}.r2r`;
  const result = spawnSync(crossgen2, [...references.flatMap(r => ['-r', r]), '--targetos', target.os, '--targetarch', target.arch, '-O', assembly, '-o', output], { encoding: 'utf8' });
  if (result.status !== 0) {
    rmSync(output, { force: true });
    throw new Error(`crossgen2 failed on ${path.basename(assembly)}: ${(result.stdout + result.stderr).trim().split('\n').slice(-2).join(' ')}`);
  }
  renameSync(output, assembly);
}

/**
 * Precompiles the PowerShell installed in `tools` (.tools/) once; says what it does.
 * Returns true when it is precompiled (now or before), false when it runs as installed.
 */
export function precompilePwsh(tools, say) {
  const target = runtimeIdentifier();
  let precompiled = true;
  for (const unix of toolFolders(tools)) {
    const marker = path.join(unix, MARKER);
    if (existsSync(marker)) {
      precompiled &&= JSON.parse(readFileSync(marker, 'utf8')).compiled === true;
      continue;
    }
    const started = Date.now();
    try {
      if (!target) throw new Error(`no crossgen2 for ${process.platform}-${process.arch}`);
      const framework = sharedFramework(unix);
      say(`Precompiling PowerShell for .NET ${framework.version} (once; it then starts in half the time)...`);
      const crossgen2 = fetchCrossgen2(tools, target.rid, framework.version);
      const files = ASSEMBLIES.map(name => path.resolve(unix, name)).filter(file => existsSync(file));
      const references = [path.join(framework.folder, '*.dll'), path.join(unix, '*.dll')];
      for (const file of files) compile(crossgen2, file, references, target);
      writeFileSync(marker, `${JSON.stringify({ compiled: true, runtime: framework.version, files: files.map(f => path.relative(unix, f)) }, null, 2)}\n`);
      say(`PowerShell precompiled: ${files.length} assemblies in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
    } catch (error) {
      precompiled = false;
      mkdirSync(unix, { recursive: true });
      writeFileSync(marker, `${JSON.stringify({ compiled: false, reason: error.message }, null, 2)}\n`);
      say(`PowerShell was not precompiled (${error.message}); it works as installed, only starts slower. Delete ${marker} to try again.`);
    }
  }
  return precompiled;
}
