# Pester tests of the probe's server-side functions (probes/server-functions.ps1), run under
# Set-StrictMode -Version Latest: what they are tested for holds in strict mode too.
# Run by test/probes/pester.test.ts (test/helpers/Invoke-ExwizPester.ps1).
param([string]$ResourceDirectory)

Describe 'probes/server-functions.ps1' {
    BeforeAll {
        foreach ($part in @('common-functions.ps1', 'server-functions.ps1')) {
            . ([ScriptBlock]::Create([System.IO.File]::ReadAllText([System.IO.Path]::Combine($ResourceDirectory, 'probes', $part))))
        }
        $symptoms = @('Connection attempted against untrusted endpoint', 'unknown issuer')
    }

    BeforeEach {
        Set-StrictMode -Version Latest
    }

    Describe 'strict mode' {
        It 'is on for every test of this file' {
            { $null = $notAssignedAnywhere } | Should -Throw
        }
    }

    Describe 'Get-ExwizHierarchyMailboxGuid' {
        It 'reads the GUID of RootPublicFolderMailbox, and the empty GUID as "no public folders"' {
            $guid = [guid]'5b3c9f2e-8d41-4a6b-9c07-1e2f3a4b5c6d'
            Get-ExwizHierarchyMailboxGuid ([pscustomobject]@{ IsValid = $true; HierarchyMailboxGuid = $guid }) | Should -Be '5b3c9f2e-8d41-4a6b-9c07-1e2f3a4b5c6d'
            # What Health Checker's E19 capture holds for an organisation without public folders.
            Get-ExwizHierarchyMailboxGuid ([pscustomobject]@{ IsValid = $false; HierarchyMailboxGuid = [guid]::Empty }) | Should -BeNullOrEmpty
        }
        It 'reads a value a shell flattened to its text the same way' {
            Get-ExwizHierarchyMailboxGuid '5b3c9f2e-8d41-4a6b-9c07-1e2f3a4b5c6d' | Should -Be '5b3c9f2e-8d41-4a6b-9c07-1e2f3a4b5c6d'
            Get-ExwizHierarchyMailboxGuid '' | Should -BeNullOrEmpty
        }
        It 'throws for what it cannot read, so it is "not read" and never "no public folders"' {
            { Get-ExwizHierarchyMailboxGuid $null } | Should -Throw
            { Get-ExwizHierarchyMailboxGuid 'PF-Hierarchy' } | Should -Throw
        }
    }

    Describe 'Get-ExwizOutlookAnywhereFacts (probes/exchange-functions.ps1)' {
        BeforeAll {
            . ([ScriptBlock]::Create([System.IO.File]::ReadAllText([System.IO.Path]::Combine($ResourceDirectory, 'probes', 'exchange-functions.ps1'))))
        }
        It 'reads the Rpc (Default Web Site) directory, as deserialized objects arrive (booleans as text too)' {
            function Get-OutlookAnywhere {
                param([string]$Server, [switch]$ADPropertiesOnly)
                [pscustomobject]@{ Name = 'Rpc (Other Site)'; Identity = 'EX01\Rpc (Other Site)'; SSLOffloading = $false; InternalClientsRequireSsl = $true; ExternalClientsRequireSsl = $true }
                [pscustomobject]@{ Name = 'Rpc (Default Web Site)'; Identity = 'EX01\Rpc (Default Web Site)'; SSLOffloading = 'True'; InternalClientsRequireSsl = $false; ExternalClientsRequireSsl = $false }
            }
            $facts = Get-ExwizOutlookAnywhereFacts -Context @{ ServerName = 'EX01' }
            $facts.identity | Should -Be 'EX01\Rpc (Default Web Site)'
            $facts.sslOffloading | Should -BeTrue
            $facts.internalClientsRequireSsl | Should -BeFalse
            $facts.externalClientsRequireSsl | Should -BeFalse
        }
        It 'throws when the server has no Outlook Anywhere directory: not read, never "no offloading"' {
            function Get-OutlookAnywhere { param([string]$Server, [switch]$ADPropertiesOnly) }
            { Get-ExwizOutlookAnywhereFacts -Context @{ ServerName = 'EX01' } } | Should -Throw '*no Outlook Anywhere virtual directory for EX01*'
        }
    }

    Describe 'Test-ExwizSymptomLine' {
        It 'finds a symptom as plain text, whatever its case' {
            Test-ExwizSymptomLine -Text 'S:Message=CONNECTION ATTEMPTED AGAINST UNTRUSTED ENDPOINT' -Symptoms $symptoms | Should -BeTrue
            Test-ExwizSymptomLine -Text 'leaf certificate is from Unknown Issuer or has EKU mismatch' -Symptoms $symptoms | Should -BeTrue
        }
        It 'reads no pattern into a symptom (a dot is a dot)' {
            Test-ExwizSymptomLine -Text 'axb' -Symptoms @('a.b') | Should -BeFalse
            Test-ExwizSymptomLine -Text 'a.b' -Symptoms @('a.b') | Should -BeTrue
        }
        It 'finds nothing without symptoms, and skips empty ones' {
            Test-ExwizSymptomLine -Text 'anything' -Symptoms @() | Should -BeFalse
            Test-ExwizSymptomLine -Text 'anything' -Symptoms @('') | Should -BeFalse
        }
    }

    Describe 'Get-ExwizEemsLogLines' {
        BeforeAll {
            $install = Join-Path $TestDrive 'V15'
            $folder = Get-ExwizEemsLogFolder -InstallPath ($install + '\')
            # The folder as the probe names it (backslashes): PowerShell's own cmdlets read it on every OS.
            $null = New-Item -ItemType Directory -Path $folder -Force
            Set-Content -LiteralPath (Join-Path $folder 'MitigationService_1.log') -Value @(
                    'FetchMitigation,S:LogLevel=Warning;S:Message=Connection attempted against untrusted endpoint',
                    'FetchMitigation,S:LogLevel=Information;S:Message=Next check in 01:00:00',
                    'FetchMitigation,S:LogLevel=Warning;S:Message=Response xml''s leaf certificate is from unknown issuer or has EKU mismatch')
        }
        It 'keeps the lines naming a symptom, newest first, with the file they came from' {
            # One array as one object (return , $list): what the facts' certificateLogLines becomes.
            $lines = Get-ExwizEemsLogLines -InstallPath $install -Days 30 -ServiceInstalled $true -Symptoms $symptoms
            $lines.Count | Should -Be 2
            $lines[0].line | Should -Match 'unknown issuer'
            $lines[1].line | Should -Match 'untrusted endpoint'
            $lines[0].file | Should -Be 'MitigationService_1.log'
        }
        It 'keeps nothing when the catalog gives no symptom' {
            (Get-ExwizEemsLogLines -InstallPath $install -Days 30 -ServiceInstalled $true -Symptoms @()).Count | Should -Be 0
        }
        It 'has no lines without the folder when EEMS is not installed, and fails when it is' {
            $missing = Join-Path $TestDrive 'NoExchange'
            (Get-ExwizEemsLogLines -InstallPath $missing -Days 30 -ServiceInstalled $false -Symptoms $symptoms).Count | Should -Be 0
            { Get-ExwizEemsLogLines -InstallPath $missing -Days 30 -ServiceInstalled $true -Symptoms $symptoms } | Should -Throw '*does not exist*'
        }
    }

    Describe 'Get-ExwizMitigationEventFilter' {
        It 'asks the Application log for event 1008 of the EEMS provider in the last days' {
            $filter = Get-ExwizMitigationEventFilter -Days 7
            $filter.LogName | Should -Be 'Application'
            $filter.ProviderName | Should -Be 'MSExchange Mitigation Service'
            $filter.Id | Should -Be 1008
            ((Get-Date) - $filter.StartTime).TotalDays | Should -BeGreaterThan 6.99
        }
    }
}
