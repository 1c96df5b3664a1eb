# Pester tests of the offline collector's own functions, taken from the exported script's syntax
# tree (the script body, which collects, does not run). Under Set-StrictMode -Version Latest.
# Run by test/probes/pester.test.ts (test/helpers/Invoke-ExwizPester.ps1).
param([string]$CollectorPath)

Describe 'the exported collector' {
    BeforeAll {
        $tokens = $null
        $problems = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($CollectorPath, [ref]$tokens, [ref]$problems)
        if (@($problems).Count -gt 0) { throw "The exported collector does not parse: $(@($problems)[0].Message)" }
        foreach ($function in $ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $false)) {
            . ([ScriptBlock]::Create($function.Extent.Text))
        }
        # What the export inlines: the symptoms of the catalog it was exported with.
        $ExwizCertificateLogSymptoms = @('untrusted endpoint', 'zebra signature rejected')
    }

    BeforeEach {
        Set-StrictMode -Version Latest
    }

    Describe 'ConvertTo-ExwizJsonValue' {
        It 'keeps REG_BINARY as base64, REG_MULTI_SZ as a list and numbers as numbers' {
            (ConvertTo-ExwizJsonValue -Value ([byte[]]@(1, 2, 3))).binary | Should -Be 'AQID'
            $list = ConvertTo-ExwizJsonValue -Value ([string[]]@('a', 'b'))
            $list | Should -Be @('a', 'b')
            ConvertTo-ExwizJsonValue -Value ([uint32]4294967295) | Should -BeOfType [long]
            ConvertTo-ExwizJsonValue -Value 'text' | Should -Be 'text'
        }
    }

    Describe 'Save-ExwizEemsLogCapture' {
        It 'copies only the lines naming a symptom it was exported with, in files named as on the server' {
            $install = Join-Path $TestDrive 'V15'
            $folder = Get-ExwizEemsLogFolder -InstallPath $install
            $null = New-Item -ItemType Directory -Path $folder -Force
            Set-Content -LiteralPath (Join-Path $folder 'MitigationService_2.log') -Value @('a Zebra Signature Rejected b', 'nothing to see', 'x untrusted endpoint y')
            $target = Join-Path $TestDrive 'capture'
            Save-ExwizEemsLogCapture -Context @{ InstallPath = $install; EventDays = 30 } -Target $target | Should -BeTrue
            [System.IO.File]::ReadAllLines((Join-Path $target 'MitigationService_2.log')) | Should -Be @('a Zebra Signature Rejected b', 'x untrusted endpoint y')
        }
        It 'writes nothing when the server has no EEMS log folder' {
            Save-ExwizEemsLogCapture -Context @{ InstallPath = (Join-Path $TestDrive 'none'); EventDays = 30 } -Target (Join-Path $TestDrive 'nothing') | Should -BeNullOrEmpty
        }
    }
}
