# Reads command lines built once with a harmless sentinel ("benign") and again
# with hostile values, and tells for each hostile one whether PowerShell's own
# parser sees the same structure as its benign twin: the same AST node types in
# the same order, and string constants that differ only by the value.
param([Parameter(Mandatory)] [string] $Path)
$ErrorActionPreference = 'Stop'
$request = Get-Content -LiteralPath $Path -Raw -Encoding UTF8 | ConvertFrom-Json
$sentinel = [string]$request.sentinel
$tokens = $null; $errors = $null
$benign = foreach ($text in $request.benign) {
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($text, [ref]$tokens, [ref]$errors)
    , @($ast.FindAll({ $true }, $true))
}
$results = foreach ($case in $request.cases) {
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($case.hostile, [ref]$tokens, [ref]$errors)
    $reason = $null
    if (@($errors).Count -gt 0) { $reason = 'parse error: ' + @($errors)[0].Message }
    else {
        $h = @($ast.FindAll({ $true }, $true))
        $b = $benign[$case.index]
        if ($h.Count -ne $b.Count) { $reason = "node count $($h.Count) vs $($b.Count)" }
        for ($i = 0; $null -eq $reason -and $i -lt $h.Count; $i++) {
            $expectedType = $b[$i].GetType()
            if ($h[$i].GetType() -ne $expectedType) { $reason = "node $i is $($h[$i].GetType().Name), expected $($expectedType.Name)" }
            elseif ($expectedType -eq [System.Management.Automation.Language.StringConstantExpressionAst] -and $b[$i].Value.Contains($sentinel)) {
                $expected = $b[$i].Value.Replace($sentinel, $case.value)
                if ($h[$i].Value -cne $expected) { $reason = "string constant $i is [$($h[$i].Value)], expected [$expected]" }
                elseif ($h[$i].StringConstantType -ne $b[$i].StringConstantType) { $reason = "string constant $i changed quoting" }
            }
        }
    }
    if ($null -ne $reason) { [pscustomobject]@{ id = $case.id; reason = $reason } }
}
[Console]::Out.WriteLine((ConvertTo-Json -InputObject @($results) -Compress -Depth 3))
