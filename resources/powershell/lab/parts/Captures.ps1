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
    # A round trip from the jump box; what Invoke-Command runs on the server itself waits for no network.
    if ($script:LabOnServer) { return }
    $latency = [int](Get-LabSetting 'latencyMs' 0)
    if ($latency -gt 0) { Start-Sleep -Milliseconds $latency }
}

function Get-LabNow { return [DateTime]::UtcNow }
