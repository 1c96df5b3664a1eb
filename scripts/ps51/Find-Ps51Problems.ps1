# Parses PowerShell scripts and command strings with PowerShell 7's parser and walks
# their syntax trees for what Windows PowerShell 5.1 cannot run (and dates written in
# the computer's culture) (scripts/ps51-check.mjs
# runs it; windows-powershell-51.json beside it is the table of cmdlets, parameters,
# variables and .NET members). Runs under pwsh 7 only: it needs the 7 parser's nodes.
#
# -RequestPath: a JSON file { table: <path>, items: [{ label, path | text, line }] }.
# Prints one JSON line: { checked, problems: [{ label, line, what }] }.
param([Parameter(Mandatory)][string]$RequestPath)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 2
$request = Get-Content -LiteralPath $RequestPath -Raw | ConvertFrom-Json
$table = Get-Content -LiteralPath $request.table -Raw | ConvertFrom-Json

function New-Set { New-Object 'System.Collections.Generic.HashSet[string]' ([System.StringComparer]::OrdinalIgnoreCase) }
$aliases = @{}
foreach ($p in $table.aliases.PSObject.Properties) { $aliases[$p.Name] = $p.Value }
$commands = @{}
foreach ($c in $table.commands) { $commands[$c.name] = $c.since }
$parameters = @{}
foreach ($entry in $table.parameters) {
    if (-not $parameters.ContainsKey($entry.command)) { $parameters[$entry.command] = @{} }
    foreach ($n in $entry.names) { $parameters[$entry.command][$n] = $entry.since }
}
$values = @{}
foreach ($entry in $table.parameterValues) {
    foreach ($c in $entry.commands) { $values[$c] = $entry }
}
$variables = @{}
foreach ($v in $table.variables) { $variables[$v.name] = $v.since }
$members = @{}
foreach ($entry in $table.dotnet.members) {
    foreach ($n in $entry.names) { $members["$($entry.type)::$n"] = $entry.since }
}
$instance = @{}
foreach ($entry in $table.dotnet.instanceCalls) { $instance[$entry.id] = $entry }

$problems = New-Object System.Collections.Generic.List[object]
$script:item = $null
function Add-Problem($Extent, [string]$What) {
    $line = [int]$script:item.line + $Extent.StartLineNumber - 1
    $problems.Add([ordered]@{ label = [string]$script:item.label; line = $line; what = $What })
}

# The .NET type a type name denotes, by its full name (accelerators resolved: [IO.Path] is System.IO.Path).
$typeNames = @{}
function Get-TypeFullName($TypeName) {
    # Resolving a name searches every loaded assembly: once per name.
    $written = $TypeName.FullName
    if (-not $typeNames.ContainsKey($written)) { $typeNames[$written] = Resolve-TypeFullName $TypeName }
    return $typeNames[$written]
}
function Resolve-TypeFullName($TypeName) {
    try {
        $type = $TypeName.GetReflectionType()
        if ($type) {
            $name = $type.FullName
            if ($type.IsGenericType) { $name = $name.Substring(0, $name.IndexOf('`')) }
            return $name
        }
    } catch { }
    $written = $TypeName.FullName -replace '\[.*$', '' -replace '`.*$', ''
    if ($written -notmatch '^System\.') { $written = "System.$written" }
    return $written
}

function Test-CoreOnlyType([string]$FullName, $Extent, [bool]$HasHttpAssembly) {
    foreach ($t in $table.dotnet.types) {
        $isMatch = if ($t.PSObject.Properties['namespace'] -and $t.namespace) { $FullName.StartsWith("$($t.name).", [System.StringComparison]::OrdinalIgnoreCase) } else { $FullName -eq $t.name }
        if ($isMatch) { Add-Problem $Extent "[$FullName] is .NET Core only ($($t.since)); Windows PowerShell 5.1 runs on .NET Framework"; return }
    }
    foreach ($a in $table.dotnet.assemblyNotLoaded) {
        if ($FullName.StartsWith("$($a.namespace).", [System.StringComparison]::OrdinalIgnoreCase) -and -not $HasHttpAssembly) {
            Add-Problem $Extent "[$FullName]: $($a.why)"
        }
    }
}

function Get-CommandName($CommandAst) {
    $name = $CommandAst.GetCommandName()
    if (-not $name) { return $null }
    $name = $name -replace '^[\w.]+\\', ''
    if ($aliases.ContainsKey($name)) { return $aliases[$name] }
    return $name
}

# The parameter names and aliases a command has on 5.1: this PowerShell's, less the table's 7-only ones.
$olderParameters = @{}
function Get-Ps51ParameterNames([string]$Command) {
    if (-not $olderParameters.ContainsKey($Command)) {
        $names = New-Object System.Collections.Generic.List[string]
        $info = Get-Command -Name $Command -CommandType Cmdlet -ErrorAction Ignore
        if ($info) {
            foreach ($p in $info.Parameters.Values) {
                if ($parameters[$Command].ContainsKey($p.Name)) { continue }
                $names.Add($p.Name)
                foreach ($alias in $p.Aliases) { $names.Add($alias) }
            }
        }
        $olderParameters[$Command] = $names.ToArray()
    }
    return $olderParameters[$Command]
}

# Numeric literal suffixes 5.1 does not know: u, ul, us, uy, s, y, n (after any kb..pb multiplier).
$numberSuffix = '^(?i)(0x[0-9a-f]+|[0-9]*\.?[0-9]+(e[+-]?[0-9]+)?)(u[lsy]?|s|y|n)(kb|mb|gb|tb|pb)?$'

# Not a 5.1 matter but a Windows one: a custom date format follows the computer's culture
# (a Thai server writes the Buddhist year, some cultures another time separator).
$customDate = 'yyyy|yy|MM|dd|HH|hh|mm|ss'
$cultureDate = "a date written in this computer's culture (its calendar and separators): pass [System.Globalization.CultureInfo]::InvariantCulture"

$tokenProblems = @{
    QuestionQuestion       = 'the ?? operator is PowerShell 7 only'
    QuestionQuestionEquals = 'the ??= operator is PowerShell 7 only'
    QuestionDot            = 'the ?. operator is PowerShell 7 only'
    QuestionLBracket       = 'the ?[] operator is PowerShell 7 only'
    AndAnd                 = 'the && pipeline chain is PowerShell 7 only'
    OrOr                   = 'the || pipeline chain is PowerShell 7 only'
}

$checked = 0
foreach ($entry in $request.items) {
    $script:item = $entry
    $checked++
    $tokens = $null; $errors = $null
    if ($entry.PSObject.Properties['path'] -and $entry.path) {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($entry.path, [ref]$tokens, [ref]$errors)
    } else {
        $ast = [System.Management.Automation.Language.Parser]::ParseInput([string]$entry.text, [ref]$tokens, [ref]$errors)
    }
    foreach ($e in $errors) { Add-Problem $e.Extent "parse error: $($e.Message)" }
    # A text composed of files checked on their own: only whether it still parses.
    if ($entry.PSObject.Properties['parseOnly'] -and $entry.parseOnly) { continue }

    foreach ($t in $tokens) {
        $kind = $t.Kind.ToString()
        if ($tokenProblems.ContainsKey($kind)) { Add-Problem $t.Extent $tokenProblems[$kind] }
        elseif ($kind -eq 'Number') {
            if ($t.Text -match '^(?i)0b') { Add-Problem $t.Extent "the binary literal $($t.Text) is PowerShell 7 only" }
            elseif ($t.Text -match $numberSuffix) { Add-Problem $t.Extent "the numeric suffix of $($t.Text) is PowerShell 7 only" }
        } elseif ($kind -eq 'StringExpandable' -or $kind -eq 'HereStringExpandable') {
            # An escape is a backtick not itself escaped (an even run of backticks before it).
            if ($t.Text -match '(?<!`)(``)*`u\{') { Add-Problem $t.Extent 'the `u{} escape is PowerShell 7 only' }
            if ($t.Text -match '(?<!`)(``)*`e') { Add-Problem $t.Extent 'the `e escape is PowerShell 7 only (5.1 reads it as the letter e)' }
        }
    }

    foreach ($t in $tokens) {
        if ($t.Kind.ToString() -ne 'Comment' -or $t.Text -notmatch '^(?i)#requires\s') { continue }
        if ($t.Text -match '(?i)-Version\s+(\d+)' -and [int]$Matches[1] -ge 6) { Add-Problem $t.Extent "$($t.Text.Trim()) refuses to run on 5.1" }
        if ($t.Text -match '(?i)-PSEdition\s+Core') { Add-Problem $t.Extent "$($t.Text.Trim()) refuses to run on 5.1" }
    }

    $nodes = $ast.FindAll({ $true }, $true)
    $defined = New-Set
    $assigned = New-Set
    $hasHttpAssembly = $false
    foreach ($node in $nodes) {
        if ($node -is [System.Management.Automation.Language.FunctionDefinitionAst]) { [void]$defined.Add($node.Name) }
        elseif ($node -is [System.Management.Automation.Language.AssignmentStatementAst]) {
            foreach ($v in $node.Left.FindAll({ param($n) $n -is [System.Management.Automation.Language.VariableExpressionAst] }, $true)) { [void]$assigned.Add($v.VariablePath.UserPath) }
        } elseif ($node -is [System.Management.Automation.Language.CommandAst] -and (Get-CommandName $node) -eq 'Add-Type' -and $node.Extent.Text -match 'System\.Net\.Http') { $hasHttpAssembly = $true }
    }

    foreach ($node in $nodes) {
        if ($node -is [System.Management.Automation.Language.TernaryExpressionAst]) { Add-Problem $node.Extent 'the ternary operator (a ? b : c) is PowerShell 7 only' }
        elseif ($node -is [System.Management.Automation.Language.ScriptBlockAst] -and $node.CleanBlock) { Add-Problem $node.CleanBlock.Extent 'the clean block is PowerShell 7.3 only' }
        elseif ($node -is [System.Management.Automation.Language.PipelineAst] -and $node.Background) { Add-Problem $node.Extent 'the & background operator is PowerShell 6 and later' }
        elseif ($node -is [System.Management.Automation.Language.VariableExpressionAst]) {
            $name = $node.VariablePath.UserPath
            if ($variables.ContainsKey($name) -and -not $assigned.Contains($name)) { Add-Problem $node.Extent "`$$name is PowerShell $($variables[$name]) and later (`$null on 5.1)" }
        }
        elseif ($node -is [System.Management.Automation.Language.TypeExpressionAst] -or $node -is [System.Management.Automation.Language.TypeConstraintAst]) {
            Test-CoreOnlyType (Get-TypeFullName $node.TypeName) $node.Extent $hasHttpAssembly
        }
        elseif ($node -is [System.Management.Automation.Language.MemberExpressionAst]) {
            if (-not ($node.Member -is [System.Management.Automation.Language.StringConstantExpressionAst])) { continue }
            $member = $node.Member.Value
            if ($node.Static -and $node.Expression -is [System.Management.Automation.Language.TypeExpressionAst]) {
                $key = "$(Get-TypeFullName $node.Expression.TypeName)::$member"
                if ($members.ContainsKey($key)) { Add-Problem $node.Extent "$key is .NET Core only ($($members[$key])); Windows PowerShell 5.1 runs on .NET Framework" }
            } elseif (-not $node.Static -and $node -is [System.Management.Automation.Language.InvokeMemberExpressionAst]) {
                $arguments = @($node.Arguments)
                if ($member -eq 'Split' -and $arguments.Count -ge 1 -and $arguments[0] -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $arguments[0].Value.Length -gt 1) {
                    Add-Problem $node.Extent "$($instance['split-string'].what); $($instance['split-string'].fix)"
                } elseif ($member -eq 'Contains' -and $arguments.Count -eq 2) {
                    Add-Problem $node.Extent "$($instance['contains-comparison'].what); $($instance['contains-comparison'].fix)"
                } elseif ($member -eq 'ToString' -and $arguments.Count -eq 1 -and $arguments[0] -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $arguments[0].Value -cmatch $customDate) {
                    Add-Problem $node.Extent $cultureDate
                } elseif ($member -eq 'Replace' -and $arguments.Count -eq 3) {
                    Add-Problem $node.Extent "$($instance['replace-comparison'].what); $($instance['replace-comparison'].fix)"
                }
            }
        }
        elseif ($node -is [System.Management.Automation.Language.CommandAst]) {
            $name = Get-CommandName $node
            if (-not $name -or $defined.Contains($name)) { continue }
            if ($commands.ContainsKey($name)) { Add-Problem $node.Extent "$name does not exist in Windows PowerShell 5.1 (PowerShell $($commands[$name]))"; continue }
            $elements = @($node.CommandElements)
            for ($i = 1; $i -lt $elements.Count; $i++) {
                $element = $elements[$i]
                if (-not ($element -is [System.Management.Automation.Language.CommandParameterAst])) { continue }
                $used = $element.ParameterName
                if ($parameters.ContainsKey($name)) {
                    $older = Get-Ps51ParameterNames $name
                    foreach ($known in $parameters[$name].Keys) {
                        # PowerShell takes any prefix of a parameter name that no other name shares.
                        $isPrefix = $known.StartsWith($used, [System.StringComparison]::OrdinalIgnoreCase) -and -not @($older | Where-Object { $_.StartsWith($used, [System.StringComparison]::OrdinalIgnoreCase) })
                        if ($known -eq $used -or $isPrefix) {
                            Add-Problem $element.Extent "$name -$known is PowerShell $($parameters[$name][$known]) and later"
                        }
                    }
                }
                if ($values.ContainsKey($name) -and $values[$name].parameter -eq $used) {
                    $argument = if ($element.Argument) { $element.Argument } elseif ($i + 1 -lt $elements.Count) { $elements[$i + 1] } else { $null }
                    if ($argument -is [System.Management.Automation.Language.StringConstantExpressionAst] -and @($values[$name].values) -contains $argument.Value) {
                        Add-Problem $argument.Extent "$name -$used $($argument.Value) is PowerShell 6 and later ($($values[$name].since)); $($values[$name].fix)"
                    }
                }
            }
            if ($name -eq 'Get-Date') {
                for ($i = 1; $i -lt $elements.Count - 1; $i++) {
                    $format = $elements[$i + 1]
                    if ($elements[$i] -is [System.Management.Automation.Language.CommandParameterAst] -and $elements[$i].ParameterName -eq 'Format' -and $format -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $format.Value -cmatch $customDate) {
                        Add-Problem $elements[$i].Extent "Get-Date -Format: $cultureDate"
                    }
                }
            }
            if ($name -eq 'Join-Path') {
                $positional = @($elements | Select-Object -Skip 1 | Where-Object { -not ($_ -is [System.Management.Automation.Language.CommandParameterAst]) })
                # Every value is a path but -Credential's (-Resolve is a switch).
                $credential = @($elements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] -and $_.ParameterName -like 'Cred*' -and -not $_.Argument })
                if ($positional.Count - $credential.Count -gt 2) { Add-Problem $node.Extent 'Join-Path with more than two paths is PowerShell 6 and later' }
            }
            if ($name -eq 'New-Object') {
                $typeArgument = @($elements | Select-Object -Skip 1 | Where-Object { $_ -is [System.Management.Automation.Language.StringConstantExpressionAst] } | Select-Object -First 1)
                if ($typeArgument.Count -gt 0) {
                    $typeName = $typeArgument[0].Value -replace '\[.*$', ''
                    if ($typeName -notmatch '^System\.') { $typeName = "System.$typeName" }
                    Test-CoreOnlyType $typeName $typeArgument[0].Extent $hasHttpAssembly
                }
            }
        }
    }
}

[Console]::Out.WriteLine((ConvertTo-Json -Compress -Depth 5 -InputObject ([ordered]@{ checked = $checked; problems = @($problems.ToArray()) })))
