# Lists the organisation's Exchange servers with Get-ExchangeServer, through a
# remote Exchange Management Shell session to one server
# (http://<server>/PowerShell, Kerberos), or in the lab from the capture folders.
#
# Returns @{ servers = @(@{ name; fqdn; adminDisplayVersion; roles; site; isEdge; labFolder }); adLevels; error }
# (adLevels: in the lab, the organisation folder's ad-levels.json, the lab's
# stand-in for what AD discovery reads from Active Directory; else $null)
# where error is $null or @{ code; message } (access-denied, unreachable,
# winrm-unreachable, ems-missing, execution-policy): a connection failure is an answer, not a crash.
#
# Valid on Windows PowerShell 5.1 and PowerShell 7.

param(
    [string]$ConnectionServer,
    [Parameter(Mandatory = $true)][string]$ResourceDirectory,
    [string]$LabDirectory,
    $LabConfiguration = $null,
    [int]$ConnectTimeoutSeconds = 30
)

$ErrorActionPreference = 'Stop'
# Strict mode stays off: Get-ExchangeServer output differs by version and role, and arrives
# deserialised; a property missing there must read as $null, not stop the script.
Set-StrictMode -Off

. ([ScriptBlock]::Create([System.IO.File]::ReadAllText([System.IO.Path]::Combine($ResourceDirectory, 'probes', 'common-functions.ps1'))))
. ([ScriptBlock]::Create([System.IO.File]::ReadAllText([System.IO.Path]::Combine($ResourceDirectory, 'probes', 'exchange-functions.ps1'))))

if ($LabDirectory) {
    Import-Module -Name ([System.IO.Path]::Combine($ResourceDirectory, 'lab', 'ExwizLab.psm1')) -Scope Local -Force -DisableNameChecking -ArgumentList $LabDirectory, $LabConfiguration
}

function Get-ExwizDiscoveryCode {
    param($Err)
    $text = Get-ExwizErrorText $Err
    if ($text -match 'Access is denied|access denied') { return 'access-denied' }
    if ($text -match 'cannot be resolved|could not be resolved|No such host is known') { return 'unreachable' }
    if ($text -match 'WinRM cannot complete the operation|cannot connect to the destination|timed out') { return 'winrm-unreachable' }
    return 'ems-missing'
}

$session = $null
$imported = $null
$list = New-Object System.Collections.ArrayList
try {
    if (-not $LabDirectory) {
        $kind = [System.Uri]::CheckHostName($ConnectionServer)
        if ($kind -ne [System.UriHostNameType]::Dns -and $kind -ne [System.UriHostNameType]::IPv4) {
            return @{ servers = @(); error = @{ code = 'invalid-input'; message = "'$ConnectionServer' is not a valid server name." } }
        }
        $option = New-PSSessionOption -OpenTimeout ($ConnectTimeoutSeconds * 1000) -ProxyAccessType NoProxyServer
        $session = New-PSSession -ConfigurationName 'Microsoft.Exchange' -ConnectionUri ('http://' + $ConnectionServer + '/PowerShell/') -Authentication Kerberos -SessionOption $option -ErrorAction Stop
        $imported = Import-PSSession -Session $session -CommandName @('Get-ExchangeServer') -AllowClobber -DisableNameChecking -ErrorAction Stop
    }
    foreach ($server in @(Get-ExchangeServer -ErrorAction Stop)) {
        if ($null -eq $server) { continue }
        $roles = New-Object System.Collections.ArrayList
        foreach ($role in ([string](Get-ExwizProperty $server 'ServerRole') -split '[,\s]+')) {
            if ($role -ne '' -and $role -ne 'None') { [void]$roles.Add($role) }
        }
        $folder = ConvertTo-ExwizString (Get-ExwizProperty $server 'ExwizLabFolder')
        if ($null -eq $folder -and $LabDirectory) { $folder = [System.IO.Path]::GetFullPath($LabDirectory) }
        [void]$list.Add([ordered]@{
                name                = [string](Get-ExwizProperty $server 'Name')
                fqdn                = ConvertTo-ExwizString (Get-ExwizProperty $server 'Fqdn')
                adminDisplayVersion = ConvertTo-ExwizString (Get-ExwizProperty $server 'AdminDisplayVersion')
                roles               = $roles.ToArray()
                site                = Get-ExwizSiteName (Get-ExwizProperty $server 'Site')
                isEdge              = ((ConvertTo-ExwizBool (Get-ExwizProperty $server 'IsEdgeServer')) -eq $true -or $roles.Contains('Edge'))
                labFolder           = $folder
            })
    }
} catch {
    $policyBlock = Get-ExwizExecutionPolicyBlock $_
    if ($null -ne $policyBlock) { return @{ servers = @(); error = @{ code = 'execution-policy'; message = $policyBlock } } }
    $code = Get-ExwizDiscoveryCode -Err $_
    if ($LabDirectory) { $code = 'not-found' }
    return @{ servers = @(); error = @{ code = $code; message = (Get-ExwizErrorText $_) } }
} finally {
    if ($imported -is [System.Management.Automation.PSModuleInfo]) { Remove-Module -ModuleInfo $imported -ErrorAction SilentlyContinue }
    if ($null -ne $session) { Remove-PSSession -Session $session -ErrorAction SilentlyContinue }
}
foreach ($entry in $list) { $entry.roles = @($entry.roles) }
$adLevels = $null
if ($LabDirectory) {
    $adFile = [System.IO.Path]::Combine($LabDirectory, 'ad-levels.json')
    if ([System.IO.File]::Exists($adFile)) { $adLevels = ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText($adFile)) }
}
return @{ servers = $list.ToArray(); adLevels = $adLevels; error = $null }
