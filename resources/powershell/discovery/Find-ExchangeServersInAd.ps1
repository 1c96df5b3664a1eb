# Lists the Exchange servers registered in Active Directory, from any
# domain-joined Windows computer, without the Exchange tools or the AD module:
# an LDAP search of the configuration partition for msExchExchangeServer
# objects (System.DirectoryServices).
#
# Returns @{ entries = @(@{ name; dn; networkAddress = @(); serialNumber;
# versionNumber; currentServerRoles; site }); error } with error $null or
# @{ code; message }. The engine turns entries into servers
# (electron/engine/discovery/ad-entries.ts).
#
# Valid on Windows PowerShell 5.1 and PowerShell 7 (Windows).

param([int]$PageSize = 500)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Off

function Get-ExwizFirst {
    param($Properties, [string]$Name)
    $values = $Properties[$Name]
    if ($null -eq $values -or $values.Count -eq 0) { return $null }
    return $values[0]
}

try {
    # $IsWindows exists only in PowerShell 7 ($null, not $false, on 5.1, which is always Windows).
    $searcherType = 'System.DirectoryServices.DirectorySearcher' -as [type]
    if ($null -eq $searcherType -or $IsWindows -eq $false) {
        return @{ entries = @(); error = @{ code = 'unsupported'; message = 'Active Directory discovery needs Windows (System.DirectoryServices is not available here).' } }
    }
    $rootDse = New-Object System.DirectoryServices.DirectoryEntry 'LDAP://RootDSE'
    $configuration = [string]$rootDse.Properties['configurationNamingContext'].Value
    if (-not $configuration) {
        return @{ entries = @(); error = @{ code = 'unreachable'; message = 'No domain controller answered: this computer does not seem to be joined to an Active Directory domain.' } }
    }
    $root = New-Object System.DirectoryServices.DirectoryEntry ('LDAP://CN=Microsoft Exchange,CN=Services,' + $configuration)
    $searcher = New-Object System.DirectoryServices.DirectorySearcher $root
    $searcher.Filter = '(objectCategory=msExchExchangeServer)'
    $searcher.PageSize = $PageSize
    foreach ($name in @('name', 'distinguishedName', 'networkAddress', 'serialNumber', 'versionNumber', 'msExchCurrentServerRoles', 'msExchServerSite')) {
        [void]$searcher.PropertiesToLoad.Add($name)
    }
    $entries = New-Object System.Collections.ArrayList
    $results = $searcher.FindAll()
    try {
        foreach ($result in $results) {
            $p = $result.Properties
            $addresses = New-Object System.Collections.ArrayList
            foreach ($address in @($p['networkaddress'])) { if ($null -ne $address) { [void]$addresses.Add([string]$address) } }
            $roles = Get-ExwizFirst $p 'msexchcurrentserverroles'
            $version = Get-ExwizFirst $p 'versionnumber'
            [void]$entries.Add([ordered]@{
                    name               = [string](Get-ExwizFirst $p 'name')
                    dn                 = [string](Get-ExwizFirst $p 'distinguishedname')
                    networkAddress     = $addresses.ToArray()
                    serialNumber       = [string](Get-ExwizFirst $p 'serialnumber')
                    versionNumber      = $(if ($null -ne $version) { [long]$version } else { $null })
                    currentServerRoles = $(if ($null -ne $roles) { [long]$roles } else { $null })
                    site               = [string](Get-ExwizFirst $p 'msexchserversite')
                })
        }
    } finally {
        $results.Dispose()
    }
    foreach ($entry in $entries) { $entry.networkAddress = @($entry.networkAddress) }
    return @{ entries = $entries.ToArray(); error = $null }
} catch {
    $message = $_.Exception.Message
    $code = 'unreachable'
    $inner = $_.Exception
    while ($null -ne $inner.InnerException) { $inner = $inner.InnerException }
    if ($inner -is [System.PlatformNotSupportedException]) { $code = 'unsupported'; $message = 'Active Directory discovery needs Windows: ' + $inner.Message }
    elseif ($message -match 'Access is denied|access denied') { $code = 'access-denied' }
    elseif ($message -match 'no such object|There is no such object') { $code = 'not-found'; $message = 'No Exchange organisation was found in this Active Directory forest: ' + $message }
    return @{ entries = @(); error = @{ code = $code; message = $message } }
}
