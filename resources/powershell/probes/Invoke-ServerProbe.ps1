# Probes one Exchange server in one batch and returns its facts: the
# ServerFacts document of src-shared/domain/facts.ts (schemaVersion 1).
#
#  1. Exchange cmdlets through a remote Exchange Management Shell session
#     (http://<server>/PowerShell, Kerberos), imported with Import-PSSession
#     so every value reaches the cmdlets as a parameter, never as text.
#     Edge servers have no such endpoint: their cmdlets run in step 2.
#  2. One Invoke-Command -ComputerName <server> running the server-side
#     collection (server-functions.ps1) with its options as -ArgumentList.
#
# A failed connection never throws: it becomes a section error with a code
# (winrm-unreachable, access-denied, unreachable, ems-missing,
# malformed-output) and the facts hold what the other channel returned.
#
# With -LabDirectory the fake Exchange module (lab/ExwizLab.psm1) is imported
# into this script's scope only, and the same code runs against its captures.
#
# Valid on Windows PowerShell 5.1 and PowerShell 7.

param(
    [Parameter(Mandatory = $true)][string]$ServerName,
    [string]$Fqdn,
    [string[]]$Roles = @(),
    [Parameter(Mandatory = $true)][string]$ResourceDirectory,
    [string]$LabDirectory,
    $LabConfiguration = $null,
    [string]$CollectionMethod = 'remote',
    [int]$ConnectTimeoutSeconds = 30,
    [int]$OperationTimeoutSeconds = 300,
    [int]$EventDays = 30,
    [string]$OcsUrl = 'https://officeclient.microsoft.com/GetExchangeMitigations'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Off

$probeDirectory = [System.IO.Path]::Combine($ResourceDirectory, 'probes')
function Read-ExwizPart {
    param([string]$Name)
    return [System.IO.File]::ReadAllText([System.IO.Path]::Combine($probeDirectory, $Name))
}
$commonText = Read-ExwizPart 'common-functions.ps1'
$exchangeText = Read-ExwizPart 'exchange-functions.ps1'
$serverText = Read-ExwizPart 'server-functions.ps1'
. ([ScriptBlock]::Create($commonText))
. ([ScriptBlock]::Create($exchangeText))

if ($LabDirectory) {
    $labModule = [System.IO.Path]::Combine($ResourceDirectory, 'lab', 'ExwizLab.psm1')
    Import-Module -Name $labModule -Scope Local -Force -DisableNameChecking -ArgumentList $LabDirectory, $LabConfiguration
}

function Get-ExwizConnectionCode {
    # Which typed failure a connection error is. English texts plus the
    # WinRM error codes, so localised Windows still maps access denied.
    param($Err, [string]$Channel)
    $text = Get-ExwizErrorText $Err
    $exception = $Err.Exception
    $code = $null
    while ($null -ne $exception) {
        if ($exception -is [System.Management.Automation.Remoting.PSRemotingTransportException]) { $code = $exception.ErrorCode; break }
        $exception = $exception.InnerException
    }
    if ($code -eq 5 -or $text -match 'Access is denied|access denied|Zugriff verweigert|Acc.s refus.') { return 'access-denied' }
    if ($code -eq -2144108103 -or $text -match 'cannot be resolved|could not be resolved|No such host is known') { return 'unreachable' }
    # The host itself does not answer (powered off, firewalled): the same on both channels.
    if ($code -eq -2144108250 -or $code -eq -2144108526 -or $text -match 'WinRM cannot complete the operation|cannot connect to the destination|timed out') { return 'winrm-unreachable' }
    if ($Channel -eq 'exchange-shell') { return 'ems-missing' }
    return 'winrm-unreachable'
}

$target = $ServerName
if ($Fqdn) { $target = $Fqdn }
$errors = New-Object System.Collections.ArrayList
$isEdgeHint = @($Roles) -contains 'Edge'
$hostKind = [System.Uri]::CheckHostName($target)
$validTarget = ($hostKind -eq [System.UriHostNameType]::Dns -or $hostKind -eq [System.UriHostNameType]::IPv4)
$sessionOption = New-PSSessionOption -OpenTimeout ($ConnectTimeoutSeconds * 1000) -OperationTimeout ($OperationTimeoutSeconds * 1000)

# ------------------------------------------------ 1. Exchange Management Shell
$exchange = $null
if (-not $validTarget) {
    foreach ($channel in @('exchange-shell', 'winrm')) {
        Add-ExwizSectionError -Errors $errors -Section $channel -Code 'unreachable' -Err "'$target' is not a valid server name."
    }
} elseif (-not $isEdgeHint) {
    $session = $null
    $imported = $null
    try {
        $uri = 'http://' + $target + '/PowerShell/'
        $session = New-PSSession -ConfigurationName 'Microsoft.Exchange' -ConnectionUri $uri -Authentication Kerberos -SessionOption $sessionOption -ErrorAction Stop
        $commands = @('Get-ExchangeServer', 'Get-OrganizationConfig', 'Get-ExchangeCertificate', 'Get-AuthConfig', 'Get-ServerComponentState', 'Get-MailboxServer')
        $imported = Import-PSSession -Session $session -CommandName $commands -AllowClobber -DisableNameChecking -ErrorAction Stop
        $exchange = Get-ExwizExchangeFacts -ServerName $ServerName -Errors $errors
    } catch {
        Add-ExwizSectionError -Errors $errors -Section 'exchange-shell' -Code (Get-ExwizConnectionCode -Err $_ -Channel 'exchange-shell') -Err $_
    } finally {
        if ($imported -is [System.Management.Automation.PSModuleInfo]) { Remove-Module -ModuleInfo $imported -ErrorAction SilentlyContinue }
        if ($null -ne $session) { Remove-PSSession -Session $session -ErrorAction SilentlyContinue }
    }
}

# -------------------------------------------------- 2. On the server (WinRM)
$server = $null
if ($validTarget) {
    $dagName = $null
    if ($null -ne $exchange) { $dagName = $exchange.dagName }
    $proxy = $null
    if ($null -ne $exchange) { $proxy = $exchange.internetWebProxy }
    $options = @{
        ServerName       = $ServerName
        IsEdge           = ($isEdgeHint -or ($null -ne $exchange -and $exchange.isEdge))
        IncludeExchange  = ($null -eq $exchange)
        InternetWebProxy = $proxy
        DagName          = $dagName
        OcsUrl           = $OcsUrl
        EventDays        = $EventDays
    }
    # Fixed code text only: our own three files and the entry call; the data
    # travels in $options through -ArgumentList.
    $remoteText = "param(`$Options)`n" + $commonText + "`n" + $exchangeText + "`n" + $serverText + "`nInvoke-ExwizServerCollection -Options `$Options`n"
    $block = [ScriptBlock]::Create($remoteText)
    try {
        $output = @(Invoke-Command -ComputerName $target -ScriptBlock $block -ArgumentList @(, $options) -SessionOption $sessionOption -ErrorAction Stop)
        foreach ($item in $output) {
            if ((Get-ExwizProperty $item 'marker') -eq 'exwiz-server-collection') { $server = $item }
        }
        if ($null -eq $server) {
            $shown = (@($output | Select-Object -First 3 | ForEach-Object { [string]$_ }) -join ' | ')
            if ($shown.Length -gt 300) { $shown = $shown.Substring(0, 300) }
            Add-ExwizSectionError -Errors $errors -Section 'winrm' -Code 'malformed-output' -Err "The server answered, but not with the probe's result (it returned: $shown)."
        }
    } catch {
        Add-ExwizSectionError -Errors $errors -Section 'winrm' -Code (Get-ExwizConnectionCode -Err $_ -Channel 'winrm') -Err $_
    }
}

# ------------------------------------------------------------- 3. Merge
if ($null -ne $server) {
    if ($null -eq $exchange -and $null -ne $server.edgeExchange) {
        $exchange = $server.edgeExchange
        # An Edge server answered locally: its missing remote shell is expected, not a failure.
        $kept = @($errors | Where-Object { -not ($_.section -eq 'exchange-shell' -and $_.code -eq 'ems-missing') })
        $errors = New-Object System.Collections.ArrayList
        foreach ($e in $kept) { [void]$errors.Add($e) }
    }
    foreach ($e in @($server.sectionErrors)) { if ($null -ne $e) { [void]$errors.Add($e) } }
}

$identity = $null
if ($null -ne $exchange) { $identity = $exchange.identity }
if ($null -eq $identity) {
    # Only what discovery told us; the section errors say why nothing more is known.
    $isEdge = $isEdgeHint
    if ($null -ne $server) { $isEdge = $isEdge -or [bool]$server.isEdge }
    $fallbackFqdn = $null
    if ($Fqdn) { $fallbackFqdn = $Fqdn }
    $identity = [ordered]@{ name = $ServerName; fqdn = $fallbackFqdn; domain = $null; site = $null; roles = @($Roles | Where-Object { $_ }); edition = $null; adminDisplayVersion = $null; isEdge = [bool]$isEdge }
}

function Get-ExwizPart {
    param($Source, [string]$Name, $Default)
    if ($null -eq $Source) { return $Default }
    $value = Get-ExwizProperty $Source $Name
    if ($null -eq $value) { return $Default }
    return $value
}

$emptyOs = [ordered]@{ productName = $null; version = $null; buildNumber = $null; ubr = $null; installationType = $null; lastBootUpTime = $null; language = $null }
$emptyPrerequisites = [ordered]@{ dotNetRelease = $null; vcRedist2012 = $null; vcRedist2013 = $null; ucmaInstalled = $null; ucmaVersion = $null; urlRewriteInstalled = $null; urlRewriteVersion = $null }
$emptyExchange = [ordered]@{ exSetupVersion = $null; installPath = $null; installedUpdates = @() }

$maintenance = $null
if ($null -ne $exchange) { $maintenance = $exchange.maintenance }
if ($null -ne $maintenance -and $null -ne $server) { $maintenance.clusterNodeState = $server.clusterNodeState }

$installed = Get-ExwizPart $server 'exchange' $emptyExchange
$facts = [ordered]@{
    schemaVersion      = 1
    collectedAt        = (ConvertTo-ExwizIsoDate ([DateTime]::UtcNow))
    collectionMethod   = $CollectionMethod
    identity           = $identity
    exchange           = [ordered]@{
        exSetupVersion   = (Get-ExwizProperty $installed 'exSetupVersion')
        installPath      = (Get-ExwizProperty $installed 'installPath')
        installedUpdates = @(Get-ExwizPart $installed 'installedUpdates' @())
    }
    eems               = [ordered]@{
        orgMitigationsEnabled    = (Get-ExwizPart $exchange 'orgMitigationsEnabled' $null)
        serverMitigationsEnabled = (Get-ExwizPart $exchange 'serverMitigationsEnabled' $null)
        mitigationsApplied       = @(Get-ExwizPart $exchange 'mitigationsApplied' @())
        mitigationsBlocked       = @(Get-ExwizPart $exchange 'mitigationsBlocked' @())
        dataCollectionEnabled    = (Get-ExwizPart $exchange 'dataCollectionEnabled' $null)
        internetWebProxy         = (Get-ExwizPart $exchange 'internetWebProxy' $null)
        service                  = (Get-ExwizPart $server 'mitigationService' $null)
        ocsTest                  = (Get-ExwizPart $server 'ocsTest' $null)
        events1008               = $null
        certificateLogLines      = $null
    }
    os                 = (Get-ExwizPart $server 'os' $emptyOs)
    prerequisites      = (Get-ExwizPart $server 'prerequisites' $emptyPrerequisites)
    reboot             = (Get-ExwizPart $server 'reboot' $null)
    disks              = @(Get-ExwizPart $server 'disks' @())
    certificates       = $null
    authCertificate    = (Get-ExwizPart $exchange 'authCertificate' $null)
    maintenance        = $maintenance
    tls                = (Get-ExwizPart $server 'tls' $null)
    extendedProtection = (Get-ExwizPart $server 'extendedProtection' $null)
    httpProxy          = (Get-ExwizPart $server 'httpProxy' $null)
    servicesNotRunning = $null
    localSecurity      = (Get-ExwizPart $server 'localSecurity' $null)
    sectionErrors      = $errors.ToArray()
}
# Lists that were read stay lists even when empty or single (JSON arrays).
if ($null -ne $server -and $null -ne $server.events1008) { $facts.eems.events1008 = @($server.events1008) }
if ($null -ne $server -and $null -ne $server.certificateLogLines) { $facts.eems.certificateLogLines = @($server.certificateLogLines) }
if ($null -ne $server -and $null -ne $server.servicesNotRunning) { $facts.servicesNotRunning = @($server.servicesNotRunning) }
if ($null -ne $exchange -and $null -ne $exchange.certificates) { $facts.certificates = @($exchange.certificates) }
if ($null -ne $facts.reboot) { $facts.reboot.sources = @($facts.reboot.sources) }
if ($null -ne $facts.maintenance) { $facts.maintenance.inactiveComponents = @($facts.maintenance.inactiveComponents) }
if ($null -ne $facts.tls) { $facts.tls.versions = @($facts.tls.versions) }
$facts.identity.roles = @($facts.identity.roles)
foreach ($certificate in @($facts.certificates)) { if ($null -ne $certificate) { $certificate.services = @($certificate.services) } }
return $facts
