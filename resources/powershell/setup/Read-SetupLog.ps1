# Reads C:\ExchangeSetupLogs\ExchangeSetup.log ON an Exchange server, read-only: one
# Invoke-Command opens it there shared for reading and writing (Setup may still be writing it),
# so nothing on the server changes and the admin needs no file share.
#
#   -Mode Full  returns the file's bytes (base64): the engine decodes and diagnoses them.
#   -Mode Tail  returns the start line of the last Setup run and the last lines: where a run
#               under way is, without sending a 3 MB log every few seconds.
#
# The server name arrives as a parameter and reaches remoting only as -ComputerName; the path is
# fixed here. With -OnThisComputer (the wizard runs on that Exchange server) the block runs in this
# process; -Credential/-UseSsl are "Connect as..." (host/remoting-functions.ps1). With -LabDirectory the fake Exchange module is imported (lab/ExwizLab.psm1), whose
# Invoke-Command runs the block here and maps the path to the lab's capture
# (ExchangeSetupLogs/ExchangeSetup.log in the server folder).
#
# Returns @{ found; sizeBytes; lastWriteTime; content; startLine; startLineNumber; lineCount;
# tail; error }, error = @{ code; message } with code missing, read-failed, access-denied or
# unreachable.
#
# Valid on Windows PowerShell 5.1 and PowerShell 7.

param(
    [Parameter(Mandatory = $true)][string]$ComputerName,
    [ValidateSet('Full', 'Tail')][string]$Mode = 'Full',
    [ValidateRange(1, 500)][int]$TailLines = 60,
    [Parameter(Mandatory = $true)][string]$ResourceDirectory,
    [string]$LabDirectory,
    $LabConfiguration = $null,
    [int]$ConnectTimeoutSeconds = 30,
    [switch]$OnThisComputer,
    # "Connect as..." (a workgroup server): @{ userName; password }, signed in with Negotiate, never written anywhere.
    $Credential = $null,
    [switch]$UseSsl
)

$ErrorActionPreference = 'Stop'
# Strict mode stays off: the answer of the server comes back deserialised over remoting, its shape
# not known beforehand; a property missing there must read as $null, not stop the script.
Set-StrictMode -Off
# How the server is reached (here, or over remoting as the scan signed in): host/remoting-functions.ps1.
. ([ScriptBlock]::Create([System.IO.File]::ReadAllText([System.IO.Path]::Combine($ResourceDirectory, 'host', 'remoting-functions.ps1'))))

if ($LabDirectory) {
    $labModule = [System.IO.Path]::Combine($ResourceDirectory, 'lab', 'ExwizLab.psm1')
    Import-Module -Name $labModule -Scope Local -Force -DisableNameChecking -ArgumentList $LabDirectory, $LabConfiguration
}

function New-SetupLogAnswer {
    param([string]$Code, [string]$Message)
    return @{ found = $false; sizeBytes = $null; lastWriteTime = $null; content = $null; startLine = $null; startLineNumber = $null; lineCount = $null; tail = $null; error = @{ code = $Code; message = $Message } }
}

$block = {
    param([string]$Path, [string]$Mode, [int]$TailLines)
    $ErrorActionPreference = 'Stop'
    if (-not (Test-Path -LiteralPath $Path)) {
        return @{ found = $false; error = @{ code = 'missing'; message = "There is no $Path on this server: Setup has never run here, or the log was moved." } }
    }
    try {
        $item = Get-Item -LiteralPath $Path
        # Shared for writing: Setup keeps the log open while it runs.
        $share = [System.IO.FileShare]::ReadWrite -bor [System.IO.FileShare]::Delete
        $stream = New-Object System.IO.FileStream -ArgumentList $item.FullName, ([System.IO.FileMode]::Open), ([System.IO.FileAccess]::Read), $share
        try {
            $length = [int]$stream.Length
            $bytes = New-Object byte[] $length
            $read = 0
            while ($read -lt $length) {
                $n = $stream.Read($bytes, $read, $length - $read)
                if ($n -le 0) { break }
                $read += $n
            }
        } finally {
            $stream.Dispose()
        }
        $answer = @{ found = $true; sizeBytes = $read; lastWriteTime = $item.LastWriteTimeUtc.ToString('o'); content = $null; startLine = $null; startLineNumber = $null; lineCount = $null; tail = $null; error = $null }
        if ($Mode -eq 'Full') {
            $answer.content = [System.Convert]::ToBase64String($bytes, 0, $read)
            return $answer
        }
        $memory = New-Object System.IO.MemoryStream -ArgumentList (, $bytes)
        $reader = New-Object System.IO.StreamReader -ArgumentList $memory, ([System.Text.Encoding]::UTF8), $true
        $lines = New-Object System.Collections.Generic.List[string]
        while ($null -ne ($line = $reader.ReadLine())) { $lines.Add($line) }
        $reader.Dispose()
        for ($i = $lines.Count - 1; $i -ge 0; $i--) {
            if ($lines[$i] -match 'Starting Microsoft Exchange Server (\d{4}|Subscription Edition) Setup') {
                $answer.startLine = $lines[$i]
                $answer.startLineNumber = $i + 1
                break
            }
        }
        $first = [Math]::Max(0, $lines.Count - $TailLines)
        $answer.tail = @($lines.GetRange($first, $lines.Count - $first))
        $answer.lineCount = $lines.Count
        return $answer
    } catch {
        return @{ found = $false; error = @{ code = 'read-failed'; message = "$Path could not be read: $($_.Exception.Message)" } }
    }
}

try {
    $answer = Invoke-ExwizOnServer -ComputerName $ComputerName -ScriptBlock $block -ArgumentList 'C:\ExchangeSetupLogs\ExchangeSetup.log', $Mode, $TailLines -OnThisComputer $OnThisComputer.IsPresent -Credential $Credential -UseSsl $UseSsl.IsPresent -ConnectTimeoutSeconds $ConnectTimeoutSeconds
} catch {
    return New-SetupLogAnswer -Code (Get-ExwizRemotingFailureCode $_) -Message $_.Exception.Message
}

# One answer, as a plain table (a remote answer comes back deserialised).
$answer = @($answer) | Select-Object -Last 1
if ($null -eq $answer -or $null -eq $answer.found) {
    return New-SetupLogAnswer -Code 'read-failed' -Message "$ComputerName gave no answer about its Setup log."
}
if (-not $answer.found) {
    return New-SetupLogAnswer -Code ([string]$answer.error.code) -Message ([string]$answer.error.message)
}
$tail = $null
if ($null -ne $answer.tail) { $tail = @($answer.tail | ForEach-Object { [string]$_ }) }
return @{
    found           = $true
    sizeBytes       = [long]$answer.sizeBytes
    lastWriteTime   = [string]$answer.lastWriteTime
    content         = $answer.content
    startLine       = $answer.startLine
    startLineNumber = $answer.startLineNumber
    lineCount       = $answer.lineCount
    tail            = $tail
    error           = $null
}
