# Server-side part of the probe: what can only be read ON the Exchange server
# (ExSetup.exe, registry, services, event log, EEMS log files, IIS
# configuration, disks, the OCS connection test).
#
# The orchestrator sends this text, with common-functions.ps1 and
# exchange-functions.ps1, to the server as ONE script block
# (Invoke-Command -ComputerName, data only through -ArgumentList); in the lab
# the same block runs locally against the fake commands; the offline collector
# reuses Get-ExwizRegistryPlan and Read-ExwizRegistry to record exactly the
# registry values read here. Function definitions only.

function Get-ExwizRegistryPlan {
    # Every registry value the probe reads, in one list, so the offline
    # collector records exactly these and the lab can answer them.
    $plan = New-Object System.Collections.ArrayList
    [void]$plan.Add(@{ Path = 'HKLM:\SOFTWARE\Microsoft\ExchangeServer\v15\Setup'; Names = @('MsiInstallPath') })
    [void]$plan.Add(@{ Path = 'HKLM:\SOFTWARE\Microsoft\ExchangeServer\v15\EdgeTransportRole'; Names = @() })
    [void]$plan.Add(@{ Path = 'HKLM:\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full'; Names = @('Release') })
    [void]$plan.Add(@{ Path = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'; Names = @('ProductName', 'InstallationType', 'CurrentBuild', 'UBR') })
    [void]$plan.Add(@{ Path = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall'; Names = @('DisplayName', 'DisplayVersion', 'VersionIdentifier'); Subkeys = $true; Like = 'Microsoft Visual C++ 201*' })
    [void]$plan.Add(@{ Path = 'HKLM:\SOFTWARE\Microsoft\Updates\Exchange 2016'; Names = @('PackageName', 'InstalledDate'); Subkeys = $true })
    [void]$plan.Add(@{ Path = 'HKLM:\SOFTWARE\Microsoft\Updates\Exchange 2019'; Names = @('PackageName', 'InstalledDate'); Subkeys = $true })
    [void]$plan.Add(@{ Path = 'HKLM:\SOFTWARE\Microsoft\UCMA\{902F4F35-D5DC-4363-8671-D5EF0D26C21D}'; Names = @('Version') })
    [void]$plan.Add(@{ Path = 'HKLM:\SOFTWARE\Microsoft\IIS Extensions\URL Rewrite'; Names = @('Version') })
    [void]$plan.Add(@{ Path = 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager'; Names = @('PendingFileRenameOperations') })
    [void]$plan.Add(@{ Path = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending'; Names = @() })
    [void]$plan.Add(@{ Path = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired'; Names = @() })
    [void]$plan.Add(@{ Path = 'HKLM:\SOFTWARE\Microsoft\Updates'; Names = @('UpdateExeVolatile') })
    foreach ($version in @('1.0', '1.1', '1.2', '1.3')) {
        foreach ($side in @('Server', 'Client')) {
            [void]$plan.Add(@{ Path = "HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS $version\$side"; Names = @('Enabled', 'DisabledByDefault') })
        }
    }
    foreach ($net in @(Get-ExwizNetTlsPaths)) { [void]$plan.Add(@{ Path = $net; Names = @('SystemDefaultTlsVersions', 'SchUseStrongCrypto') }) }
    foreach ($connections in @(Get-ExwizWinHttpPaths)) { [void]$plan.Add(@{ Path = $connections; Names = @('WinHttpSettings') }) }
    [void]$plan.Add(@{ Path = (Get-ExwizLsaPath); Names = @('LmCompatibilityLevel') })
    return , $plan.ToArray()
}

# Registry paths named once; the 32-bit (WOW6432Node) view second, as Health Checker reads both.
function Get-ExwizNetTlsPaths { return @('HKLM:\SOFTWARE\Microsoft\.NETFramework\v4.0.30319', 'HKLM:\SOFTWARE\Wow6432Node\Microsoft\.NETFramework\v4.0.30319') }
function Get-ExwizWinHttpPaths { return @('HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings\Connections', 'HKLM:\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Internet Settings\Connections') }
function Get-ExwizLsaPath { return 'HKLM:\SYSTEM\CurrentControlSet\Control\Lsa' }

function Read-ExwizRegistryValues {
    param([string]$Path, [string[]]$Names)
    $values = @{}
    if ($Names.Count -eq 0) { return $values }
    $item = Get-ItemProperty -LiteralPath $Path -ErrorAction Stop
    foreach ($name in $Names) {
        $value = Get-ExwizProperty -Object $item -Name $name
        if ($null -ne $value) { $values[$name] = $value }
    }
    return $values
}

function Read-ExwizRegistry {
    # Reads the plan: path -> @{ exists; values = @{ name = value }; subkeys = @{ name = @{ values } }; error }.
    param([object[]]$Plan)
    $result = @{}
    foreach ($entry in $Plan) {
        $path = [string]$entry.Path
        $record = @{ exists = $false; values = @{}; subkeys = @{}; error = $null }
        try {
            if (Test-Path -LiteralPath $path) {
                $record.exists = $true
                $record.values = Read-ExwizRegistryValues -Path $path -Names @($entry.Names)
                if ($entry.Subkeys) {
                    foreach ($child in @(Get-ChildItem -LiteralPath $path -ErrorAction Stop)) {
                        if ($null -eq $child) { continue }
                        $childName = [string]$child.PSChildName
                        $childValues = Read-ExwizRegistryValues -Path ($path + '\' + $childName) -Names @($entry.Names)
                        if ($entry.Like -and -not ([string]$childValues['DisplayName'] -like [string]$entry.Like)) { continue }
                        $record.subkeys[$childName] = $childValues
                    }
                }
            }
        } catch {
            $record.error = Get-ExwizErrorText $_
        }
        $result[$path] = $record
    }
    return $result
}

function Get-ExwizRegistryValue {
    param([hashtable]$Registry, [string]$Path, [string]$Name)
    $record = $Registry[$Path]
    if ($null -eq $record -or -not $record.exists) { return $null }
    if ($record.values.ContainsKey($Name)) { return , $record.values[$Name] }
    return $null
}

function Assert-ExwizRegistryRead {
    # A registry read that failed (rather than found nothing) fails its section.
    param([hashtable]$Registry, [string[]]$Paths)
    foreach ($path in $Paths) {
        $record = $Registry[$path]
        if ($null -ne $record -and $null -ne $record.error) { throw "Reading $path failed: $($record.error)" }
    }
}

function Get-ExwizNumber {
    param($Value)
    if ($null -eq $Value -or [string]$Value -eq '') { return $null }
    return [long]$Value
}

function Get-ExwizExSetupFacts {
    param([string]$InstallPath)
    if (-not $InstallPath) { throw 'The Exchange install path (HKLM\SOFTWARE\Microsoft\ExchangeServer\v15\Setup MsiInstallPath) is not set on this server.' }
    $file = $InstallPath.TrimEnd('\') + '\bin\ExSetup.exe'
    $info = (Get-Item -LiteralPath $file -ErrorAction Stop).VersionInfo
    $version = ConvertTo-ExwizString (Get-ExwizProperty $info 'FileVersion')
    if ($null -eq $version) {
        $version = '{0}.{1}.{2}.{3}' -f (Get-ExwizProperty $info 'FileMajorPart'), (Get-ExwizProperty $info 'FileMinorPart'), (Get-ExwizProperty $info 'FileBuildPart'), (Get-ExwizProperty $info 'FilePrivatePart')
    }
    return $version
}

function Get-ExwizInstalledUpdates {
    param([hashtable]$Registry)
    $updates = New-Object System.Collections.ArrayList
    foreach ($path in @('HKLM:\SOFTWARE\Microsoft\Updates\Exchange 2016', 'HKLM:\SOFTWARE\Microsoft\Updates\Exchange 2019')) {
        $record = $Registry[$path]
        if ($null -eq $record -or -not $record.exists) { continue }
        foreach ($name in ($record.subkeys.Keys | Sort-Object)) {
            $values = $record.subkeys[$name]
            $package = ConvertTo-ExwizString $values['PackageName']
            if ($null -eq $package) { $package = [string]$name }
            [void]$updates.Add([ordered]@{ packageName = $package; installedDate = (ConvertTo-ExwizString $values['InstalledDate']) })
        }
    }
    return , $updates.ToArray()
}

function Get-ExwizHighestVcRedist {
    # Highest installed x64 redistributable of one year, e.g. "12.0.40664".
    param([hashtable]$Registry, [string]$Year)
    $record = $Registry['HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall']
    if ($null -eq $record) { return $null }
    $best = $null
    foreach ($values in $record.subkeys.Values) {
        $name = [string]$values['DisplayName']
        if ($name -notlike "*Visual C++ $Year*" -or $name -notlike '*x64*') { continue }
        $text = [string]$values['DisplayVersion']
        $parsed = $null
        if (-not [Version]::TryParse($text, [ref]$parsed)) { continue }
        if ($null -eq $best -or $parsed -gt $best) { $best = $parsed }
    }
    if ($null -eq $best) { return $null }
    return $best.ToString()
}

function Get-ExwizTlsFacts {
    # The raw SCHANNEL and .NET values (null = not set); the analyser evaluates
    # them the way Health Checker does (src-shared/analysis/tls-configuration.ts).
    param([hashtable]$Registry)
    $rows = New-Object System.Collections.ArrayList
    foreach ($version in @('1.0', '1.1', '1.2', '1.3')) {
        $row = [ordered]@{ version = $version }
        foreach ($side in @('Server', 'Client')) {
            $path = "HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS $version\$side"
            $key = $side.ToLowerInvariant()
            $row[$key + 'Enabled'] = ConvertTo-ExwizFlag (Get-ExwizRegistryValue $Registry $path 'Enabled')
            $row[$key + 'DisabledByDefault'] = ConvertTo-ExwizFlag (Get-ExwizRegistryValue $Registry $path 'DisabledByDefault')
        }
        $row['configuration'] = $null
        [void]$rows.Add($row)
    }
    $paths = Get-ExwizNetTlsPaths
    return [ordered]@{
        versions                       = $rows.ToArray()
        netSystemDefaultTlsVersions    = (ConvertTo-ExwizOne (Get-ExwizRegistryValue $Registry $paths[0] 'SystemDefaultTlsVersions'))
        netSchUseStrongCrypto          = (ConvertTo-ExwizOne (Get-ExwizRegistryValue $Registry $paths[0] 'SchUseStrongCrypto'))
        netWowSystemDefaultTlsVersions = (ConvertTo-ExwizOne (Get-ExwizRegistryValue $Registry $paths[1] 'SystemDefaultTlsVersions'))
        netWowSchUseStrongCrypto       = (ConvertTo-ExwizOne (Get-ExwizRegistryValue $Registry $paths[1] 'SchUseStrongCrypto'))
    }
}

function ConvertTo-ExwizFlag {
    # A DWORD flag: null when not set, else value <> 0.
    param($Value)
    if ($null -eq $Value) { return $null }
    return ([long]$Value -ne 0)
}

function ConvertTo-ExwizOne {
    # A DWORD that must be exactly 1: null when not set.
    param($Value)
    if ($null -eq $Value) { return $null }
    return ([long]$Value -eq 1)
}

function Get-ExwizLocalSecurity {
    # Exchange Trusted Subsystem in local Administrators (by the group's SID,
    # so a localised group name does not matter) and LmCompatibilityLevel.
    param([hashtable]$Registry, [System.Collections.ArrayList]$Errors)
    $result = [ordered]@{ exchangeTrustedSubsystemInAdministrators = $null; lmCompatibilityLevel = (Get-ExwizNumber (Get-ExwizRegistryValue $Registry (Get-ExwizLsaPath) 'LmCompatibilityLevel')) }
    try {
        $members = @(Get-LocalGroupMember -SID 'S-1-5-32-544' -ErrorAction Stop)
        $names = @($members | ForEach-Object { [string](Get-ExwizProperty $_ 'Name') })
        $result.exchangeTrustedSubsystemInAdministrators = (@($names | Where-Object { $_ -like '*\Exchange Trusted Subsystem' -or $_ -eq 'Exchange Trusted Subsystem' }).Count -gt 0)
    } catch {
        Add-ExwizSectionError -Errors $Errors -Section 'local-administrators' -Err $_
    }
    return $result
}

function Get-ExwizWinHttpProxy {
    # WinHttpSettings REG_BINARY: flags at 8, proxy length at 12, proxy text from 16.
    param($Bytes)
    if ($null -eq $Bytes) { return $null }
    $data = [byte[]]$Bytes
    if ($data.Length -lt 16) { return $null }
    $length = [BitConverter]::ToInt32($data, 12)
    if ($length -le 0 -or (16 + $length) -gt $data.Length) { return $null }
    return [System.Text.Encoding]::ASCII.GetString($data, 16, $length)
}

function Get-ExwizRebootFacts {
    param([hashtable]$Registry)
    Assert-ExwizRegistryRead -Registry $Registry -Paths @('HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager', 'HKLM:\SOFTWARE\Microsoft\Updates')
    $sources = New-Object System.Collections.ArrayList
    $renames = @(Get-ExwizRegistryValue $Registry 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager' 'PendingFileRenameOperations' | Where-Object { [string]$_ -ne '' })
    if ($renames.Count -gt 0) { [void]$sources.Add('PendingFileRenameOperations') }
    if ($Registry['HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending'].exists) { [void]$sources.Add('ComponentBasedServicing') }
    if ($Registry['HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired'].exists) { [void]$sources.Add('WindowsUpdateAutoUpdate') }
    $volatile = Get-ExwizRegistryValue $Registry 'HKLM:\SOFTWARE\Microsoft\Updates' 'UpdateExeVolatile'
    if ($null -ne $volatile -and [long]$volatile -ne 0) { [void]$sources.Add('UpdateExeVolatile') }
    try {
        $ccm = Invoke-CimMethod -Namespace 'root\ccm\ClientSDK' -ClassName 'CCM_ClientUtilities' -MethodName 'DetermineIfRebootPending' -ErrorAction Stop
        if ((ConvertTo-ExwizBool (Get-ExwizProperty $ccm 'RebootPending')) -or (ConvertTo-ExwizBool (Get-ExwizProperty $ccm 'IsHardRebootPending'))) {
            [void]$sources.Add('ConfigMgrClient')
        }
    } catch {
        # No Configuration Manager client: that source cannot ask for a reboot.
        $ccm = $null
    }
    return [ordered]@{ pending = ($sources.Count -gt 0); sources = $sources.ToArray() }
}

function Get-ExwizExtendedProtection {
    param([string]$WindowsDirectory)
    $path = $WindowsDirectory.TrimEnd('\') + '\System32\inetsrv\config\applicationHost.config'
    $text = Get-Content -LiteralPath $path -Raw -ErrorAction Stop
    $xml = New-Object System.Xml.XmlDocument
    $xml.LoadXml([string]$text)
    $perVdir = [ordered]@{}
    $configured = $false
    foreach ($location in @($xml.SelectNodes('/configuration/location'))) {
        $vdir = [string]$location.GetAttribute('path')
        if ($vdir -notlike 'Default Web Site*' -and $vdir -notlike 'Exchange Back End*') { continue }
        $node = $location.SelectSingleNode('system.webServer/security/authentication/windowsAuthentication/extendedProtection')
        if ($null -eq $node) { continue }
        $value = [string]$node.GetAttribute('tokenChecking')
        if ($value -eq '') { $value = 'None' }
        $perVdir[$vdir] = $value
        if ($value -ne 'None') { $configured = $true }
    }
    return [ordered]@{ configured = $configured; perVirtualDirectory = $perVdir }
}

function Get-ExwizWatchedServices {
    # Health Checker's critical and common service lists (Get-ExchangeDependentServices).
    return @(
        'WinMgmt', 'W3Svc', 'IISAdmin', 'Pla', 'MpsSvc', 'RpcEptMapper', 'EventLog', 'MSExchangeADTopology', 'MSExchangeDelivery', 'MSExchangeFastSearch', 'MSExchangeFrontEndTransport', 'MSExchangeIS', 'MSExchangeRepl', 'MSExchangeRPC', 'MSExchangeServiceHost', 'MSExchangeSubmission', 'MSExchangeTransport', 'HostControllerService',
        'MSExchangeAntispamUpdate', 'MSComplianceAudit', 'MSExchangeCompliance', 'MSExchangeDagMgmt', 'MSExchangeDiagnostics', 'MSExchangeEdgeSync', 'MSExchangeHM', 'MSExchangeHMRecovery', 'MSExchangeMailboxAssistants', 'MSExchangeMailboxReplication', 'MSExchangeMitigation', 'MSExchangeThrottling', 'MSExchangeTransportLogSearch', 'BITS'
    )
}

function ConvertTo-ExwizServiceFacts {
    param($Service)
    return [ordered]@{
        name      = [string](Get-ExwizProperty $Service 'Name')
        status    = [string](Get-ExwizProperty $Service 'Status')
        startType = [string](Get-ExwizProperty $Service 'StartType')
    }
}

function Get-ExwizMitigationEvents {
    param([int]$Days)
    $filter = @{ LogName = 'Application'; ProviderName = 'MSExchange Mitigation Service'; Id = 1008; StartTime = (Get-Date).AddDays( - $Days) }
    $events = @()
    try {
        $events = @(Get-WinEvent -FilterHashtable $filter -MaxEvents 50 -ErrorAction Stop)
    } catch {
        # "No events were found" (or no such provider on this server) is an answer, not a failure.
        if ([string]$_.FullyQualifiedErrorId -notlike 'NoMatching*') { throw }
    }
    $list = New-Object System.Collections.ArrayList
    foreach ($e in $events) {
        if ($null -eq $e) { continue }
        $message = [string](Get-ExwizProperty $e 'Message')
        if ($message -eq '') {
            # The provider's message file is missing: keep the raw insertion strings.
            $message = (@(Get-ExwizProperty $e 'Properties') | ForEach-Object { [string](Get-ExwizProperty $_ 'Value') }) -join ' '
        }
        if ($message.Length -gt 4000) { $message = $message.Substring(0, 4000) }
        [void]$list.Add([ordered]@{ timeCreated = (ConvertTo-ExwizIsoDate (Get-ExwizProperty $e 'TimeCreated')); eventId = [int](Get-ExwizProperty $e 'Id'); message = $message })
    }
    return , $list.ToArray()
}

function Get-ExwizEemsLogLines {
    # Newest first; the lines that name the certificate problem.
    param([string]$InstallPath, [int]$Days, [bool]$ServiceInstalled)
    $folder = $InstallPath.TrimEnd('\') + '\Logging\MitigationService'
    if (-not (Test-Path -LiteralPath $folder)) {
        if (-not $ServiceInstalled) { return , @() }
        throw "The EEMS log folder $folder does not exist although the MSExchangeMitigation service is installed."
    }
    $since = (Get-Date).AddDays( - $Days)
    $files = @(Get-ChildItem -LiteralPath $folder -Filter '*.log' -ErrorAction Stop | Where-Object { $null -ne $_ -and $_.LastWriteTime -ge $since } | Sort-Object -Property LastWriteTime -Descending | Select-Object -First 40)
    $found = New-Object System.Collections.ArrayList
    foreach ($file in $files) {
        $matched = New-Object System.Collections.ArrayList
        foreach ($line in @(Get-Content -LiteralPath ([string]$file.FullName) -ErrorAction Stop)) {
            $text = [string]$line
            if ($text -match 'untrusted endpoint|unknown issuer') {
                if ($text.Length -gt 1000) { $text = $text.Substring(0, 1000) }
                [void]$matched.Add([ordered]@{ file = [string]$file.Name; line = $text.Trim() })
            }
        }
        for ($i = $matched.Count - 1; $i -ge 0 -and $found.Count -lt 20; $i--) { [void]$found.Add($matched[$i]) }
        if ($found.Count -ge 20) { break }
    }
    return , $found.ToArray()
}

function Test-ExwizOcsConnection {
    # The connection EEMS needs, tried from the server itself: TLS 1.2, through
    # the Exchange InternetWebProxy when one is set (as Health Checker does).
    param([string]$Url, [string]$Proxy)
    $result = [ordered]@{ url = $Url; statusCode = $null; error = $null; proxy = $null; testedAt = (ConvertTo-ExwizIsoDate ([DateTime]::UtcNow)) }
    if ($Proxy) { $result.proxy = $Proxy }
    try {
        [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12
    } catch {
        $result.error = 'TLS 1.2 could not be enabled for the test: ' + (Get-ExwizErrorText $_)
        return $result
    }
    $arguments = @{ Uri = $Url; Method = 'Get'; UseBasicParsing = $true; TimeoutSec = 30; ErrorAction = 'Stop' }
    if ($Proxy) {
        $arguments['Proxy'] = $Proxy
        $arguments['ProxyUseDefaultCredentials'] = $true
    }
    try {
        $response = Invoke-WebRequest @arguments
        $result.statusCode = [int](Get-ExwizProperty $response 'StatusCode')
    } catch {
        $result.error = Get-ExwizErrorText $_
        $response = Get-ExwizProperty $_.Exception 'Response'
        if ($null -ne $response) {
            $code = Get-ExwizProperty $response 'StatusCode'
            if ($null -ne $code) { $result.statusCode = [int]$code }
        }
    }
    return $result
}

function Invoke-ExwizServerCollection {
    param($Options)
    $errors = New-Object System.Collections.ArrayList
    $days = 30
    if ($Options.EventDays) { $days = [int]$Options.EventDays }
    $windows = $env:windir
    if (-not $windows) { $windows = 'C:\Windows' }

    $registry = Read-ExwizRegistry -Plan (Get-ExwizRegistryPlan)
    $isEdge = ([bool]$Options.IsEdge) -or $registry['HKLM:\SOFTWARE\Microsoft\ExchangeServer\v15\EdgeTransportRole'].exists
    $installPath = ConvertTo-ExwizString (Get-ExwizRegistryValue $registry 'HKLM:\SOFTWARE\Microsoft\ExchangeServer\v15\Setup' 'MsiInstallPath')

    $exchange = [ordered]@{ exSetupVersion = $null; installPath = $installPath; installedUpdates = @() }
    try {
        $exchange.exSetupVersion = Get-ExwizExSetupFacts -InstallPath $installPath
    } catch {
        Add-ExwizSectionError -Errors $errors -Section 'exsetup' -Err $_
    }
    try {
        Assert-ExwizRegistryRead -Registry $registry -Paths @('HKLM:\SOFTWARE\Microsoft\Updates\Exchange 2016', 'HKLM:\SOFTWARE\Microsoft\Updates\Exchange 2019')
        $exchange.installedUpdates = Get-ExwizInstalledUpdates -Registry $registry
    } catch {
        Add-ExwizSectionError -Errors $errors -Section 'installed-updates' -Err $_
    }

    $current = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
    $os = [ordered]@{ productName = $null; version = $null; buildNumber = $null; ubr = (Get-ExwizNumber (Get-ExwizRegistryValue $registry $current 'UBR')); installationType = (ConvertTo-ExwizString (Get-ExwizRegistryValue $registry $current 'InstallationType')); lastBootUpTime = $null; language = $null }
    $systemDrive = $null
    try {
        $win32 = Get-CimInstance -ClassName Win32_OperatingSystem -ErrorAction Stop
        $os.productName = ConvertTo-ExwizString (Get-ExwizProperty $win32 'Caption')
        $os.version = ConvertTo-ExwizString (Get-ExwizProperty $win32 'Version')
        $os.buildNumber = Get-ExwizNumber (Get-ExwizProperty $win32 'BuildNumber')
        $os.lastBootUpTime = ConvertTo-ExwizIsoDate (Get-ExwizProperty $win32 'LastBootUpTime')
        $os.language = Get-ExwizNumber (Get-ExwizProperty $win32 'OSLanguage')
        $systemDrive = ConvertTo-ExwizString (Get-ExwizProperty $win32 'SystemDrive')
    } catch {
        Add-ExwizSectionError -Errors $errors -Section 'os' -Err $_
        $os.productName = ConvertTo-ExwizString (Get-ExwizRegistryValue $registry $current 'ProductName')
        $os.buildNumber = Get-ExwizNumber (Get-ExwizRegistryValue $registry $current 'CurrentBuild')
    }

    $prerequisites = [ordered]@{ dotNetRelease = $null; vcRedist2012 = $null; vcRedist2013 = $null; ucmaInstalled = $null; ucmaVersion = $null; urlRewriteInstalled = $null; urlRewriteVersion = $null }
    try {
        $uninstall = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall'
        $ucma = 'HKLM:\SOFTWARE\Microsoft\UCMA\{902F4F35-D5DC-4363-8671-D5EF0D26C21D}'
        $rewrite = 'HKLM:\SOFTWARE\Microsoft\IIS Extensions\URL Rewrite'
        $ndp = 'HKLM:\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full'
        Assert-ExwizRegistryRead -Registry $registry -Paths @($uninstall, $ucma, $rewrite, $ndp)
        $prerequisites.dotNetRelease = Get-ExwizNumber (Get-ExwizRegistryValue $registry $ndp 'Release')
        $prerequisites.vcRedist2012 = Get-ExwizHighestVcRedist -Registry $registry -Year '2012'
        $prerequisites.vcRedist2013 = Get-ExwizHighestVcRedist -Registry $registry -Year '2013'
        $prerequisites.ucmaVersion = ConvertTo-ExwizString (Get-ExwizRegistryValue $registry $ucma 'Version')
        $prerequisites.ucmaInstalled = ($null -ne $prerequisites.ucmaVersion)
        $prerequisites.urlRewriteVersion = ConvertTo-ExwizString (Get-ExwizRegistryValue $registry $rewrite 'Version')
        $prerequisites.urlRewriteInstalled = ($null -ne $prerequisites.urlRewriteVersion)
    } catch {
        Add-ExwizSectionError -Errors $errors -Section 'prerequisites' -Err $_
    }

    $reboot = Invoke-ExwizSection 'reboot' $errors { Get-ExwizRebootFacts -Registry $registry }

    $disks = @()
    try {
        $list = New-Object System.Collections.ArrayList
        foreach ($disk in @(Get-CimInstance -ClassName Win32_LogicalDisk -Filter 'DriveType=3' -ErrorAction Stop)) {
            if ($null -eq $disk) { continue }
            $drive = [string](Get-ExwizProperty $disk 'DeviceID')
            [void]$list.Add([ordered]@{
                    drive             = $drive
                    freeBytes         = [long](Get-ExwizProperty $disk 'FreeSpace')
                    sizeBytes         = [long](Get-ExwizProperty $disk 'Size')
                    isSystem          = ($null -ne $systemDrive -and [string]::Equals($drive, $systemDrive, [System.StringComparison]::OrdinalIgnoreCase))
                    isExchangeInstall = ($null -ne $installPath -and $installPath.StartsWith($drive, [System.StringComparison]::OrdinalIgnoreCase))
                })
        }
        $disks = $list.ToArray()
    } catch {
        Add-ExwizSectionError -Errors $errors -Section 'disks' -Err $_
    }

    $tls = Invoke-ExwizSection 'tls' $errors {
        $tlsPaths = @()
        foreach ($version in @('1.0', '1.1', '1.2', '1.3')) { foreach ($side in @('Server', 'Client')) { $tlsPaths += "HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS $version\$side" } }
        Assert-ExwizRegistryRead -Registry $registry -Paths ($tlsPaths + @(Get-ExwizNetTlsPaths))
        Get-ExwizTlsFacts -Registry $registry
    }

    $extendedProtection = $null
    if (-not $isEdge) { $extendedProtection = Invoke-ExwizSection 'extended-protection' $errors { Get-ExwizExtendedProtection -WindowsDirectory $windows } }

    $httpProxy = Invoke-ExwizSection 'http-proxy' $errors {
        $connections = Get-ExwizWinHttpPaths
        Assert-ExwizRegistryRead -Registry $registry -Paths $connections
        [ordered]@{
            winHttpProxy        = (Get-ExwizWinHttpProxy (Get-ExwizRegistryValue $registry $connections[0] 'WinHttpSettings'))
            winHttpProxyWow6432 = (Get-ExwizWinHttpProxy (Get-ExwizRegistryValue $registry $connections[1] 'WinHttpSettings'))
        }
    }

    $localSecurity = Invoke-ExwizSection 'local-security' $errors {
        Assert-ExwizRegistryRead -Registry $registry -Paths @(Get-ExwizLsaPath)
        Get-ExwizLocalSecurity -Registry $registry -Errors $errors
    }

    $mitigationService = $null
    $notRunning = $null
    $servicesRead = $false
    try {
        $services = @(Get-Service -ErrorAction Stop)
        $servicesRead = $true
        $watched = Get-ExwizWatchedServices
        $list = New-Object System.Collections.ArrayList
        foreach ($service in $services) {
            if ($null -eq $service) { continue }
            $name = [string](Get-ExwizProperty $service 'Name')
            if ($name -eq 'MSExchangeMitigation') { $mitigationService = ConvertTo-ExwizServiceFacts $service }
            if (($watched -contains $name) -and [string](Get-ExwizProperty $service 'Status') -ne 'Running') { [void]$list.Add((ConvertTo-ExwizServiceFacts $service)) }
        }
        $notRunning = $list.ToArray()
    } catch {
        Add-ExwizSectionError -Errors $errors -Section 'services' -Err $_
    }

    $events = Invoke-ExwizSection 'events' $errors { Get-ExwizMitigationEvents -Days $days }

    $logLines = $null
    if ($null -ne $installPath) {
        try {
            $logLines = Get-ExwizEemsLogLines -InstallPath $installPath -Days $days -ServiceInstalled ((-not $servicesRead) -or $null -ne $mitigationService)
        } catch {
            Add-ExwizSectionError -Errors $errors -Section 'eems-log' -Err $_
        }
    }

    $ocsTest = $null
    if (-not $isEdge -and $Options.OcsUrl) { $ocsTest = Test-ExwizOcsConnection -Url ([string]$Options.OcsUrl) -Proxy ([string]$Options.InternetWebProxy) }

    $clusterNodeState = $null
    if ($Options.DagName) {
        try {
            $node = Get-ClusterNode -Name ([string]$Options.ServerName) -ErrorAction Stop
            $clusterNodeState = ConvertTo-ExwizString (Get-ExwizProperty $node 'State')
        } catch {
            Add-ExwizSectionError -Errors $errors -Section 'cluster-node' -Err $_
        }
    }

    $edgeExchange = $null
    if ($isEdge -and $Options.IncludeExchange) {
        # Edge servers have no remote Exchange Management Shell: ask the local snap-in.
        try {
            if (-not (Get-Command -Name 'Get-ExchangeServer' -ErrorAction SilentlyContinue)) {
                Add-PSSnapin -Name 'Microsoft.Exchange.Management.PowerShell.SnapIn' -ErrorAction Stop
            }
            $edgeExchange = Get-ExwizExchangeFacts -ServerName ([string]$Options.ServerName) -Errors $errors
        } catch {
            Add-ExwizSectionError -Errors $errors -Section 'exchange-shell' -Err $_
        }
    }

    return @{
        marker             = 'exwiz-server-collection'
        version            = 1
        isEdge             = $isEdge
        exchange           = $exchange
        os                 = $os
        prerequisites      = $prerequisites
        reboot             = $reboot
        disks              = $disks
        tls                = $tls
        extendedProtection = $extendedProtection
        httpProxy          = $httpProxy
        localSecurity      = $localSecurity
        mitigationService  = $mitigationService
        servicesNotRunning = $notRunning
        events1008         = $events
        certificateLogLines = $logLines
        ocsTest            = $ocsTest
        clusterNodeState   = $clusterNodeState
        edgeExchange       = $edgeExchange
        sectionErrors      = $errors.ToArray()
    }
}
