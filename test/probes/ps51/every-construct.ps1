#requires -Version 7.0
# expect above: #requires -Version 7.0
#requires -PSEdition Core
# expect above: #requires -PSEdition Core
# Every construct scripts/ps51-check.mjs claims to catch, one a line, each with what it must report.
# PowerShell 7 parses all of it; Windows PowerShell 5.1 cannot run any of it.
$a = $true ? 1 : 2 # expect: ternary
$b = $null ?? 3 # expect: the ?? operator
$b ??= 4 # expect: the ??= operator
$c = ${a}?.Name # expect: the ?. operator
$c = ${a}?[0] # expect: the ?[] operator
Get-Item x && Get-Item y # expect: && pipeline chain
Get-Item x || Get-Item y # expect: || pipeline chain
function Test-Clean {
    process { 1 }
    clean { 2 } # expect: clean block
}
$n = 0b1010 # expect: binary literal
$n = 10u # expect: numeric suffix of 10u
$n = 10ul # expect: numeric suffix of 10ul
$n = 5s # expect: numeric suffix of 5s
$n = 1y # expect: numeric suffix of 1y
$n = 100n # expect: numeric suffix of 100n
$n = 2uskb # expect: numeric suffix of 2uskb
$s = "tick `u{2713}" # expect: `u{} escape
$s = "`e[0m" # expect: `e escape
1..3 | ForEach-Object -Parallel { $_ } # expect: ForEach-Object -Parallel
1..3 | % -Parallel { $_ } -ThrottleLimit 2 # expect: ForEach-Object -Parallel; ForEach-Object -ThrottleLimit
Get-Process & # expect: & background operator
$PSStyle.Reset # expect: $PSStyle
if ($IsWindows) { 1 } # expect: $IsWindows
if ($IsLinux) { 1 } # expect: $IsLinux
if ($IsMacOS) { 1 } # expect: $IsMacOS
if ($IsCoreCLR) { 1 } # expect: $IsCoreCLR
$EnabledExperimentalFeatures # expect: $EnabledExperimentalFeatures
$PSNativeCommandArgumentPassing # expect: $PSNativeCommandArgumentPassing
Get-Error # expect: Get-Error does not exist
Microsoft.PowerShell.Utility\Get-Error -Newest 1 # expect: Get-Error does not exist
Test-Json -Json '{}' # expect: Test-Json does not exist
1, 2 | Join-String -Separator ',' # expect: Join-String does not exist
Remove-Alias -Name x # expect: Remove-Alias does not exist
Get-Uptime # expect: Get-Uptime does not exist
Start-ThreadJob { 1 } # expect: Start-ThreadJob does not exist
ConvertFrom-Json '{}' -AsHashtable # expect: ConvertFrom-Json -AsHashtable
ConvertFrom-Json '{}' -AsHash # expect: ConvertFrom-Json -AsHashtable
ConvertFrom-Json '{}' -Depth 5 # expect: ConvertFrom-Json -Depth
ConvertFrom-Json '[]' -NoEnumerate # expect: ConvertFrom-Json -NoEnumerate
Get-Content x -AsByteStream # expect: Get-Content -AsByteStream
gc x -AsByteStream # expect: Get-Content -AsByteStream
Set-Content x -Value 1 -AsByteStream # expect: Set-Content -AsByteStream
Invoke-WebRequest -Uri https://x -SkipCertificateCheck # expect: Invoke-WebRequest -SkipCertificateCheck
Invoke-RestMethod -Uri https://x -StatusCodeVariable code # expect: Invoke-RestMethod -StatusCodeVariable
Start-Process -FilePath x -Environment @{ A = 1 } # expect: Start-Process -Environment
Get-Date -AsUTC # expect: Get-Date -AsUTC
Get-Date -UnixTimeSeconds 0 # expect: Get-Date -UnixTimeSeconds
1..3 | Select-Object -SkipIndex 1 # expect: Select-Object -SkipIndex
1..3 | Sort-Object -Top 1 # expect: Sort-Object -Top
Join-Path a b -AdditionalChildPath c # expect: Join-Path -AdditionalChildPath
Join-Path a b c # expect: Join-Path with more than two paths
Split-Path x.txt -LeafBase # expect: Split-Path -LeafBase
Test-Connection -TargetName x -TcpPort 443 # expect: Test-Connection -TargetName; Test-Connection -TcpPort
'x' | Out-File -FilePath x -Encoding utf8NoBOM # expect: Out-File -Encoding utf8NoBOM
Set-Content -Path x -Value 1 -Encoding:utf8BOM # expect: Set-Content -Encoding utf8BOM
[IO.Path]::Join('a', 'b') # expect: System.IO.Path::Join
[System.IO.Path]::GetRelativePath('a', 'b') # expect: System.IO.Path::GetRelativePath
[Convert]::ToHexString([byte[]](1, 2)) # expect: System.Convert::ToHexString
[Convert]::FromHexString('0102') # expect: System.Convert::FromHexString
'a, b'.Split(',', [StringSplitOptions]::TrimEntries) # expect: System.StringSplitOptions::TrimEntries
[Math]::Clamp(5, 1, 3) # expect: System.Math::Clamp
[DateTime]::UnixEpoch # expect: System.DateTime::UnixEpoch
[System.Text.Json.JsonSerializer]::Serialize(1) # expect: [System.Text.Json.JsonSerializer] is .NET Core only
$o = New-Object System.Text.Json.JsonSerializerOptions # expect: [System.Text.Json.JsonSerializerOptions] is .NET Core only
$http = [System.Net.Http.HttpClient]::new() # expect: Add-Type -AssemblyName System.Net.Http
'a::b'.Split('::') # expect: String.Split(string)
'abc'.Contains('B', [StringComparison]::OrdinalIgnoreCase) # expect: String.Contains(value, comparison)
'abc'.Replace('A', 'x', [StringComparison]::OrdinalIgnoreCase) # expect: String.Replace(old, new, comparison)
[DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ssZ') # expect: this computer's culture
Get-Date -Format 'yyyyMMdd-HHmmss' # expect: Get-Date -Format: a date written in this computer's culture
