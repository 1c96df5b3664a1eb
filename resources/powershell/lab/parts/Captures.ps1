# Part of the fake Exchange server (ExwizLab.psm1), dot-sourced into its module scope.
# CliXml captures: resolving slots (variants, overrides), loading, failing like a broken server.
# Function definitions only. Valid on Windows PowerShell 5.1 and PowerShell 7.

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

function Get-LabCaptureStore {
    # This runspace's parsed captures (Captures: path -> @{ Stamp; Objects })
    # and how often it parsed each (Parses: path -> count, for tests).
    # They outlive the module (the probe imports the lab afresh for every
    # server, and a batch runspace probes server after server), so a capture
    # is parsed once per runspace, not once per probe: a real GetService.xml
    # is 2.5 MB. Not shared between runspaces: reading a deserialized object
    # is not thread-safe (PowerShell adds its psobject/psbase members on first
    # access, without a lock; two runspaces reading one object at once made
    # "$o.PSObject.Properties" come back null). One table per process, kept in
    # the AppDomain's data and weakly keyed by the runspace, so a closed
    # runspace's captures go with it.
    $tables = Get-LabProcessObject -Name 'ExwizLab.CapturesByRunspace' -New {
        , (New-Object 'System.Runtime.CompilerServices.ConditionalWeakTable[System.Management.Automation.Runspaces.Runspace,System.Collections.Hashtable]')
    }
    $runspace = [System.Management.Automation.Runspaces.Runspace]::DefaultRunspace
    $store = $null
    if (-not $tables.TryGetValue($runspace, [ref]$store)) {
        # Only this runspace adds its own key.
        $store = @{ Captures = @{}; Parses = @{} }
        $tables.Add($runspace, $store)
    }
    return , $store
}

function Import-LabCapture {
    # A capture's objects, parsed once per runspace and file version: the
    # entry holds the file's last-write time and length, so a changed capture
    # is read again. Callers read the objects and never change them (copy first).
    param([string]$Slot, [string]$Folder = $script:Root)
    $path = Resolve-LabCapture -Slot $Slot -Folder $Folder
    if ($null -eq $path) { return $null }
    $file = New-Object System.IO.FileInfo $path
    $stamp = [string]$file.LastWriteTimeUtc.Ticks + ':' + [string]$file.Length
    $store = Get-LabCaptureStore
    $captures = $store.Captures
    $entry = $captures[$path]
    if ($null -ne $entry -and $entry.Stamp -eq $stamp) { return , $entry.Objects }
    $objects = @(Microsoft.PowerShell.Utility\Import-Clixml -LiteralPath $path)
    $store.Parses[$path] = 1 + [int]$store.Parses[$path]
    if ($captures.Count -ge 256) { Limit-LabCaptureStore -Store $store }
    $captures[$path] = @{ Stamp = $stamp; Objects = $objects }
    return , $objects
}

function Limit-LabCaptureStore {
    # Tests probe many temporary copies of lab folders in one host: drop the
    # entries of files that are gone, and everything if that is not enough.
    param([hashtable]$Store)
    foreach ($table in @($Store.Captures, $Store.Parses)) {
        foreach ($key in @($table.Keys)) {
            if (-not [System.IO.File]::Exists($key)) { $table.Remove($key) }
        }
    }
    if ($Store.Captures.Count -ge 256) { $Store.Captures.Clear() }
}

function Get-LabProcessObject {
    # One object per process, made by $New on first use and kept in the AppDomain's data under $Name
    # ($New writes it with a leading comma: collections are not to be unrolled).
    param([string]$Name, [scriptblock]$New)
    $domain = [AppDomain]::CurrentDomain
    $value = $domain.GetData($Name)
    if ($null -ne $value) { return , $value }
    [System.Threading.Monitor]::Enter($domain)
    try {
        $value = $domain.GetData($Name)
        if ($null -eq $value) {
            $value = & $New
            $domain.SetData($Name, $value)
        }
    } finally {
        [System.Threading.Monitor]::Exit($domain)
    }
    return , $value
}

function Get-LabCaptureParses {
    # How often this runspace parsed each capture (tests): path -> count.
    return (Get-LabCaptureStore).Parses.Clone()
}

function Copy-LabObject {
    # A capture object's properties and type names on a new object, for a
    # command that adds to what it hands out (PSObject.Copy() refuses the
    # adapted properties of deserialized objects).
    param($Object)
    $copy = New-Object System.Management.Automation.PSObject
    foreach ($property in $Object.PSObject.Properties) {
        $copy.PSObject.Properties.Add((New-Object System.Management.Automation.PSNoteProperty $property.Name, $property.Value))
    }
    $copy.PSObject.TypeNames.Clear()
    foreach ($name in $Object.PSObject.TypeNames) { $copy.PSObject.TypeNames.Add($name) }
    return $copy
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
    # A round trip from the jump box; what Invoke-Command runs on the server itself waits for no network.
    if ($script:LabOnServer) { return }
    $latency = [int](Get-LabSetting 'latencyMs' 0)
    if ($latency -gt 0) { Start-Sleep -Milliseconds $latency }
}

function Get-LabNow { return [DateTime]::UtcNow }
