# Parses PowerShell files and lists what Windows PowerShell 5.1 cannot run:
# parse errors, ternaries, ?? and ??=, ?. and ?[], && and || pipeline chains,
# ForEach-Object -Parallel, and PowerShell-7-only parameters.
param([string[]]$Paths)

$ErrorActionPreference = 'Stop'
$problems = New-Object System.Collections.ArrayList
function Add-Problem([string]$File, $Extent, [string]$What) {
    [void]$problems.Add([ordered]@{ file = $File; line = $Extent.StartLineNumber; what = $What; text = $Extent.Text.Split("`n")[0] })
}
$ps7Parameters = @{
    'ConvertFrom-Json' = @('AsHashtable', 'Depth', 'NoEnumerate')
    'ForEach-Object'   = @('Parallel', 'ThrottleLimit')
    'Join-Path'        = @('AdditionalChildPath')
    'Get-Content'      = @('AsByteStream')
    'Test-Json'        = @('*')
    'Get-Error'        = @('*')
}
foreach ($file in $Paths) {
    $tokens = $null; $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($file, [ref]$tokens, [ref]$errors)
    foreach ($e in $errors) { Add-Problem $file $e.Extent ('parse error: ' + $e.Message) }
    foreach ($t in $tokens) {
        if ($t.Kind -in @('QuestionQuestion', 'QuestionQuestionEquals', 'QuestionDot', 'QuestionLBracket', 'AndAnd', 'OrOr')) { Add-Problem $file $t.Extent "PowerShell 7 operator $($t.Kind)" }
    }
    $found = $ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.TernaryExpressionAst] -or $node -is [System.Management.Automation.Language.PipelineChainAst] }, $true)
    foreach ($node in $found) { Add-Problem $file $node.Extent ('PowerShell 7 syntax: ' + $node.GetType().Name) }
    $commands = $ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true)
    foreach ($command in $commands) {
        $name = $command.GetCommandName()
        if (-not $name -or -not $ps7Parameters.ContainsKey($name)) { continue }
        $banned = $ps7Parameters[$name]
        if ($banned -contains '*') { Add-Problem $file $command.Extent "$name does not exist in Windows PowerShell 5.1"; continue }
        foreach ($element in $command.CommandElements) {
            if ($element -is [System.Management.Automation.Language.CommandParameterAst] -and ($banned -contains $element.ParameterName)) {
                Add-Problem $file $element.Extent "$name -$($element.ParameterName) is PowerShell 7 only"
            }
        }
        if ($name -eq 'Join-Path') {
            $positional = @($command.CommandElements | Select-Object -Skip 1 | Where-Object { -not ($_ -is [System.Management.Automation.Language.CommandParameterAst]) })
            if ($positional.Count -gt 2) { Add-Problem $file $command.Extent 'Join-Path with more than two paths is PowerShell 7 only' }
        }
    }
}
return @{ problems = @($problems.ToArray()); files = $Paths.Count }
