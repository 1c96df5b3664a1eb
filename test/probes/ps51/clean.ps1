#requires -Version 5.1
# The 5.1 ways of doing what every-construct.ps1 does: scripts/ps51-check.mjs reports nothing here.
Set-StrictMode -Version 2
$a = if ($true) { 1 } else { 2 }
$b = $null
if ($null -eq $b) { $b = 3 }
Get-Item x; if ($?) { Get-Item y }
function Test-Blocks {
    begin { 0 }
    process { 1 }
    end { 2 }
}
$n = 10; $n = 10l; $n = 1.5d; $n = 0xFF; $n = 1kb; $n = 2.5e3; $n = 0x10L
$s = "tab`t, line`n, dollar `$x, a literal ``u{2713} and ``e"
$s = 'single quotes keep `u{2713} and `e as they are'
$e = 'e'; $s = "$e and ${e}"
1..3 | ForEach-Object { $_ }
1..3 | % { $_ }
1..3 | Select-Object -SkipLast 1
1..3 | Select-Object -Skip 1 -First 1 -Unique
1..3 | Sort-Object -Descending
$PSVersionTable.PSVersion
$IsLinux = $false
if ($IsLinux) { 1 }
function Get-Uptime { 'defined here' }
Get-Uptime
ConvertFrom-Json '{}'
ConvertTo-Json -Depth 5 -InputObject @{ a = 1 }
Get-Content x -Raw -Encoding Byte
Set-Content -Path x -Value 1 -Encoding UTF8
'x' | Out-File -FilePath x -Encoding ascii
Invoke-WebRequest -Uri https://x -UseBasicParsing -TimeoutSec 5
Start-Process -FilePath x -ArgumentList '/q' -Wait -PassThru
Get-Date -Format o
[DateTime]::UtcNow.ToString('o', [System.Globalization.CultureInfo]::InvariantCulture)
Join-Path -Path 'a' -ChildPath 'b'
Join-Path 'a' 'b'
Join-Path -Path 'a' -ChildPath 'b' -Resolve
[IO.Path]::Combine('a', 'b', 'c')
[Convert]::ToBase64String([byte[]](1, 2))
[BitConverter]::ToString([byte[]](1, 2))
'a,b'.Split(',')
'a, b'.Split(',', [StringSplitOptions]::RemoveEmptyEntries)
'abc'.Contains('b')
'abc'.Replace('a', 'x')
[Math]::Max(1, 2)
Add-Type -AssemblyName System.Net.Http
$http = New-Object System.Net.Http.HttpClient
$list = New-Object System.Collections.Generic.List[string]
Get-FileHash -Algorithm SHA256 -LiteralPath x
class Probe { [string]$Name }
$x = [ordered]@{ a = 1 }
$x = [pscustomobject]@{ a = 1 }
[DateTime]::UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [System.Globalization.CultureInfo]::InvariantCulture)
(1.5).ToString('0.0', [System.Globalization.CultureInfo]::InvariantCulture)
