# The fake Exchange server ("the lab").
#
# Defines functions named like the Exchange and Windows commands the probes
# call and answers them from a folder of CliXml captures laid out like the
# Health Checker's E19 test data (Exchange/*.xml, OS/*.xml, Exchange/IIS/...),
# so the SAME probe code that runs against a real server runs here, locally.
#
#   Import-Module ExwizLab.psm1 -Scope Local -ArgumentList <lab folder>, <config>
#
# Rules the fake follows:
#  - a missing capture makes its command fail, as the command would on a
#    broken server (never an invented answer);
#  - values the captures do not hold (registry values such as the .NET release
#    or the OS UBR, disks, events, EEMS log lines) come from lab.json in the
#    folder, else from the documented defaults in Get-LabDefaultRegistry and
#    friends (parts/Registry.ps1) (see docs/architecture/powershell.md, "Probes and the lab");
#  - the configuration given at import (from the engine or a test) is merged
#    over lab.json: "variants" picks ExSetup1.xml instead of ExSetup.xml,
#    "captures" points a slot at another file (or at null: missing),
#    "simulate" makes the connection fail like a real server would
#    (timeout, access denied, WinRM unreachable, EMS missing, malformed output),
#    "latencyMs" delays every command (benchmarks),
#    "thisComputer" ({ name, elevated }) makes one server the computer the
#    wizard runs on (the one-server office): remoting back to it without
#    elevation is denied, as on Windows.
#    "executionPolicy" and "account" answer Get-ExecutionPolicy and whoami (parts/Account.ps1).
#
# A folder holding server folders (no Exchange/, OS/ or lab.json of its own) is
# an organisation: Get-ExchangeServer without -Identity lists every server in it.
#
# Valid on Windows PowerShell 5.1 and PowerShell 7.

param(
    [Parameter(Mandatory = $true)][string]$LabDirectory,
    $Configuration = $null
)

$ErrorActionPreference = 'Stop'
# Strict mode stays off: it stands in for Exchange and Windows with captured objects, which lack
# what their server did not report; a property missing there must read as $null, not stop the
# script.
Set-StrictMode -Off

# ---------------------------------------------------------------- state ----

$script:Root = [System.IO.Path]::GetFullPath($LabDirectory)
if (-not [System.IO.Directory]::Exists($script:Root)) {
    throw "The lab folder '$LabDirectory' does not exist."
}
$script:Registry = $null
$script:RegistryIndex = $null
$script:DefaultInstallPath = 'C:\Program Files\Microsoft\Exchange Server\V15\'
$script:MitigationProvider = 'MSExchange Mitigation Service'
# The probe's section table: registry keys are named there once (Get-LabRegistryPath).
$script:SectionTable = ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText([System.IO.Path]::Combine($PSScriptRoot, '..', 'probes', 'sections.json')))

# The module's parts, split by responsibility (each defines functions only).
foreach ($part in @('Configuration', 'Captures', 'Remoting', 'ExchangeCommands', 'ServicesAndCim', 'Registry', 'FilesAndEvents', 'Account')) {
    . ([System.IO.Path]::Combine($PSScriptRoot, 'parts', $part + '.ps1'))
}

$script:Config = Read-LabConfiguration
$script:IsOrganisation = -not (Test-LabServerFolder -Path $script:Root)

Export-ModuleMember -Function @(
    'New-PSSessionOption', 'New-PSSession', 'Import-PSSession', 'Remove-PSSession', 'Invoke-Command', 'Add-PSSnapin',
    'Get-ExchangeServer', 'Get-OrganizationConfig', 'Get-ExchangeCertificate', 'Get-AuthConfig', 'Get-LocalGroupMember',
    'Get-ServerComponentState', 'Get-MailboxServer', 'Get-ClusterNode', 'Get-Mailbox', 'Get-MailboxDatabase', 'Get-OutlookAnywhere', 'Get-HybridConfiguration', 'Get-SendConnector',
    'Get-Service', 'Get-CimInstance', 'Invoke-CimMethod',
    'Get-ItemProperty', 'Get-ChildItem', 'Test-Path', 'Get-Item', 'Get-Content',
    'Get-WinEvent', 'Invoke-WebRequest', 'Get-LabThisComputer', 'Get-ExecutionPolicy', 'whoami'
)
