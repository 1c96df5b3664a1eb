# Part of the fake Exchange server (ExwizLab.psm1), dot-sourced into its module scope.
# Files (ExSetup, applicationHost.config, EEMS logs), event log and the OCS web request.
# Function definitions only. Valid on Windows PowerShell 5.1 and PowerShell 7.

# ---------------------------------------------------------- file system ----

function Get-LabInstallPath {
    $store = Get-LabRegistry
    $setup = $store[(ConvertTo-LabRegistryKey (Get-LabRegistryPath 'exchangeSetup'))]
    if ($null -ne $setup -and $setup.Values.Contains('MsiInstallPath')) { return [string]$setup.Values['MsiInstallPath'] }
    return $script:DefaultInstallPath
}

function Resolve-LabFile {
    # Maps the Windows paths the probes read to files in the lab folder.
    # Returns @{ Kind = 'file'|'directory'|'exsetup'|'virtual-directory'; Path }, or $null for unmapped paths.
    param([string]$Path)
    $install = (Get-LabInstallPath).TrimEnd('\')
    $normal = $Path.TrimEnd('\')
    if ([string]::Equals($normal, $install + '\bin\ExSetup.exe', [System.StringComparison]::OrdinalIgnoreCase)) {
        return @{ Kind = 'exsetup'; Path = $normal }
    }
    $logs = $install + '\Logging\MitigationService'
    if ([string]::Equals($normal, $logs, [System.StringComparison]::OrdinalIgnoreCase)) {
        $folder = [System.IO.Path]::Combine($script:Root, 'Exchange', 'Logging', 'MitigationService')
        if ([System.IO.Directory]::Exists($folder)) { return @{ Kind = 'directory'; Path = $folder } }
        return @{ Kind = 'virtual-directory'; Path = $normal }
    }
    if ($normal -match '(?i)\\System32\\inetsrv\\config\\applicationHost\.config$') {
        $file = Resolve-LabCapture -Slot 'Exchange/IIS/applicationHost.config'
        if ($null -ne $file) { return @{ Kind = 'file'; Path = $file } }
        return @{ Kind = 'missing'; Path = $normal }
    }
    if ([string]::Equals($normal, 'C:\ExchangeSetupLogs\ExchangeSetup.log', [System.StringComparison]::OrdinalIgnoreCase)) {
        # Setup's own log: the server folder's ExchangeSetupLogs/ExchangeSetup.log (a variant picks another).
        $file = Resolve-LabCapture -Slot 'ExchangeSetupLogs/ExchangeSetup.log'
        if ($null -ne $file) { return @{ Kind = 'file'; Path = $file } }
        return @{ Kind = 'missing'; Path = $normal }
    }
    if ($normal -match '(?i)\\Installer\\[^\\]+\.(msi|msp)$') {
        # Windows Installer's cache: every package the registry records is there, unless lab.json "missingInstallerFiles" lists it.
        foreach ($missing in @(Get-LabSetting 'missingInstallerFiles' @())) {
            if ([string]::Equals([string]$missing, $normal, [System.StringComparison]::OrdinalIgnoreCase)) { return @{ Kind = 'missing'; Path = $normal } }
        }
        return @{ Kind = 'installer-package'; Path = $normal }
    }
    if ($normal.StartsWith($logs + '\', [System.StringComparison]::OrdinalIgnoreCase) -and ($normal -match '(?i)\\exwiz-lab-eems\.log$')) {
        return @{ Kind = 'virtual-log'; Path = $normal }
    }
    return $null
}

function Get-LabTargetPath {
    # The path a file or registry command was given: -LiteralPath, else -Path.
    # A loop, not a pipeline: these commands run dozens of times per probe.
    param([string[]]$LiteralPath, [string[]]$Path)
    foreach ($candidate in @($LiteralPath) + @($Path)) {
        if ($candidate) { return $candidate }
    }
    return $null
}

function Get-LabVirtualLog {
    $lines = Get-LabSetting 'eemsLog'
    if ($null -eq $lines) { return $null }
    return , @($lines | ForEach-Object { [string]$_ })
}

function Get-ItemProperty {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]]$Path, [string[]]$LiteralPath, [Parameter(Position = 1)][string[]]$Name)
    Wait-LabLatency
    $target = Get-LabTargetPath -LiteralPath $LiteralPath -Path $Path
    if (-not (Test-LabRegistryPath $target)) {
        return Microsoft.PowerShell.Management\Get-ItemProperty @PSBoundParameters
    }
    $id = ConvertTo-LabRegistryKey $target
    $store = Get-LabRegistry
    if (-not (Test-LabRegistryKey $target)) { $PSCmdlet.ThrowTerminatingError((New-LabPathNotFound -Path $target)) }
    $values = $null
    if ($store.ContainsKey($id)) { $values = $store[$id].Values }
    if ($Name) {
        $picked = [ordered]@{}
        foreach ($n in $Name) {
            if ($null -eq $values -or -not $values.Contains($n)) {
                $PSCmdlet.ThrowTerminatingError((New-LabError -Message "Property $n does not exist at path $($target -replace '^HKLM:\\', 'HKEY_LOCAL_MACHINE\')." -ErrorId 'System.Management.Automation.PSArgumentException' -Category InvalidArgument -Target $n))
            }
            $picked[$n] = $values[$n]
        }
        $values = $picked
    }
    return New-LabRegistryItem -Path $target -Values $values
}

function Get-ChildItem {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]]$Path, [string[]]$LiteralPath, [string]$Filter, [switch]$File, [switch]$Recurse, [switch]$Force)
    Wait-LabLatency
    $target = Get-LabTargetPath -LiteralPath $LiteralPath -Path $Path
    if (Test-LabRegistryPath $target) {
        if (-not (Test-LabRegistryKey $target)) { $PSCmdlet.ThrowTerminatingError((New-LabPathNotFound -Path $target)) }
        $children = Get-LabRegistryChildren -Path $target
        foreach ($child in ($children.Keys | Sort-Object)) { New-LabRegistryItem -Path $children[$child] -Values $null }
        return
    }
    $mapped = Resolve-LabFile -Path $target
    if ($null -eq $mapped) { return Microsoft.PowerShell.Management\Get-ChildItem @PSBoundParameters }
    switch ($mapped.Kind) {
        'directory' {
            $arguments = @{ LiteralPath = $mapped.Path; File = $true }
            if ($Filter) { $arguments['Filter'] = $Filter }
            return Microsoft.PowerShell.Management\Get-ChildItem @arguments
        }
        'virtual-directory' {
            # Documented default: the log folder exists; lab.json "eemsLog" lines form one file.
            if ($null -ne (Get-LabVirtualLog)) {
                return [pscustomobject]@{ Name = 'exwiz-lab-eems.log'; FullName = $mapped.Path + '\exwiz-lab-eems.log'; LastWriteTime = [DateTime]::Now; Length = 0 }
            }
            return
        }
    }
    $PSCmdlet.ThrowTerminatingError((New-LabPathNotFound -Path $target))
}

function Test-Path {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]]$Path, [string[]]$LiteralPath, [string]$PathType)
    Wait-LabLatency
    $target = Get-LabTargetPath -LiteralPath $LiteralPath -Path $Path
    if (Test-LabRegistryPath $target) { return Test-LabRegistryKey $target }
    $mapped = Resolve-LabFile -Path $target
    if ($null -eq $mapped) { return Microsoft.PowerShell.Management\Test-Path @PSBoundParameters }
    return $mapped.Kind -ne 'missing'
}

function Get-Item {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]]$Path, [string[]]$LiteralPath)
    Wait-LabLatency
    $target = Get-LabTargetPath -LiteralPath $LiteralPath -Path $Path
    $mapped = Resolve-LabFile -Path $target
    if ($null -ne $mapped -and $mapped.Kind -eq 'exsetup') {
        $info = Import-LabCapture -Slot 'Exchange/ExSetup.xml'
        if ($null -eq $info) { $PSCmdlet.ThrowTerminatingError((New-LabPathNotFound -Path $target)) }
        return [pscustomobject]@{ FullName = $target; Name = 'ExSetup.exe'; VersionInfo = $info[0]; LastWriteTime = [DateTime]::Now }
    }
    if ($null -ne $mapped -and $mapped.Kind -eq 'file') { return Microsoft.PowerShell.Management\Get-Item -LiteralPath $mapped.Path }
    if ($null -ne $mapped) { $PSCmdlet.ThrowTerminatingError((New-LabPathNotFound -Path $target)) }
    return Microsoft.PowerShell.Management\Get-Item @PSBoundParameters
}

function Get-Content {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]]$Path, [string[]]$LiteralPath, [switch]$Raw, [int]$ReadCount = 1, [int]$TotalCount = -1, [string]$Encoding)
    Wait-LabLatency
    $target = Get-LabTargetPath -LiteralPath $LiteralPath -Path $Path
    $mapped = Resolve-LabFile -Path $target
    if ($null -eq $mapped) { return Microsoft.PowerShell.Management\Get-Content @PSBoundParameters }
    switch ($mapped.Kind) {
        'file' {
            if ($Raw) { return [System.IO.File]::ReadAllText($mapped.Path) }
            return [System.IO.File]::ReadAllLines($mapped.Path)
        }
        'virtual-log' { return (Get-LabVirtualLog) }
    }
    $PSCmdlet.ThrowTerminatingError((New-LabPathNotFound -Path $target))
}

# ---------------------------------------------------------------- events ----

function Get-LabEvents {
    # Emits the events one by one (callers pipe them).
    $capture = Import-LabCapture -Slot 'OS/GetWinEventMitigation.xml'
    if ($null -ne $capture) { return $capture }
    $now = Get-LabNow
    $events = New-Object System.Collections.ArrayList
    foreach ($e in @(Get-LabSetting 'events' @())) {
        if ($null -eq $e) { continue }
        $time = $null
        if ($e.ContainsKey('timeCreated')) {
            $time = [DateTime]::Parse([string]$e['timeCreated'], [System.Globalization.CultureInfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::AdjustToUniversal)
        } else {
            $time = $now.AddDays( - [double]$e['daysAgo'])
        }
        $provider = $script:MitigationProvider
        if ($e.ContainsKey('providerName')) { $provider = [string]$e['providerName'] }
        $log = 'Application'
        if ($e.ContainsKey('logName')) { $log = [string]$e['logName'] }
        [void]$events.Add([pscustomobject]@{
                Id               = [int]$e['id']
                ProviderName     = $provider
                LogName          = $log
                TimeCreated      = $time.ToLocalTime()
                LevelDisplayName = 'Error'
                Message          = [string]$e['message']
            })
    }
    return $events.ToArray()
}

function Get-WinEvent {
    [CmdletBinding()]
    param([hashtable]$FilterHashtable, [int]$MaxEvents = 0, [string[]]$LogName, [switch]$Oldest)
    Wait-LabLatency
    $filter = $FilterHashtable
    if ($null -eq $filter) { $filter = @{} }
    $matched = @(Get-LabEvents | Where-Object {
            $ok = $true
            if ($filter.ContainsKey('LogName') -and [string]$_.LogName -ne [string]$filter['LogName']) { $ok = $false }
            if ($filter.ContainsKey('ProviderName') -and [string]$_.ProviderName -ne [string]$filter['ProviderName']) { $ok = $false }
            if ($filter.ContainsKey('Id') -and (@($filter['Id']) -notcontains [int]$_.Id)) { $ok = $false }
            if ($filter.ContainsKey('StartTime') -and ([DateTime]$_.TimeCreated).ToUniversalTime() -lt ([DateTime]$filter['StartTime']).ToUniversalTime()) { $ok = $false }
            $ok
        } | Sort-Object -Property @{ Expression = { ([DateTime]$_.TimeCreated).ToUniversalTime() } } -Descending)
    if ($matched.Count -eq 0) {
        $exception = New-Object System.Exception 'No events were found that match the specified selection criteria.'
        $PSCmdlet.ThrowTerminatingError((New-LabError -Message $exception.Message -ErrorId 'NoMatchingEventsFound' -Category ObjectNotFound -Target $null -Exception $exception))
    }
    if ($MaxEvents -gt 0) { $matched = @($matched | Select-Object -First $MaxEvents) }
    return $matched
}

# --------------------------------------------------------------- network ----

function Invoke-WebRequest {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)][Uri]$Uri,
        [string]$Method = 'Get',
        [switch]$UseBasicParsing,
        [int]$TimeoutSec,
        [Uri]$Proxy,
        [switch]$ProxyUseDefaultCredentials,
        [switch]$UseDefaultCredentials
    )
    Wait-LabLatency
    $ocs = Get-LabSetting 'ocs' @{}
    $expected = [string]$ocs['expectProxy']
    if ($expected -and (($null -eq $Proxy) -or ([string]$Proxy).TrimEnd('/') -ne $expected.TrimEnd('/'))) {
        # This server reaches the internet only through its proxy.
        $exception = New-Object System.Net.WebException 'Unable to connect to the remote server'
        $PSCmdlet.ThrowTerminatingError((New-LabError -Message $exception.Message -ErrorId 'WebCmdletWebResponseException' -Category InvalidOperation -Target $Uri -Exception $exception))
    }
    if ($ocs.ContainsKey('error') -and $ocs['error']) {
        $inner = $null
        if ($ocs['inner']) { $inner = New-Object System.Security.Authentication.AuthenticationException ([string]$ocs['inner']) }
        $exception = New-Object System.Net.WebException ([string]$ocs['error']), $inner
        $PSCmdlet.ThrowTerminatingError((New-LabError -Message $exception.Message -ErrorId 'WebCmdletWebResponseException' -Category InvalidOperation -Target $Uri -Exception $exception))
    }
    if ([string]$Uri -match '(?i)GetExchangeMitigations') {
        $capture = Import-LabCapture -Slot 'Exchange/WebRequest_getexchangemitigations.xml'
        if ($null -ne $capture) { return $capture[0] }
    }
    if ($ocs.ContainsKey('statusCode') -and $null -ne $ocs['statusCode']) {
        return [pscustomobject]@{ StatusCode = [int]$ocs['statusCode']; StatusDescription = 'OK'; Content = '<EOCS version="1.0.4" />' }
    }
    $offline = New-Object System.Net.WebException 'Unable to connect to the remote server'
    $PSCmdlet.ThrowTerminatingError((New-LabError -Message $offline.Message -ErrorId 'WebCmdletWebResponseException' -Category InvalidOperation -Target $Uri -Exception $offline))
}
