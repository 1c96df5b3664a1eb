# Server-side part of the probe: the sections of sections.json with a
# "server" function, what can only be read ON the Exchange server (ExSetup.exe,
# registry, services, event log, EEMS log files, IIS configuration, disks, the
# OCS connection test), each returning its part with the keys ServerFacts has.
#
# The orchestrator sends this text, with common-functions.ps1 and
# exchange-functions.ps1, to the server as ONE script block
# (Invoke-Command -ComputerName, data only through -ArgumentList, the section
# table included); in the lab the same block runs locally against the fake
# commands; the offline collector reuses Read-ExwizRegistry to record exactly
# the registry values of the table. Registry keys are named only in the
# table: functions use their short names. Function definitions only.

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

function Get-ExwizNumber {
    param($Value)
    if ($null -eq $Value -or [string]$Value -eq '') { return $null }
    return [long]$Value
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

function Get-ExwizMitigationEventFilter {
    # Event 1008 of the Emergency Mitigation Service in the last $Days days: the one
    # filter the probe and the offline collector read (Get-WinEvent -FilterHashtable).
    param([int]$Days)
    return @{ LogName = 'Application'; ProviderName = 'MSExchange Mitigation Service'; Id = 1008; StartTime = (Get-Date).AddDays( - $Days) }
}

function Get-ExwizEemsLogFolder {
    # Where EEMS writes its logs, under the Exchange install path (probe and collector).
    param([string]$InstallPath)
    return $InstallPath.TrimEnd('\') + '\Logging\MitigationService'
}

function Get-ExwizMitigationEvents {
    param([int]$Days)
    $filter = Get-ExwizMitigationEventFilter -Days $Days
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

function Test-ExwizSymptomLine {
    # Whether a log line names one of the catalog's certificate symptoms (each
    # rule's wording.symptom, passed as data): plain text, case-insensitive,
    # as ruleForSymptom (src-shared/analysis/eems-conditions.ts) matches it.
    param([string]$Text, [string[]]$Symptoms)
    foreach ($symptom in @($Symptoms)) {
        if ($symptom -and $Text.IndexOf([string]$symptom, [System.StringComparison]::OrdinalIgnoreCase) -ge 0) { return $true }
    }
    return $false
}

function Get-ExwizEemsLogLines {
    # Newest first; the lines that name one of the catalog's certificate symptoms.
    param([string]$InstallPath, [int]$Days, [bool]$ServiceInstalled, [string[]]$Symptoms = @())
    $folder = Get-ExwizEemsLogFolder -InstallPath $InstallPath
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
            if (Test-ExwizSymptomLine -Text $text -Symptoms $Symptoms) {
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

# ------------------------------------------------------------- registry

function Read-ExwizRegistry {
    # Reads every key of the table's registry list: name -> @{ path; exists;
    # values = @{ name = value }; subkeys = @{ name = @{ values } }; error }.
    param($Keys)
    $result = @{}
    foreach ($property in $Keys.PSObject.Properties) {
        $entry = $property.Value
        $path = [string]$entry.path
        $names = @($entry.names | Where-Object { $null -ne $_ })
        $record = @{ path = $path; exists = $false; values = @{}; subkeys = @{}; error = $null }
        try {
            if (Test-Path -LiteralPath $path) {
                $record.exists = $true
                $record.values = Read-ExwizRegistryValues -Path $path -Names $names
                if ((Get-ExwizProperty $entry 'subkeys') -eq $true) {
                    $like = [string](Get-ExwizProperty $entry 'like')
                    $under = [string](Get-ExwizProperty $entry 'under')
                    foreach ($child in @(Get-ChildItem -LiteralPath $path -ErrorAction Stop)) {
                        if ($null -eq $child) { continue }
                        $childName = [string]$child.PSChildName
                        $childPath = $path + '\' + $childName
                        if ($under) {
                            # The values live one key further down (Installer products: <code>\InstallProperties).
                            $childPath = $childPath + '\' + $under
                            if (-not (Test-Path -LiteralPath $childPath)) { continue }
                        }
                        $childValues = Read-ExwizRegistryValues -Path $childPath -Names $names
                        if ($like -and -not ([string]$childValues['DisplayName'] -like $like)) { continue }
                        $record.subkeys[$childName] = $childValues
                    }
                }
            }
        } catch {
            $record.error = Get-ExwizErrorText $_
        }
        $result[$property.Name] = $record
    }
    return $result
}

function Get-ExwizRegistryValue {
    # One value of a key named in the table, or $null when the key or value is absent.
    param([hashtable]$Registry, [string]$Key, [string]$Name)
    $record = $Registry[$Key]
    if ($null -eq $record -or -not $record.exists) { return $null }
    if ($record.values.ContainsKey($Name)) { return , $record.values[$Name] }
    return $null
}

function Test-ExwizRegistryKey {
    param([hashtable]$Registry, [string]$Key)
    $record = $Registry[$Key]
    return ($null -ne $record -and $record.exists)
}

function Assert-ExwizRegistryRead {
    # A registry read that failed (rather than found nothing) fails its section.
    param([hashtable]$Registry, [string[]]$Keys)
    foreach ($key in $Keys) {
        $record = $Registry[$key]
        if ($null -ne $record -and $null -ne $record.error) { throw "Reading $($record.path) failed: $($record.error)" }
    }
}

function Get-ExwizTlsKeys {
    # The table's SCHANNEL keys: tls<version><Server|Client>.
    return @('1.0', '1.1', '1.2', '1.3')
}

# ------------------------------------------------------- section functions
# Each takes the channel's -Context: Options, Registry, IsEdge, InstallPath,
# Roles, Errors, Parts (sections read so far), and what sections leave for
# later ones (SystemDrive, Services).

function Get-ExwizExchangeInstallFacts {
    # ExSetup.exe's FileVersion (the build, SU included) and the installed updates.
    param([hashtable]$Context)
    $registry = $Context.Registry
    $installPath = $Context.InstallPath
    $version = Invoke-ExwizSection 'exsetup' $Context.Errors {
        if (-not $installPath) { throw "The Exchange install path ($($registry['exchangeSetup'].path -replace '^HKLM:', 'HKLM') MsiInstallPath) is not set on this server." }
        $info = (Get-Item -LiteralPath ($installPath.TrimEnd('\') + '\bin\ExSetup.exe') -ErrorAction Stop).VersionInfo
        $text = ConvertTo-ExwizString (Get-ExwizProperty $info 'FileVersion')
        if ($null -eq $text) {
            $text = '{0}.{1}.{2}.{3}' -f (Get-ExwizProperty $info 'FileMajorPart'), (Get-ExwizProperty $info 'FileMinorPart'), (Get-ExwizProperty $info 'FileBuildPart'), (Get-ExwizProperty $info 'FilePrivatePart')
        }
        $text
    }
    $updates = Invoke-ExwizSection 'installed-updates' $Context.Errors {
        Assert-ExwizRegistryRead -Registry $registry -Keys @('updates2016', 'updates2019')
        $list = New-Object System.Collections.ArrayList
        foreach ($key in @('updates2016', 'updates2019')) {
            if (-not (Test-ExwizRegistryKey $registry $key)) { continue }
            $record = $registry[$key]
            foreach ($name in ($record.subkeys.Keys | Sort-Object)) {
                $values = $record.subkeys[$name]
                $package = ConvertTo-ExwizString $values['PackageName']
                if ($null -eq $package) { $package = [string]$name }
                [void]$list.Add([ordered]@{ packageName = $package; installedDate = (ConvertTo-ExwizString $values['InstalledDate']) })
            }
        }
        , $list.ToArray()
    }
    if ($null -eq $updates) { $updates = @() }
    return [ordered]@{ exSetupVersion = $version; installPath = $installPath; installedUpdates = $updates }
}

function Get-ExwizEemsServerFacts {
    # The MSExchangeMitigation service, event 1008, the EEMS log lines about the
    # certificate problem and (not on Edge) the OCS connection test.
    param([hashtable]$Context)
    $options = $Context.Options
    $days = $Context.Days
    $services = Get-ExwizServiceList -Context $Context
    $service = $null
    foreach ($item in @($services)) {
        if ($null -ne $item -and [string](Get-ExwizProperty $item 'Name') -eq 'MSExchangeMitigation') { $service = ConvertTo-ExwizServiceFacts $item }
    }
    $events = Invoke-ExwizSection 'events' $Context.Errors { Get-ExwizMitigationEvents -Days $days }
    $logLines = $null
    $installPath = $Context.InstallPath
    if ($null -ne $installPath) {
        $serviceInstalled = ($null -eq $services) -or ($null -ne $service)
        $symptoms = @($options.CertificateLogSymptoms | Where-Object { $null -ne $_ } | ForEach-Object { [string]$_ })
        $logLines = Invoke-ExwizSection 'eems-log' $Context.Errors { Get-ExwizEemsLogLines -InstallPath $installPath -Days $days -ServiceInstalled $serviceInstalled -Symptoms $symptoms }
    }
    $ocsTest = $null
    if (-not $Context.IsEdge -and $options.OcsUrl) { $ocsTest = Test-ExwizOcsConnection -Url ([string]$options.OcsUrl) -Proxy ([string]$options.InternetWebProxy) }
    return [ordered]@{ service = $service; ocsTest = $ocsTest; events1008 = $events; certificateLogLines = $logLines }
}

function Get-ExwizServiceList {
    # Get-Service once per collection; $null when it failed (the services section records why).
    param([hashtable]$Context)
    if (-not $Context.ContainsKey('Services')) {
        $Context.Services = $null
        try { $Context.Services = @(Get-Service -ErrorAction Stop) } catch { $Context.ServicesError = $_ }
    }
    return , $Context.Services
}

function Get-ExwizOsFacts {
    # Win32_OperatingSystem, with the registry's name and build when CIM fails.
    param([hashtable]$Context)
    $registry = $Context.Registry
    $os = [ordered]@{ productName = $null; version = $null; buildNumber = $null; ubr = (Get-ExwizNumber (Get-ExwizRegistryValue $registry 'windowsVersion' 'UBR')); installationType = (ConvertTo-ExwizString (Get-ExwizRegistryValue $registry 'windowsVersion' 'InstallationType')); lastBootUpTime = $null; language = $null }
    $win32 = Invoke-ExwizSection 'os' $Context.Errors { Get-CimInstance -ClassName Win32_OperatingSystem -ErrorAction Stop }
    if ($null -eq $win32) {
        $os.productName = ConvertTo-ExwizString (Get-ExwizRegistryValue $registry 'windowsVersion' 'ProductName')
        $os.buildNumber = Get-ExwizNumber (Get-ExwizRegistryValue $registry 'windowsVersion' 'CurrentBuild')
        return $os
    }
    $os.productName = ConvertTo-ExwizString (Get-ExwizProperty $win32 'Caption')
    $os.version = ConvertTo-ExwizString (Get-ExwizProperty $win32 'Version')
    $os.buildNumber = Get-ExwizNumber (Get-ExwizProperty $win32 'BuildNumber')
    $os.lastBootUpTime = ConvertTo-ExwizIsoDate (Get-ExwizProperty $win32 'LastBootUpTime')
    $os.language = Get-ExwizNumber (Get-ExwizProperty $win32 'OSLanguage')
    $Context.SystemDrive = ConvertTo-ExwizString (Get-ExwizProperty $win32 'SystemDrive')
    return $os
}

function Get-ExwizPrerequisiteFacts {
    # .NET release, VC++ 2012/2013, UCMA and URL Rewrite from the registry.
    param([hashtable]$Context)
    $registry = $Context.Registry
    Assert-ExwizRegistryRead -Registry $registry -Keys @('uninstall', 'ucma', 'urlRewrite', 'dotNet')
    $ucma = ConvertTo-ExwizString (Get-ExwizRegistryValue $registry 'ucma' 'Version')
    $rewrite = ConvertTo-ExwizString (Get-ExwizRegistryValue $registry 'urlRewrite' 'Version')
    return [ordered]@{
        dotNetRelease       = Get-ExwizNumber (Get-ExwizRegistryValue $registry 'dotNet' 'Release')
        vcRedist2012        = Get-ExwizHighestVcRedist -Registry $registry -Year '2012'
        vcRedist2013        = Get-ExwizHighestVcRedist -Registry $registry -Year '2013'
        ucmaInstalled       = ($null -ne $ucma)
        ucmaVersion         = $ucma
        urlRewriteInstalled = ($null -ne $rewrite)
        urlRewriteVersion   = $rewrite
    }
}

function Get-ExwizHighestVcRedist {
    # Highest installed x64 redistributable of one year, e.g. "12.0.40664".
    param([hashtable]$Registry, [string]$Year)
    $record = $Registry['uninstall']
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

function Get-ExwizRebootFacts {
    # The pending-reboot sources Health Checker, SetupAssist and Setup read.
    param([hashtable]$Context)
    $registry = $Context.Registry
    Assert-ExwizRegistryRead -Registry $registry -Keys @('sessionManager', 'updates')
    $sources = New-Object System.Collections.ArrayList
    $renames = @(Get-ExwizRegistryValue $registry 'sessionManager' 'PendingFileRenameOperations' | Where-Object { [string]$_ -ne '' })
    if ($renames.Count -gt 0) { [void]$sources.Add('PendingFileRenameOperations') }
    if (Test-ExwizRegistryKey $registry 'cbsRebootPending') { [void]$sources.Add('ComponentBasedServicing') }
    if (Test-ExwizRegistryKey $registry 'autoUpdateRebootRequired') { [void]$sources.Add('WindowsUpdateAutoUpdate') }
    $volatile = Get-ExwizRegistryValue $registry 'updates' 'UpdateExeVolatile'
    if ($null -ne $volatile -and [long]$volatile -ne 0) { [void]$sources.Add('UpdateExeVolatile') }
    # The same source as a key with a Flags value, where Health Checker and SetupAssist look.
    Assert-ExwizRegistryRead -Registry $registry -Keys @('updateExeVolatileKey')
    $flags = Get-ExwizRegistryValue $registry 'updateExeVolatileKey' 'Flags'
    if ($null -ne $flags -and [string]$flags -ne '' -and [string]$flags -ne '0') { [void]$sources.Add('UpdateExeVolatileFlags') }
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

function Get-ExwizDiskFacts {
    # Fixed disks, marked system drive and Exchange install drive.
    param([hashtable]$Context)
    $systemDrive = $Context.SystemDrive
    $installPath = $Context.InstallPath
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
    return , $list.ToArray()
}

function Get-ExwizClusterNodeFacts {
    # The cluster node state of a DAG member (the maintenance section's server part).
    param([hashtable]$Context)
    $options = $Context.Options
    $state = $null
    if ($options.DagName) {
        $state = Invoke-ExwizSection 'cluster-node' $Context.Errors { ConvertTo-ExwizString (Get-ExwizProperty (Get-ClusterNode -Name ([string]$options.ServerName) -ErrorAction Stop) 'State') }
    }
    return [ordered]@{ clusterNodeState = $state }
}

function Get-ExwizTlsFacts {
    # The raw SCHANNEL and .NET values (null = not set); the analyser evaluates
    # them the way Health Checker does (src-shared/analysis/tls-configuration.ts).
    param([hashtable]$Context)
    $registry = $Context.Registry
    $keys = @('netTls', 'netTlsWow')
    foreach ($version in (Get-ExwizTlsKeys)) { $keys += @("tls$($version)Server", "tls$($version)Client") }
    Assert-ExwizRegistryRead -Registry $registry -Keys $keys
    $rows = New-Object System.Collections.ArrayList
    foreach ($version in (Get-ExwizTlsKeys)) {
        $row = [ordered]@{ version = $version }
        foreach ($side in @('Server', 'Client')) {
            $key = "tls$version$side"
            $prefix = $side.ToLowerInvariant()
            $row[$prefix + 'Enabled'] = ConvertTo-ExwizFlag (Get-ExwizRegistryValue $registry $key 'Enabled')
            $row[$prefix + 'DisabledByDefault'] = ConvertTo-ExwizFlag (Get-ExwizRegistryValue $registry $key 'DisabledByDefault')
        }
        $row['configuration'] = $null
        [void]$rows.Add($row)
    }
    return [ordered]@{
        versions                       = $rows.ToArray()
        netSystemDefaultTlsVersions    = (ConvertTo-ExwizOne (Get-ExwizRegistryValue $registry 'netTls' 'SystemDefaultTlsVersions'))
        netSchUseStrongCrypto          = (ConvertTo-ExwizOne (Get-ExwizRegistryValue $registry 'netTls' 'SchUseStrongCrypto'))
        netWowSystemDefaultTlsVersions = (ConvertTo-ExwizOne (Get-ExwizRegistryValue $registry 'netTlsWow' 'SystemDefaultTlsVersions'))
        netWowSchUseStrongCrypto       = (ConvertTo-ExwizOne (Get-ExwizRegistryValue $registry 'netTlsWow' 'SchUseStrongCrypto'))
    }
}

function Get-ExwizExtendedProtection {
    # extendedProtection tokenChecking per Exchange virtual directory, from applicationHost.config.
    param([hashtable]$Context)
    $path = $Context.WindowsDirectory.TrimEnd('\') + '\System32\inetsrv\config\applicationHost.config'
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

function Get-ExwizHttpProxyFacts {
    # The WinHTTP proxy of both registry views.
    param([hashtable]$Context)
    $registry = $Context.Registry
    Assert-ExwizRegistryRead -Registry $registry -Keys @('winHttp', 'winHttpWow')
    return [ordered]@{
        winHttpProxy        = (Get-ExwizWinHttpProxy (Get-ExwizRegistryValue $registry 'winHttp' 'WinHttpSettings'))
        winHttpProxyWow6432 = (Get-ExwizWinHttpProxy (Get-ExwizRegistryValue $registry 'winHttpWow' 'WinHttpSettings'))
    }
}

function Get-ExwizServicesNotRunning {
    # Services of Health Checker's critical and common lists that are not running.
    param([hashtable]$Context)
    $services = Get-ExwizServiceList -Context $Context
    if ($null -eq $services) { throw $Context.ServicesError }
    $watched = Get-ExwizWatchedServices
    $list = New-Object System.Collections.ArrayList
    foreach ($service in $services) {
        if ($null -eq $service) { continue }
        $name = [string](Get-ExwizProperty $service 'Name')
        if (($watched -contains $name) -and [string](Get-ExwizProperty $service 'Status') -ne 'Running') { [void]$list.Add((ConvertTo-ExwizServiceFacts $service)) }
    }
    return , $list.ToArray()
}

function Get-ExwizLocalSecurity {
    # Exchange Trusted Subsystem in local Administrators (by the group's SID,
    # so a localised group name does not matter) and LmCompatibilityLevel.
    param([hashtable]$Context)
    $registry = $Context.Registry
    Assert-ExwizRegistryRead -Registry $registry -Keys @('lsa')
    $inAdministrators = Invoke-ExwizSection 'local-administrators' $Context.Errors {
        $members = @(Get-LocalGroupMember -SID 'S-1-5-32-544' -ErrorAction Stop)
        $names = @($members | ForEach-Object { [string](Get-ExwizProperty $_ 'Name') })
        (@($names | Where-Object { $_ -like '*\Exchange Trusted Subsystem' -or $_ -eq 'Exchange Trusted Subsystem' }).Count -gt 0)
    }
    return [ordered]@{ exchangeTrustedSubsystemInAdministrators = $inAdministrators; lmCompatibilityLevel = (Get-ExwizNumber (Get-ExwizRegistryValue $registry 'lsa' 'LmCompatibilityLevel')) }
}

function Get-ExwizTcpIpFacts {
    # KeepAliveTime as Health Checker reads it (null = not set).
    param([hashtable]$Context)
    Assert-ExwizRegistryRead -Registry $Context.Registry -Keys @('tcpIpParameters')
    return [ordered]@{ keepAliveTimeMs = (Get-ExwizNumber (Get-ExwizRegistryValue $Context.Registry 'tcpIpParameters' 'KeepAliveTime')) }
}

# ----------------------------------------------------------- pre-flight
# What Exchange Setup checks right before a run (Microsoft's SetupAssist reads
# the same), read-only; each part is $null when it could not be read.

function Get-ExwizSetupWatermarks {
    # Keys under v15 (and v15 itself) with a Watermark value: a Setup run stopped there.
    param([hashtable]$Registry)
    Assert-ExwizRegistryRead -Registry $Registry -Keys @('exchangeV15')
    $list = New-Object System.Collections.ArrayList
    if (-not (Test-ExwizRegistryKey $Registry 'exchangeV15')) { return , $list.ToArray() }
    $record = $Registry['exchangeV15']
    $found = @(@{ key = ''; values = $record.values })
    foreach ($name in ($record.subkeys.Keys | Sort-Object)) { $found += @{ key = [string]$name; values = $record.subkeys[$name] } }
    foreach ($entry in $found) {
        $mark = ConvertTo-ExwizString $entry.values['Watermark']
        if ($null -eq $mark) { continue }
        [void]$list.Add([ordered]@{ key = $entry.key; watermark = $mark; action = (ConvertTo-ExwizString $entry.values['Action']) })
    }
    return , $list.ToArray()
}

function Get-ExwizInstallerPackages {
    # Exchange's Windows Installer products and whether their cached .msi is still in
    # C:\Windows\Installer (Setup needs it to change or remove the product); $null when
    # Windows Installer's product list is not there to read.
    param([hashtable]$Registry)
    Assert-ExwizRegistryRead -Registry $Registry -Keys @('installerProducts')
    if (-not (Test-ExwizRegistryKey $Registry 'installerProducts')) { return $null }
    $list = New-Object System.Collections.ArrayList
    $record = $Registry['installerProducts']
    foreach ($code in ($record.subkeys.Keys | Sort-Object)) {
        $values = $record.subkeys[$code]
        $package = ConvertTo-ExwizString $values['LocalPackage']
        $found = $null
        if ($null -ne $package) {
            try { $found = [bool](Test-Path -LiteralPath $package -PathType Leaf) } catch { $found = $null }
        }
        [void]$list.Add([ordered]@{ displayName = [string]$values['DisplayName']; displayVersion = (ConvertTo-ExwizString $values['DisplayVersion']); localPackage = $package; found = $found })
    }
    return , $list.ToArray()
}

function Get-ExwizExecutionPolicyFacts {
    # Get-ExecutionPolicy -List: MachinePolicy and UserPolicy are what Group Policy set.
    $byScope = @{}
    foreach ($row in @(Get-ExecutionPolicy -List -ErrorAction Stop)) {
        if ($null -eq $row) { continue }
        $byScope[[string](Get-ExwizProperty $row 'Scope')] = ConvertTo-ExwizString ([string](Get-ExwizProperty $row 'ExecutionPolicy'))
    }
    return [ordered]@{
        machinePolicy = $byScope['MachinePolicy']
        userPolicy    = $byScope['UserPolicy']
        effective     = (ConvertTo-ExwizString ([string](Get-ExecutionPolicy -ErrorAction Stop)))
    }
}

function Get-ExwizSetupAccount {
    # The account the wizard connects as and its logon token's groups (whoami), by SID
    # where the group has a fixed RID (Schema Admins 518, Enterprise Admins 519,
    # BUILTIN\Administrators S-1-5-32-544), by name for Organization Management.
    $lines = @(whoami /user /groups /fo csv /nh 2>$null)
    $user = $null
    $names = New-Object System.Collections.ArrayList
    $sids = New-Object System.Collections.ArrayList
    foreach ($line in $lines) {
        $text = [string]$line
        if ($text.Trim() -eq '') { continue }
        $row = ConvertFrom-Csv -InputObject $text -Header 'a', 'b', 'c', 'd'
        if ($null -eq $row) { continue }
        if ($null -eq $row.c -or [string]$row.c -eq '') {
            if ($null -eq $user) { $user = ConvertTo-ExwizString $row.a }
            continue
        }
        [void]$names.Add([string]$row.a)
        [void]$sids.Add([string]$row.c)
    }
    if ($null -eq $user -or $names.Count -eq 0) { throw 'whoami /user /groups did not list the account and its groups.' }
    $orgManagement = @($names | Where-Object { $_ -eq 'Organization Management' -or $_ -like '*\Organization Management' }).Count -gt 0
    return [ordered]@{
        name                   = $user
        groups                 = $names.ToArray()
        schemaAdmins           = (@($sids | Where-Object { $_ -match '^S-1-5-21-[\d-]+-518$' }).Count -gt 0)
        enterpriseAdmins       = (@($sids | Where-Object { $_ -match '^S-1-5-21-[\d-]+-519$' }).Count -gt 0)
        organizationManagement = $orgManagement
        localAdministrators    = ($sids -contains 'S-1-5-32-544')
    }
}

function Get-ExwizPreflightServiceFacts {
    # Exchange services left Disabled (a failed Setup leaves them so) and the services Setup needs.
    param($Services)
    $disabled = New-Object System.Collections.ArrayList
    $byName = @{}
    foreach ($service in $Services) {
        if ($null -eq $service) { continue }
        $name = [string](Get-ExwizProperty $service 'Name')
        $byName[$name.ToLowerInvariant()] = $service
        $exchange = $name -like 'MSExchange*' -or $name -eq 'FMS' -or $name -eq 'HostControllerService'
        if ($exchange -and [string](Get-ExwizProperty $service 'StartType') -eq 'Disabled') { [void]$disabled.Add((ConvertTo-ExwizServiceFacts $service)) }
    }
    $support = New-Object System.Collections.ArrayList
    foreach ($name in @('RemoteRegistry', 'MSDTC', 'MpsSvc')) {
        $service = $byName[$name.ToLowerInvariant()]
        if ($null -eq $service) { [void]$support.Add([ordered]@{ name = $name; status = 'NotFound'; startType = '' }) }
        else { [void]$support.Add((ConvertTo-ExwizServiceFacts $service)) }
    }
    return @{ disabled = $disabled.ToArray(); support = $support.ToArray() }
}

function Get-ExwizPreflightFacts {
    # The server part of the pre-flight section; the arbitration mailboxes come from the Exchange part.
    param([hashtable]$Context)
    $registry = $Context.Registry
    $errors = $Context.Errors
    $watermarks = Invoke-ExwizSection 'preflight-watermark' $errors { Get-ExwizSetupWatermarks -Registry $registry }
    $packages = Invoke-ExwizSection 'preflight-installer-cache' $errors { Get-ExwizInstallerPackages -Registry $registry }
    $policy = Invoke-ExwizSection 'preflight-execution-policy' $errors { Get-ExwizExecutionPolicyFacts }
    $account = Invoke-ExwizSection 'preflight-account' $errors { Get-ExwizSetupAccount }
    $services = Get-ExwizServiceList -Context $Context
    $serviceFacts = $null
    if ($null -ne $services) { $serviceFacts = Get-ExwizPreflightServiceFacts -Services $services }
    $result = [ordered]@{
        watermarks               = $watermarks
        installerPackages        = $packages
        executionPolicy          = $policy
        languageMode             = (ConvertTo-ExwizString ([string]$ExecutionContext.SessionState.LanguageMode))
        disabledExchangeServices = $null
        supportServices          = $null
        account                  = $account
    }
    if ($null -ne $serviceFacts) {
        $result.disabledExchangeServices = $serviceFacts.disabled
        $result.supportServices = $serviceFacts.support
    }
    return $result
}

# ------------------------------------------------------------ the collection

function Invoke-ExwizServerCollection {
    # Runs the table's server sections (and, on an Edge server the remote
    # shell cannot reach, its Exchange sections through the local snap-in).
    param($Options)
    $errors = New-Object System.Collections.ArrayList
    $table = ConvertFrom-ExwizSectionTable -Text ([string]$Options.SectionTable)
    $days = 30
    if ($Options.EventDays) { $days = [int]$Options.EventDays }
    $windows = $env:windir
    if (-not $windows) { $windows = 'C:\Windows' }

    $registry = Read-ExwizRegistry -Keys $table.registry
    $isEdge = ([bool]$Options.IsEdge) -or (Test-ExwizRegistryKey $registry 'edgeTransportRole')
    $roles = @($Options.Roles)
    if ($isEdge) { $roles = @('Edge') }

    $exchangeParts = $null
    if ($isEdge -and $Options.IncludeExchange) {
        # Edge servers have no remote Exchange Management Shell: ask the local snap-in.
        $loaded = Invoke-ExwizSection 'exchange-shell' $errors {
            if (-not (Get-Command -Name 'Get-ExchangeServer' -ErrorAction SilentlyContinue)) {
                Add-PSSnapin -Name 'Microsoft.Exchange.Management.PowerShell.SnapIn' -ErrorAction Stop
            }
            $true
        }
        if ($loaded) {
            $exchangeContext = @{ ServerName = [string]$Options.ServerName; Errors = $errors; Roles = $roles }
            $exchangeParts = Invoke-ExwizSections -Sections $table.sections -Channel 'exchange' -Context $exchangeContext
        }
    }

    $context = @{
        Options          = $Options
        Registry         = $registry
        IsEdge           = $isEdge
        Roles            = $roles
        InstallPath      = (ConvertTo-ExwizString (Get-ExwizRegistryValue $registry 'exchangeSetup' 'MsiInstallPath'))
        WindowsDirectory = $windows
        Days             = $days
        SystemDrive      = $null
        Errors           = $errors
    }
    $parts = Invoke-ExwizSections -Sections $table.sections -Channel 'server' -Context $context
    return @{
        marker        = 'exwiz-server-collection'
        version       = 1
        isEdge        = $isEdge
        parts         = $parts
        exchangeParts = $exchangeParts
        sectionErrors = $errors.ToArray()
    }
}
