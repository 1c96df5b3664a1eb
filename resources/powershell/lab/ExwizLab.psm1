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
#    friends below (see docs/ARCHITECTURE.md, "Probes and the lab");
#  - the configuration given at import (from the engine or a test) is merged
#    over lab.json: "variants" picks ExSetup1.xml instead of ExSetup.xml,
#    "captures" points a slot at another file (or at null: missing),
#    "simulate" makes the connection fail like a real server would
#    (timeout, access denied, WinRM unreachable, EMS missing, malformed output),
#    "latencyMs" delays every command (benchmarks).
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
Set-StrictMode -Off

# ---------------------------------------------------------------- state ----

$script:Root = [System.IO.Path]::GetFullPath($LabDirectory)
if (-not [System.IO.Directory]::Exists($script:Root)) {
    throw "The lab folder '$LabDirectory' does not exist."
}
$script:CaptureCache = @{}
$script:Registry = $null
$script:DefaultInstallPath = 'C:\Program Files\Microsoft\Exchange Server\V15\'
$script:MitigationProvider = 'MSExchange Mitigation Service'

function ConvertTo-LabTable {
    # lab.json and engine parameters arrive as PSCustomObject (5.1 has no
    # -AsHashtable): turn them into hashtables, recursively.
    param($Value)
    if ($null -eq $Value) { return $null }
    if ($Value -is [System.Collections.IDictionary]) {
        $table = @{}
        foreach ($key in $Value.Keys) { $table[[string]$key] = ConvertTo-LabTable $Value[$key] }
        return $table
    }
    if ($Value -is [System.Management.Automation.PSCustomObject]) {
        $table = @{}
        foreach ($p in $Value.PSObject.Properties) { $table[$p.Name] = ConvertTo-LabTable $p.Value }
        return $table
    }
    if (($Value -is [System.Collections.IEnumerable]) -and -not ($Value -is [string])) {
        $list = New-Object System.Collections.ArrayList
        foreach ($item in $Value) { [void]$list.Add((ConvertTo-LabTable $item)) }
        return , $list.ToArray()
    }
    return $Value
}

function Merge-LabConfiguration {
    param([hashtable]$Base, [hashtable]$Override)
    $merged = @{}
    foreach ($key in $Base.Keys) { $merged[$key] = $Base[$key] }
    foreach ($key in $Override.Keys) {
        $over = $Override[$key]
        if (($over -is [hashtable]) -and ($merged[$key] -is [hashtable]) -and ($key -ne 'simulate') -and ($key -ne 'ocs')) {
            $merged[$key] = Merge-LabConfiguration -Base $merged[$key] -Override $over
        } else {
            $merged[$key] = $over
        }
    }
    return $merged
}

function Read-LabConfiguration {
    $file = [System.IO.Path]::Combine($script:Root, 'lab.json')
    $fromFile = @{}
    if ([System.IO.File]::Exists($file)) {
        try {
            $fromFile = ConvertTo-LabTable (ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText($file)))
        } catch {
            throw "lab.json in '$($script:Root)' is not valid JSON: $($_.Exception.Message)"
        }
    }
    $given = ConvertTo-LabTable $Configuration
    if ($null -eq $given) { $given = @{} }
    return Merge-LabConfiguration -Base $fromFile -Override $given
}

$script:Config = Read-LabConfiguration
function Get-LabSetting {
    param([string]$Name, $Default = $null)
    if ($script:Config.ContainsKey($Name)) { return $script:Config[$Name] }
    return $Default
}

function Test-LabServerFolder {
    param([string]$Path)
    foreach ($marker in @('Exchange', 'OS')) {
        if ([System.IO.Directory]::Exists([System.IO.Path]::Combine($Path, $marker))) { return $true }
    }
    return [System.IO.File]::Exists([System.IO.Path]::Combine($Path, 'lab.json'))
}

$script:IsOrganisation = -not (Test-LabServerFolder -Path $script:Root)

# ------------------------------------------------------------- captures ----

function Resolve-LabCapture {
    # Slot: a path inside a server folder, e.g. "Exchange/ExSetup.xml".
    param([string]$Slot, [string]$Folder = $script:Root)
    $captures = Get-LabSetting 'captures' @{}
    if ($captures.ContainsKey($Slot)) {
        $target = $captures[$Slot]
        if ($null -eq $target -or [string]$target -eq '') { return $null }
        $path = [string]$target
        if (-not [System.IO.Path]::IsPathRooted($path)) { $path = [System.IO.Path]::Combine($Folder, $path) }
    } else {
        $relative = $Slot
        $variants = Get-LabSetting 'variants' @{}
        $leaf = [System.IO.Path]::GetFileNameWithoutExtension($Slot)
        if ($variants.ContainsKey($leaf) -and $null -ne $variants[$leaf]) {
            $directory = [System.IO.Path]::GetDirectoryName($Slot)
            $file = $leaf + [string]$variants[$leaf] + [System.IO.Path]::GetExtension($Slot)
            if ($directory) { $relative = $directory + '/' + $file } else { $relative = $file }
        }
        $path = [System.IO.Path]::Combine($Folder, $relative)
    }
    if ([System.IO.File]::Exists($path)) { return [System.IO.Path]::GetFullPath($path) }
    return $null
}

function Import-LabCapture {
    param([string]$Slot, [string]$Folder = $script:Root)
    $path = Resolve-LabCapture -Slot $Slot -Folder $Folder
    if ($null -eq $path) { return $null }
    if (-not $script:CaptureCache.ContainsKey($path)) {
        $script:CaptureCache[$path] = @(Microsoft.PowerShell.Utility\Import-Clixml -LiteralPath $path)
    }
    return , $script:CaptureCache[$path]
}

function New-LabError {
    param([string]$Message, [string]$ErrorId, [System.Management.Automation.ErrorCategory]$Category, $Target, [System.Exception]$Exception)
    if ($null -eq $Exception) { $Exception = New-Object System.InvalidOperationException $Message }
    return New-Object System.Management.Automation.ErrorRecord $Exception, $ErrorId, $Category, $Target
}

function Get-RequiredCapture {
    # A command whose capture is missing fails, as it would on a broken server.
    param([string]$Slot, [string]$Command, $Cmdlet)
    $data = Import-LabCapture -Slot $Slot
    if ($null -eq $data) {
        $record = New-LabError -Message "$Command failed: the lab has no capture '$Slot' in '$($script:Root)'." -ErrorId 'ExwizLabCaptureMissing' -Category ObjectNotFound -Target $Slot
        $Cmdlet.ThrowTerminatingError($record)
    }
    return , $data
}

function Wait-LabLatency {
    $latency = [int](Get-LabSetting 'latencyMs' 0)
    if ($latency -gt 0) { Start-Sleep -Milliseconds $latency }
}

function Get-LabNow { return [DateTime]::UtcNow }

# ------------------------------------------------------------- remoting ----

function Get-LabFailure { return [string](Get-LabSetting 'simulate' @{})['failure'] }

function New-LabTransportError {
    param([string]$Computer, [string]$Text, [int]$Code)
    $message = "Connecting to remote server $Computer failed with the following error message : $Text For more information, see the about_Remote_Troubleshooting Help topic."
    $exception = New-Object System.Management.Automation.Remoting.PSRemotingTransportException $message
    $exception.ErrorCode = $Code
    return New-LabError -Message $message -ErrorId 'PSSessionOpenFailed' -Category OpenError -Target $Computer -Exception $exception
}

function Get-LabConnectionError {
    # The error a real client gets for the simulated failure, or $null.
    param([string]$Computer, [bool]$ExchangeEndpoint)
    switch (Get-LabFailure) {
        'access-denied' { return New-LabTransportError -Computer $Computer -Code 5 -Text 'Access is denied.' }
        'winrm-unreachable' {
            return New-LabTransportError -Computer $Computer -Code -2144108250 -Text 'WinRM cannot complete the operation. Verify that the specified computer name is valid, that the computer is accessible over the network, and that a firewall exception for the WinRM service is enabled and allows access from this computer. By default, the WinRM firewall exception for public profiles limits access to remote computers within the same local subnet.'
        }
        'name-not-resolved' {
            return New-LabTransportError -Computer $Computer -Code -2144108103 -Text 'The WinRM client cannot process the request because the server name cannot be resolved.'
        }
        'ems-missing' {
            if ($ExchangeEndpoint) {
                return New-LabTransportError -Computer $Computer -Code -2144108125 -Text 'The WinRM client sent a request to an HTTP server and got a response saying the requested HTTP URL was not available. This is usually returned by a HTTP server that does not support the WS-Management protocol.'
            }
        }
    }
    return $null
}

function New-PSSessionOption {
    [CmdletBinding()]
    param([int]$OpenTimeout, [int]$OperationTimeout, [int]$IdleTimeout, [switch]$SkipCACheck, [switch]$SkipCNCheck)
    return [pscustomobject]@{ OpenTimeout = $OpenTimeout; OperationTimeout = $OperationTimeout }
}

function New-PSSession {
    [CmdletBinding()]
    param(
        [string[]]$ComputerName,
        [string]$ConfigurationName,
        [Uri[]]$ConnectionUri,
        [string]$Authentication,
        $SessionOption,
        [switch]$AllowRedirection
    )
    Wait-LabLatency
    $target = [string]$ComputerName
    if ($ConnectionUri) { $target = $ConnectionUri[0].Host }
    $failure = Get-LabConnectionError -Computer $target -ExchangeEndpoint ($ConfigurationName -eq 'Microsoft.Exchange')
    if ($null -ne $failure) { $PSCmdlet.ThrowTerminatingError($failure) }
    return [pscustomobject]@{ PSTypeName = 'ExwizLab.Session'; ComputerName = $target; ConfigurationName = $ConfigurationName; State = 'Opened' }
}

function Import-PSSession {
    # The fake's Exchange functions are already loaded: nothing to import.
    [CmdletBinding()]
    param($Session, [string[]]$CommandName, [switch]$AllowClobber, [switch]$DisableNameChecking)
    Wait-LabLatency
    return [pscustomobject]@{ PSTypeName = 'ExwizLab.ImportedSession'; Session = $Session }
}

function Remove-PSSession {
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline = $true)]$Session)
    process { }
}

function Invoke-Command {
    # Runs the script block here, in the lab, with the fake commands in scope.
    [CmdletBinding()]
    param(
        [string[]]$ComputerName,
        $Session,
        [scriptblock]$ScriptBlock,
        [object[]]$ArgumentList = @(),
        $SessionOption,
        [string]$Authentication
    )
    Wait-LabLatency
    $target = [string]$ComputerName
    $failure = Get-LabConnectionError -Computer $target -ExchangeEndpoint $false
    if ($null -ne $failure) { $PSCmdlet.ThrowTerminatingError($failure) }
    $simulate = Get-LabSetting 'simulate' @{}
    switch (Get-LabFailure) {
        'timeout' {
            $seconds = 3600
            if ($simulate.ContainsKey('delaySeconds')) { $seconds = [int]$simulate['delaySeconds'] }
            Start-Sleep -Seconds $seconds
        }
        'malformed-output' {
            # What a logon banner or a profile script writing to the pipeline looks like.
            return 'Welcome to the server. Unauthorised access is prohibited.'
        }
    }
    return & $ScriptBlock @ArgumentList
}

function Add-PSSnapin {
    # Edge servers load the Exchange snap-in locally; the lab has its commands already.
    [CmdletBinding()]
    param([string[]]$Name)
}

# ----------------------------------------------------- Exchange commands ----

function Get-LabServerFolders {
    if (-not $script:IsOrganisation) { return , @($script:Root) }
    $folders = New-Object System.Collections.ArrayList
    foreach ($dir in [System.IO.Directory]::GetDirectories($script:Root)) {
        if (Test-LabServerFolder -Path $dir) { [void]$folders.Add($dir) }
    }
    $sorted = @($folders | Sort-Object)
    return , $sorted
}

function Test-LabIdentity {
    param($Server, [string]$Identity)
    if ([string]::IsNullOrEmpty($Identity)) { return $true }
    foreach ($candidate in @($Server.Name, $Server.Fqdn, $Server.Identity)) {
        if ($null -ne $candidate -and [string]::Equals([string]$candidate, $Identity, [System.StringComparison]::OrdinalIgnoreCase)) { return $true }
    }
    return $false
}

function Get-ExchangeServer {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$Identity, [switch]$Status)
    Wait-LabLatency
    $found = New-Object System.Collections.ArrayList
    foreach ($folder in (Get-LabServerFolders)) {
        $servers = Import-LabCapture -Slot 'Exchange/GetExchangeServer.xml' -Folder $folder
        foreach ($server in $servers) {
            if ($null -ne $server -and (Test-LabIdentity -Server $server -Identity $Identity)) {
                if ($script:IsOrganisation) {
                    # Tell discovery which folder holds this server's captures.
                    $server | Add-Member -NotePropertyName ExwizLabFolder -NotePropertyValue $folder -Force
                }
                [void]$found.Add($server)
            }
        }
    }
    if ($found.Count -eq 0) {
        $message = "The operation couldn't be performed because object '$Identity' couldn't be found on '$($script:Root)'."
        if ([string]::IsNullOrEmpty($Identity)) { $message = "Get-ExchangeServer failed: the lab has no capture 'Exchange/GetExchangeServer.xml' in '$($script:Root)'." }
        $PSCmdlet.ThrowTerminatingError((New-LabError -Message $message -ErrorId 'ExwizLabObjectNotFound' -Category ObjectNotFound -Target $Identity))
    }
    return $found.ToArray()
}

function Get-OrganizationConfig {
    [CmdletBinding()]
    param()
    Wait-LabLatency
    return (Get-RequiredCapture -Slot 'Exchange/GetOrganizationConfig.xml' -Command 'Get-OrganizationConfig' -Cmdlet $PSCmdlet)[0]
}

function Get-ExchangeCertificate {
    [CmdletBinding()]
    param([string]$Server, [string]$Thumbprint)
    Wait-LabLatency
    $all = Get-RequiredCapture -Slot 'Exchange/GetExchangeCertificate.xml' -Command 'Get-ExchangeCertificate' -Cmdlet $PSCmdlet
    if ($Thumbprint) { return @($all | Where-Object { [string]$_.Thumbprint -eq $Thumbprint }) }
    return $all
}

function Get-LocalGroupMember {
    # Local group members as Health Checker captured them (GetLocalGroupMember.xml;
    # the "2" variant lacks Exchange Trusted Subsystem).
    [CmdletBinding()]
    param([string]$SID, [string]$Name, $Group)
    Wait-LabLatency
    # One object per member down the pipeline, as the real cmdlet writes them.
    foreach ($member in @(Get-RequiredCapture -Slot 'Exchange/GetLocalGroupMember.xml' -Command 'Get-LocalGroupMember' -Cmdlet $PSCmdlet)) { $member }
}

function Get-AuthConfig {
    [CmdletBinding()]
    param()
    Wait-LabLatency
    return (Get-RequiredCapture -Slot 'Exchange/GetAuthConfig.xml' -Command 'Get-AuthConfig' -Cmdlet $PSCmdlet)[0]
}

function Get-ServerComponentState {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$Identity)
    Wait-LabLatency
    $states = Get-RequiredCapture -Slot 'Exchange/GetServerComponentState.xml' -Command 'Get-ServerComponentState' -Cmdlet $PSCmdlet
    return $states
}

function Get-MailboxServer {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$Identity)
    Wait-LabLatency
    return (Get-RequiredCapture -Slot 'Exchange/GetMailboxServer.xml' -Command 'Get-MailboxServer' -Cmdlet $PSCmdlet)[0]
}

function Get-ClusterNode {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$Name)
    Wait-LabLatency
    $capture = Import-LabCapture -Slot 'Exchange/GetClusterNode.xml'
    if ($null -ne $capture) { return $capture[0] }
    $state = Get-LabSetting 'clusterNodeState'
    if ($null -eq $state) {
        $PSCmdlet.ThrowTerminatingError((New-LabError -Message "Get-ClusterNode failed: the lab has no cluster node state for '$Name'." -ErrorId 'ExwizLabCaptureMissing' -Category ObjectNotFound -Target $Name))
    }
    return [pscustomobject]@{ Name = $Name; State = [string]$state }
}

# ------------------------------------------------------------- services ----

function Get-Service {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]]$Name)
    Wait-LabLatency
    $services = New-Object System.Collections.ArrayList
    $all = Import-LabCapture -Slot 'OS/GetService.xml'
    $mitigation = Import-LabCapture -Slot 'Exchange/GetServiceMitigation.xml'
    if ($null -eq $all -and $null -eq $mitigation) {
        $PSCmdlet.ThrowTerminatingError((New-LabError -Message "Get-Service failed: the lab has no capture 'OS/GetService.xml' in '$($script:Root)'." -ErrorId 'ExwizLabCaptureMissing' -Category ObjectNotFound -Target 'OS/GetService.xml'))
    }
    if ($null -ne $all) {
        foreach ($service in $all) {
            # The dedicated capture of the mitigation service wins (cases/ variants).
            if ($null -ne $mitigation -and [string]$service.Name -eq 'MSExchangeMitigation') { continue }
            [void]$services.Add($service)
        }
    }
    if ($null -ne $mitigation) { foreach ($service in $mitigation) { [void]$services.Add($service) } }
    if ($Name) {
        $wanted = @($services | Where-Object { $Name -contains [string]$_.Name })
        foreach ($n in $Name) {
            if (-not ($wanted | Where-Object { [string]$_.Name -eq $n })) {
                Write-Error -Message "Cannot find any service with service name '$n'." -Category ObjectNotFound -ErrorId 'NoServiceFoundForGivenName' -TargetObject $n
            }
        }
        return $wanted
    }
    return $services.ToArray()
}

# ------------------------------------------------------------------ CIM ----

function Get-LabDefaultDisks {
    # Documented default: one 127 GB system drive with 64 GB free.
    return , @(
        [pscustomobject]@{ DeviceID = 'C:'; DriveType = 3; Size = [long]136365211648; FreeSpace = [long]68719476736; VolumeName = 'System' }
    )
}

function Get-CimInstance {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)][string]$ClassName,
        [string]$Namespace = 'root\cimv2',
        [string]$Filter,
        [string]$ComputerName
    )
    Wait-LabLatency
    switch ($ClassName) {
        'Win32_OperatingSystem' {
            return (Get-RequiredCapture -Slot 'OS/Win32_OperatingSystem.xml' -Command 'Get-CimInstance Win32_OperatingSystem' -Cmdlet $PSCmdlet)[0]
        }
        'Win32_LogicalDisk' {
            $disks = Import-LabCapture -Slot 'OS/Win32_LogicalDisk.xml'
            if ($null -eq $disks) {
                $configured = Get-LabSetting 'disks'
                if ($null -ne $configured) {
                    $disks = @(foreach ($d in $configured) {
                            [pscustomobject]@{
                                DeviceID   = [string]$d['drive']
                                DriveType  = 3
                                Size       = [long]([double]$d['sizeGB'] * 1GB)
                                FreeSpace  = [long]([double]$d['freeGB'] * 1GB)
                                VolumeName = [string]$d['label']
                            }
                        })
                } else {
                    $disks = Get-LabDefaultDisks
                }
            }
            if ($Filter -match 'DriveType\s*=\s*3') { return @($disks | Where-Object { [int]$_.DriveType -eq 3 }) }
            return $disks
        }
    }
    $PSCmdlet.ThrowTerminatingError((New-LabError -Message "Invalid class '$ClassName' (the lab answers Win32_OperatingSystem and Win32_LogicalDisk)." -ErrorId 'HRESULT 0x80041010' -Category MetadataError -Target $ClassName))
}

function Invoke-CimMethod {
    # Only the Configuration Manager reboot query is answered (from the reboot capture).
    [CmdletBinding()]
    param([string]$Namespace, [string]$ClassName, [string]$MethodName, $Arguments, [string]$ComputerName)
    Wait-LabLatency
    $reboot = Import-LabCapture -Slot 'OS/GetServerRebootPending.xml'
    $ccm = Get-LabSetting 'ccmRebootPending'
    if ($null -eq $ccm -and $null -ne $reboot) { $ccm = [bool]$reboot[0].CcmRebootPending }
    if ($ClassName -eq 'CCM_ClientUtilities' -and $MethodName -eq 'DetermineIfRebootPending' -and $ccm -eq $true) {
        return [pscustomobject]@{ RebootPending = $true; IsHardRebootPending = $false; ReturnValue = 0 }
    }
    # No Configuration Manager client on this server: its namespace does not exist.
    $PSCmdlet.ThrowTerminatingError((New-LabError -Message 'Invalid namespace' -ErrorId 'HRESULT 0x8004100e' -Category MetadataError -Target $Namespace))
}

# ------------------------------------------------------------- registry ----

function ConvertTo-LabRegistryKey {
    param([string]$Path)
    $p = $Path -replace '^Registry::HKEY_LOCAL_MACHINE\\', 'HKLM:\' -replace '^HKEY_LOCAL_MACHINE\\', 'HKLM:\'
    return $p.TrimEnd('\').ToLowerInvariant()
}

function Test-LabRegistryPath {
    param([string]$Path)
    return $Path -match '^(HKLM:\\|Registry::HKEY_LOCAL_MACHINE\\|HKEY_LOCAL_MACHINE\\)'
}

function Set-LabRegistryValue {
    param([hashtable]$Store, [string]$Key, [string]$Name, $Value)
    $id = ConvertTo-LabRegistryKey $Key
    if (-not $Store.ContainsKey($id)) { $Store[$id] = @{ Path = $Key.TrimEnd('\'); Values = [ordered]@{} } }
    if ($null -ne $Name -and $Name -ne '') { $Store[$id].Values[$Name] = $Value }
}

function ConvertFrom-LabJsonValue {
    # lab.json writes REG_BINARY as { "binary": "<base64>" } and REG_MULTI_SZ as a list.
    param($Value)
    if ($Value -is [hashtable] -and $Value.ContainsKey('binary')) { return [System.Convert]::FromBase64String([string]$Value['binary']) }
    if ($Value -is [System.Array]) { return [string[]]@($Value | ForEach-Object { [string]$_ }) }
    if ($Value -is [long] -and $Value -ge [int]::MinValue -and $Value -le [int]::MaxValue) { return [int]$Value }
    return $Value
}

function New-LabWinHttpSettings {
    # The WinHttpSettings REG_BINARY layout Windows writes and the probe parses.
    param([string]$Proxy, [string]$Bypass)
    $ascii = [System.Text.Encoding]::ASCII
    $proxyBytes = $ascii.GetBytes([string]$Proxy)
    $bypassBytes = $ascii.GetBytes([string]$Bypass)
    $flags = 1
    if ($proxyBytes.Length -gt 0) { $flags = 3 }
    $stream = New-Object System.IO.MemoryStream
    $writer = New-Object System.IO.BinaryWriter $stream
    $writer.Write([int]0x28); $writer.Write([int]0); $writer.Write([int]$flags)
    $writer.Write([int]$proxyBytes.Length); $writer.Write($proxyBytes)
    $writer.Write([int]$bypassBytes.Length); $writer.Write($bypassBytes)
    $writer.Flush()
    return , $stream.ToArray()
}

function Get-LabDefaultRegistry {
    # Documented defaults for values no capture holds.
    $store = @{}
    $install = $script:DefaultInstallPath
    $exSetup = Import-LabCapture -Slot 'Exchange/ExSetup.xml'
    if ($null -ne $exSetup -and $exSetup[0].FileName) {
        $install = ([string]$exSetup[0].FileName -replace '(?i)bin\\ExSetup\.exe$', '')
    }
    Set-LabRegistryValue $store 'HKLM:\SOFTWARE\Microsoft\ExchangeServer\v15\Setup' 'MsiInstallPath' $install
    # What Windows Server 2019 reports: .NET 4.8 is release 528049 there (528040 is
    # Windows 10's value, which Health Checker's mocks use), and a real UBR (17763.6893,
    # the February 2025 cumulative update). LmCompatibilityLevel is not set by default.
    Set-LabRegistryValue $store 'HKLM:\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full' 'Release' 528049
    Set-LabRegistryValue $store 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' 'UBR' 6893
    Set-LabRegistryValue $store 'HKLM:\SYSTEM\CurrentControlSet\Control\Lsa' $null $null
    Set-LabRegistryValue $store 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' 'InstallationType' 'Server'
    Set-LabRegistryValue $store 'HKLM:\SOFTWARE\Microsoft\UCMA\{902F4F35-D5DC-4363-8671-D5EF0D26C21D}' 'Version' '5.0.8308.0'
    Set-LabRegistryValue $store 'HKLM:\SOFTWARE\Microsoft\IIS Extensions\URL Rewrite' 'Version' '7.2.1993'
    Set-LabRegistryValue $store 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings\Connections' 'WinHttpSettings' (New-LabWinHttpSettings -Proxy '' -Bypass '')
    # Keys every Windows server has, even without values the probes read.
    Set-LabRegistryValue $store 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager' $null $null
    Set-LabRegistryValue $store 'HKLM:\SOFTWARE\Microsoft\Updates' $null $null
    return $store
}

function Add-LabCaptureRegistry {
    # Health Checker captured some registry reads as its own summary objects;
    # turn them back into the registry values they came from.
    param([hashtable]$Store)
    $os = Import-LabCapture -Slot 'OS/Win32_OperatingSystem.xml'
    if ($null -ne $os) {
        Set-LabRegistryValue $Store 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' 'CurrentBuild' ([string]$os[0].BuildNumber)
        Set-LabRegistryValue $Store 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' 'ProductName' (([string]$os[0].Caption) -replace '^Microsoft ', '')
    }
    foreach ($pair in @(@('OS/RemoteRegistryValueProductName.xml', 'ProductName'), @('OS/RemoteRegistryValueInstallationType.xml', 'InstallationType'))) {
        $value = Import-LabCapture -Slot $pair[0]
        if ($null -ne $value) { Set-LabRegistryValue $Store 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' $pair[1] ([string]$value[0]) }
    }

    $tls = Import-LabCapture -Slot 'OS/GetAllTlsSettings.xml'
    if ($null -ne $tls) {
        $registry = $tls[0].Registry
        foreach ($version in @($registry.TLS.Keys)) {
            $row = $registry.TLS[$version]
            foreach ($side in @('Server', 'Client')) {
                $key = "HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS $version\$side"
                foreach ($name in @('Enabled', 'DisabledByDefault')) {
                    $value = $row.($side + $name + 'Value')
                    if ($null -ne $value -and [string]$value -ne '') { Set-LabRegistryValue $Store $key $name ([int]$value) }
                }
            }
        }
        foreach ($net in @($registry.NET.Keys)) {
            $row = $registry.NET[$net]
            # Both registry views: the 64-bit key and the WOW6432Node one.
            foreach ($view in @(@('MicrosoftRegistryLocation', ''), @('WowRegistryLocation', 'Wow'))) {
                $location = [string]$row.($view[0])
                if (-not $location) { continue }
                $key = 'HKLM:\' + $location
                foreach ($name in @('SystemDefaultTlsVersions', 'SchUseStrongCrypto')) {
                    $value = $row.($view[1] + $name + 'Value')
                    if ($null -ne $value -and [string]$value -ne '') { Set-LabRegistryValue $Store $key $name ([int]$value) }
                }
            }
        }
    }

    $reboot = Import-LabCapture -Slot 'OS/GetServerRebootPending.xml'
    if ($null -ne $reboot) {
        $r = $reboot[0]
        if ([bool]$r.PendingFileRenameOperations) {
            Set-LabRegistryValue $Store 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager' 'PendingFileRenameOperations' ([string[]]@('\??\C:\Windows\Temp\exwiz-lab.tmp', ''))
        }
        if ([bool]$r.ComponentBasedServicingPendingReboot) {
            Set-LabRegistryValue $Store 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending' $null $null
        }
        if ([bool]$r.AutoUpdatePendingReboot) {
            Set-LabRegistryValue $Store 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired' $null $null
        }
        if ([bool]$r.UpdateExeVolatileValue) {
            Set-LabRegistryValue $Store 'HKLM:\SOFTWARE\Microsoft\Updates' 'UpdateExeVolatile' 1
        }
    }

    $vc = Import-LabCapture -Slot 'OS/GetVisualCRedistributableInstalledVersion.xml'
    if ($null -ne $vc) {
        $i = 0
        foreach ($package in $vc) {
            $i++
            $key = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\{EXWIZ-LAB-VCREDIST-' + $i + '}'
            Set-LabRegistryValue $Store $key 'DisplayName' ([string]$package.DisplayName)
            Set-LabRegistryValue $Store $key 'DisplayVersion' ([string]$package.DisplayVersion)
            Set-LabRegistryValue $Store $key 'VersionIdentifier' ([int]$package.VersionIdentifier)
        }
    }

    $proxy = Import-LabCapture -Slot 'OS/GetHttpProxySetting.xml'
    if ($null -ne $proxy) {
        $address = [string]$proxy[0].ProxyAddress
        if ($address -eq 'None') { $address = '' }
        Set-LabRegistryValue $Store 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings\Connections' 'WinHttpSettings' (New-LabWinHttpSettings -Proxy $address -Bypass ([string]$proxy[0].ByPassList))
    }
}

function Add-LabConfiguredRegistry {
    # lab.json "registry": { "<key>": { "<value>": data | null } | null }; null removes.
    # "winHttpProxy": "host:port" is a shorthand for the WinHttpSettings binary.
    param([hashtable]$Store)
    $winHttp = Get-LabSetting 'winHttpProxy'
    if ($null -ne $winHttp) {
        Set-LabRegistryValue $Store 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings\Connections' 'WinHttpSettings' (New-LabWinHttpSettings -Proxy ([string]$winHttp) -Bypass '<local>')
    }
    $configured = Get-LabSetting 'registry' @{}
    foreach ($key in $configured.Keys) {
        $id = ConvertTo-LabRegistryKey $key
        $values = $configured[$key]
        if ($null -eq $values) {
            foreach ($existing in @($Store.Keys)) {
                if ($existing -eq $id -or $existing.StartsWith($id + '\')) { $Store.Remove($existing) }
            }
            continue
        }
        Set-LabRegistryValue $Store $key $null $null
        foreach ($name in $values.Keys) {
            if ($null -eq $values[$name]) { $Store[$id].Values.Remove($name) }
            else { $Store[$id].Values[$name] = ConvertFrom-LabJsonValue $values[$name] }
        }
    }
}

function Get-LabRegistry {
    if ($null -eq $script:Registry) {
        $store = Get-LabDefaultRegistry
        Add-LabCaptureRegistry -Store $store
        Add-LabConfiguredRegistry -Store $store
        $script:Registry = $store
    }
    return $script:Registry
}

function Test-LabRegistryKey {
    param([string]$Path)
    $id = ConvertTo-LabRegistryKey $Path
    $store = Get-LabRegistry
    if ($store.ContainsKey($id)) { return $true }
    foreach ($key in $store.Keys) { if ($key.StartsWith($id + '\')) { return $true } }
    return $false
}

function New-LabRegistryItem {
    param([string]$Path, $Values)
    $item = [ordered]@{}
    if ($null -ne $Values) { foreach ($name in $Values.Keys) { $item[$name] = $Values[$name] } }
    $trimmed = $Path.TrimEnd('\')
    $item['PSPath'] = 'Microsoft.PowerShell.Core\Registry::' + ($trimmed -replace '^HKLM:\\', 'HKEY_LOCAL_MACHINE\')
    $item['PSChildName'] = $trimmed.Substring($trimmed.LastIndexOf('\') + 1)
    return [pscustomobject]$item
}

function New-LabPathNotFound {
    param([string]$Path)
    $exception = New-Object System.Management.Automation.ItemNotFoundException "Cannot find path '$Path' because it does not exist."
    return New-LabError -Message $exception.Message -ErrorId 'PathNotFound' -Category ObjectNotFound -Target $Path -Exception $exception
}

# ---------------------------------------------------------- file system ----

function Get-LabInstallPath {
    $store = Get-LabRegistry
    $setup = $store[(ConvertTo-LabRegistryKey 'HKLM:\SOFTWARE\Microsoft\ExchangeServer\v15\Setup')]
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
    if ($normal.StartsWith($logs + '\', [System.StringComparison]::OrdinalIgnoreCase) -and ($normal -match '(?i)\\exwiz-lab-eems\.log$')) {
        return @{ Kind = 'virtual-log'; Path = $normal }
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
    $target = @($LiteralPath) + @($Path) | Where-Object { $_ } | Select-Object -First 1
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
    $target = @($LiteralPath) + @($Path) | Where-Object { $_ } | Select-Object -First 1
    if (Test-LabRegistryPath $target) {
        if (-not (Test-LabRegistryKey $target)) { $PSCmdlet.ThrowTerminatingError((New-LabPathNotFound -Path $target)) }
        $id = ConvertTo-LabRegistryKey $target
        $children = @{}
        foreach ($key in (Get-LabRegistry).Keys) {
            if ($key.StartsWith($id + '\')) {
                $rest = $key.Substring($id.Length + 1)
                $child = $rest.Split('\')[0]
                if (-not $children.ContainsKey($child)) {
                    $original = (Get-LabRegistry)[$key].Path
                    $children[$child] = $original.Substring(0, $original.Length - $rest.Length + $child.Length)
                }
            }
        }
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
    $target = @($LiteralPath) + @($Path) | Where-Object { $_ } | Select-Object -First 1
    if (Test-LabRegistryPath $target) { return Test-LabRegistryKey $target }
    $mapped = Resolve-LabFile -Path $target
    if ($null -eq $mapped) { return Microsoft.PowerShell.Management\Test-Path @PSBoundParameters }
    return $mapped.Kind -ne 'missing'
}

function Get-Item {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]]$Path, [string[]]$LiteralPath)
    Wait-LabLatency
    $target = @($LiteralPath) + @($Path) | Where-Object { $_ } | Select-Object -First 1
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
    $target = @($LiteralPath) + @($Path) | Where-Object { $_ } | Select-Object -First 1
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

Export-ModuleMember -Function @(
    'New-PSSessionOption', 'New-PSSession', 'Import-PSSession', 'Remove-PSSession', 'Invoke-Command', 'Add-PSSnapin',
    'Get-ExchangeServer', 'Get-OrganizationConfig', 'Get-ExchangeCertificate', 'Get-AuthConfig', 'Get-LocalGroupMember',
    'Get-ServerComponentState', 'Get-MailboxServer', 'Get-ClusterNode',
    'Get-Service', 'Get-CimInstance', 'Invoke-CimMethod',
    'Get-ItemProperty', 'Get-ChildItem', 'Test-Path', 'Get-Item', 'Get-Content',
    'Get-WinEvent', 'Invoke-WebRequest'
)
