# Part of the fake Exchange server (ExwizLab.psm1), dot-sourced into its module scope.
# The registry: documented defaults, values from captures and lab.json, the registry cmdlets.
# Function definitions only. Valid on Windows PowerShell 5.1 and PowerShell 7.

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

function Get-LabRegistryPath {
    # A registry key by its name in the probe's section table (probes/sections.json); $null for a key the probe does not read.
    param([string]$Name)
    $entry = $script:SectionTable.registry.PSObject.Properties[$Name]
    if ($null -eq $entry) { return $null }
    return [string]$entry.Value.path
}

function Get-LabDefaultRegistry {
    # Documented defaults for values no capture holds.
    $store = @{}
    $install = $script:DefaultInstallPath
    $exSetup = Import-LabCapture -Slot 'Exchange/ExSetup.xml'
    if ($null -ne $exSetup -and $exSetup[0].FileName) {
        $install = ([string]$exSetup[0].FileName -replace '(?i)bin\\ExSetup\.exe$', '')
    }
    Set-LabRegistryValue $store (Get-LabRegistryPath 'exchangeSetup') 'MsiInstallPath' $install
    # What Windows Server 2019 reports: .NET 4.8 is release 528049 there (528040 is
    # Windows 10's value, which Health Checker's mocks use), and a real UBR (17763.6893,
    # the February 2025 cumulative update). LmCompatibilityLevel is not set by default.
    Set-LabRegistryValue $store (Get-LabRegistryPath 'dotNet') 'Release' 528049
    Set-LabRegistryValue $store (Get-LabRegistryPath 'windowsVersion') 'UBR' 6893
    Set-LabRegistryValue $store (Get-LabRegistryPath 'lsa') $null $null
    Set-LabRegistryValue $store (Get-LabRegistryPath 'windowsVersion') 'InstallationType' 'Server'
    Set-LabRegistryValue $store (Get-LabRegistryPath 'ucma') 'Version' '5.0.8308.0'
    Set-LabRegistryValue $store (Get-LabRegistryPath 'urlRewrite') 'Version' '7.2.1993'
    Set-LabRegistryValue $store (Get-LabRegistryPath 'winHttp') 'WinHttpSettings' (New-LabWinHttpSettings -Proxy '' -Bypass '')
    # Keys every Windows server has, even without values the probes read.
    Set-LabRegistryValue $store (Get-LabRegistryPath 'sessionManager') $null $null
    Set-LabRegistryValue $store (Get-LabRegistryPath 'updates') $null $null
    return $store
}

function Add-LabCaptureRegistry {
    # Health Checker captured some registry reads as its own summary objects;
    # turn them back into the registry values they came from.
    param([hashtable]$Store)
    $os = Import-LabCapture -Slot 'OS/Win32_OperatingSystem.xml'
    if ($null -ne $os) {
        Set-LabRegistryValue $Store (Get-LabRegistryPath 'windowsVersion') 'CurrentBuild' ([string]$os[0].BuildNumber)
        Set-LabRegistryValue $Store (Get-LabRegistryPath 'windowsVersion') 'ProductName' (([string]$os[0].Caption) -replace '^Microsoft ', '')
    }
    foreach ($pair in @(@('OS/RemoteRegistryValueProductName.xml', 'ProductName'), @('OS/RemoteRegistryValueInstallationType.xml', 'InstallationType'))) {
        $value = Import-LabCapture -Slot $pair[0]
        if ($null -ne $value) { Set-LabRegistryValue $Store (Get-LabRegistryPath 'windowsVersion') $pair[1] ([string]$value[0]) }
    }

    $tls = Import-LabCapture -Slot 'OS/GetAllTlsSettings.xml'
    if ($null -ne $tls) {
        $registry = $tls[0].Registry
        foreach ($version in @($registry.TLS.Keys)) {
            $row = $registry.TLS[$version]
            foreach ($side in @('Server', 'Client')) {
                $key = (Get-LabRegistryPath "tls$version$side")
                if ($null -eq $key) { continue }
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
            Set-LabRegistryValue $Store (Get-LabRegistryPath 'sessionManager') 'PendingFileRenameOperations' ([string[]]@('\??\C:\Windows\Temp\exwiz-lab.tmp', ''))
        }
        if ([bool]$r.ComponentBasedServicingPendingReboot) {
            Set-LabRegistryValue $Store (Get-LabRegistryPath 'cbsRebootPending') $null $null
        }
        if ([bool]$r.AutoUpdatePendingReboot) {
            Set-LabRegistryValue $Store (Get-LabRegistryPath 'autoUpdateRebootRequired') $null $null
        }
        if ([bool]$r.UpdateExeVolatileValue) {
            Set-LabRegistryValue $Store (Get-LabRegistryPath 'updates') 'UpdateExeVolatile' 1
        }
    }

    $vc = Import-LabCapture -Slot 'OS/GetVisualCRedistributableInstalledVersion.xml'
    if ($null -ne $vc) {
        $i = 0
        foreach ($package in $vc) {
            $i++
            $key = (Get-LabRegistryPath 'uninstall') + '\{EXWIZ-LAB-VCREDIST-' + $i + '}'
            Set-LabRegistryValue $Store $key 'DisplayName' ([string]$package.DisplayName)
            Set-LabRegistryValue $Store $key 'DisplayVersion' ([string]$package.DisplayVersion)
            Set-LabRegistryValue $Store $key 'VersionIdentifier' ([int]$package.VersionIdentifier)
        }
    }

    $proxy = Import-LabCapture -Slot 'OS/GetHttpProxySetting.xml'
    if ($null -ne $proxy) {
        $address = [string]$proxy[0].ProxyAddress
        if ($address -eq 'None') { $address = '' }
        Set-LabRegistryValue $Store (Get-LabRegistryPath 'winHttp') 'WinHttpSettings' (New-LabWinHttpSettings -Proxy $address -Bypass ([string]$proxy[0].ByPassList))
    }
}

function Add-LabConfiguredRegistry {
    # lab.json "registry": { "<key>": { "<value>": data | null } | null }; null removes.
    # "winHttpProxy": "host:port" is a shorthand for the WinHttpSettings binary.
    param([hashtable]$Store)
    $winHttp = Get-LabSetting 'winHttpProxy'
    if ($null -ne $winHttp) {
        Set-LabRegistryValue $Store (Get-LabRegistryPath 'winHttp') 'WinHttpSettings' (New-LabWinHttpSettings -Proxy ([string]$winHttp) -Bypass '<local>')
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
        $script:RegistryIndex = New-LabRegistryIndex -Store $store
        $script:Registry = $store
    }
    return $script:Registry
}

function New-LabRegistryIndex {
    # Which keys exist (each stored key and every key above it) and each
    # key's subkeys by name with the spelling they were stored with: the probe
    # asks Test-Path and Get-ChildItem dozens of times, a lookup each instead
    # of a walk over the whole store.
    param([hashtable]$Store)
    $exists = New-Object 'System.Collections.Generic.HashSet[string]'
    $children = @{}
    foreach ($id in $Store.Keys) {
        [void]$exists.Add($id)
        $original = $Store[$id].Path
        $cut = $id.LastIndexOf('\')
        while ($cut -gt 0) {
            $parent = $id.Substring(0, $cut)
            [void]$exists.Add($parent)
            $rest = $id.Substring($cut + 1)
            $child = $rest.Split('\')[0]
            if (-not $children.ContainsKey($parent)) { $children[$parent] = @{} }
            if (-not $children[$parent].ContainsKey($child)) {
                $children[$parent][$child] = $original.Substring(0, $original.Length - $rest.Length + $child.Length)
            }
            $cut = $parent.LastIndexOf('\')
        }
    }
    return @{ Exists = $exists; Children = $children }
}

function Test-LabRegistryKey {
    param([string]$Path)
    $null = Get-LabRegistry
    return $script:RegistryIndex.Exists.Contains((ConvertTo-LabRegistryKey $Path))
}

function Get-LabRegistryChildren {
    # The subkeys of a key, sorted by name: name -> path as stored.
    param([string]$Path)
    $null = Get-LabRegistry
    $found = $script:RegistryIndex.Children[(ConvertTo-LabRegistryKey $Path)]
    if ($null -eq $found) { return @{} }
    return $found
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
