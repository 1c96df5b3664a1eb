# Which computer the wizard runs on, and whether it is an Exchange server
# itself: the one-server office, where the admin starts the wizard on its only
# Exchange server. There, remoting back to this computer needs elevation (and
# the wizard runs asInvoker), so the probe runs the server part in this
# process instead and staging writes to the local disk.
#
# Exchange Setup writes HKLM:\SOFTWARE\Microsoft\ExchangeServer\v15\Setup
# (MsiInstallPath) on every Exchange 2013-SE server, as Health Checker reads
# it; the key is read through Get-ItemProperty, so the lab answers it too.
#
# Returns @{ name; fqdn; exchangeInstallPath (or $null); elevated ($true,
# $false, or $null where Windows identities do not exist) }.
#
# With -LabDirectory the lab's "thisComputer" setting says which lab server
# this computer is and whether the wizard runs elevated there.
#
# Valid on Windows PowerShell 5.1 and PowerShell 7.

param(
    [Parameter(Mandatory = $true)][string]$ResourceDirectory,
    [string]$LabDirectory,
    $LabConfiguration = $null
)

$ErrorActionPreference = 'Stop'
# Strict mode stays off: Setup's registry key lacks the values of a role or version that was not
# installed; a property missing there must read as $null, not stop the script.
Set-StrictMode -Off
$setupKey = 'HKLM:\SOFTWARE\Microsoft\ExchangeServer\v15\Setup'

$name = [Environment]::MachineName
$domain = $null
try { $domain = [System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties().DomainName } catch { $domain = $null }
$elevated = $null
try {
    $principal = New-Object System.Security.Principal.WindowsPrincipal ([System.Security.Principal.WindowsIdentity]::GetCurrent())
    $elevated = $principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)
} catch {
    # Not Windows: there is no Windows identity, so elevation is unknown.
    $elevated = $null
}
$readRegistry = ($env:OS -eq 'Windows_NT')

if ($LabDirectory) {
    $labModule = [System.IO.Path]::Combine($ResourceDirectory, 'lab', 'ExwizLab.psm1')
    Import-Module -Name $labModule -Scope Local -Force -DisableNameChecking -ArgumentList $LabDirectory, $LabConfiguration
    $labComputer = Get-LabThisComputer
    $readRegistry = $false
    $domain = $null
    if ($null -ne $labComputer) {
        $name = $labComputer.name
        $elevated = $labComputer.elevated
        if ($null -ne $labComputer.folder) {
            # The registry of that server's captures answers the Setup key.
            Import-Module -Name $labModule -Scope Local -Force -DisableNameChecking -ArgumentList $labComputer.folder, $LabConfiguration
            $readRegistry = $true
        }
    } else {
        $elevated = $null
    }
}

$installPath = $null
if ($readRegistry) {
    try {
        $setup = Get-ItemProperty -Path $setupKey -ErrorAction Stop
        if ($null -ne $setup -and $setup.MsiInstallPath) { $installPath = [string]$setup.MsiInstallPath }
    } catch {
        # No Setup key: Exchange is not installed on this computer.
        $installPath = $null
    }
}

$fqdn = $null
if ($domain) { $fqdn = $name + '.' + $domain }
return [ordered]@{ name = $name; fqdn = $fqdn; exchangeInstallPath = $installPath; elevated = $elevated }
