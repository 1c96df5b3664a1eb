# Runs the repository's Pester test files in one Pester run and returns the counts and the
# failed tests' names. Used by test/probes/pester.test.ts.
param(
    [Parameter(Mandatory = $true)][string]$PesterPath,
    [Parameter(Mandatory = $true)][string]$ProbeTests,
    [Parameter(Mandatory = $true)][string]$ResourceDirectory,
    [Parameter(Mandatory = $true)][string]$CollectorTests,
    [Parameter(Mandatory = $true)][string]$CollectorPath
)
$ErrorActionPreference = 'Stop'
Import-Module -Name $PesterPath -Force
$configuration = New-PesterConfiguration
$configuration.Run.Container = @(
    (New-PesterContainer -Path $ProbeTests -Data @{ ResourceDirectory = $ResourceDirectory }),
    (New-PesterContainer -Path $CollectorTests -Data @{ CollectorPath = $CollectorPath })
)
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'None'
$result = Invoke-Pester -Configuration $configuration
$failures = @($result.Failed | ForEach-Object { [string]$_.ExpandedPath + ': ' + [string]$_.ErrorRecord[0].Exception.Message })
$failures += @($result.Containers | Where-Object { $_.Result -eq 'Failed' } | ForEach-Object { foreach ($e in @($_.ErrorRecord)) { [string]$_.Item + ': ' + [string]$e } })
return @{ passed = [int]$result.PassedCount; failed = [int]$result.FailedCount; failures = $failures }
