import { copyFileSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { powershellScriptsDirectory } from '../../electron/engine/paths';
import { CASES, E19 } from './helpers';
import { useRealPwshHost } from '../helpers/pwsh';

/**
 * Imports the lab and lists the services (OS/GetService.xml, 2.5 MB in the
 * real capture) and the organisation's servers, `Imports` times, as the
 * probe does for server after server; in this PowerShell's own runspace or in
 * `Runspaces` fresh ones. Reports the lab's own parse counter and whether the
 * cached server capture was changed by what the lab handed out.
 */
const LAB_SCRIPT = String.raw`
param([string]$ResourceDirectory, [string]$LabDirectory, [string]$Organisation, [int]$Imports = 1, [int]$Runspaces = 0)
$ErrorActionPreference = 'Stop'
$work = @'
param([string]$Module, [string]$Lab, [string]$Organisation, [int]$Imports)
$ErrorActionPreference = 'Stop'
for ($i = 0; $i -lt $Imports; $i++) {
    $server = Import-Module -Name $Module -Force -DisableNameChecking -ArgumentList $Lab, $null -PassThru
    $services = @(& $server { Get-Service })
    $parses = & $server { Get-LabCaptureParses }
    $capture = & $server { Resolve-LabCapture -Slot 'OS/GetService.xml' }
    Remove-Module -ModuleInfo $server
}
$org = Import-Module -Name $Module -Force -DisableNameChecking -ArgumentList $Organisation, $null -PassThru
$listed = @(& $org { Get-ExchangeServer })
$cached = & $org { param($Folder) (Import-LabCapture -Slot 'Exchange/GetExchangeServer.xml' -Folder $Folder)[0] } $Lab
Remove-Module -ModuleInfo $org
[ordered]@{
    runspace      = [runspace]::DefaultRunspace.InstanceId.ToString()
    services      = $services.Count
    parses        = $parses[$capture]
    listedFolder  = [string]$listed[0].ExwizLabFolder
    cachedTouched = ($null -ne $cached.PSObject.Properties['ExwizLabFolder'])
}
'@
$module = [System.IO.Path]::Combine($ResourceDirectory, 'lab', 'ExwizLab.psm1')
$runs = @()
if ($Runspaces -eq 0) {
    $runs += , (& ([ScriptBlock]::Create($work)) $module $LabDirectory $Organisation $Imports)
}
for ($i = 0; $i -lt $Runspaces; $i++) {
    # [PowerShell]::Create() opens a runspace of its own.
    $shell = [PowerShell]::Create()
    try {
        $out = $shell.AddScript($work).AddArgument($module).AddArgument($LabDirectory).AddArgument($Organisation).AddArgument($Imports).Invoke()
        if ($shell.HadErrors) { throw $shell.Streams.Error[0] }
        $runs += , $out[0]
    } finally {
        $shell.Dispose()
    }
}
return @{ runs = $runs }
`;

const Run = z.object({ runspace: z.string(), services: z.number(), parses: z.number(), listedFolder: z.string(), cachedTouched: z.boolean() });
const Report = z.object({ runs: z.array(Run) });

describe('the lab parses each capture once per runspace (real pwsh)', () => {
  const real = useRealPwshHost('exwiz-lab-cache-');
  let script: string;
  let organisation: string;
  let lab: string;
  beforeAll(() => {
    script = path.join(real.scratch, 'lab-imports.ps1');
    writeFileSync(script, LAB_SCRIPT, 'utf8');
    // A temporary organisation with one server folder: the real service list and server capture.
    organisation = path.join(real.scratch, 'org');
    lab = path.join(organisation, 'E19');
    for (const file of ['OS/GetService.xml', 'Exchange/GetExchangeServer.xml']) {
      mkdirSync(path.dirname(path.join(lab, file)), { recursive: true });
      copyFileSync(path.join(E19, file), path.join(lab, file));
    }
  });

  const runLab = async (options: { imports?: number; runspaces?: number } = {}) =>
    (
      await real.host.run(
        script,
        { ResourceDirectory: powershellScriptsDirectory(), LabDirectory: lab, Organisation: organisation, Imports: options.imports ?? 1, Runspaces: options.runspaces ?? 0 },
        { schema: Report },
      )
    ).value.runs;

  it('parses a capture once per runspace however often the lab is imported, and hands out nothing that changes the cached objects', async () => {
    const runs = await runLab({ imports: 3, runspaces: 2 });
    const [first, second] = runs as [z.infer<typeof Run>, z.infer<typeof Run>];
    expect(first.runspace).not.toBe(second.runspace);
    expect(first.services).toBeGreaterThan(100);
    expect(second.services).toBe(first.services);
    // Three imports, one parse; each runspace parses its own (objects are not shared between threads).
    expect(first.parses).toBe(1);
    expect(second.parses).toBe(1);
    // Discovery still learns each server's folder, on a copy: the cached capture object stays as parsed.
    expect(path.resolve(first.listedFolder)).toBe(path.resolve(lab));
    expect(first.cachedTouched).toBe(false);
    expect(second.cachedTouched).toBe(false);
  });

  it('keeps the parsed capture across runs in one runspace and reads it again once its file changed', async () => {
    const [before] = await runLab();
    const [unchanged] = await runLab();
    const file = path.join(lab, 'OS', 'GetService.xml');
    // Another capture in its place: the services of the mitigation case (a different list).
    copyFileSync(path.join(CASES, 'GetServiceMSExchangeMitigationRunning.xml'), file);
    const later = new Date(Date.now() + 5_000);
    utimesSync(file, later, later);
    const [after] = await runLab();
    const [again] = await runLab();
    expect(before?.parses).toBe(1);
    expect(unchanged?.parses).toBe(1);
    expect(after?.parses).toBe(2);
    expect(after?.services).not.toBe(before?.services);
    expect(again?.parses).toBe(2);
    expect(again?.services).toBe(after?.services);
  });
});
