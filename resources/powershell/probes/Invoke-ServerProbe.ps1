# Probes one Exchange server in one batch and returns its facts: the
# ServerFacts document of src-shared/domain/facts.ts (its schemaVersion is the
# section table's factsSchemaVersion).
# What is collected, where, and under which key is the section table
# probes/sections.json; this script only connects and runs it:
#
#  1. the table's "exchange" sections through a remote Exchange Management
#     Shell session (http://<server>/PowerShell, Kerberos), imported with
#     Import-PSSession so every value reaches the cmdlets as a parameter,
#     never as text. Edge servers have no such endpoint: their Exchange
#     sections run in step 2.
#  2. One Invoke-Command -ComputerName <server> running the table's "server"
#     sections (server-functions.ps1) with its options and the table as
#     -ArgumentList.
#  3. Join-ExwizSections puts the parts together in table order.
#
# With -OnThisComputer (the wizard runs on this very Exchange server) step 2
# runs the same functions in this process instead of remoting back to this
# computer, which Windows refuses without elevation; Health Checker runs
# locally the same way. The Exchange shell of step 1 is IIS, not WinRM, and
# answers without elevation.
#
# With -Credential (the admin's "Connect as..." for a workgroup Edge server,
# which Kerberos cannot reach) WinRM signs in with that account (Negotiate),
# over HTTPS (port 5986) with -UseSsl, else over HTTP, which Windows allows
# only for a server in this computer's TrustedHosts. The credential arrives
# as a parameter (userName, password), becomes a PSCredential at once and is
# never written anywhere.
#
# A failed connection never throws: it becomes a section error with a code
# (winrm-unreachable, access-denied, unreachable, ems-missing,
# execution-policy, malformed-output) and the facts hold what the other channel returned.
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
    [switch]$OnThisComputer,
    $Credential = $null,
    [switch]$UseSsl,
    [int]$ConnectTimeoutSeconds = 30,
    [int]$OperationTimeoutSeconds = 300,
    [int]$EventDays = 30,
    [string]$OcsUrl = 'https://officeclient.microsoft.com/GetExchangeMitigations',
    # The catalog's certificate symptoms (each rule's wording.symptom): the EEMS log lines kept.
    [string[]]$CertificateLogSymptoms = @()
)

$ErrorActionPreference = 'Stop'
# Strict mode stays off: Exchange cmdlet output differs by version and role, and arrives
# deserialised over remoting; a property missing there must read as $null, not stop the script. The
# server functions it loads are tested under -Version Latest by Pester (test/probes/pester.test.ts).
Set-StrictMode -Off

$probeDirectory = [System.IO.Path]::Combine($ResourceDirectory, 'probes')
function Read-ExwizPart {
    param([string]$Name)
    return [System.IO.File]::ReadAllText([System.IO.Path]::Combine($probeDirectory, $Name))
}
$commonText = Read-ExwizPart 'common-functions.ps1'
$exchangeText = Read-ExwizPart 'exchange-functions.ps1'
$serverText = Read-ExwizPart 'server-functions.ps1'
# What is collected, where and under which key: the one section table.
$tableText = Read-ExwizPart 'sections.json'
. ([ScriptBlock]::Create($commonText))
. ([ScriptBlock]::Create($exchangeText))
$table = ConvertFrom-ExwizSectionTable -Text $tableText

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
    # Kerberos cannot sign in to a workgroup server (0x80090311: no logon servers;
    # 0x8009030e: no logon session; 0x80090322: wrong principal): it needs a credential.
    if ($text -match '0x80090311|0x8009030e|0x80090322|TrustedHosts') { return 'needs-credential' }
    # The server's endpoint runs in ConstrainedLanguage (AppLocker or WDAC on the server): the probe's .NET calls are refused.
    if ($text -match 'language mode|ConstrainedLanguage') { return 'constrained-language' }
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
# NoProxyServer: WSMan sends HTTPS (the Exchange shell's fallback below) through the WinHTTP
# proxy by default, which cannot reach an internal server; HTTP always goes direct.
# Health Checker connects the same way.
$sessionOption = New-PSSessionOption -OpenTimeout ($ConnectTimeoutSeconds * 1000) -OperationTimeout ($OperationTimeoutSeconds * 1000) -ProxyAccessType NoProxyServer
# How WinRM signs in: Kerberos as the running account, or the given account.
$winrmSignIn = @{}
if ($null -ne $Credential) {
    $secret = ConvertTo-SecureString -String ([string](Get-ExwizProperty $Credential 'password')) -AsPlainText -Force
    $winrmSignIn.Credential = New-Object System.Management.Automation.PSCredential ([string](Get-ExwizProperty $Credential 'userName')), $secret
    $winrmSignIn.Authentication = 'Negotiate'
    $secret = $null
}
if ($UseSsl) { $winrmSignIn.UseSSL = $true }

# ------------------------------------------------ 1. Exchange Management Shell
$exchangeParts = $null
$exchangeContext = @{ ServerName = $ServerName; Errors = $errors; Roles = @($Roles); IsEdge = $false; InternetWebProxy = $null; DagName = $null }
if (-not $validTarget) {
    foreach ($channel in @('exchange-shell', 'winrm')) {
        Add-ExwizSectionError -Errors $errors -Section $channel -Code 'unreachable' -Err "'$target' is not a valid server name."
    }
} elseif (-not $isEdgeHint) {
    $session = $null
    $imported = $null
    try {
        $uri = 'http://' + $target + '/PowerShell/'
        try {
            $session = New-PSSession -ConfigurationName 'Microsoft.Exchange' -ConnectionUri $uri -Authentication Kerberos -SessionOption $sessionOption -ErrorAction Stop
        } catch {
            # Port 80 closed (only HTTPS published): the same endpoint over TLS.
            if ((Get-ExwizConnectionCode -Err $_ -Channel 'exchange-shell') -ne 'winrm-unreachable') { throw }
            $session = New-PSSession -ConfigurationName 'Microsoft.Exchange' -ConnectionUri ('https://' + $target + '/PowerShell/') -Authentication Kerberos -SessionOption $sessionOption -ErrorAction Stop
        }
        $commands = @('Get-ExchangeServer', 'Get-OrganizationConfig', 'Get-ExchangeCertificate', 'Get-AuthConfig', 'Get-ServerComponentState', 'Get-MailboxServer', 'Get-Mailbox', 'Get-MailboxDatabase', 'Get-OutlookAnywhere', 'Get-HybridConfiguration', 'Get-SendConnector')
        $imported = Import-PSSession -Session $session -CommandName $commands -AllowClobber -DisableNameChecking -ErrorAction Stop
        $exchangeParts = Invoke-ExwizSections -Sections $table.sections -Channel 'exchange' -Context $exchangeContext
    } catch {
        $policyBlock = Get-ExwizExecutionPolicyBlock $_
        if ($null -ne $policyBlock) { Add-ExwizSectionError -Errors $errors -Section 'exchange-shell' -Code 'execution-policy' -Err $policyBlock }
        else { Add-ExwizSectionError -Errors $errors -Section 'exchange-shell' -Code (Get-ExwizConnectionCode -Err $_ -Channel 'exchange-shell') -Err $_ }
    } finally {
        if ($imported -is [System.Management.Automation.PSModuleInfo]) { Remove-Module -ModuleInfo $imported -ErrorAction SilentlyContinue }
        if ($null -ne $session) { Remove-PSSession -Session $session -ErrorAction SilentlyContinue }
    }
}

# -------------------------------------------------- 2. On the server (WinRM)
$server = $null
if ($validTarget) {
    $options = @{
        ServerName       = $ServerName
        Roles            = @($Roles)
        IsEdge           = ($isEdgeHint -or $exchangeContext.IsEdge)
        IncludeExchange  = ($null -eq $exchangeParts)
        InternetWebProxy = $exchangeContext.InternetWebProxy
        DagName          = $exchangeContext.DagName
        OcsUrl           = $OcsUrl
        EventDays        = $EventDays
        CertificateLogSymptoms = @($CertificateLogSymptoms)
        SectionTable     = $tableText
    }
    # Fixed code text only: our own three files and the entry call; the data
    # (the section table included) travels in $options through -ArgumentList.
    $remoteText = "param(`$Options)`n" + $commonText + "`n" + $exchangeText + "`n" + $serverText + "`nInvoke-ExwizServerCollection -Options `$Options`n"
    $block = [ScriptBlock]::Create($remoteText)
    try {
        if ($OnThisComputer) {
            $output = @(& $block $options)
        } else {
            $output = @(Invoke-Command -ComputerName $target -ScriptBlock $block -ArgumentList @(, $options) -SessionOption $sessionOption @winrmSignIn -ErrorAction Stop)
        }
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
$serverParts = $null
if ($null -ne $server) {
    $serverParts = $server.parts
    if ($null -eq $exchangeParts -and $null -ne $server.exchangeParts) {
        $exchangeParts = $server.exchangeParts
        # An Edge server answered locally: its missing remote shell is expected, not a failure.
        $kept = @($errors | Where-Object { -not ($_.section -eq 'exchange-shell' -and $_.code -eq 'ems-missing') })
        $errors = New-Object System.Collections.ArrayList
        foreach ($e in $kept) { [void]$errors.Add($e) }
    }
    foreach ($e in @($server.sectionErrors)) { if ($null -ne $e) { [void]$errors.Add($e) } }
}

$facts = [ordered]@{
    schemaVersion    = $table.factsSchemaVersion
    collectedAt      = (ConvertTo-ExwizIsoDate ([DateTime]::UtcNow))
    collectionMethod = $CollectionMethod
}
$sections = Join-ExwizSections -Sections $table.sections -ExchangeParts $exchangeParts -ServerParts $serverParts
foreach ($key in @($sections.Keys)) { $facts[$key] = $sections[$key] }
if ($null -eq $facts.identity) {
    # Only what discovery told us; the section errors say why nothing more is known.
    $isEdge = $isEdgeHint
    if ($null -ne $server) { $isEdge = $isEdge -or [bool]$server.isEdge }
    $fallbackFqdn = $null
    if ($Fqdn) { $fallbackFqdn = $Fqdn }
    $facts.identity = [ordered]@{ name = $ServerName; fqdn = $fallbackFqdn; domain = $null; site = $null; roles = @($Roles | Where-Object { $_ }); edition = $null; adminDisplayVersion = $null; isEdge = [bool]$isEdge }
}
$facts.sectionErrors = $errors.ToArray()
return $facts
