<#
    Exchange Remediation Wizard - offline collector

    For an Exchange server the wizard cannot reach over the network. Copy this
    file to the server and run it there in an elevated Exchange Management
    Shell (or an elevated Windows PowerShell on an Edge server):

        .\Exwiz-Collector.ps1
        .\Exwiz-Collector.ps1 -OutputDirectory D:\Temp

    Windows marks a file that came from another computer (a download, a mail,
    some copies) as from the internet, and the execution policy may refuse
    unsigned scripts. Unblock the file, then run it with the policy bypassed
    for this one run (it loads the Exchange shell itself):

        Unblock-File -LiteralPath .\Exwiz-Collector.ps1
        powershell.exe -NoProfile -ExecutionPolicy Bypass -File .\Exwiz-Collector.ps1

    (A policy set by Group Policy wins over -ExecutionPolicy Bypass: then run
    it on a server without that policy, or ask for RemoteSigned.)

    It only READS: Exchange settings (Get-ExchangeServer, certificates, ...),
    ExSetup.exe's version, registry values, services, the Application log's
    Emergency Mitigation Service events, the EEMS log lines about certificate
    errors and IIS's Extended Protection settings, and it tests the connection
    to https://officeclient.microsoft.com as the EEMS service would. It writes
    one ZIP file in the current folder (or in -OutputDirectory; a share or a
    PowerShell drive works); bring that file back and
    import it in the wizard ("Import a collector capture").

    Valid on Windows PowerShell 5.1 and PowerShell 7.
#>
param(
    [string]$OutputDirectory = '',
    [string]$ServerName = $env:COMPUTERNAME,
    [int]$EventDays = 30,
    [string]$OcsUrl = 'https://officeclient.microsoft.com/GetExchangeMitigations'
)

$ErrorActionPreference = 'Stop'
# Strict mode stays off: Exchange cmdlet output differs by version and role (a property of one CU is
# missing on another); a property missing there must read as $null, not stop the script. The server
# functions it loads are tested under -Version Latest by Pester (test/probes/pester.test.ts).
Set-StrictMode -Off
$ProgressPreference = 'SilentlyContinue'

#@@EXWIZ-FUNCTIONS@@

# What is collected: the probe's section table (probes/sections.json), inlined when the wizard exports this file.
#@@EXWIZ-SECTIONS@@

# The EEMS log lines kept: the active catalog's certificate symptoms (a JSON list), inlined when the wizard exports this file.
#@@EXWIZ-SYMPTOMS@@
# Windows PowerShell 5.1 writes a JSON list as one array object: enumerate it with @().
$ExwizCertificateLogSymptoms = @(foreach ($symptom in @(ConvertFrom-Json -InputObject $ExwizCertificateLogSymptomsText)) { if ($null -ne $symptom) { [string]$symptom } })

function Write-ExwizStep { param([string]$Text) Write-Host ('  ' + $Text) }

function Export-ExwizCapture {
    # One capture file; a command that fails leaves its file out, exactly as
    # the wizard's lab expects (a missing capture is a failed command).
    param([string]$Root, [string]$Slot, [scriptblock]$Read, [System.Collections.ArrayList]$Problems)
    try {
        $objects = @(& $Read)
        $path = [System.IO.Path]::Combine($Root, $Slot)
        [void][System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($path))
        $objects | Export-Clixml -LiteralPath $path -Depth 3 -Encoding UTF8
        Write-ExwizStep "$Slot"
    } catch {
        [void]$Problems.Add([ordered]@{ slot = $Slot; message = (Get-ExwizErrorText $_) })
        Write-ExwizStep "$Slot FAILED: $(Get-ExwizErrorText $_)"
    }
}

function ConvertTo-ExwizJsonValue {
    # Registry data as lab.json keeps it: REG_BINARY as base64, REG_MULTI_SZ as a list.
    param($Value)
    if ($Value -is [System.Array]) {
        $items = @($Value)
        if ($items.Count -gt 0 -and @($items | Where-Object { -not ($_ -is [byte]) }).Count -eq 0) {
            return @{ binary = [System.Convert]::ToBase64String([byte[]]$items) }
        }
        return , @($items | ForEach-Object { [string]$_ })
    }
    if ($Value -is [int] -or $Value -is [long] -or $Value -is [uint32]) { return [long]$Value }
    return [string]$Value
}

# ---- capture readers, named by the section table: each returns what its command returns
# (Read-*), or writes its slot itself and says whether it did (Save-*, files kept as files).

function Read-ExwizExchangeServerCapture {
    param([hashtable]$Context)
    $Context.ExchangeServer = @(Get-ExchangeServer -Identity $Context.ServerName)[0]
    return $Context.ExchangeServer
}
function Read-ExwizOrganizationConfigCapture { param([hashtable]$Context) Get-OrganizationConfig }
function Read-ExwizAuthConfigCapture { param([hashtable]$Context) Get-AuthConfig }
function Read-ExwizMailboxServerCapture {
    param([hashtable]$Context)
    $Context.MailboxServer = Get-MailboxServer -Identity $Context.ServerName
    return $Context.MailboxServer
}
function Read-ExwizExchangeCertificateCapture { param([hashtable]$Context) Get-ExchangeCertificate -Server $Context.ServerName }
function Read-ExwizComponentStateCapture { param([hashtable]$Context) Get-ServerComponentState -Identity $Context.ServerName }
function Read-ExwizExSetupCapture { param([hashtable]$Context) (Get-Item -LiteralPath ($Context.InstallPath.TrimEnd('\') + '\bin\ExSetup.exe')).VersionInfo }
function Read-ExwizOperatingSystemCapture { param([hashtable]$Context) Get-CimInstance -ClassName Win32_OperatingSystem }
function Read-ExwizLogicalDiskCapture { param([hashtable]$Context) Get-CimInstance -ClassName Win32_LogicalDisk -Filter 'DriveType=3' }
function Read-ExwizServiceCapture { param([hashtable]$Context) Get-Service }
function Read-ExwizLocalAdministratorsCapture { param([hashtable]$Context) Get-LocalGroupMember -SID 'S-1-5-32-544' }
function Read-ExwizExecutionPolicyCapture { param([hashtable]$Context) Get-ExecutionPolicy -List }
function Read-ExwizWhoAmICapture { param([hashtable]$Context) whoami /user /groups /fo csv /nh }
function Read-ExwizArbitrationMailboxCapture { param([hashtable]$Context) Get-Mailbox -Arbitration -ResultSize Unlimited }
function Read-ExwizMailboxDatabaseCapture { param([hashtable]$Context) Get-MailboxDatabase }
function Read-ExwizPublicFolderMailboxCapture {
    # The public-folder hierarchy mailbox only; nothing when the organisation has no public folders.
    param([hashtable]$Context)
    $guid = Get-ExwizHierarchyMailboxGuid (Get-OrganizationConfig).RootPublicFolderMailbox
    if ($null -ne $guid) { Get-Mailbox -PublicFolder -Identity $guid }
}
function Read-ExwizOutlookAnywhereCapture { param([hashtable]$Context) Get-OutlookAnywhere -Server $Context.ServerName -ADPropertiesOnly }
function Read-ExwizHybridConfigurationCapture { param([hashtable]$Context) Get-HybridConfiguration }
function Read-ExwizSendConnectorCapture { param([hashtable]$Context) Get-SendConnector }
function Read-ExwizMitigationEventCapture {
    param([hashtable]$Context)
    $filter = Get-ExwizMitigationEventFilter -Days $Context.EventDays
    try { Get-WinEvent -FilterHashtable $filter -MaxEvents 50 } catch { if ([string]$_.FullyQualifiedErrorId -notlike 'NoMatching*') { throw } }
}

function Save-ExwizApplicationHostCapture {
    param([hashtable]$Context, [string]$Target)
    $windows = $env:windir
    if (-not $windows) { $windows = 'C:\Windows' }
    $text = Get-Content -LiteralPath ($windows.TrimEnd('\') + '\System32\inetsrv\config\applicationHost.config') -Raw
    [void][System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($Target))
    [System.IO.File]::WriteAllText($Target, [string]$text)
    return $true
}

function Save-ExwizEemsLogCapture {
    # Only the lines naming a certificate symptom of the catalog, in files named as on the server.
    param([hashtable]$Context, [string]$Target)
    if (-not $Context.InstallPath) { return }
    $logs = Get-ExwizEemsLogFolder -InstallPath $Context.InstallPath
    if (-not (Test-Path -LiteralPath $logs)) { return }
    $since = (Get-Date).AddDays( - $Context.EventDays)
    [void][System.IO.Directory]::CreateDirectory($Target)
    foreach ($file in @(Get-ChildItem -LiteralPath $logs -Filter '*.log' | Where-Object { $null -ne $_ -and $_.LastWriteTime -ge $since })) {
        $lines = @(Get-Content -LiteralPath ([string]$file.FullName) | Where-Object { Test-ExwizSymptomLine -Text ([string]$_) -Symptoms $ExwizCertificateLogSymptoms } | ForEach-Object { [string]$_ })
        $copy = [System.IO.Path]::Combine($Target, [string]$file.Name)
        [System.IO.File]::WriteAllLines($copy, [string[]]$lines)
        [System.IO.File]::SetLastWriteTimeUtc($copy, ([DateTime]$file.LastWriteTime).ToUniversalTime())
    }
    return $true
}

# The file system path: run from a share (\\server\share) or a PowerShell drive, the
# PowerShell path ((Get-Location).Path, a relative -OutputDirectory) is not one .NET can open.
if (-not $OutputDirectory) { $OutputDirectory = (Get-Location).ProviderPath }
else { $OutputDirectory = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutputDirectory) }
$stamp = [DateTime]::UtcNow.ToString('yyyyMMdd-HHmmss', [System.Globalization.CultureInfo]::InvariantCulture)
$safeName = $ServerName -replace '[^A-Za-z0-9._-]', '_'
$root = [System.IO.Path]::Combine($OutputDirectory, "ExwizCapture-$safeName-$stamp")
[void][System.IO.Directory]::CreateDirectory($root)
$problems = New-Object System.Collections.ArrayList
Write-Host "Exchange Remediation Wizard collector: reading $ServerName into $root"

if (-not (Get-Command -Name 'Get-ExchangeServer' -ErrorAction SilentlyContinue)) {
    # Not started from the Exchange Management Shell: load it the way its shortcut does.
    $installPath = $env:ExchangeInstallPath
    $remoteExchange = $null
    if ($installPath) { $remoteExchange = [System.IO.Path]::Combine($installPath, 'bin', 'RemoteExchange.ps1') }
    try {
        if ($remoteExchange -and [System.IO.File]::Exists($remoteExchange) -and -not (Test-Path -LiteralPath 'HKLM:\SOFTWARE\Microsoft\ExchangeServer\v15\EdgeTransportRole')) {
            . $remoteExchange
            Connect-ExchangeServer -auto -ClientApplication:ManagementShell
        } else {
            Add-PSSnapin -Name 'Microsoft.Exchange.Management.PowerShell.SnapIn'
        }
    } catch {
        [void]$problems.Add([ordered]@{ slot = 'exchange-shell'; message = 'The Exchange Management Shell could not be loaded: ' + (Get-ExwizErrorText $_) })
    }
}

$table = ConvertFrom-ExwizSectionTable -Text $ExwizSectionTableText
$registry = Read-ExwizRegistry -Keys $table.registry
$isEdge = Test-ExwizRegistryKey $registry 'edgeTransportRole'
$installPath = ConvertTo-ExwizString (Get-ExwizRegistryValue $registry 'exchangeSetup' 'MsiInstallPath')
$roles = @()
if ($isEdge) { $roles = @('Edge') }

# ---- the captures each section of the table names, in table order
$context = @{ ServerName = $ServerName; InstallPath = $installPath; EventDays = $EventDays; ExchangeServer = $null; MailboxServer = $null }
foreach ($section in $table.sections) {
    if (Test-ExwizNotOn $section $roles) { continue }
    foreach ($capture in (Get-ExwizProperty $section 'captures')) {
        if ($null -eq $capture -or (Test-ExwizNotOn $capture $roles)) { continue }
        $reader = [string]$capture.read
        if ($reader -like 'Save-*') {
            # Files kept as files (IIS configuration, EEMS log lines), written by the reader itself.
            $target = [System.IO.Path]::Combine($root, ([string]$capture.slot -replace '/', [System.IO.Path]::DirectorySeparatorChar))
            try {
                if (& $reader -Context $context -Target $target) { Write-ExwizStep ([string]$capture.slot) }
            } catch {
                [void]$problems.Add([ordered]@{ slot = [string]$capture.slot; message = (Get-ExwizErrorText $_) })
            }
        } else {
            Export-ExwizCapture $root ([string]$capture.slot) { & $reader -Context $context } $problems
        }
    }
}
$exchangeServer = $context.ExchangeServer

# ---- lab.json: registry values, the OCS test, the cluster node state
$lab = [ordered]@{ server = @{ name = $ServerName }; registry = [ordered]@{} }
foreach ($key in $table.registry.PSObject.Properties) {
    $entry = $key.Value
    $path = [string]$entry.path
    $record = $registry[$key.Name]
    if ($null -ne $record.error) {
        [void]$problems.Add([ordered]@{ slot = $path; message = $record.error })
        continue
    }
    if (-not $record.exists) {
        # Absent here, so absent in the lab too (no lab default may stand in).
        $lab.registry[$path] = $null
        continue
    }
    $values = [ordered]@{}
    foreach ($name in @($entry.names | Where-Object { $null -ne $_ })) {
        if ($record.values.ContainsKey($name)) { $values[$name] = ConvertTo-ExwizJsonValue $record.values[$name] } else { $values[$name] = $null }
    }
    $lab.registry[$path] = $values
    $under = [string](Get-ExwizProperty $entry 'under')
    foreach ($child in $record.subkeys.Keys) {
        $childValues = [ordered]@{}
        foreach ($name in $record.subkeys[$child].Keys) { $childValues[$name] = ConvertTo-ExwizJsonValue $record.subkeys[$child][$name] }
        $childPath = $path + '\' + $child
        if ($under) { $childPath = $childPath + '\' + $under }
        $lab.registry[$childPath] = $childValues
    }
}
# Windows Installer's cached packages that are gone (the lab has every other one).
$missingPackages = @()
try {
    foreach ($package in @(Get-ExwizInstallerPackages -Registry $registry)) {
        if ($null -ne $package -and $package.found -eq $false) { $missingPackages += [string]$package.localPackage }
    }
} catch {
    [void]$problems.Add([ordered]@{ slot = 'installer-cache'; message = (Get-ExwizErrorText $_) })
}
if ($missingPackages.Count -gt 0) { $lab['missingInstallerFiles'] = $missingPackages }

$proxy = $null
if ($null -ne $exchangeServer) { $proxy = ConvertTo-ExwizString (Get-ExwizProperty $exchangeServer 'InternetWebProxy') }
if (-not $isEdge) {
    $ocs = Test-ExwizOcsConnection -Url $OcsUrl -Proxy $proxy
    $lab['ocs'] = [ordered]@{}
    if ($null -ne $ocs.error) { $lab.ocs['error'] = $ocs.error } else { $lab.ocs['statusCode'] = $ocs.statusCode }
    if ($proxy) { $lab.ocs['expectProxy'] = $proxy }
    Write-ExwizStep "OCS connection test: $(if ($null -ne $ocs.error) { $ocs.error } else { 'HTTP ' + $ocs.statusCode })"
}
if (-not $isEdge) {
    $dag = ConvertTo-ExwizString (Get-ExwizProperty $context.MailboxServer 'DatabaseAvailabilityGroup')
    if ($dag) {
        try { $lab['clusterNodeState'] = ConvertTo-ExwizString (Get-ExwizProperty (Get-ClusterNode -Name $ServerName) 'State') } catch { [void]$problems.Add([ordered]@{ slot = 'cluster-node'; message = (Get-ExwizErrorText $_) }) }
    }
}
[System.IO.File]::WriteAllText([System.IO.Path]::Combine($root, 'lab.json'), (ConvertTo-Json -InputObject $lab -Depth 8))

$fqdn = $null
$roles = @()
if ($null -ne $exchangeServer) {
    $fqdn = ConvertTo-ExwizString (Get-ExwizProperty $exchangeServer 'Fqdn')
    $roles = @(([string](Get-ExwizProperty $exchangeServer 'ServerRole')) -split '[,\s]+' | Where-Object { $_ -and $_ -ne 'None' })
}
if ($isEdge -and -not ($roles -contains 'Edge')) { $roles += 'Edge' }
$manifest = [ordered]@{
    kind        = 'exwiz-collector-capture'
    version     = 1
    serverName  = $ServerName
    fqdn        = $fqdn
    roles       = @($roles)
    collectedAt = (ConvertTo-ExwizIsoDate ([DateTime]::UtcNow))
    problems    = @($problems.ToArray())
}
[System.IO.File]::WriteAllText([System.IO.Path]::Combine($root, 'collector.json'), (ConvertTo-Json -InputObject $manifest -Depth 6))

$zip = $root + '.zip'
if ([System.IO.File]::Exists($zip)) { [System.IO.File]::Delete($zip) }
Add-Type -AssemblyName System.IO.Compression.FileSystem
[System.IO.Compression.ZipFile]::CreateFromDirectory($root, $zip)
[System.IO.Directory]::Delete($root, $true)
Write-Host ''
Write-Host "Done. Bring this file back to the wizard and import it:"
Write-Host "  $zip"
if ($problems.Count -gt 0) { Write-Host "$($problems.Count) item(s) could not be read; the wizard will show which." }
return $zip
