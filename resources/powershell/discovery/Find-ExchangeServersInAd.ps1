# Lists the Exchange servers registered in Active Directory, from any
# domain-joined Windows computer, without the Exchange tools or the AD module:
# an LDAP search of the configuration partition for msExchExchangeServer
# objects (System.DirectoryServices).
#
# Returns @{ entries = @(@{ name; dn; networkAddress = @(); serialNumber;
# versionNumber; currentServerRoles; site }); adLevels; error } with error $null
# or @{ code; message }. The engine turns entries into servers
# (electron/engine/discovery/ad-entries.ts). adLevels are the Exchange levels
# of AD as AD itself holds them (ObservedAdLevels in
# src-shared/domain/ad-levels.ts): the schema's ms-Exch-Schema-Version-Pt
# rangeUpper, the organisation container's objectVersion and each domain's
# Microsoft Exchange System Objects objectVersion; what cannot be read is $null
# and adLevels.error says why. adLevels.forest is the forest functional level
# and the domain controllers (OS, site, global catalog, read-only, schema
# master) that Exchange 2019/SE Setup needs (ObservedForest).
#
# The engine asks in two runs: -SkipLevels for the servers, then -LevelsOnly
# for the levels, which walk every domain of the forest; a dead child domain
# (no domain controller answering) can hold that walk up to the time limit,
# and must not lose the servers already found.
#
# Valid on Windows PowerShell 5.1 and PowerShell 7 (Windows).

param(
    [int]$PageSize = 500,
    # Only the servers (adLevels $null), or only the levels (entries empty).
    [switch]$SkipLevels,
    [switch]$LevelsOnly
)

$ErrorActionPreference = 'Stop'
# Strict mode stays off: an AD entry lacks the attributes that were never set on it; a property
# missing there must read as $null, not stop the script.
Set-StrictMode -Off

function Get-ExwizFirst {
    param($Properties, [string]$Name)
    $values = $Properties[$Name]
    if ($null -eq $values -or $values.Count -eq 0) { return $null }
    return $values[0]
}

function Read-ExwizAdValue {
    # One attribute of one object; $null when the object or value is absent.
    param([string]$Path, [string]$Attribute)
    $entry = New-Object System.DirectoryServices.DirectoryEntry $Path
    $value = $entry.Properties[$Attribute].Value
    if ($null -eq $value) { return $null }
    return [long]$value
}

function Get-ExwizAdLevels {
    param($RootDse, [string]$Configuration)
    $problems = New-Object System.Collections.ArrayList
    $levels = [ordered]@{ schemaRangeUpper = $null; organisationObjectVersion = $null; domains = @(); readAt = [DateTime]::UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [System.Globalization.CultureInfo]::InvariantCulture); error = $null }
    try {
        $schema = [string]$RootDse.Properties['schemaNamingContext'].Value
        $levels.schemaRangeUpper = Read-ExwizAdValue ('LDAP://CN=ms-Exch-Schema-Version-Pt,' + $schema) 'rangeUpper'
        if ($null -eq $levels.schemaRangeUpper) { [void]$problems.Add('the schema has no Exchange schema version (ms-Exch-Schema-Version-Pt)') }
    } catch { [void]$problems.Add('schema: ' + $_.Exception.Message) }
    try {
        $exchangeRoot = New-Object System.DirectoryServices.DirectoryEntry ('LDAP://CN=Microsoft Exchange,CN=Services,' + $Configuration)
        $orgSearch = New-Object System.DirectoryServices.DirectorySearcher $exchangeRoot
        $orgSearch.Filter = '(objectCategory=msExchOrganizationContainer)'
        $orgSearch.SearchScope = 'OneLevel'
        [void]$orgSearch.PropertiesToLoad.Add('objectVersion')
        $org = $orgSearch.FindOne()
        if ($null -ne $org -and $org.Properties['objectversion'].Count -gt 0) { $levels.organisationObjectVersion = [long]$org.Properties['objectversion'][0] }
        else { [void]$problems.Add('the Exchange organisation container has no objectVersion') }
    } catch { [void]$problems.Add('organisation: ' + $_.Exception.Message) }
    $domains = New-Object System.Collections.ArrayList
    try {
        foreach ($domain in @([System.DirectoryServices.ActiveDirectory.Forest]::GetCurrentForest().Domains)) {
            $name = [string]$domain.Name
            $dn = 'DC=' + ($name -replace '\.', ',DC=')
            $version = $null
            try {
                $version = Read-ExwizAdValue ('LDAP://' + $name + '/CN=Microsoft Exchange System Objects,' + $dn) 'objectVersion'
            } catch { [void]$problems.Add($name + ': ' + $_.Exception.Message) }
            [void]$domains.Add([ordered]@{ name = $name; objectVersion = $version })
        }
    } catch { [void]$problems.Add('domains: ' + $_.Exception.Message) }
    $levels.domains = $domains.ToArray()
    if ($problems.Count -gt 0) { $levels.error = ($problems -join '; ') }
    return $levels
}

function Get-ExwizAdForest {
    # What Exchange 2019/SE Setup needs of the forest: the functional level
    # (msDS-Behavior-Version of CN=Partitions) and every domain controller
    # (nTDSDSA objects under CN=Sites: global catalog = options bit 1,
    # msDS-isRODC; the server object's dNSHostName and its computer's
    # operatingSystem; the schema master from the schema's fSMORoleOwner).
    param($RootDse, [string]$Configuration)
    $problems = New-Object System.Collections.ArrayList
    $forest = [ordered]@{ functionalLevel = $null; domainControllers = $null; error = $null }
    try {
        $forest.functionalLevel = Read-ExwizAdValue ('LDAP://CN=Partitions,' + $Configuration) 'msDS-Behavior-Version'
        if ($null -eq $forest.functionalLevel) { [void]$problems.Add('CN=Partitions has no msDS-Behavior-Version') }
    } catch { [void]$problems.Add('forest functional level: ' + $_.Exception.Message) }
    try {
        $schemaEntry = New-Object System.DirectoryServices.DirectoryEntry ('LDAP://' + [string]$RootDse.Properties['schemaNamingContext'].Value)
        $schemaMaster = [string]$schemaEntry.Properties['fSMORoleOwner'].Value
        $sites = New-Object System.DirectoryServices.DirectoryEntry ('LDAP://CN=Sites,' + $Configuration)
        $search = New-Object System.DirectoryServices.DirectorySearcher $sites
        $search.Filter = '(objectCategory=nTDSDSA)'
        $search.PageSize = 500
        foreach ($name in @('distinguishedName', 'options', 'msDS-isRODC')) { [void]$search.PropertiesToLoad.Add($name) }
        $list = New-Object System.Collections.ArrayList
        $results = $search.FindAll()
        try {
            foreach ($result in $results) {
                $dn = [string](Get-ExwizFirst $result.Properties 'distinguishedname')
                $serverDn = $dn -replace '^CN=NTDS Settings,', ''
                $site = $null
                if ($serverDn -match ',CN=Servers,CN=((?:\\,|[^,])+),CN=Sites,') { $site = $Matches[1] }
                $options = Get-ExwizFirst $result.Properties 'options'
                $rodc = Get-ExwizFirst $result.Properties 'msds-isrodc'
                $name = ($serverDn -split ',')[0] -replace '^CN=', ''
                $os = $null
                try {
                    $serverEntry = New-Object System.DirectoryServices.DirectoryEntry ('LDAP://' + $serverDn)
                    $dnsName = [string]$serverEntry.Properties['dNSHostName'].Value
                    if ($dnsName) { $name = $dnsName }
                    $computerDn = [string]$serverEntry.Properties['serverReference'].Value
                    if ($computerDn) {
                        $computer = New-Object System.DirectoryServices.DirectoryEntry ('LDAP://' + $computerDn)
                        $value = $computer.Properties['operatingSystem'].Value
                        if ($null -ne $value) { $os = [string]$value }
                    }
                } catch { [void]$problems.Add($name + ': ' + $_.Exception.Message) }
                $gc = $null
                if ($null -ne $options) { $gc = (([long]$options -band 1) -eq 1) } else { $gc = $false }
                $readOnly = $false
                if ($null -ne $rodc) { $readOnly = [bool]$rodc }
                [void]$list.Add([ordered]@{ name = $name; site = $site; operatingSystem = $os; isGlobalCatalog = $gc; isReadOnly = $readOnly; isSchemaMaster = ($schemaMaster -eq $dn) })
            }
        } finally {
            $results.Dispose()
        }
        $forest.domainControllers = $list.ToArray()
    } catch { [void]$problems.Add('domain controllers: ' + $_.Exception.Message) }
    if ($problems.Count -gt 0) { $forest.error = ($problems -join '; ') }
    return $forest
}

try {
    # IsWindows exists only in PowerShell 7; read by name, it is $null on 5.1 (always Windows).
    $searcherType = 'System.DirectoryServices.DirectorySearcher' -as [type]
    $onWindows = Get-Variable -Name IsWindows -ValueOnly -ErrorAction SilentlyContinue
    if ($null -eq $searcherType -or $onWindows -eq $false) {
        return @{ entries = @(); adLevels = $null; error = @{ code = 'unsupported'; message = 'Active Directory discovery needs Windows (System.DirectoryServices is not available here).' } }
    }
    $rootDse = New-Object System.DirectoryServices.DirectoryEntry 'LDAP://RootDSE'
    $configuration = [string]$rootDse.Properties['configurationNamingContext'].Value
    if (-not $configuration) {
        return @{ entries = @(); adLevels = $null; error = @{ code = 'unreachable'; message = 'No domain controller answered: this computer does not seem to be joined to an Active Directory domain.' } }
    }
    if ($LevelsOnly) {
        $onlyLevels = Get-ExwizAdLevels -RootDse $rootDse -Configuration $configuration
        $onlyLevels.domains = @($onlyLevels.domains)
        return @{ entries = @(); adLevels = $onlyLevels; error = $null }
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
    if ($SkipLevels) { return @{ entries = $entries.ToArray(); adLevels = $null; error = $null } }
    $adLevels = Get-ExwizAdLevels -RootDse $rootDse -Configuration $configuration
    $adLevels.domains = @($adLevels.domains)
    $adLevels.forest = Get-ExwizAdForest -RootDse $rootDse -Configuration $configuration
    if ($null -ne $adLevels.forest.domainControllers) { $adLevels.forest.domainControllers = @($adLevels.forest.domainControllers) }
    return @{ entries = $entries.ToArray(); adLevels = $adLevels; error = $null }
} catch {
    $message = $_.Exception.Message
    $code = 'unreachable'
    $inner = $_.Exception
    while ($null -ne $inner.InnerException) { $inner = $inner.InnerException }
    if ($inner -is [System.PlatformNotSupportedException]) { $code = 'unsupported'; $message = 'Active Directory discovery needs Windows: ' + $inner.Message }
    elseif ($message -match 'Access is denied|access denied') { $code = 'access-denied' }
    elseif ($message -match 'no such object|There is no such object') { $code = 'not-found'; $message = 'No Exchange organisation was found in this Active Directory forest: ' + $message }
    return @{ entries = @(); adLevels = $null; error = @{ code = $code; message = $message } }
}
