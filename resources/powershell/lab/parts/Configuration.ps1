# Part of the fake Exchange server (ExwizLab.psm1), dot-sourced into its module scope.
# lab.json and the configuration given at import, merged; settings lookup.
# Function definitions only. Valid on Windows PowerShell 5.1 and PowerShell 7.

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
