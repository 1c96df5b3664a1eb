# Checks a file the wizard copied to an Exchange server ON that server: one
# Invoke-Command runs Get-FileHash there, so the server reads its own disk and
# the copied bytes do not cross the network a second time (reading them back
# through \\server\C$ would double the traffic).
#
# The path (as the server sees it, e.g. C:\ExchangeUpdates\<update>\NAME.partial),
# the expected SHA-256 and size arrive as parameters and reach the server only
# through -ArgumentList; nothing here is built into command text.
#
# Returns @{ checked; sha256; sizeBytes; matches; error }:
#  - checked = $true: the file was read; sha256 (lower case) and sizeBytes are
#    what the server read, matches says whether they are the expected ones
#    (a file of another size is not hashed: it cannot match);
#  - checked = $false: error = @{ code; message } with code
#      missing        no such file on the server,
#      not-a-file     a folder or a link stands there,
#      read-failed    the file is there but could not be read or hashed,
#      access-denied  remoting refused the account,
#      unreachable    the server did not answer over PowerShell remoting.
# Never "matches" without a hash computed from the server's own disk.
#
# Valid on Windows PowerShell 5.1 and PowerShell 7.

param(
    [Parameter(Mandatory = $true)][string]$ComputerName,
    [Parameter(Mandatory = $true)][string]$Path,
    [Parameter(Mandatory = $true)][string]$ExpectedSha256,
    [long]$ExpectedSizeBytes = -1,
    [int]$ConnectTimeoutSeconds = 30,
    # The wizard runs on that server: read the file in this process, no remoting back to itself.
    [switch]$OnThisComputer,
    # "Connect as..." (a workgroup server): @{ userName; password }, signed in with Negotiate, never written anywhere.
    $Credential = $null,
    [switch]$UseSsl,
    # The engine's resources/powershell folder (the shared remoting functions).
    [Parameter(Mandatory = $true)][string]$ResourceDirectory
)

$ErrorActionPreference = 'Stop'
# Strict mode stays off: the server's answer comes back deserialised over remoting and is checked by
# reading its properties, a missing one as $null; a property missing there must read as $null, not
# stop the script.
Set-StrictMode -Off
# How the server is reached (here, or over remoting as the scan signed in): host/remoting-functions.ps1.
. ([ScriptBlock]::Create([System.IO.File]::ReadAllText([System.IO.Path]::Combine($ResourceDirectory, 'host', 'remoting-functions.ps1'))))

function New-StagedFileAnswer {
    param([bool]$Checked, $Sha256, $SizeBytes, [bool]$IsMatch, [string]$Code, [string]$Message)
    $problem = $null
    if ($Code) { $problem = @{ code = $Code; message = $Message } }
    return @{ checked = $Checked; sha256 = $Sha256; sizeBytes = $SizeBytes; matches = $IsMatch; error = $problem }
}

$block = {
    param([string]$Path, [string]$ExpectedSha256, [long]$ExpectedSizeBytes)
    $ErrorActionPreference = 'Stop'
    # .NET calls rather than Test-Path/Get-Item: plain, and the same in every session.
    if ([System.IO.Directory]::Exists($Path)) {
        return @{ checked = $false; sha256 = $null; sizeBytes = $null; matches = $false; error = @{ code = 'not-a-file'; message = "$Path is a folder, not the copied file." } }
    }
    if (-not [System.IO.File]::Exists($Path)) {
        return @{ checked = $false; sha256 = $null; sizeBytes = $null; matches = $false; error = @{ code = 'missing'; message = "There is no file $Path." } }
    }
    try {
        $info = New-Object System.IO.FileInfo $Path
        if ($info.Attributes -band [System.IO.FileAttributes]::ReparsePoint) {
            return @{ checked = $false; sha256 = $null; sizeBytes = $null; matches = $false; error = @{ code = 'not-a-file'; message = "$Path is a link, not the copied file." } }
        }
        $size = [long]$info.Length
        if ($ExpectedSizeBytes -ge 0 -and $size -ne $ExpectedSizeBytes) {
            return @{ checked = $true; sha256 = $null; sizeBytes = $size; matches = $false; error = $null }
        }
        if (Get-Command -Name 'Get-FileHash' -CommandType Cmdlet -ErrorAction SilentlyContinue) {
            $sha256 = ([string](Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash).ToLowerInvariant()
        } else {
            # PowerShell 3.0 (Windows Server 2012 without WMF 4 or later) has no Get-FileHash: .NET's SHA-256 gives the same hash.
            $stream = [System.IO.File]::OpenRead($Path)
            try { $bytes = [System.Security.Cryptography.SHA256]::Create().ComputeHash($stream) } finally { $stream.Dispose() }
            $sha256 = ([System.BitConverter]::ToString($bytes) -replace '-', '').ToLowerInvariant()
        }
        return @{ checked = $true; sha256 = $sha256; sizeBytes = $size; matches = ($sha256 -eq $ExpectedSha256.Trim().ToLowerInvariant()); error = $null }
    } catch {
        return @{ checked = $false; sha256 = $null; sizeBytes = $null; matches = $false; error = @{ code = 'read-failed'; message = "$Path could not be read: $($_.Exception.Message)" } }
    }
}

try {
    $answer = Invoke-ExwizOnServer -ComputerName $ComputerName -ScriptBlock $block -ArgumentList $Path, $ExpectedSha256, $ExpectedSizeBytes -OnThisComputer $OnThisComputer.IsPresent -Credential $Credential -UseSsl $UseSsl.IsPresent -ConnectTimeoutSeconds $ConnectTimeoutSeconds
} catch {
    return New-StagedFileAnswer -Checked $false -Sha256 $null -SizeBytes $null -IsMatch $false -Code (Get-ExwizRemotingFailureCode $_) -Message $_.Exception.Message
}

# One answer, as a plain table (a remote answer comes back deserialised).
$answer = @($answer) | Select-Object -Last 1
if ($null -eq $answer -or $null -eq $answer.checked) {
    return New-StagedFileAnswer -Checked $false -Sha256 $null -SizeBytes $null -IsMatch $false -Code 'read-failed' -Message "$ComputerName gave no answer about $Path."
}
$problem = $answer.error
$code = $null
$message = $null
if ($null -ne $problem) {
    $code = [string]$problem.code
    $message = [string]$problem.message
}
$size = $null
if ($null -ne $answer.sizeBytes) { $size = [long]$answer.sizeBytes }
$hash = $null
if ($answer.sha256) { $hash = [string]$answer.sha256 }
return New-StagedFileAnswer -Checked ([bool]$answer.checked) -Sha256 $hash -SizeBytes $size -IsMatch ([bool]$answer.matches) -Code $code -Message $message
