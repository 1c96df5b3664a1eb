# Loaded once into every PowerShell process the engine starts.
#
# It defines the only entry point the TypeScript side calls:
#     Invoke-ExwizScript -Request '<base64 of UTF-8 JSON>'
# The JSON is { "script": "<path to .ps1>", "params": { ... } }. Data never
# becomes command text: the command line holds only base64 characters, and the
# script receives its parameters by splatting the decoded values.
#
# The result is one line on stdout: the request's "marker" (random per run, so
# no server data can imitate it) followed by compressed JSON:
#     { "ok": true,  "value": <what the script returned>, "errors": [ ... ] }
#     { "ok": false, "error": { "message", "type", "errorId", "category", "position" } }
# "errors" lists non-terminating errors the script let through, for diagnostics.
#
# Must stay valid on Windows PowerShell 5.1: no ternary, no ??, no -Parallel.

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'
$VerbosePreference = 'SilentlyContinue'
$InformationPreference = 'SilentlyContinue'
try {
    # Windows PowerShell writes the OEM code page by default; the engine reads UTF-8.
    [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false
} catch {
    Write-Debug 'Console encoding could not be changed (no console attached).'
}

function ConvertTo-ExwizParameterTable {
    param($Object)
    $table = @{}
    if ($null -ne $Object) {
        foreach ($property in $Object.PSObject.Properties) {
            $table[$property.Name] = $property.Value
        }
    }
    return $table
}

function Get-ExwizErrorShape {
    param($ErrorRecord)
    $position = $null
    if ($null -ne $ErrorRecord.InvocationInfo) { $position = $ErrorRecord.InvocationInfo.PositionMessage }
    return [ordered]@{
        message  = $ErrorRecord.Exception.Message
        type     = $ErrorRecord.Exception.GetType().FullName
        errorId  = $ErrorRecord.FullyQualifiedErrorId
        category = [string]$ErrorRecord.CategoryInfo.Category
        position = $position
    }
}

function Invoke-ExwizScript {
    param([Parameter(Mandatory = $true)][string]$Request)

    $envelope = $null
    $marker = 'EXWIZ-RESULT:'
    try {
        $json = [System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($Request))
        $call = ConvertFrom-Json -InputObject $json
        if ($call.marker) { $marker = [string]$call.marker }
        $parameters = ConvertTo-ExwizParameterTable -Object $call.params
        # Reading the file and creating a script block keeps execution policy and
        # Zone.Identifier marks from blocking the engine's own scripts.
        $text = [System.IO.File]::ReadAllText([string]$call.script)
        $block = [ScriptBlock]::Create($text)
        $global:Error.Clear()
        $value = & $block @parameters 2>$null
        $loose = @()
        foreach ($record in $global:Error) {
            if ($record -is [System.Management.Automation.ErrorRecord]) { $loose += , (Get-ExwizErrorShape -ErrorRecord $record) }
        }
        $envelope = [ordered]@{ ok = $true; value = $value; errors = $loose }
    } catch {
        $envelope = [ordered]@{ ok = $false; error = (Get-ExwizErrorShape -ErrorRecord $_) }
    }
    $text = ConvertTo-Json -InputObject $envelope -Depth 40 -Compress
    [Console]::Out.WriteLine($marker + $text)
}
