# Creates C:\ExchangeUpdates\<folder> on an Exchange server, with an ACL that
# lets only SYSTEM and the Administrators group in, before the wizard copies
# an installer there. Without it a non-administrator could create the folder
# first and swap the installer after the wizard verified it.
#
# A folder that already exists is used only when Administrators or SYSTEM own
# it (then the ACL is applied again); one owned by anybody else is refused,
# with the reason, and nothing is changed.
#
# The security descriptor comes from the engine (electron/engine/transfer/
# staging-folder.ts), the one definition, tested there.
#
# With -OnThisComputer (the wizard runs on that Exchange server) the same
# block runs in this process: remoting back to this computer needs elevation
# the folder's ACL needs anyway, and gains nothing.
#
# Returns @{ path; created = @(folders made); error } with error $null or
# @{ code; message }.
#
# Valid on Windows PowerShell 5.1 and PowerShell 7.

param(
    [string]$ComputerName,
    [string]$FolderName,
    [string]$Sddl,
    # The drive chosen from the server's scanned disks (the engine checks it is one letter).
    [ValidatePattern('^[A-Za-z]$')][string]$Drive = 'C',
    [switch]$OnThisComputer,
    # "Connect as..." (a workgroup server): @{ userName; password }, signed in with Negotiate, never written anywhere.
    $Credential = $null,
    [switch]$UseSsl,
    # The engine's resources/powershell folder (the shared remoting functions).
    [Parameter(Mandatory = $true)][string]$ResourceDirectory
)

$ErrorActionPreference = 'Stop'
# Strict: it reads only its own answer table and .NET objects of known shape (the remote block
# runs in the server's session, with that session's own mode).
Set-StrictMode -Version Latest
# How the server is reached (here, or over remoting as the scan signed in): host/remoting-functions.ps1.
. ([ScriptBlock]::Create([System.IO.File]::ReadAllText([System.IO.Path]::Combine($ResourceDirectory, 'host', 'remoting-functions.ps1'))))

$block = {
    param([string]$FolderName, [string]$Sddl, [string]$Drive)
    $ErrorActionPreference = 'Stop'
    $trustedOwners = @('S-1-5-32-544', 'S-1-5-18')
    $root = $Drive + ':\ExchangeUpdates'
    $target = Join-Path $root $FolderName
    $created = @()
    foreach ($folder in @($root, $target)) {
        if (Test-Path -LiteralPath $folder) {
            $item = Get-Item -LiteralPath $folder -Force
            if (-not $item.PSIsContainer -or ($item.Attributes -band [System.IO.FileAttributes]::ReparsePoint)) {
                return @{ path = $target; created = $created; error = @{ code = 'untrusted-folder'; message = "$folder is not a plain folder (a file or a link)." } }
            }
            $owner = (Get-Acl -LiteralPath $folder).GetOwner([System.Security.Principal.SecurityIdentifier]).Value
            if ($trustedOwners -notcontains $owner) {
                return @{ path = $target; created = $created; error = @{ code = 'untrusted-folder'; message = "$folder already exists and is owned by $owner, not by Administrators or SYSTEM." } }
            }
        } else {
            New-Item -ItemType Directory -Path $folder | Out-Null
            $created += $folder
        }
        $acl = Get-Acl -LiteralPath $folder
        $acl.SetSecurityDescriptorSddlForm($Sddl)
        Set-Acl -LiteralPath $folder -AclObject $acl
    }
    return @{ path = $target; created = $created; error = $null }
}

try {
    $result = Invoke-ExwizOnServer -ComputerName $ComputerName -ScriptBlock $block -ArgumentList $FolderName, $Sddl, $Drive -OnThisComputer $OnThisComputer.IsPresent -Credential $Credential -UseSsl $UseSsl.IsPresent
    return @{ path = $result.path; created = @($result.created); error = $result.error }
} catch {
    return @{ path = $null; created = @(); error = @{ code = 'unreachable'; message = $_.Exception.Message } }
}
